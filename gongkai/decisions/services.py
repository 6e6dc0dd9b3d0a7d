"""Writes of the decisions app: each checks permission and state itself, and is atomic."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections import Counter

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core import files, screening
from gongkai.core.models import Role, User
from gongkai.core.workflow import WorkflowError, record_event
from gongkai.disclosures.models import DisclosureItem
from gongkai.disclosures.services import ensure_agency, ensure_role

from . import conf, selectors
from .models import (
    Answer,
    AttachmentState,
    Attendee,
    AttendeeCategory,
    Channel,
    Classification,
    Comment,
    CommentAttachment,
    CommentReport,
    CommentState,
    Decision,
    Meeting,
    MeetingKind,
    OneTimeCode,
    Paragraph,
    PeriodChange,
    PeriodChangeKind,
    ProcedureRecord,
    REGISTRATION_CATEGORIES,
    Registration,
    RegistrationState,
    SelectionMethod,
    Question,
    QuestionKind,
    RecordKind,
    Response,
    Stage,
    Survey,
)
from .privacy import is_mobile, mask_personal, normalise_phone
from .sms import gateway
from .workflow import comment_flow, decision_flow, registration_flow


class CommentRefused(WorkflowError):
    """A public comment that is not accepted; `code` tells the API which status to answer."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


def _lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _ensure_editor(by: User, decision: Decision, what: str) -> None:
    ensure_agency(by, decision.agency_id)
    ensure_role(by, Role.EDITOR, what)


def split_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# ---- lifecycle ----------------------------------------------------------------------------------

EDITABLE_FIELDS = ("title", "summary", "department", "secret", "explanation", "basis", "draft_text", "year")


@transaction.atomic
def decision_create(*, by: User, title: str, year: int, summary: str = "", department: str = "", secret: bool = False) -> Decision:
    """Put a decision on the agency's list of planned major decisions (立项)."""
    ensure_role(by, Role.EDITOR, "新建决策事项")
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    if not title.strip():
        raise WorkflowError("请填写决策事项名称。")
    decision = Decision.objects.create(
        agency_id=by.agency_id, title=title.strip(), year=year, summary=summary, department=department, secret=secret, created_by=by
    )
    record_event(decision, action="create", label="立项", by=by, agency_id=decision.agency_id)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, by: User, **fields) -> Decision:
    """Edit the decision before its draft is published; the paragraphs follow the draft text."""
    _ensure_editor(by, decision, "修改决策事项")
    decision = _lock(decision)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise WorkflowError("不能修改这些字段。")
    if decision.stage not in (Stage.PROPOSED, Stage.DRAFTING):
        raise WorkflowError(f"当前阶段为“{decision.get_stage_display()}”，草案已发布，不能再修改。")
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.save()
    if "draft_text" in fields:
        decision.paragraphs.all().delete()
        Paragraph.objects.bulk_create(
            Paragraph(decision=decision, number=i, text=t) for i, t in enumerate(split_paragraphs(decision.draft_text), start=1)
        )
    record_event(decision, action="edit", label="修改", by=by, agency_id=decision.agency_id, data={"fields": sorted(fields)})
    return decision


@transaction.atomic
def decision_advance(*, decision: Decision, by: User, action: str, reason: str = "") -> Decision:
    """The moves that need no more than the table: start drafting, send back, start execution."""
    if action not in ("start_drafting", "send_back", "start_execution"):
        raise WorkflowError("该操作须通过专门的表单完成。")
    ensure_agency(by, decision.agency_id)
    decision = _lock(decision)
    decision_flow.advance(decision, action=action, by=by, reason=reason, agency_id=decision.agency_id)
    return decision


