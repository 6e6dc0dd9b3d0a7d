"""Results openness (R2, R5): development plans with indicators, and the normative documents register.

An indicator's status and a document's validity status are derived from
values and dates, never typed in.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Agency
from gongkai.implementation.models import PubState, SubjectLink


class PlanKind(models.TextChoices):
    OUTLINE = "outline", _("规划纲要")  # five-year plan outline (十四五, 十五五 …)
    ANNUAL = "annual", _("年度计划")  # one year's plan


class DevelopmentPlan(models.Model):
    """A plan with goals (规划纲要 or 年度计划) whose indicators are tracked in public."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="development_plans")
    title = models.CharField(_("规划名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=PlanKind.choices, default=PlanKind.OUTLINE)
    start_year = models.PositiveSmallIntegerField(_("起始年份"))
    end_year = models.PositiveSmallIntegerField(_("目标年份"))
    summary = models.TextField(_("简介"), blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-end_year", "-id"]
        verbose_name = _("规划")
        verbose_name_plural = _("规划")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("results:plan", kwargs={"pk": self.pk})

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Nature(models.TextChoices):
    BINDING = "binding", _("约束性")
    EXPECTED = "expected", _("预期性")


class IndicatorStatus(models.TextChoices):
    ACHIEVED = "achieved", _("已实现")  # the latest actual value meets the plan's end target
    ON_TRACK = "on_track", _("按进度推进")  # meets the year's target (or the straight path from baseline to target)
    BEHIND = "behind", _("滞后")  # short of the year's target
    NO_DATA = "no_data", _("暂无数据")  # no actual value reported yet


class Indicator(models.Model):
    """One indicator of a plan: baseline, end target, and values per year."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveIntegerField(_("序号"), default=0)
    name = models.CharField(_("指标名称"), max_length=120)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    nature = models.CharField(_("属性"), max_length=20, choices=Nature.choices, default=Nature.EXPECTED)
    higher_is_better = models.BooleanField(_("数值越大越好"), default=True)
    baseline = models.DecimalField(_("基期值"), max_digits=18, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("规划目标值"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="unique_indicator_name")]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """Target and actual value of one indicator in one year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("年份"))
    target = models.DecimalField(_("年度目标"), max_digits=18, decimal_places=4, null=True, blank=True)
    actual = models.DecimalField(_("实际值"), max_digits=18, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="unique_indicator_year")]


class DocStatus(models.TextChoices):
    VALID = "valid", _("有效")  # in force within its validity period
    EXPIRED = "expired", _("失效")  # its validity period ended
    REPEALED = "repealed", _("废止")  # a later document repealed it
    AMENDED = "amended", _("已修改")  # a later document amended it


class NormativeDocumentQuerySet(models.QuerySet):
    def with_status(self, today: dt.date | None = None) -> NormativeDocumentQuerySet:
        """Annotate `status_code`, derived from dates and the registered documents that amend or repeal each one."""
        today = today or timezone.localdate()
        effective = NormativeDocument.objects.filter(state=PubState.PUBLISHED, effective_on__lte=today)
        return self.annotate(
            _repealed=Exists(effective.filter(repeals=OuterRef("pk"))),
            _amended=Exists(effective.filter(amends=OuterRef("pk"))),
        ).annotate(
            status_code=models.Case(
                models.When(_repealed=True, then=models.Value(DocStatus.REPEALED)),
                models.When(_amended=True, then=models.Value(DocStatus.AMENDED)),
                models.When(expires_on__lt=today, then=models.Value(DocStatus.EXPIRED)),
                default=models.Value(DocStatus.VALID),
                output_field=models.CharField(),
            )
        )

    def with_status_in(self, status: str, today: dt.date | None = None) -> NormativeDocumentQuerySet:
        return self.with_status(today).filter(status_code=status)


class NormativeDocument(models.Model):
    """A normative document (规范性文件) in the register, numbered when it is registered (signed)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="normative_documents")
    title = models.CharField(_("文件名称"), max_length=200)
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True)
    reg_number = models.CharField(_("统一编号"), max_length=40, unique=True, null=True, blank=True)
    written_on = models.DateField(_("成文日期"))
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"))
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"))
    expires_on = models.DateField(_("有效期至"))  # computed from effective_on and validity_years by the service
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by", verbose_name=_("修改的文件"))
    repeals = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="repealed_by", verbose_name=_("废止的文件"))
    item_url = models.CharField(_("全文链接"), max_length=300, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = NormativeDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("规范性文件")
        verbose_name_plural = _("规范性文件")

    def __str__(self) -> str:
        return f"{self.reg_number or '（未编号）'} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("results:document", kwargs={"pk": self.pk})

    def status(self, today: dt.date | None = None) -> str:
        code = getattr(self, "status_code", None)
        if code is None or today is not None:
            code = NormativeDocument.objects.with_status(today).values_list("status_code", flat=True).get(pk=self.pk)
        return code

    def status_label(self) -> str:
        return str(DocStatus(self.status()).label)

    def not_yet_effective(self) -> bool:
        return self.effective_on > timezone.localdate()


class NormativePrefix(models.Model):
    """The prefix of an agency's unified numbers, e.g. 坊规 in 坊规〔2026〕001."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="normative_prefix")
    prefix = models.CharField(_("编号前缀"), max_length=20, unique=True)

    def __str__(self) -> str:
        return self.prefix


class NormativeSerial(models.Model):
    """Last serial issued per agency and year; a number is never issued twice."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_normative_serial")]




class BudgetKind(models.TextChoices):
    BUDGET = "budget", _("部门预算")
    FINAL = "final", _("部门决算")


class BudgetTableKind(models.TextChoices):
    SUMMARY = "summary", _("收支总表")
    INCOME = "income", _("收入总表")
    EXPENDITURE = "expenditure", _("支出总表")
    FISCAL_SUMMARY = "fiscal_summary", _("财政拨款收支总表")
    GENERAL_EXPENDITURE = "general_expenditure", _("一般公共预算财政拨款支出表")
    GENERAL_BASIC = "general_basic", _("一般公共预算财政拨款基本支出表")
    THREE_PUBLIC = "three_public", _("三公经费支出表")
    FUND = "fund", _("政府性基金预算财政拨款收支表")


class BudgetDisclosure(models.Model):
    """An agency's budget (预算) or final accounts (决算) of one year: the standard tables and the explanation."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="budget_disclosures")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=10, choices=BudgetKind.choices)
    explanation = models.TextField(_("说明"))
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "kind", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "kind"], name="unique_budget_disclosure")]
        verbose_name = _("预决算公开")
        verbose_name_plural = _("预决算公开")

    def __str__(self) -> str:
        return f"{self.agency.short_name or self.agency.name}{self.year}年{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("results:budget", kwargs={"pk": self.pk})


