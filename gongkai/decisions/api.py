"""The decisions API: list, detail with records, counts and adoption report; comments; status by tracking code."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Router, Schema

from gongkai.core import idempotency
from gongkai.core.workflow import WorkflowError

from . import selectors, services
from .clocks import report_due
from .models import Channel, Decision
from .views import COMMENT_SCOPE, client_ip

router = Router(tags=["重大决策"])


class DecisionBrief(Schema):
    id: int
    title: str
    agency: str
    year: int
    stage: str
    stage_label: str
    comment_opens_on: dt.date | None
    comment_closes_on: dt.date | None
    open_for_comment: bool
    url: str


class RecordOut(Schema):
    kind: str
    kind_label: str
    held_on: dt.date
    summary: str
    passed: bool | None
    document_url: str | None


class ParagraphOut(Schema):
    number: int
    text: str
    comment_count: int


class DecisionOut(DecisionBrief):
    summary: str
    explanation: str
    basis: str
    short_period_reason: str
    paragraphs: list[ParagraphOut]
    comment_count: int
    whole_draft_comment_count: int
    records: list[RecordOut]
    stage_dates: dict[str, dt.datetime | None]
    decided_on: dt.date | None
    final_text: str
    adoption_report: dict | None
    adoption_report_due: dt.date | None
    document_url: str | None


class CommentIn(Schema):
    content: str = Field(..., max_length=5000)
    name: str = Field(..., max_length=60)
    phone: str = Field(..., max_length=20)
    paragraph: int | None = Field(None, ge=1)
    show_name: bool = False
    email: str = Field("", max_length=254)


class TrackingOut(Schema):
    tracking_code: str


class ErrorOut(Schema):
    code: str
    message: str


class CommentStatusOut(Schema):  # not StatusOut: OpenAPI component names are global
    tracking_code: str
    decision_id: int
    decision_title: str
    received_at: dt.datetime
    paragraph: int | None
    status: str
    status_label: str
    classification: str | None
    classification_label: str | None
    reason: str | None


def _brief(d: Decision) -> dict:
    return {
        "id": d.pk,
        "title": d.title,
        "agency": d.agency.name,
        "year": d.year,
        "stage": d.stage,
        "stage_label": d.get_stage_display(),
        "comment_opens_on": d.comment_opens_on,
        "comment_closes_on": d.comment_closes_on,
        "open_for_comment": d.is_open_for_comment,
        "url": d.get_absolute_url(),
    }


@router.get("", response=list[DecisionBrief], summary="重大决策列表（含决策事项目录）")
def decision_list(request: HttpRequest, year: int | None = None):
    qs = selectors.public_decisions().order_by("-year", "-id")
    if year is not None:
        qs = qs.filter(year=year)
    return [_brief(d) for d in qs[:500]]


@router.get("/comments/{tracking_code}", response={200: CommentStatusOut, 404: ErrorOut}, summary="按查询码查询意见办理状态")
def comment_status(request: HttpRequest, tracking_code: str):
    comment = selectors.comment_by_code(tracking_code)
    if comment is None:
        return 404, {"code": "not_found", "message": "没有找到该查询码对应的意见。"}
    effective = comment.effective
    reported = hasattr(comment.decision, "adoption_report")
    return 200, {
        "tracking_code": comment.tracking_code,
        "decision_id": comment.decision_id,
        "decision_title": comment.decision.title,
        "received_at": comment.created_at,
        "paragraph": comment.paragraph.number if comment.paragraph else None,
        "status": "folded" if comment.duplicate_of_id else comment.state,
        "status_label": "与已收到的意见相同，已合并办理" if comment.duplicate_of_id else comment.get_state_display(),
        "classification": effective.classification if reported else None,
        "classification_label": effective.get_classification_display() if reported else None,
        "reason": effective.reason if reported else None,
    }


@router.get("/{decision_id}", response={200: DecisionOut, 404: ErrorOut}, summary="重大决策详情")
def decision_detail(request: HttpRequest, decision_id: int):
    try:
        d = selectors.public_decision(decision_id)
    except Exception:  # noqa: BLE001 - Http404
        return 404, {"code": "not_found", "message": "未找到该决策事项。"}
    counts = selectors.paragraph_counts(d)
    report = getattr(d, "adoption_report", None)
    try:
        due = report_due(d)
    except Exception:  # noqa: BLE001 - calendar year unknown
        due = None
    steps = selectors.timeline(d)
    item = d.disclosure_item
    return 200, {
        **_brief(d),
        "summary": d.summary,
        "explanation": d.explanation,
        "basis": d.basis,
        "short_period_reason": d.short_period_reason,
        "paragraphs": [{"number": p.number, "text": p.text, "comment_count": counts.get(p.pk, 0)} for p in d.paragraphs.all()],
        "comment_count": sum(counts.values()),
        "whole_draft_comment_count": counts.get(None, 0),
        "records": [
            {
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "held_on": r.held_on,
                "summary": r.summary,
                "passed": r.passed,
                "document_url": r.get_absolute_url() if r.file else None,
            }
            for r in d.records.all()
        ],
        "stage_dates": {s.stage: s.reached_at for s in steps},
        "decided_on": d.decided_on,
        "final_text": d.final_text,
        "adoption_report": report.data if report else None,
        "adoption_report_due": due.date if due else None,
        "document_url": item.get_absolute_url() if item and item.is_public else None,
    }


@router.post(
    "/{decision_id}/comments",
    response={201: TrackingOut, 200: TrackingOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="对草案提出意见（征求意见期内）",
    description="可带请求头 Idempotency-Key（建议UUID）：同一键重复提交相同内容只生成一条意见，"
    "应答200、相同查询码和 Idempotent-Replayed: true；同一键提交不同内容应答422。",
)
def comment_create(
    request: HttpRequest,
    response: HttpResponse,
    decision_id: int,
    payload: CommentIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
):
    try:
        d = selectors.public_decision(decision_id)
    except Exception:  # noqa: BLE001 - Http404
        return 404, {"code": "not_found", "message": "未找到该决策事项。"}
    try:
        outcome = idempotency.submit(
            scope=COMMENT_SCOPE,
            key=idempotency_key,
            payload={**payload.dict(), "decision": d.pk},
            create=lambda: services.comment_submit(
                decision=d,
                content=payload.content,
                name=payload.name,
                phone=payload.phone,
                paragraph_number=payload.paragraph,
                show_name=payload.show_name,
                email=payload.email,
                ip=client_ip(request),
                channel=Channel.API,
            ),
            answer=lambda c: {"tracking_code": c.tracking_code},
        )
    except idempotency.IdempotencyError as err:
        return 422, {"code": err.code, "message": err.message}
    except services.CommentRefused as err:
        status = {"not_open": 409, "rate_limited": 429, "not_found": 404}.get(err.code, 422)
        return status, {"code": err.code, "message": err.message}
    except WorkflowError as err:
        return 422, {"code": "invalid", "message": err.message}
    return idempotency.api_status(outcome, response), outcome.answer
