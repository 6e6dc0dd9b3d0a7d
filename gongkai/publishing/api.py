"""Open data, read-only: items, catalogue, topics, agencies and the publication ledger.

Every list answers {"count": N, "results": [...]} with page/page_size; every GET carries ETag (and
Last-Modified where the data has a time), answers a conditional GET with 304, and allows any origin
to read (CORS). Filters match the public list page: column, topic, agency (slugs/codes), year, validity, q.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from django.utils.http import http_date
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from gongkai.core.models import Agency
from gongkai.core.sanitize import html_to_text
from gongkai.disclosures import selectors as gk
from gongkai.disclosures.models import CatalogColumn, DisclosureItem, ItemVersion, Topic, Validity

from . import selectors
from .http import open_data, preflight
from .models import LedgerEntry

router = Router()

MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000


class ErrorOut(Schema):
    code: str
    message: str


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从1开始")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数，1–100")


def _page(qs, paging: Paging):
    start = (paging.page - 1) * paging.page_size
    return qs[start : start + paging.page_size]


def _last_modified(response: HttpResponse, when: dt.datetime | None) -> None:
    if when is not None:
        response["Last-Modified"] = http_date(when.timestamp())


def _ledger_time(item_id: int | None = None) -> dt.datetime | None:
    qs = LedgerEntry.objects.all() if item_id is None else LedgerEntry.objects.filter(item_id=item_id)
    return qs.order_by("-position").values_list("recorded_at", flat=True).first()


def _cors_preflight(*paths: str) -> None:
    def preflight_item(request, item_id: int):
        return preflight(request)

    for path in paths:
        view = preflight_item if "{item_id}" in path else preflight
        router.add_api_operation(path, ["OPTIONS"], view, include_in_schema=False)


# --- items ---------------------------------------------------------------------------------------


class ItemsQuery(Paging):
    column: str = Field("", max_length=60, description="公开目录栏目标识（含下级栏目），如 policies")
    topic: str = Field("", max_length=20, description="主题分类代码（含下级分类）")
    agency: str = Field("", max_length=40, description="发布机构标识，如 nongfa")
    year: int | None = Field(None, ge=1949, le=2999, description="发布年份")
    validity: Literal["", "valid", "expired", "repealed", "amended", "na"] = Field("", description="有效性")
    q: str = Field("", max_length=100, description="标题包含的文字")


class Ref(Schema):
    slug: str
    name: str


class TopicRef(Schema):
    code: str
    name: str


class AgencyRef(Schema):
    id: int
    slug: str
    name: str


class ItemOut(Schema):
    id: int
    index_number: str = Field(description="索引号")
    title: str
    doc_number: str = Field(description="文号")
    published_at: dt.datetime | None
    written_on: dt.date | None = Field(description="成文日期")
    validity: str
    validity_label: str
    version: int
    agency: AgencyRef
    column: Ref
    topic: TopicRef
    url: str = Field(description="网站上的页面")


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    url: str


class HistoryOut(Schema):
    version: int
    published_at: dt.datetime | None
    superseded_at: dt.datetime | None
    url: str


class ItemDetailOut(ItemOut):
    summary: str
    body_html: str
    body_text: str
    keywords: list[str]
    disclosure_mode: str
    change_note: str
    first_published_at: dt.datetime | None
    attachments: list[AttachmentOut]
    history: list[HistoryOut]


class ItemListOut(Schema):
    count: int
    results: list[ItemOut]


class WithdrawnOut(Schema):
    code: str
    message: str
    withdrawn_at: dt.datetime | None
    reason: str


def _item_out(request, v: ItemVersion) -> dict:
    item = v.item
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": v.title,
        "doc_number": v.doc_number,
        "published_at": v.published_at,
        "written_on": v.written_on,
        "validity": v.validity,
        "validity_label": str(v.get_validity_display()),
        "version": v.number,
        "agency": {"id": item.agency.pk, "slug": item.agency.slug, "name": item.agency.name},
        "column": {"slug": v.column.slug, "name": v.column.name},
        "topic": {"code": v.topic.code, "name": v.topic.name},
        "url": request.build_absolute_uri(item.get_absolute_url()),
    }


def _bad(message: str):
    """A filter naming a column, topic or agency that does not exist: nothing to list under it."""
    return 404, {"code": "not_found", "message": message}


@router.get("/items", response={200: ItemListOut, 404: ErrorOut, 422: ErrorOut}, summary="公开信息列表", tags=["公开信息"], url_name="items")
@decorate_view(open_data)
def items(request, response: HttpResponse, query: Query[ItemsQuery]):
    """Live, proactively disclosed items, newest first; filters as on the site's list page."""
    column_ids = topic_ids = None
    agency_id = None
    if query.column:
        columns = gk.public_columns()
        column = next((c for c in columns if c.slug == query.column), None)
        if column is None:
            return _bad(f"栏目 {query.column} 不存在。")
        column_ids = gk.column_ids_below(columns, column)
    if query.topic:
        topics = gk.public_topics()
        topic = next((t for t in topics if t.code == query.topic), None)
        if topic is None:
            return _bad(f"主题分类 {query.topic} 不存在。")
        topic_ids = gk.topic_ids_below(topics, topic)
    if query.agency:
        agency_id = Agency.objects.filter(slug=query.agency).values_list("pk", flat=True).first()
        if agency_id is None:
            return _bad(f"发布机构 {query.agency} 不存在。")
    filters = gk.PublicFilters(agency_id=agency_id, year=query.year, validity=query.validity or None)
    qs = gk.public_search(filters, title=" ".join(query.q.split()), column_ids=column_ids, topic_ids=topic_ids)
    _last_modified(response, _ledger_time())
    return {"count": qs.count(), "results": [_item_out(request, v) for v in _page(qs, query)]}


