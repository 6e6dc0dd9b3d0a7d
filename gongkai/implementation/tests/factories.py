"""Build execution records through the real services (so the workflow and audit trail are real)."""

from __future__ import annotations

import datetime as dt

from gongkai.core.models import Agency, User
from gongkai.core.tests.factories import staff
from gongkai.implementation import services
from gongkai.implementation.models import ImplementationPlan, ProgressUpdate


class Team:
    """An editor, a reviewer and a signer of one agency (three pairs of hands)."""

    def __init__(self, agency: Agency):
        self.agency = agency
        self.editor = staff(agency, "editor")
        self.reviewer = staff(agency, "reviewer")
        self.signer = staff(agency, "signer")

    def publish(self, record):
        """Submit, approve and sign, through the service of the record's own app."""
        advance = services.record_advance
        if record._meta.app_label == "results":
            from gongkai.results.services import record_advance as advance
        for action, by in (("submit", self.editor), ("approve", self.reviewer), ("sign", self.signer)):
            record = advance(record=record, action=action, by=by)
        return record


def plan_with_steps(team: Team, steps: list[tuple[str, dt.date, dt.date]], *, publish: bool = True, **fields) -> ImplementationPlan:
    defaults = dict(
        title="高标准农田建设实施方案", goals="建成高标准农田1万亩。", measures="土地平整、灌排配套。",
        supervision_method="区政府督查室季度督查。", lead_unit=team.agency, subject_title="坊子区高标准农田建设决定",
    )
    defaults.update(fields)
    plan = services.plan_create(by=team.editor, **defaults)
    for title, starts, due in steps:
        services.step_add(plan=plan, by=team.editor, title=title, starts_on=starts, due_on=due, unit=team.agency)
    return team.publish(plan) if publish else plan


def update(team: Team, plan: ImplementationPlan, percents: dict[int, int], *, as_of: dt.date, publish: bool = True, by: User | None = None, **fields) -> ProgressUpdate:
    fields.setdefault("narrative", f"截至{as_of:%m月%d日}的工作进展。")
    u = services.update_create(plan=plan, by=by or team.editor, as_of=as_of, percents=percents, **fields)
    return team.publish(u) if publish else u
