"""Writes of results openness. Every function checks agency, role and state itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Agency, Role, User
from gongkai.core.workflow import WorkflowError, record_event
from gongkai.implementation.models import PubState
from gongkai.implementation.services import ensure_agency, ensure_role

from . import conf
from . import budgets
from .models import (
    BudgetDisclosure,
    BudgetKind,
    BudgetTable,
    DevelopmentPlan,
    Evaluation,
    Indicator,
    IndicatorValue,
    NormativeDocument,
    NormativePrefix,
    NormativeSerial,
    PlanKind,
    ResultAttachment,
    ResultCategory,
    ResultReport,
)
from .workflow import budget_workflow, document_workflow, evaluation_workflow, plan_workflow, result_workflow


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 Feb → 28 Feb)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expiry_for(*, effective_on: dt.date, validity_years: int) -> dt.date:
    """Last day in force: a 5-year document effective 2026-03-01 runs to 2031-02-28."""
    return add_years(effective_on, validity_years) - dt.timedelta(days=1)


@transaction.atomic
def development_plan_create(
    *, by: User, title: str, kind: str = PlanKind.OUTLINE, start_year: int, end_year: int, summary: str = ""
) -> DevelopmentPlan:
    """Start a plan (draft) whose indicators will be published."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    ensure_role(by, Role.EDITOR, "新建规划")
    title = (title or "").strip()
    if not title:
        raise WorkflowError("规划名称不能为空。")
    if kind not in PlanKind.values:
        raise WorkflowError("规划类型不正确。")
    if not 1949 < start_year <= end_year < start_year + 16:
        raise WorkflowError("起止年份不正确。")
    plan = DevelopmentPlan.objects.create(
        agency_id=by.agency_id, title=title, kind=kind, start_year=start_year, end_year=end_year, summary=summary.strip(), created_by=by
    )
    record_event(plan, action="create", label="新建规划", by=by, agency_id=by.agency_id)
    return plan


@transaction.atomic
def indicator_save(
    *,
    plan: DevelopmentPlan,
    by: User,
    name: str,
    unit: str = "",
    nature: str = "expected",
    higher_is_better: bool = True,
    baseline: Decimal | None = None,
    target: Decimal,
    values: dict[int, tuple[Decimal | None, Decimal | None]] | None = None,
) -> Indicator:
    """Create or update an indicator (matched by name) and its (target, actual) per year."""
    ensure_agency(by, plan.agency_id)
    ensure_role(by, Role.EDITOR, "维护规划指标")
    name = (name or "").strip()
    if not name:
        raise WorkflowError("指标名称不能为空。")
    indicator, created = Indicator.objects.update_or_create(
        plan=plan, name=name,
        defaults={"unit": unit.strip(), "nature": nature, "higher_is_better": higher_is_better, "baseline": baseline, "target": target},
    )
    if created:
        indicator.order = plan.indicators.count()
        indicator.save(update_fields=["order"])
    for year, (year_target, actual) in (values or {}).items():
        if year not in plan.years:
            raise WorkflowError(f"{year}年不在规划期{plan.start_year}—{plan.end_year}年内。")
        if year_target is None and actual is None:
            IndicatorValue.objects.filter(indicator=indicator, year=year).delete()
            continue
        IndicatorValue.objects.update_or_create(indicator=indicator, year=year, defaults={"target": year_target, "actual": actual})
    record_event(plan, action="indicator_save", label="维护规划指标", by=by, agency_id=plan.agency_id, data={"indicator": name})
    return indicator


