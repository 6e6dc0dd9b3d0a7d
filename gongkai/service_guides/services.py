"""Writes on service items and guides. Every function checks agency, role and state itself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gongkai.core import files
from gongkai.core.models import Role, User
from gongkai.core.workflow import WorkflowError, record_event

from .models import Copy, GuideVersion, Material, ServiceItem, ServiceType, State, Theme
from .workflow import editorial

FIELDS = (
    "name", "service_type", "legal_basis", "conditions", "steps", "fee_free", "fee_amount", "fee_basis",
    "statutory_days", "promised_days", "location", "hours", "consult_phone", "complaint_phone", "online_url", "faqs",
    "change_note",
)
TEXT_FIELDS = ("name", "conditions", "fee_amount", "fee_basis", "location", "hours", "consult_phone", "complaint_phone",
               "online_url", "change_note")
CODE = re.compile(r"^[0-9A-Za-z\-_.]{4,40}$")
MAX_FILE = 10 * 1024 * 1024


def ensure_agency(by: User, agency_id: int) -> None:
    """Staff see and touch their own agency's content only; anything else does not exist for them."""
    if by.agency_id is None or by.agency_id != agency_id:
        raise Http404("未找到。")


def _editor(by: User, what: str) -> None:
    if not by.has_role(Role.EDITOR):
        raise WorkflowError(f"您没有{what}的权限。")


def _lock(version: GuideVersion) -> GuideVersion:
    return GuideVersion.objects.select_for_update().select_related("item").get(pk=version.pk)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    data = dict(fields)
    for key in TEXT_FIELDS:
        if key in data:
            data[key] = (data[key] or "").strip()
    if "name" in data and not data["name"]:
        raise WorkflowError("事项名称不能为空。")
    if "service_type" in data and data["service_type"] not in ServiceType.values:
        raise WorkflowError("事项类型取值不正确。")
    for key in ("statutory_days", "promised_days"):
        if data.get(key) is not None and (not isinstance(data[key], int) or data[key] < 0 or data[key] > 365):
            raise WorkflowError("办结时限应为0到365之间的工作日数。")
    if data.get("statutory_days") is not None and data.get("promised_days") is not None and data["promised_days"] > data["statutory_days"]:
        raise WorkflowError("承诺办结时限不能长于法定办结时限。")
    for key, parts in (("legal_basis", ("law", "article")), ("steps", ("title", "detail")), ("faqs", ("q", "a"))):
        if key in data:
            rows = data[key] or []
            if not all(isinstance(r, dict) and set(r) == set(parts) for r in rows):
                raise ValueError(f"bad {key}")
    return data


def _set_materials(version: GuideVersion, materials: list[dict]) -> bool:
    """Replace the materials list; files of materials kept by name stay attached."""
    old = {m.name: m for m in version.materials.all()}
    before = [(m.name, m.copy_kind, m.count, m.note) for m in old.values()]
    after = [(m["name"], m["copy_kind"], m["count"], m["note"]) for m in materials]
    if before == after:
        return False
    names = [m["name"] for m in materials]
    if len(set(names)) != len(names):
        raise WorkflowError("申请材料名称不能重复。")
    for m in materials:
        if m["copy_kind"] not in Copy.values:
            raise WorkflowError("原件/复印件取值不正确。")
    version.materials.exclude(name__in=names).delete()
    for order, m in enumerate(materials):
        row = old.get(m["name"]) or Material(version=version, name=m["name"])
        row.copy_kind, row.count, row.note, row.sort_order = m["copy_kind"], m["count"], m["note"], order
        row.save()
    return True