@router.get(
    "/items/{item_id}",
    response={200: ItemDetailOut, 404: ErrorOut, 410: WithdrawnOut},
    summary="一条公开信息（现行版本、元数据、附件、历史版本）",
    tags=["公开信息"],
    url_name="item",
)
@decorate_view(open_data)
def item(request, response: HttpResponse, item_id: int):
    try:
        it = gk.public_item(item_id)
    except Exception:  # Http404
        return 404, {"code": "not_found", "message": "未找到该信息。"}
    if it.is_withdrawn:
        return 410, {
            "code": "withdrawn",
            "message": f"该信息已撤回：{it.withdrawn_reason}",
            "withdrawn_at": it.withdrawn_at,
            "reason": it.withdrawn_reason,
        }
    v = it.live_version
    v.item = it
    data = _item_out(request, v)
    data.update(
        summary=v.summary,
        body_html=v.body,
        body_text=html_to_text(v.body),
        keywords=v.keyword_list(),
        disclosure_mode=v.disclosure_mode,
        change_note=v.change_note,
        first_published_at=it.first_published_at,
        attachments=[
            {
                "id": a.pk,
                "name": a.original_name,
                "kind": a.kind,
                "size": a.size,
                "sha256": a.sha256,
                "url": request.build_absolute_uri(a.get_absolute_url()),
            }
            for a in v.attachments.all()
        ],
        history=[
            {
                "version": h.number,
                "published_at": h.published_at,
                "superseded_at": h.superseded_at,
                "url": request.build_absolute_uri(f"{it.get_absolute_url()}v/{h.number}/"),
            }
            for h in gk.public_history(it)
        ],
    )
    _last_modified(response, _ledger_time(it.pk))
    return data


# --- catalogue, topics, agencies -----------------------------------------------------------------


class ColumnOut(Schema):
    slug: str
    name: str
    description: str
    parent: str | None = Field(description="上级栏目标识")
    url: str


class ColumnListOut(Schema):
    count: int
    results: list[ColumnOut]


class TopicOut(Schema):
    code: str
    name: str
    parent: str | None = Field(description="上级分类代码")


class TopicListOut(Schema):
    count: int
    results: list[TopicOut]


class AgencyOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    credit_code: str = Field(description="统一社会信用代码")
    parent: str | None = Field(description="上级机构标识")


class AgencyListOut(Schema):
    count: int
    results: list[AgencyOut]


@router.get("/columns", response=ColumnListOut, summary="公开目录栏目（树，按显示顺序）", tags=["公开目录"])
@decorate_view(open_data)
def columns(request, query: Query[Paging]):
    all_columns = gk.public_columns()
    slugs = {c.pk: c.slug for c in all_columns}
    rows = [
        {
            "slug": c.slug,
            "name": c.name,
            "description": c.description,
            "parent": slugs.get(c.parent_id),
            "url": request.build_absolute_uri(c.get_absolute_url()),
        }
        for c in all_columns
    ]
    return {"count": len(rows), "results": _page(rows, query)}


