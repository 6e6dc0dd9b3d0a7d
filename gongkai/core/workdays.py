"""The one working-day calendar: every statutory time limit in Gongkai is counted here.

Which days are working days, in order of precedence:

1. Staff overrides per date (`CalendarDay`). When staff enter a year's State Council
   arrangement (`CalendarYear.arrangement_entered`), that year is *official*.
2. chinesecalendar, for the years it knows (2004–2026 in 1.11.0): the published
   arrangements with their make-up working days (调休上班).
3. Later years without an entered arrangement get a *provisional* calendar from the law
   (全国年节及纪念日放假办法, 2024 revision): 元旦 1 Jan; 春节 农历除夕 to 正月初三;
   清明 (the solar-term day); 劳动节 1–2 May; 端午 农历五月初五; 中秋 农历八月十五;
   国庆 1–3 Oct; plus weekends. Make-up working days and substitute days for holidays
   on a weekend are set only by each year's notice, so they are not guessed. Lunar dates
   and the Qingming term come from lunar_python.

Dates before 2004 (and after 2099) raise `CalendarRangeError`.

Counting convention (条例 第三十三条 "自收到申请之日起20个工作日内"): the day of the
event is day 0 and day 1 is the first working day after it, so a request received on
day D must be answered by ``add_workdays(D, 20)``, whatever kind of day D is.
``add_workdays(D, 0) == D``; ``workdays_between(a, b)`` counts the working days in
(a, b], so ``workdays_between(D, add_workdays(D, n)) == n``.

Deadlines are never stored: they are computed from recorded events, so entering an
arrangement moves every open deadline at once. `calendar_changed` is sent on commit
(with ``years=[...]``) for code that caches computed dates.

Cache: each year's working days are built once per process and kept in memory, so a
deadline costs no query. The overrides are read again (two small queries) on the first
calendar use of every web request (so a request that uses the calendar makes exactly
those two queries, whatever happened before), at most every `REFRESH_SECONDS` outside
requests (tasks, shell), and after any save or delete of an override. A thread that
writes overrides inside a transaction sees them through its own private cache until the
transaction commits (then everyone rereads) or rolls back (then they are forgotten).
Writes with `bulk_create`/`update()`/raw SQL bypass the model signals: call
`clear_cache()` after them. Tests that call these functions need database access.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache, partial
from types import MappingProxyType
from typing import TypeVar

import chinese_calendar
from chinese_calendar import constants as cc_constants
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import Signal
from django.utils import timezone
from lunar_python import Lunar, Solar

from gongkai.core.models.calendar import FIRST_YEAR, LAST_YEAR, CalendarDay, CalendarYear

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "CalendarRangeError",
    "DayInfo",
    "Deadline",
    "Source",
    "add_workdays",
    "add_workdays_info",
    "arrangement_enter",
    "builtin_years",
    "calendar_changed",
    "can_edit_calendar",
    "clear_cache",
    "day_info",
    "is_provisional",
    "is_workday",
    "missing_arrangements",
    "month_days",
    "statutory_holidays",
    "workdays_between",
    "year_source",
    "year_statuses",
    "YearStatus",
]

# Sent once per committed transaction that changed overrides or arrangements; kwargs: years (sorted list of int).
calendar_changed = Signal()

REFRESH_SECONDS = 30.0  # outside web requests, how stale another process's edits may be

D = TypeVar("D", dt.date, dt.datetime)


class CalendarRangeError(ValueError):
    """A date the calendar does not cover; `message` is shown to users as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Source:
    OFFICIAL = "official"  # staff entered the State Council arrangement for the year
    BUILTIN = "builtin"  # chinesecalendar carries the year's published arrangement
    PROVISIONAL = "provisional"  # computed from the holiday law only; make-up days unknown

    labels = {OFFICIAL: "官方安排", BUILTIN: "chinesecalendar 内置", PROVISIONAL: "暂定"}


@dataclass(frozen=True)
class Deadline:
    """A computed due date and whether it rests on a provisional calendar year."""

    date: dt.date | dt.datetime
    provisional: bool


