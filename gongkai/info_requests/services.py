"""Writes on requests. Each function checks agency, role and state itself; every state move goes
through the workflow table and every clock fact is a `ClockEvent` row."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone

from gongkai.core import files
from gongkai.core.models import Agency, Role, User
from gongkai.core.workdays import add_workdays
from gongkai.core.workflow import WorkflowError, record_event

from . import clock, fees, letters
from .crypto import encrypt_id, id_digest, normalize_id
from .models import ApplicantType, Channel, ClockEvent, Delivery, EventKind, InfoRequest, ReplyFile, RequestState
from .outcomes import OUTCOMES, SYSTEM_OUTCOMES
from .workflow import request_workflow as wf

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ID_RE = re.compile(r"^[0-9A-Z]{6,30}$")
PHONE_RE = re.compile(r"^[0-9+\-（）() ]{5,30}$")


def _today() -> dt.date:
    return timezone.localdate()


def ensure_agency(by: User, agency_id: int) -> None:
    if by.agency_id is None or by.agency_id != agency_id:
        raise Http404("未找到。")


def new_tracking_code(year: int) -> str:
    while True:
        code = f"YS{year}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not InfoRequest.objects.filter(tracking_code=code).exists():
            return code


def receipt_date(*, channel: str, arrived_on: dt.date, signed_on: dt.date | None = None,
                 confirmed_on: dt.date | None = None) -> dt.date:
    """The statutory receipt date of each channel (Art. 31)."""
    if channel in (Channel.ONLINE, Channel.IN_PERSON):
        return arrived_on  # online: the platform confirms at submission; in person: the day handed in
    if channel == Channel.REGISTERED_MAIL:
        if signed_on is None:
            raise WorkflowError("挂号信等需签收的邮件，请填写本机关签收日期。")
        if signed_on < arrived_on:
            raise WorkflowError("签收日期不能早于邮件到达日期。")
        return signed_on
    if channel in (Channel.ORDINARY_LETTER, Channel.FAX):
        if confirmed_on is None:
            raise WorkflowError("平常信函和传真，请填写与申请人确认收到的日期。")
        if confirmed_on < arrived_on:
            raise WorkflowError("确认日期不能早于到达日期。")
        return confirmed_on
    raise WorkflowError("申请方式不正确。")


def _clean_applicant(data: dict) -> dict:
    errors = []
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if cleaned.get("applicant_type") not in ApplicantType.values:
        errors.append("请选择申请人类型。")
    if not cleaned.get("name"):
        errors.append("请填写申请人姓名或名称。")
    id_number = normalize_id(cleaned.get("id_number") or "")
    if not ID_RE.match(id_number):
        errors.append("请填写有效的身份证件号码（自然人）或统一社会信用代码（法人或其他组织）。")
    if not PHONE_RE.match(cleaned.get("phone") or ""):
        errors.append("请填写有效的联系电话。")
    if not cleaned.get("description"):
        errors.append("请描述所需的政府信息（名称、文号或者便于查询的其他特征性描述）。")
    if cleaned.get("delivery", Delivery.ONLINE) not in Delivery.values:
        errors.append("获取方式不正确。")
    if cleaned.get("delivery") == Delivery.POST and not cleaned.get("address"):
        errors.append("选择邮寄时请填写通信地址。")
    if errors:
        raise WorkflowError("".join(errors))
    cleaned["id_number"] = id_number
    return cleaned


APPLICANT_FIELDS = ("applicant_type", "name", "contact_person", "phone", "email", "address", "info_title", "doc_number",
                    "description", "purpose", "form_wanted", "delivery")


def _create(*, agency: Agency, channel: str, arrived_on: dt.date, received_on: dt.date, by: User | None, data: dict) -> InfoRequest:
    data = _clean_applicant(data)
    req = InfoRequest.objects.create(
        agency=agency,
        tracking_code=new_tracking_code(received_on.year),
        channel=channel,
        arrived_on=arrived_on,
        received_on=received_on,
        id_number_encrypted=encrypt_id(data["id_number"]),
        id_digest=id_digest(data["id_number"]),
        created_by=by,
        **{k: data[k] for k in APPLICANT_FIELDS if k in data and data[k] is not None},
    )
    ClockEvent.objects.create(request=req, kind=EventKind.RECEIVED, on=received_on, recorded_by=by,
                              note=str(Channel(channel).label))
    record_event(req, action="register", label="登记申请", by=by, agency_id=agency.pk,
                 data={"channel": channel, "received_on": received_on.isoformat()})
    return req


@transaction.atomic
def request_submit_online(*, agency: Agency, data: dict, today: dt.date | None = None) -> InfoRequest:
    """A public online application: received (and confirmed by the platform) the day it is submitted."""
    today = today or _today()
    return _create(agency=agency, channel=Channel.ONLINE, arrived_on=today, received_on=today, by=None, data=data)


@transaction.atomic
def request_register(*, by: User, channel: str, arrived_on: dt.date, data: dict, signed_on: dt.date | None = None,
                     confirmed_on: dt.date | None = None) -> InfoRequest:
    """Staff register an application received in person, by mail, by letter or by fax."""
    if by.agency_id is None or not by.has_role(Role.REQUEST_HANDLER):
        raise WorkflowError("您没有登记政府信息公开申请的权限（需要依申请公开办理角色）。")
    if channel == Channel.ONLINE:
        raise WorkflowError("网上申请由申请人在网站提交，请选择其他申请方式。")
    received_on = receipt_date(channel=channel, arrived_on=arrived_on, signed_on=signed_on, confirmed_on=confirmed_on)
    if received_on > _today():
        raise WorkflowError("收到申请日期不能晚于今天。")
    return _create(agency=Agency.objects.get(pk=by.agency_id), channel=channel, arrived_on=arrived_on,
                   received_on=received_on, by=by, data=data)


def _lock(req: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.select_for_update().select_related("agency").get(pk=req.pk)


def _check_day(req: InfoRequest, on: dt.date) -> None:
    if on < req.received_on:
        raise WorkflowError("日期不能早于收到申请的日期。")
    if on > _today():
        raise WorkflowError("日期不能晚于今天。")
    last = req.clock_events.order_by("-on").first()
    if last and on < last.on:
        raise WorkflowError(f"日期不能早于上一个时限事件（{last.on:%Y-%m-%d}）。")


def _event(req: InfoRequest, kind: str, on: dt.date, by: User | None, **extra) -> ClockEvent:
    return ClockEvent.objects.create(request=req, kind=kind, on=on, recorded_by=by, **extra)


def clock_of(req: InfoRequest, *, today: dt.date | None = None) -> clock.ClockState:
    return clock.compute(req.clock_events.all(), today=today or _today())


@transaction.atomic
def request_review(*, req: InfoRequest, by: User) -> InfoRequest:
    """The application is complete: handling starts (the clock already runs from receipt)."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    wf.advance(req, action="review", by=by, agency_id=req.agency_id)
    return req


