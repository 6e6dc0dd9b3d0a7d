"""Letters over HTTP: /api/v1/letters (send) and /api/v1/letters/{tracking_code} (follow).
The answers never carry the sender's name or contact."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from gongkai.core import idempotency
from gongkai.core.models import Agency
from gongkai.core.workflow import WorkflowError

from . import selectors, services
from .models import LetterBox, TopicKind
from .views import LETTER_SCOPE

router = Router(tags=["建言献策与领导信箱"])


class LetterIn(Schema):
    topic: str = Field("", max_length=200, description="所涉事项：某项决策、政策、服务的名称，或自由填写")
    content: str = Field(min_length=1, max_length=5000, description="来信内容")
    name: str = Field(min_length=1, max_length=60, description="姓名（不公开）")
    phone: str = Field("", max_length=40, description="联系电话（不公开）；与 email 至少填一项")
    email: str = Field("", max_length=254, description="电子邮箱（不公开）")
    publish_consent: bool = Field(False, description="同意去除个人信息后公开来信和答复")
    subject: str = Field("", max_length=120, description="标题；不填时取所涉事项或内容开头")
    topic_kind: TopicKind = Field(TopicKind.FREE, description="事项类别：decision、policy、service、free")
    box: LetterBox = Field(LetterBox.SUGGESTION, description="信箱：suggestion（建言献策）或 leader（领导信箱）")
    agency: str = Field("", max_length=40, description="致信机构的网址标识（slug）；不填为区政府")
    idempotency_key: str = Field("", max_length=64, description="幂等键：同一键重复提交只生成一件来信")


class LetterCreated(Schema):
    tracking_code: str
    due_date: dt.date
    provisional: bool = Field(description="期限按暂定日历计算")


class ReplyOut(Schema):
    text: str
    replied_at: dt.datetime


class LetterOut(Schema):
    tracking_code: str
    status: str
    status_label: str
    subject: str
    received_at: dt.datetime
    agency: str
    due_date: dt.date | None = Field(description="尚未答复时的答复期限")
    reply: ReplyOut | None
    followup_reply: ReplyOut | None
    rating: str | None


class ErrorOut(Schema):
    code: str
    message: str


@router.post(
    "",
    response={201: LetterCreated, 200: LetterCreated, 404: ErrorOut, 422: ErrorOut},
    summary="写信",
    description="幂等键放在 idempotency_key 或请求头 Idempotency-Key（建议UUID）：同一键重复提交相同内容只生成一件来信，"
    "应答200、相同查询码和 Idempotent-Replayed: true；同一键提交不同内容应答422。",
)
def letter_create(request: HttpRequest, response: HttpResponse, payload: LetterIn):
    if payload.agency:
        agency = Agency.objects.filter(slug=payload.agency).first()
        if agency is None:
            return Status(404, {"code": "agency_not_found", "message": "未找到该机构。"})
    else:
        agency = Agency.objects.filter(parent__isnull=True).order_by("sort_order", "id").first()
        if agency is None:
            return Status(404, {"code": "agency_not_found", "message": "未找到受理机构。"})
    subject = payload.subject.strip() or payload.topic.strip() or payload.content.strip()[:30]
    key = (payload.idempotency_key or request.headers.get(idempotency.HEADER, "")).strip()

    def answer(letter) -> dict:
        deadline = selectors.letter_deadline(letter)
        return {"tracking_code": letter.tracking_code, "due_date": deadline.date, "provisional": deadline.provisional}

    try:
        outcome = idempotency.submit(
            scope=LETTER_SCOPE,
            key=key,
            payload={**payload.dict(exclude={"idempotency_key"}), "agency": agency.pk},
            create=lambda: services.letter_submit(
                agency=agency,
                box=payload.box,
                topic_kind=payload.topic_kind,
                topic=payload.topic,
                subject=subject,
                content=payload.content,
                name=payload.name,
                phone=payload.phone,
                email=payload.email,
                publish_consent=payload.publish_consent,
                idempotency_key=key or None,
            )[0],
            answer=answer,
        )
    except idempotency.IdempotencyError as err:
        return Status(422, {"code": err.code, "message": err.message})
    except WorkflowError as err:
        return Status(422, {"code": "invalid_input", "message": err.message})
    return Status(idempotency.api_status(outcome, response), outcome.answer)


@router.get("/{tracking_code}", response={200: LetterOut, 404: ErrorOut}, summary="查询来信办理情况")
def letter_status(request: HttpRequest, tracking_code: str):
    try:
        letter = selectors.letter_by_code(tracking_code)
    except Http404:
        return Status(404, {"code": "not_found", "message": "未找到该查询码对应的来信。"})
    open_ = letter.state in selectors.OPEN_STATES
    return {
        "tracking_code": letter.tracking_code,
        "status": letter.state,
        "status_label": letter.get_state_display(),
        "subject": services.mask_personal_data(letter.subject, letter=letter),
        "received_at": letter.received_at,
        "agency": letter.agency.name,
        "due_date": selectors.letter_deadline(letter).date if open_ else None,
        "reply": {"text": letter.reply, "replied_at": letter.replied_at} if letter.replied_at else None,
        "followup_reply": (
            {"text": letter.followup_reply, "replied_at": letter.followup_replied_at}
            if letter.followup_replied_at
            else None
        ),
        "rating": letter.get_rating_display() if letter.rating else None,
    }
