"""Applications for disclosure (依申请公开): the request, its clock events, its reply and files.

The identity number is stored encrypted (see crypto.py); the due date is never stored but computed
from the `ClockEvent` rows by clock.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .outcomes import OUTCOME_CHOICES


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", _("商业企业")
    RESEARCH_INSTITUTION = "research_institution", _("科研机构")
    SOCIAL_WELFARE_ORG = "social_welfare_org", _("社会公益组织")
    LEGAL_SERVICE_ORG = "legal_service_org", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")  # received the day the platform confirms it (at submission)
    IN_PERSON = "in_person", _("当面提交")  # received the day it is handed in
    REGISTERED_MAIL = "registered_mail", _("邮政挂号信、快递等需签收的邮件")  # received the day the agency signs
    ORDINARY_LETTER = "ordinary_letter", _("平常信函")  # received the day the agency confirms with the applicant
    FAX = "fax", _("传真")  # received the day both sides confirm


class Delivery(models.TextChoices):
    ONLINE = "online", _("网上查询下载")
    POST = "post", _("邮寄")
    IN_PERSON = "in_person", _("当面领取")


class RequestState(models.TextChoices):
    REGISTERED = "registered", _("已登记")  # received and registered, waiting for review
    CORRECTION = "correction", _("待补正")  # applicant asked to correct; the clock is suspended
    HANDLING = "handling", _("办理中")  # reviewed, being handled; the clock runs
    CONSULTING = "consulting", _("征求意见中")  # third party or other agency consulted; the clock pauses
    FEE_PENDING = "fee_pending", _("待缴费")  # fee notice sent; the clock pauses
    REPLIED = "replied", _("已答复")  # reply letter issued
    CLOSED = "closed", _("已终止")  # ended without a reply on the merits (no correction, fee unpaid)
    ARCHIVED = "archived", _("已归档")  # file closed and archived


OPEN_STATES = (
    RequestState.REGISTERED,
    RequestState.CORRECTION,
    RequestState.HANDLING,
    RequestState.CONSULTING,
    RequestState.FEE_PENDING,
)


class InfoRequest(models.Model):
    """One application for disclosure."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="info_requests", verbose_name=_("受理机构"))
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    state = models.CharField(_("状态"), max_length=20, choices=RequestState.choices, default=RequestState.REGISTERED)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    arrived_on = models.DateField(_("到达日期"))
    received_on = models.DateField(_("收到申请日期"), db_index=True)  # Art. 31, from the channel's rule

    applicant_type = models.CharField(_("申请人类型"), max_length=30, choices=ApplicantType.choices)
    name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_number_encrypted = models.TextField(_("身份证件号码（加密）"), blank=True)
    id_digest = models.CharField(max_length=64, blank=True, db_index=True)  # keyed hash: same applicant, for fees
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)

    info_title = models.CharField(_("所需信息名称"), max_length=200, blank=True)
    doc_number = models.CharField(_("文号"), max_length=80, blank=True)
    description = models.TextField(_("所需信息描述"))
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    form_wanted = models.CharField(_("获取信息的载体形式"), max_length=20, default="electronic",
                                   choices=[("electronic", _("电子文档")), ("paper", _("纸质文本"))])
    delivery = models.CharField(_("获取方式"), max_length=20, choices=Delivery.choices, default=Delivery.ONLINE)

    outcome = models.CharField(_("处理结果"), max_length=30, choices=OUTCOME_CHOICES, blank=True)
    outcome_note = models.TextField(_("答复说明"), blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    reply_letter = models.FileField(_("答复书"), upload_to="info_requests/letters/%Y/", blank=True)
    correction_notice = models.FileField(_("补正告知书"), upload_to="info_requests/letters/%Y/", blank=True)
    extension_notice = models.FileField(_("延期答复告知书"), upload_to="info_requests/letters/%Y/", blank=True)
    fee_method = models.CharField(_("计费方式"), max_length=10, blank=True, choices=[("items", _("按件")), ("pages", _("按量"))])
    fee_count = models.PositiveIntegerField(_("件数或页数"), default=0)
    fee_amount = models.PositiveIntegerField(_("信息处理费（元）"), default=0)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")

    def __str__(self) -> str:
        return self.tracking_code

    def get_absolute_url(self) -> str:
        return reverse("info_requests:staff_detail", kwargs={"pk": self.pk})

    def get_status_url(self) -> str:
        return reverse("info_requests:status", kwargs={"code": self.tracking_code})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class EventKind(models.TextChoices):
    RECEIVED = "received", _("收到申请")
    CORRECTION_REQUESTED = "correction_requested", _("告知补正")  # suspends the clock
    CORRECTED = "corrected", _("收到补正后的申请")  # the clock starts again from this day
    EXTENDED = "extended", _("延长答复期限")  # once, at most 20 WD, approved
    CONSULTATION_STARTED = "consultation_started", _("征求第三方或其他机关意见")  # pauses the clock
    CONSULTATION_ENDED = "consultation_ended", _("收到意见")  # the clock runs again
    FEE_NOTICE = "fee_notice", _("发出收费通知")  # pauses the clock
    FEE_PAID = "fee_paid", _("申请人缴费")  # the clock runs again
    REASONS_REQUESTED = "reasons_requested", _("要求说明理由")  # Art. 35: volume or frequency beyond reason; no pause
    REASONS_ACCEPTED = "reasons_accepted", _("理由合理，确定延迟答复期限")  # Art. 35: a longer deadline set by the handler
    CONCLUDED = "concluded", _("办结")  # replied or closed: the clock stops


class ClockEvent(models.Model):
    """A fact that moves the reply clock; the due date is a pure function of these rows."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="clock_events")
    kind = models.CharField(_("事项"), max_length=30, choices=EventKind.choices)
    on = models.DateField(_("日期"))
    days = models.PositiveIntegerField(_("工作日数"), null=True, blank=True)  # extension length; correction/consultation/fee window
    party = models.CharField(_("对象"), max_length=20, blank=True)  # consultation: third_party / agency
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("批准人"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("时限事件")
        verbose_name_plural = _("时限事件")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class ReplyFile(models.Model):
    """A disclosed file, delivered to the applicant through the status page."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="info_requests/files/%Y/", max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
