"""The search page's long repeated lists, built in Python: the filter options (61 on the demo
catalogue), the facet links and the results cost about 1.5 ms per search through template loops."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@functools.lru_cache(maxsize=32)
def _options(options: tuple[tuple[str, str], ...]) -> str:
    """`<option>` elements of (value, label) pairs, built once per list of options."""
    return format_html_join("", '<option value="{}">{}</option>', options)


@register.simple_tag
def select_options(options, selected="") -> SafeString:
    """The options of a <select>, the one whose value is `selected` marked as selected."""
    html = _options(tuple(options))
    if selected:
        opening = f'<option value="{escape(selected)}">'
        html = html.replace(opening, opening[:-1] + " selected>", 1)
    return mark_safe(html)


@register.simple_tag
def facet_items(links) -> SafeString:
    """`<li>` links of one facet: (label, url, selected, count text)."""
    return format_html_join(
        "",
        '<li><a href="{}"{}>{}</a> <span class="count">（{}）</span></li>',
        (
            (url, mark_safe(' aria-current="true" class="selected"') if selected else "", label, count)
            for label, url, selected, count in links
        ),
    )


@register.simple_tag
def search_hits(hits) -> SafeString:
    """The `<li>` of each result: title link, snippet and the item's index number, document
    number, agency, column and date (title_html and snippet are already escaped and marked)."""
    out = []
    for hit in hits:
        meta = [("索引号", hit.index_number)]
        if hit.document_number:
            meta.append(("文号", hit.document_number))
        meta.append(("发布机构", hit.agency))
        if hit.column:
            meta.append(("栏目", hit.column))
        day = hit.published_on
        out.append(
            format_html(
                '<li class="search-hit">\n'
                '<h3 class="search-hit-title"><a href="{}">{}</a></h3>\n'
                "{}"
                '<dl class="search-hit-meta">{}'
                '<div><dt>发布日期</dt><dd><time datetime="{}">{}</time></dd></div></dl>\n'
                "</li>\n",
                hit.url,
                hit.title_html,
                format_html('<p class="search-snippet">{}</p>\n', hit.snippet) if hit.snippet else "",
                format_html_join("", "<div><dt>{}</dt><dd>{}</dd></div>", meta),
                day,
                day,
            )
        )
    return mark_safe("".join(out))
