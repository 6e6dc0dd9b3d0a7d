"""Publication ledger (a public hash chain of every publish, revise and withdraw) and the channel outbox.

The ledger is append-only: each entry carries the SHA-256 of the published content and of each
attachment, and the hash of the entry before it, so that any later change to a published row or to
an entry shows up when the chain is recomputed (see ledger.py).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerAction(models.TextChoices):
    PUBLISH = "publish", _("发布")  # first publication of an item
    REVISE = "revise", _("修订")  # a later version of an item went live
    WITHDRAW = "withdraw", _("撤回")  # the live version was taken down


class LedgerEntry(models.Model):
    """One link of the publication hash chain. Never updated, never deleted."""

    position = models.PositiveBigIntegerField(_("序号"), unique=True)
    item = models.ForeignKey("disclosures.DisclosureItem", on_delete=models.PROTECT, related_name="ledger_entries")
    version = models.ForeignKey("disclosures.ItemVersion", on_delete=models.PROTECT, related_name="ledger_entries")
    version_number = models.PositiveIntegerField(_("版本号"))
    action = models.CharField(_("动作"), max_length=10, choices=LedgerAction.choices)
    recorded_at = models.DateTimeField(_("记录时间"))
    index_number = models.CharField(_("索引号"), max_length=40)
    title = models.CharField(_("标题"), max_length=300)
    content_sha256 = models.CharField(_("内容哈希"), max_length=64)
    attachments = models.JSONField(_("附件哈希"), default=list)  # [{"name", "size", "sha256"}] in display order
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    entry_hash = models.CharField(_("本条哈希"), max_length=64, unique=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "action"], name="ledger_once_per_version_action")]
        verbose_name = _("公开账本条目")
        verbose_name_plural = _("公开账本条目")

    def __str__(self) -> str:
        return f"#{self.position} {self.get_action_display()} {self.index_number}"


class ChannelKind(models.TextChoices):
    WEBHOOK = "webhook", _("签名 Webhook（新媒体发布服务）")  # JSON POST signed with HMAC-SHA256
    EMAIL = "email", _("电子邮件（媒体联系人）")  # a message to the agency's media contact list


class Channel(models.Model):
    """An outgoing channel of one agency. The website and the feeds are always on and need no row."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="channels")
    kind = models.CharField(_("类型"), max_length=10, choices=ChannelKind.choices)
    name = models.CharField(_("名称"), max_length=60)
    url = models.URLField(_("接收地址"), max_length=300, blank=True)
    secret = models.CharField(_("签名密钥"), max_length=100, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "id"]
        verbose_name = _("发布渠道")
        verbose_name_plural = _("发布渠道")

    def __str__(self) -> str:
        return self.name


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待投递")  # waiting for its next attempt (at next_attempt_at)
    DELIVERED = "delivered", _("已送达")  # the receiver accepted it
    DEAD = "dead", _("投递失败")  # every attempt failed; waits for staff to retry by hand


class DeliveryQuerySet(models.QuerySet):
    def due(self, now) -> DeliveryQuerySet:
        """Pending deliveries whose next attempt is due and that no worker holds."""
        return self.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now).filter(
            models.Q(locked_until__isnull=True) | models.Q(locked_until__lt=now)
        )


class Delivery(models.Model):
    """One publish, revise or withdraw of one item to one channel; its body never changes between attempts."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="deliveries")
    item = models.ForeignKey("disclosures.DisclosureItem", on_delete=models.PROTECT, related_name="deliveries")
    ledger_entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="deliveries")
    action = models.CharField(_("动作"), max_length=10, choices=LedgerAction.choices)
    idempotency_key = models.UUIDField(_("幂等键"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("投递内容"))
    state = models.CharField(_("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True, db_index=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "ledger_entry"], name="one_delivery_per_channel_entry")]
        verbose_name = _("投递")
        verbose_name_plural = _("投递")

    def __str__(self) -> str:
        return f"{self.channel} ← {self.ledger_entry}"


class DeliveryAttempt(models.Model):
    """What happened on one try of a delivery."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    ok = models.BooleanField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.number} {'ok' if self.ok else self.error}"


class MediaContact(models.Model):
    """A journalist or newsroom on an agency's media list. Staff only: never shown publicly."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="media_contacts")
    name = models.CharField(_("姓名"), max_length=40)
    outlet = models.CharField(_("所属媒体"), max_length=80)
    email = models.EmailField(_("电子邮箱"))
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    active = models.BooleanField(_("接收发布通知"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "outlet", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "email"], name="media_contact_unique_email")]
        verbose_name = _("媒体联系人")
        verbose_name_plural = _("媒体联系人")

    def __str__(self) -> str:
        return f"{self.outlet} {self.name}"
