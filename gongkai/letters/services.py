"""Writes on letters. Each function checks agency, role and state itself; state moves go through
the workflow tables in workflow.py, other events are recorded with `record_event`."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gongkai.core import files, screening
from gongkai.core.models import Agency, Role, User
from gongkai.core.workflow import WorkflowError, record_event

from . import selectors
from .models import Letter, LetterAttachment, LetterBox, Notification, Rating, TopicKind
from .notifications import notify, staff_with_roles
from .workflow import handling, publication

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed by people
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ACCEPTED_KINDS = (files.FileKind.PDF, files.FileKind.DOCX, files.FileKind.PNG, files.FileKind.JPEG)


class LetterInputError(WorkflowError):
    """Bad input from the public; the message is shown as it is and nothing is stored."""


def new_tracking_code(now: dt.datetime) -> str:
    return f"XJ{timezone.localtime(now):%Y%m%d}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def _ensure_agency(by: User, letter: Letter) -> None:
    if by.agency_id is None or by.agency_id != letter.agency_id:
        raise Http404("未找到。")


def _lock(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().select_related("agency").get(pk=letter.pk)


def _staff_url(letter: Letter) -> str:
    return reverse("letters:staff_detail", kwargs={"pk": letter.pk})


def _check_files(uploads: Iterable[UploadedFile]) -> list[tuple[UploadedFile, bytes, files.FileKind]]:
    checked = []
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_ATTACHMENTS:
        raise LetterInputError(f"附件最多{MAX_ATTACHMENTS}个。")
    for upload in uploads:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise LetterInputError(f"附件“{files.display_name(upload.name)}”超过10MB。")
        data = upload.read()
        kind = files.sniff(data)
        if kind not in ACCEPTED_KINDS:
            raise LetterInputError(
                f"附件“{files.display_name(upload.name)}”的格式不支持，请上传PDF、Word文档或JPEG、PNG图片。"
            )
        checked.append((upload, data, kind))
    return checked


def letter_submit(
    *,
    agency: Agency,
    subject: str,
    content: str,
    name: str,
    phone: str = "",
    email: str = "",
    box: str = LetterBox.SUGGESTION,
    topic_kind: str = TopicKind.FREE,
    topic: str = "",
    publish_consent: bool = False,
    attachments: Iterable[UploadedFile] = (),
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Letter, bool]:
    """Receive a letter from the public; returns (letter, created). The same idempotency key
    returns the letter it already made, so a double submit makes one letter."""
    key = (idempotency_key or "").strip()[:64] or None
    if key:
        existing = Letter.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
    subject, content, name = subject.strip(), content.strip(), name.strip()
    if not subject or not content or not name:
        raise LetterInputError("请填写标题、内容和姓名。")
    if not phone.strip() and not email.strip():
        raise LetterInputError("请至少留下联系电话或电子邮箱中的一项，以便答复。")
    if box not in LetterBox.values or topic_kind not in TopicKind.values:
        raise LetterInputError("信箱或事项类别不正确。")
    checked = _check_files(attachments)
    now = now or timezone.now()
    selectors.letter_deadline(
        Letter(received_at=now, agency=agency), limit=selectors.reply_workdays(agency.pk)
    )  # calendar covers it
    for _ in range(5):
        try:
            with transaction.atomic():
                letter = Letter.objects.create(
                    tracking_code=new_tracking_code(now),
                    idempotency_key=key,
                    box=box,
                    topic_kind=topic_kind,
                    topic=topic.strip()[:200],
                    subject=subject[:120],
                    content=content,
                    name=name[:60],
                    phone=phone.strip()[:40],
                    email=email.strip(),
                    publish_consent=publish_consent,
                    agency=agency,
                    received_at=now,
                )
                for upload, data, kind in checked:
                    att = LetterAttachment(
                        letter=letter, name=files.display_name(upload.name), kind=kind.value, size=len(data)
                    )
                    att.file.save(files.safe_stored_name(upload.name, kind), ContentFile(data), save=False)
                    att.save()
                record_event(letter, action="receive", label="收到来信", by=None, agency_id=agency.pk)
                notify(
                    users=staff_with_roles(agency.pk, (Role.HANDLER,)),
                    kind=Notification.Kind.ASSIGNMENT,
                    title=f"收到新来信 {letter.tracking_code}：{mask_personal_data(letter.subject, letter=letter)}",
                    url=_staff_url(letter),
                )
                return letter, True
        except IntegrityError:
            if key and Letter.objects.filter(idempotency_key=key).exists():
                return Letter.objects.get(idempotency_key=key), False
            continue  # a tracking-code collision: draw again
    raise LetterInputError("系统繁忙，请稍后再试。")


@transaction.atomic
def letter_assign(*, letter: Letter, by: User, unit: str = "") -> Letter:
    """Accept a received letter for handling in the user's agency (optionally naming the unit)."""
    letter = _lock(letter)
    _ensure_agency(by, letter)
    handling.advance(letter, action="assign", by=by, agency_id=letter.agency_id, data={"unit": unit.strip()})
    letter.unit = unit.strip()[:60]
    letter.save(update_fields=["unit"])
    return letter