@transaction.atomic
def consultation_open(
    *, decision: Decision, by: User, opens_on: dt.date, closes_on: dt.date | None = None, short_reason: str = ""
) -> Decision:
    """Publish the draft for comment from opens_on to closes_on (default and minimum: RULES.md, 30 days)."""
    _ensure_editor(by, decision, "发布草案征求意见")
    decision = _lock(decision)
    minimum = int(conf.get("GONGKAI_DECISIONS_COMMENT_DAYS"))
    if not decision.paragraphs.exists():
        raise WorkflowError("请先填写草案文本，再发布征求意见。")
    if opens_on < timezone.localdate():
        raise WorkflowError("征求意见开始日期不能早于今天。")
    closes_on = closes_on or opens_on + dt.timedelta(days=minimum)
    days = (closes_on - opens_on).days
    if days < 1:
        raise WorkflowError("征求意见截止日期应晚于开始日期。")
    if days < minimum and not short_reason.strip():
        raise WorkflowError(f"征求意见期限一般不少于{minimum}日；期限为{days}日的，须填写理由（理由将向社会公布）。")
    decision.comment_opens_on, decision.comment_closes_on = opens_on, closes_on
    decision.short_period_reason = short_reason.strip() if days < minimum else ""
    decision.save(update_fields=["comment_opens_on", "comment_closes_on", "short_period_reason"])
    decision_flow.advance(
        decision,
        action="open_consultation",
        by=by,
        agency_id=decision.agency_id,
        data={"opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat(), "days": days},
    )
    return decision


@transaction.atomic
def comment_period_change(*, decision: Decision, by: User, closes_on: dt.date, reason: str) -> PeriodChange:
    """Extend an open comment period, or reopen a closed one (before the adoption report); the change,
    its reason and its date are published on the decision page."""
    _ensure_editor(by, decision, "变更征求意见期")
    decision = _lock(decision)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("请填写变更征求意见期的理由（理由将向社会公布）。")
    if decision.comment_closes_on is None or decision.stage not in (Stage.CONSULTATION, Stage.REVIEW):
        raise WorkflowError("只有正在征求意见或刚进入论证审查的决策可以延长或重新开放征求意见期。")
    if hasattr(decision, "adoption_report"):
        raise WorkflowError("意见采纳情况说明已生成，不能再重新开放征求意见。")
    today = timezone.localdate()
    old = decision.comment_closes_on
    if closes_on <= old:
        raise WorkflowError(f"新的截止日期应晚于原截止日期{old:%Y年%m月%d日}。")
    if closes_on <= today:
        raise WorkflowError("新的截止日期应晚于今天。")
    state = decision.period_state()
    kind = PeriodChangeKind.EXTEND if state in ("open", "upcoming") else PeriodChangeKind.REOPEN
    change = PeriodChange.objects.create(
        decision=decision, kind=kind, old_closes_on=old, new_closes_on=closes_on, reason=reason, changed_on=today, created_by=by
    )
    decision.comment_closes_on = closes_on
    decision.save(update_fields=["comment_closes_on"])
    data = {"change": change.pk, "old_closes_on": old.isoformat(), "new_closes_on": closes_on.isoformat()}
    if decision.stage == Stage.REVIEW:
        decision_flow.advance(decision, action="reopen_consultation", by=by, reason=reason, agency_id=decision.agency_id, data=data)
    else:
        record_event(decision, action=kind, label=str(change.get_kind_display()), by=by, agency_id=decision.agency_id, comment=reason, data=data)
    return change


@transaction.atomic
def review_start(*, decision: Decision, by: User) -> Decision:
    """Close the consultation stage after the period has ended and go on to review."""
    _ensure_editor(by, decision, "进入论证审查")
    decision = _lock(decision)
    if decision.stage == Stage.CONSULTATION and decision.period_state() in ("open", "upcoming"):
        raise WorkflowError(f"征求意见期至{decision.comment_closes_on:%Y年%m月%d日}，截止后才能进入论证审查。")
    decision_flow.advance(decision, action="start_review", by=by, agency_id=decision.agency_id)
    return decision


@transaction.atomic
def record_add(
    *,
    decision: Decision,
    by: User,
    kind: str,
    held_on: dt.date,
    summary: str,
    passed: bool | None = None,
    upload: UploadedFile | None = None,
) -> ProcedureRecord:
    """Record a procedural step (public participation, expert argumentation, …) with its document."""
    _ensure_editor(by, decision, "登记程序记录")
    decision = _lock(decision)
    if kind not in RecordKind.values:
        raise WorkflowError("记录类别不正确。")
    if decision.stage in (Stage.DECIDED, Stage.PUBLISHED, Stage.EXECUTING, Stage.EVALUATED):
        raise WorkflowError("决策已作出，不能再登记程序记录。")
    if not summary.strip():
        raise WorkflowError("请填写情况说明。")
    if kind == RecordKind.LEGALITY_REVIEW and passed is None:
        raise WorkflowError("合法性审查须写明是否通过。")
    record = ProcedureRecord(
        decision=decision, kind=kind, held_on=held_on, summary=summary.strip(), created_by=by,
        passed=passed if kind == RecordKind.LEGALITY_REVIEW else None,
    )
    if upload is not None:
        data = upload.read()
        if not data:
            raise WorkflowError("文件是空的。")
        if len(data) > settings.GONGKAI_ATTACHMENT_MAX_BYTES:
            raise WorkflowError(f"文件过大：最大允许{files.human_size(settings.GONGKAI_ATTACHMENT_MAX_BYTES)}。")
        file_kind = files.sniff(data)
        if file_kind is None:
            raise WorkflowError("不支持的文件类型：只接受 PDF、Word（DOCX）、Excel（XLSX）、PNG、JPEG 文件。")
        record.file_name = files.display_name(upload.name or "文件")
        record.file_kind = file_kind.value
        record.file.save(files.safe_stored_name(record.file_name, file_kind), ContentFile(data), save=False)
    record.save()
    record_event(
        decision, action="record", label=f"登记{record.get_kind_display()}", by=by, agency_id=decision.agency_id,
        data={"record": record.pk, "kind": kind},
    )
    return record


@transaction.atomic
def deliberation_submit(*, decision: Decision, by: User) -> Decision:
    """Pass the legality gate (D2) into collective deliberation, or say exactly what is missing."""
    ensure_agency(by, decision.agency_id)
    decision = _lock(decision)
    decision_flow.check(decision, action="submit_deliberation", by=by)
    missing = selectors.gate_missing(decision)
    if missing:
        raise WorkflowError("尚不能提交集体讨论，缺少：" + "、".join(missing) + "。")
    decision_flow.advance(decision, action="submit_deliberation", by=by, agency_id=decision.agency_id)
    return decision


@transaction.atomic
def decision_decide(
    *, decision: Decision, by: User, final_text: str, decided_on: dt.date, meeting: str, dissent: str = ""
) -> Decision:
    """Record the decision of the executive meeting with its final text and any dissent (Art. 30)."""
    ensure_agency(by, decision.agency_id)
    decision = _lock(decision)
    decision_flow.check(decision, action="decide", by=by)
    if not final_text.strip():
        raise WorkflowError("请填写决定文本。")
    if not meeting.strip():
        raise WorkflowError("请填写作出决定的会议。")
    decision.final_text, decision.decided_on = final_text.strip(), decided_on
    decision.decision_meeting, decision.dissent = meeting.strip(), dissent.strip()
    decision.save(update_fields=["final_text", "decided_on", "decision_meeting", "dissent"])
    decision_flow.advance(decision, action="decide", by=by, agency_id=decision.agency_id, reason=dissent)
    return decision


@transaction.atomic
def decision_link_document(*, decision: Decision, by: User, item: DisclosureItem) -> Decision:
    """Link the published decision document (a disclosure item of the same agency)."""
    ensure_agency(by, decision.agency_id)
    decision = _lock(decision)
    if not (by.has_role(Role.EDITOR) or by.has_role(Role.SIGNER)):
        raise WorkflowError("您没有关联决策文件的权限。")
    if item.agency_id != decision.agency_id:
        raise WorkflowError("只能关联本机构发布的信息。")
    if not item.is_public:
        raise WorkflowError("该信息尚未主动公开发布，不能作为公布的决策文件。")
    if decision.stage not in (Stage.DECIDED, Stage.PUBLISHED, Stage.EXECUTING, Stage.EVALUATED):
        raise WorkflowError("决策作出后才能关联决策文件。")
    decision.disclosure_item = item
    decision.save(update_fields=["disclosure_item"])
    record_event(decision, action="link_document", label="关联决策文件", by=by, agency_id=decision.agency_id, data={"item": item.pk})
    return decision


@transaction.atomic
def decision_publish(*, decision: Decision, by: User) -> Decision:
    """Publish the decision: only with its adoption report and its published decision document."""
    ensure_agency(by, decision.agency_id)
    decision = _lock(decision)
    decision_flow.check(decision, action="publish", by=by)
    missing = []
    if not hasattr(decision, "adoption_report"):
        missing.append("意见采纳情况说明")
    if decision.disclosure_item_id is None or not decision.disclosure_item.is_public:
        missing.append("已公开发布的决策文件")
    if missing:
        raise WorkflowError("尚不能公布，缺少：" + "、".join(missing) + "。")
    decision_flow.advance(decision, action="publish", by=by, agency_id=decision.agency_id)
    return decision


@transaction.atomic
def decision_evaluate(*, decision: Decision, by: User, evaluation: str) -> Decision:
    """Record the post-decision evaluation (Art. 36) and publish it on the decision page."""
    ensure_agency(by, decision.agency_id)
    decision = _lock(decision)
    decision_flow.check(decision, action="evaluate", by=by)
    if not evaluation.strip():
        raise WorkflowError("请填写评估结论。")
    decision.evaluation = evaluation.strip()
    decision.save(update_fields=["evaluation"])
    decision_flow.advance(decision, action="evaluate", by=by, agency_id=decision.agency_id)
    return decision


# ---- comments -----------------------------------------------------------------------------------

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_SPACE = re.compile(r"\s+")
CONTENT_MIN, CONTENT_MAX = 5, 5000


def _tracking_code() -> str:
    while True:
        code = "YJ" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
        if not Comment.objects.filter(tracking_code=code).exists():
            return code


def _content_hash(content: str, paragraph_id: int | None) -> str:
    normal = _SPACE.sub(" ", content).strip()
    return hashlib.sha256(f"{paragraph_id or 0}\x1f{normal}".encode()).hexdigest()


def _validated(decision: Decision, *, content: str, name: str, phone: str, paragraph_number: int | None) -> tuple[str, str, str, Paragraph | None]:
    content, name = (content or "").strip(), (name or "").strip()
    if len(content) < CONTENT_MIN:
        raise CommentRefused(f"请填写意见内容（至少{CONTENT_MIN}个字）。")
    if len(content) > CONTENT_MAX:
        raise CommentRefused(f"意见内容最多{CONTENT_MAX}字。")
    if not name or len(name) > 60:
        raise CommentRefused("请填写姓名（不公开）。")
    phone = normalise_phone(phone)
    if not is_mobile(phone):
        raise CommentRefused("请填写正确的11位手机号码（不公开）。")
    paragraph = None
    if paragraph_number:
        paragraph = decision.paragraphs.filter(number=paragraph_number).first()
        if paragraph is None:
            raise CommentRefused(f"草案没有第{paragraph_number}段。")
    return content, name, phone, paragraph


def _store_comment(decision: Decision, *, content: str, name: str, phone: str, paragraph: Paragraph | None, **extra) -> Comment:
    digest = _content_hash(content, paragraph.pk if paragraph else None)
    first = decision.comments.filter(content_hash=digest, duplicate_of__isnull=True).order_by("id").first()
    premoderate = bool(conf.get("GONGKAI_DECISIONS_PREMODERATION"))
    return Comment.objects.create(
        decision=decision,
        paragraph=paragraph,
        content=content,
        public_content=mask_personal(content, names=(name,)),
        content_hash=digest,
        duplicate_of=first,
        name=name,
        phone=phone,
        tracking_code=_tracking_code(),
        state=CommentState.PENDING if premoderate else CommentState.SHOWN,
        **extra,
    )


@transaction.atomic
def comment_submit(
    *,
    decision: Decision,
    content: str,
    name: str,
    phone: str,
    paragraph_number: int | None = None,
    show_name: bool = False,
    email: str = "",
    ip: str | None = None,
    channel: str = Channel.WEB,
    upload: UploadedFile | None = None,
) -> Comment:
    """A public comment inside the comment period; refused (and stored nowhere) outside it.
    An optional attachment is checked by content and screened for personal data before it is shown."""
    decision = _lock(decision)
    if decision.secret:
        raise CommentRefused("未找到该决策事项。", code="not_found")
    state = decision.period_state()
    if state != "open":
        if state == "upcoming":
            message = f"征求意见尚未开始，开始日期为{decision.comment_opens_on:%Y年%m月%d日}。"
        elif state == "closed":
            message = f"征求意见已于{decision.comment_closes_on:%Y年%m月%d日}截止，不再接收意见。"
        else:
            message = "该决策事项未在征求意见。"
        raise CommentRefused(message, code="not_open")
    content, name, phone, paragraph = _validated(decision, content=content, name=name, phone=phone, paragraph_number=paragraph_number)
    now = timezone.now()
    per_ip = int(conf.get("GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR"))
    per_phone = int(conf.get("GONGKAI_DECISIONS_COMMENTS_PER_PHONE_DAY"))
    if ip and Comment.objects.filter(ip=ip, created_at__gte=now - dt.timedelta(hours=1)).count() >= per_ip:
        raise CommentRefused("提交过于频繁，请一小时后再试。", code="rate_limited")
    if Comment.objects.filter(phone=phone, entered_by__isnull=True, created_at__gte=now - dt.timedelta(days=1)).count() >= per_phone:
        raise CommentRefused("该手机号码今天提交的意见已达上限，请明天再试。", code="rate_limited")
    attachment = _checked_attachment(upload) if upload is not None else None
    comment = _store_comment(
        decision, content=content, name=name, phone=phone, paragraph=paragraph,
        show_name=show_name, email=(email or "").strip(), ip=ip, channel=channel,
    )
    if attachment is not None:
        _store_attachment(comment, *attachment)
    return comment


ATTACHMENT_KINDS = (files.FileKind.PDF, files.FileKind.DOCX, files.FileKind.PNG, files.FileKind.JPEG)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def _checked_attachment(upload: UploadedFile) -> tuple[bytes, files.FileKind, str]:
    """Read and check an attachment by its content (never its name or declared type)."""
    limit = min(ATTACHMENT_MAX_BYTES, settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    if upload.size is not None and upload.size > limit:
        raise CommentRefused(f"附件过大：最大允许{files.human_size(limit)}。")
    data = upload.read(limit + 1)
    if not data:
        raise CommentRefused("附件是空的。")
    if len(data) > limit:
        raise CommentRefused(f"附件过大：最大允许{files.human_size(limit)}。")
    kind = files.sniff(data)
    if kind not in ATTACHMENT_KINDS:
        raise CommentRefused("附件类型不支持：只接受 PDF、Word（DOCX）、PNG、JPEG 文件（按文件内容识别）。")
    return data, kind, files.display_name(upload.name or "附件")


def _store_attachment(comment: Comment, data: bytes, kind: files.FileKind, name: str) -> CommentAttachment:
    """Screen the text for personal data (and the commenter's own name and phone). A file is public only
    when its text was read and nothing was found; images and files with findings wait for a moderator."""
    text = files.extract_text(data, kind)
    findings = sorted({hit.label for hit in screening.scan_text(text, source="attachment")}) if text else []
    compact = re.sub(r"\s+", "", text)
    if comment.phone and comment.phone in compact:
        findings.append("提出人的手机号码")
    own_name = re.sub(r"\s+", "", comment.name or "")
    if len(own_name) >= 2 and own_name in compact:
        findings.append("提出人的姓名")
    if not text.strip():
        findings.append("无法读取文字（图片或扫描件），须人工审核")
    attachment = CommentAttachment(
        comment=comment, file_name=name, file_kind=kind.value, size=len(data), findings=findings,
        state=AttachmentState.REVIEW if findings else AttachmentState.CLEAR,
    )
    attachment.file.save(files.safe_stored_name(name, kind), ContentFile(data), save=False)
    attachment.save()
    record_event(
        comment, action="attachment", label="附件筛查", by=None, agency_id=comment.decision.agency_id,
        data={"attachment": attachment.pk, "state": attachment.state, "findings": findings},
    )
    return attachment


@transaction.atomic
def attachment_moderate(*, attachment: CommentAttachment, by: User, approve: bool, reason: str = "") -> CommentAttachment:
    """A moderator looks at an attachment that screening held back, and shows or withholds it."""
    ensure_agency(by, attachment.comment.decision.agency_id)
    ensure_role(by, Role.MODERATOR, "审核意见附件")
    attachment = CommentAttachment.objects.select_for_update().select_related("comment__decision").get(pk=attachment.pk)
    if not approve and not reason.strip():
        raise WorkflowError("请填写不予公开的理由。")
    attachment.state = AttachmentState.APPROVED if approve else AttachmentState.WITHHELD
    attachment.save(update_fields=["state"])
    record_event(
        attachment.comment, action="attachment_moderate", label="附件审核：" + ("公开" if approve else "不予公开"), by=by,
        agency_id=attachment.comment.decision.agency_id, comment=reason.strip(), data={"attachment": attachment.pk},
    )
    return attachment


@transaction.atomic
def comment_enter(
    *,
    decision: Decision,
    by: User,
    channel: str,
    content: str,
    name: str,
    phone: str,
    received_on: dt.date,
    paragraph_number: int | None = None,
) -> Comment:
    """Staff enter a comment that came by letter, e-mail, phone or at a symposium."""
    ensure_agency(by, decision.agency_id)
    if not (by.has_role(Role.EDITOR) or by.has_role(Role.HANDLER)):
        raise WorkflowError("您没有录入意见的权限。")
    decision = _lock(decision)
    if channel not in (Channel.LETTER, Channel.EMAIL, Channel.SYMPOSIUM, Channel.PHONE):
        raise WorkflowError("请选择意见来源渠道。")
    if decision.comment_opens_on is None or decision.stage not in (Stage.CONSULTATION, Stage.REVIEW):
        raise WorkflowError("只有征求意见期间或刚截止、尚在论证审查阶段的决策可以录入意见。")
    if hasattr(decision, "adoption_report"):
        raise WorkflowError("意见采纳情况说明已生成，不能再录入意见。")
    if not decision.comment_opens_on <= received_on <= decision.comment_closes_on:
        raise WorkflowError("收到日期不在征求意见期内。")
    content, name, phone, paragraph = _validated(decision, content=content, name=name, phone=phone, paragraph_number=paragraph_number)
    received = timezone.make_aware(dt.datetime.combine(received_on, dt.time(12)))
    comment = _store_comment(decision, content=content, name=name, phone=phone, paragraph=paragraph, channel=channel, entered_by=by, created_at=received)
    record_event(comment, action="enter", label=f"录入{comment.get_channel_display()}意见", by=by, agency_id=decision.agency_id)
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, by: User, action: str, reason: str = "") -> Comment:
    """A moderator shows a pending or hidden comment, or decides not to show it."""
    ensure_agency(by, comment.decision.agency_id)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if action not in ("approve", "reject"):
        raise WorkflowError("未知的操作。")
    if comment.duplicate_of_id:
        raise WorkflowError("这是一条重复意见，已并入首条意见，请审核首条意见。")
    comment_flow.advance(comment, action=action, by=by, reason=reason, agency_id=comment.decision.agency_id)
    if action == "approve" and comment.report_count:
        comment.report_count = 0
        comment.save(update_fields=["report_count"])
        comment.reports.all().delete()
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, ip: str | None) -> Comment:
    """A visitor reports a shown comment; at N reports it is hidden until a moderator looks."""
    comment = Comment.objects.select_for_update().select_related("decision").get(pk=comment.pk)
    if comment.state != CommentState.SHOWN or comment.decision.secret:
        raise WorkflowError("该意见当前未公开显示。")
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, ip=ip)
    except IntegrityError:
        return comment  # one report per address
    comment.report_count = comment.reports.count()
    comment.save(update_fields=["report_count"])
    if comment.report_count >= int(conf.get("GONGKAI_DECISIONS_REPORTS_TO_HIDE")):
        comment_flow.advance(comment, action="auto_hide", by=None, agency_id=comment.decision.agency_id, data={"reports": comment.report_count})
    return comment


