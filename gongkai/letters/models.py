"""Letters from the public (建言献策, 领导信箱; SPEC I1, I2), their handling and publication,
and the staff notifications that every clock in the platform sends (in-app and e-mail)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DEFAULT_REPLY_WORKDAYS = 15  # RULES.md has no national number for letters: local practice, a setting


def default_reply_workdays() -> int:
    return int(getattr(settings, "LETTERS_REPLY_WORKDAYS", DEFAULT_REPLY_WORKDAYS))


class LetterBox(models.TextChoices):
    SUGGESTION = "suggestion", _("建言献策")  # suggestions on decisions, policies, services
    LEADER = "leader", _("领导信箱")  # letters to the agency's leadership


class TopicKind(models.TextChoices):
    DECISION = "decision", _("重大决策")
    POLICY = "policy", _("政策文件")
    SERVICE = "service", _("政务服务")
    FREE = "free", _("其他事项")


class LetterState(models.TextChoices):
    RECEIVED = "received", _("已收到")  # arrived, waiting to be accepted and given to an agency or unit
    ASSIGNED = "assigned", _("办理中")  # an agency (and unit) is handling it; may be passed up or down the tree
    REPLIED = "replied", _("已答复")  # answered; the sender may rate it or ask once for a follow-up
    CLOSED = "closed", _("已办结")  # finished: rated, or closed by staff after the reply


class PublicationState(models.TextChoices):
    NONE = "none", _("不公开")  # not selected (or the sender did not consent)
    PROPOSED = "proposed", _("待审核")  # selected for publication; texts with personal data removed, awaiting review
    PUBLISHED = "published", _("已公开")  # checked by a reviewer and shown on the site
    WITHDRAWN = "withdrawn", _("已撤下")  # taken off the site again


class Rating(models.IntegerChoices):
    SATISFIED = 3, _("满意")
    FAIR = 2, _("基本满意")
    UNSATISFIED = 1, _("不满意")


class LetterSetting(models.Model):
    """Per-agency setting: the reply deadline for letters, in working days."""

    agency = models.OneToOneField("core.Agency", on_delete=models.CASCADE, related_name="letter_setting")
    reply_workdays = models.PositiveSmallIntegerField(_("答复时限（工作日）"), default=default_reply_workdays)

    class Meta:
        verbose_name = _("来信办理设置")
        verbose_name_plural = _("来信办理设置")

    def __str__(self) -> str:
        return f"{self.agency} · {self.reply_workdays}个工作日"


class Letter(models.Model):
    """One letter from the public. Name and contact are seen by handlers only, never shown publicly."""

    tracking_code = models.CharField(_("查询码"), max_length=24, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    box = models.CharField(_("信箱"), max_length=20, choices=LetterBox.choices, default=LetterBox.SUGGESTION)
    topic_kind = models.CharField(_("事项类别"), max_length=20, choices=TopicKind.choices, default=TopicKind.FREE)
    topic = models.CharField(_("事项"), max_length=200, blank=True, help_text=_("所涉决策、政策或服务的名称"))
    subject = models.CharField(_("标题"), max_length=120)
    content = models.TextField(_("内容"))
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    publish_consent = models.BooleanField(_("同意公开"), default=False)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="letters", verbose_name=_("办理机构")
    )
    unit = models.CharField(_("承办科室"), max_length=60, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=LetterState.choices, default=LetterState.RECEIVED)
    received_at = models.DateTimeField(_("收信时间"))
    # the first reply counts for the statistics; a follow-up gets its own reply
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("评价"), choices=Rating.choices, null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    followup = models.TextField(_("追问内容"), blank=True)
    followup_at = models.DateTimeField(_("追问时间"), null=True, blank=True)
    followup_reply = models.TextField(_("追问答复"), blank=True)
    followup_replied_at = models.DateTimeField(_("追问答复时间"), null=True, blank=True)
    # publication (with the sender's consent, personal data removed, checked by a reviewer)
    pub_state = models.CharField(
        _("公开状态"), max_length=20, choices=PublicationState.choices, default=PublicationState.NONE
    )
    public_subject = models.CharField(_("公开标题"), max_length=120, blank=True)
    public_content = models.TextField(_("公开来信内容"), blank=True)
    public_reply = models.TextField(_("公开答复内容"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "state"]),
            models.Index(fields=["pub_state", "-published_at"]),
            models.Index(fields=["received_at"]),
        ]
        verbose_name = _("来信")
        verbose_name_plural = _("来信")

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("letters:track_detail", kwargs={"code": self.tracking_code})

    @property
    def awaiting_followup_reply(self) -> bool:
        return bool(self.followup) and not self.followup_replied_at


class LetterAttachment(models.Model):
    """A file sent with a letter; seen by handlers only."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="letters/%Y/%m/")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """A message to one staff member: an assignment, a clock reminder or escalation, a sender's follow-up."""

    class Kind(models.TextChoices):
        ASSIGNMENT = "assignment", _("交办通知")
        REMINDER = "reminder", _("时限提醒")
        ESCALATION = "escalation", _("逾期督办")
        REPLY = "reply", _("来信人回复")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """Which kinds of notification a staff member also gets by e-mail (all of them in-app)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref")
    email_kinds = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.user}"


class ClockReminder(models.Model):
    """What the reminder task has done for one stage of one clock, so a rerun sends nothing twice."""

    clock_kind = models.CharField(max_length=40)
    clock_url = models.CharField(max_length=300)  # a clock's staff URL names its object uniquely
    due_at = models.DateTimeField()  # a moved deadline is a new clock: its stages are reminded again
    stage = models.CharField(max_length=20)  # "50", "80", "100", "escalation"
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)  # 0 when skipped (a later stage was already due)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clock_kind", "clock_url", "due_at", "stage"], name="unique_clock_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.clock_kind} {self.clock_url} {self.stage}"
