"""Settings of the decisions app, each with its default (RULES.md); override in Django settings."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Decree 713 Art. 15: public comment period generally at least 30 calendar days.
    "GONGKAI_DECISIONS_COMMENT_DAYS": 30,
    # Comments wait for a moderator before they are shown (local practice).
    "GONGKAI_DECISIONS_PREMODERATION": True,
    # A shown comment with this many reports is hidden until a moderator looks (local practice).
    "GONGKAI_DECISIONS_REPORTS_TO_HIDE": 3,
    # Rate limits for public comments (per address per hour, per phone per day).
    "GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR": 20,
    "GONGKAI_DECISIONS_COMMENTS_PER_PHONE_DAY": 10,
    # The adoption report (意见采纳情况说明) is due this many working days after the period closes (local practice).
    "GONGKAI_DECISIONS_REPORT_DUE_WORKDAYS": 15,
    # Hearings: materials to participants at least this many days before (Decree 713 Art. 16).
    "GONGKAI_DECISIONS_HEARING_MATERIAL_DAYS": 7,
    # The SMS gateway for one-time codes: "database" (demo, tests) or "http".
    "GONGKAI_SMS_GATEWAY": "database",
    "GONGKAI_SMS_HTTP_URL": "",
    "GONGKAI_SMS_HTTP_TOKEN": "",
    "GONGKAI_SMS_CODE_MINUTES": 10,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
