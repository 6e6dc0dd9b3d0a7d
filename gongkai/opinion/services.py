"""Writes on opinion incidents, statements, press conferences and reports. Each function checks
agency, role and state itself; moves go through the tables in workflow.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gongkai.core import files
from gongkai.core.models import Agency, Role, User
from gongkai.core.sanitize import html_to_text
from gongkai.core.workflow import WorkflowError, record_event
from gongkai.disclosures.models import DisclosureItem
from gongkai.letters.models import Notification
from gongkai.letters.notifications import notify, staff_with_roles
from gongkai.publishing.services import deliver_content

from .models import (
    ConferencePhoto,
    ConferenceState,
    Grade,
    Incident,
    IncidentState,
    PressConference,
    PressQuestion,
    Source,
    Statement,
)
from .workflow import conference_flow, incident_flow, statement_flow

RESPONDERS = (Role.HANDLER, Role.SPOKESPERSON)


def _ensure_agency(by: User, agency_id: int) -> None:
    if by.agency_id is None or by.agency_id != agency_id:
        raise Http404("未找到。")


def _ensure_staff_role(by: User) -> None:
    if not (by.roles & {Role.HANDLER, Role.SPOKESPERSON, Role.SIGNER}):
        raise WorkflowError("您没有处置舆情的权限（需要办理人员、新闻发言人或签发角色）。")


def _staff_url(incident: Incident) -> str:
    return reverse("opinion:staff_incident", kwargs={"pk": incident.pk})


def _lock(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().select_related("agency").get(pk=incident.pk)


def incident_raise(
    *,
    agency: Agency,
    by: User | None,
    title: str,
    discovered_at: dt.datetime,
    grade: str = Grade.GENERAL,
    summary: str = "",
    topic: str = "",
    source: str = Source.STAFF,
    source_url: str = "",
) -> Incident:
    """Register an incident (by staff, or by a monitoring source when `by` is None)."""
    if by is not None:
        _ensure_agency(by, agency.pk)
        _ensure_staff_role(by)
    title = title.strip()
    if not title:
        raise WorkflowError("请填写舆情标题。")
    if grade not in Grade.values:
        raise WorkflowError("舆情等级不正确。")
    if discovered_at > timezone.now() + dt.timedelta(minutes=5):
        raise WorkflowError("发现时间不能晚于现在。")
    with transaction.atomic():
        incident = Incident.objects.create(
            agency=agency,
            title=title[:200],
            summary=summary.strip(),
            topic=topic.strip()[:60],
            grade=grade,
            source=source,
            source_url=source_url[:500],
            discovered_at=discovered_at,
            raised_by=by,
        )
        record_event(
            incident,
            action="raise",
            label="登记舆情",
            by=by,
            agency_id=agency.pk,
            data={"grade": grade, "source": source},
        )
        notify(
            users=staff_with_roles(agency.pk, RESPONDERS),
            kind=Notification.Kind.ASSIGNMENT,
            title=f"新{incident.get_grade_display()}舆情：{incident.title}",
            url=_staff_url(incident),
        )
    return incident


@transaction.atomic
def incident_grade(*, incident: Incident, by: User, grade: str, reason: str) -> Incident:
    """Change the grade (the clocks that apply follow it; they still run from the time of discovery)."""
    incident = _lock(incident)
    _ensure_agency(by, incident.agency_id)
    _ensure_staff_role(by)
    if grade not in Grade.values:
        raise WorkflowError("舆情等级不正确。")
    if not reason.strip():
        raise WorkflowError("调整等级必须填写理由。")
    if incident.state == IncidentState.CLOSED:
        raise WorkflowError("已办结的舆情不能调整等级。")
    old = incident.grade
    incident.grade = grade
    incident.save(update_fields=["grade"])
    record_event(
        incident,
        action="regrade",
        label="调整等级",
        by=by,
        agency_id=incident.agency_id,
        comment=reason.strip(),
        data={"from": old, "to": grade},
    )
    return incident


@transaction.atomic
def incident_assign(*, incident: Incident, by: User, to_agency: Agency | None = None, reason: str = "") -> Incident:
    """Take the incident on in one's own agency, or assign it down to a lower agency."""
    incident = _lock(incident)
    _ensure_agency(by, incident.agency_id)
    if to_agency is None or to_agency.pk == incident.agency_id:
        incident_flow.advance(incident, action="assign", by=by, agency_id=incident.agency_id)
        return incident
    if to_agency.pk not in incident.agency.descendant_ids():
        raise WorkflowError("只能交给本机构的下级机构办理。")
    source = incident.agency
    incident_flow.advance(
        incident,
        action="assign_down",
        by=by,
        reason=reason,
        agency_id=source.pk,
        data={"from_agency": source.pk, "to_agency": to_agency.pk},
    )
    incident.agency = to_agency
    incident.save(update_fields=["agency"])
    notify(
        users=staff_with_roles(to_agency.pk, RESPONDERS),
        kind=Notification.Kind.ASSIGNMENT,
        title=f"{source.short_name}交办{incident.get_grade_display()}舆情：{incident.title}",
        url=_staff_url(incident),
    )
    return incident


