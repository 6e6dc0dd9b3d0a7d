"""Public-opinion incidents (政务舆情; SPEC O1, O2), their statements, press conferences (P2) and
analysis reports. Clocks are computed from `discovered_at` in wall-clock hours, never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    # 突发事件应对法 (2024) grades; the first two oblige a 5-hour statement and a 24-hour press conference
    ESPECIALLY_MAJOR = "especially_major", _("特别重大")
    MAJOR = "major", _("重大")
    LARGER = "larger", _("较大")
    GENERAL = "general", _("一般")


MAJOR_GRADES = (Grade.ESPECIALLY_MAJOR, Grade.MAJOR)


class Source(models.TextChoices):
    STAFF = "staff", _("人工登记")
    FEED = "feed", _("信息源监测")
    WEBHOOK = "webhook", _("舆情监测服务")


class IncidentState(models.TextChoices):
    COLLECTED = "collected", _("已收集")  # registered; the responsible agency must grade and take it on
    ASSIGNED = "assigned", _("处置中")  # an agency (possibly a lower one, assigned down) is handling it
    RESPONDED = "responded", _("已回应")  # at least one statement published
    CLOSED = "closed", _("已办结")  # handling finished


class Incident(models.Model):
    """One public-opinion incident. The responsible agency follows 属地管理、分级负责:
    escalated to the parent, which can assign it down again."""

    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("舆情摘要"), blank=True)
    topic = models.CharField(_("话题"), max_length=60, blank=True)
    grade = models.CharField(_("等级"), max_length=20, choices=Grade.choices, default=Grade.GENERAL)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="incidents", verbose_name=_("责任机构")
    )
    state = models.CharField(_("状态"), max_length=20, choices=IncidentState.choices, default=IncidentState.COLLECTED)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.STAFF)
    source_url = models.URLField(_("来源链接"), max_length=500, blank=True)
    discovered_at = models.DateTimeField(_("发现时间"), help_text=_("时限从此时刻起算"))
    created_at = models.DateTimeField(auto_now_add=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_public = models.BooleanField(_("公开回应页面"), default=True)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        indexes = [models.Index(fields=["agency", "state"]), models.Index(fields=["discovered_at"])]
        verbose_name = _("舆情事件")
        verbose_name_plural = _("舆情事件")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opinion:incident", kwargs={"pk": self.pk})

    @property
    def is_major(self) -> bool:
        return self.grade in MAJOR_GRADES


class StatementState(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being written by the handler or spokesperson
    PUBLISHED = "published", _("已发布")  # signed by the duty leader and shown on the incident's page


class Statement(models.Model):
    """A response published for an incident (权威信息、情况通报、回应)."""

    class Kind(models.TextChoices):
        AUTHORITATIVE = "authoritative", _("权威信息发布")
        PROGRESS = "progress", _("进展通报")
        RESPONSE = "response", _("回应说明")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.AUTHORITATIVE)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    state = models.CharField(max_length=20, choices=StatementState.choices, default=StatementState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return self.title


class ConferenceState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")  # announced; not yet held
    HELD = "held", _("已召开")  # took place; for an incident this stops its 24-hour clock
    CANCELLED = "cancelled", _("已取消")


class PressConference(models.Model):
    """A press conference or briefing (新闻发布会、吹风会)."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("新闻发布会")
        BRIEFING = "briefing", _("政策吹风会")

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="press_conferences")
    kind = models.CharField(_("形式"), max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    title = models.CharField(_("主题"), max_length=200)
    scheduled_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    first_spokesperson = models.CharField(
        _("第一新闻发言人"), max_length=60, help_text=_("主要负责同志，如“区长 张某某”")
    )
    other_spokespersons = models.CharField(_("其他发言人"), max_length=300, blank=True)
    media = models.CharField(_("出席媒体"), max_length=500, blank=True)
    incidents = models.ManyToManyField(
        Incident, blank=True, related_name="press_conferences", verbose_name=_("关联舆情")
    )
    policies = models.ManyToManyField(
        "disclosures.DisclosureItem", blank=True, related_name="press_conferences", verbose_name=_("关联政策")
    )
    related_links = models.TextField(_("其他站内链接"), blank=True, help_text=_("每行一个站内链接"))
    summary = models.TextField(_("发布内容"), blank=True)
    video_url = models.URLField(_("视频链接"), blank=True)
    state = models.CharField(max_length=20, choices=ConferenceState.choices, default=ConferenceState.SCHEDULED)
    held_at = models.DateTimeField(_("召开时间"), null=True, blank=True)

    class Meta:
        ordering = ["-scheduled_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opinion:conference", kwargs={"pk": self.pk})


class PressQuestion(models.Model):
    """One question and answer of a conference transcript."""

    conference = models.ForeignKey(PressConference, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    outlet = models.CharField(_("提问媒体"), max_length=120)
    question = models.TextField(_("提问"))
    answerer = models.CharField(_("回答人"), max_length=60)
    answer = models.TextField(_("回答"))

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.question[:40]


class ConferencePhoto(models.Model):
    """A photo of a press conference (PNG or JPEG, judged by content), always with alternative text."""

    conference = models.ForeignKey(PressConference, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="conferences/%Y/%m/", max_length=200)
    kind = models.CharField(max_length=10)  # gongkai.core.files.FileKind value: png or jpeg
    size = models.PositiveIntegerField()
    alt = models.CharField(_("替代文本"), max_length=200, help_text=_("描述照片内容，供读屏软件朗读"))
    caption = models.CharField(_("图片说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("发布会照片")
        verbose_name_plural = _("发布会照片")

    def __str__(self) -> str:
        return self.alt

    def get_absolute_url(self) -> str:
        return reverse("opinion:conference_photo", kwargs={"pk": self.conference_id, "photo_pk": self.pk})


class AnalysisReport(models.Model):
    """A weekly or monthly analysis (舆情研判) of one agency or of the whole district (agency empty)."""

    class Period(models.TextChoices):
        WEEK = "week", _("周报")
        MONTH = "month", _("月报")

    agency = models.ForeignKey("core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=10, choices=Period.choices)
    start = models.DateField()
    end = models.DateField()  # inclusive
    figures = models.JSONField(default=dict)
    comment = models.TextField(_("研判意见"), blank=True)
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "period", "start"], name="unique_opinion_report")]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.start}"


class FeedSource(models.Model):
    """An RSS/Atom feed watched for one agency; entries matching its keywords become incidents."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="opinion_feeds")
    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("地址"), max_length=500)
    keywords = models.TextField(_("关键词"), help_text=_("每行一个或用逗号分隔；标题或摘要含任一关键词即收集"))
    active = models.BooleanField(_("启用"), default=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("舆情信息源")
        verbose_name_plural = _("舆情信息源")

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        import re

        return [k.strip() for k in re.split(r"[\n,，、]+", self.keywords) if k.strip()]


class Sighting(models.Model):
    """One report of an incident by one source (a feed entry, a webhook call, staff intake).
    Several sightings of near-duplicate reports fold into one incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sightings")
    source = models.CharField(max_length=20, choices=Source.choices)
    fingerprint = models.CharField(max_length=64, unique=True)  # sha256 of the source's id or link: seen once
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.title
