"""The P1 clock: an interpretation is due 3 working days after its policy is first published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from gongkai.core import workdays

DUE_WORKDAYS = 3  # SPEC P1 / RULES: published with the policy or within 3 WD after it


@dataclass(frozen=True)
class PolicyDue:
    published_at: dt.datetime
    due_on: dt.date
    due_at: dt.datetime  # the end of the due day, local time
    provisional: bool


def policy_due(published_at: dt.datetime) -> PolicyDue:
    """When the interpretation of a policy published at `published_at` is due."""
    deadline = workdays.add_workdays_info(timezone.localtime(published_at).date(), DUE_WORKDAYS)
    due_on = deadline.date
    due_at = timezone.make_aware(dt.datetime.combine(due_on, dt.time(23, 59, 59)))
    return PolicyDue(published_at=published_at, due_on=due_on, due_at=due_at, provisional=deadline.provisional)


def status(due: PolicyDue, done_at: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """on_time, due_soon, overdue (still missing after the due day), late (published after it) or done."""
    now = now or timezone.now()
    if done_at is not None:
        return "late" if done_at > due.due_at else "done"
    if now > due.due_at:
        return "overdue"
    if workdays.workdays_between(timezone.localtime(now).date(), due.due_on) <= 1:
        return "due_soon"
    return "on_time"


STATUS_LABELS = {"on_time": "按期", "due_soon": "即将到期", "overdue": "已逾期", "late": "逾期发布", "done": "按期发布"}
STATUS_BADGES = {"on_time": "badge-info", "due_soon": "badge-warn", "overdue": "badge-danger", "late": "badge-danger", "done": "badge-ok"}