@transaction.atomic
def request_correction_ask(*, req: InfoRequest, by: User, reason: str, on: dt.date | None = None, days: int | None = None) -> InfoRequest:
    """Tell the applicant once, within 7 WD of receipt, what to correct; the clock is suspended (Art. 30)."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    wf.check(req, action="request_correction", by=by, reason=reason)
    _check_day(req, on)
    if req.clock_events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
        raise WorkflowError("补正只能告知一次。")
    limit = add_workdays(req.received_on, clock.CORRECTION_NOTICE_WD)
    if on > limit:
        raise WorkflowError(f"告知补正应在收到申请之日起7个工作日内（即{limit:%Y-%m-%d}前）。")
    days = days or clock.correction_window_wd()
    if not 1 <= days <= 60:
        raise WorkflowError("补正期限应为1至60个工作日。")
    _event(req, EventKind.CORRECTION_REQUESTED, on, by, days=days, note=reason.strip()[:300])
    deadline = clock_of(req).pause_until
    content = letters.correction_notice(req, on=on, reason=reason, deadline=deadline)
    req.correction_notice.save(f"correction-{req.tracking_code}.docx", ContentFile(content), save=False)
    req.save(update_fields=["correction_notice"])
    wf.advance(req, action="request_correction", by=by, reason=reason, agency_id=req.agency_id,
               data={"on": on.isoformat(), "days": days, "deadline": deadline.isoformat()})
    return req


@transaction.atomic
def request_correction_receive(*, req: InfoRequest, by: User, on: dt.date | None = None, note: str = "") -> InfoRequest:
    """The corrected application arrived: the clock starts again from that day."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    wf.check(req, action="receive_correction", by=by)
    _check_day(req, on)
    state = clock_of(req)
    if state.pause_until and on > state.pause_until:
        raise WorkflowError(f"补正期限已于{state.pause_until:%Y-%m-%d}届满，申请视为放弃。")
    _event(req, EventKind.CORRECTED, on, by, note=note[:300])
    wf.advance(req, action="receive_correction", by=by, reason=note, agency_id=req.agency_id, data={"on": on.isoformat()})
    return req


