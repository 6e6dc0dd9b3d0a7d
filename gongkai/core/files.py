"""Uploaded files: recognise the type from content, name safely, extract text for screening and search."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import secrets
import unicodedata
import zipfile
from enum import Enum

logger = logging.getLogger(__name__)

DISPLAY_NAME_MAX = 120
# [Content_Types].xml is a few KB; refuse to inflate anything absurd while sniffing.
_CONTENT_TYPES_MAX = 1024 * 1024

_PDF_MAGIC = b"%PDF-"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_ZIP_MAGIC = b"PK\x03\x04"

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


class FileKind(str, Enum):
    """A file type the platform accepts, decided from content."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PNG = "png"
    JPEG = "jpeg"

    @property
    def label(self) -> str:
        """Chinese name shown to users."""
        return _META[self][0]

    @property
    def extension(self) -> str:
        """Canonical extension without the dot."""
        return _META[self][1]

    @property
    def mime(self) -> str:
        """MIME type to serve the file with."""
        return _META[self][2]


_META: dict[FileKind, tuple[str, str, str]] = {
    FileKind.PDF: ("PDF文档", "pdf", "application/pdf"),
    FileKind.DOCX: (
        "Word文档",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    FileKind.XLSX: ("Excel表格", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    FileKind.PNG: ("PNG图片", "png", "image/png"),
    FileKind.JPEG: ("JPEG图片", "jpg", "image/jpeg"),
}


def sniff(data: bytes) -> FileKind | None:
    """Return the file's kind judged by its content only, or None if not an accepted type.

    Markup is never accepted: HTML, XHTML, SVG and other XML (they can carry scripts a browser runs),
    nor a PDF or image whose first bytes also read as such markup (a polyglot aimed at content sniffing).
    """
    if data.startswith(_PDF_MAGIC):
        kind = FileKind.PDF
    elif data.startswith(_PNG_MAGIC):
        kind = FileKind.PNG
    elif data.startswith(_JPEG_MAGIC):
        kind = FileKind.JPEG
    elif data.startswith(_ZIP_MAGIC):
        return _sniff_office(data)
    else:
        return None
    return None if active_content(data[:_SNIFF_WINDOW]) else kind


# Browsers decide on the first bytes; look at a little more than they do.
_SNIFF_WINDOW = 4096
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Elements and attributes that make markup active: scripts, event handlers, embedded documents.
_ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|iframe|frame|object|embed|applet|foreignobject|handler|meta\s[^>]*http-equiv)\b"
    rb"|\son[a-z]+\s*="
    rb"|(?:java|vb)script\s*:"
    rb"|<\s*(?:!doctype\s+html|html|body|head|svg|xsl:stylesheet)\b"
    rb"|xmlns\s*=\s*[\"']http://www\.w3\.org/(?:1999/xhtml|2000/svg)",
    re.IGNORECASE,
)
_MARKUP_START = re.compile(rb"\s*<\s*(?:\?xml|!doctype|!--|[a-z])", re.IGNORECASE)


def active_content(data: bytes) -> str | None:
    """Why these bytes could run in a browser (HTML, XHTML, SVG, XML, scripts, event handlers), or None.

    Text is looked at in UTF-8 and in UTF-16 (a byte-order mark or NUL-padded ASCII)."""
    for text in _decodings(data):
        if _MARKUP_START.match(text):
            return "网页或XML/SVG文件"
        found = _ACTIVE_MARKUP.search(text)
        if found:
            return f"可执行的网页内容（{found.group(0).decode('ascii', 'replace').strip()[:30]}）"
    return None


def _decodings(data: bytes) -> list[bytes]:
    """The bytes, and their UTF-16 forms narrowed to ASCII bytes (so the patterns above see them)."""
    variants = [data]
    for bom in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            variants = [data]
    if data[:1] == b"\x00" or data[1:2] == b"\x00":  # UTF-16 without a mark: every other byte NUL
        variants.append(data[1::2] if data[:1] == b"\x00" else data[::2])
        variants.append(data[::2] if data[:1] == b"\x00" else data[1::2])
    return variants