@transaction.atomic
def comment_classify(*, comment: Comment, by: User, classification: str, reason: str) -> Comment:
    """The handler classifies a comment (adopted, partly, not adopted, not relevant) with a reason."""
    ensure_agency(by, comment.decision.agency_id)
    ensure_role(by, Role.HANDLER, "办理意见")
    comment = Comment.objects.select_for_update().select_related("decision").get(pk=comment.pk)
    if comment.decision.period_state() != "closed":
        raise WorkflowError("征求意见截止后才能逐条办理意见。")
    if hasattr(comment.decision, "adoption_report") and comment.decision.stage in (Stage.PUBLISHED, Stage.EXECUTING, Stage.EVALUATED):
        raise WorkflowError("决策已公布，意见办理结果不能再修改。")
    if comment.duplicate_of_id:
        raise WorkflowError("这是一条重复意见，办理结果随首条意见。")
    if classification not in Classification.values:
        raise WorkflowError("请选择采纳情况。")
    if not reason.strip():
        raise WorkflowError("请填写理由。")
    comment.classification, comment.reason, comment.classified_at = classification, reason.strip(), timezone.now()
    comment.save(update_fields=["classification", "reason", "classified_at"])
    record_event(
        comment, action="classify", label=f"办理：{comment.get_classification_display()}", by=by,
        agency_id=comment.decision.agency_id, comment=comment.reason,
    )
    return comment