@transaction.atomic
def guide_create(*, by: User, code: str, name: str, themes: Iterable[Theme] = (), materials: list[dict] | None = None, **fields: Any) -> GuideVersion:
    """Add a service item to the editor's agency with its guide's first version as a draft."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构，不能新建事项。")
    _editor(by, "新建事项")
    code = (code or "").strip()
    if not CODE.match(code):
        raise WorkflowError("事项编码应为4到40位字母、数字或“-”。")
    if ServiceItem.objects.filter(code=code).exists():
        raise WorkflowError(f"事项编码 {code} 已存在。")
    data = _clean({"name": name, **fields})
    item = ServiceItem.objects.create(agency_id=by.agency_id, code=code, created_by=by)
    item.themes.set(list(themes))
    version = GuideVersion.objects.create(item=item, number=1, created_by=by, updated_by=by, **data)
    _set_materials(version, materials or [])
    record_event(version, action="create", label="新建", by=by, agency_id=by.agency_id)
    return version


@transaction.atomic
def guide_update(
    *, version: GuideVersion, by: User, themes: Iterable[Theme] | None = None, materials: list[dict] | None = None, **fields: Any
) -> GuideVersion:
    """Edit a draft guide (and the item's themes)."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    _editor(by, "编辑")
    if version.state != State.DRAFT:
        raise WorkflowError(f"当前状态为“{version.get_state_display()}”，只有草稿可以修改。")
    data = _clean(fields)
    changed = [k for k, v in data.items() if getattr(version, k) != v]
    for key, value in data.items():
        setattr(version, key, value)
    version.updated_by = by
    version.save()
    if materials is not None and _set_materials(version, materials):
        changed.append("materials")
    if themes is not None:
        themes = list(themes)
        if {t.pk for t in themes} != set(version.item.themes.values_list("pk", flat=True)):
            version.item.themes.set(themes)
            changed.append("themes")
    if changed:
        record_event(version, action="edit", label="修改", by=by, agency_id=version.item.agency_id, data={"fields": changed})
    return version


@transaction.atomic
def material_file_set(*, material: Material, by: User, slot: str, upload: UploadedFile) -> Material:
    """Attach the blank form (template) or filled-in example to a material of a draft."""
    version = material.version
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    _editor(by, "上传表格")
    if version.state != State.DRAFT:
        raise WorkflowError("只有草稿可以上传表格。")
    if slot not in ("template", "example"):
        raise WorkflowError("未知的文件类别。")
    data = upload.read(MAX_FILE + 1)
    if not data:
        raise WorkflowError("文件是空的。")
    if len(data) > MAX_FILE:
        raise WorkflowError("文件过大：最大允许10 MB。")
    kind = files.sniff(data)
    if kind is None:
        raise WorkflowError("不支持的文件类型：只接受 PDF、Word（DOCX）、Excel（XLSX）、PNG、JPEG 文件。")
    name = files.display_name(upload.name or "表格")
    material = Material.objects.select_for_update().get(pk=material.pk)
    getattr(material, slot).save(files.safe_stored_name(name, kind), ContentFile(data), save=False)
    setattr(material, f"{slot}_name", name)
    material.save()
    record_event(version, action="material_file", label="上传表格", by=by, agency_id=version.item.agency_id,
                 data={"material": material.name, "slot": slot, "name": name})
    return material


@transaction.atomic
def guide_revise(*, item: ServiceItem, by: User) -> GuideVersion:
    """Start a new draft from the live guide (one open revision at a time)."""
    ensure_agency(by, item.agency_id)
    _editor(by, "修订")
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    if item.versions.filter(state__in=[State.DRAFT, State.SUBMITTED, State.REVIEWED]).exists():
        raise WorkflowError("该事项已有正在办理的修订版本。")
    source = item.live_version or item.versions.order_by("-number").first()
    copy = GuideVersion.objects.create(
        item=item, number=item.versions.count() + 1, created_by=by, updated_by=by,
        **{f: getattr(source, f) for f in FIELDS if f != "change_note"},
    )
    for m in source.materials.all():
        Material.objects.create(version=copy, sort_order=m.sort_order, name=m.name, copy_kind=m.copy_kind, count=m.count,
                                note=m.note, template=m.template.name, template_name=m.template_name,
                                example=m.example.name, example_name=m.example_name)
    record_event(copy, action="revise", label="新建修订版本", by=by, agency_id=item.agency_id, data={"from": source.number})
    return copy


@transaction.atomic
def guide_submit(*, version: GuideVersion, by: User) -> GuideVersion:
    """Send a draft to review; every field of the guide must be filled."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    editorial.check(version, action="submit", by=by, authors=version.author_ids)
    missing = version.missing_fields()
    if missing:
        raise WorkflowError(f"服务指南还缺少：{'、'.join(missing)}。")
    editorial.advance(version, action="submit", by=by, authors=version.author_ids, agency_id=version.item.agency_id)
    return version


@transaction.atomic
def guide_approve(*, version: GuideVersion, by: User, comment: str = "") -> GuideVersion:
    """Review passed (not by an author)."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    editorial.advance(version, action="approve", by=by, authors=version.author_ids, reason=comment, agency_id=version.item.agency_id)
    return version


@transaction.atomic
def guide_return(*, version: GuideVersion, by: User, reason: str) -> GuideVersion:
    """Send back to the editor with a reason."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    editorial.advance(version, action="return", by=by, authors=version.author_ids, reason=reason, agency_id=version.item.agency_id)
    return version


@transaction.atomic
def guide_sign(*, version: GuideVersion, by: User, comment: str = "") -> GuideVersion:
    """Sign and publish; the previous live version is superseded."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    editorial.advance(version, action="sign", by=by, authors=version.author_ids, reason=comment, agency_id=version.item.agency_id)
    now = timezone.now()
    item = ServiceItem.objects.select_for_update().get(pk=version.item_id)
    previous = item.live_version
    if previous is not None and previous.pk != version.pk:
        previous = _lock(previous)
        editorial.advance(previous, action="supersede", by=by, agency_id=item.agency_id, data={"by_version": version.number})
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    version.published_at = now
    version.save(update_fields=["published_at"])
    item.live_version = version
    item.save(update_fields=["live_version"])
    return version


@transaction.atomic
def guide_withdraw(*, version: GuideVersion, by: User, reason: str) -> GuideVersion:
    """Take the live guide off the public site with a reason."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    editorial.advance(version, action="withdraw", by=by, reason=reason, agency_id=version.item.agency_id)
    version.withdrawn_reason = reason.strip()
    version.save(update_fields=["withdrawn_reason"])
    ServiceItem.objects.filter(pk=version.item_id, live_version=version).update(live_version=None)
    return version


ACTIONS = {"submit": guide_submit, "approve": guide_approve, "return": guide_return, "sign": guide_sign, "withdraw": guide_withdraw}
