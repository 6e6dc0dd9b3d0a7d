"""Automatic intake: the webhook's shared secret, the feed watcher, near-duplicates folding."""

from __future__ import annotations

import json

import pytest

from gongkai.core.models import AuditEvent

from ..intake import feeds_watch, similarity
from ..models import FeedSource, Incident, Sighting, Source

pytestmark = pytest.mark.django_db

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>本地论坛</title>
<item><guid>t-1</guid><title>坊子区某镇农田项目灌溉渠垮塌</title><link>https://bbs.example.com/t/1</link>
<description>网友发帖称灌溉渠垮塌</description><pubDate>Tue, 03 Nov 2026 14:00:00 GMT</pubDate></item>
<item><guid>t-2</guid><title>坊子区某镇农田项目灌溉渠垮塌了！</title><link>https://bbs.example.com/t/2</link>
<description>转帖</description><pubDate>Tue, 03 Nov 2026 15:00:00 GMT</pubDate></item>
<item><guid>t-3</guid><title>周末去哪儿玩</title><link>https://bbs.example.com/t/3</link><description>旅游</description></item>
</channel></rss>""".encode()


@pytest.fixture
def feed(agency):
    return FeedSource.objects.create(
        agency=agency, name="本地论坛", url="https://bbs.example.com/rss", keywords="灌溉渠，农田"
    )


def post(client, payload, secret):
    headers = {"HTTP_X_GONGKAI_SECRET": secret} if secret is not None else {}
    return client.post("/api/v1/opinion/webhook", json.dumps(payload), content_type="application/json", **headers)


def test_webhook_with_a_wrong_secret_is_refused_and_stores_nothing(client, settings, agency):
    settings.OPINION_WEBHOOK_SECRET = "s3cret-value"
    for secret in ("wrong", None, ""):
        response = post(client, {"agency": "office", "title": "某事件"}, secret)
        assert response.status_code == 403 and response.json()["message"] == "密钥不正确，已拒绝。"
    assert Incident.objects.count() == 0 and Sighting.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_webhook_is_off_without_a_configured_secret(client, settings, agency, monkeypatch):
    settings.OPINION_WEBHOOK_SECRET = ""
    monkeypatch.delenv("OPINION_WEBHOOK_SECRET", raising=False)
    assert post(client, {"agency": "office", "title": "某事件"}, "").status_code == 403
    assert Incident.objects.count() == 0


def test_webhook_with_the_right_secret_raises_an_incident_once(client, settings, agency):
    settings.OPINION_WEBHOOK_SECRET = "s3cret-value"
    payload = {
        "agency": "office",
        "id": "m-9",
        "title": "网传项目资金被挪用",
        "url": "https://weibo.example.com/9",
        "grade": "larger",
    }
    first = post(client, payload, "s3cret-value")
    again = post(client, payload, "s3cret-value")
    assert first.status_code == 201 and again.json() == {"incident": None, "created": False, "duplicate": True}
    incident = Incident.objects.get()
    assert incident.source == Source.WEBHOOK and incident.grade == "larger" and incident.agency == agency


def test_feed_watcher_run_twice_creates_no_duplicate_incident(feed):
    assert feeds_watch(fetch=lambda url: FEED) == 1  # two near-identical posts fold into one; the third does not match
    assert feeds_watch(fetch=lambda url: FEED) == 0
    incident = Incident.objects.get()
    assert incident.source == Source.FEED and incident.sightings.count() == 2
    assert Sighting.objects.count() == 2


def test_a_failing_feed_is_recorded_and_does_not_stop_the_run(feed, agency):
    other = FeedSource.objects.create(agency=agency, name="新闻", url="https://news.example.com/rss", keywords="灌溉渠")

    def fetch(url):
        if url == feed.url:
            raise OSError("连接超时")
        return FEED

    assert feeds_watch(fetch=fetch) == 1
    feed.refresh_from_db()
    other.refresh_from_db()
    assert "连接超时" in feed.last_error and other.last_error == ""


def test_similarity_folds_reworded_titles_but_not_different_ones():
    assert similarity("坊子区某镇农田项目灌溉渠垮塌", "坊子区某镇农田项目灌溉渠垮塌了！") >= 0.6
    assert similarity("坊子区某镇农田项目灌溉渠垮塌", "网传项目资金被挪用") < 0.6
