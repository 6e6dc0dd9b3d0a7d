"""Requests over HTTP: POST /api/v1/requests, GET /api/v1/requests/{tracking_code}. Never identity data."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpResponse
from ninja import Field, Header, Router, Schema

from gongkai.core import idempotency
from gongkai.core.models import Agency
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures.selectors import guide_agency

from . import selectors, services
from .outcomes import OUTCOMES
from .views import REQUEST_SCOPE

router = Router(tags=["依申请公开"])


class RequestIn(Schema):
    applicant_type: Literal["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
                            "legal_service_org", "other_org"]
    name: str = Field(min_length=1, max_length=100)
    id_number: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=4000)
    delivery: Literal["online", "post", "in_person"] = "online"
    info_title: str = Field("", max_length=200)
    doc_number: str = Field("", max_length=80)
    purpose: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    contact_person: str = Field("", max_length=60)
    agency_id: int | None = Field(None, description="受理机构；默认为本网站的机构")


class ReceiptOut(Schema):
    tracking_code: str
    received_on: dt.date
    due_date: dt.date | None


class ErrorOut(Schema):
    code: str
    message: str


class StatusOut(Schema):
    tracking_code: str
    agency: str
    received_on: dt.date
    status: str
    status_label: str
    due_date: dt.date | None
    extended: bool
    outcome: str | None
    outcome_label: str | None
    concluded_on: dt.date | None
    files: list[str]


@router.post(
    "",
    response={201: ReceiptOut, 200: ReceiptOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="提交政府信息公开申请",
    description="可带请求头 Idempotency-Key（建议UUID）：同一键重复提交相同内容只登记一件申请，"
    "应答200、相同回执和 Idempotent-Replayed: true；同一键提交不同内容应答422。",
)
def submit(request, response: HttpResponse, payload: RequestIn,
           idempotency_key: str = Header("", alias="Idempotency-Key")):
    if payload.agency_id is not None:
        agency = Agency.objects.filter(pk=payload.agency_id).first()
        if agency is None:
            return 404, {"code": "not_found", "message": "受理机构不存在。"}
    else:
        agency = guide_agency(settings.GONGKAI_SITE["title"])
    data = payload.dict(exclude={"agency_id"})

    def receipt(req) -> dict:
        return {"tracking_code": req.tracking_code, "received_on": req.received_on, "due_date": services.clock_of(req).due}

    try:
        outcome = idempotency.submit(
            scope=REQUEST_SCOPE,
            key=idempotency_key,
            payload={**data, "agency": agency.pk},
            create=lambda: services.request_submit_online(agency=agency, data=data),
            answer=receipt,
        )
    except idempotency.IdempotencyError as exc:
        return 422, {"code": exc.code, "message": exc.message}
    except WorkflowError as exc:
        return 400, {"code": "invalid_input", "message": exc.message}
    return idempotency.api_status(outcome, response), outcome.answer


@router.get("/{tracking_code}", response={200: StatusOut, 404: ErrorOut}, auth=None, summary="查询申请办理状态")
def status(request, tracking_code: str):
    try:
        req = selectors.public_request(tracking_code)
    except Http404:
        return 404, {"code": "not_found", "message": "未找到该查询码对应的申请。"}
    state = services.clock_of(req)
    outcome = OUTCOMES.get(req.outcome)
    return 200, {
        "tracking_code": req.tracking_code,
        "agency": req.agency.name,
        "received_on": req.received_on,
        "status": req.state,
        "status_label": selectors.PUBLIC_STATE_TEXT[req.state],
        "due_date": state.due,
        "extended": state.extended,
        "outcome": req.outcome or None,
        "outcome_label": f"{outcome.group}：{outcome.label}" if outcome else None,
        "concluded_on": req.concluded_on,
        "files": [f.original_name for f in req.files.all()] if req.concluded_on else [],
    }
