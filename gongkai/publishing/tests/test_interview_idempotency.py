"""The public interview request form carries an idempotency key: a double submit makes one request."""

from __future__ import annotations

import re

import pytest

from gongkai.core.models import IdempotencyKey
from gongkai.core.tests.factories import AgencyFactory
from gongkai.publishing.models import InterviewRequest

from .test_interviews import FORM

pytestmark = pytest.mark.django_db


def test_double_submit_makes_one_interview_request_and_other_content_is_refused(client, mailoutbox):
    agency = AgencyFactory()
    key = re.search(r'name="idem" value="([0-9a-f]{32})"', client.get("/media/interview/").content.decode()).group(1)
    data = {**FORM, "agency": agency.slug, "idem": key}
    first, second = client.post("/media/interview/", data), client.post("/media/interview/", data)
    req = InterviewRequest.objects.get()
    assert first.status_code == second.status_code == 200
    assert req.tracking_code in first.content.decode() and req.tracking_code in second.content.decode()
    refused = client.post("/media/interview/", {**data, "subject": "另一个主题"})
    assert refused.status_code == 422 and "内容不同" in refused.content.decode()
    assert InterviewRequest.objects.count() == 1 and IdempotencyKey.objects.count() == 1
