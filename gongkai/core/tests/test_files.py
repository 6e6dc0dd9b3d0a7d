import datetime as dt
import io
import logging
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from gongkai.core.files import (
    FileKind,
    display_name,
    extract_text,
    human_size,
    safe_stored_name,
    sniff,
)
from gongkai.core.screening import scan_text
from gongkai.core.tests.screening_corpus import id_with_x, make_card, make_id, make_mobile



RNG = random.Random(20260601)
ID_A = make_id("370704", dt.date(1985, 3, 17), 42)
ID_B = id_with_x("110105", dt.date(1970, 10, 1))
ID_C = make_id("440305", dt.date(2001, 2, 28), 9)
MOBILE_A = make_mobile(RNG)
MOBILE_B = make_mobile(RNG)
CARD_A = make_card("622202", 19, RNG)
CARD_B = make_card("6217", 16, RNG)
EMAIL = "li.si@example.gov.cn"


# --- builders -------------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF, one Helvetica text line per string, with a correct xref table."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for page_id, lines in zip(page_ids, pages, strict=True):
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {page_id + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_docx() -> bytes:
    """A Word file with personal data in a paragraph, a table cell, a nested table, the header and the footer."""
    document = docx.Document()
    document.add_heading("关于发放2026年度救助资金的通知", level=1)
    document.add_paragraph(f"申请人张某，身份证号码{ID_A}，联系电话{MOBILE_A}。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "姓名", "身份证号", "银行卡号"
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "李某", ID_B, CARD_A
    nested = table.cell(1, 0).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = f"备用卡{CARD_B}"
    document.add_paragraph("本件属内部资料。")
    section = document.sections[0]
    section.header.paragraphs[0].text = f"联系邮箱{EMAIL}"
    section.footer.paragraphs[0].text = f"经办人手机{MOBILE_B}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    """A workbook over two sheets; the mobile is stored as a number, IDs as text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "救助名单"
    sheet.append(["序号", "姓名", "身份证号", "手机", "银行卡"])
    sheet.append([1, "王某", ID_C, int(MOBILE_A), CARD_B])
    sheet.append([2, "赵某", ID_B.lower(), None, None])
    other = workbook.create_sheet("联系人")
    other["C5"] = EMAIL
    other["A1"] = 12.5
    other["B2"] = dt.datetime(2026, 6, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20) + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(100)
HTML = b"<!DOCTYPE html><html><body>%PDF-1.4 <script>alert(1)</script></body></html>"
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


# --- sniff ----------------------------------------------------------------------------------------


def test_sniff_recognises_each_accepted_kind():
    assert sniff(make_pdf([["hello"]])) is FileKind.PDF
    assert sniff(make_docx()) is FileKind.DOCX
    assert sniff(make_xlsx()) is FileKind.XLSX
    assert sniff(PNG) is FileKind.PNG
    assert sniff(JPEG) is FileKind.JPEG


@pytest.mark.parametrize(
    "data",
    [
        EXE,
        HTML,
        OLE_DOC,
        b"",
        "纯文本文件".encode(),
        make_zip({"readme.txt": b"hello"}),
        make_zip({"[Content_Types].xml": b"<Types/>", "content.xml": b"<x/>"}),  # neither Word nor Excel
        make_zip({"word/document.xml": b"<w:document/>"}),  # no content types: not an OOXML package
        b"PK\x03\x04" + bytes(60),  # corrupt zip
        make_docx()[:400],  # truncated
        b" %PDF-1.4",  # magic not at the start
    ],
    ids=["exe", "html", "doc", "empty", "text", "zip", "odf-like", "no-content-types", "corrupt-zip", "truncated", "offset"],
)
def test_sniff_rejects_everything_else(data):
    assert sniff(data) is None


def test_sniff_rejects_macro_enabled_office_files():
    docm = zipfile.ZipFile(io.BytesIO(make_docx()))
    members = {name: docm.read(name) for name in docm.namelist()}
    members["word/vbaProject.bin"] = b"\x00" * 32
    assert sniff(make_zip(members)) is None


def test_a_pdf_renamed_docx_is_still_a_pdf_and_stored_as_pdf():
    data = make_pdf([["hello"]])
    kind = sniff(data)
    assert kind is FileKind.PDF
    stored = safe_stored_name("通知.docx", kind)
    assert stored.endswith(".pdf") and "docx" not in stored and "通知" not in stored
    assert display_name("通知.docx") == "通知.docx"


def test_kinds_have_chinese_labels_extensions_and_mime_types():
    assert [(k.label, k.extension, k.mime) for k in FileKind] == [
        ("PDF文档", "pdf", "application/pdf"),
        ("Word文档", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("Excel表格", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("PNG图片", "png", "image/png"),
        ("JPEG图片", "jpg", "image/jpeg"),
    ]
    assert FileKind("pdf") is FileKind.PDF and FileKind.PDF == "pdf"


# --- names ----------------------------------------------------------------------------------------


def test_stored_names_are_random_hex_with_the_canonical_extension():
    names = {safe_stored_name("../../etc/passwd\x00.pdf", FileKind.PDF) for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(r"[0-9a-f]{32}\.pdf", n) for n in names)
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", safe_stored_name("photo.JPEG", FileKind.JPEG))


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("C:\\Users\\张三\\Desktop\\关于公布名单的通知.docx", "关于公布名单的通知.docx"),
        ("../../etc/passwd", "passwd"),
        ("报告\r\n\t第一稿.pdf", "报告 第一稿.pdf"),
        ("invoice\u202efdp.exe", "invoice fdp.exe"),  # right-to-left override removed
        ("  附件  1 .xlsx  ", "附件 1 .xlsx"),
        ("", "未命名文件"),
        ("/tmp/", "未命名文件"),
        ("..", "未命名文件"),
    ],
)
def test_display_name_is_cleaned(original, shown):
    assert display_name(original) == shown


def test_display_name_is_limited_to_120_characters_keeping_the_extension():
    shown = display_name("关于" + "很长" * 200 + "的通知.docx")
    assert len(shown) == 120 and shown.endswith("的通知.docx"[-5:]) and shown.startswith("关于很长")
    assert len(display_name("x" * 500)) == 120


# --- extract_text ---------------------------------------------------------------------------------


def test_pdf_text_comes_from_every_page():
    data = make_pdf([[f"ID {ID_A}", f"Mobile: {MOBILE_A}"], [f"Card {CARD_B[:4]} {CARD_B[4:8]} {CARD_B[8:12]} {CARD_B[12:]}"], [f"Mail {EMAIL}"]])
    text = extract_text(data, FileKind.PDF)
    for expected in (ID_A, MOBILE_A, CARD_B[:4], EMAIL):
        assert expected in text


def test_docx_text_includes_paragraphs_tables_nested_tables_headers_and_footers():
    text = extract_text(make_docx(), FileKind.DOCX)
    for expected in (ID_A, MOBILE_A, ID_B, CARD_A, CARD_B, EMAIL, MOBILE_B, "内部资料", "银行卡号"):
        assert expected in text


def test_docx_merged_cells_are_read_once_and_text_boxes_are_read():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = f"合并单元格{ID_A}"
    paragraph = document.add_paragraph("正文")
    box = f"<w:txbxContent><w:p><w:r><w:t>文本框手机{MOBILE_B}</w:t></w:r></w:p></w:txbxContent>"
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f'<mc:AlternateContent><mc:Choice Requires="wps">{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback>'
            "</mc:AlternateContent></w:r>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text(buffer.getvalue(), FileKind.DOCX)
    assert text.count(ID_A) == 1
    assert text.count(MOBILE_B) == 1  # the Fallback copy is not read twice


def test_xlsx_text_includes_every_sheet_and_formats_numbers_as_typed():
    text = extract_text(make_xlsx(), FileKind.XLSX)
    lines = text.splitlines()
    assert "救助名单" in lines and "联系人" in lines
    assert f"1\t王某\t{ID_C}\t{MOBILE_A}\t{CARD_B}" in lines
    assert f"2\t赵某\t{ID_B.lower()}" in lines
    assert EMAIL in text and "12.5" in text and "2026-06-01" in text
    assert f"{MOBILE_A}.0" not in text


def test_images_have_no_text():
    assert extract_text(PNG, FileKind.PNG) == ""
    assert extract_text(JPEG, FileKind.JPEG) == ""


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4\ngarbage", FileKind.PDF),
        (make_pdf([["hello"]])[:60], FileKind.PDF),
        (b"PK\x03\x04junk", FileKind.DOCX),
        (make_docx()[:2000], FileKind.DOCX),
        (make_zip({"[Content_Types].xml": b"<Types/>"}), FileKind.DOCX),
        (make_xlsx()[:2000], FileKind.XLSX),
        (EXE, FileKind.XLSX),
    ],
    ids=["pdf-garbage", "pdf-truncated", "docx-junk", "docx-truncated", "docx-empty-package", "xlsx-truncated", "xlsx-exe"],
)
def test_corrupt_input_gives_empty_text_and_a_warning(data, kind, caplog):
    with caplog.at_level(logging.WARNING, logger="gongkai.core.files"):
        assert extract_text(data, kind) == ""
    assert any(r.name == "gongkai.core.files" and r.levelno == logging.WARNING for r in caplog.records)