@dataclass(frozen=True)
class DayInfo:
    """One day as the calendar sees it, for showing in words."""

    date: dt.date
    workday: bool
    kind: str  # "workday", "weekend", "holiday" (statutory or arranged day off), "makeup" (调休上班)
    label: str  # holiday name or staff note; empty on ordinary days
    provisional: bool
    overridden: bool  # set by a staff override

    @property
    def words(self) -> str:
        """Short Chinese description: 休（春节）, 班（国庆节调休）, 周末, ''."""
        if self.kind == "holiday":
            return f"休（{self.label}）" if self.label else "休"
        if self.kind == "makeup":
            return f"班（{self.label}）" if self.label else "班（调休上班）"
        if self.kind == "weekend":
            return "周末"
        return ""


# --- range -----------------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if year < FIRST_YEAR:
        raise CalendarRangeError(f"{FIRST_YEAR}年以前的日期不在工作日历范围内。")
    if year > LAST_YEAR:
        raise CalendarRangeError(f"{LAST_YEAR + 1}年及以后的日期不在工作日历范围内。")


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"expected date or datetime, got {type(value).__name__}")


def _like(start: D, day: dt.date) -> D:
    """`day` in the type of `start`: a datetime keeps its (local) time of day and zone."""
    if isinstance(start, dt.datetime):
        local = timezone.localtime(start) if timezone.is_aware(start) else start
        return dt.datetime.combine(day, local.timetz(), tzinfo=local.tzinfo)
    return day


@lru_cache(maxsize=1)
def builtin_years() -> range:
    """The years chinesecalendar carries (its supported range)."""
    first = min(cc_constants.holidays).year
    last = max(cc_constants.holidays).year
    for probe in (dt.date(first, 1, 1), dt.date(last, 12, 31)):
        chinese_calendar.is_workday(probe)  # raises NotImplementedError if our reading of its range is wrong
    return range(first, last + 1)


# --- the statutory holidays (provisional calendar) ---------------------------------------------


def _solar(lunar: Lunar) -> dt.date:
    solar = lunar.getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> Mapping[dt.date, str]:
    """The 13 statutory holiday days of `year` (2024 rules), without weekend substitutes or make-up days."""
    days: dict[dt.date, list[str]] = {}

    def add(day: dt.date, name: str) -> None:
        days.setdefault(day, []).append(name)

    add(dt.date(year, 1, 1), "元旦")
    new_year = _solar(Lunar.fromYmd(year, 1, 1))  # 正月初一 of the lunar year starting in this solar year
    for offset in range(-1, 3):  # 除夕 to 初三
        add(new_year + dt.timedelta(days=offset), "春节")
    qingming = [d for d in range(3, 7) if Solar.fromYmd(year, 4, d).getLunar().getJieQi() == "清明"]
    if len(qingming) != 1:
        raise RuntimeError(f"Qingming of {year} not found")  # pragma: no cover - library error
    add(dt.date(year, 4, qingming[0]), "清明节")
    add(dt.date(year, 5, 1), "劳动节")
    add(dt.date(year, 5, 2), "劳动节")
    add(_solar(Lunar.fromYmd(year, 5, 5)), "端午节")
    for day in (1, 2, 3):  # before 中秋 so a shared day reads "国庆节、中秋节", as the notices write it
        add(dt.date(year, 10, day), "国庆节")
    add(_solar(Lunar.fromYmd(year, 8, 15)), "中秋节")
    return MappingProxyType({d: "、".join(names) for d, names in sorted(days.items())})


# --- one year, built once -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Overrides:
    entered: bool
    source_note: str
    days: tuple[tuple[dt.date, bool, str], ...]  # (date, is_workday, note), sorted


@dataclass(frozen=True)
class _Year:
    year: int
    source: str
    first: int  # ordinal of 1 January
    flags: bytes  # 1 = working day, one per day of the year
    cum: tuple[int, ...]  # cum[i] = working days among the first i days of the year
    kinds: dict[int, tuple[str, str]]  # day index -> (kind, label) for non-ordinary days
    overridden: frozenset[int]

    @property
    def provisional(self) -> bool:
        return self.source == Source.PROVISIONAL

    @property
    def total(self) -> int:
        return self.cum[-1]