def _sniff_office(data: bytes) -> FileKind | None:
    """Tell DOCX from XLSX from any other zip; macro-enabled or corrupt packages are refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            info = package.getinfo("[Content_Types].xml") if "[Content_Types].xml" in names else None
            if info is None or info.file_size > _CONTENT_TYPES_MAX:
                return None
            content_types = package.read(info).decode("utf-8", errors="replace")
    except Exception:  # a broken or hostile archive can raise almost anything
        return None
    if "macroEnabled" in content_types or any(name.lower().endswith("vbaproject.bin") for name in names):
        return None
    if "word/document.xml" in names or _DOCX_MAIN in content_types:
        return FileKind.DOCX
    if "xl/workbook.xml" in names or _XLSX_MAIN in content_types:
        return FileKind.XLSX
    return None


def safe_stored_name(original: str, kind: FileKind) -> str:
    """Return a random storage name with the kind's extension; the original name is never used."""
    return f"{secrets.token_hex(16)}.{kind.extension}"


_WHITESPACE = re.compile(r"\s+")


def display_name(original: str) -> str:
    """Return the uploaded name cleaned for display: no folders, no control characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", original or "")
    name = re.split(r"[/\\]", name)[-1]
    # Cc: control characters; Cf: invisible formatting such as the right-to-left override used to fake extensions.
    name = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in name)
    name = _WHITESPACE.sub(" ", name).strip().strip(".").strip()
    if not name:
        return "未命名文件"
    if len(name) <= DISPLAY_NAME_MAX:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 0 < len(ext) <= 16:
        return stem[: DISPLAY_NAME_MAX - len(ext) - 1].rstrip() + "." + ext
    return name[:DISPLAY_NAME_MAX].rstrip()


def extract_text(data: bytes, kind: FileKind) -> str:
    """Return the file's text (images give ""); corrupt input gives "" and a logged warning."""
    extractor = _EXTRACTORS.get(kind)
    if extractor is None:
        return ""
    try:
        return extractor(data)
    except Exception as exc:  # parsers raise many types on bad input; uploads must not crash the request
        logger.warning("Text extraction failed for %s file (%d bytes): %s: %s", kind.value, len(data), type(exc).__name__, exc)
        return ""


def _pdf_text(data: bytes) -> str:
    """Text of every page; a page that fails is skipped, not the whole file."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    pages: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(page.extract_text() or "")
        except Exception as exc:
            logger.warning("Text extraction failed for PDF page %d: %s: %s", number, type(exc).__name__, exc)
    return "\n".join(pages)


def _docx_text(data: bytes) -> str:
    """Body paragraphs and tables in order, text boxes, then every header and footer."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    _docx_blocks(document, lines)
    lines.extend(_docx_textboxes(document.element.body))
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            # A linked header repeats the previous section's; reading it would also create an empty definition.
            if not part.is_linked_to_previous:
                _docx_blocks(part, lines)
                lines.extend(_docx_textboxes(part._element))
    return "\n".join(line for line in lines if line)


def _docx_blocks(container, lines: list[str]) -> None:
    """Append paragraphs and (nested) table cells of a document, header, footer or cell."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            # Merged cells come back once per grid column they span. The set holds the elements
            # themselves: lxml proxies that are not kept alive can reuse an id().
            seen: set[object] = set()
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    _docx_blocks(cell, lines)
        else:
            lines.append(block.text)


def _docx_textboxes(element) -> list[str]:
    """Paragraph texts inside text boxes (python-docx does not expose them)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    mc_fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    texts: list[str] = []
    for box in element.iter(f"{w}txbxContent"):
        ancestors = list(box.iterancestors())
        # Fallback repeats the Choice content for old readers; a nested box is covered by its outer box.
        if any(a.tag == mc_fallback or a.tag == f"{w}txbxContent" for a in ancestors):
            continue
        for paragraph in box.iter(f"{w}p"):
            texts.append("".join(t.text or "" for t in paragraph.iter(f"{w}t")))
    return texts


def _xlsx_text(data: bytes) -> str:
    """Every sheet's cell values, tab-separated within a row, one row per line."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines: list[str] = []
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue
            lines.append(str(sheet.title))
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell_text(value) for value in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    lines.append("\t".join(cells))
        return "\n".join(lines)
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell value as text; whole floats lose their ".0" so numbers read as typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value)


_EXTRACTORS = {
    FileKind.PDF: _pdf_text,
    FileKind.DOCX: _docx_text,
    FileKind.XLSX: _xlsx_text,
}


def human_size(n: int) -> str:
    """Return a byte count for people, e.g. "512 B", "12.3 KB", "1.5 MB"."""
    n = max(int(n), 0)
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if round(value, 1) < 1024 or unit == "TB":
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")
