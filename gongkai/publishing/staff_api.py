"""Staff write API: the editorial workflow of disclosure items, for other systems of an agency.

A personal bearer token (created at /staff/api-tokens/) acts as its user: same agency, same roles.
Every write goes through gongkai.disclosures.services, exactly as the workspace does, so the same
permission, two-pairs-of-eyes, screening and workflow rules apply and every move is recorded.
Errors answer {"code", "message"} in Chinese: 401 bad token, 404 not found (another agency's
version does not exist for you), 409 a move the workflow refuses, 422 invalid input or personal
data found by the screening (with the masked hits).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.security import HttpBearer

from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import selectors as gk
from gongkai.disclosures import services as gk_services
from gongkai.disclosures.models import CatalogColumn, ItemVersion, Topic
from gongkai.disclosures.workflow import editorial

from . import services


class StaffToken(HttpBearer):
    """Authorization: Bearer gk_…  — a personal staff API token."""

    openapi_description = "工作人员接口令牌（在工作台“发布渠道 → 接口令牌”页面创建）"

    def authenticate(self, request, token: str):
        return services.api_token_authenticate(token)


router = Router(auth=StaffToken(), tags=["工作人员写接口"])


class ErrorOut(Schema):
    code: str
    message: str


class HitOut(Schema):
    kind: str
    label: str
    source: str = Field(description="命中位置（标题、正文、附件名等）")
    excerpt: str = Field(description="摘录，敏感内容已遮盖")


class BlockedOut(ErrorOut):
    hits: list[HitOut] = Field([], description="未处理的敏感信息命中（仅 screening_blocked）")


class ItemIn(Schema):
    title: str = Field(min_length=1, max_length=200, description="标题")
    body: str = Field("", max_length=200_000, description="正文（HTML，保存前清理）")
    column: str = Field(min_length=1, max_length=60, description="公开目录栏目标识，如 policies")
    topic: str = Field(min_length=1, max_length=20, description="主题分类代码，如 A01")
    doc_number: str = Field("", max_length=80, description="文号")  # the column's length: longer was a 500 on PostgreSQL
    written_on: dt.date | None = Field(None, description="成文日期")
    validity: Literal["valid", "expired", "repealed", "amended", "na"] = Field("valid", description="有效性")
    keywords: str = Field("", max_length=200, description="主题词")
    summary: str = Field("", max_length=100, description="内容概述（100字以内）")


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000, description="退回理由")


class ReviewCommentIn(Schema):  # not CommentIn: OpenAPI component names are global
    comment: str = Field("", max_length=2000, description="审核意见（可选）")


class SignIn(Schema):
    publish_at: dt.datetime | None = Field(None, description="定时发布时间；为空或已过去则立即发布")
    comment: str = Field("", max_length=2000, description="签发意见（可选）")


class ActionOut(Schema):
    action: str
    label: str
    reason_required: bool


class VersionOut(Schema):
    id: int = Field(description="版本编号（用于提交、审核、签发）")
    item_id: int
    index_number: str
    number: int = Field(description="第几版")
    title: str
    state: str
    state_label: str
    publish_at: dt.datetime | None
    published_at: dt.datetime | None
    allowed_actions: list[ActionOut] = Field(description="当前令牌用户现在可执行的操作")
    public_url: str | None = Field(description="已发布时的公开页面")


def _err(code: str, message: str) -> dict:
    return {"code": code, "message": message}


def _not_found():
    return 404, _err("not_found", "未找到该版本（或不属于您的机构）。")


def _version_out(request, version: ItemVersion) -> dict:
    version = gk.staff_version(request.auth, version.pk)
    item = version.item
    live = item.live_version_id == version.pk
    return {
        "id": version.pk,
        "item_id": item.pk,
        "index_number": item.index_number,
        "number": version.number,
        "title": version.title,
        "state": version.state,
        "state_label": str(version.get_state_display()),
        "publish_at": version.publish_at,
        "published_at": version.published_at,
        "allowed_actions": [
            {"action": t.action, "label": t.label, "reason_required": t.reason_required}
            for t in editorial.allowed(version, by=request.auth, authors=version.author_ids)
        ],
        "public_url": request.build_absolute_uri(item.get_absolute_url()) if live else None,
    }


def _run(request, version_id: int | None, move, *, status: int = 200):
    """Look the version up in the token user's agency, make the move through the service, answer."""
    try:
        version = gk.staff_version(request.auth, version_id) if version_id is not None else None
        result = move(version)
    except Http404:
        return _not_found()
    except gk_services.ScreeningBlocked as exc:
        hits = [{"kind": h.kind, "label": h.label, "source": h.source, "excerpt": h.excerpt} for h in exc.hits]
        return 422, {"code": "screening_blocked", "message": exc.message, "hits": hits}
    except WorkflowError as exc:
        return 409, _err("workflow_refused", exc.message)
    return status, _version_out(request, result)


WRITE_RESPONSES = {200: VersionOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: BlockedOut}


@router.post("/items", response={201: VersionOut, 401: ErrorOut, 409: ErrorOut, 422: BlockedOut}, summary="新建信息（草稿）")
def item_create(request, data: ItemIn):
    column = CatalogColumn.objects.filter(slug=data.column).first()
    if column is None:
        return 422, _err("invalid_input", f"栏目 {data.column} 不存在。")
    topic = Topic.objects.filter(code=data.topic).first()
    if topic is None:
        return 422, _err("invalid_input", f"主题分类 {data.topic} 不存在。")
    fields = data.dict(exclude={"title", "column", "topic"})

    def move(_):
        return gk_services.item_create(by=request.auth, title=data.title, column=column, topic=topic, **fields)

    return _run(request, None, move, status=201)


@router.get("/versions/{version_id}", response={200: VersionOut, 401: ErrorOut, 404: ErrorOut}, summary="版本状态与可执行操作")
def version_detail(request, version_id: int):
    try:
        return 200, _version_out(request, gk.staff_version(request.auth, version_id))
    except Http404:
        return _not_found()


@router.post("/versions/{version_id}/submit", response=WRITE_RESPONSES, summary="提交审核")
def version_submit(request, version_id: int):
    return _run(request, version_id, lambda v: gk_services.version_submit(version=v, by=request.auth))


@router.post("/versions/{version_id}/approve", response=WRITE_RESPONSES, summary="审核通过")
def version_approve(request, version_id: int, data: ReviewCommentIn | None = None):
    comment = data.comment if data else ""
    return _run(request, version_id, lambda v: gk_services.version_approve(version=v, by=request.auth, comment=comment))


@router.post("/versions/{version_id}/return", response=WRITE_RESPONSES, summary="退回修改（须填写理由）")
def version_return(request, version_id: int, data: ReasonIn):
    return _run(request, version_id, lambda v: gk_services.version_return(version=v, by=request.auth, reason=data.reason))


@router.post("/versions/{version_id}/sign", response=WRITE_RESPONSES, summary="签发（立即发布或定时发布）")
def version_sign(request, version_id: int, data: SignIn | None = None):
    publish_at = data.publish_at if data else None
    comment = data.comment if data else ""
    if publish_at is not None and publish_at.tzinfo is None:
        return 422, _err("invalid_input", "参数 publish_at 须带时区，例如 2026-12-01T09:00:00+08:00。")
    return _run(request, version_id, lambda v: gk_services.version_sign(version=v, by=request.auth, publish_at=publish_at, comment=comment))
