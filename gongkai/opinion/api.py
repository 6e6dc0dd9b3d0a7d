"""Inbound webhook for monitoring services: POST /api/v1/opinion/webhook with the shared secret in
the X-Gongkai-Secret header (setting or environment variable OPINION_WEBHOOK_SECRET; empty = off)."""

from __future__ import annotations

import datetime as dt
import hmac
import os

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from gongkai.core.models import Agency

from .intake import sighting_record
from .models import Grade, Source

router = Router(tags=["政务舆情"])


class WebhookIn(Schema):
    agency: str = Field(max_length=40, description="责任机构的网址标识（slug）")
    id: str = Field("", max_length=200, description="监测服务中的条目标识；同一标识只收集一次")
    title: str = Field(min_length=1, max_length=300)
    url: str = Field("", max_length=500)
    summary: str = Field("", max_length=5000)
    discovered_at: dt.datetime | None = Field(None, description="发现时间；不填为收到时间")
    grade: Grade = Field(Grade.GENERAL)
    topic: str = Field("", max_length=60)


class WebhookOut(Schema):
    incident: int | None
    created: bool
    duplicate: bool


class ErrorOut(Schema):
    code: str
    message: str


@router.post(
    "/webhook", response={200: WebhookOut, 201: WebhookOut, 403: ErrorOut, 404: ErrorOut}, summary="舆情监测服务推送"
)
def webhook(request: HttpRequest, payload: WebhookIn):
    secret = getattr(settings, "OPINION_WEBHOOK_SECRET", "") or os.environ.get("OPINION_WEBHOOK_SECRET", "")
    given = request.headers.get("X-Gongkai-Secret", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return Status(403, {"code": "forbidden", "message": "密钥不正确，已拒绝。"})
    agency = Agency.objects.filter(slug=payload.agency).first()
    if agency is None:
        return Status(404, {"code": "agency_not_found", "message": "未找到该机构。"})
    incident, created = sighting_record(
        agency=agency,
        source=Source.WEBHOOK,
        key=payload.id or payload.url or payload.title,
        title=payload.title,
        url=payload.url,
        summary=payload.summary,
        seen_at=payload.discovered_at,
        grade=payload.grade,
        topic=payload.topic,
    )
    body = {"incident": incident.pk if incident else None, "created": created, "duplicate": incident is None}
    return Status(201 if created else 200, body)
