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
    # A disclosure item version carries its item and ledger entry; other content sent through
    # services.deliver_content (e.g. an opinion statement) carries content_kind + object_key instead.
    item = models.ForeignKey(
        "disclosures.DisclosureItem", on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    ledger_entry = models.ForeignKey(
        LedgerEntry, on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    content_kind = models.CharField(_("内容类型"), max_length=40, blank=True)  # e.g. "opinion.statement"
    object_key = models.CharField(_("内容标识"), max_length=80, blank=True)  # stable id of the object in its app
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
        constraints = [
            models.UniqueConstraint(fields=["channel", "ledger_entry"], name="one_delivery_per_channel_entry"),
            models.UniqueConstraint(
                fields=["channel", "content_kind", "object_key", "action"],
                condition=models.Q(ledger_entry__isnull=True),
                name="one_delivery_per_channel_content_action",
            ),
            models.CheckConstraint(
                condition=models.Q(ledger_entry__isnull=False) | (~models.Q(content_kind="") & ~models.Q(object_key="")),
                name="delivery_has_entry_or_content",
            ),
        ]
        verbose_name = _("投递")
        verbose_name_plural = _("投递")

    def __str__(self) -> str:
        return f"{self.channel} ← {self.ledger_entry or self.title}"

    @property
    def title(self) -> str:
        """What was sent, for the outbox page."""
        if self.ledger_entry_id:
            return self.ledger_entry.title
        return str((self.payload or {}).get("content", {}).get("title", ""))

    @property
    def reference(self) -> str:
        """The index number of a disclosure item, else the content kind and key."""
        if self.ledger_entry_id:
            return self.ledger_entry.index_number
        return f"{self.content_kind}:{self.object_key}"


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


# --- e-mail subscriptions and the daily digest ----------------------------------------------------


class SubscriptionKind(models.TextChoices):
    COLUMN = "column", _("目录栏目")
    AGENCY = "agency", _("机构")
    DECISION = "decision", _("重大决策")


class SubscriptionState(models.TextChoices):
    PENDING = "pending", _("待确认")  # the confirmation e-mail was sent; nothing is mailed until the link is used
    CONFIRMED = "confirmed", _("已确认")  # in the daily digest
    CANCELLED = "cancelled", _("已退订")  # unsubscribed (or never confirmed and subscribed again later)


class Subscriber(models.Model):
    """One e-mail address; it receives at most one digest a day covering all its subscriptions."""

    email = models.EmailField(_("电子邮箱"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("订阅者")
        verbose_name_plural = _("订阅者")

    def __str__(self) -> str:
        return f"subscriber {self.pk}"


class Subscription(models.Model):
    """One subscriber following one column (with its sub-columns), one agency or one decision."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(_("类型"), max_length=10, choices=SubscriptionKind.choices)
    column = models.ForeignKey("disclosures.CatalogColumn", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("core.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey("decisions.Decision", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_key = models.CharField(max_length=40)  # "<kind>:<pk>", unique per subscriber
    state = models.CharField(_("状态"), max_length=10, choices=SubscriptionState.choices, default=SubscriptionState.PENDING)
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["subscriber", "id"]
        constraints = [models.UniqueConstraint(fields=["subscriber", "target_key"], name="one_subscription_per_target")]
        indexes = [models.Index(fields=["state", "subscriber"])]
        verbose_name = _("订阅")
        verbose_name_plural = _("订阅")

    def __str__(self) -> str:
        return f"{self.subscriber_id} → {self.target_key}"

    @property
    def target(self):
        return self.column or self.agency or self.decision


class DigestRun(models.Model):
    """The digest of one day: a cursor over subscribers so the work is done in chunks, never all at once."""

    day = models.DateField(_("日期"), unique=True)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    cursor = models.PositiveBigIntegerField(default=0)  # the highest subscriber id already handled
    sent = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("每日摘要批次")
        verbose_name_plural = _("每日摘要批次")

    def __str__(self) -> str:
        return f"digest {self.day}"


class DigestSent(models.Model):
    """What one subscriber was sent on one day. Inserted before sending: a rerun never sends it twice."""

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="sent_log")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digests")
    items = models.JSONField(default=list)  # the keys of what the message listed: "v:<version id>", "d:<update guid>"
    ok = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "subscriber"]
        constraints = [models.UniqueConstraint(fields=["run", "subscriber"], name="one_digest_per_subscriber_day")]

    def __str__(self) -> str:
        return f"{self.run.day} → {self.subscriber_id}"


# --- media interview requests (采访申请) -----------------------------------------------------------


class InterviewState(models.TextChoices):
    SUBMITTED = "submitted", _("待处理")  # received; the agency replies by reply_due
    ACCEPTED = "accepted", _("已同意")  # the agency agreed; time and place follow
    SCHEDULED = "scheduled", _("已安排")  # time and place fixed and sent to the journalist
    DECLINED = "declined", _("已婉拒")  # declined, with the reason sent to the journalist


class InterviewRequest(models.Model):
    """A journalist's request to interview an agency. Contact details are staff-only; the code lets the journalist follow it."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="interview_requests", verbose_name=_("采访对象机构"))
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    outlet = models.CharField(_("媒体名称"), max_length=80)
    reporter = models.CharField(_("记者姓名"), max_length=40)
    email = models.EmailField(_("电子邮箱"))
    phone = models.CharField(_("联系电话"), max_length=20)
    subject = models.CharField(_("采访主题"), max_length=200)
    questions = models.TextField(_("采访提纲"))
    preferred_date = models.DateField(_("希望采访日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=InterviewState.choices, default=InterviewState.SUBMITTED)
    reply_due = models.DateField(_("答复期限"), null=True, blank=True)
    decline_reason = models.TextField(_("婉拒理由"), blank=True)
    scheduled_at = models.DateTimeField(_("采访时间"), null=True, blank=True)
    place = models.CharField(_("采访地点"), max_length=200, blank=True)
    interviewee = models.CharField(_("受访人"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("采访申请")
        verbose_name_plural = _("采访申请")

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"


# --- staff write API tokens ------------------------------------------------------------------------


class ApiToken(models.Model):
    """A personal bearer token for the staff write API. Acts as its user: same agency, same roles.

    Only the SHA-256 of the token is stored; the token itself is shown once, when it is created.
    """

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户"))
    name = models.CharField(_("名称"), max_length=60)
    prefix = models.CharField(_("令牌开头"), max_length=12)  # the first characters, to tell tokens apart
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
