"""The meetings feed in iCalendar (RFC 5545), written by hand: escaped text, folded lines, UTC times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from .models import Meeting


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (never splitting a UTF-8 character)."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += b
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_feed(meetings: Iterable[Meeting], *, base_url: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Gongkai//Decisions//ZH", "CALSCALE:GREGORIAN", "X-WR-CALNAME:决策会议与听证会"]
    stamp = _utc(timezone.now())
    for m in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{m.pk}@gongkai",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(m.starts_at)}",
            f"DTEND:{_utc(m.ends_at)}",
            f"SUMMARY:{_escape(f'{m.get_kind_display()}：{m.title}')}",
            f"LOCATION:{_escape(m.place)}",
            f"DESCRIPTION:{_escape(m.agenda or m.decision.title)}",
            f"URL:{base_url}{m.get_absolute_url()}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
