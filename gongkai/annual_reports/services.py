"""Writes on annual reports: enter figures and texts, generate the tables, publish through the editorial workflow."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gongkai.core.models import Agency, Role, User
from gongkai.core.workflow import WorkflowError, record_event
from gongkai.disclosures import services as disclosure_services
from gongkai.disclosures.models import CatalogColumn, DisclosureMode, Topic, Validity

from . import render, tables
from .models import TABLE2_FIELDS, TABLE4_GROUPS, TABLE4_RESULTS, AnnualReport

EDIT_ROLES = (Role.REQUEST_HANDLER, Role.EDITOR, Role.AGENCY_ADMIN)
TEXT_FIELDS = ("text_overview", "text_proactive", "text_requests", "text_review", "text_problems", "text_other")
COUNT_FIELDS = (*TABLE2_FIELDS, *(f"{g}_{r}" for g in TABLE4_GROUPS for r in TABLE4_RESULTS))
COLUMN_SLUG = "annual-reports"
TOPIC_CODE = "0101"  # 综合政务/政务公开


class ReportNeedsRelease(WorkflowError):
    """The report is a draft item now, but the confidentiality scan found marks a reviewer must release first."""

    def __init__(self, count: int):
        super().__init__(f"年度报告已转为公开信息草稿，保密审查扫描发现{count}处命中（如表三固定栏目“属于国家秘密”），"
                         "请审核人员在工作台逐条说明理由放行后再提交审核。")


def _ensure(by: User, report_or_agency_id: int) -> None:
    if by.agency_id is None or by.agency_id != report_or_agency_id:
        raise Http404("未找到。")
    if not any(by.has_role(r) for r in EDIT_ROLES):
        raise WorkflowError("您没有编制年度报告的权限。")


def _editable(report: AnnualReport) -> None:
    if report.version_id is not None:
        raise WorkflowError("年度报告已提交公开流程，不能再修改；如需更正，请在公开信息中修订。")


@transaction.atomic
def report_start(*, by: User, year: int) -> AnnualReport:
    """Open the report of the staff member's agency for `year` (one per agency and year)."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    _ensure(by, by.agency_id)
    if not 2008 <= year <= timezone.localdate().year:
        raise WorkflowError("年度不正确。")
    report, created = AnnualReport.objects.get_or_create(agency_id=by.agency_id, year=year, defaults={"created_by": by})
    if created:
        record_event(report, action="create", label="新建年度报告", by=by, agency_id=by.agency_id)
    return report


@transaction.atomic
def report_update(*, report: AnnualReport, by: User, **fields: Any) -> AnnualReport:
    """Enter texts and the staff-counted figures (tables 2 and 4)."""
    _ensure(by, report.agency_id)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    unknown = set(fields) - {*TEXT_FIELDS, *COUNT_FIELDS, "fees_wan"}
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    for key, value in fields.items():
        if key in COUNT_FIELDS:
            if not isinstance(value, int) or value < 0:
                raise WorkflowError("数量应为不小于0的整数。")
        elif key == "fees_wan":
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                raise WorkflowError("收费金额应为数字（万元）。") from None
            if value < 0:
                raise WorkflowError("收费金额不能为负数。")
        else:
            value = (value or "").strip()
        setattr(report, key, value)
    report.save()
    record_event(report, action="edit", label="修改年度报告", by=by, agency_id=report.agency_id, data={"fields": sorted(fields)})
    return report


def compute_tables(report: AnnualReport) -> dict:
    """Tables 2, 3, 4 for the report's agency; an agency with agencies below it adds them up (district roll-up)."""
    agency: Agency = report.agency
    ids = agency.descendant_ids()
    reports = list(AnnualReport.objects.filter(agency_id__in=ids, year=report.year).exclude(pk=report.pk)) + [report]
    return {
        "agency_ids": sorted(ids),
        "rollup": len(ids) > 1,
        "table2": tables.table2(reports, year=report.year, agency_ids=ids),
        "table3": tables.table3(agency_ids=ids, year=report.year),
        "table4": tables.table4(reports),
    }


@transaction.atomic
def report_generate(*, report: AnnualReport, by: User) -> AnnualReport:
    """Compute the tables from the data now and keep them with the report; refuses an unbalanced table 3."""
    _ensure(by, report.agency_id)
    report = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
    _editable(report)
    computed = compute_tables(report)
    problems = tables.table3_check(computed["table3"])
    if problems:
        raise WorkflowError("表三数据不平衡：" + "；".join(problems))
    report.tables = computed
    report.generated_at = timezone.now()
    report.docx.save(f"annual-report-{report.agency.slug}-{report.year}.docx", ContentFile(render.report_docx(report)), save=False)
    report.save()
    record_event(report, action="generate", label="生成报告表格", by=by, agency_id=report.agency_id)
    return report


def report_submit(*, report: AnnualReport, by: User):
    """Hand the generated report to the editorial workflow as a disclosure item in 公开年报 (an editor starts it).

    Table 3's check is run again on the stored tables: a changed or corrupted count stops publication here.
    """
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
        _ensure(by, report.agency_id)
        _editable(report)
        if not report.tables:
            raise WorkflowError("请先生成报告表格。")
        problems = tables.table3_check(report.tables["table3"])
        if problems:
            raise WorkflowError("表三数据不平衡，不能发布：" + "；".join(problems))
        column = CatalogColumn.objects.filter(slug=COLUMN_SLUG).first()
        topic = Topic.objects.filter(code=TOPIC_CODE).first() or Topic.objects.order_by("code").first()
        if column is None or topic is None:
            raise WorkflowError("未找到“公开年报”栏目或主题分类，请先初始化公开目录。")
        docx = render.report_docx(report)
        version = disclosure_services.item_create(
            by=by, title=report.title, column=column, topic=topic, body=render.report_html(report),
            summary=f"{report.agency.short_name}{report.year}年政府信息公开工作年度报告"[:100],
            validity=Validity.NOT_APPLICABLE, disclosure_mode=DisclosureMode.PROACTIVE,
        )
        disclosure_services.attachment_add(version=version, by=by, upload=SimpleUploadedFile(
            f"{report.title}.docx", docx,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        report.version = version
        report.save(update_fields=["version"])
        record_event(report, action="submit", label="提交公开流程", by=by, agency_id=report.agency_id,
                     data={"item": version.item_id})
    try:
        disclosure_services.version_submit(version=version, by=by)
    except disclosure_services.ScreeningBlocked as exc:
        # Table 3's fixed row "1.属于国家秘密" is a secrecy mark to the scanner: the draft stays with its hits, which a
        # reviewer lets through with a reason in the workspace; then the editor submits it there.
        raise ReportNeedsRelease(len(exc.hits)) from exc
    return report
