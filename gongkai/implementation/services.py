"""Writes of execution openness. Every function checks agency, role and state itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from gongkai.core import files, screening
from gongkai.core.models import Agency, Role, User
from gongkai.core.workflow import Workflow, WorkflowError, record_event

from .models import (
    AccountabilityCase,
    CaseType,
    Evidence,
    Finding,
    ImplementationPlan,
    Inspection,
    ProgressUpdate,
    PubState,
    Step,
    StepProgress,
)
from .workflow import case_workflow, inspection_workflow, plan_workflow, rectification, update_workflow

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

PublicRecord = ImplementationPlan | ProgressUpdate | Inspection | AccountabilityCase


def ensure_agency(by: User, agency_id: int) -> None:
    """Another agency's records do not exist for this user."""
    if by.agency_id is None or by.agency_id != agency_id:
        raise Http404("未找到。")


def ensure_role(by: User, role: str, what: str) -> None:
    if not by.has_role(role):
        raise WorkflowError(f"您没有{what}的权限。")


def _text(value: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise WorkflowError(f"{label}不能为空。")
    return value


def _screen(*texts: str) -> None:
    """Public texts must not carry personal data (ID numbers, phones …)."""
    hits = screening.scan_text("\n".join(texts), source="text")
    if hits:
        raise WorkflowError(f"发现{len(hits)}处疑似个人信息（如身份证号、手机号），请删除后再保存。")


def _units(ids: Iterable[int]) -> list[Agency]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    units = list(Agency.objects.filter(pk__in=ids))
    if len(units) != len(ids):
        raise WorkflowError("责任单位不存在。")
    return units


@transaction.atomic
def plan_create(
    *,
    by: User,
    title: str,
    goals: str,
    measures: str,
    supervision_method: str,
    lead_unit: Agency,
    cooperating_units: Iterable[Agency] = (),
    subject_title: str = "",
    subject_url: str = "",
    subject: models.Model | None = None,
) -> ImplementationPlan:
    """Start an implementation plan (draft) in the editor's agency, for a decision or a major task."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    ensure_role(by, Role.EDITOR, "新建实施方案")
    title = _text(title, "标题")
    fields = {
        "goals": _text(goals, "目标任务"),
        "measures": _text(measures, "主要措施"),
        "supervision_method": _text(supervision_method, "监督方式"),
    }
    _screen(title, *fields.values())
    if subject is not None:
        from django.contrib.contenttypes.models import ContentType

        link = {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}
        subject_title = subject_title or str(subject)
        subject_url = subject_url or (subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else "")
    else:
        link = {}
    subject_title = _text(subject_title or title, "所属决策或重大任务")
    if subject_url and not (subject_url.startswith("/") or subject_url.startswith("https://") or subject_url.startswith("http://")):
        raise WorkflowError("决策或任务链接应以 / 或 http(s):// 开头。")
    plan = ImplementationPlan.objects.create(
        agency_id=by.agency_id, title=title, lead_unit=lead_unit, created_by=by,
        subject_title=subject_title, subject_url=subject_url, **link, **fields,
    )
    plan.cooperating_units.set([u for u in cooperating_units if u.pk != lead_unit.pk])
    record_event(plan, action="create", label="新建实施方案", by=by, agency_id=plan.agency_id)
    return plan


@transaction.atomic
def step_add(*, plan: ImplementationPlan, by: User, title: str, starts_on: dt.date, due_on: dt.date, unit: Agency) -> Step:
    """Add a step (milestone) to a plan that is not yet published."""
    ensure_agency(by, plan.agency_id)
    ensure_role(by, Role.EDITOR, "编辑实施步骤")
    plan = ImplementationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PubState.DRAFT:
        raise WorkflowError("实施方案已提交或发布，不能再添加步骤。")
    title = _text(title, "步骤名称")
    if due_on < starts_on:
        raise WorkflowError("完成时限不能早于开始日期。")
    order = plan.steps.count() + 1
    step = Step.objects.create(plan=plan, order=order, title=title, starts_on=starts_on, due_on=due_on, unit=unit)
    record_event(plan, action="step_add", label="添加实施步骤", by=by, agency_id=plan.agency_id, data={"step": title})
    return step


def _workflow_for(record: PublicRecord) -> Workflow:
    return {
        ImplementationPlan: plan_workflow,
        ProgressUpdate: update_workflow,
        Inspection: inspection_workflow,
        AccountabilityCase: case_workflow,
    }[type(record)]


def _agency_id(record: PublicRecord) -> int:
    return record.plan.agency_id if isinstance(record, ProgressUpdate) else record.agency_id


@transaction.atomic
def record_advance(*, record: PublicRecord, action: str, by: User, reason: str = "") -> PublicRecord:
    """Move a plan, update, inspection or case through the publication table (submit, approve, return, sign)."""
    agency_id = _agency_id(record)
    ensure_agency(by, agency_id)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if isinstance(record, ProgressUpdate):
        if action == "sign" and record.plan.state != PubState.PUBLISHED:
            raise WorkflowError("实施方案尚未发布，进展不能先于方案发布。")
        if action == "submit" and not record.step_progress.exists():
            raise WorkflowError("请至少填写一个步骤的完成进度。")
    if isinstance(record, ImplementationPlan) and action == "submit" and not record.steps.exists():
        raise WorkflowError("请至少添加一个实施步骤。")
    _workflow_for(record).advance(
        record, action=action, by=by, authors=[record.created_by_id], reason=reason, agency_id=agency_id
    )
    if record.state == PubState.PUBLISHED:
        record.published_at = timezone.now()
        record.save(update_fields=["published_at"])
    return record


@transaction.atomic
def update_create(
    *,
    plan: ImplementationPlan,
    by: User,
    as_of: dt.date,
    narrative: str,
    problems: str = "",
    follow_up: str = "",
    percents: Mapping[int, int],
    notes: Mapping[int, str] | None = None,
) -> ProgressUpdate:
    """Write a progress update (draft): narrative, problems, follow-up measures and percent done per step."""
    ensure_agency(by, plan.agency_id)
    ensure_role(by, Role.EDITOR, "填报工作进展")
    narrative = _text(narrative, "工作进展")
    problems, follow_up = _text(problems, "", required=False), _text(follow_up, "", required=False)
    _screen(narrative, problems, follow_up)
    if as_of > timezone.localdate():
        raise WorkflowError("进展截至日期不能晚于今天。")
    steps = {s.pk: s for s in plan.steps.all()}
    if not percents:
        raise WorkflowError("请至少填写一个步骤的完成进度。")
    for step_id, percent in percents.items():
        if step_id not in steps:
            raise WorkflowError("步骤不属于本实施方案。")
        if not 0 <= int(percent) <= 100:
            raise WorkflowError(f"“{steps[step_id].title}”的完成百分比应在0到100之间。")
    update = ProgressUpdate.objects.create(
        plan=plan, as_of=as_of, narrative=narrative, problems=problems, follow_up=follow_up, created_by=by
    )
    notes = notes or {}
    StepProgress.objects.bulk_create(
        StepProgress(update=update, step_id=sid, percent=int(p), note=(notes.get(sid) or "").strip()[:300])
        for sid, p in percents.items()
    )
    record_event(update, action="create", label="填报工作进展", by=by, agency_id=plan.agency_id)
    return update


def _store_evidence(upload: UploadedFile, **owner) -> Evidence:
    data = upload.read()
    if not data:
        raise WorkflowError("证明材料是空文件。")
    if len(data) > EVIDENCE_MAX_BYTES:
        raise WorkflowError(f"证明材料过大：最大允许{files.human_size(EVIDENCE_MAX_BYTES)}。")
    kind = files.sniff(data)
    if kind is None:
        raise WorkflowError("不支持的文件类型：只接受 PDF、Word（DOCX）、Excel（XLSX）、PNG、JPEG 文件。")
    name = files.display_name(upload.name or "证明材料")
    evidence = Evidence(original_name=name, kind=kind.value, size=len(data), **owner)
    evidence.file.save(files.safe_stored_name(name, kind), ContentFile(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def update_evidence_add(*, update: ProgressUpdate, by: User, upload: UploadedFile) -> Evidence:
    """Attach an evidence file to a draft progress update."""
    ensure_agency(by, update.plan.agency_id)
    ensure_role(by, Role.EDITOR, "上传证明材料")
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state != PubState.DRAFT:
        raise WorkflowError("只有草稿可以添加证明材料。")
    evidence = _store_evidence(upload, update=update)
    record_event(update, action="attach", label="添加证明材料", by=by, agency_id=update.plan.agency_id, data={"name": evidence.original_name})
    return evidence


@transaction.atomic
def inspection_create(*, by: User, title: str, scope: str, inspected_on: dt.date, inspector: str) -> Inspection:
    """Record an inspection (督查) of the staff member's agency, as a draft."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    ensure_role(by, Role.EDITOR, "登记督查")
    title, scope, inspector = _text(title, "督查名称"), _text(scope, "督查范围"), _text(inspector, "督查单位")
    _screen(title, scope)
    inspection = Inspection.objects.create(
        agency_id=by.agency_id, title=title, scope=scope, inspected_on=inspected_on, inspector=inspector, created_by=by
    )
    record_event(inspection, action="create", label="登记督查", by=by, agency_id=by.agency_id)
    return inspection


@transaction.atomic
def finding_add(
    *, inspection: Inspection, by: User, problem: str, requirement: str = "", deadline: dt.date, responsible_unit: Agency
) -> Finding:
    """Add a problem found, with its rectification deadline and responsible unit."""
    ensure_agency(by, inspection.agency_id)
    ensure_role(by, Role.EDITOR, "登记发现问题")
    if inspection.state != PubState.DRAFT:
        raise WorkflowError("督查已提交或发布，不能再添加问题。")
    problem = _text(problem, "发现问题")
    requirement = _text(requirement, "", required=False)
    _screen(problem, requirement)
    if deadline < inspection.inspected_on:
        raise WorkflowError("整改时限不能早于督查日期。")
    finding = Finding.objects.create(
        inspection=inspection, problem=problem, requirement=requirement, deadline=deadline, responsible_unit=responsible_unit
    )
    record_event(finding, action="create", label="登记发现问题", by=by, agency_id=inspection.agency_id)
    return finding


@transaction.atomic
def finding_advance(
    *, finding: Finding, action: str, by: User, reason: str = "", evidence: str = "", upload: UploadedFile | None = None
) -> Finding:
    """Move a rectification task: start, complete (with evidence), verify, or reopen with a reason."""
    agency_id = finding.inspection.agency_id
    ensure_agency(by, agency_id)
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    if action == "complete":
        evidence = _text(evidence, "整改情况")
        _screen(evidence)
    rectification.advance(
        finding, action=action, by=by, authors=[finding.done_by_id] if finding.done_by_id else [], reason=reason, agency_id=agency_id
    )
    if action == "complete":
        finding.evidence, finding.done_at, finding.done_by = evidence, timezone.now(), by
        finding.save(update_fields=["evidence", "done_at", "done_by"])
        if upload is not None:
            _store_evidence(upload, finding=finding)
    elif action == "reopen":
        finding.done_at = None
        finding.save(update_fields=["done_at"])
    return finding


@transaction.atomic
def case_create(
    *,
    by: User,
    case_type: str,
    unit: Agency,
    facts: str,
    measure: str,
    decided_on: dt.date,
    person_name: str = "",
    publish_name: bool = False,
) -> AccountabilityCase:
    """Record an accountability case (问责) as a draft; a name is published only when publish_name says so."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    ensure_role(by, Role.EDITOR, "登记问责案例")
    if case_type not in CaseType.values:
        raise WorkflowError("问责类型应为不作为、慢作为或乱作为。")
    facts, measure = _text(facts, "主要问题"), _text(measure, "问责措施")
    _screen(facts, measure)
    person_name = (person_name or "").strip()
    if publish_name and not person_name:
        raise WorkflowError("选择公开人员姓名时，请填写姓名。")
    case = AccountabilityCase.objects.create(
        agency_id=by.agency_id, case_type=case_type, unit=unit, facts=facts, measure=measure, decided_on=decided_on,
        person_name=person_name, publish_name=publish_name, created_by=by,
    )
    record_event(case, action="create", label="登记问责案例", by=by, agency_id=by.agency_id)
    return case


@transaction.atomic
def plan_edit(
    *,
    plan: ImplementationPlan,
    by: User,
    title: str,
    goals: str,
    measures: str,
    supervision_method: str,
    lead_unit: Agency,
    cooperating_units: Iterable[Agency] = (),
    subject_title: str = "",
    subject_url: str = "",
) -> ImplementationPlan:
    """Rewrite a draft plan's text (e.g. after it was returned for changes)."""
    ensure_agency(by, plan.agency_id)
    ensure_role(by, Role.EDITOR, "修改实施方案")
    plan = ImplementationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PubState.DRAFT:
        raise WorkflowError("只有草稿（含退回修改的）可以修改。")
    title = _text(title, "标题")
    fields = {
        "goals": _text(goals, "目标任务"),
        "measures": _text(measures, "主要措施"),
        "supervision_method": _text(supervision_method, "监督方式"),
    }
    _screen(title, *fields.values())
    subject_title = _text(subject_title or title, "所属决策或重大任务")
    subject_url = (subject_url or "").strip()
    if subject_url and not (subject_url.startswith("/") or subject_url.startswith("https://") or subject_url.startswith("http://")):
        raise WorkflowError("决策或任务链接应以 / 或 http(s):// 开头。")
    changed = [k for k, v in {"title": title, "lead_unit_id": lead_unit.pk, "subject_title": subject_title, "subject_url": subject_url, **fields}.items() if getattr(plan, k) != v]
    plan.title, plan.lead_unit, plan.subject_title, plan.subject_url = title, lead_unit, subject_title, subject_url
    for k, v in fields.items():
        setattr(plan, k, v)
    plan.save()
    plan.cooperating_units.set([u for u in cooperating_units if u.pk != lead_unit.pk])
    record_event(plan, action="edit", label="修改实施方案", by=by, agency_id=plan.agency_id, data={"fields": changed})
    return plan


@transaction.atomic
def update_edit(
    *,
    update: ProgressUpdate,
    by: User,
    as_of: dt.date,
    narrative: str,
    problems: str = "",
    follow_up: str = "",
    percents: Mapping[int, int],
    notes: Mapping[int, str] | None = None,
) -> ProgressUpdate:
    """Rewrite a draft progress update (text and percent per step), e.g. after it was returned for changes."""
    ensure_agency(by, update.plan.agency_id)
    ensure_role(by, Role.EDITOR, "修改工作进展")
    update = ProgressUpdate.objects.select_for_update().select_related("plan").get(pk=update.pk)
    if update.state != PubState.DRAFT:
        raise WorkflowError("只有草稿（含退回修改的）可以修改。")
    narrative = _text(narrative, "工作进展")
    problems, follow_up = _text(problems, "", required=False), _text(follow_up, "", required=False)
    _screen(narrative, problems, follow_up)
    if as_of > timezone.localdate():
        raise WorkflowError("进展截至日期不能晚于今天。")
    steps = {s.pk: s for s in update.plan.steps.all()}
    if not percents:
        raise WorkflowError("请至少填写一个步骤的完成进度。")
    for step_id, percent in percents.items():
        if step_id not in steps:
            raise WorkflowError("步骤不属于本实施方案。")
        if not 0 <= int(percent) <= 100:
            raise WorkflowError(f"“{steps[step_id].title}”的完成百分比应在0到100之间。")
    update.as_of, update.narrative, update.problems, update.follow_up = as_of, narrative, problems, follow_up
    update.save(update_fields=["as_of", "narrative", "problems", "follow_up"])
    notes = notes or {}
    update.step_progress.all().delete()
    StepProgress.objects.bulk_create(
        StepProgress(update=update, step_id=sid, percent=int(p), note=(notes.get(sid) or "").strip()[:300])
        for sid, p in percents.items()
    )
    record_event(update, action="edit", label="修改工作进展", by=by, agency_id=update.plan.agency_id)
    return update