@transaction.atomic
def request_extend(*, req: InfoRequest, by: User, approved_by: User, days: int, reason: str, on: dt.date | None = None) -> InfoRequest:
    """One extension of at most 20 WD, approved by the head of the office; the applicant is told (Art. 33)."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    if not by.has_role(Role.REQUEST_HANDLER):
        raise WorkflowError("您没有“延长答复期限”的权限（需要依申请公开办理角色）。")
    if not req.is_open or req.state in (RequestState.CORRECTION,):
        raise WorkflowError(f"当前状态为“{req.get_state_display()}”，不能延长答复期限。")
    if approved_by.agency_id != req.agency_id or not (approved_by.has_role(Role.SIGNER) or approved_by.has_role(Role.AGENCY_ADMIN)):
        raise WorkflowError("延期须经本机关政府信息公开工作机构负责人（签发或机构管理员角色）同意。")
    if not reason.strip():
        raise WorkflowError("请填写延期理由。")
    if not 1 <= days <= clock.EXTENSION_MAX_WD:
        raise WorkflowError("延长的期限最长不得超过20个工作日。")
    if req.clock_events.filter(kind=EventKind.EXTENDED).exists():
        raise WorkflowError("答复期限只能延长一次。")
    _check_day(req, on)
    state = clock_of(req)
    if state.due and on > state.due:
        raise WorkflowError(f"答复期限已于{state.due:%Y-%m-%d}届满，不能再延长。")
    _event(req, EventKind.EXTENDED, on, by, days=days, approved_by=approved_by, note=reason.strip()[:300])
    after = clock_of(req)
    content = letters.extension_notice(req, on=on, reason=reason, days=days, old_due=state.due, new_due=after.due)
    req.extension_notice.save(f"extension-{req.tracking_code}.docx", ContentFile(content), save=False)
    req.save(update_fields=["extension_notice"])
    record_event(req, action="extend", label="延长答复期限", by=by, agency_id=req.agency_id, comment=reason.strip(),
                 data={"days": days, "approved_by": approved_by.pk, "due": after.due.isoformat() if after.due else None})
    return req


@transaction.atomic
def request_consult(*, req: InfoRequest, by: User, party: str, reason: str, on: dt.date | None = None) -> InfoRequest:
    """Ask a third party (Art. 32) or another agency (Art. 34); the clock pauses up to 15 WD."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    if party not in ("third_party", "agency"):
        raise WorkflowError("请选择征求意见的对象（第三方或其他机关）。")
    wf.check(req, action="consult", by=by, reason=reason)
    _check_day(req, on)
    _event(req, EventKind.CONSULTATION_STARTED, on, by, party=party, days=clock.CONSULTATION_WD, note=reason.strip()[:300])
    wf.advance(req, action="consult", by=by, reason=reason, agency_id=req.agency_id, data={"party": party, "on": on.isoformat()})
    return req


