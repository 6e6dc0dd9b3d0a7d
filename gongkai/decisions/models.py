"""Major decisions (重大行政决策), their public consultation, comments, adoption report, meetings and surveys."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    PROPOSED = "proposed", _("立项")  # on the year's list of planned decisions (决策事项目录)
    DRAFTING = "drafting", _("起草")  # the draft is being written
    CONSULTATION = "consultation", _("征求意见")  # draft published; comments accepted inside the period
    REVIEW = "review", _("论证审查")  # hearings, expert argumentation, risk assessment, legality review
    DELIBERATION = "deliberation", _("集体讨论")  # before the executive meeting; entered only through the legality gate
    DECIDED = "decided", _("已决定")  # the meeting decided; final text recorded
    PUBLISHED = "published", _("已公布")  # the decision document is published and linked, with the adoption report
    EXECUTING = "executing", _("执行中")  # being carried out
    EVALUATED = "evaluated", _("已评估")  # post-decision evaluation recorded


STAGE_ORDER = list(Stage.values)


class Decision(models.Model):
    """One major administrative decision of one agency."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="decisions", verbose_name=_("决策机关"))
    year = models.PositiveSmallIntegerField(_("目录年度"))
    title = models.CharField(_("决策事项名称"), max_length=200)
    summary = models.TextField(_("事项概要"), blank=True)
    department = models.CharField(_("承办单位"), max_length=120, blank=True)
    secret = models.BooleanField(_("依法不予公开"), default=False, help_text=_("涉及国家秘密等依法不公开的事项，只在工作台可见。"))
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.PROPOSED)
    explanation = models.TextField(_("起草说明"), blank=True)
    basis = models.TextField(_("决策依据"), blank=True)
    draft_text = models.TextField(_("草案文本"), blank=True, help_text=_("每行一段（条），公众可逐段提出意见。"))
    final_text = models.TextField(_("决定文本"), blank=True)
    comment_opens_on = models.DateField(_("征求意见开始日期"), null=True, blank=True)
    comment_closes_on = models.DateField(_("征求意见截止日期"), null=True, blank=True)
    short_period_reason = models.TextField(_("征求意见期限少于30日的理由"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_meeting = models.CharField(_("决定会议"), max_length=200, blank=True)
    dissent = models.TextField(_("不同意见"), blank=True)
    evaluation = models.TextField(_("决策后评估"), blank=True)
    disclosure_item = models.ForeignKey(
        "disclosures.DisclosureItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("决策文件（公开信息）"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("重大决策")
        verbose_name_plural = _("重大决策")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", kwargs={"pk": self.pk})

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def period_state(self, today: dt.date | None = None) -> str:
        """none, upcoming, open or closed: derived from the dates, never stored."""
        if self.comment_opens_on is None or self.comment_closes_on is None or self.stage_index < STAGE_ORDER.index(Stage.CONSULTATION):
            return "none"
        today = today or timezone.localdate()
        if today < self.comment_opens_on:
            return "upcoming"
        if today > self.comment_closes_on or self.stage != Stage.CONSULTATION:
            return "closed"
        return "open"

    @property
    def is_open_for_comment(self) -> bool:
        return self.period_state() == "open"

    @property
    def period_days(self) -> int | None:
        if self.comment_opens_on and self.comment_closes_on:
            return (self.comment_closes_on - self.comment_opens_on).days
        return None


class Paragraph(models.Model):
    """One paragraph (article) of the published draft; the public may comment on it alone."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField(_("段号"))
    text = models.TextField(_("内容"))

    class Meta:
        ordering = ["decision", "number"]
        constraints = [models.UniqueConstraint(fields=["decision", "number"], name="unique_decision_paragraph")]

    def __str__(self) -> str:
        return f"第{self.number}段"


class RecordKind(models.TextChoices):
    PUBLIC_PARTICIPATION = "public_participation", _("公众参与")
    EXPERT_ARGUMENTATION = "expert_argumentation", _("专家论证")
    RISK_ASSESSMENT = "risk_assessment", _("风险评估")
    LEGALITY_REVIEW = "legality_review", _("合法性审查")
    RESEARCH = "research", _("调查研究")
    CONSULTATION_NEGOTIATION = "consultation_negotiation", _("咨询协商")


# The preconditions of collective deliberation (Decree 713 Art. 26; SPEC D2).
GATE_KINDS = (RecordKind.PUBLIC_PARTICIPATION, RecordKind.EXPERT_ARGUMENTATION, RecordKind.RISK_ASSESSMENT)


class ProcedureRecord(models.Model):
    """A recorded procedural step with its document: public participation, expert argumentation, …"""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("类别"), max_length=30, choices=RecordKind.choices)
    held_on = models.DateField(_("日期"))
    summary = models.TextField(_("情况说明"))
    passed = models.BooleanField(_("审查通过"), null=True, blank=True, help_text=_("仅合法性审查填写。"))
    file = models.FileField(upload_to="decisions/records/%Y/%m/", max_length=200, blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    file_kind = models.CharField(max_length=10, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("程序记录")
        verbose_name_plural = _("程序记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:record_file", kwargs={"pk": self.pk})


class CommentState(models.TextChoices):
    PENDING = "pending", _("待审核")  # received, waiting for a moderator
    SHOWN = "shown", _("已公开")  # shown on the consultation page
    HIDDEN = "hidden", _("因举报暂时隐藏")  # hidden after N reports until a moderator looks
    REJECTED = "rejected", _("不予显示")  # a moderator decided not to show it (still classified and counted)


class Channel(models.TextChoices):
    WEB = "web", _("网站")
    API = "api", _("接口")
    LETTER = "letter", _("信函")
    EMAIL = "email", _("电子邮件")
    SYMPOSIUM = "symposium", _("座谈会")
    PHONE = "phone", _("电话")


class Classification(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    NOT_RELEVANT = "not_relevant", _("与本决策无关")


class Comment(models.Model):
    """A public comment on the whole draft or one paragraph. Name and phone are never shown publicly."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="comments")
    content = models.TextField(_("意见内容"))
    public_content = models.TextField(_("公开内容（已遮盖个人信息）"))
    content_hash = models.CharField(max_length=64, db_index=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="duplicates")
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("手机号码"), max_length=20, db_index=True)
    show_name = models.BooleanField(_("公开显示姓名"), default=False)
    email = models.EmailField(_("电子邮箱"), blank=True, help_text=_("采纳情况说明发布时通知。"))
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    ip = models.GenericIPAddressField(null=True, blank=True)
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    state = models.CharField(_("状态"), max_length=20, choices=CommentState.choices, default=CommentState.PENDING)
    report_count = models.PositiveIntegerField(default=0)
    classification = models.CharField(_("采纳情况"), max_length=20, choices=Classification.choices, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["decision", "state"]), models.Index(fields=["ip", "created_at"])]
        verbose_name = _("意见")
        verbose_name_plural = _("意见")

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def public_author(self) -> str:
        return self.name if self.show_name else "网民"

    @property
    def effective(self) -> Comment:
        """The comment whose classification applies (the first of exact duplicates)."""
        return self.duplicate_of or self


class AttachmentState(models.TextChoices):
    CLEAR = "clear", _("已筛查，可公开")  # text extracted and no personal data found: shown with its shown comment
    REVIEW = "review", _("待人工审核")  # personal data found, or an image / a file without text: a moderator decides
    APPROVED = "approved", _("审核后公开")
    WITHHELD = "withheld", _("不予公开")


class CommentAttachment(models.Model):
    """A file sent with a public comment (PDF, DOCX, PNG, JPEG by content); public only after screening."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="decisions/comments/%Y/%m/", max_length=200)
    file_name = models.CharField(_("文件名"), max_length=200)  # as uploaded: may hold a name, so staff view only
    file_kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField(default=0)
    state = models.CharField(_("筛查状态"), max_length=10, choices=AttachmentState.choices)
    findings = models.JSONField(_("筛查发现"), default=list, blank=True)  # labels only, never the values
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    @property
    def is_public(self) -> bool:
        return self.state in (AttachmentState.CLEAR, AttachmentState.APPROVED)

    @property
    def public_name(self) -> str:
        return f"附件{self.pk}.{'jpg' if self.file_kind == 'jpeg' else self.file_kind}"


class CommentReport(models.Model):
    """A visitor's report of a shown comment; one per address and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "ip"], name="unique_comment_report")]


class AdoptionReport(models.Model):
    """The public 意见采纳情况说明: counts by class, reasons by paragraph, quotes without personal data."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="adoption_report")
    data = models.JSONField(default=dict)
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("意见采纳情况说明")
        verbose_name_plural = _("意见采纳情况说明")

    def __str__(self) -> str:
        return f"{self.decision} 意见采纳情况说明"


class MeetingKind(models.TextChoices):
    HEARING = "hearing", _("听证会")
    SYMPOSIUM = "symposium", _("座谈会")
    DECISION_MEETING = "decision_meeting", _("决策会议")
    ARGUMENTATION = "argumentation", _("专家论证会")


class Meeting(models.Model):
    """A hearing, symposium or decision meeting of a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("类别"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    agenda = models.TextField(_("议程"), blank=True)
    materials_sent_on = models.DateField(_("材料送达参会人日期"), null=True, blank=True)
    registration_closes_on = models.DateField(_("公开报名截止日期"), null=True, blank=True, help_text=_("听证会填写后，公众可在会议页面报名。"))
    participants_published_at = models.DateTimeField(_("参加人名单公布时间"), null=True, blank=True)
    summary = models.TextField(_("会议纪要（公开）"), blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting", kwargs={"pk": self.pk})


class AttendeeCategory(models.TextChoices):
    STAKEHOLDER = "stakeholder", _("利益相关方")
    NPC = "npc", _("人大代表")
    CPPCC = "cppcc", _("政协委员")
    PUBLIC = "public", _("公众代表")
    EXPERT = "expert", _("专家")
    MEDIA = "media", _("媒体")
    STAFF = "staff", _("工作人员")


class Attendee(models.Model):
    """One participant of a meeting; the name is public only with consent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    category = models.CharField(_("类别"), max_length=20, choices=AttendeeCategory.choices)
    name = models.CharField(_("姓名"), max_length=60)
    organisation = models.CharField(_("单位"), max_length=120, blank=True)
    name_public = models.BooleanField(_("同意公开姓名"), default=False)

    class Meta:
        ordering = ["category", "id"]


class RegistrationState(models.TextChoices):
    PENDING = "pending", _("待遴选")
    SELECTED = "selected", _("已选定")
    NOT_SELECTED = "not_selected", _("未选定")


class SelectionMethod(models.TextChoices):
    DRAWN = "drawn", _("随机抽选")
    CHOSEN = "chosen", _("择优选定")


# Categories a member of the public may register under (staff and media are invited, not registered).
REGISTRATION_CATEGORIES = ("stakeholder", "public", "expert", "npc", "cppcc")


class Registration(models.Model):
    """A public application to take part in a hearing; contact details never leave staff view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("手机号码"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    category = models.CharField(_("报名类别"), max_length=20, choices=AttendeeCategory.choices)
    organisation = models.CharField(_("单位"), max_length=120, blank=True)
    statement = models.TextField(_("参加理由及拟发表的意见"))
    name_public = models.BooleanField(_("选定后同意公开姓名"), default=False)
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    state = models.CharField(_("状态"), max_length=20, choices=RegistrationState.choices, default=RegistrationState.PENDING)
    method = models.CharField(_("遴选方式"), max_length=10, choices=SelectionMethod.choices, blank=True)
    reason = models.TextField(_("遴选理由"), blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    attendee = models.OneToOneField(Attendee, null=True, blank=True, on_delete=models.SET_NULL, related_name="registration")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("听证报名")
        verbose_name_plural = _("听证报名")

    def __str__(self) -> str:
        return self.tracking_code


class PeriodChangeKind(models.TextChoices):
    EXTEND = "extend", _("延长征求意见期")
    REOPEN = "reopen", _("重新开放征求意见")


class PeriodChange(models.Model):
    """A published change of a comment period: extended before it closed, or reopened after."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="period_changes")
    kind = models.CharField(_("类别"), max_length=10, choices=PeriodChangeKind.choices)
    old_closes_on = models.DateField(_("原截止日期"))
    new_closes_on = models.DateField(_("新截止日期"))
    reason = models.TextField(_("理由"))
    changed_on = models.DateField(_("变更日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("征求意见期变更")
        verbose_name_plural = _("征求意见期变更")


class Survey(models.Model):
    """A public opinion survey (民意调查) of a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("问卷标题"), max_length=200)
    intro = models.TextField(_("说明"), blank=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    results_published = models.BooleanField(_("公布结果"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "id"]
        verbose_name = _("民意调查")
        verbose_name_plural = _("民意调查")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:survey", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        today = timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    SCALE = "scale", _("量表（1—5）")
    RANKING = "ranking", _("排序")
    TEXT = "text", _("文字")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField()
    kind = models.CharField(_("题型"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=300)
    options = models.JSONField(_("选项"), default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="unique_survey_question")]


class Response(models.Model):
    """One respondent's answers; the phone is kept only as a keyed hash, one response per phone."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    phone_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "phone_hash"], name="one_response_per_phone")]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)  # option indexes; ranking: in ranked order; scale: [value]
    text = models.TextField(blank=True)
    text_approved = models.BooleanField(default=False)  # free text is shown only after moderation


class OneTimeCode(models.Model):
    """A code sent by SMS to prove a phone number; stored hashed."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=40)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)


class SmsMessage(models.Model):
    """An SMS as the database gateway 'sent' it (demo and tests)."""

    phone = models.CharField(max_length=20)
    text = models.CharField(max_length=300)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