_CC_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}  # same names as the law's, for both sources


def _cc_name(holiday: object) -> str:
    """chinesecalendar stores the English name (Holiday.value); show the Chinese one."""
    value = getattr(holiday, "value", holiday)
    try:
        chinese = cc_constants.Holiday(value).chinese
    except ValueError:
        return str(value)
    return _CC_NAMES.get(chinese, chinese)


def _build_year(year: int, overrides: _Overrides | None) -> _Year:
    first_day = dt.date(year, 1, 1)
    length = dt.date(year, 12, 31).toordinal() - first_day.toordinal() + 1
    flags = bytearray(length)
    kinds: dict[int, tuple[str, str]] = {}
    builtin = year in builtin_years()
    statutory = {} if builtin else statutory_holidays(year)
    for i in range(length):
        day = first_day + dt.timedelta(days=i)
        weekend = day.weekday() >= 5
        if builtin:
            work = chinese_calendar.is_workday(day)
            if work and weekend:
                festival = cc_constants.workdays.get(day)
                kinds[i] = ("makeup", f"{_cc_name(festival)}调休" if festival else "")
            elif not work and day in cc_constants.holidays:
                kinds[i] = ("holiday", _cc_name(cc_constants.holidays[day]))
        else:
            work = not weekend and day not in statutory
            if day in statutory:
                kinds[i] = ("holiday", statutory[day])
        if not work and i not in kinds:
            kinds[i] = ("weekend", "")
        flags[i] = work
    overridden = set()
    for day, work, note in overrides.days if overrides else ():
        i = day.toordinal() - first_day.toordinal()
        flags[i] = work
        overridden.add(i)
        if work:
            kinds[i] = ("makeup", note or "调休上班") if day.weekday() >= 5 or i in kinds else ("workday", note)
        else:
            kinds[i] = ("holiday", note or "放假")
    cum = [0]
    for f in flags:
        cum.append(cum[-1] + f)
    if overrides and overrides.entered:
        source = Source.OFFICIAL
    elif builtin:
        source = Source.BUILTIN
    else:
        source = Source.PROVISIONAL
    return _Year(year, source, first_day.toordinal(), bytes(flags), tuple(cum), kinds, frozenset(overridden))


# --- the cache ------------------------------------------------------------------------------------


