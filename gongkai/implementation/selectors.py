"""Reads of execution openness: what the public may see, and the derived step statuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.core.models import User

from .models import (
    DUE_SOON_DAYS,
    AccountabilityCase,
    Finding,
    ImplementationPlan,
    Inspection,
    ProgressUpdate,
    PubState,
    RectState,
    Step,
    StepProgress,
)

STATUS = {
    # key: (label, badge class)
    "done": ("已完成", "ok"),
    "done_late": ("逾期完成", "warn"),
    "overdue": ("已逾期", "danger"),
    "due_soon": ("即将到期", "warn"),
    "in_progress": ("进行中", "info"),
    "not_started": ("未开始", "muted"),
}


@dataclass
class StepRow:
    """A step as the public sees it: progress from the latest published update, status derived from today."""

    step: Step
    percent: int = 0
    completed_on: dt.date | None = None
    status: str = "not_started"
    days_overdue: int = 0
    left: int = 0  # timeline geometry, whole percent of the plan's span
    width: int = 0

    @property
    def status_label(self) -> str:
        return STATUS[self.status][0]

    @property
    def badge(self) -> str:
        return STATUS[self.status][1]

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    today_at: int | None
    rows: list[StepRow] = field(default_factory=list)
    months: list[tuple[str, int]] = field(default_factory=list)  # (label, left %)


def step_status(*, due_on: dt.date, starts_on: dt.date, percent: int, completed_on: dt.date | None, today: dt.date) -> str:
    """Status of a step: computed from its due date, its reported progress and today, never typed in."""
    if percent >= 100:
        return "done_late" if completed_on and completed_on > due_on else "done"
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    if today < starts_on and percent == 0:
        return "not_started"
    return "in_progress"


def step_rows(plan: ImplementationPlan, *, today: dt.date | None = None, include_unpublished: bool = False) -> list[StepRow]:
    """Every step of a plan with its latest published percent and derived status."""
    today = today or timezone.localdate()
    steps = list(plan.steps.select_related("unit"))
    progress = StepProgress.objects.filter(step__plan=plan).select_related("update").order_by("update__as_of", "update_id")
    if not include_unpublished:
        progress = progress.filter(update__state=PubState.PUBLISHED)
    latest: dict[int, int] = {}
    completed: dict[int, dt.date] = {}
    for p in progress:
        latest[p.step_id] = p.percent
        if p.percent >= 100:
            completed.setdefault(p.step_id, p.update.as_of)
        else:
            completed.pop(p.step_id, None)
    rows = []
    for s in steps:
        percent = latest.get(s.pk, 0)
        row = StepRow(step=s, percent=percent, completed_on=completed.get(s.pk) if percent >= 100 else None)
        row.status = step_status(due_on=s.due_on, starts_on=s.starts_on, percent=percent, completed_on=row.completed_on, today=today)
        if row.status == "overdue":
            row.days_overdue = (today - s.due_on).days
        rows.append(row)
    return rows


def timeline(rows: list[StepRow], *, today: dt.date | None = None) -> Timeline | None:
    """Gantt geometry: each step's start and length as whole percents of the plan's span."""
    if not rows:
        return None
    today = today or timezone.localdate()
    start = min(r.step.starts_on for r in rows).replace(day=1)
    end = max(r.step.due_on for r in rows)
    span = max((end - start).days, 1)

    def pos(day: dt.date) -> int:
        return max(0, min(100, round((day - start).days * 100 / span)))

    for r in rows:
        r.left = pos(r.step.starts_on)
        r.width = max(1, pos(r.step.due_on) - r.left)
    months = []
    cursor = start
    step_months = max(1, round(span / 30 / 8))  # at most about eight month labels
    while cursor <= end:
        months.append((f"{cursor.year}年{cursor.month}月", pos(cursor)))
        month = cursor.month - 1 + step_months
        cursor = dt.date(cursor.year + month // 12, month % 12 + 1, 1)
    today_at = pos(today) if start <= today <= end else None
    return Timeline(start=start, end=end, today_at=today_at, rows=rows, months=months)


def overall_percent(rows: list[StepRow]) -> int:
    return round(sum(r.percent for r in rows) / len(rows)) if rows else 0


def public_plans() -> QuerySet[ImplementationPlan]:
    """Published plans, newest first."""
    return ImplementationPlan.objects.filter(state=PubState.PUBLISHED).select_related("agency", "lead_unit")


def public_plan(pk: int) -> ImplementationPlan:
    try:
        return public_plans().prefetch_related("cooperating_units").get(pk=pk)
    except ImplementationPlan.DoesNotExist:
        raise Http404("未找到该实施方案。") from None


def published_updates(plan: ImplementationPlan) -> list[ProgressUpdate]:
    """The plan's published progress updates, latest first, with step progress and evidence."""
    return list(
        plan.updates.filter(state=PubState.PUBLISHED)
        .order_by("-as_of", "-id")
        .prefetch_related(Prefetch("step_progress", queryset=StepProgress.objects.select_related("step").order_by("step__order")), "evidence")
    )