@transaction.atomic
def letter_reassign(*, letter: Letter, by: User, to_agency: Agency, reason: str, unit: str = "") -> Letter:
    """Pass a letter up or down the agency tree; the receiving agency's handlers are notified."""
    letter = _lock(letter)
    _ensure_agency(by, letter)
    if to_agency.pk not in {a.pk for a in selectors.reassign_targets(letter.agency)}:
        raise WorkflowError("只能转给本机构的上级或下级机构。")
    source = letter.agency
    handling.advance(
        letter,
        action="reassign",
        by=by,
        reason=reason,
        agency_id=source.pk,
        data={"from_agency": source.pk, "to_agency": to_agency.pk, "unit": unit.strip()},
    )
    letter.agency = to_agency
    letter.unit = unit.strip()[:60]
    letter.save(update_fields=["agency", "unit"])
    notify(
        users=staff_with_roles(to_agency.pk, (Role.HANDLER,)),
        kind=Notification.Kind.ASSIGNMENT,
        title=f"{source.short_name}转来来信 {letter.tracking_code}，请办理。",
        url=_staff_url(letter),
    )
    return letter


@transaction.atomic
def letter_reply(*, letter: Letter, by: User, text: str, now: dt.datetime | None = None) -> Letter:
    """Answer the letter (or the sender's follow-up, when one is pending)."""
    letter = _lock(letter)
    _ensure_agency(by, letter)
    text = text.strip()
    if not text:
        raise WorkflowError("请填写答复内容。")
    now = now or timezone.now()
    is_followup = letter.awaiting_followup_reply
    handling.advance(letter, action="reply", by=by, agency_id=letter.agency_id, data={"followup": is_followup})
    if is_followup:
        letter.followup_reply, letter.followup_replied_at = text, now
    else:
        letter.reply, letter.replied_at, letter.replied_by = text, now, by
    letter.save(update_fields=["reply", "replied_at", "replied_by", "followup_reply", "followup_replied_at"])
    if letter.email:
        transaction.on_commit(lambda: _tell_sender(letter.pk))
    return letter


def _tell_sender(letter_id: int) -> None:
    """E-mail the sender (when they left an address) that the answer is there; the text stays on the site."""
    letter = Letter.objects.select_related("agency").get(pk=letter_id)
    url = getattr(settings, "SITE_URL", "").rstrip("/") + letter.get_absolute_url()
    send_mail(
        f"您的来信已答复（查询码 {letter.tracking_code}）",
        f"您好！您写给{letter.agency.name}的来信已答复。请凭查询码 {letter.tracking_code} 查看答复内容、评价或追问：\n{url}",
        None,
        [letter.email],
        fail_silently=True,
    )


@transaction.atomic
def letter_close(*, letter: Letter, by: User) -> Letter:
    """Close a replied letter (the sender did not rate it)."""
    letter = _lock(letter)
    _ensure_agency(by, letter)
    handling.advance(letter, action="close", by=by, agency_id=letter.agency_id)
    return letter


@transaction.atomic
def letter_followup(*, letter: Letter, text: str, now: dt.datetime | None = None) -> Letter:
    """The sender asks once for a follow-up on the reply; the letter goes back to handling."""
    letter = _lock(letter)
    text = text.strip()
    if not text:
        raise LetterInputError("请填写追问内容。")
    if letter.followup:
        raise WorkflowError("每件来信只能追问一次。")
    handling.advance(letter, action="followup", by=None, agency_id=letter.agency_id)
    letter.followup, letter.followup_at = text, now or timezone.now()
    letter.save(update_fields=["followup", "followup_at"])
    notify(
        users=staff_with_roles(letter.agency_id, (Role.HANDLER,)),
        kind=Notification.Kind.REPLY,
        title=f"来信 {letter.tracking_code} 的来信人提出追问，请答复。",
        url=_staff_url(letter),
    )
    return letter


@transaction.atomic
def letter_rate(*, letter: Letter, rating: int, comment: str = "", now: dt.datetime | None = None) -> Letter:
    """The sender rates the reply; this closes the letter."""
    letter = _lock(letter)
    if rating not in Rating.values:
        raise LetterInputError("请选择评价：满意、基本满意或不满意。")
    handling.advance(letter, action="rate", by=None, agency_id=letter.agency_id, data={"rating": rating})
    letter.rating, letter.rating_comment, letter.rated_at = rating, comment.strip()[:500], now or timezone.now()
    letter.save(update_fields=["rating", "rating_comment", "rated_at"])
    return letter


# ---- publication -------------------------------------------------------------------------------

