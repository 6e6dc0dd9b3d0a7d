"""Rich text in, safe HTML out (nh3), and HTML to plain text for screening and search."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption",
    "a", "span", "hr", "pre", "code",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}


def clean_html(value: str) -> str:
    """Keep structure and links; drop scripts, styles, event handlers and unknown tags."""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|br|h[1-6]|li|tr|td|th|div|blockquote|hr)[^>]*>", re.I)


def html_to_text(value: str) -> str:
    """Plain text of sanitised HTML, block elements becoming line breaks."""
    text = _BLOCK.sub("\n", value or "")
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def text_to_html(text: str) -> str:
    """Paragraphs of plain text as HTML paragraphs."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paras)
