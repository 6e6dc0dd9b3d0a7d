"""Automatic intake of opinion incidents: an RSS/Atom watcher over configured feeds with keyword
rules per agency, and an inbound webhook for monitoring services. Each report is a `Sighting`,
remembered by fingerprint (so the same entry is never taken twice); a report whose title is a near
duplicate of an open incident of the same agency (or above it) discovered within 72 hours of it folds into it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.models import Agency
from gongkai.core.workflow import record_event

from . import services
from .models import FeedSource, Grade, Incident, IncidentState, Sighting, Source

FOLD_WINDOW = dt.timedelta(hours=72)
SIMILARITY = 0.6  # Jaccard similarity of character bigrams of the normalised titles
_NOISE = re.compile(r"[\W_]+", re.UNICODE)
_WEB_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


def normalise(title: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", title or "").lower())


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similarity(a: str, b: str) -> float:
    x, y = _bigrams(normalise(a)), _bigrams(normalise(b))
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def fingerprint(kind: str, key: str) -> str:
    return hashlib.sha256(f"{kind}\x1f{key.strip()}".encode()).hexdigest()


def _near_duplicate(agency_id: int, title: str, seen_at: dt.datetime) -> Incident | None:
    candidates = Incident.objects.filter(
        discovered_at__gte=seen_at - FOLD_WINDOW, discovered_at__lte=seen_at + FOLD_WINDOW
    ).exclude(state=IncidentState.CLOSED)
    candidates = candidates.filter(agency_id__in=_related_agencies(agency_id))
    best, score = None, 0.0
    for incident in candidates:
        s = similarity(title, incident.title)
        if s > score:
            best, score = incident, s
    return best if score >= SIMILARITY else None


def _related_agencies(agency_id: int) -> set[int]:
    """The agency and its ancestors: an incident escalated upwards is still the same incident."""
    agency = Agency.objects.get(pk=agency_id)
    return {agency_id} | {a.pk for a in agency.ancestors()}


def sighting_record(
    *,
    agency: Agency,
    source: str,
    key: str,
    title: str,
    url: str = "",
    summary: str = "",
    seen_at: dt.datetime | None = None,
    grade: str = Grade.GENERAL,
    topic: str = "",
) -> tuple[Incident | None, bool]:
    """Take one report from an automatic source: (incident, created). (None, False) when this report
    was already taken; a near duplicate joins the existing incident (created False)."""
    url = (url or "").strip()
    if not _WEB_URL.match(url):  # a javascript: or data: link from a feed or the webhook would run on the staff page
        url = ""
    now = timezone.now()
    seen_at = min(seen_at or now, now)
    fp = fingerprint(source, key or url or title)
    if Sighting.objects.filter(fingerprint=fp).exists():
        return None, False
    title = (title or "").strip()[:200] or "（无标题）"
    try:
        with transaction.atomic():
            incident = _near_duplicate(agency.pk, title, seen_at)
            created = incident is None
            if created:
                incident = services.incident_raise(
                    agency=agency,
                    by=None,
                    title=title,
                    summary=summary,
                    grade=grade if grade in Grade.values else Grade.GENERAL,
                    topic=topic,
                    source=source,
                    source_url=url,
                    discovered_at=seen_at,
                )
            else:
                record_event(
                    incident,
                    action="fold",
                    label="合并相似舆情",
                    by=None,
                    agency_id=incident.agency_id,
                    comment=title,
                    data={"url": url},
                )
            Sighting.objects.create(
                incident=incident, source=source, fingerprint=fp, title=title[:300], url=url[:500], seen_at=seen_at
            )
    except IntegrityError:  # the same report taken by a concurrent run
        return None, False
    return incident, created


def feed_process(*, feed: FeedSource, content: bytes) -> int:
    """Take the entries of one fetched feed that match its keywords; return how many new incidents."""
    import feedparser

    parsed = feedparser.parse(content)
    keywords = feed.keyword_list()
    created = 0
    for entry in parsed.entries:
        title = entry.get("title", "")
        summary = re.sub(r"<[^>]+>", "", entry.get("summary", ""))
        if not any(k in title or k in summary for k in keywords):
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        seen_at = dt.datetime(*when[:6], tzinfo=dt.UTC) if when else None
        key = entry.get("id") or entry.get("link") or title
        _incident, new = sighting_record(
            agency=feed.agency,
            source=Source.FEED,
            key=f"{feed.pk}:{key}",
            title=title,
            url=entry.get("link", ""),
            summary=summary[:2000],
            seen_at=seen_at,
        )
        created += int(new)
    FeedSource.objects.filter(pk=feed.pk).update(last_checked_at=timezone.now(), last_error="")
    return created


def feeds_watch(*, fetch=None) -> int:
    """Fetch every active feed and take its matching entries; one failing feed does not stop the others."""
    fetch = fetch or _fetch
    total = 0
    for feed in FeedSource.objects.filter(active=True).select_related("agency"):
        try:
            content = fetch(feed.url)
        except Exception as exc:  # network errors of any kind: recorded on the feed, retried next run
            FeedSource.objects.filter(pk=feed.pk).update(last_checked_at=timezone.now(), last_error=str(exc)[:300])
            continue
        total += feed_process(feed=feed, content=content)
    return total


def _fetch(url: str) -> bytes:
    import requests

    response = requests.get(url, timeout=10, headers={"User-Agent": "Gongkai opinion watcher"})
    response.raise_for_status()
    return response.content
