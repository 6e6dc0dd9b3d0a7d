"""The annual report on government-information disclosure (条例 第四十九、五十条; 国办公开办函〔2021〕30号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TABLE4_GROUPS = ("review", "direct", "after_review")  # 行政复议; 行政诉讼 未经复议直接起诉; 复议后起诉
TABLE4_RESULTS = ("upheld", "corrected", "other", "pending")  # 结果维持, 结果纠正, 其他结果, 尚未审结 (总计 computed)
TABLE2_FIELDS = ("regulations_made", "regulations_repealed", "regulations_valid", "normative_made", "normative_repealed",
                 "normative_valid", "licensing", "penalties", "enforcement")


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class AnnualReport(models.Model):
    """One agency's report for one year: staff-entered counts and texts, the computed tables once generated."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="annual_reports", verbose_name=_("机构"))
    year = models.PositiveIntegerField(_("年度"))

    text_overview = models.TextField(_("一、总体情况"), blank=True)
    text_proactive = models.TextField(_("二、主动公开政府信息情况（说明）"), blank=True)
    text_requests = models.TextField(_("三、收到和处理政府信息公开申请情况（说明）"), blank=True)
    text_review = models.TextField(_("四、行政复议、行政诉讼情况（说明）"), blank=True)
    text_problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    text_other = models.TextField(_("六、其他需要报告的事项"), blank=True)

    regulations_made = _count(_("规章 本年制发件数"))
    regulations_repealed = _count(_("规章 本年废止件数"))
    regulations_valid = _count(_("规章 现行有效件数"))
    normative_made = _count(_("行政规范性文件 本年制发件数"))
    normative_repealed = _count(_("行政规范性文件 本年废止件数"))
    normative_valid = _count(_("行政规范性文件 现行有效件数"))
    licensing = _count(_("行政许可 本年处理决定数量"))
    penalties = _count(_("行政处罚 本年处理决定数量"))
    enforcement = _count(_("行政强制 本年处理决定数量"))
    fees_wan = models.DecimalField(_("行政事业性收费 本年收费金额（万元）"), max_digits=12, decimal_places=4, default=0)

    review_upheld = _count(_("行政复议 结果维持"))
    review_corrected = _count(_("行政复议 结果纠正"))
    review_other = _count(_("行政复议 其他结果"))
    review_pending = _count(_("行政复议 尚未审结"))
    direct_upheld = _count(_("未经复议直接起诉 结果维持"))
    direct_corrected = _count(_("未经复议直接起诉 结果纠正"))
    direct_other = _count(_("未经复议直接起诉 其他结果"))
    direct_pending = _count(_("未经复议直接起诉 尚未审结"))
    after_review_upheld = _count(_("复议后起诉 结果维持"))
    after_review_corrected = _count(_("复议后起诉 结果纠正"))
    after_review_other = _count(_("复议后起诉 其他结果"))
    after_review_pending = _count(_("复议后起诉 尚未审结"))

    tables = models.JSONField(_("报告表格"), default=dict, blank=True)  # snapshot made by report_generate
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    version = models.ForeignKey("disclosures.ItemVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("公开信息版本"))
    docx = models.FileField(_("DOCX"), upload_to="annual_reports/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "agency"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_annual_report")]
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        return self.version_id is not None and self.version.state == "published"

    @property
    def status_label(self) -> str:
        if self.version_id is None:
            return "已生成，待提交" if self.generated_at else "草稿"
        return f"公开流程：{self.version.get_state_display()}"
