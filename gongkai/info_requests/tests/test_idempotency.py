"""Idempotency keys on online applications: the form's hidden key and the API's Idempotency-Key.
A retry gets the same receipt and registers nothing new; the key with other content is refused."""

from __future__ import annotations

import re

import pytest

from gongkai.core.models import IdempotencyKey
from gongkai.core.tests.factories import AgencyFactory
from gongkai.info_requests.models import ClockEvent, InfoRequest

from .factories import APPLICANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


def test_form_double_submit_registers_one_request_and_shows_the_same_receipt(client, agency):
    page = client.get("/yisq/").content.decode()
    key = re.search(r'name="idem" value="([0-9a-f]{32})"', page).group(1)
    data = {**APPLICANT, "agency": agency.pk, "form_wanted": "electronic", "idem": key}
    first, second = client.post("/yisq/", data), client.post("/yisq/", data)
    req = InfoRequest.objects.get()
    assert first.status_code == second.status_code == 200
    assert req.tracking_code in first.content.decode() and req.tracking_code in second.content.decode()
    assert ClockEvent.objects.count() == 1
    refused = client.post("/yisq/", {**data, "description": "另一项政府信息"})
    assert refused.status_code == 422 and "内容不同" in refused.content.decode()
    assert InfoRequest.objects.count() == 1 and IdempotencyKey.objects.count() == 1


def test_api_replays_the_receipt_and_refuses_the_key_with_another_body(client, agency):
    body = {**APPLICANT, "agency_id": agency.pk}
    first = client.post("/api/v1/requests", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="req-0001")
    again = client.post("/api/v1/requests", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="req-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert first.json()["tracking_code"] == InfoRequest.objects.get().tracking_code
    refused = client.post("/api/v1/requests", {**body, "purpose": "科研"}, content_type="application/json",
                          HTTP_IDEMPOTENCY_KEY="req-0001")
    assert refused.status_code == 422 and "内容不同" in refused.json()["message"]
    assert InfoRequest.objects.count() == 1


def test_staff_register_form_has_no_public_key(client):
    from gongkai.info_requests.forms import ApplicationForm, StaffApplicationForm

    assert "idem" in ApplicationForm().fields and "idem" not in StaffApplicationForm().fields