def progress_series(plan: ImplementationPlan, updates: list[ProgressUpdate]) -> dict:
    """Per published update (oldest first): each step's percent carried forward, and the overall percent.

    The same dict feeds the ECharts chart (as JSON) and the table beside it.
    """
    steps = list(plan.steps.all())
    current = {s.pk: 0 for s in steps}
    points = []
    for u in sorted(updates, key=lambda u: (u.as_of, u.pk)):
        for p in u.step_progress.all():
            current[p.step_id] = p.percent
        values = [current[s.pk] for s in steps]
        points.append({"date": u.as_of.isoformat(), "steps": values, "overall": round(sum(values) / len(values)) if values else 0})
    return {"steps": [s.title for s in steps], "points": points}


def subject_of(plan: ImplementationPlan):
    """The decision a plan is linked to, when the decisions app is installed; else None (the title and URL stand)."""
    if plan.subject_type_id is None or plan.subject_id is None:
        return None
    ct = ContentType.objects.get_for_id(plan.subject_type_id)
    if not apps.is_installed(f"gongkai.{ct.app_label}") and not apps.is_installed(ct.app_label):
        return None
    model = ct.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=plan.subject_id).first()


def plans_for(obj) -> QuerySet[ImplementationPlan]:
    """Published plans linked to an object (e.g. a decision's page shows its execution)."""
    ct = ContentType.objects.get_for_model(obj)
    return public_plans().filter(subject_type=ct, subject_id=obj.pk)


def public_inspections() -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(state=PubState.PUBLISHED)
        .select_related("agency")
        .annotate(
            n_findings=Count("findings"),
            n_open=Count("findings", filter=~Q(findings__status__in=[RectState.DONE, RectState.VERIFIED])),
        )
    )


def public_inspection(pk: int) -> Inspection:
    try:
        return Inspection.objects.filter(state=PubState.PUBLISHED).select_related("agency").get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("未找到该督查。") from None


def public_findings(*, status: str = "") -> QuerySet[Finding]:
    qs = Finding.objects.filter(inspection__state=PubState.PUBLISHED).select_related("inspection", "responsible_unit")
    if status in RectState.values:
        qs = qs.filter(status=status)
    return qs.prefetch_related("evidence_files")


def public_cases() -> QuerySet[AccountabilityCase]:
    return AccountabilityCase.objects.filter(state=PubState.PUBLISHED).select_related("unit", "agency")


# Staff side: everything of the user's own agency.

def staff_plans(user: User) -> QuerySet[ImplementationPlan]:
    return ImplementationPlan.objects.filter(agency_id=user.agency_id).select_related("lead_unit").annotate(n_steps=Count("steps"))


def staff_plan(user: User, pk: int) -> ImplementationPlan:
    try:
        return staff_plans(user).get(pk=pk)
    except ImplementationPlan.DoesNotExist:
        raise Http404("未找到。") from None


def staff_update(user: User, pk: int) -> ProgressUpdate:
    try:
        return ProgressUpdate.objects.select_related("plan").get(pk=pk, plan__agency_id=user.agency_id)
    except ProgressUpdate.DoesNotExist:
        raise Http404("未找到。") from None


def staff_inspections(user: User) -> QuerySet[Inspection]:
    return Inspection.objects.filter(agency_id=user.agency_id).annotate(n_findings=Count("findings"))


def staff_inspection(user: User, pk: int) -> Inspection:
    try:
        return Inspection.objects.get(pk=pk, agency_id=user.agency_id)
    except Inspection.DoesNotExist:
        raise Http404("未找到。") from None


def staff_finding(user: User, pk: int) -> Finding:
    try:
        return Finding.objects.select_related("inspection", "responsible_unit").get(pk=pk, inspection__agency_id=user.agency_id)
    except Finding.DoesNotExist:
        raise Http404("未找到。") from None


def staff_cases(user: User) -> QuerySet[AccountabilityCase]:
    return AccountabilityCase.objects.filter(agency_id=user.agency_id).select_related("unit")


def staff_case(user: User, pk: int) -> AccountabilityCase:
    try:
        return staff_cases(user).get(pk=pk)
    except AccountabilityCase.DoesNotExist:
        raise Http404("未找到。") from None