# ---- the adoption report (I2) -------------------------------------------------------------------


def _report_data(decision: Decision) -> dict:
    originals = list(decision.comments.filter(duplicate_of__isnull=True).select_related("paragraph").order_by("paragraph__number", "id"))
    folds = Counter(decision.comments.filter(duplicate_of__isnull=False).values_list("duplicate_of_id", flat=True))
    counts = Counter()
    for c in originals:
        counts[c.classification] += 1 + folds.get(c.pk, 0)
    groups: dict[str, dict] = {}
    for c in originals:
        key = str(c.paragraph.number) if c.paragraph else "0"
        group = groups.setdefault(
            key,
            {"number": c.paragraph.number if c.paragraph else 0, "label": f"第{c.paragraph.number}段" if c.paragraph else "对草案整体的意见", "items": []},
        )
        group["items"].append(
            {
                "quote": mask_personal(c.content, names=(c.name,)),
                "same": folds.get(c.pk, 0),
                "classification": c.classification,
                "classification_label": str(Classification(c.classification).label),
                "reason": mask_personal(c.reason, names=(c.name,)),
            }
        )
    total = sum(counts.values())
    return {
        "total": total,
        "counts": [{"key": k, "label": str(label), "count": counts.get(k, 0)} for k, label in Classification.choices],
        "groups": sorted(groups.values(), key=lambda g: g["number"]),
        "period": [decision.comment_opens_on.isoformat(), decision.comment_closes_on.isoformat()],
    }


