"""Reads on letters: deadlines, who may see what, public views and monthly statistics."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.core import workdays
from gongkai.core.models import Agency, User

from .models import Letter, LetterSetting, LetterState, PublicationState, Rating, default_reply_workdays

OPEN_STATES = (LetterState.RECEIVED, LetterState.ASSIGNED)


def reply_workdays(agency_id: int) -> int:
    """The agency's reply time limit for letters in working days (default 15)."""
    setting = LetterSetting.objects.filter(agency_id=agency_id).values_list("reply_workdays", flat=True).first()
    return setting or default_reply_workdays()


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def letter_deadline(letter: Letter, *, limit: int | None = None) -> workdays.Deadline:
    """Due date of the answer owed now: the follow-up's if one is pending, else the first reply's."""
    limit = limit if limit is not None else reply_workdays(letter.agency_id)
    start = letter.followup_at if letter.awaiting_followup_reply else letter.received_at
    return workdays.add_workdays_info(local_date(start), limit)


def first_reply_due(letter: Letter, *, limit: int | None = None) -> dt.date:
    limit = limit if limit is not None else reply_workdays(letter.agency_id)
    return workdays.add_workdays(local_date(letter.received_at), limit)


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def is_overdue(letter: Letter, *, now: dt.datetime | None = None) -> bool:
    if letter.state not in OPEN_STATES:
        return False
    return (now or timezone.now()) > end_of_day(letter_deadline(letter).date)


def letter_by_code(code: str) -> Letter:
    """The letter with this tracking code, or 404 (codes are matched without regard to case or spaces)."""
    code = (code or "").strip().upper().replace(" ", "")
    letter = Letter.objects.select_related("agency").filter(tracking_code=code).first()
    if letter is None:
        raise Http404("未找到该查询码对应的来信。")
    return letter


def staff_letters(user: User) -> QuerySet[Letter]:
    """Letters of the user's own agency (staff of one agency never see another's)."""
    if user.agency_id is None:
        return Letter.objects.none()
    return Letter.objects.filter(agency_id=user.agency_id).select_related("agency")


def staff_letter(user: User, pk: int) -> Letter:
    letter = staff_letters(user).filter(pk=pk).first()
    if letter is None:
        raise Http404("未找到。")
    return letter


def reassign_targets(agency: Agency) -> list[Agency]:
    """Agencies a letter may be passed to: up the tree (ancestors) and down it (descendants)."""
    ids = (agency.descendant_ids() | {a.pk for a in agency.ancestors()}) - {agency.pk}
    return list(Agency.objects.filter(pk__in=ids).order_by("sort_order", "id"))


def published_letters() -> QuerySet[Letter]:
    return (
        Letter.objects.filter(pub_state=PublicationState.PUBLISHED)
        .select_related("agency")
        .order_by("-published_at", "-id")
    )


def published_letter(pk: int) -> Letter:
    letter = published_letters().filter(pk=pk).first()
    if letter is None:
        raise Http404("未找到。")
    return letter


@dataclass
class MonthStats:
    month: str  # "2026-10"
    received: int = 0
    replied: int = 0
    on_time: int = 0
    total_days: int = 0  # working days from receipt to first reply, summed over replied letters
    rated: int = 0
    satisfied: int = 0  # 满意 or 基本满意

    @property
    def average_days(self) -> float | None:
        return round(self.total_days / self.replied, 1) if self.replied else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.replied, 1) if self.replied else None

    @property
    def satisfaction(self) -> float | None:
        return round(100 * self.satisfied / self.rated, 1) if self.rated else None


def monthly_stats(
    *, months: int = 12, today: dt.date | None = None, agency_ids: set[int] | None = None
) -> list[MonthStats]:
    """Per month of receipt, oldest first: received, replied, replied on time, average working days
    to the first reply, and satisfaction (满意 + 基本满意 among rated letters)."""
    today = today or timezone.localdate()
    first = dt.date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    rows: OrderedDict[str, MonthStats] = OrderedDict()
    cursor = first
    while cursor <= today:
        rows[cursor.strftime("%Y-%m")] = MonthStats(month=cursor.strftime("%Y-%m"))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    qs = Letter.objects.filter(received_at__gte=timezone.make_aware(dt.datetime.combine(first, dt.time.min)))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    limits: dict[int, int] = {}
    for agency_id, received_at, replied_at, rating in qs.values_list(
        "agency_id", "received_at", "replied_at", "rating"
    ):
        day = local_date(received_at)
        row = rows.get(day.strftime("%Y-%m"))
        if row is None:
            continue
        row.received += 1
        if replied_at is not None:
            if agency_id not in limits:
                limits[agency_id] = reply_workdays(agency_id)
            row.replied += 1
            reply_day = local_date(replied_at)
            row.total_days += workdays.workdays_between(day, reply_day)
            if reply_day <= workdays.add_workdays(day, limits[agency_id]):
                row.on_time += 1
        if rating is not None:
            row.rated += 1
            if rating >= Rating.FAIR:
                row.satisfied += 1
    return list(rows.values())
