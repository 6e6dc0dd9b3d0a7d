"""Versioned lists (清单, M1): power list, responsibility list, service item list, and others.

A list type declares its typed columns; each agency publishes versions of its list
through the editorial workflow, and the public sees what changed between versions.
Entries are matched across versions by the list type's key column.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ListType(models.Model):
    name = models.CharField(_("清单名称"), max_length=60, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=40, unique=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("清单类型")
        verbose_name_plural = _("清单类型")

    def __str__(self) -> str:
        return self.name

    @property
    def key_column(self) -> ListColumn | None:
        return next((c for c in self.columns.all() if c.is_key), None)


class ColumnKind(models.TextChoices):
    TEXT = "text", _("文本")
    INTEGER = "integer", _("整数")
    DECIMAL = "decimal", _("数值")
    DATE = "date", _("日期")
    CHOICE = "choice", _("选项")


class ListColumn(models.Model):
    list_type = models.ForeignKey(ListType, on_delete=models.CASCADE, related_name="columns")
    key = models.SlugField(_("字段标识"), max_length=40)
    label = models.CharField(_("列名"), max_length=40)
    kind = models.CharField(_("类型"), max_length=20, choices=ColumnKind.choices, default=ColumnKind.TEXT)
    required = models.BooleanField(_("必填"), default=False)
    is_key = models.BooleanField(_("唯一标识列"), default=False, help_text=_("用于比较不同版本中的同一条目，每类清单一列"))
    choices = models.CharField(_("可选值"), max_length=500, blank=True, help_text=_("选项类型的可选值，用“、”分隔"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["list_type", "key"], name="unique_list_column_key"),
            models.UniqueConstraint(fields=["list_type", "label"], name="unique_list_column_label"),
        ]
        verbose_name = _("清单列")
        verbose_name_plural = _("清单列")

    def __str__(self) -> str:
        return self.label

    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.replace(",", "、").replace("，", "、").split("、") if c.strip()]


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")  # imported or being prepared; not public
    SUBMITTED = "submitted", _("待审核")  # waiting for review
    REVIEWED = "reviewed", _("待签发")  # reviewed; waiting for a signer
    PUBLISHED = "published", _("现行版本")  # the version in force, public
    SUPERSEDED = "superseded", _("历史版本")  # was published, replaced by a later version (still public)


PUBLIC_STATES = (State.PUBLISHED, State.SUPERSEDED)
AUTHORING_ACTIONS = ("create",)


class ListVersion(models.Model):
    list_type = models.ForeignKey(ListType, on_delete=models.PROTECT, related_name="versions", verbose_name=_("清单类型"))
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="list_versions", verbose_name=_("机构"))
    number = models.PositiveIntegerField(_("版本号"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    change_note = models.CharField(_("调整说明"), max_length=300, blank=True)
    source_name = models.CharField(_("导入文件"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("被替代时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["list_type", "agency", "-number"]
        constraints = [models.UniqueConstraint(fields=["list_type", "agency", "number"], name="unique_list_version_number")]
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")

    def __str__(self) -> str:
        return f"{self.agency.short_name or self.agency.name}{self.list_type.name}（第{self.number}版）"

    def get_absolute_url(self) -> str:
        return reverse("catalogs:version", kwargs={"pk": self.pk})

    @property
    def author_ids(self) -> set[int]:
        return {self.created_by_id}

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


class Entry(models.Model):
    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="entries")
    row = models.PositiveIntegerField(_("序号"))
    key = models.CharField(_("标识"), max_length=200)
    data = models.JSONField(_("内容"), default=dict)  # {column key: value as text}

    class Meta:
        ordering = ["version", "row"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_entry_key")]
        verbose_name = _("清单条目")
        verbose_name_plural = _("清单条目")

    def __str__(self) -> str:
        return self.key
