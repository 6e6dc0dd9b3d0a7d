"""Found by the stored-XSS test (gongkai/web/tests/test_stored_xss.py): a sighting's link came from a
feed or the webhook unchecked and was rendered as the incident's source link on the staff page, so a
javascript: URL ran when a handler clicked it. Only http(s) links are kept now."""

from __future__ import annotations

import json

import pytest

from ..intake import sighting_record
from ..models import Incident, Sighting, Source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x"])
def test_a_link_that_is_not_http_is_not_kept(agency, url):
    incident, created = sighting_record(agency=agency, source=Source.WEBHOOK, key="k-1", title="灌溉渠垮塌", url=url)
    assert created
    assert incident.source_url == ""
    assert Sighting.objects.get().url == ""


def test_a_web_link_is_kept(agency):
    incident, _ = sighting_record(agency=agency, source=Source.WEBHOOK, key="k-1", title="灌溉渠垮塌", url=" https://bbs.example.com/t/1 ")
    assert incident.source_url == "https://bbs.example.com/t/1"


def test_the_staff_page_shows_no_javascript_link_from_the_webhook(client, settings, agency, handler):
    settings.OPINION_WEBHOOK_SECRET = "s3cret"
    payload = {"agency": agency.slug, "id": "x-1", "title": "灌溉渠垮塌", "url": "javascript:alert(1)"}
    response = client.post("/api/v1/opinion/webhook", json.dumps(payload), content_type="application/json", HTTP_X_GONGKAI_SECRET="s3cret")
    assert response.status_code == 201
    client.force_login(handler)
    page = client.get(f"/opinion/staff/{Incident.objects.get().pk}/").content.decode()
    assert "javascript:" not in page
