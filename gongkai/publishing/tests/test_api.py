import pytest

from gongkai.core.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_items_list_answers_count_and_results_with_filters_and_paging(publish, client, column):
    from gongkai.disclosures.tests.factories import ColumnFactory

    other = ColumnFactory(name="通知公告", slug="notices")
    publish(title="关于农业项目的通知")
    publish(title="关于补贴发放的公告", column=other)
    publish(title="第三条信息")
    data = client.get("/api/v1/items", {"page_size": 2}).json()
    assert data["count"] == 3 and len(data["results"]) == 2
    assert client.get("/api/v1/items", {"page": 2, "page_size": 2}).json()["results"][0]["title"] == "关于农业项目的通知"
    by_column = client.get("/api/v1/items", {"column": "notices"}).json()
    assert [r["title"] for r in by_column["results"]] == ["关于补贴发放的公告"]
    assert client.get("/api/v1/items", {"q": "补贴"}).json()["count"] == 1
    assert client.get("/api/v1/items", {"agency": "nongfa"}).json()["count"] == 3
    row = data["results"][0]
    assert set(row) == {"id", "index_number", "title", "doc_number", "published_at", "written_on", "validity",
                        "validity_label", "version", "agency", "column", "topic", "url"}


def test_bad_filters_answer_json_errors_with_a_chinese_message(client, db):
    r = client.get("/api/v1/items", {"column": "nope"})
    assert r.status_code == 404 and r.json() == {"code": "not_found", "message": "栏目 nope 不存在。"}
    r = client.get("/api/v1/items", {"page": "x"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input" and "整数" in r.json()["message"]
    assert client.get("/api/v1/items", {"page_size": 1000}).status_code == 422


def test_item_detail_has_metadata_and_no_staff_names(publish, client, team):
    v = publish(title="关于印发实施方案的通知", doc_number="坊农发〔2025〕3号", keywords="农业 项目")
    r = client.get(f"/api/v1/items/{v.item_id}")
    data = r.json()
    assert r.status_code == 200 and data["doc_number"] == "坊农发〔2025〕3号" and data["keywords"] == ["农业", "项目"]
    assert data["agency"]["slug"] == "nongfa" and data["attachments"] == [] and data["history"] == []
    assert team.editor.display_name not in r.content.decode() and team.editor.username not in r.content.decode()


def test_unknown_and_withdrawn_items(publish, withdraw, client):
    assert client.get("/api/v1/items/999999").json() == {"code": "not_found", "message": "未找到该信息。"}
    v = publish()
    withdraw(v.item, reason="已被新文件替代")
    r = client.get(f"/api/v1/items/{v.item_id}")
    assert r.status_code == 410 and r.json()["reason"] == "已被新文件替代"
    assert client.get("/api/v1/items").json()["count"] == 0


def test_conditional_get_answers_304_and_cors_allows_reading(publish, client):
    v = publish()
    first = client.get(f"/api/v1/items/{v.item_id}")
    assert first["Access-Control-Allow-Origin"] == "*" and first["ETag"] and first["Last-Modified"]
    again = client.get(f"/api/v1/items/{v.item_id}", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get("/api/v1/items", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    pre = client.options("/api/v1/items", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert pre.status_code == 204 and "If-None-Match" in pre["Access-Control-Allow-Headers"]
    assert "POST" not in pre["Access-Control-Allow-Methods"]


def test_catalogue_topics_and_agencies_are_lists(client, column, topic):
    AgencyFactory(slug="czj", name="坊子区财政局")
    for path in ("/api/v1/columns", "/api/v1/topics", "/api/v1/agencies"):
        data = client.get(path, {"page_size": 1}).json()
        assert data["count"] >= 1 and len(data["results"]) == 1


def test_openapi_schema_lists_the_open_data_paths(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/items", "/api/v1/items/{item_id}", "/api/v1/ledger/verify", "/api/v1/columns"):
        assert path in schema["paths"]
    assert "options" not in schema["paths"]["/api/v1/items"]
