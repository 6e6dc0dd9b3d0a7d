"""The search page's lists built in Python (filter options, facet links, link queries): the same
HTML the template loops gave, escaped, with the visitor's choices marked."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.search.forms import QueryStrings, query_string
from gongkai.search.selectors import SearchParams
from gongkai.search.templatetags.search_html import facet_items, select_options
from gongkai.web.nav import nav_items


def test_options_are_escaped_and_only_the_chosen_one_is_selected():
    options = [("a", "甲"), ("b&c", "<乙>"), ('d"e', "丙")]

    assert select_options(options) == (
        '<option value="a">甲</option><option value="b&amp;c">&lt;乙&gt;</option>'
        '<option value="d&quot;e">丙</option>'
    )
    assert select_options(options, "b&c").count(" selected") == 1
    assert '<option value="b&amp;c" selected>&lt;乙&gt;</option>' in select_options(options, "b&c")
    assert '<option value="d&quot;e" selected>' in select_options(options, 'd"e')
    # the built list is shared: a selection never sticks to it
    assert " selected" not in select_options(options)
    assert " selected" not in select_options(options, "unknown")


def test_a_new_list_of_options_is_built_anew():
    first = [("a", "甲")]
    assert "甲" in select_options(first)
    second = [("a", "乙")]
    assert "乙" in select_options(second) and "甲" not in select_options(second)


def test_facet_links_are_escaped_and_the_chosen_one_is_current():
    html = facet_items([("<规划>", "?q=a&column=x", True, "约12"), ("计划", "?q=a", False, "3")])

    assert html == (
        '<li><a href="?q=a&amp;column=x" aria-current="true" class="selected">&lt;规划&gt;</a>'
        ' <span class="count">（约12）</span></li>'
        '<li><a href="?q=a">计划</a> <span class="count">（3）</span></li>'
    )


@given(
    q=st.text(max_size=12),
    column=st.sampled_from(["", "plans", "a b"]),
    year=st.one_of(st.none(), st.integers(1949, 2100)),
    sort=st.sampled_from(["relevance", "date"]),
    page=st.integers(1, 9),
    change=st.sampled_from([{}, {"page": ""}, {"page": 3}, {"column": ""}, {"year_from": 2020, "year_to": 2020}]),
)
def test_link_queries_equal_urlencode_of_the_non_empty_values(q, column, year, sort, page, change):
    params = SearchParams(q=q, column=column, year_from=year, sort=sort, page=page)
    values = {
        "q": q,
        "column": column,
        "topic": "",
        "agency": "",
        "year_from": year,
        "year_to": None,
        "validity": "",
        "sort": "" if sort == "relevance" else sort,
        "page": "" if page == 1 else page,
        **change,
    }
    expected = urlencode({k: v for k, v in values.items() if v not in ("", None)})

    assert QueryStrings(params)(**change) == expected == query_string(params, **change)


@pytest.mark.django_db
def test_the_search_page_marks_the_chosen_filters(publish, client, column):
    publish(title="农业综合开发项目公示", body="正文")

    html = client.get("/search/", {"q": "农业", "column": column.slug, "validity": "valid"}).content.decode()

    assert f'<option value="{column.slug}" selected>' in html
    assert '<option value="valid" selected>' in html
    assert '<option value="relevance" selected>' in html
    assert html.count(" selected>") == 3  # the two filters and the sort order


def test_the_main_navigation_is_reversed_once():
    assert nav_items() is nav_items()
    assert [entry["url"] for entry in nav_items()][:2] == ["/", "/gk/"]


def test_a_result_shows_its_fields_escaped_and_leaves_out_empty_ones():
    import datetime as dt

    from django.utils.safestring import mark_safe

    from gongkai.search.selectors import Hit
    from gongkai.search.templatetags.search_html import search_hits

    hit = Hit(
        item_id=7,
        title="<b>标题</b>",
        title_html=mark_safe("&lt;b&gt;<mark>标题</mark>&lt;/b&gt;"),
        url="/gk/i/7/",
        snippet=mark_safe(""),
        index_number="11370704MB0000001X/2026-00001",
        document_number="",
        agency="<script>alert(1)</script>办公室",
        column="",
        published_at=dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC),  # 2026-03-02 in Shanghai
        validity="valid",
    )

    html = search_hits([hit])

    assert '<a href="/gk/i/7/">&lt;b&gt;<mark>标题</mark>&lt;/b&gt;</a>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;办公室" in html and "<script>" not in html
    assert "文号" not in html and "栏目" not in html and "search-snippet" not in html
    assert '<time datetime="2026-03-02">2026-03-02</time>' in html