@transaction.atomic
def incident_escalate(*, incident: Incident, by: User, reason: str) -> Incident:
    """Send the incident up to the parent agency (属地管理、分级负责), which may assign it down again."""
    incident = _lock(incident)
    _ensure_agency(by, incident.agency_id)
    parent = incident.agency.parent
    if parent is None:
        raise WorkflowError("本机构没有上级机构，不能上报。")
    source = incident.agency
    incident_flow.advance(
        incident,
        action="escalate",
        by=by,
        reason=reason,
        agency_id=source.pk,
        data={"from_agency": source.pk, "to_agency": parent.pk},
    )
    incident.agency = parent
    incident.save(update_fields=["agency"])
    notify(
        users=staff_with_roles(parent.pk, RESPONDERS + (Role.SIGNER,)),
        kind=Notification.Kind.ESCALATION,
        title=f"{source.short_name}上报{incident.get_grade_display()}舆情：{incident.title}（{reason.strip()}）",
        url=_staff_url(incident),
    )
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, by: User) -> Incident:
    """Finish the handling of a responded incident."""
    incident = _lock(incident)
    _ensure_agency(by, incident.agency_id)
    incident_flow.advance(incident, action="close", by=by, agency_id=incident.agency_id)
    return incident


@transaction.atomic
def statement_draft(
    *, incident: Incident, by: User, title: str, body: str, kind: str = Statement.Kind.AUTHORITATIVE
) -> Statement:
    """Write a statement for the incident; it is published when the duty leader signs it."""
    _ensure_agency(by, incident.agency_id)
    _ensure_staff_role(by)
    if incident.state == IncidentState.CLOSED:
        raise WorkflowError("舆情已办结。")
    body = html_to_text(body) if "<" in body else body
    if not title.strip() or not body.strip():
        raise WorkflowError("请填写回应的标题和正文。")
    if kind not in Statement.Kind.values:
        raise WorkflowError("回应类别不正确。")
    statement = Statement.objects.create(
        incident=incident, kind=kind, title=title.strip()[:200], body=body.strip(), author=by
    )
    record_event(
        incident,
        action="statement_draft",
        label="起草回应",
        by=by,
        agency_id=incident.agency_id,
        data={"statement": statement.pk},
    )
    return statement


@transaction.atomic
def statement_publish(*, statement: Statement, by: User, now: dt.datetime | None = None) -> Statement:
    """The duty leader signs and publishes a statement; the first one moves the incident to responded."""
    statement = Statement.objects.select_for_update().select_related("incident").get(pk=statement.pk)
    incident = _lock(statement.incident)
    _ensure_agency(by, incident.agency_id)
    statement_flow.advance(
        statement,
        action="publish",
        by=by,
        authors=[statement.author_id] if statement.author_id else [],
        agency_id=incident.agency_id,
    )
    statement.published_at = now or timezone.now()
    statement.save(update_fields=["published_at"])
    if incident.is_public:
        # The outbox rows are written with the publication; sending starts once it commits.
        deliver_content(
            agency=incident.agency_id,
            kind=STATEMENT_CONTENT_KIND,
            object_key=str(statement.pk),
            payload=statement_payload(statement, incident),
            action="publish",
        )
    if incident.state in (IncidentState.COLLECTED, IncidentState.ASSIGNED):
        incident_flow.advance(
            incident, action="respond", by=by, agency_id=incident.agency_id, data={"statement": statement.pk}
        )
    else:
        record_event(
            incident,
            action="statement",
            label="发布后续回应",
            by=by,
            agency_id=incident.agency_id,
            data={"statement": statement.pk},
        )
    return statement


