"""A NUL character in any input is refused with a Chinese message and changes nothing."""

import pytest

from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_nul_in_an_api_query_answers_422_json(client):
    response = client.get("/api/v1/items", {"q": "农业\x00综合"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "NUL" in response.json()["message"]


def test_nul_in_a_page_query_is_dropped_and_the_page_shows(client):
    response = client.get("/gk/list/", {"q": "农\x00业"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "农业"


def test_nul_in_a_posted_form_changes_nothing(client):
    before = AuditEvent.objects.count()
    response = client.post("/staff/login/", {"username": "a\x00", "password": "x"})
    assert response.status_code == 400
    assert AuditEvent.objects.count() == before


def test_ordinary_input_passes(client):
    assert client.get("/gk/list/", {"q": "农业"}).status_code == 200


def test_nul_in_a_json_body_answers_422_and_stores_nothing(client):
    from gongkai.letters.models import Letter

    response = client.post("/api/v1/letters", data='{"topic": "free", "content": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert Letter.objects.count() == 0


def test_a_body_that_is_not_json_answers_400_with_a_chinese_message(client):
    from gongkai.letters.models import Letter

    response = client.post("/api/v1/letters", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"code": "malformed_body", "message": "请求内容不是有效的 JSON。"}
    assert Letter.objects.count() == 0


@pytest.mark.parametrize("form", [{"topic": "free", "content": "正文"}, {"content": "a\x00b"}])
def test_a_form_posted_to_the_json_api_is_refused_not_a_500(client, form):
    from gongkai.letters.models import Letter

    response = client.post("/api/v1/letters", data=form)  # multipart/form-data, not JSON
    assert 400 <= response.status_code < 500
    assert response.json()["message"]
    assert Letter.objects.count() == 0
