"""Idempotency keys on the public submissions of decisions: comments (form and API), hearing
registrations and survey answers. A retry with the key gets the first receipt and stores nothing new;
the key with other content is refused (422, Chinese) and stores nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.core.models import IdempotencyKey, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.decisions.models import Comment, Registration, Response, SmsMessage

from .factories import PLANTED_NAMES, PLANTED_PHONES, in_consultation
from .test_meetings_surveys import _survey
from .test_participation_gaps import _hearing

pytestmark = pytest.mark.django_db

KEY_FIELD = re.compile(r'name="idem" value="([0-9a-f]{32})"')


@pytest.fixture
def editor():
    return staff(AgencyFactory(), Role.EDITOR)


@pytest.fixture
def decision(editor):
    return in_consultation(editor)


def _form_key(page) -> str:
    found = KEY_FIELD.findall(page.content.decode())
    assert len(found) == 1, "the form carries exactly one hidden idempotency key"
    return found[0]


def test_comment_form_carries_a_fresh_key_and_a_double_submit_makes_one_comment(client, decision):
    url = decision.get_absolute_url()
    key = _form_key(client.get(url))
    assert _form_key(client.get(url)) != key  # each showing of the form gets its own key
    data = {"paragraph": "2", "content": "建议提高管护经费标准。", "name": PLANTED_NAMES[0], "phone": PLANTED_PHONES[0], "idem": key}
    first = client.post(reverse("decisions:comment", kwargs={"pk": decision.pk}), data)
    second = client.post(reverse("decisions:comment", kwargs={"pk": decision.pk}), data)
    comment = Comment.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] and comment.tracking_code in first["Location"]
    assert IdempotencyKey.objects.get().target == comment


def test_comment_form_key_reused_for_other_content_is_refused_with_a_new_key(client, decision):
    url = reverse("decisions:comment", kwargs={"pk": decision.pk})
    data = {"content": "建议提高管护经费标准。", "name": PLANTED_NAMES[0], "phone": PLANTED_PHONES[0], "idem": "k" * 32}
    client.post(url, data)
    refused = client.post(url, {**data, "content": "另一条不同的意见内容。"})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "内容不同" in body and "另一条不同的意见内容。" in body  # what was typed is kept
    assert _form_key(refused) != "k" * 32
    assert Comment.objects.count() == 1 and IdempotencyKey.objects.count() == 1


def test_comment_api_replays_the_tracking_code_for_the_same_key(client, decision):
    url = f"/api/v1/decisions/{decision.pk}/comments"
    payload = {"content": "管护主体应当明确责任。", "name": PLANTED_NAMES[1], "phone": PLANTED_PHONES[1], "paragraph": 3}
    first = client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="6f1c0a7e-bench-1")
    again = client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="6f1c0a7e-bench-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json() == {"tracking_code": Comment.objects.get().tracking_code}
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first


def test_comment_api_same_key_other_body_is_422_in_chinese_and_stores_nothing(client, decision):
    url = f"/api/v1/decisions/{decision.pk}/comments"
    payload = {"content": "管护主体应当明确责任。", "name": PLANTED_NAMES[1], "phone": PLANTED_PHONES[1]}
    client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-1")
    refused = client.post(url, {**payload, "paragraph": 2}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-1")
    assert refused.status_code == 422
    assert refused.json()["code"] == "idempotency_key_reused" and "内容不同" in refused.json()["message"]
    bad = client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="有中文的键")
    assert bad.status_code == 422 and "幂等键" in bad.json()["message"]
    assert Comment.objects.count() == 1


def test_a_replay_is_not_refused_by_the_rate_limit(client, decision, settings):
    settings.GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR = 1
    url = f"/api/v1/decisions/{decision.pk}/comments"
    payload = {"content": "管护主体应当明确责任。", "name": PLANTED_NAMES[1], "phone": PLANTED_PHONES[1]}
    assert client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-1").status_code == 201
    assert client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-1").status_code == 200
    assert client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-2").status_code == 429
    assert Comment.objects.count() == 1


def test_registration_double_submit_makes_one_registration_and_one_receipt(client, editor):
    meeting = _hearing(editor)
    key = _form_key(client.get(meeting.get_absolute_url()))
    data = {
        "name": PLANTED_NAMES[0], "phone": PLANTED_PHONES[0], "category": "stakeholder",
        "statement": "本人承包土地在项目区内，希望发表意见。", "idem": key,
    }
    url = reverse("decisions:meeting_register", kwargs={"pk": meeting.pk})
    first, second = client.post(url, data), client.post(url, data)
    registration = Registration.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] and registration.tracking_code in first["Location"]
    refused = client.post(url, {**data, "category": "public"})
    assert refused.status_code == 422 and "内容不同" in refused.content.decode()
    assert Registration.objects.count() == 1


def test_survey_answers_sent_twice_make_one_response_and_both_see_the_thanks(client, decision, editor):
    survey = _survey(decision, editor)
    url = reverse("decisions:survey", kwargs={"pk": survey.pk})
    answer_page = client.post(url, {"step": "send", "phone": PLANTED_PHONES[2]})
    key = _form_key(answer_page)
    code = SmsMessage.objects.get().text.split("验证码为")[1][:6]
    q = list(survey.questions.all())
    data = {
        "step": "answer", "phone": PLANTED_PHONES[2], "code": code, "idem": key, f"q{q[0].pk}": "0",
        f"q{q[1].pk}": ["1", "2"], f"q{q[2].pk}": "4", f"q{q[3].pk}_0": "2", f"q{q[3].pk}_1": "1",
    }
    first, second = client.post(url, data), client.post(url, data)
    assert "感谢您参加调查" in first.content.decode() and "感谢您参加调查" in second.content.decode()
    assert Response.objects.count() == 1
    refused = client.post(url, {**data, f"q{q[0].pk}": "1"})
    assert refused.status_code == 422 and "内容不同" in refused.content.decode()
    assert _form_key(refused) != key and Response.objects.count() == 1
