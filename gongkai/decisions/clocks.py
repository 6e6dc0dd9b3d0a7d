"""The adoption-report clock: due N working days after the comment period closes (core.workdays)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from gongkai.core.clocks import Clock
from gongkai.core.workdays import CalendarRangeError, add_workdays_info

from .models import Decision
from .selectors import report_due_workdays


def report_due(decision: Decision):
    """The Deadline of the adoption report, or None before the period has closed."""
    if decision.comment_closes_on is None:
        return None
    return add_workdays_info(decision.comment_closes_on, report_due_workdays())


def open_clocks(*, agency_ids: set[int] | None = None) -> Iterator[Clock]:
    """Adoption reports still owed, and those delivered this year (for the year's score)."""
    today = timezone.localdate()
    qs = Decision.objects.filter(comment_closes_on__lt=today).select_related("adoption_report")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    tz = timezone.get_current_timezone()
    for decision in qs:
        report = getattr(decision, "adoption_report", None)
        if report is not None and timezone.localtime(report.generated_at).year != today.year:
            continue
        try:
            due = report_due(decision)
        except CalendarRangeError:
            continue
        yield Clock(
            kind="adoption_report",
            kind_label="意见采纳情况说明",
            title=decision.title,
            agency_id=decision.agency_id,
            owner="办理人员",
            started_at=dt.datetime.combine(decision.comment_closes_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
            due_at=dt.datetime.combine(due.date, dt.time.max, tzinfo=tz),
            url=reverse("decisions:staff_detail", kwargs={"pk": decision.pk}),
            provisional=due.provisional,
            done_at=report.generated_at if report else None,
        )