@transaction.atomic
def document_create(
    *,
    by: User,
    title: str,
    doc_number: str = "",
    written_on: dt.date,
    effective_on: dt.date,
    validity_years: int | None = None,
    amends: NormativeDocument | None = None,
    repeals: NormativeDocument | None = None,
    item_url: str = "",
) -> NormativeDocument:
    """Enter a normative document for registration (draft); its expiry is computed from its validity period."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    ensure_role(by, Role.EDITOR, "登记规范性文件")
    title = (title or "").strip()
    if not title:
        raise WorkflowError("文件名称不能为空。")
    years = conf.validity_years_default() if validity_years is None else int(validity_years)
    if not 1 <= years <= 10:
        raise WorkflowError("有效期应为1至10年。")
    if effective_on < written_on:
        raise WorkflowError("施行日期不能早于成文日期。")
    for other, what in ((amends, "修改"), (repeals, "废止")):
        if other is not None and (other.state != PubState.PUBLISHED or other.agency_id != by.agency_id):
            raise WorkflowError(f"被{what}的文件应是本机构已登记公布的规范性文件。")
    doc = NormativeDocument.objects.create(
        agency_id=by.agency_id, title=title, doc_number=(doc_number or "").strip(), written_on=written_on,
        effective_on=effective_on, validity_years=years, expires_on=expiry_for(effective_on=effective_on, validity_years=years),
        amends=amends, repeals=repeals, item_url=(item_url or "").strip(), created_by=by,
    )
    record_event(doc, action="create", label="登记规范性文件", by=by, agency_id=by.agency_id)
    return doc


def reg_number_next(*, agency: Agency, year: int) -> str:
    """The agency's next unified number for the year, e.g. 坊规〔2026〕001; a number is never issued twice."""
    try:
        prefix = agency.normative_prefix.prefix
    except NormativePrefix.DoesNotExist:
        raise WorkflowError("本机构尚未设置规范性文件统一编号前缀，请联系机构管理员。") from None
    serial, _ = NormativeSerial.objects.select_for_update().get_or_create(agency=agency, year=year)
    serial.last += 1
    serial.save(update_fields=["last"])
    return f"{prefix}〔{year}〕{serial.last:03d}"


@transaction.atomic
def record_advance(
    *, record: DevelopmentPlan | NormativeDocument | BudgetDisclosure | Evaluation | ResultReport, action: str, by: User, reason: str = ""
):
    """Move a plan, a normative document, a budget disclosure, an evaluation or a result report through review and signing; signing a document registers and numbers it."""
    ensure_agency(by, record.agency_id)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    workflow = {
        DevelopmentPlan: plan_workflow, NormativeDocument: document_workflow, BudgetDisclosure: budget_workflow,
        Evaluation: evaluation_workflow, ResultReport: result_workflow,
    }[type(record)]
    today = timezone.localdate()
    if isinstance(record, NormativeDocument) and action == "sign":
        workflow.check(record, action=action, by=by, authors=[record.created_by_id], reason=reason)
        if record.effective_on < today:
            raise WorkflowError("规范性文件须在施行前统一登记、统一编号、统一公布：施行日期已过，请修改施行日期。")
    if isinstance(record, DevelopmentPlan) and action == "submit" and not record.indicators.exists():
        raise WorkflowError("请至少录入一个指标。")
    workflow.advance(record, action=action, by=by, authors=[record.created_by_id], reason=reason, agency_id=record.agency_id)
    if record.state == PubState.PUBLISHED:
        if isinstance(record, NormativeDocument):
            record.reg_number = reg_number_next(agency=record.agency, year=today.year)
            record.published_on = today
            record.save(update_fields=["reg_number", "published_on"])
        else:
            record.published_at = timezone.now()
            record.save(update_fields=["published_at"])
    return record