@router.get("/topics", response=TopicListOut, summary="主题分类", tags=["公开目录"])
@decorate_view(open_data)
def topics(request, query: Query[Paging]):
    all_topics = gk.public_topics()
    codes = {t.pk: t.code for t in all_topics}
    rows = [{"code": t.code, "name": t.name, "parent": codes.get(t.parent_id)} for t in all_topics]
    return {"count": len(rows), "results": _page(rows, query)}


@router.get("/agencies", response=AgencyListOut, summary="发布机构", tags=["公开目录"])
@decorate_view(open_data)
def agencies(request, query: Query[Paging]):
    all_agencies = list(Agency.objects.order_by("sort_order", "id").only("pk", "slug", "name", "short_name", "credit_code", "parent_id"))
    slugs = {a.pk: a.slug for a in all_agencies}
    rows = [
        {"id": a.pk, "slug": a.slug, "name": a.name, "short_name": a.short_name, "credit_code": a.credit_code, "parent": slugs.get(a.parent_id)}
        for a in all_agencies
    ]
    return {"count": len(rows), "results": _page(rows, query)}


# --- the publication ledger -----------------------------------------------------------------------


class LedgerEntryOut(Schema):
    position: int
    item_id: int
    index_number: str
    version: int
    action: Literal["publish", "revise", "withdraw"]
    recorded_at: dt.datetime
    title: str
    content_sha256: str
    attachments: list[dict]
    prev_hash: str
    entry_hash: str


class LedgerListOut(Schema):
    count: int
    results: list[LedgerEntryOut]


class BrokenOut(Schema):
    position: int
    item_id: int
    version: int
    action: str
    reason: str


class VerifyOut(Schema):
    ok: bool
    entries: int
    first_broken: BrokenOut | None


class FileVerifyQuery(Schema):
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$", description="文件的 SHA-256（64位十六进制）")


class FileMatchOut(Schema):
    name: str
    entry: LedgerEntryOut


class FileVerifyOut(Schema):
    sha256: str
    matches: bool
    count: int
    results: list[FileMatchOut]


def _entry_out(e: LedgerEntry) -> dict:
    return {
        "position": e.position,
        "item_id": e.item_id,
        "index_number": e.index_number,
        "version": e.version_number,
        "action": e.action,
        "recorded_at": e.recorded_at,
        "title": e.title,
        "content_sha256": e.content_sha256,
        "attachments": e.attachments,
        "prev_hash": e.prev_hash,
        "entry_hash": e.entry_hash,
    }


@router.get("/ledger", response=LedgerListOut, summary="公开账本条目（按序号从新到旧）", tags=["公开账本"])
@decorate_view(open_data)
def ledger_list(request, response: HttpResponse, query: Query[Paging]):
    qs = selectors.ledger_entries()
    _last_modified(response, _ledger_time())
    return {"count": qs.count(), "results": [_entry_out(e) for e in _page(qs, query)]}


@router.get("/ledger/verify", response=VerifyOut, summary="重新计算整条哈希链并核对已发布内容", tags=["公开账本"])
@decorate_view(open_data)
def ledger_verify(request):
    result = selectors.ledger_verify()
    broken = result.first_broken
    return {
        "ok": result.ok,
        "entries": result.entries,
        "first_broken": None
        if broken is None
        else {"position": broken.position, "item_id": broken.item_id, "version": broken.version_number, "action": broken.action, "reason": broken.reason},
    }


@router.get("/ledger/file", response=FileVerifyOut, summary="按 SHA-256 查询文件是否为已发布附件", tags=["公开账本"])
@decorate_view(open_data)
def ledger_file(request, query: Query[FileVerifyQuery]):
    sha = query.sha256.lower()
    found = selectors.file_matches(sha)
    return {"sha256": sha, "matches": bool(found), "count": len(found), "results": [{"name": m.name, "entry": _entry_out(m.entry)} for m in found]}


# The staff write API (bearer tokens) lives under /api/v1/staff/.
router.add_router("/staff", "gongkai.publishing.staff_api.router")

_cors_preflight("/items", "/items/{item_id}", "/columns", "/topics", "/agencies", "/ledger", "/ledger/verify", "/ledger/file")

__all__ = ["router", "CatalogColumn", "DisclosureItem", "Topic", "Validity"]
