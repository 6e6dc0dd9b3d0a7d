"""Rectification deadlines of inspection findings, as Clocks for the compliance dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from gongkai.core.clocks import Clock

from .models import Finding, PubState, RectState


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def open_clocks(*, agency_ids: set[int] | None = None) -> Iterator[Clock]:
    """Rectifications not yet verified; one reported done carries done_at (late when after the deadline)."""
    qs = Finding.objects.exclude(status=RectState.VERIFIED).filter(inspection__state=PubState.PUBLISHED)
    if agency_ids is not None:
        qs = qs.filter(inspection__agency_id__in=agency_ids)
    for f in qs.select_related("inspection", "responsible_unit"):
        yield Clock(
            kind="rectification",
            kind_label="督查整改",
            title=f"{f.inspection.title}：{f.problem[:30]}",
            agency_id=f.inspection.agency_id,
            owner=f.responsible_unit.short_name or f.responsible_unit.name,
            started_at=_end_of(f.inspection.inspected_on) - dt.timedelta(hours=23, minutes=59, seconds=59),
            due_at=_end_of(f.deadline),
            url=reverse("implementation:staff_inspection", kwargs={"pk": f.inspection_id}),
            done_at=f.done_at,
        )