class _Cache:
    """Built years and the overrides they were built from."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.years: dict[int, _Year] = {}
        self.overrides: dict[int, _Overrides] | None = None  # None: must be read from the database
        self.generation = 0  # bumped whenever built years are dropped, so a build racing a refresh is not kept
        self.loaded_at = 0.0

    def clear(self) -> None:
        with self.lock:
            self.years.clear()
            self.overrides = None
            self.generation += 1

    def refresh(self) -> None:
        """Read the overrides; drop only the years whose overrides changed."""
        overrides = _load_overrides()
        with self.lock:
            old = self.overrides
            if old is None:
                self.years.clear()
                self.generation += 1
            else:
                changed = [y for y in set(old) | set(overrides) if old.get(y) != overrides.get(y)]
                for year in changed:
                    self.years.pop(year, None)
                if changed:
                    self.generation += 1
            self.overrides = overrides
            self.loaded_at = time.monotonic()

    def year(self, year: int) -> _Year:
        _check_year(year)
        built = self.years.get(year)
        if built is not None:
            return built
        with self.lock:
            if self.overrides is None:
                self.refresh()
            generation, overrides = self.generation, self.overrides or {}
        built = _build_year(year, overrides.get(year))
        with self.lock:
            if generation == self.generation:
                self.years[year] = built
        return built


_shared = _Cache()  # committed data, for every thread of the process
# Per thread: in_request/checked (refresh once per web request); markers/private (this thread's
# uncommitted override writes, seen only through its private cache); pending (calendar_changed to send).
_local = threading.local()


def clear_cache() -> None:
    """Forget everything; the next call reads the overrides again."""
    _shared.clear()
    private = getattr(_local, "private", None)
    if private is not None:
        private.clear()


def _load_overrides() -> dict[int, _Overrides]:
    years = {
        year: (entered, source)
        for year, entered, source in CalendarYear.objects.values_list("year", "arrangement_entered", "source")
    }
    days: dict[int, list[tuple[dt.date, bool, str]]] = {}
    for day, work, note in CalendarDay.objects.order_by("date").values_list("date", "is_workday", "note"):
        days.setdefault(day.year, []).append((day, work, note))
    result = {}
    for year in set(years) | set(days):
        entered, source_note = years.get(year, (False, ""))
        result[year] = _Overrides(entered, source_note, tuple(days.get(year, ())))
    return result


def _awaiting_commit(func) -> bool:
    """Whether `func` is still queued by transaction.on_commit (not yet committed, not rolled back)."""
    return any(queued is func for _, queued, _ in transaction.get_connection().run_on_commit)


def _noop() -> None:
    pass


def _calendar() -> _Cache:
    """The cache this call may use, fresh enough."""
    markers = getattr(_local, "markers", None)
    if markers:
        # This thread wrote overrides inside a transaction: it reads them through a private cache
        # that no other thread sees, until the write commits or rolls back. Each marker is an
        # on-commit callback: Django drops it on rollback (of its savepoint) and runs it on commit.
        still_open = [marker for marker in markers if _awaiting_commit(marker)]
        if still_open:
            if len(still_open) < len(markers):  # a savepoint rolled back
                _local.markers = still_open
                _local.private.clear()
            if _local.private.overrides is None:
                _local.private.refresh()
            return _local.private
        _local.markers = []
        _local.private = None
        _shared.clear()  # committed (or rolled back): read the committed data again
    stale = _shared.overrides is None
    if getattr(_local, "in_request", False):
        if not getattr(_local, "checked", False):
            stale = True
            _local.checked = True
    elif time.monotonic() - _shared.loaded_at > REFRESH_SECONDS:
        stale = True
    if stale:
        _shared.refresh()
    return _shared


def _on_request_started(**kwargs) -> None:
    _local.in_request = True
    _local.checked = False


def _on_request_finished(**kwargs) -> None:
    _local.in_request = False
    _local.checked = False


request_started.connect(_on_request_started, dispatch_uid="gongkai.workdays.request_started")
request_finished.connect(_on_request_finished, dispatch_uid="gongkai.workdays.request_finished")


def _overrides_changed(years: Iterable[int]) -> None:
    """Drop what was built from the old overrides and announce the change once, on commit."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: already committed
        _shared.clear()
        calendar_changed.send(sender=CalendarYear, years=sorted(set(years)))
        return
    marker = partial(_noop)
    transaction.on_commit(marker)
    _local.markers = [*(getattr(_local, "markers", None) or []), marker]
    if getattr(_local, "private", None) is None:
        _local.private = _Cache()
    _local.private.clear()
    pending = getattr(_local, "pending", None)
    if pending is None or not _awaiting_commit(pending[0]):
        # The first change in this transaction (an earlier one that rolled back left its set behind, unsent).
        pending_years: set[int] = set()

        def send() -> None:
            if getattr(_local, "pending", None) is not None and _local.pending[0] is send:
                _local.pending = None
            _shared.clear()
            calendar_changed.send(sender=CalendarYear, years=sorted(pending_years))

        transaction.on_commit(send, robust=True)
        pending = _local.pending = (send, pending_years)
    pending[1].update(years)


def _on_day_saved(sender, instance: CalendarDay, **kwargs) -> None:
    _overrides_changed([instance.date.year])


def _on_year_saved(sender, instance: CalendarYear, **kwargs) -> None:
    _overrides_changed([instance.year])


def _on_post_migrate(**kwargs) -> None:
    clear_cache()  # flush (TransactionTestCase teardown) and migrations change tables without model signals


post_migrate.connect(_on_post_migrate, dispatch_uid="gongkai.workdays.post_migrate")

