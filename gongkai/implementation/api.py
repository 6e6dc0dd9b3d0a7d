"""Public API of execution openness: plans with derived step statuses, and findings."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from . import selectors

router = Router(tags=["执行公开"])


class StepOut(Schema):
    order: int
    title: str
    unit: str
    starts_on: dt.date
    due_on: dt.date
    percent: int
    status: str
    status_label: str
    overdue: bool
    days_overdue: int


class PlanBrief(Schema):
    id: int
    title: str
    subject_title: str
    url: str
    percent: int


class UpdateOut(Schema):
    as_of: dt.date
    narrative: str
    problems: str
    follow_up: str


class PlanOut(PlanBrief):
    goals: str
    measures: str
    supervision_method: str
    lead_unit: str
    steps: list[StepOut]
    updates: list[UpdateOut]


class FindingOut(Schema):
    inspection: str
    problem: str
    responsible_unit: str
    deadline: dt.date
    status: str
    status_label: str
    overdue: bool


def _steps(rows):
    return [
        StepOut(order=r.step.order, title=r.step.title, unit=r.step.unit.name, starts_on=r.step.starts_on, due_on=r.step.due_on,
                percent=r.percent, status=r.status, status_label=r.status_label, overdue=r.overdue, days_overdue=r.days_overdue)
        for r in rows
    ]


@router.get("/plans", response=list[PlanBrief], summary="公开的实施方案")
def plans(request):
    out = []
    for p in selectors.public_plans():
        out.append(PlanBrief(id=p.pk, title=p.title, subject_title=p.subject_title, url=p.get_absolute_url(),
                             percent=selectors.overall_percent(selectors.step_rows(p))))
    return out


@router.get("/plans/{plan_id}", response=PlanOut, summary="实施方案：步骤、逾期状态（按当天计算）和工作进展")
def plan(request, plan_id: int):
    p = selectors.public_plan(plan_id)
    rows = selectors.step_rows(p)
    return PlanOut(
        id=p.pk, title=p.title, subject_title=p.subject_title, url=p.get_absolute_url(), percent=selectors.overall_percent(rows),
        goals=p.goals, measures=p.measures, supervision_method=p.supervision_method, lead_unit=p.lead_unit.name,
        steps=_steps(rows),
        updates=[UpdateOut(as_of=u.as_of, narrative=u.narrative, problems=u.problems, follow_up=u.follow_up) for u in selectors.published_updates(p)],
    )


@router.get("/findings", response=list[FindingOut], summary="督查发现问题及整改状态")
def findings(request, status: str = ""):
    return [
        FindingOut(inspection=f.inspection.title, problem=f.problem, responsible_unit=f.responsible_unit.name, deadline=f.deadline,
                   status=f.status, status_label=f.get_status_display(), overdue=f.is_overdue())
        for f in selectors.public_findings(status=status)
    ]
