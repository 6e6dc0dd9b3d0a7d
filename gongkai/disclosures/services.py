"""Writes on disclosure items. Every function checks agency, role and state itself."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gongkai.core import files, screening
from gongkai.core.models import Agency, IndexSerial, Role, SecrecyMark, User
from gongkai.core.sanitize import clean_html, html_to_text
from gongkai.core.workflow import WorkflowError, record_event

from gongkai.interpretations.services import check_sign_allowed

from . import signals
from .models import (
    Attachment,
    CatalogColumn,
    DisclosureItem,
    DisclosureMode,
    ItemVersion,
    ScreeningHit,
    Topic,
    Validity,
    VersionState,
)
from .workflow import editorial

EDITABLE_FIELDS = (
    "title",
    "summary",
    "body",
    "column",
    "topic",
    "doc_number",
    "written_on",
    "validity",
    "keywords",
    "disclosure_mode",
    "change_note",
)


class ScreeningBlocked(WorkflowError):
    """The scan found personal data or secrecy marks that nobody has redacted or overridden."""

    def __init__(self, hits: list[ScreeningHit]):
        super().__init__(f"发现{len(hits)}处疑似个人信息或保密标识，请删除或遮盖后再提交，或请审核人员逐条说明理由后放行。")
        self.hits = hits


def ensure_agency(by: User, agency_id: int) -> None:
    """Staff see and touch their own agency's content only; anything else does not exist for them."""
    if by.agency_id is None or by.agency_id != agency_id:
        raise Http404("未找到。")


def ensure_role(by: User, role: str, what: str) -> None:
    if not by.has_role(role):
        raise WorkflowError(f"您没有{what}的权限。")


def _lock(version: ItemVersion) -> ItemVersion:
    return ItemVersion.objects.select_for_update().select_related("item").get(pk=version.pk)


