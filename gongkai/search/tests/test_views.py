"""The search page and the JSON API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.search import services
from gongkai.search.models import PopularSearch

pytestmark = pytest.mark.django_db


def test_the_search_page_lists_highlighted_results_with_an_accessible_form(publish, client):
    publish(title="农业综合开发项目公示", body="本年度农业综合开发项目如下。", doc_number="坊农发〔2016〕5号")

    response = client.get("/search/", {"q": "综合开发"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="search-q">' in html and 'id="search-q"' in html
    assert '<ol class="search-results" start="1">' in html
    assert "农业<mark>综合开发</mark>项目公示" in html
    assert "坊农发〔2016〕5号" in html
    assert "找到 1 条结果" in html


def test_the_page_has_pagination_links_and_a_bounded_number_of_queries(publish, client):
    for i in range(12):
        publish(title=f"农业通知第{i}号", body="正文")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "农业", "sort": "date"})
    html = response.content.decode()

    assert "找到 12 条结果，第 1/2 页" in html
    assert 'aria-label="搜索结果分页"' in html
    assert 'href="?q=%E5%86%9C%E4%B8%9A&amp;sort=date&amp;page=2" rel="next"' in html
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(statements) <= 14, [sql[:120] for sql in statements]
    page2 = client.get("/search/", {"q": "农业", "sort": "date", "page": 2}).content.decode()
    assert '<ol class="search-results" start="11">' in page2
    assert page2.count('class="search-hit"') == 2


def test_a_search_with_no_result_shows_suggestions_and_is_not_counted(publish, client):
    publish(title="农业通知", body="正文")
    PopularSearch.objects.create(query="农业补贴", count=5, last_results=2)

    html = client.get("/search/", {"q": "火箭发射"}).content.decode()
    services.search_record_flush()

    assert "没有找到与“火箭发射”相符的信息" in html
    assert "农业补贴" in html
    assert not PopularSearch.objects.filter(query="火箭发射").exists()


def test_searches_that_find_something_are_counted_but_personal_data_never(publish, client):
    publish(title="农业通知", body="正文")

    client.get("/search/", {"q": "农业"})
    client.get("/search/", {"q": " 农业 "})
    client.get("/search/", {"q": "农业", "page": 2})  # paging on is not another search
    services.search_record(query="张三 13912345678", results=3)
    assert not PopularSearch.objects.exists()  # counted in this process's buffer, not on the request path
    assert services.search_record_flush() == 1

    assert list(PopularSearch.objects.values_list("query", "count")) == [("农业", 2)]


def test_buffered_search_counts_add_to_the_stored_ones_in_one_statement():
    PopularSearch.objects.create(query="农业补贴", count=5, last_results=2, hidden=True)
    for _ in range(3):
        services.search_record(query="农业补贴", results=7)
    services.search_record(query="养老保险", results=1)

    with CaptureQueriesContext(connection) as ctx:
        assert services.search_record_flush() == 2
    writes = [q["sql"] for q in ctx.captured_queries if "INSERT" in q["sql"].upper()]

    assert len(writes) <= 2  # executemany may be logged once per row, but it is one statement
    assert len({w.split(" VALUES")[0] for w in writes}) == 1
    rows = {p.query: (p.count, p.last_results, p.hidden) for p in PopularSearch.objects.all()}
    assert rows == {"农业补贴": (8, 7, True), "养老保险": (1, 1, False)}
    assert services.search_record_flush() == 0  # the buffer was emptied


def test_the_api_answers_the_documented_fields(publish, client):
    version = publish(title="农业综合开发项目公示", body="本年度<农业>项目。", doc_number="坊农发[2016]5号")

    data = client.get("/api/v1/search", {"q": "坊农发(2016)5号", "sort": "relevance"}).json()

    assert data["count"] == 1
    (hit,) = data["results"]
    assert {"title", "url", "snippet", "index_number", "document_number", "agency", "published_at"} <= set(hit)
    assert hit["title"] == "农业综合开发项目公示"
    assert hit["url"].endswith(f"/gk/i/{version.item_id}/")
    assert hit["index_number"] == version.item.index_number
    assert hit["document_number"] == "坊农发[2016]5号"
    assert hit["agency"] == version.item.agency.name
    assert "&lt;农业&gt;" in client.get("/api/v1/search", {"q": "项目"}).json()["results"][0]["snippet"]


def test_the_api_filters_and_refuses_bad_parameters(publish, client, column):
    publish(title="农业综合开发项目公示", body="正文")

    assert client.get("/api/v1/search", {"q": "农业", "column": column.slug}).json()["count"] == 1
    assert client.get("/api/v1/search", {"q": "农业", "column": "nope"}).json()["count"] == 1  # unknown: ignored
    assert client.get("/api/v1/search", {"q": "农业", "year_from": 2099}).json()["count"] == 0
    assert client.get("/api/v1/search", {"q": "农业", "sort": "random"}).status_code == 422
    assert client.get("/api/v1/search", {"q": "农业", "page": 0}).status_code == 422