@transaction.atomic
def adoption_report_generate(*, decision: Decision, by: User) -> Decision:
    """Build the public 意见采纳情况说明 from the classified comments (all must be classified)."""
    ensure_agency(by, decision.agency_id)
    ensure_role(by, Role.HANDLER, "生成意见采纳情况说明")
    decision = _lock(decision)
    if decision.period_state() != "closed":
        raise WorkflowError("征求意见截止后才能生成意见采纳情况说明。")
    if decision.stage in (Stage.PUBLISHED, Stage.EXECUTING, Stage.EVALUATED):
        raise WorkflowError("决策已公布，意见采纳情况说明不能再修改。")
    unclassified = decision.comments.filter(duplicate_of__isnull=True, classification="").count()
    if unclassified:
        raise WorkflowError(f"还有{unclassified}条意见未办理（未分类或未写理由），全部办理后才能生成。")
    from .models import AdoptionReport

    first = not AdoptionReport.objects.filter(decision=decision).exists()
    AdoptionReport.objects.update_or_create(
        decision=decision, defaults={"data": _report_data(decision), "generated_at": timezone.now(), "generated_by": by}
    )
    record_event(decision, action="adoption_report", label="生成意见采纳情况说明", by=by, agency_id=decision.agency_id)
    if first:
        decision_id = decision.pk
        transaction.on_commit(lambda: adoption_report_notify(decision_id=decision_id))
    return decision


def adoption_report_notify(*, decision_id: int) -> int:
    """E-mail the commenters who asked to be told; each at most once (notified_at), safe to rerun."""
    decision = Decision.objects.get(pk=decision_id)
    sent = 0
    for comment in decision.comments.filter(notified_at__isnull=True).exclude(email=""):
        send_mail(
            f"意见采纳情况说明已发布：{decision.title}",
            f"您就“{decision.title}”提出的意见（查询码 {comment.tracking_code}）的办理情况已公布，"
            f"请在网站“互动交流”栏目用查询码查看。",
            None,
            [comment.email],
            fail_silently=True,
        )
        Comment.objects.filter(pk=comment.pk).update(notified_at=timezone.now())
        sent += 1
    return sent


