"""Highlighted titles and snippets: the text is escaped first, then the matched words are wrapped in <mark>."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import folded_for

SNIPPET_CHARS = 120
_LEAD = 24  # characters shown before the first marked word


def _spans(folded: str, terms: list[str]) -> list[tuple[int, int]]:
    """Merged [start, end) spans of every occurrence of every term (terms are folded)."""
    spans = []
    for term in terms:
        if not term:
            continue
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, terms: list[str]) -> SafeString:
    """All of `text`, escaped, with every occurrence of the terms marked."""
    return mark_safe(_render(text, _spans(folded_for(terms)(text), terms), 0, len(text)))


def snippet(texts: list[str], terms: list[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """A window of about `length` characters around the densest group of matched words.

    The first text with a match is used (body, then attachments, then metadata); with no match
    anywhere, the beginning of the first non-empty text.
    """
    prepare = folded_for(terms)
    for text in texts:
        if not text:
            continue
        text = " ".join(text.split())  # line breaks and runs of spaces read as one space in a snippet
        spans = _spans(prepare(text), terms)
        if not spans:
            continue
        start = _best_start(spans, length)
        start = max(0, start - _LEAD)
        end = min(len(text), start + length)
        start = max(0, min(start, end - length))
        html = _render(text, spans, start, end)
        return mark_safe(("…" if start > 0 else "") + html + ("…" if end < len(text) else ""))
    for text in texts:
        if text:
            text = " ".join(text.split())
            return mark_safe(escape(text[:length]) + ("…" if len(text) > length else ""))
    return mark_safe("")


def _best_start(spans: list[tuple[int, int]], length: int) -> int:
    """Start of the span whose window holds the most marked characters (the earliest on ties)."""
    best, best_score = spans[0][0], -1
    j = covered = 0  # the window holds spans[i:j]
    for i, (s, _e) in enumerate(spans):
        if j <= i:
            j, covered = i, 0
        elif i > 0:
            covered -= spans[i - 1][1] - spans[i - 1][0]
        while j < len(spans) and spans[j][1] <= s + length:
            covered += spans[j][1] - spans[j][0]
            j += 1
        if covered > best_score:
            best, best_score = s, covered
    return best
