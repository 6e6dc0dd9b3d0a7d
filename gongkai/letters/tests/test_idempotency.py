"""Idempotency keys on letters: the form's hidden key and the API's key (body or header) through the
shared mechanism; the key with other content is refused (422, Chinese) and stores nothing."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from gongkai.core.models import IdempotencyKey

from ..models import Letter

pytestmark = pytest.mark.django_db

FORM = {
    "box": "suggestion",
    "topic_kind": "policy",
    "topic": "高标准农田",
    "subject": "关于农田建设",
    "content": "建议加快进度。",
    "name": "张三",
    "phone": "13800001111",
}
API = {"topic": "t", "content": "关于管护经费的建议", "name": "n", "phone": "13700001111", "publish_consent": False}


def test_form_key_reused_for_other_content_is_refused_with_a_new_key_and_stores_nothing(client, agency):
    page = client.get(reverse("letters:new"))
    key = page.context["form"].initial["idem"]
    assert re.search(rf'name="idem" value="{key}"', page.content.decode())
    data = {**FORM, "agency": agency.pk, "idem": key}
    client.post(reverse("letters:new"), data)
    refused = client.post(reverse("letters:new"), {**data, "content": "另一封信的内容。"})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "内容不同" in body and "另一封信的内容。" in body
    assert refused.context["form"]["idem"].value() != key
    assert Letter.objects.count() == 1 and IdempotencyKey.objects.get().key == key


def test_api_replay_names_itself_and_other_body_is_422(client, district):
    post = lambda body, **h: client.post("/api/v1/letters", json.dumps(body), content_type="application/json", **h)  # noqa: E731
    first = post(API, HTTP_IDEMPOTENCY_KEY="c0ffee-1")
    again = post({**API, "idempotency_key": "c0ffee-1"})  # the same key given in the body
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    refused = post({**API, "content": "另一封信"}, HTTP_IDEMPOTENCY_KEY="c0ffee-1")
    assert refused.status_code == 422 and refused.json()["code"] == "idempotency_key_reused"
    assert "内容不同" in refused.json()["message"]
    assert Letter.objects.count() == 1


def test_api_without_a_key_makes_a_letter_each_time(client, district):
    for _ in range(2):
        assert client.post("/api/v1/letters", json.dumps(API), content_type="application/json").status_code == 201
    assert Letter.objects.count() == 2 and not IdempotencyKey.objects.exists()
