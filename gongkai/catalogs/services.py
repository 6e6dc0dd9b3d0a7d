"""Writes on list versions. Every function checks agency, role and state itself."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from gongkai.core.models import Role, User
from gongkai.core.workflow import WorkflowError, record_event

from . import xlsx
from .models import Entry, ListType, ListVersion, State
from .workflow import editorial

MAX_BYTES = 10 * 1024 * 1024


def ensure_agency(by: User, agency_id: int) -> None:
    """Staff see and touch their own agency's content only; anything else does not exist for them."""
    if by.agency_id is None or by.agency_id != agency_id:
        raise Http404("未找到。")


def _lock(version: ListVersion) -> ListVersion:
    return ListVersion.objects.select_for_update().get(pk=version.pk)


@transaction.atomic
def version_import(*, by: User, list_type: ListType, data: bytes, source_name: str = "", change_note: str = "") -> ListVersion:
    """A new draft version of the agency's list from an Excel file; with any bad row nothing is imported
    (raises xlsx.ImportRejected naming every bad row)."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构，不能导入清单。")
    if not by.has_role(Role.EDITOR):
        raise WorkflowError("您没有导入清单的权限。")
    if len(data) > MAX_BYTES:
        raise WorkflowError("文件过大：最大允许10 MB。")
    columns = list(list_type.columns.all())
    if not any(c.is_key for c in columns):
        raise WorkflowError("该清单类型尚未设置唯一标识列，请联系管理员。")
    rows = xlsx.read_rows(data, columns)
    key_col = next(c for c in columns if c.is_key)
    if ListVersion.objects.filter(list_type=list_type, agency_id=by.agency_id, state__in=[State.DRAFT, State.SUBMITTED, State.REVIEWED]).exists():
        raise WorkflowError("该清单已有正在办理的版本，请先办结或退回后再导入。")
    last = ListVersion.objects.select_for_update().filter(list_type=list_type, agency_id=by.agency_id).aggregate(n=Max("number"))["n"]
    version = ListVersion.objects.create(
        list_type=list_type, agency_id=by.agency_id, number=(last or 0) + 1, created_by=by,
        source_name=(source_name or "")[:200], change_note=(change_note or "").strip()[:300],
    )
    Entry.objects.bulk_create(Entry(version=version, row=i, key=row[key_col.key], data=row) for i, row in enumerate(rows, 1))
    record_event(version, action="create", label="导入新版本", by=by, agency_id=by.agency_id,
                 data={"rows": len(rows), "file": version.source_name})
    return version


@transaction.atomic
def version_delete(*, version: ListVersion, by: User) -> None:
    """Discard a draft that was never published."""
    ensure_agency(by, version.agency_id)
    version = _lock(version)
    if not by.has_role(Role.EDITOR):
        raise WorkflowError("您没有删除草稿的权限。")
    if version.state != State.DRAFT:
        raise WorkflowError("只有草稿可以删除。")
    record_event(version, action="delete", label="删除草稿", by=by, agency_id=version.agency_id, data={"number": version.number})
    version.delete()


@transaction.atomic
def version_submit(*, version: ListVersion, by: User) -> ListVersion:
    ensure_agency(by, version.agency_id)
    version = _lock(version)
    editorial.advance(version, action="submit", by=by, authors=version.author_ids, agency_id=version.agency_id)
    return version


@transaction.atomic
def version_approve(*, version: ListVersion, by: User, comment: str = "") -> ListVersion:
    ensure_agency(by, version.agency_id)
    version = _lock(version)
    editorial.advance(version, action="approve", by=by, authors=version.author_ids, reason=comment, agency_id=version.agency_id)
    return version


@transaction.atomic
def version_return(*, version: ListVersion, by: User, reason: str) -> ListVersion:
    ensure_agency(by, version.agency_id)
    version = _lock(version)
    editorial.advance(version, action="return", by=by, authors=version.author_ids, reason=reason, agency_id=version.agency_id)
    return version


@transaction.atomic
def version_sign(*, version: ListVersion, by: User, comment: str = "") -> ListVersion:
    """Publish the version; the one in force before becomes history (still public, for the diff)."""
    ensure_agency(by, version.agency_id)
    version = _lock(version)
    editorial.advance(version, action="sign", by=by, authors=version.author_ids, reason=comment, agency_id=version.agency_id)
    now = timezone.now()
    for previous in ListVersion.objects.select_for_update().filter(
        list_type_id=version.list_type_id, agency_id=version.agency_id, state=State.PUBLISHED
    ).exclude(pk=version.pk):
        editorial.advance(previous, action="supersede", by=by, agency_id=version.agency_id, data={"by_version": version.number})
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    version.published_at = now
    version.save(update_fields=["published_at"])
    return version


ACTIONS = {"submit": version_submit, "approve": version_approve, "return": version_return, "sign": version_sign}