# ---- meetings -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    decision: Decision,
    by: User,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    agenda: str = "",
    materials_sent_on: dt.date | None = None,
) -> Meeting:
    """Schedule a hearing, symposium or decision meeting; hearing materials go out ≥ 7 days ahead."""
    _ensure_editor(by, decision, "安排会议")
    if kind not in MeetingKind.values:
        raise WorkflowError("请选择会议类别。")
    if ends_at <= starts_at:
        raise WorkflowError("结束时间应晚于开始时间。")
    if not title.strip() or not place.strip():
        raise WorkflowError("请填写会议名称和地点。")
    _check_materials(kind, starts_at, materials_sent_on)
    meeting = Meeting.objects.create(
        decision=decision, kind=kind, title=title.strip(), starts_at=starts_at, ends_at=ends_at, place=place.strip(),
        agenda=agenda.strip(), materials_sent_on=materials_sent_on, created_by=by,
    )
    record_event(meeting, action="create", label=f"安排{meeting.get_kind_display()}", by=by, agency_id=decision.agency_id)
    return meeting


def _check_materials(kind: str, starts_at: dt.datetime, sent_on: dt.date | None) -> None:
    if kind != MeetingKind.HEARING or sent_on is None:
        return
    days = int(conf.get("GONGKAI_DECISIONS_HEARING_MATERIAL_DAYS"))
    latest = timezone.localtime(starts_at).date() - dt.timedelta(days=days)
    if sent_on > latest:
        raise WorkflowError(f"听证材料应至少在听证会举行{days}日前送达参加人（最迟{latest:%Y年%m月%d日}）。")


@transaction.atomic
def meeting_materials_sent(*, meeting: Meeting, by: User, sent_on: dt.date) -> Meeting:
    """Record when the materials reached the participants."""
    _ensure_editor(by, meeting.decision, "登记材料送达")
    _check_materials(meeting.kind, meeting.starts_at, sent_on)
    meeting.materials_sent_on = sent_on
    meeting.save(update_fields=["materials_sent_on"])
    record_event(meeting, action="materials", label="登记材料送达", by=by, agency_id=meeting.decision.agency_id)
    return meeting


@transaction.atomic
def attendee_add(*, meeting: Meeting, by: User, category: str, name: str, organisation: str = "", name_public: bool = False) -> Attendee:
    _ensure_editor(by, meeting.decision, "登记参会人员")
    from .models import AttendeeCategory

    if category not in AttendeeCategory.values:
        raise WorkflowError("请选择参会人员类别。")
    if not name.strip():
        raise WorkflowError("请填写姓名。")
    return Attendee.objects.create(meeting=meeting, category=category, name=name.strip(), organisation=organisation.strip(), name_public=name_public)


@transaction.atomic
def meeting_summary_publish(*, meeting: Meeting, by: User, summary: str) -> Meeting:
    """Publish the meeting summary (D3); a hearing whose materials were not sent in time cannot be closed."""
    _ensure_editor(by, meeting.decision, "发布会议纪要")
    if not summary.strip():
        raise WorkflowError("请填写会议纪要。")
    if timezone.now() < meeting.starts_at:
        raise WorkflowError("会议尚未举行，不能发布纪要。")
    if meeting.kind == MeetingKind.HEARING and meeting.materials_sent_on is None:
        raise WorkflowError("请先登记听证材料送达参加人的日期。")
    meeting.summary = mask_personal(summary.strip(), names=tuple(a.name for a in meeting.attendees.filter(name_public=False)))
    meeting.summary_published_at = timezone.now()
    meeting.save(update_fields=["summary", "summary_published_at"])
    record_event(meeting, action="summary", label="发布会议纪要", by=by, agency_id=meeting.decision.agency_id)
    return meeting


# ---- public registration for hearings (Decree 713 Art. 16) ---------------------------------------


def _registration_code() -> str:
    while True:
        code = "TZ" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
        if not Registration.objects.filter(tracking_code=code).exists():
            return code


def registration_open(meeting: Meeting) -> bool:
    """A hearing takes registrations until its closing date, and never after the list is published."""
    return (
        meeting.kind == MeetingKind.HEARING
        and meeting.registration_closes_on is not None
        and meeting.participants_published_at is None
        and not meeting.decision.secret
        and timezone.localdate() <= meeting.registration_closes_on
    )


@transaction.atomic
def meeting_registration_set(*, meeting: Meeting, by: User, closes_on: dt.date) -> Meeting:
    """Open public registration for a hearing until closes_on (before the hearing)."""
    _ensure_editor(by, meeting.decision, "设置听证报名")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.kind != MeetingKind.HEARING:
        raise WorkflowError("只有听证会可以公开报名。")
    if meeting.participants_published_at is not None:
        raise WorkflowError("参加人名单已公布，不能再修改报名期限。")
    if closes_on < timezone.localdate():
        raise WorkflowError("报名截止日期不能早于今天。")
    if closes_on >= timezone.localtime(meeting.starts_at).date():
        raise WorkflowError("报名应在听证会举行之前截止，以便事先公布参加人名单。")
    meeting.registration_closes_on = closes_on
    meeting.save(update_fields=["registration_closes_on"])
    record_event(meeting, action="registration", label="开放听证报名", by=by, agency_id=meeting.decision.agency_id, data={"closes_on": closes_on.isoformat()})
    return meeting


