"""Settings of results openness, with the defaults RULES.md gives (local practice, so settings)."""

from __future__ import annotations

from django.conf import settings


def validity_years_default() -> int:
    """Shandong practice: 5 years (3 also common; trial/interim 1–2)."""
    return int(getattr(settings, "GONGKAI_NORMATIVE_VALIDITY_YEARS", 5))


def evaluation_months() -> int:
    """An expiring document is evaluated from this many months before its expiry."""
    return int(getattr(settings, "GONGKAI_NORMATIVE_EVALUATION_MONTHS", 6))


def expiring_days() -> int:
    """The staff list of documents expiring soon looks this far ahead."""
    return int(getattr(settings, "GONGKAI_NORMATIVE_EXPIRING_DAYS", 90))
