"""Policy interpretations (政策解读, P1/P2) and each policy's interpretation plan.

An interpretation explains one or more policy documents (disclosure items). It is due
3 working days after its policy is first published; "due", "overdue" and "late" are
derived from the recorded publication times, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Form(models.TextChoices):
    TEXT = "text", _("文字解读")  # the full written interpretation with its required sections
    GRAPHIC = "graphic", _("图解")  # a chart or illustrated explanation
    VIDEO = "video", _("视频解读")  # a video, linked
    PRESS = "press", _("新闻发布会")  # a press conference or briefing (吹风会)
    INTERVIEW = "interview", _("访谈")  # a (online) interview with the responsible official
    ARTICLE = "article", _("解读文章")  # a signed article, e.g. by an expert
    QA = "qa", _("问答")  # questions and answers


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being written by editors of the agency
    SUBMITTED = "submitted", _("待审核")  # waiting for review
    REVIEWED = "reviewed", _("待签发")  # reviewed; waiting for a signer
    PUBLISHED = "published", _("已发布")  # on the public site
    WITHDRAWN = "withdrawn", _("已撤回")  # was published, taken down with a reason


# (field name, Chinese label): the sections a text interpretation must fill (SPEC P1).
SECTIONS = (
    ("background", "背景依据"),
    ("purpose", "目标任务"),
    ("main_content", "主要内容"),
    ("scope", "适用范围"),
    ("criteria", "执行口径"),
    ("attention", "注意事项"),
    ("differences", "新旧政策差异"),
)
SECTION_FIELDS = tuple(name for name, _label in SECTIONS)

# Audit actions that make their actor an author (who may not review or sign).
AUTHORING_ACTIONS = ("create", "edit")


class InterpretationQuerySet(models.QuerySet):
    def public(self) -> InterpretationQuerySet:
        return self.filter(state=State.PUBLISHED)


class Interpretation(models.Model):
    """One interpretation of one or more policies, in one form."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="interpretations", verbose_name=_("解读机关"))
    policies = models.ManyToManyField("disclosures.DisclosureItem", related_name="interpretations", verbose_name=_("解读的政策文件"))
    title = models.CharField(_("标题"), max_length=200)
    form = models.CharField(_("解读形式"), max_length=20, choices=Form.choices, default=Form.TEXT)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    summary = models.TextField(_("内容"), blank=True, help_text=_("非文字解读的说明、问答或文章正文"))
    background = models.TextField(_("背景依据"), blank=True)
    purpose = models.TextField(_("目标任务"), blank=True)
    main_content = models.TextField(_("主要内容"), blank=True)
    scope = models.TextField(_("适用范围"), blank=True)
    criteria = models.TextField(_("执行口径"), blank=True)
    attention = models.TextField(_("注意事项"), blank=True)
    differences = models.TextField(_("新旧政策差异"), blank=True)
    media_url = models.URLField(_("视频或图解链接"), blank=True)
    interpreter = models.CharField(_("解读人（职务）"), max_length=100, blank=True, help_text=_("如：区农发办主要负责人（第一解读人）"))
    event_on = models.DateField(_("发布会或访谈日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterpretationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interpretations:detail", kwargs={"pk": self.pk})

    @property
    def author_ids(self) -> set[int]:
        from django.contrib.contenttypes.models import ContentType

        from gongkai.core.models import AuditEvent

        ids = {self.created_by_id, self.updated_by_id}
        if self.pk:
            ids.update(
                AuditEvent.objects.filter(
                    content_type=ContentType.objects.get_for_model(Interpretation),
                    object_id=self.pk,
                    action__in=AUTHORING_ACTIONS,
                    actor__isnull=False,
                ).values_list("actor_id", flat=True)
            )
        return ids

    def sections(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in SECTIONS if getattr(self, name).strip()]

    def empty_sections(self) -> list[str]:
        return [label for name, label in SECTIONS if not getattr(self, name).strip()]


class PolicyPlan(models.Model):
    """Whether a policy needs interpretation, and its interpretation plan (三同步: planned with the policy)."""

    item = models.OneToOneField("disclosures.DisclosureItem", on_delete=models.CASCADE, related_name="interpretation_plan")
    needs_interpretation = models.BooleanField(_("需要解读"), default=True)
    plan = models.TextField(_("解读方案"), blank=True, help_text=_("解读形式、解读人、发布渠道和时间安排"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政策解读方案")
        verbose_name_plural = _("政策解读方案")

    def __str__(self) -> str:
        return f"{self.item}：{'需要解读' if self.needs_interpretation else '无需解读'}"