# Any other run of 11+ digits (an ID or phone number with a typo fails the screening's checks but is
# still somebody's number); amounts and years are shorter.
_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9][0-9 -]{9,}[0-9Xx](?![0-9])", re.ASCII)


def mask_personal_data(text: str, *, letter: Letter) -> str:
    """The text with the sender's name and contact and every phone, ID, bank-card number and
    e-mail address found by the screening replaced by a marker."""
    if not text:
        return text
    hits = [h for h in screening.scan_text(text, source="letter") if h.kind != "secrecy_mark"]
    out = text
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        out = out[: hit.start] + f"〔{hit.label}已隐去〕" + out[hit.end :]
    out = _LONG_NUMBER.sub("〔号码已隐去〕", out)
    for value, marker in ((letter.phone, "〔联系电话已隐去〕"), (letter.email, "〔电子邮箱已隐去〕")):
        value = (value or "").strip()
        if len(value) >= 5:
            out = out.replace(value, marker)
    name = (letter.name or "").strip()
    if len(name) >= 2:
        out = out.replace(name, "来信人")
    return out


def _remaining_hits(letter: Letter, texts: dict[str, str]) -> list[str]:
    found = []
    for source, text in texts.items():
        for hit in screening.scan_text(text, source=source):
            if hit.kind != "secrecy_mark":
                found.append(hit.label)
        for value in (letter.phone, letter.email, letter.name):
            value = (value or "").strip()
            if len(value) >= 2 and value in text:
                found.append("来信人的姓名或联系方式")
    return found


@transaction.atomic
def letter_publication_propose(*, letter: Letter, by: User) -> Letter:
    """Select a replied letter for publication: copy its texts with personal data removed, for review."""
    letter = _lock(letter)
    _ensure_agency(by, letter)
    if not letter.publish_consent:
        raise WorkflowError("来信人未同意公开，不能选登。")
    if not letter.replied_at:
        raise WorkflowError("来信答复后才能选登公开。")
    publication.advance(letter, action="propose", by=by, agency_id=letter.agency_id)
    letter.public_subject = mask_personal_data(letter.subject, letter=letter)[:120]
    parts = [letter.content] + ([f"追问：{letter.followup}"] if letter.followup else [])
    letter.public_content = mask_personal_data("\n\n".join(parts), letter=letter)
    replies = [letter.reply] + ([f"追问答复：{letter.followup_reply}"] if letter.followup_reply else [])
    letter.public_reply = mask_personal_data("\n\n".join(replies), letter=letter)
    letter.proposed_by = by
    letter.save(update_fields=["public_subject", "public_content", "public_reply", "proposed_by"])
    return letter


@transaction.atomic
def letter_publication_approve(
    *,
    letter: Letter,
    by: User,
    public_subject: str,
    public_content: str,
    public_reply: str,
    now: dt.datetime | None = None,
) -> Letter:
    """A reviewer (not the proposer) checks and publishes the texts; refused while personal data remains."""
    letter = _lock(letter)
    _ensure_agency(by, letter)
    texts = {"标题": public_subject.strip(), "来信内容": public_content.strip(), "答复内容": public_reply.strip()}
    if not all(texts.values()):
        raise WorkflowError("公开的标题、来信内容和答复内容都不能为空。")
    publication.check(letter, action="approve", by=by, authors=[letter.proposed_by_id] if letter.proposed_by_id else [])
    found = _remaining_hits(letter, texts)
    if found:
        raise WorkflowError(f"公开文本中仍有个人信息（{'、'.join(dict.fromkeys(found))}），请删除后再公开。")
    publication.advance(
        letter,
        action="approve",
        by=by,
        authors=[letter.proposed_by_id] if letter.proposed_by_id else [],
        agency_id=letter.agency_id,
    )
    letter.public_subject = texts["标题"][:120]
    letter.public_content, letter.public_reply = texts["来信内容"], texts["答复内容"]
    letter.published_at = now or timezone.now()
    letter.save(update_fields=["public_subject", "public_content", "public_reply", "published_at"])
    return letter


@transaction.atomic
def letter_publication_reject(*, letter: Letter, by: User, reason: str) -> Letter:
    """The reviewer declines to publish; the public copies are discarded."""
    letter = _lock(letter)
    _ensure_agency(by, letter)
    publication.advance(letter, action="reject", by=by, reason=reason, agency_id=letter.agency_id)
    letter.public_subject = letter.public_content = letter.public_reply = ""
    letter.save(update_fields=["public_subject", "public_content", "public_reply"])
    return letter


@transaction.atomic
def letter_publication_withdraw(*, letter: Letter, by: User, reason: str) -> Letter:
    """Take a published letter off the site."""
    letter = _lock(letter)
    _ensure_agency(by, letter)
    publication.advance(letter, action="withdraw", by=by, reason=reason, agency_id=letter.agency_id)
    return letter