@transaction.atomic
def budget_import(*, by: User, year: int, kind: str, data: bytes) -> BudgetDisclosure:
    """Import a budget or final-accounts workbook as a draft; a workbook whose totals do not add up is refused whole."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    ensure_role(by, Role.EDITOR, "导入预决算表")
    if kind not in BudgetKind.values:
        raise WorkflowError("类型应为部门预算或部门决算。")
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise WorkflowError("年度不正确。")
    tables, explanation = budgets.read_workbook(data)  # raises before anything is written
    disclosure = BudgetDisclosure.objects.select_for_update().filter(agency_id=by.agency_id, year=year, kind=kind).first()
    if disclosure is not None and disclosure.state != PubState.DRAFT:
        raise WorkflowError(f"{year}年{disclosure.get_kind_display()}已提交或发布，不能再导入。")
    if disclosure is None:
        disclosure = BudgetDisclosure.objects.create(agency_id=by.agency_id, year=year, kind=kind, explanation=explanation, created_by=by)
    else:
        disclosure.explanation = explanation
        disclosure.save(update_fields=["explanation"])
        disclosure.tables.all().delete()
    BudgetTable.objects.bulk_create(
        BudgetTable(disclosure=disclosure, kind=t.kind, columns=t.columns, rows=budgets.stored_rows(t.rows)) for t in tables
    )
    record_event(disclosure, action="import", label="导入预决算表", by=by, agency_id=by.agency_id, data={"tables": [t.kind for t in tables]})
    return disclosure


@transaction.atomic
def evaluation_create(
    *,
    by: User,
    title: str,
    evaluator: str,
    third_party: bool = True,
    method: str,
    period_start: dt.date,
    period_end: dt.date,
    conclusions: str,
    recommendations: str = "",
    response: str = "",
    subject_title: str = "",
    subject_url: str = "",
    subject=None,
    report=None,
) -> Evaluation:
    """Record an evaluation of a decision (draft); the report file's type is read from its content (PDF or Word)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from gongkai.core import files
    from gongkai.implementation.services import _screen

    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    ensure_role(by, Role.EDITOR, "登记决策评估")
    texts = {k: (v or "").strip() for k, v in dict(title=title, evaluator=evaluator, method=method, conclusions=conclusions).items()}
    labels = {"title": "评估名称", "evaluator": "评估机构", "method": "评估方法", "conclusions": "评估结论"}
    for key, value in texts.items():
        if not value:
            raise WorkflowError(f"{labels[key]}不能为空。")
    if period_end < period_start:
        raise WorkflowError("评估期间的结束日期不能早于开始日期。")
    _screen(*texts.values(), recommendations, response)
    link = {}
    if subject is not None:
        link = {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}
        subject_title = subject_title or str(subject)
        subject_url = subject_url or (subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else "")
    if not (subject_title or "").strip():
        raise WorkflowError("请填写所评估的决策。")
    evaluation = Evaluation(
        agency_id=by.agency_id, created_by=by, third_party=third_party, period_start=period_start, period_end=period_end,
        recommendations=(recommendations or "").strip(), response=(response or "").strip(),
        subject_title=subject_title.strip(), subject_url=(subject_url or "").strip(), **link, **texts,
    )
    if report is not None:
        data = report.read()
        if len(data) > settings.GONGKAI_ATTACHMENT_MAX_BYTES:
            raise WorkflowError(f"评估报告过大：最大允许{files.human_size(settings.GONGKAI_ATTACHMENT_MAX_BYTES)}。")
        kind = files.sniff(data)
        if kind is None or kind.value not in ("pdf", "docx"):
            raise WorkflowError("评估报告应为 PDF 或 Word（DOCX）文件。")
        evaluation.report_name = files.display_name(report.name or "评估报告")
        evaluation.report.save(files.safe_stored_name(evaluation.report_name, kind), ContentFile(data), save=False)
    evaluation.save()
    record_event(evaluation, action="create", label="登记决策评估", by=by, agency_id=by.agency_id)
    return evaluation


RESULT_MAX_FIGURES = 20
RESULT_MAX_LINKS = 20


def _clean_figures(figures) -> list[dict]:
    out = []
    for i, f in enumerate(figures or [], start=1):
        name, value, unit = (str(f.get(k, "") or "").strip() for k in ("name", "value", "unit"))
        if not name or not value:
            raise WorkflowError(f"主要数据第{i}行：请填写名称和数值。")
        try:
            Decimal(value.replace(",", ""))
        except ArithmeticError:
            raise WorkflowError(f"主要数据第{i}行：“{value}”不是数字。") from None
        out.append({"name": name[:60], "value": value.replace(",", ""), "unit": unit[:20]})
    if len(out) > RESULT_MAX_FIGURES:
        raise WorkflowError(f"主要数据最多{RESULT_MAX_FIGURES}行。")
    return out


def _clean_links(links) -> list[dict]:
    out = []
    for i, link in enumerate(links or [], start=1):
        title, url = (str(link.get(k, "") or "").strip() for k in ("title", "url"))
        if not title or not url:
            raise WorkflowError(f"证明材料链接第{i}行：请填写标题和链接。")
        if not (url.startswith("/") and not url.startswith("//") or url.startswith("https://") or url.startswith("http://")):
            raise WorkflowError(f"证明材料链接第{i}行：链接应以 / 或 http(s):// 开头。")
        out.append({"title": title[:120], "url": url[:300]})
    if len(out) > RESULT_MAX_LINKS:
        raise WorkflowError(f"证明材料链接最多{RESULT_MAX_LINKS}行。")
    return out


