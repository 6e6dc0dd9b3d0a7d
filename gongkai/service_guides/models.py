"""Service catalogue (公共服务事项目录) and service guides (服务指南), S1.

A service item is the stable thing (its code never changes); its guide lives in
versions that walk the editorial workflow while the published one stays online.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ThemeKind(models.TextChoices):
    LIFE = "life", _("个人办事（人生事件）")  # life events of residents
    ENTERPRISE = "enterprise", _("法人办事（企业服务）")  # enterprise services


class Theme(models.Model):
    kind = models.CharField(_("类别"), max_length=20, choices=ThemeKind.choices)
    name = models.CharField(_("主题名称"), max_length=40)
    slug = models.SlugField(_("网址标识"), max_length=40, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "id"]
        verbose_name = _("服务主题")
        verbose_name_plural = _("服务主题")

    def __str__(self) -> str:
        return self.name


class ServiceType(models.TextChoices):
    PUBLIC_SERVICE = "public_service", _("公共服务")
    PERMIT = "permit", _("行政许可")
    BENEFIT = "benefit", _("行政给付")
    CONFIRMATION = "confirmation", _("行政确认")
    OTHER = "other", _("其他行政权力")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being written by editors of the agency
    SUBMITTED = "submitted", _("待审核")  # waiting for review
    REVIEWED = "reviewed", _("待签发")  # reviewed; waiting for a signer
    PUBLISHED = "published", _("已发布")  # the guide the public sees
    SUPERSEDED = "superseded", _("已被修订")  # was published, replaced by a later version
    WITHDRAWN = "withdrawn", _("已撤回")  # was published, taken down with a reason


class ServiceItem(models.Model):
    """A public service item of an agency, identified by its code."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="service_items", verbose_name=_("实施机构"))
    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="items", verbose_name=_("服务主题"))
    live_version = models.OneToOneField(
        "GuideVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("当前发布版本")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("公共服务事项")
        verbose_name_plural = _("公共服务事项")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("service_guides:guide", kwargs={"code": self.code})


AUTHORING_ACTIONS = ("create", "edit", "revise", "material_file")


class GuideVersion(models.Model):
    """One version of a service guide, with every field S1 asks for."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"), default=1)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)

    name = models.CharField(_("事项名称"), max_length=200)
    service_type = models.CharField(_("事项类型"), max_length=20, choices=ServiceType.choices, default=ServiceType.PUBLIC_SERVICE)
    legal_basis = models.JSONField(_("办事依据"), default=list, blank=True)  # [{"law": 名称, "article": 条款}]
    conditions = models.TextField(_("办理条件"), blank=True)
    steps = models.JSONField(_("办理流程"), default=list, blank=True)  # [{"title": 步骤, "detail": 说明}]
    fee_free = models.BooleanField(_("不收费"), default=True)
    fee_amount = models.CharField(_("收费标准"), max_length=200, blank=True)
    fee_basis = models.CharField(_("收费依据"), max_length=300, blank=True)
    statutory_days = models.PositiveIntegerField(_("法定办结时限（工作日）"), null=True, blank=True)
    promised_days = models.PositiveIntegerField(_("承诺办结时限（工作日）"), null=True, blank=True)
    location = models.CharField(_("办理地点"), max_length=300, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    complaint_phone = models.CharField(_("监督投诉电话"), max_length=60, blank=True)
    online_url = models.URLField(_("网上办理地址"), blank=True)
    faqs = models.JSONField(_("常见问题"), default=list, blank=True)  # [{"q": 问题, "a": 解答}]
    change_note = models.CharField(_("修订说明"), max_length=300, blank=True)

    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("被修订时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_guide_version_number")]
        verbose_name = _("服务指南版本")
        verbose_name_plural = _("服务指南版本")

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"

    @property
    def author_ids(self) -> set[int]:
        from django.contrib.contenttypes.models import ContentType

        from gongkai.core.models import AuditEvent

        ids = {self.created_by_id, self.updated_by_id}
        if self.pk:
            ids.update(
                AuditEvent.objects.filter(
                    content_type=ContentType.objects.get_for_model(GuideVersion),
                    object_id=self.pk,
                    action__in=AUTHORING_ACTIONS,
                    actor__isnull=False,
                ).values_list("actor_id", flat=True)
            )
        return ids

    @property
    def fee_text(self) -> str:
        if self.fee_free:
            return "不收费"
        return f"{self.fee_amount}（依据：{self.fee_basis}）" if self.fee_basis else self.fee_amount

    def missing_fields(self) -> list[str]:
        """Fields a guide must have before it goes to review."""
        missing = []
        checks = (
            ("事项名称", self.name), ("办事依据", self.legal_basis), ("办理条件", self.conditions), ("办理流程", self.steps),
            ("申请材料", self.materials.exists() if self.pk else False), ("法定办结时限", self.statutory_days is not None),
            ("承诺办结时限", self.promised_days is not None), ("办理地点", self.location), ("办理时间", self.hours),
            ("咨询电话", self.consult_phone), ("监督投诉电话", self.complaint_phone),
        )
        for label, value in checks:
            if not value:
                missing.append(label)
        if not self.fee_free and not (self.fee_amount and self.fee_basis):
            missing.append("收费标准及依据")
        return missing


class Copy(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    BOTH = "both", _("原件和复印件")
    ELECTRONIC = "electronic", _("电子材料")


class Material(models.Model):
    """A required material of one guide version; files are shared by copies in later versions."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="materials")
    sort_order = models.PositiveIntegerField(default=0)
    name = models.CharField(_("材料名称"), max_length=200)
    copy_kind = models.CharField(_("原件/复印件"), max_length=20, choices=Copy.choices, default=Copy.ORIGINAL)
    count = models.PositiveIntegerField(_("份数"), default=1)
    note = models.CharField(_("填写说明"), max_length=300, blank=True)
    template = models.FileField(_("空白表格"), upload_to="guides/%Y/", max_length=200, blank=True)
    template_name = models.CharField(max_length=200, blank=True)
    example = models.FileField(_("示例样表"), upload_to="guides/%Y/", max_length=200, blank=True)
    example_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.name