STATEMENT_CONTENT_KIND = "opinion.statement"


def statement_payload(statement: Statement, incident: Incident) -> dict:
    """What the channels receive for a published statement (official text only, no personal data)."""
    return {
        "label": "舆情回应",
        "title": statement.title,
        "statement_kind": statement.get_kind_display(),
        "text": statement.body,
        "agency": incident.agency.name,
        "incident": {"id": incident.pk, "title": incident.title, "grade": incident.get_grade_display()},
        "published_at": timezone.localtime(statement.published_at).isoformat(),
        "url": f"{incident.get_absolute_url()}#statement-{statement.pk}",
    }


def _linkable_policies(by: User, policies: Iterable[DisclosureItem]) -> list[DisclosureItem]:
    """Published items of the user's agency or an agency below it (a conference may present them)."""
    policies = list(policies)
    if not policies:
        return []
    allowed = Agency.objects.get(pk=by.agency_id).descendant_ids()
    for item in policies:
        if item.agency_id not in allowed:
            raise WorkflowError("只能关联本机构或下级机构的政府信息。")
        if item.live_version_id is None:
            raise WorkflowError(f"“{item.index_number}”尚未发布或已撤回，不能关联。")
    return policies


def _ensure_press_role(by: User) -> None:
    if not (by.roles & {Role.SPOKESPERSON, Role.SIGNER}):
        raise WorkflowError("您没有安排新闻发布会的权限（需要新闻发言人或签发角色）。")


@transaction.atomic
def conference_schedule(
    *,
    by: User,
    title: str,
    scheduled_at: dt.datetime,
    first_spokesperson: str,
    kind: str = PressConference.Kind.CONFERENCE,
    place: str = "",
    other_spokespersons: str = "",
    media: str = "",
    incidents: Iterable[Incident] = (),
    policies: Iterable[DisclosureItem] = (),
    related_links: str = "",
) -> PressConference:
    """Announce a press conference of the user's agency (the responsible leader as first spokesperson)."""
    if by.agency_id is None:
        raise Http404("未找到。")
    _ensure_press_role(by)
    if not title.strip() or not first_spokesperson.strip():
        raise WorkflowError("请填写发布会主题和第一新闻发言人。")
    incidents = list(incidents)
    for incident in incidents:
        _ensure_agency(by, incident.agency_id)
    policies = _linkable_policies(by, policies)
    conference = PressConference.objects.create(
        agency_id=by.agency_id,
        kind=kind,
        title=title.strip()[:200],
        scheduled_at=scheduled_at,
        place=place.strip()[:120],
        first_spokesperson=first_spokesperson.strip()[:60],
        other_spokespersons=other_spokespersons.strip()[:300],
        media=media.strip()[:500],
        related_links=related_links.strip(),
    )
    conference.incidents.set(incidents)
    conference.policies.set(policies)
    record_event(conference, action="schedule", label="安排发布会", by=by, agency_id=by.agency_id)
    return conference


@transaction.atomic
def conference_hold(
    *,
    conference: PressConference,
    by: User,
    held_at: dt.datetime,
    summary: str = "",
    video_url: str = "",
    questions: Iterable[tuple[str, str, str, str]] = (),
) -> PressConference:
    """Record that the conference took place, with its transcript (outlet, question, answerer, answer);
    for a linked incident this stops the press-conference clock at `held_at`."""
    conference = PressConference.objects.select_for_update().get(pk=conference.pk)
    _ensure_agency(by, conference.agency_id)
    if held_at > timezone.now() + dt.timedelta(minutes=5):
        raise WorkflowError("召开时间不能晚于现在。")
    conference_flow.advance(conference, action="hold", by=by, agency_id=conference.agency_id)
    conference.held_at = held_at
    conference.summary = summary.strip()
    conference.video_url = video_url.strip()
    conference.save(update_fields=["held_at", "summary", "video_url"])
    for order, (outlet, question, answerer, answer) in enumerate(questions, start=1):
        PressQuestion.objects.create(
            conference=conference, order=order, outlet=outlet, question=question, answerer=answerer, answer=answer
        )
    for incident in conference.incidents.all():
        record_event(
            incident,
            action="conference",
            label="召开新闻发布会",
            by=by,
            agency_id=incident.agency_id,
            data={"conference": conference.pk},
        )
    return conference


