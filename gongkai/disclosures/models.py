"""Disclosure items (公开信息): identity, versions, attachments, screening hits.

An item is the stable thing the public links to (its index number never
changes). Its content lives in versions: each revision is a new version that
walks the editorial workflow while the published one stays online.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CatalogColumn(models.Model):
    """A column of the disclosure catalogue (公开目录), e.g. 决策公开."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("栏目名称"), max_length=60)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("公开目录栏目")
        verbose_name_plural = _("公开目录栏目")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosures:column", kwargs={"slug": self.slug})

    def self_and_descendant_ids(self) -> set[int]:
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(CatalogColumn.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids


class Topic(models.Model):
    """A topic category (主题分类), a staff-editable tree."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("分类名称"), max_length=60)
    code = models.CharField(_("分类代码"), max_length=20, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")

    def __str__(self) -> str:
        return f"{self.parent.name}/{self.name}" if self.parent_id else self.name

    def self_and_descendant_ids(self) -> set[int]:
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids


class Validity(models.TextChoices):
    VALID = "valid", _("有效")  # in force
    EXPIRED = "expired", _("失效")  # lapsed at the end of its term
    REPEALED = "repealed", _("废止")  # repealed by a later act
    AMENDED = "amended", _("已修改")  # replaced in part by an amendment
    NOT_APPLICABLE = "na", _("不适用")  # news, notices: no validity of their own


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")  # the only mode that reaches the public site
    ON_REQUEST = "on_request", _("依申请公开")  # given to applicants only
    NOT_DISCLOSED = "not_disclosed", _("不予公开")  # kept internal


class VersionState(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being written; editable by editors of the agency
    SUBMITTED = "submitted", _("待审核")  # waiting for the confidentiality review
    REVIEWED = "reviewed", _("待签发")  # reviewed; waiting for a signer
    SCHEDULED = "scheduled", _("定时待发布")  # signed; goes live at publish_at by itself
    PUBLISHED = "published", _("已发布")  # the version the public sees
    SUPERSEDED = "superseded", _("已被修订")  # was published, replaced by a later version
    WITHDRAWN = "withdrawn", _("已撤回")  # was published, taken down with a public reason


class DisclosureItem(models.Model):
    """The stable identity of a piece of disclosed information."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="items", verbose_name=_("发布机构"))
    index_number = models.CharField(_("索引号"), max_length=40, unique=True)
    live_version = models.OneToOneField(
        "ItemVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("当前发布版本")
    )
    first_published_at = models.DateTimeField(_("首次发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")

    def __str__(self) -> str:
        return self.index_number

    def get_absolute_url(self) -> str:
        return reverse("disclosures:item", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        v = self.live_version
        return v is not None and v.disclosure_mode == DisclosureMode.PROACTIVE

    @property
    def is_withdrawn(self) -> bool:
        return self.live_version_id is None and self.withdrawn_at is not None


# Audit actions that make their actor an author of a version (see ItemVersion.author_ids).
AUTHORING_ACTIONS = ("create", "edit", "attach", "detach", "revise")


class ItemVersionQuerySet(models.QuerySet):
    def public(self) -> ItemVersionQuerySet:
        """Versions the public may see now: live, proactive disclosure."""
        return self.filter(state=VersionState.PUBLISHED, disclosure_mode=DisclosureMode.PROACTIVE)

    def due_for_publication(self, now=None) -> ItemVersionQuerySet:
        return self.filter(state=VersionState.SCHEDULED, publish_at__lte=now or timezone.now())


class ItemVersion(models.Model):
    """One version of an item's content and metadata, moving through the editorial workflow."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"), default=1)
    state = models.CharField(_("状态"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT)

    title = models.CharField(_("标题"), max_length=300)
    summary = models.CharField(_("内容概述"), max_length=100, blank=True)
    body = models.TextField(_("正文"), blank=True)
    column = models.ForeignKey(CatalogColumn, on_delete=models.PROTECT, related_name="versions", verbose_name=_("公开目录"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="versions", verbose_name=_("主题分类"))
    doc_number = models.CharField(_("文号"), max_length=80, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID)
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    disclosure_mode = models.CharField(
        _("公开方式"), max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    change_note = models.CharField(_("修订说明"), max_length=300, blank=True)

    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True)
    superseded_at = models.DateTimeField(_("被修订时间"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemVersionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_version_number")]
        indexes = [
            models.Index(fields=["state", "disclosure_mode", "published_at"]),
            models.Index(fields=["column", "state"]),
        ]
        verbose_name = _("版本")
        verbose_name_plural = _("版本")

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"

    def get_absolute_url(self) -> str:
        if self.state == VersionState.PUBLISHED:
            return self.item.get_absolute_url()
        return reverse("disclosures:version", kwargs={"pk": self.item_id, "number": self.number})

    @property
    def author_ids(self) -> set[int]:
        """Everyone who wrote any part of this version (created, edited, attached): they may not review or sign it."""
        from django.contrib.contenttypes.models import ContentType

        from gongkai.core.models import AuditEvent

        ids = {self.created_by_id, self.updated_by_id}
        if self.pk:
            ids.update(
                AuditEvent.objects.filter(
                    content_type=ContentType.objects.get_for_model(ItemVersion),
                    object_id=self.pk,
                    action__in=AUTHORING_ACTIONS,
                    actor__isnull=False,
                ).values_list("actor_id", flat=True)
            )
        return ids

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT

    def keyword_list(self) -> list[str]:
        import re

        return [k for k in re.split(r"[\s,，;；、]+", self.keywords) if k]


class Attachment(models.Model):
    """A file attached to one version; files are shared by copies in later versions."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/", max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("提取的文本"), blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("disclosures:attachment", kwargs={"pk": self.pk})

    @property
    def kind_label(self) -> str:
        from gongkai.core.files import FileKind

        try:
            return FileKind(self.kind).label
        except ValueError:
            return self.kind.upper()

    @property
    def size_label(self) -> str:
        from gongkai.core.files import human_size

        return human_size(self.size)


class ScreeningHit(models.Model):
    """Something the confidentiality scan found in a version; blocks the workflow until redacted or overridden."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="screening_hits")
    kind = models.CharField(_("类型"), max_length=20)
    label = models.CharField(_("类型名称"), max_length=20)
    source = models.CharField(_("位置"), max_length=250)
    start = models.PositiveIntegerField(default=0)
    excerpt = models.CharField(_("摘录（已遮盖）"), max_length=300)
    fingerprint = models.CharField(max_length=64, db_index=True)
    found_at = models.DateTimeField(auto_now_add=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(_("放行理由"), blank=True)

    class Meta:
        ordering = ["source", "start", "id"]
        verbose_name = _("敏感信息命中")
        verbose_name_plural = _("敏感信息命中")

    def __str__(self) -> str:
        return f"{self.label} @ {self.source}"

    @property
    def is_open(self) -> bool:
        return self.overridden_at is None