@transaction.atomic
def registration_submit(
    *, meeting: Meeting, name: str, phone: str, category: str, statement: str, organisation: str = "", email: str = "", name_public: bool = False
) -> Registration:
    """A member of the public applies to take part in a hearing; refused (and stored nowhere) outside the period."""
    meeting = Meeting.objects.select_for_update().select_related("decision").get(pk=meeting.pk)
    if not registration_open(meeting):
        raise WorkflowError("该听证会当前不接受报名。")
    name, statement = (name or "").strip(), (statement or "").strip()
    if not name or len(name) > 60:
        raise WorkflowError("请填写姓名（不公开）。")
    phone = normalise_phone(phone)
    if not is_mobile(phone):
        raise WorkflowError("请填写正确的11位手机号码（不公开）。")
    if category not in REGISTRATION_CATEGORIES:
        raise WorkflowError("请选择报名类别。")
    if len(statement) < 10 or len(statement) > 2000:
        raise WorkflowError("请说明参加理由及拟发表的意见（10至2000字）。")
    if meeting.registrations.filter(phone=phone).exists():
        raise WorkflowError("该手机号码已报名参加本次听证会。")
    return Registration.objects.create(
        meeting=meeting, name=name, phone=phone, email=(email or "").strip(), category=category,
        organisation=(organisation or "").strip()[:120], statement=statement, name_public=name_public, tracking_code=_registration_code(),
    )


def _ensure_selectable(meeting: Meeting, by: User) -> None:
    _ensure_editor(by, meeting.decision, "遴选听证参加人")
    if meeting.participants_published_at is not None:
        raise WorkflowError("参加人名单已公布，遴选结果不能再修改。")


@transaction.atomic
def registration_decide(*, registration: Registration, by: User, selected: bool, method: str = SelectionMethod.CHOSEN, reason: str = "") -> Registration:
    """Staff select or do not select one applicant; the method and the reason are recorded."""
    registration = Registration.objects.select_for_update().select_related("meeting__decision").get(pk=registration.pk)
    meeting = registration.meeting
    _ensure_selectable(meeting, by)
    if method not in SelectionMethod.values:
        raise WorkflowError("请选择遴选方式。")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("请填写遴选理由。")
    registration.method, registration.reason, registration.selected_at = method, reason, timezone.now()
    registration.save(update_fields=["method", "reason", "selected_at"])
    registration_flow.advance(
        registration, action="select" if selected else "not_select", by=by, reason=reason,
        agency_id=meeting.decision.agency_id, data={"method": method},
    )
    return registration


@transaction.atomic
def registrations_draw(*, meeting: Meeting, by: User, category: str, seats: int) -> list[Registration]:
    """Draw `seats` applicants of one category at random from those waiting; the seed is recorded so the
    draw can be repeated and checked. The others of that category stay waiting for a decision."""
    meeting = Meeting.objects.select_for_update().select_related("decision").get(pk=meeting.pk)
    _ensure_selectable(meeting, by)
    if seats < 1:
        raise WorkflowError("抽选名额至少为1。")
    pool = list(meeting.registrations.filter(category=category, state=RegistrationState.PENDING).order_by("id"))
    if not pool:
        raise WorkflowError("该类别没有待遴选的报名人。")
    import random

    seed = secrets.randbits(32)
    drawn = random.Random(seed).sample(pool, min(seats, len(pool)))  # noqa: S311 - a public, repeatable draw
    label = str(dict(AttendeeCategory.choices)[category]) if category in AttendeeCategory.values else category
    reason = f"在{len(pool)}名{label}报名人中随机抽选{len(drawn)}名（随机种子{seed}）"
    for r in sorted(drawn, key=lambda r: r.pk):
        registration_decide(registration=r, by=by, selected=True, method=SelectionMethod.DRAWN, reason=reason)
    record_event(
        meeting, action="draw", label="随机抽选听证参加人", by=by, agency_id=meeting.decision.agency_id,
        data={"category": category, "seats": seats, "pool": [r.pk for r in pool], "seed": seed, "drawn": [r.pk for r in drawn]},
    )
    return drawn


@transaction.atomic
def participants_publish(*, meeting: Meeting, by: User) -> Meeting:
    """Publish the hearing's participant list before the hearing: every applicant decided, the selected
    become attendees (names public only with their consent)."""
    meeting = Meeting.objects.select_for_update().select_related("decision").get(pk=meeting.pk)
    _ensure_selectable(meeting, by)
    if meeting.kind != MeetingKind.HEARING:
        raise WorkflowError("只有听证会需要公布参加人名单。")
    if timezone.now() >= meeting.starts_at:
        raise WorkflowError("参加人名单应在听证会举行之前公布。")
    if meeting.registration_closes_on and timezone.localdate() <= meeting.registration_closes_on:
        raise WorkflowError(f"报名至{meeting.registration_closes_on:%Y年%m月%d日}截止，截止后才能公布名单。")
    waiting = meeting.registrations.filter(state=RegistrationState.PENDING).count()
    if waiting:
        raise WorkflowError(f"还有{waiting}名报名人未遴选，全部遴选后才能公布名单。")
    selected = list(meeting.registrations.filter(state=RegistrationState.SELECTED))
    if not selected and not meeting.attendees.exists():
        raise WorkflowError("尚未选定任何参加人。")
    for r in selected:
        r.attendee = Attendee.objects.create(meeting=meeting, category=r.category, name=r.name, organisation=r.organisation, name_public=r.name_public)
        r.save(update_fields=["attendee"])
    meeting.participants_published_at = timezone.now()
    meeting.save(update_fields=["participants_published_at"])
    record_event(meeting, action="participants", label="公布听证参加人名单", by=by, agency_id=meeting.decision.agency_id, data={"selected": len(selected)})
    return meeting


# ---- surveys ------------------------------------------------------------------------------------