def _result_targets(by: User, disclosure_index: str, implementation_plan):
    """The optional disclosure item (by 索引号) and implementation plan: the agency's own, already public."""
    from gongkai.disclosures.models import DisclosureItem

    item = None
    disclosure_index = (disclosure_index or "").strip()
    if disclosure_index:
        item = DisclosureItem.objects.filter(index_number=disclosure_index, agency_id=by.agency_id).select_related("live_version").first()
        if item is None or not item.is_public:
            raise WorkflowError(f"索引号“{disclosure_index}”不是本机构已主动公开的信息。")
    if implementation_plan is not None and (implementation_plan.agency_id != by.agency_id or implementation_plan.state != PubState.PUBLISHED):
        raise WorkflowError("关联的实施方案应是本机构已发布的实施方案。")
    return item, implementation_plan


@transaction.atomic
def result_create(
    *,
    by: User,
    category: str,
    title: str,
    summary: str,
    reported_on: dt.date,
    figures: list[dict] | None = None,
    links: list[dict] | None = None,
    disclosure_index: str = "",
    implementation_plan=None,
    attachment=None,
) -> ResultReport:
    """Record a result (draft): what was achieved, key figures and the evidence behind it."""
    from gongkai.implementation.services import _screen

    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    ensure_role(by, Role.EDITOR, "登记结果公开")
    if category not in ResultCategory.values:
        raise WorkflowError("请选择类别。")
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        raise WorkflowError("标题不能为空。")
    if not summary:
        raise WorkflowError("落实情况不能为空。")
    if reported_on > timezone.localdate():
        raise WorkflowError("截至日期不能晚于今天。")
    figures, links = _clean_figures(figures), _clean_links(links)
    _screen(title, summary, *(f["name"] for f in figures), *(link["title"] for link in links))
    item, plan = _result_targets(by, disclosure_index, implementation_plan)
    report = ResultReport.objects.create(
        agency_id=by.agency_id, category=category, title=title, summary=summary, reported_on=reported_on,
        figures=figures, links=links, disclosure_item=item, implementation_plan=plan, created_by=by,
    )
    if attachment is not None:
        _result_file(report, attachment)
    record_event(report, action="create", label="登记结果公开", by=by, agency_id=by.agency_id)
    return report


def _result_file(report: ResultReport, upload) -> ResultAttachment:
    from django.core.files.base import ContentFile

    from gongkai.core import files
    from gongkai.implementation.services import EVIDENCE_MAX_BYTES

    data = upload.read()
    if not data:
        raise WorkflowError("证明材料是空文件。")
    if len(data) > EVIDENCE_MAX_BYTES:
        raise WorkflowError(f"证明材料过大：最大允许{files.human_size(EVIDENCE_MAX_BYTES)}。")
    kind = files.sniff(data)
    if kind is None:
        raise WorkflowError("不支持的文件类型：只接受 PDF、Word（DOCX）、Excel（XLSX）、PNG、JPEG 文件。")
    name = files.display_name(upload.name or "证明材料")
    att = ResultAttachment(report=report, original_name=name, kind=kind.value, size=len(data))
    att.file.save(files.safe_stored_name(name, kind), ContentFile(data), save=False)
    att.save()
    return att


@transaction.atomic
def result_attachment_add(*, report: ResultReport, by: User, upload) -> ResultAttachment:
    """Attach an evidence file to a draft result report."""
    ensure_agency(by, report.agency_id)
    ensure_role(by, Role.EDITOR, "上传证明材料")
    report = ResultReport.objects.select_for_update().get(pk=report.pk)
    if report.state != PubState.DRAFT:
        raise WorkflowError("只有草稿可以添加证明材料。")
    att = _result_file(report, upload)
    record_event(report, action="attach", label="添加证明材料", by=by, agency_id=report.agency_id, data={"name": att.original_name})
    return att