# --- extraction feeds screening -------------------------------------------------------------------


def kinds_found(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for hit in scan_text(text, source="附件"):
        value = text[hit.start : hit.end]
        if hit.kind in ("id_card", "mobile", "bank_card"):
            value = re.sub(r"\D", "", value)
        found.setdefault(hit.kind, []).append(value)
    return found


def test_personal_data_in_a_docx_is_caught():
    found = kinds_found(extract_text(make_docx(), FileKind.DOCX))
    assert sorted(found["id_card"]) == sorted([ID_A, ID_B[:17]])  # \D strips the X
    assert sorted(found["mobile"]) == sorted([MOBILE_A, MOBILE_B])
    assert sorted(found["bank_card"]) == sorted([CARD_A, CARD_B])
    assert found["email"] == [EMAIL]
    assert found["secrecy_mark"] == ["内部资料"]


def test_personal_data_in_an_xlsx_is_caught():
    found = kinds_found(extract_text(make_xlsx(), FileKind.XLSX))
    assert sorted(found["id_card"]) == sorted([ID_C, ID_B[:17]])
    assert found["mobile"] == [MOBILE_A]
    assert found["bank_card"] == [CARD_B]
    assert found["email"] == [EMAIL]


def test_personal_data_in_a_pdf_is_caught():
    grouped = " ".join(CARD_B[i : i + 4] for i in range(0, 16, 4))
    data = make_pdf([[f"Applicant ID: {ID_A}", f"Tel {MOBILE_A}"], [f"Card {grouped}", f"Mail: {EMAIL}", "Ref 0536-7601234"]])
    found = kinds_found(extract_text(data, FileKind.PDF))
    assert found == {"id_card": [ID_A], "mobile": [MOBILE_A], "bank_card": [CARD_B], "email": [EMAIL]}


# --- sizes and imports ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, "0 B"), (512, "512 B"), (1023, "1023 B"), (1024, "1.0 KB"), (12_595, "12.3 KB"), (1_572_864, "1.5 MB"),
     (1_048_575, "1.0 MB"), (5 * 1024**3, "5.0 GB"), (-1, "0 B")],
)
def test_human_size(n, shown):
    assert human_size(n) == shown


def test_modules_import_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import sys, gongkai.core.files, gongkai.core.screening; assert 'django' not in sys.modules"
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)
