"""Decisions at each stage, built through the services (so the audit trail is real)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core.models import Agency, User
from gongkai.decisions import services
from gongkai.decisions.models import Decision, RecordKind

# Personal data planted in tests: no public response may ever contain them (see conftest.py).
PLANTED_PHONES = ("13912345678", "13887654321", "15066668888")
PLANTED_NAMES = ("欧阳春花", "司马秋实")

DRAFT = "\n".join(
    [
        "第一条 为规范高标准农田建后管护，制定本办法。",
        "第二条 管护经费按每亩每年20元列入财政预算。",
        "第三条 管护主体为项目所在村集体经济组织。",
    ]
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "记录.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def drafted(editor: User, **fields) -> Decision:
    decision = services.decision_create(by=editor, title=fields.pop("title", "坊子区高标准农田建后管护办法"), year=timezone.localdate().year)
    services.decision_advance(decision=decision, by=editor, action="start_drafting")
    return services.decision_update(
        decision=decision, by=editor, explanation="起草说明：为解决建后管护经费不足的问题。", basis="《农田建设项目管理办法》", draft_text=DRAFT, **fields
    )


def in_consultation(editor: User, *, days: int = 30, reason: str = "") -> Decision:
    decision = drafted(editor)
    today = timezone.localdate()
    return services.consultation_open(decision=decision, by=editor, opens_on=today, closes_on=today + dt.timedelta(days=days), short_reason=reason)


def after_close(decision: Decision):
    """A time_machine traveller to the day after the comment period."""
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(decision.comment_closes_on + dt.timedelta(days=1), dt.time(10))), tick=False)


def gate_records(decision: Decision, editor: User, *, legality: bool = True) -> None:
    day = timezone.localdate()
    for kind in (RecordKind.PUBLIC_PARTICIPATION, RecordKind.EXPERT_ARGUMENTATION, RecordKind.RISK_ASSESSMENT):
        services.record_add(decision=decision, by=editor, kind=kind, held_on=day, summary=f"{RecordKind(kind).label}已完成。", upload=pdf())
    if legality:
        services.record_add(decision=decision, by=editor, kind=RecordKind.LEGALITY_REVIEW, held_on=day, summary="经司法局审查，合法。", passed=True, upload=pdf())


def agency_named(slug: str) -> Agency:
    from gongkai.core.tests.factories import AgencyFactory

    return AgencyFactory(slug=slug)