class BudgetTable(models.Model):
    """One standard table of a budget disclosure, as imported (amounts in 万元)."""

    disclosure = models.ForeignKey(BudgetDisclosure, on_delete=models.CASCADE, related_name="tables")
    kind = models.CharField(_("表名"), max_length=30, choices=BudgetTableKind.choices)
    columns = models.JSONField(default=list)  # numeric column headers
    rows = models.JSONField(default=list)  # [{"code": "201", "name": "一般公共服务支出", "values": ["12.30", …], "total": false}]

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["disclosure", "kind"], name="unique_budget_table")]


class Evaluation(SubjectLink):
    """A post-decision or third-party evaluation (决策后评估 / 第三方评估) and the agency's response."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="evaluations")
    title = models.CharField(_("评估名称"), max_length=200)
    evaluator = models.CharField(_("评估机构"), max_length=120)
    third_party = models.BooleanField(_("第三方评估"), default=True)
    method = models.TextField(_("评估方法"))
    period_start = models.DateField(_("评估期间自"))
    period_end = models.DateField(_("评估期间至"))
    conclusions = models.TextField(_("评估结论"))
    recommendations = models.TextField(_("意见建议"), blank=True)
    response = models.TextField(_("采纳和整改情况"), blank=True)
    report = models.FileField(_("评估报告"), upload_to="evaluations/%Y/", max_length=200, blank=True)
    report_name = models.CharField(max_length=200, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("决策评估")
        verbose_name_plural = _("决策评估")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("results:evaluation", kwargs={"pk": self.pk})


class ResultCategory(models.TextChoices):
    HIGHER_DECISION = "higher_decision", _("上级决策部署落实")
    WORK_REPORT = "work_report", _("政府工作报告重点任务")
    DECIDED_ITEM = "decided_item", _("决定事项")
    LIVELIHOOD = "livelihood", _("民生实事")


class ResultReport(models.Model):
    """R1: the result of carrying out a higher-level decision, a work-report task, a decided item or a livelihood measure.

    `figures` holds [{"name", "value", "unit"}], `links` holds [{"title", "url"}]; files are `ResultAttachment`s.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="result_reports")
    category = models.CharField(_("类别"), max_length=20, choices=ResultCategory.choices)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("落实情况"))
    figures = models.JSONField(_("主要数据"), default=list, blank=True)
    links = models.JSONField(_("证明材料链接"), default=list, blank=True)
    reported_on = models.DateField(_("截至日期"))
    disclosure_item = models.ForeignKey(
        "disclosures.DisclosureItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("相关公开信息")
    )
    implementation_plan = models.ForeignKey(
        "implementation.ImplementationPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("相关实施方案")
    )
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("结果公开")
        verbose_name_plural = _("结果公开")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("results:result", kwargs={"pk": self.pk})


class ResultAttachment(models.Model):
    """An evidence file of a result report (type read from content)."""

    report = models.ForeignKey(ResultReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="results/%Y/", max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小"))

    class Meta:
        ordering = ["id"]

    def get_absolute_url(self) -> str:
        return reverse("results:result_attachment", kwargs={"pk": self.pk})
