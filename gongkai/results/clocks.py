"""Normative documents approaching expiry, as Clocks: the evaluation is due before the validity ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from gongkai.core.clocks import Clock

from . import conf
from .models import DocStatus
from .selectors import public_documents


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _at(day: dt.date, end: bool = False) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time(0, 0)))


def open_clocks(*, agency_ids: set[int] | None = None) -> Iterator[Clock]:
    """Documents in force whose evaluation window (6 months before expiry by default) has opened."""
    today = timezone.localdate()
    months = conf.evaluation_months()
    horizon = _months_before(today, -months)  # expiry dates up to `months` ahead
    qs = public_documents(today=today).filter(status_code=DocStatus.VALID, expires_on__lte=horizon)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    for doc in qs:
        yield Clock(
            kind="normative_evaluation",
            kind_label="规范性文件到期评估",
            title=f"{doc.reg_number} {doc.title}",
            agency_id=doc.agency_id,
            owner="制定机关",
            started_at=_at(_months_before(doc.expires_on, months)),
            due_at=_at(doc.expires_on, end=True),
            url=reverse("results:staff_expiring"),
        )
