"""Finds executable markup that came from input in an HTML page: the stored-XSS oracle of the fuzz tests.

The page is parsed (lxml's HTML parser, as lenient as a browser); then a <script> element, an on*
event-handler attribute, or a javascript:/vbscript:/data:text/html URL in a link-like attribute
counts as "from input" when it carries the MARKER planted in every payload (the site's own scripts
and attributes never do). Escaped payloads are text, so they never show up as elements or attributes.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from .fuzz_world import MARKER

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc")
DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


def executable_from_input(page: str, *, marker: str = MARKER) -> list[str]:
    """Every executable element or attribute of the page that carries the marker, described for the failure message."""
    if not page.strip():
        return []
    tree = lxml_html.fromstring(page)
    found = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in ("script", "iframe", "object", "embed") and marker in (lxml_html.tostring(element, encoding="unicode")):
            found.append(f"<{tag}> element: {lxml_html.tostring(element, encoding='unicode')[:120]}")
        for name, value in element.attrib.items():
            lowered = name.lower().split(":")[-1]
            if lowered.startswith("on") and marker in value:
                found.append(f"{name} attribute on <{tag}>: {value[:120]}")
            elif lowered in URL_ATTRIBUTES and DANGEROUS_URL.match(value or "") and marker in value:
                found.append(f"{name} URL on <{tag}>: {value[:120]}")
    return found
