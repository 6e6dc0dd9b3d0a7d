"""The dashboard's reads: which clocks a user sees, their status, per agency and district."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

import importlib
from collections.abc import Iterator

from django.apps import apps

from gongkai.core.clocks import STATUS_LABELS, Clock
from gongkai.core.models import Agency, Role, User

STATUS_BADGES = {"on_time": "badge-ok", "due_soon": "badge-warn", "overdue": "badge-danger"}


def all_clocks(*, agency_ids: set[int] | None = None) -> Iterator[Clock]:
    """gongkai.core.clocks.all_open_clocks, minus its one flaw: it imports gongkai.core.clocks itself (the protocol
    module, which has no open_clocks) and fails. Same order and contract; replace by all_open_clocks once core skips it."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.clocks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.clocks":
                raise
            continue
        provider = getattr(module, "open_clocks", None)
        if provider is not None:
            yield from provider(agency_ids=agency_ids)


def can_use_dashboard(user: User) -> bool:
    return bool(user.is_authenticated and (user.agency_id is not None or user.has_role(Role.SUPERVISOR)))


def visible_agency_ids(user: User) -> set[int] | None:
    """None (all) for supervisors; otherwise the user's agency."""
    if user.has_role(Role.SUPERVISOR):
        return None
    if user.agency_id is None:
        raise Http404("未找到。")
    return {user.agency_id}


@dataclass(frozen=True)
class Row:
    clock: Clock
    status: str
    agency: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]


def dashboard_rows(user: User, *, agency_id: int | None = None, status: str = "", kind: str = "",
                   now: dt.datetime | None = None) -> list[Row]:
    """Every clock the user may see, filtered; an agency filter includes the agencies below it (district)."""
    now = now or timezone.now()
    visible = visible_agency_ids(user)
    ids = visible
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None or (visible is not None and agency_id not in visible):
            raise Http404("未找到。")
        ids = agency.descendant_ids() if visible is None else {agency_id}
    names = dict(Agency.objects.values_list("pk", "short_name"))
    rows = []
    for clock in all_clocks(agency_ids=ids):
        if clock.done_at is not None and timezone.localtime(clock.done_at).year != now.year:
            continue
        s = clock.status(now)
        if status and s != status:
            continue
        if kind and clock.kind != kind:
            continue
        rows.append(Row(clock, s, names.get(clock.agency_id, "")))
    rows.sort(key=lambda r: ({"overdue": 0, "due_soon": 1, "on_time": 2}[r.status], r.clock.due_at))
    return rows


@dataclass
class AgencySummary:
    agency: str
    on_time: int = 0
    due_soon: int = 0
    overdue: int = 0
    done: int = 0  # clocks stopped this year
    done_on_time: int = 0
    overdue_open: int = 0  # still running and already late

    @property
    def score(self) -> int | None:
        """The year's score: clocks met on time out of those finished or already overdue (100 = all on time)."""
        base = self.done + self.overdue_open
        return round(100 * self.done_on_time / base) if base else None


def summaries(rows: list[Row]) -> list[AgencySummary]:
    by_agency: dict[str, AgencySummary] = {}
    for row in rows:
        s = by_agency.setdefault(row.agency, AgencySummary(row.agency))
        setattr(s, row.status, getattr(s, row.status) + 1)
        if row.clock.done_at is not None:
            s.done += 1
            s.done_on_time += row.status != "overdue"
        elif row.status == "overdue":
            s.overdue_open += 1
    return sorted(by_agency.values(), key=lambda s: s.agency)
