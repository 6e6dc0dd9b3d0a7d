"""The staff pages: list, register form (receipt rule), detail actions through the workflow."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.info_requests.models import InfoRequest

from .factories import APPLICANT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_staff_register_review_and_reply_through_the_pages(client):
    agency = AgencyFactory()
    handler = staff(agency, "request_handler")
    client.force_login(handler)
    with time_machine.travel(dt.datetime(2026, 2, 26, 10), tick=False):
        page = client.post("/yisq/staff/new/", {**APPLICANT, "form_wanted": "electronic", "channel": "registered_mail",
                                                "arrived_on": "2026-02-13"})
        assert page.status_code == 200 and "签收日期" in page.content.decode()
        assert not InfoRequest.objects.exists()
        client.post("/yisq/staff/new/", {**APPLICANT, "form_wanted": "electronic", "channel": "registered_mail",
                                         "arrived_on": "2026-02-13", "signed_on": "2026-02-14"})
        req = InfoRequest.objects.get()
        assert req.received_on == dt.date(2026, 2, 14)
        client.post(f"/yisq/staff/{req.pk}/act/review/", {})
        client.post(f"/yisq/staff/{req.pk}/act/reply/", {"outcome": "not_held"})
        detail = client.get(f"/yisq/staff/{req.pk}/").content.decode()
    req.refresh_from_db()
    assert req.state == "replied" and req.outcome == "not_held"
    assert "第三十六条第（四）项" in detail
    assert client.get("/yisq/staff/").status_code == 200
    assert client.get(f"/yisq/staff/{req.pk}/letter/").status_code == 200


def test_staff_without_request_roles_see_no_requests(client):
    agency = AgencyFactory()
    client.force_login(staff(agency, "editor"))
    assert client.get("/yisq/staff/").status_code == 404