@transaction.atomic
def request_consultation_answer(*, req: InfoRequest, by: User, on: dt.date | None = None, note: str = "") -> InfoRequest:
    """The consulted party answered (or its 15 WD passed): handling continues."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    wf.check(req, action="consultation_answered", by=by)
    _check_day(req, on)
    _event(req, EventKind.CONSULTATION_ENDED, on, by, note=note[:300])
    wf.advance(req, action="consultation_answered", by=by, reason=note, agency_id=req.agency_id, data={"on": on.isoformat()})
    return req


@transaction.atomic
def request_reasons_ask(*, req: InfoRequest, by: User, reason: str, on: dt.date | None = None) -> InfoRequest:
    """Art. 35: the volume or frequency is clearly beyond reason; ask the applicant to state reasons (once, recorded).

    The clock keeps running. Reasons not given or not reasonable: reply 不予处理（无正当理由大量反复申请）; reasonable:
    `request_reasons_accept` sets a longer deadline.
    """
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    if not by.has_role(Role.REQUEST_HANDLER):
        raise WorkflowError("您没有“要求说明理由”的权限（需要依申请公开办理角色）。")
    if req.state not in (RequestState.REGISTERED, RequestState.HANDLING):
        raise WorkflowError(f"当前状态为“{req.get_state_display()}”，不能要求申请人说明理由。")
    if not reason.strip():
        raise WorkflowError("请写明认为申请数量、频次明显超过合理范围的情况。")
    if req.clock_events.filter(kind=EventKind.REASONS_REQUESTED).exists():
        raise WorkflowError("已要求申请人说明理由，请登记申请人的理由或作出答复。")
    _check_day(req, on)
    _event(req, EventKind.REASONS_REQUESTED, on, by, note=reason.strip()[:300])
    record_event(req, action="ask_reasons", label="要求申请人说明理由（第三十五条）", by=by, agency_id=req.agency_id,
                 comment=reason.strip(), data={"on": on.isoformat()})
    return req


@transaction.atomic
def request_reasons_accept(*, req: InfoRequest, by: User, reasons: str, days: int, on: dt.date | None = None) -> InfoRequest:
    """Art. 35: the applicant's reasons are reasonable but the reply cannot be made in time; the handler sets a
    reasonable longer deadline (working days added to the period, recorded with the reasons); the due date is computed."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    if not by.has_role(Role.REQUEST_HANDLER):
        raise WorkflowError("您没有“确定延迟答复期限”的权限（需要依申请公开办理角色）。")
    if not req.is_open or req.state == RequestState.CORRECTION:
        raise WorkflowError(f"当前状态为“{req.get_state_display()}”，不能确定延迟答复期限。")
    if not req.clock_events.filter(kind=EventKind.REASONS_REQUESTED).exists():
        raise WorkflowError("请先要求申请人说明理由（第三十五条）。")
    if req.clock_events.filter(kind=EventKind.REASONS_ACCEPTED).exists():
        raise WorkflowError("已确定延迟答复期限，不能再次延迟。")
    if not reasons.strip():
        raise WorkflowError("请记录申请人说明的理由及认为合理的依据。")
    limit = clock.excessive_max_wd()
    if not isinstance(days, int) or not 1 <= days <= limit:
        raise WorkflowError(f"延迟答复的期限应为1至{limit}个工作日。")
    _check_day(req, on)
    state = clock_of(req)
    if state.due and on > state.due:
        raise WorkflowError(f"答复期限已于{state.due:%Y-%m-%d}届满，不能再延迟。")
    _event(req, EventKind.REASONS_ACCEPTED, on, by, days=days, note=reasons.strip()[:300])
    after = clock_of(req)
    record_event(req, action="accept_reasons", label="理由合理，确定延迟答复期限（第三十五条）", by=by,
                 agency_id=req.agency_id, comment=reasons.strip(),
                 data={"days": days, "due": after.due.isoformat() if after.due else None})
    return req


def month_items_before(req: InfoRequest) -> int:
    """Items the same applicant was charged for (counted) earlier in the request's calendar month."""
    if not req.id_digest:
        return 0
    qs = InfoRequest.objects.filter(
        id_digest=req.id_digest, received_on__year=req.received_on.year, received_on__month=req.received_on.month,
        fee_method="items",
    ).exclude(pk=req.pk).filter(received_on__lte=req.received_on)
    return qs.aggregate(n=Sum("fee_count"))["n"] or 0


