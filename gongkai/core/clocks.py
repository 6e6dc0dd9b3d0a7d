"""Statutory clocks, gathered from every app for the compliance dashboard.

An app that owns a clock (a request's reply deadline, an interpretation due
3 working days after its policy, a consultation's adoption report …) exposes
them through a module `<app>/clocks.py` with one function:

    def open_clocks(*, agency_ids: set[int] | None = None) -> Iterable[Clock]

returning the clocks still running (and those overdue), for the given agencies
or all when None. Due dates are computed from recorded events through
`gongkai.core.workdays`, never stored. The dashboard knows no app's models.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.utils import timezone

DUE_SOON = timedelta(days=3)


@dataclass(frozen=True)
class Clock:
    kind: str  # stable key, e.g. "request_reply", "interpretation", "adoption_report"
    kind_label: str  # Chinese, e.g. "依申请公开答复"
    title: str  # what the clock is about, without personal data
    agency_id: int
    owner: str  # who must act (unit or role), Chinese
    started_at: datetime
    due_at: datetime
    url: str  # staff URL where the thing is handled
    provisional: bool = False  # computed on a provisional calendar year
    done_at: datetime | None = None  # set when the clock stopped (answered), for the year's score

    def status(self, now: datetime | None = None) -> str:
        """on_time, due_soon or overdue (derived, never stored)."""
        now = now or timezone.now()
        end = self.done_at or now
        if end > self.due_at:
            return "overdue"
        if self.done_at is None and self.due_at - now <= DUE_SOON:
            return "due_soon"
        return "on_time"


STATUS_LABELS = {"on_time": "按期", "due_soon": "即将到期", "overdue": "已逾期"}


def all_open_clocks(*, agency_ids: set[int] | None = None) -> Iterator[Clock]:
    """Every app's clocks, app by app."""
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
        if provider is None:  # this module itself (gongkai.core.clocks) provides no clocks
            continue
        clocks: Iterable[Clock] = provider(agency_ids=agency_ids)
        yield from clocks