for _signal in (post_save, post_delete):
    _signal.connect(_on_day_saved, sender=CalendarDay, dispatch_uid=f"gongkai.workdays.day.{_signal is post_save}")
    _signal.connect(_on_year_saved, sender=CalendarYear, dispatch_uid=f"gongkai.workdays.year.{_signal is post_save}")


# --- reading the calendar ---------------------------------------------------------------------------


def is_workday(day: dt.date | dt.datetime) -> bool:
    """Whether `day` is a working day (a datetime counts by its local date)."""
    day = _as_date(day)
    calendar = _calendar()
    year = calendar.year(day.year)
    return bool(year.flags[day.toordinal() - year.first])


def year_source(year: int) -> str:
    """Where the year's calendar comes from: Source.OFFICIAL, BUILTIN or PROVISIONAL."""
    return _calendar().year(year).source


def is_provisional(year: int) -> bool:
    """True when `year` has no official arrangement: neither entered by staff nor in chinesecalendar."""
    return year_source(year) == Source.PROVISIONAL


def day_info(day: dt.date | dt.datetime) -> DayInfo:
    """The day with its kind and label, for showing in words."""
    day = _as_date(day)
    calendar = _calendar()
    year = calendar.year(day.year)
    i = day.toordinal() - year.first
    kind, label = year.kinds.get(i, ("workday", ""))
    return DayInfo(day, bool(year.flags[i]), kind, label, year.provisional, i in year.overridden)


def month_days(year: int, month: int) -> list[DayInfo]:
    """Every day of one month."""
    day = dt.date(year, month, 1)
    days = []
    while day.month == month:
        days.append(day_info(day))
        day += dt.timedelta(days=1)
    return days


def add_workdays_info(start: D, n: int) -> Deadline:
    """The n-th working day after `start` (before it when n < 0), and whether it is provisional.

    Day 1 is the first working day after `start`; n == 0 returns `start` itself.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    day = _as_date(start)
    calendar = _calendar()
    year = calendar.year(day.year)
    if n == 0:
        return Deadline(start, False)
    provisional = False
    if n > 0:
        # Find the smallest index j > i with workdays in (i, j] == remaining.
        i = day.toordinal() - year.first
        remaining = n
        while True:
            base = year.cum[i + 1]
            if base + remaining <= year.total:
                provisional = provisional or year.provisional
                j = bisect_left(year.cum, base + remaining) - 1
                result = dt.date.fromordinal(year.first + j)
                break
            if i + 1 < len(year.flags):  # the rest of this year is counted
                provisional = provisional or year.provisional
            remaining -= year.total - base
            year = calendar.year(year.year + 1)
            i = -1
    else:
        # Find the largest index j < i that is a working day with workdays in [j, i) == remaining.
        i = day.toordinal() - year.first
        remaining = -n
        while True:
            base = year.cum[i]
            if base - remaining >= 0:
                provisional = provisional or year.provisional
                j = bisect_left(year.cum, base - remaining + 1) - 1
                result = dt.date.fromordinal(year.first + j)
                break
            if i > 0:
                provisional = provisional or year.provisional
            remaining -= base
            year = calendar.year(year.year - 1)
            i = len(year.flags)
    return Deadline(_like(start, result), provisional)


def add_workdays(start: D, n: int) -> D:
    """The n-th working day after `start`: a request received on day D is due add_workdays(D, 20).

    Returns the same type as `start`; a datetime keeps its time of day. n == 0 returns `start`.
    Raises CalendarRangeError outside 2004–2099.
    """
    return add_workdays_info(start, n).date


def workdays_between(a: dt.date | dt.datetime, b: dt.date | dt.datetime) -> int:
    """Working days in (a, b]; negative (minus those in (b, a]) when b is before a."""
    a, b = _as_date(a), _as_date(b)
    if b < a:
        return -workdays_between(b, a)
    calendar = _calendar()
    calendar.year(a.year)
    total = 0
    for y in range(a.year, b.year + 1):
        year = calendar.year(y)
        lo = a.toordinal() - year.first + 1 if y == a.year else 0  # first index counted
        hi = b.toordinal() - year.first + 1 if y == b.year else len(year.flags)  # one past the last
        total += year.cum[hi] - year.cum[lo]
    return total


def missing_arrangements(today: dt.date | None = None) -> list[int]:
    """Years that deadlines may reach now (this year and next) still on the provisional calendar."""
    today = _as_date(today or timezone.localdate())
    return [y for y in (today.year, today.year + 1) if FIRST_YEAR <= y <= LAST_YEAR and is_provisional(y)]


# --- staff entering an arrangement ------------------------------------------------------------------


def can_edit_calendar(user) -> bool:
    """Agency administrators and system administrators keep the calendar."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role("agency_admin")))


