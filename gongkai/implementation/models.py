"""Execution openness (E1, E2): implementation plans with steps and progress updates,
inspections with findings and their rectification, and accountability cases.

Nothing here stores "overdue" or "done": a step's progress is read from its
latest published update, and overdue is derived from its due date and today.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Agency

DUE_SOON_DAYS = 7


class PubState(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being written by an editor, invisible to the public
    SUBMITTED = "submitted", _("待审核")  # waiting for the confidentiality review
    REVIEWED = "reviewed", _("待签发")  # reviewed, waiting for a signer
    PUBLISHED = "published", _("已发布")  # on the public site


class SubjectLink(models.Model):
    """What a record is about: a major decision (generic, so decisions may be installed later) or any task by title."""

    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_title = models.CharField(_("所属决策或重大任务"), max_length=200)
    subject_url = models.CharField(_("决策或任务链接"), max_length=300, blank=True)

    class Meta:
        abstract = True


class ImplementationPlan(SubjectLink):
    """The implementation plan (实施方案) of one decision or major task."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="implementation_plans")
    title = models.CharField(_("标题"), max_length=200)
    goals = models.TextField(_("目标任务"))
    measures = models.TextField(_("主要措施"))
    supervision_method = models.TextField(_("监督方式"))
    lead_unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("牵头单位"))
    cooperating_units = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name=_("配合单位"))
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("实施方案")
        verbose_name_plural = _("实施方案")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("implementation:plan", kwargs={"pk": self.pk})


class Step(models.Model):
    """A step (实施步骤) of a plan, a milestone with a due date."""

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("序号"), default=0)
    title = models.CharField(_("步骤"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("完成时限"))
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("实施步骤")
        verbose_name_plural = _("实施步骤")

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A progress report (工作进展) on a plan; public only once signed."""

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="updates")
    as_of = models.DateField(_("进展截至"))
    narrative = models.TextField(_("工作进展"))
    problems = models.TextField(_("存在问题"), blank=True)
    follow_up = models.TextField(_("后续举措"), blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("工作进展")
        verbose_name_plural = _("工作进展")

    def __str__(self) -> str:
        return f"{self.plan} · {self.as_of:%Y-%m-%d}"


class StepProgress(models.Model):
    """Percent done of one step, as one update reports it."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="step_progress")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="progress")
    percent = models.PositiveSmallIntegerField(_("完成百分比"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["update", "step"], name="unique_step_progress")]


class Evidence(models.Model):
    """An evidence file of a progress update or a rectification (type sniffed from content)."""

    update = models.ForeignKey(ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    finding = models.ForeignKey("Finding", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence_files")
    file = models.FileField(upload_to="evidence/%Y/%m/", max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def get_absolute_url(self) -> str:
        return reverse("implementation:evidence", kwargs={"pk": self.pk})


class Inspection(models.Model):
    """A supervision inspection (督查)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="inspections")
    title = models.CharField(_("督查名称"), max_length=200)
    scope = models.TextField(_("督查范围"))
    inspected_on = models.DateField(_("督查日期"))
    inspector = models.CharField(_("督查单位"), max_length=120)
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("督查")
        verbose_name_plural = _("督查")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("implementation:inspection", kwargs={"pk": self.pk})


class RectState(models.TextChoices):
    OPEN = "open", _("待整改")  # found, nobody has started
    IN_PROGRESS = "in_progress", _("整改中")  # the responsible unit is working on it
    DONE = "done", _("已整改")  # the unit reports it fixed, with evidence
    VERIFIED = "verified", _("已验收")  # the supervisor checked the evidence and closed it


class Finding(models.Model):
    """A problem an inspection found, with its rectification task (整改)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    problem = models.TextField(_("发现问题"))
    requirement = models.TextField(_("整改要求"), blank=True)
    deadline = models.DateField(_("整改时限"))
    responsible_unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位"))
    status = models.CharField(_("整改状态"), max_length=20, choices=RectState.choices, default=RectState.OPEN)
    evidence = models.TextField(_("整改情况"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")

    def __str__(self) -> str:
        return self.problem[:40]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.status in (RectState.DONE, RectState.VERIFIED):
            return self.done_at is not None and timezone.localtime(self.done_at).date() > self.deadline
        return today > self.deadline


class CaseType(models.TextChoices):
    INACTION = "inaction", _("不作为")
    SLOW = "slow", _("慢作为")
    WRONG = "wrong", _("乱作为")


class AccountabilityCase(models.Model):
    """An accountability case (问责); a person's name is public only where the record says so."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="accountability_cases")
    case_type = models.CharField(_("问责类型"), max_length=20, choices=CaseType.choices)
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("被问责单位"))
    facts = models.TextField(_("主要问题"))
    measure = models.CharField(_("问责措施"), max_length=200)
    decided_on = models.DateField(_("问责日期"))
    person_name = models.CharField(_("被问责人员"), max_length=60, blank=True)
    publish_name = models.BooleanField(_("公开人员姓名"), default=False)
    state = models.CharField(_("状态"), max_length=20, choices=PubState.choices, default=PubState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("问责案例")
        verbose_name_plural = _("问责案例")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_case_type_display()}"

    @property
    def public_person(self) -> str:
        """The name the public may see: only where the record says it is to be published."""
        return self.person_name if self.publish_name else ""
