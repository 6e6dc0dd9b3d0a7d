"""The interpretation clock (P1) for the compliance dashboard: 3 working days after the policy."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from gongkai.core.clocks import Clock

from .selectors import policy_rows


def open_clocks(*, agency_ids: set[int] | None = None) -> Iterable[Clock]:
    """A clock per policy needing interpretation: running, overdue, or stopped this year."""
    year = timezone.localdate().year
    for row in policy_rows(agency_ids=agency_ids):
        if row.done_at is not None and timezone.localtime(row.done_at).year != year:
            continue
        yield Clock(
            kind="interpretation",
            kind_label="政策解读",
            title=f"《{row.title}》的解读",
            agency_id=row.item.agency_id,
            owner="起草科室（解读）",
            started_at=row.due.published_at,
            due_at=row.due.due_at,
            url=reverse("interpretations:staff_board"),
            provisional=row.due.provisional,
            done_at=row.done_at,
        )