def phone_hash(phone: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"phone:{phone}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def survey_create(
    *, decision: Decision, by: User, title: str, intro: str, opens_on: dt.date, closes_on: dt.date, questions: list[dict]
) -> Survey:
    """A questionnaire: questions as {"kind", "text", "options"} (options for single, multiple, ranking)."""
    _ensure_editor(by, decision, "制作问卷")
    if closes_on < opens_on:
        raise WorkflowError("截止日期不能早于开始日期。")
    if not title.strip() or not questions:
        raise WorkflowError("请填写问卷标题和至少一道题目。")
    survey = Survey.objects.create(decision=decision, title=title.strip(), intro=intro.strip(), opens_on=opens_on, closes_on=closes_on, created_by=by)
    for number, q in enumerate(questions, start=1):
        kind, options = q["kind"], [o.strip() for o in q.get("options", []) if o.strip()]
        if kind not in QuestionKind.values:
            raise WorkflowError(f"第{number}题的题型不正确。")
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING) and len(options) < 2:
            raise WorkflowError(f"第{number}题至少需要两个选项。")
        Question.objects.create(survey=survey, number=number, kind=kind, text=q["text"].strip(), options=options, required=q.get("required", True))
    record_event(survey, action="create", label="制作问卷", by=by, agency_id=decision.agency_id)
    return survey


@transaction.atomic
def survey_publish_results(*, survey: Survey, by: User) -> Survey:
    _ensure_editor(by, survey.decision, "公布调查结果")
    survey.results_published = True
    survey.save(update_fields=["results_published"])
    record_event(survey, action="publish_results", label="公布调查结果", by=by, agency_id=survey.decision.agency_id)
    return survey


@transaction.atomic
def answer_approve(*, answer: Answer, by: User, approve: bool) -> Answer:
    """A moderator lets a free-text answer be shown in the published results (or keeps it hidden)."""
    ensure_agency(by, answer.response.survey.decision.agency_id)
    ensure_role(by, Role.MODERATOR, "审核文字回答")
    answer.text_approved = approve
    answer.save(update_fields=["text_approved"])
    record_event(answer.response.survey, action="moderate_answer", label="审核文字回答", by=by, data={"answer": answer.pk, "approve": approve})
    return answer


def survey_code_send(*, survey: Survey, phone: str) -> None:
    """Send a one-time code to the phone; at most one a minute, and never to a phone that already answered."""
    phone = normalise_phone(phone)
    if not is_mobile(phone):
        raise WorkflowError("请填写正确的11位手机号码。")
    if not survey.is_open or survey.decision.secret:
        raise WorkflowError("该问卷当前不在调查期内。")
    digest = phone_hash(phone)
    if survey.responses.filter(phone_hash=digest).exists():
        raise WorkflowError("该手机号码已参加过本次调查，每个号码只能提交一次。")
    purpose = f"survey:{survey.pk}"
    now = timezone.now()
    if OneTimeCode.objects.filter(phone_hash=digest, purpose=purpose, created_at__gte=now - dt.timedelta(minutes=1)).exists():
        raise WorkflowError("验证码已发送，请一分钟后再试。")
    code = f"{secrets.randbelow(1_000_000):06d}"
    minutes = int(conf.get("GONGKAI_SMS_CODE_MINUTES"))
    OneTimeCode.objects.create(
        phone_hash=digest, purpose=purpose, code_hash=phone_hash(f"{purpose}:{code}"), expires_at=now + dt.timedelta(minutes=minutes)
    )
    gateway().send(phone=phone, text=f"【政务公开】您参加“{survey.title[:30]}”调查的验证码为{code}，{minutes}分钟内有效。")


@transaction.atomic
def survey_respond(*, survey: Survey, phone: str, code: str, answers: dict[int, dict]) -> Response:
    """Store one response per verified phone. answers: question id → {"choices": [...], "text": "..."}."""
    phone = normalise_phone(phone)
    if not survey.is_open or survey.decision.secret:
        raise WorkflowError("该问卷当前不在调查期内。")
    digest = phone_hash(phone)
    if survey.responses.filter(phone_hash=digest).exists():
        raise WorkflowError("该手机号码已参加过本次调查，每个号码只能提交一次。")
    purpose = f"survey:{survey.pk}"
    otc = (
        OneTimeCode.objects.select_for_update()
        .filter(phone_hash=digest, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-id")
        .first()
    )
    if otc is None:
        raise WorkflowError("验证码已失效，请重新获取。")
    if otc.attempts >= 5:
        raise WorkflowError("验证码错误次数过多，请重新获取。")
    if not hmac.compare_digest(otc.code_hash, phone_hash(f"{purpose}:{(code or '').strip()}")):
        OneTimeCode.objects.filter(pk=otc.pk).update(attempts=otc.attempts + 1)
        raise WorkflowError("验证码不正确。")
    questions = list(survey.questions.all())
    rows = []
    for q in questions:
        given = answers.get(q.pk) or {}
        choices, text = list(given.get("choices") or []), (given.get("text") or "").strip()
        n = len(q.options)
        if q.kind == QuestionKind.SINGLE:
            valid = len(choices) == 1 and 0 <= choices[0] < n
        elif q.kind == QuestionKind.MULTIPLE:
            valid = bool(choices) and len(set(choices)) == len(choices) and all(0 <= c < n for c in choices)
        elif q.kind == QuestionKind.SCALE:
            valid = len(choices) == 1 and 1 <= choices[0] <= 5
        elif q.kind == QuestionKind.RANKING:
            valid = sorted(choices) == list(range(n))
        else:
            valid = bool(text) and len(text) <= 2000
        if not valid:
            if not q.required and not choices and not text:
                continue
            raise WorkflowError(f"第{q.number}题未按要求作答。")
        rows.append((q, choices, mask_personal(text) if text else ""))
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, phone_hash=digest)
    except IntegrityError as exc:
        raise WorkflowError("该手机号码已参加过本次调查，每个号码只能提交一次。") from exc
    Answer.objects.bulk_create(Answer(response=response, question=q, choices=c, text=t) for q, c, t in rows)
    otc.used_at = timezone.now()
    otc.save(update_fields=["used_at"])
    return response
