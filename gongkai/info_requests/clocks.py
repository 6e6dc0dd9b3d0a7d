"""The reply clocks of open requests, for the compliance dashboard (gongkai.core.clocks protocol)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from gongkai.core.clocks import Clock

from .clock import compute
from .models import OPEN_STATES, InfoRequest


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def open_clocks(*, agency_ids: set[int] | None = None, today: dt.date | None = None) -> Iterator[Clock]:
    """One clock per open request: the reply deadline while it runs, the consultation's 15 WD while paused."""
    today = today or timezone.localdate()
    qs = InfoRequest.objects.filter(state__in=OPEN_STATES).prefetch_related("clock_events")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    for req in qs:
        state = compute(req.clock_events.all(), today=today)
        url = reverse("info_requests:staff_detail", kwargs={"pk": req.pk})
        title = f"申请 {req.tracking_code}：{(req.info_title or req.description)[:30]}"
        if state.due is not None:
            yield Clock(kind="request_reply", kind_label="依申请公开答复", title=title, agency_id=req.agency_id,
                        owner="依申请公开办理人员", started_at=_start_of(req.received_on), due_at=_end_of(state.due),
                        url=url, provisional=state.provisional)
        elif state.paused == "consultation" and state.pause_until:
            yield Clock(kind="request_consultation", kind_label="依申请公开征求意见", title=title, agency_id=req.agency_id,
                        owner="被征求意见的第三方或机关（办理人员跟进）", started_at=_start_of(req.received_on),
                        due_at=_end_of(state.pause_until), url=url)
        elif state.paused == "correction" and state.pause_until:
            # The applicant's deadline; when it passes the request is closed as withdrawn (requests_lapse).
            yield Clock(kind="request_correction", kind_label="依申请公开补正", title=title, agency_id=req.agency_id,
                        owner="申请人补正（逾期视为放弃）", started_at=_start_of(req.received_on),
                        due_at=_end_of(state.pause_until), url=url)