@transaction.atomic
def arrangement_enter(
    *,
    year: int,
    holidays: Mapping[dt.date, str],
    workdays: Mapping[dt.date, str],
    source: str,
    by,
) -> CalendarYear:
    """Record a year's State Council arrangement: its days off and make-up working days, replacing earlier overrides."""
    from gongkai.core.workflow import record_event

    if not can_edit_calendar(by):
        raise PermissionDenied("只有机构管理员或系统管理员可以录入放假安排。")
    _check_year(year)
    errors = []
    if not source.strip():
        errors.append("请填写依据文件（如：国办发明电〔2025〕7号）。")
    outside = sorted(d for d in [*holidays, *workdays] if d.year != year)
    if outside:
        errors.append(f"以下日期不在{year}年：{'、'.join(d.isoformat() for d in outside)}。")
    both = sorted(set(holidays) & set(workdays))
    if both:
        errors.append(f"以下日期同时填为放假和上班：{'、'.join(d.isoformat() for d in both)}。")
    if not holidays:
        errors.append("请至少填写一个放假日期。")
    if errors:
        raise ValidationError(errors)

    calendar_year, _ = CalendarYear.objects.select_for_update().get_or_create(year=year)
    replaced = list(
        CalendarDay.objects.filter(date__year=year).order_by("date").values_list("date", "is_workday", "note")
    )
    CalendarDay.objects.filter(date__year=year).delete()
    for day, note in sorted(holidays.items()):
        CalendarDay.objects.create(date=day, is_workday=False, note=note[:100], entered_by=by)
    for day, note in sorted(workdays.items()):
        CalendarDay.objects.create(date=day, is_workday=True, note=note[:100], entered_by=by)
    calendar_year.arrangement_entered = True
    calendar_year.source = source.strip()[:200]
    calendar_year.entered_by = by
    calendar_year.save()
    record_event(
        calendar_year,
        action="arrangement_entered",
        label="录入放假安排",
        by=by,
        agency_id=getattr(by, "agency_id", None),
        comment=calendar_year.source,
        data={
            "year": year,
            "holidays": [d.isoformat() for d in sorted(holidays)],
            "workdays": [d.isoformat() for d in sorted(workdays)],
            "replaced": [[d.isoformat(), w, note] for d, w, note in replaced],
        },
    )
    return calendar_year


@dataclass
class YearStatus:
    """A year's row on the staff calendar page."""

    year: int
    source: str
    record: CalendarYear | None = None
    overrides: list[CalendarDay] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        return Source.labels[self.source]

    @property
    def provisional(self) -> bool:
        return self.source == Source.PROVISIONAL


def year_statuses(today: dt.date | None = None) -> list[YearStatus]:
    """Last year to two years ahead, plus any year with staff entries; newest first."""
    today = _as_date(today or timezone.localdate())
    records = {r.year: r for r in CalendarYear.objects.select_related("entered_by")}
    days: dict[int, list[CalendarDay]] = {}
    for day in CalendarDay.objects.select_related("entered_by").order_by("date"):
        days.setdefault(day.date.year, []).append(day)
    years = {y for y in range(today.year - 1, today.year + 3) if FIRST_YEAR <= y <= LAST_YEAR}
    years |= set(records) | set(days)
    return [YearStatus(y, year_source(y), records.get(y), days.get(y, [])) for y in sorted(years, reverse=True)]