@transaction.atomic
def request_fee_notice(*, req: InfoRequest, by: User, method: str, count: int, on: dt.date | None = None) -> InfoRequest:
    """Notify a fee for an excessive application (Art. 42); the clock pauses until payment."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    wf.check(req, action="fee_notice", by=by)
    _check_day(req, on)
    if method not in ("items", "pages") or count < 1:
        raise WorkflowError("请选择计费方式（按件或按量）并填写件数或页数。")
    amount = (fees.fee_by_items(earlier_in_month=month_items_before(req), items=count) if method == "items"
              else fees.fee_by_pages(pages=count))
    if amount == 0:
        raise WorkflowError("按规定本申请不收费（未超过免费数量），无需发出收费通知。")
    req.fee_method, req.fee_count, req.fee_amount = method, count, amount
    req.save(update_fields=["fee_method", "fee_count", "fee_amount"])
    _event(req, EventKind.FEE_NOTICE, on, by, days=clock.FEE_PAYMENT_WD, note=f"{amount}元")
    wf.advance(req, action="fee_notice", by=by, agency_id=req.agency_id, data={"method": method, "count": count, "amount": amount})
    return req


@transaction.atomic
def request_fee_paid(*, req: InfoRequest, by: User, on: dt.date | None = None) -> InfoRequest:
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    wf.check(req, action="fee_paid", by=by)
    _check_day(req, on)
    _event(req, EventKind.FEE_PAID, on, by)
    wf.advance(req, action="fee_paid", by=by, agency_id=req.agency_id, data={"on": on.isoformat(), "amount": req.fee_amount})
    return req


def _conclude(req: InfoRequest, *, outcome: str, on: dt.date, by: User | None, note: str, other_agency: str = "") -> None:
    req.outcome = outcome
    req.outcome_note = note.strip()
    req.concluded_on = on
    _event(req, EventKind.CONCLUDED, on, by, note=str(OUTCOMES[outcome].label)[:300])
    content = letters.reply_letter(req, on=on, other_agency=other_agency)
    req.reply_letter.save(f"reply-{req.tracking_code}.docx", ContentFile(content), save=False)
    req.save(update_fields=["outcome", "outcome_note", "concluded_on", "reply_letter"])


def _add_file(req: InfoRequest, by: User, upload: UploadedFile) -> ReplyFile:
    data = upload.read()
    if not data:
        raise WorkflowError("附件是空文件。")
    if len(data) > settings.GONGKAI_ATTACHMENT_MAX_BYTES:
        raise WorkflowError(f"文件过大：最大允许{files.human_size(settings.GONGKAI_ATTACHMENT_MAX_BYTES)}。")
    kind = files.sniff(data)
    if kind is None:
        raise WorkflowError("不支持的文件类型：只接受 PDF、Word（DOCX）、Excel（XLSX）、PNG、JPEG 文件。")
    name = files.display_name(upload.name or "文件")
    reply_file = ReplyFile(request=req, original_name=name, kind=kind.value, size=len(data), uploaded_by=by)
    reply_file.file.save(files.safe_stored_name(name, kind), ContentFile(data), save=False)
    reply_file.save()
    return reply_file


@transaction.atomic
def request_reply(*, req: InfoRequest, by: User, outcome: str, note: str = "", on: dt.date | None = None,
                  uploads: Iterable[UploadedFile] = (), other_agency: str = "") -> InfoRequest:
    """Decide the request in one of the annual-report classes; the reply letter (DOCX) is made and the files attached."""
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    on = on or _today()
    wf.check(req, action="reply", by=by)
    if outcome not in OUTCOMES or outcome in SYSTEM_OUTCOMES:
        raise WorkflowError("请选择处理结果。")
    _check_day(req, on)
    spec = OUTCOMES[outcome]
    uploads = list(uploads)
    if spec.gives_files and outcome != "already_public" and not uploads and not req.files.exists():
        raise WorkflowError("予以公开或部分公开时，请上传提供给申请人的政府信息文件。")
    if uploads and not spec.gives_files:
        raise WorkflowError("该处理结果不提供政府信息文件，请勿上传附件。")
    if outcome == "other_agency" and not other_agency.strip():
        raise WorkflowError("请填写负责公开该信息的机关名称。")
    if outcome == "excessive":
        kinds = set(req.clock_events.values_list("kind", flat=True))
        if EventKind.REASONS_REQUESTED not in kinds:
            raise WorkflowError("以“无正当理由大量反复申请”不予处理前，应先要求申请人说明理由（第三十五条）。")
        if EventKind.REASONS_ACCEPTED in kinds:
            raise WorkflowError("已认定申请人的理由合理并确定了延迟答复期限，不能再以“无正当理由大量反复申请”不予处理。")
    if outcome == "already_public" and not note.strip():
        raise WorkflowError("请在答复说明中写明获取该信息的方式和途径（如网址）。")
    for upload in uploads:
        _add_file(req, by, upload)
    _conclude(req, outcome=outcome, on=on, by=by, note=note, other_agency=other_agency.strip())
    wf.advance(req, action="reply", by=by, reason=note, agency_id=req.agency_id, data={"outcome": outcome, "on": on.isoformat()})
    return req


@transaction.atomic
def request_archive(*, req: InfoRequest, by: User) -> InfoRequest:
    ensure_agency(by, req.agency_id)
    req = _lock(req)
    wf.advance(req, action="archive", by=by, agency_id=req.agency_id)
    return req


def requests_lapse(*, today: dt.date | None = None) -> int:
    """Close requests whose applicant let the correction or payment deadline pass; idempotent (a periodic task)."""
    today = today or _today()
    count = 0
    pending = InfoRequest.objects.filter(state__in=[RequestState.CORRECTION, RequestState.FEE_PENDING]).values_list("pk", flat=True)
    for pk in pending:
        with transaction.atomic():
            req = InfoRequest.objects.select_for_update().select_related("agency").get(pk=pk)
            state = clock_of(req, today=today)
            if not state.pause_until or today <= state.pause_until:
                continue
            lapsed_on = add_workdays(state.pause_until, 1)
            if req.state == RequestState.CORRECTION:
                outcome, action = "no_correction", "lapse_correction"
            elif req.state == RequestState.FEE_PENDING:
                outcome, action = "fee_unpaid", "lapse_fee"
            else:
                continue
            lapsed_on = min(lapsed_on, today)
            _conclude(req, outcome=outcome, on=lapsed_on, by=None, note="")
            wf.advance(req, action=action, by=None, agency_id=req.agency_id, data={"on": lapsed_on.isoformat()})
            count += 1
    return count