@transaction.atomic
def conference_question_add(
    *, conference: PressConference, by: User, outlet: str, question: str, answerer: str, answer: str
) -> PressQuestion:
    """Add one question and answer to a held conference's transcript."""
    _ensure_agency(by, conference.agency_id)
    _ensure_press_role(by)
    if conference.state != ConferenceState.HELD:
        raise WorkflowError("发布会召开后才能录入问答实录。")
    if not all(x.strip() for x in (outlet, question, answerer, answer)):
        raise WorkflowError("请填写提问媒体、提问、回答人和回答。")
    order = conference.questions.count() + 1
    return PressQuestion.objects.create(
        conference=conference,
        order=order,
        outlet=outlet.strip(),
        question=question.strip(),
        answerer=answerer.strip(),
        answer=answer.strip(),
    )


PHOTO_KINDS = (files.FileKind.PNG, files.FileKind.JPEG)
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 30


def conference_photo_add(
    *, conference: PressConference, by: User, upload: UploadedFile, alt: str, caption: str = ""
) -> ConferencePhoto:
    """Add a photo to a conference: PNG or JPEG judged by its content (not its name), with alt text."""
    _ensure_agency(by, conference.agency_id)
    _ensure_press_role(by)
    alt, caption = " ".join(alt.split()), " ".join(caption.split())
    if not alt:
        raise WorkflowError("请填写照片的替代文本（描述照片内容，供视障读者使用）。")
    if len(alt) > 200 or len(caption) > 200:
        raise WorkflowError("替代文本和图片说明均不能超过200字。")
    if conference.state == ConferenceState.CANCELLED:
        raise WorkflowError("已取消的发布会不能上传照片。")
    if upload is None or not upload.size:
        raise WorkflowError("请选择要上传的照片。")
    if upload.size > MAX_PHOTO_BYTES:
        raise WorkflowError(f"照片不能超过{files.human_size(MAX_PHOTO_BYTES)}。")
    data = upload.read()
    kind = files.sniff(data)
    if kind not in PHOTO_KINDS:
        raise WorkflowError("只能上传 PNG 或 JPEG 格式的照片（按文件内容判断，不按扩展名）。")
    with transaction.atomic():
        conference = PressConference.objects.select_for_update().get(pk=conference.pk)
        count = conference.photos.count()
        if count >= MAX_PHOTOS:
            raise WorkflowError(f"每场发布会最多{MAX_PHOTOS}张照片。")
        photo = ConferencePhoto(
            conference=conference, kind=kind.value, size=len(data), alt=alt, caption=caption, order=count + 1, uploaded_by=by
        )
        photo.file.save(files.safe_stored_name(upload.name or "photo", kind), ContentFile(data), save=False)
        photo.save()
        record_event(
            conference,
            action="photo_add",
            label="上传发布会照片",
            by=by,
            agency_id=conference.agency_id,
            data={"photo": photo.pk, "kind": kind.value, "size": len(data)},
        )
    return photo


def conference_photo_remove(*, photo: ConferencePhoto, by: User) -> None:
    """Take a photo off the conference page (the file is deleted after the transaction commits)."""
    conference = photo.conference
    _ensure_agency(by, conference.agency_id)
    _ensure_press_role(by)
    with transaction.atomic():
        photo = ConferencePhoto.objects.select_for_update().get(pk=photo.pk)
        name = photo.file.name
        storage = photo.file.storage
        record_event(
            conference, action="photo_remove", label="删除发布会照片", by=by, agency_id=conference.agency_id,
            data={"photo": photo.pk, "alt": photo.alt},
        )
        photo.delete()
        transaction.on_commit(lambda: storage.delete(name))