def index_number_next(*, agency: Agency, year: int) -> str:
    """Allocate the agency's next index number for the year; a serial is never issued twice."""
    serial, _ = IndexSerial.objects.select_for_update().get_or_create(agency=agency, year=year)
    IndexSerial.objects.filter(pk=serial.pk).update(last=serial.last + 1)
    return f"{agency.credit_code}/{year}-{serial.last + 1:05d}"


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    cleaned = dict(fields)
    if "body" in cleaned:
        cleaned["body"] = clean_html(cleaned["body"] or "")
    for key in ("title", "summary", "doc_number", "keywords", "change_note"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if "title" in cleaned and not cleaned["title"]:
        raise WorkflowError("标题不能为空。")
    if "summary" in cleaned and len(cleaned["summary"]) > 100:
        raise WorkflowError("内容概述不能超过100字。")
    if "validity" in cleaned and cleaned["validity"] not in Validity.values:
        raise WorkflowError("有效性取值不正确。")
    if "disclosure_mode" in cleaned and cleaned["disclosure_mode"] not in DisclosureMode.values:
        raise WorkflowError("公开方式取值不正确。")
    for key, model in (("column", CatalogColumn), ("topic", Topic)):
        if key in cleaned and not isinstance(cleaned[key], model):
            raise WorkflowError("请选择公开目录和主题分类。")
    return cleaned


@transaction.atomic
def item_create(*, by: User, title: str, column: CatalogColumn, topic: Topic, **fields: Any) -> ItemVersion:
    """Start a new item in the editor's agency: version 1 as a draft, with its index number."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构，不能新建信息。")
    ensure_role(by, Role.EDITOR, "新建信息")
    data = _clean_fields({"title": title, "column": column, "topic": topic, **fields})
    agency = Agency.objects.get(pk=by.agency_id)
    item = DisclosureItem.objects.create(
        agency=agency, index_number=index_number_next(agency=agency, year=timezone.localdate().year), created_by=by
    )
    version = ItemVersion.objects.create(item=item, number=1, created_by=by, updated_by=by, **data)
    record_event(version, action="create", label="新建", by=by, agency_id=agency.pk)
    return version


@transaction.atomic
def version_update(*, version: ItemVersion, by: User, **fields: Any) -> ItemVersion:
    """Edit a draft's content and metadata."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    ensure_role(by, Role.EDITOR, "编辑")
    if version.state != VersionState.DRAFT:
        raise WorkflowError(f"当前状态为“{version.get_state_display()}”，只有草稿可以修改。")
    data = _clean_fields(fields)
    changed = [k for k, v in data.items() if getattr(version, k) != v]
    for key, value in data.items():
        setattr(version, key, value)
    version.updated_by = by
    version.save()
    if changed:
        record_event(version, action="edit", label="修改", by=by, agency_id=version.item.agency_id, data={"fields": changed})
    return version


@transaction.atomic
def attachment_add(*, version: ItemVersion, by: User, upload: UploadedFile) -> Attachment:
    """Attach a file to a draft; its type is read from its content, never from its name."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    ensure_role(by, Role.EDITOR, "上传附件")
    if version.state != VersionState.DRAFT:
        raise WorkflowError("只有草稿可以添加附件。")
    limit = settings.GONGKAI_ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise WorkflowError(f"附件过大：最大允许{files.human_size(limit)}。")
    data = upload.read()
    if len(data) > limit:
        raise WorkflowError(f"附件过大：最大允许{files.human_size(limit)}。")
    if not data:
        raise WorkflowError("附件是空文件。")
    kind = files.sniff(data)
    if kind is None:
        raise WorkflowError("不支持的文件类型：只接受 PDF、Word（DOCX）、Excel（XLSX）、PNG、JPEG 文件。")
    name = files.display_name(upload.name or "附件")
    attachment = Attachment(
        version=version,
        original_name=name,
        kind=kind.value,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=files.extract_text(data, kind),
        sort_order=version.attachments.count(),
        uploaded_by=by,
    )
    attachment.file.save(files.safe_stored_name(name, kind), ContentFile(data), save=False)
    attachment.save()
    version.updated_by = by
    version.save(update_fields=["updated_by", "updated_at"])
    record_event(version, action="attach", label="添加附件", by=by, agency_id=version.item.agency_id, data={"name": name})
    return attachment


@transaction.atomic
def attachments_add(*, version: ItemVersion, by: User, uploads: Iterable[UploadedFile]) -> list[Attachment]:
    """Attach several files at once: all are added, or none when one is refused."""
    uploads = list(uploads)
    if not uploads:
        raise WorkflowError("请选择要上传的文件。")
    return [attachment_add(version=version, by=by, upload=upload) for upload in uploads]


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: User) -> None:
    """Remove an attachment from a draft (the stored file stays if an earlier version uses it)."""
    version = attachment.version
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    ensure_role(by, Role.EDITOR, "删除附件")
    if version.state != VersionState.DRAFT:
        raise WorkflowError("只有草稿可以删除附件。")
    name = attachment.original_name
    shared = Attachment.objects.filter(file=attachment.file.name).exclude(pk=attachment.pk).exists()
    stored = attachment.file.name
    attachment.delete()
    if not shared:
        transaction.on_commit(lambda: attachment.file.storage.delete(stored))
    version.updated_by = by
    version.save(update_fields=["updated_by", "updated_at"])
    record_event(version, action="detach", label="删除附件", by=by, agency_id=version.item.agency_id, data={"name": name})


def _sources(version: ItemVersion) -> Iterable[tuple[str, str]]:
    yield "标题", version.title
    yield "内容概述", version.summary
    yield "文号", version.doc_number
    yield "主题词", version.keywords
    yield "正文", html_to_text(version.body)
    for att in version.attachments.all():
        yield f"附件：{att.original_name}", att.text


def _secrecy_marks() -> list[str]:
    marks = list(SecrecyMark.objects.filter(active=True).values_list("word", flat=True))
    return marks or list(screening.DEFAULT_SECRECY_MARKS)


@transaction.atomic
def version_screen(*, version: ItemVersion) -> list[ScreeningHit]:
    """Scan a version again; keep overrides of hits still present; return the hits still open."""
    found = screening.scan_sources(_sources(version), secrecy_marks=_secrecy_marks())
    overridden = {h.fingerprint: h for h in version.screening_hits.exclude(overridden_at=None)}
    version.screening_hits.filter(overridden_at=None).delete()
    version.screening_hits.exclude(fingerprint__in=[h.fingerprint for h in found]).delete()
    open_hits = []
    for hit in found:
        if hit.fingerprint in overridden:
            continue
        open_hits.append(
            ScreeningHit.objects.create(
                version=version,
                kind=hit.kind,
                label=hit.label,
                source=hit.source[:250],
                start=hit.start,
                excerpt=hit.excerpt[:300],
                fingerprint=hit.fingerprint,
            )
        )
    return open_hits


def version_submit(*, version: ItemVersion, by: User) -> ItemVersion:
    """Send a draft to review; refused while the scan finds open hits (the hits are kept to show)."""
    ensure_agency(by, version.item.agency_id)
    # Check, scan and move on the locked, stored version in one transaction, so what is scanned is what
    # is submitted; the refusal is raised after commit so the hits are kept to show.
    with transaction.atomic():
        version = _lock(version)
        editorial.check(version, action="submit", by=by, authors=version.author_ids)
        hits = version_screen(version=version)
        if not hits:
            editorial.advance(version, action="submit", by=by, authors=version.author_ids, agency_id=version.item.agency_id)
    if hits:
        raise ScreeningBlocked(hits)
    return version


@transaction.atomic
def hit_override(*, hit: ScreeningHit, by: User, reason: str) -> ScreeningHit:
    """A reviewer lets one hit through with a recorded reason (e.g. a public office number)."""
    version = hit.version
    ensure_agency(by, version.item.agency_id)
    ensure_role(by, Role.REVIEWER, "放行敏感信息")
    if by.pk in version.author_ids:
        raise WorkflowError("不能放行自己撰写内容中的命中项。")
    if not reason.strip():
        raise WorkflowError("放行必须填写理由。")
    hit = ScreeningHit.objects.select_for_update().get(pk=hit.pk)
    if hit.overridden_at is not None:
        raise WorkflowError("该命中项已放行。")
    hit.overridden_by = by
    hit.overridden_at = timezone.now()
    hit.override_reason = reason.strip()
    hit.save(update_fields=["overridden_by", "overridden_at", "override_reason"])
    record_event(
        version,
        action="override_hit",
        label="放行敏感信息",
        by=by,
        agency_id=version.item.agency_id,
        comment=reason.strip(),
        data={"kind": hit.kind, "source": hit.source, "excerpt": hit.excerpt},
    )
    return hit


@transaction.atomic
def version_approve(*, version: ItemVersion, by: User, comment: str = "") -> ItemVersion:
    """The reviewer passes the confidentiality review."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    if version.screening_hits.filter(overridden_at=None).exists():
        raise WorkflowError("仍有未处理的敏感信息命中，不能审核通过。")
    editorial.advance(version, action="approve", by=by, authors=version.author_ids, reason=comment, agency_id=version.item.agency_id)
    return version


@transaction.atomic
def version_return(*, version: ItemVersion, by: User, reason: str) -> ItemVersion:
    """Send a version back to its editor with a reason."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    editorial.advance(version, action="return", by=by, authors=version.author_ids, reason=reason, agency_id=version.item.agency_id)
    return version


def version_sign(*, version: ItemVersion, by: User, publish_at: dt.datetime | None = None, comment: str = "") -> ItemVersion:
    """Sign a reviewed version: publish now, or at publish_at when that is in the future."""
    ensure_agency(by, version.item.agency_id)
    scheduled = publish_at is not None and publish_at > timezone.now()
    action = "schedule" if scheduled else "sign"
    # As in version_submit: check and rescan the locked, stored version; raise after commit to keep the hits.
    with transaction.atomic():
        version = _lock(version)
        editorial.check(version, action=action, by=by, authors=version.author_ids)
        # A policy marked as needing interpretation goes up with its interpretation plan (三同步).
        check_sign_allowed(version)
        hits = version_screen(version=version)
        if not hits and scheduled:
            version.publish_at = publish_at
            version.save(update_fields=["publish_at"])
            editorial.advance(version, action=action, by=by, authors=version.author_ids, reason=comment, agency_id=version.item.agency_id,
                              data={"publish_at": publish_at.isoformat()})
        elif not hits:
            editorial.advance(version, action=action, by=by, authors=version.author_ids, reason=comment, agency_id=version.item.agency_id)
            _go_live(version, by=by)
    if hits:
        raise ScreeningBlocked(hits)
    return version


@transaction.atomic
def version_unschedule(*, version: ItemVersion, by: User) -> ItemVersion:
    """Cancel a scheduled publication; the version waits for signing again."""
    ensure_agency(by, version.item.agency_id)
    version = _lock(version)
    editorial.advance(version, action="unschedule", by=by, agency_id=version.item.agency_id)
    version.publish_at = None
    version.save(update_fields=["publish_at"])
    return version


def _go_live(version: ItemVersion, *, by: User | None) -> None:
    """Make a just-published version the live one, superseding the previous live version."""
    now = timezone.now()
    item = DisclosureItem.objects.select_for_update().get(pk=version.item_id)
    previous = item.live_version
    if previous is not None and previous.pk != version.pk:
        previous = _lock(previous)
        editorial.advance(previous, action="supersede", by=by, agency_id=item.agency_id, data={"by_version": version.number})
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    version.published_at = now
    version.save(update_fields=["published_at"])
    item.live_version = version
    item.first_published_at = item.first_published_at or now
    item.withdrawn_at = None
    item.withdrawn_reason = ""
    item.save(update_fields=["live_version", "first_published_at", "withdrawn_at", "withdrawn_reason"])
    transaction.on_commit(lambda: signals.version_published.send(sender=ItemVersion, version=version))


def publish_due_versions(*, now: dt.datetime | None = None) -> int:
    """Publish every scheduled version whose time has come; safe to run again at any time."""
    count = 0
    for pk in ItemVersion.objects.due_for_publication(now).values_list("pk", flat=True):
        with transaction.atomic():
            version = ItemVersion.objects.select_for_update().get(pk=pk)
            if version.state != VersionState.SCHEDULED:
                continue
            editorial.advance(version, action="publish_due", by=None, agency_id=version.item.agency_id)
            _go_live(version, by=None)
            count += 1
    return count


@transaction.atomic
def item_withdraw(*, item: DisclosureItem, by: User, reason: str) -> DisclosureItem:
    """Take a published item off the public site; the reason is shown publicly."""
    ensure_agency(by, item.agency_id)
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    if item.live_version_id is None:
        raise WorkflowError("该信息当前未发布，不能撤回。")
    version = _lock(item.live_version)
    editorial.advance(version, action="withdraw", by=by, reason=reason, agency_id=item.agency_id)
    # A scheduled revision would bring the withdrawn item back by itself: it waits for signing again.
    for pending in item.versions.select_for_update().filter(state=VersionState.SCHEDULED):
        editorial.advance(pending, action="unschedule", by=by, agency_id=item.agency_id, reason="信息已撤回，定时发布取消")
        pending.publish_at = None
        pending.save(update_fields=["publish_at"])
    item.live_version = None
    item.withdrawn_at = timezone.now()
    item.withdrawn_reason = reason.strip()
    item.save(update_fields=["live_version", "withdrawn_at", "withdrawn_reason"])
    transaction.on_commit(lambda: signals.item_withdrawn.send(sender=DisclosureItem, item=item))
    return item


@transaction.atomic
def item_revise(*, item: DisclosureItem, by: User) -> ItemVersion:
    """Start a revision of a published or withdrawn item as a new draft; the live version stays online."""
    ensure_agency(by, item.agency_id)
    ensure_role(by, Role.EDITOR, "修订")
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    pending = item.versions.filter(state__in=[VersionState.DRAFT, VersionState.SUBMITTED, VersionState.REVIEWED, VersionState.SCHEDULED])
    if pending.exists():
        raise WorkflowError("该信息已有未发布的修订版本，请先处理该版本。")
    base = item.versions.order_by("-number").first()
    assert base is not None
    version = ItemVersion.objects.create(
        item=item,
        number=base.number + 1,
        created_by=by,
        updated_by=by,
        change_note="",
        **{k: getattr(base, k) for k in EDITABLE_FIELDS if k != "change_note"},
    )
    for att in base.attachments.all():
        Attachment.objects.create(
            version=version,
            file=att.file.name,
            original_name=att.original_name,
            kind=att.kind,
            size=att.size,
            sha256=att.sha256,
            text=att.text,
            sort_order=att.sort_order,
            uploaded_by=att.uploaded_by,
        )
    record_event(version, action="revise", label="开始修订", by=by, agency_id=item.agency_id, data={"from_version": base.number})
    return version
