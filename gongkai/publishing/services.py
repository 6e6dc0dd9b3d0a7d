"""Writes of the publishing app: ledger entries, channels, outbox deliveries."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import urllib.error
import urllib.request

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import Role, User
from gongkai.core.workflow import WorkflowError, record_event
from gongkai.disclosures.models import DisclosureItem, ItemVersion, VersionState

from . import ledger, selectors
from .models import (
    ApiToken,
    Channel,
    ChannelKind,
    Delivery,
    DeliveryAttempt,
    DigestRun,
    DigestSent,
    LedgerAction,
    LedgerEntry,
    MediaContact,
    Subscriber,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from .workflow import outbox
from .workflow import subscription as subscription_flow

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Gongkai-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _setting(name: str, default):
    return getattr(settings, name, default)


def site_url() -> str:
    """The public address of the site, for links sent to channels (SITE_URL)."""
    return str(_setting("SITE_URL", os.environ.get("SITE_URL", "http://localhost:8000"))).rstrip("/")


# --- the ledger --------------------------------------------------------------------------------


@transaction.atomic
def ledger_append(*, version: ItemVersion, action: str) -> LedgerEntry:
    """Append one entry for `version` to the chain; appending the same (version, action) twice returns the first."""
    existing = LedgerEntry.objects.filter(version=version, action=action).first()
    if existing is not None:
        return existing
    version = ItemVersion.objects.select_related("item", "column", "topic").get(pk=version.pk)
    # The newest entry is locked so two publishers cannot both extend the same head; the unique
    # position catches what a database without row locks (SQLite serialises writers) lets through.
    head = LedgerEntry.objects.select_for_update().order_by("-position").first()
    entry = LedgerEntry(
        position=(head.position + 1) if head else 1,
        item_id=version.item_id,
        version=version,
        version_number=version.number,
        action=action,
        recorded_at=timezone.now().replace(microsecond=0),
        index_number=version.item.index_number,
        title=version.title,
        content_sha256=ledger.version_content_hash(version),
        attachments=ledger.version_attachments(version),
        prev_hash=head.entry_hash if head else ledger.GENESIS,
    )
    entry.entry_hash = ledger.entry_hash(entry)
    entry.save()
    return entry


def _publish_action(version: ItemVersion) -> str:
    earlier = LedgerEntry.objects.filter(item_id=version.item_id).exclude(version=version).exists()
    return LedgerAction.REVISE if earlier else LedgerAction.PUBLISH


def record_published(*, version: ItemVersion) -> LedgerEntry | None:
    """A version went live: ledger entry, then one delivery per channel. Never raises into the publisher."""
    try:
        entry = ledger_append(version=version, action=_publish_action(version))
    except Exception:  # noqa: BLE001 - logged; ledger_catch_up appends it later
        log.exception("ledger append failed for version %s", version.pk)
        return None
    outbox_enqueue_safely(entry=entry)
    return entry


def record_withdrawn(*, item: DisclosureItem) -> LedgerEntry | None:
    """An item was withdrawn: ledger entry for the withdrawn version, then tell every channel that got it."""
    version = item.versions.filter(state=VersionState.WITHDRAWN).order_by("-number").first()
    if version is None:
        return None
    try:
        entry = ledger_append(version=version, action=LedgerAction.WITHDRAW)
    except Exception:  # noqa: BLE001
        log.exception("ledger append failed for withdrawal of item %s", item.pk)
        return None
    outbox_enqueue_safely(entry=entry)
    return entry


def ledger_catch_up() -> int:
    """Append entries missing for versions that went live or were withdrawn (after a failure, or data
    older than the ledger). Safe to run at any time; returns how many were appended."""
    covered_live = LedgerEntry.objects.filter(action__in=[LedgerAction.PUBLISH, LedgerAction.REVISE]).values("version_id")
    went_live = (
        ItemVersion.objects.filter(published_at__isnull=False)
        .exclude(state__in=[VersionState.DRAFT, VersionState.SUBMITTED, VersionState.REVIEWED, VersionState.SCHEDULED])
        .exclude(pk__in=covered_live)
        .order_by("published_at", "pk")
    )
    count = 0
    for version in went_live.iterator():
        ledger_append(version=version, action=_publish_action(version))
        count += 1
    covered_withdrawn = LedgerEntry.objects.filter(action=LedgerAction.WITHDRAW).values("version_id")
    for version in ItemVersion.objects.filter(state=VersionState.WITHDRAWN).exclude(pk__in=covered_withdrawn).order_by("pk"):
        ledger_append(version=version, action=LedgerAction.WITHDRAW)
        count += 1
    return count


# --- channels ------------------------------------------------------------------------------------


def _ensure_channel_admin(by: User, agency_id: int) -> None:
    if by.agency_id is None or by.agency_id != agency_id:
        raise Http404("未找到。")
    if not (by.has_role(Role.AGENCY_ADMIN) or by.has_role(Role.SPOKESPERSON)):
        raise WorkflowError("您没有管理发布渠道的权限（需要机构管理员或新闻发言人角色）。")


@transaction.atomic
def channel_create(*, by: User, kind: str, name: str, url: str = "", secret: str = "") -> Channel:
    """Add an outgoing channel to the staff member's agency."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构。")
    _ensure_channel_admin(by, by.agency_id)
    name, url, secret = name.strip(), url.strip(), secret.strip()
    if kind not in ChannelKind.values:
        raise WorkflowError("渠道类型不正确。")
    if not name:
        raise WorkflowError("请填写渠道名称。")
    if kind == ChannelKind.WEBHOOK:
        if not url.startswith(("https://", "http://")):
            raise WorkflowError("Webhook 接收地址应以 https:// 或 http:// 开头。")
        if len(secret) < 16:
            raise WorkflowError("签名密钥至少16个字符。")
    channel = Channel.objects.create(agency_id=by.agency_id, kind=kind, name=name, url=url, secret=secret)
    record_event(channel, action="create", label="新增发布渠道", by=by, agency_id=by.agency_id, data={"kind": kind, "name": name})
    return channel


@transaction.atomic
def channel_set_active(*, channel: Channel, by: User, active: bool) -> Channel:
    """Switch a channel on or off; deliveries already queued still go out."""
    _ensure_channel_admin(by, channel.agency_id)
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.active != active:
        channel.active = active
        channel.save(update_fields=["active"])
        record_event(channel, action="enable" if active else "disable", label="启用渠道" if active else "停用渠道",
                     by=by, agency_id=channel.agency_id)
    return channel


# --- the outbox ----------------------------------------------------------------------------------


def delivery_payload(entry: LedgerEntry, key: str) -> dict:
    """The JSON body a channel receives; fixed when the delivery is created, the same on every try."""
    version = entry.version
    item = entry.item
    return {
        "idempotency_key": key,
        "event": entry.action,
        "item": {
            "id": item.pk,
            "index_number": entry.index_number,
            "title": entry.title,
            "summary": version.summary,
            "agency": item.agency.name,
            "version": entry.version_number,
            "url": f"{site_url()}{item.get_absolute_url()}",
            "withdrawn_reason": item.withdrawn_reason if entry.action == LedgerAction.WITHDRAW else "",
        },
        "ledger": {
            "position": entry.position,
            "entry_hash": entry.entry_hash,
            "content_sha256": entry.content_sha256,
            "recorded_at": entry.recorded_at.isoformat(),
        },
    }


@transaction.atomic
def outbox_enqueue(*, entry: LedgerEntry) -> list[Delivery]:
    """One delivery per channel for a ledger entry: publish/revise to the agency's active channels,
    withdraw to every channel that was sent the item."""
    item = entry.item
    if entry.action == LedgerAction.WITHDRAW:
        channels = Channel.objects.filter(Q(deliveries__item=item)).distinct()
    else:
        channels = Channel.objects.filter(agency_id=item.agency_id, active=True)
    now = timezone.now()
    created = []
    for channel in channels:
        if Delivery.objects.filter(channel=channel, ledger_entry=entry).exists():
            continue
        delivery = Delivery(channel=channel, item=item, ledger_entry=entry, action=entry.action, next_attempt_at=now)
        delivery.payload = delivery_payload(entry, str(delivery.idempotency_key))
        delivery.save()
        created.append(delivery)
    ids = [d.pk for d in created]
    if ids:
        from .tasks import deliver

        transaction.on_commit(lambda: [deliver(delivery_id) for delivery_id in ids])
    return created


CONTENT_ACTIONS = (LedgerAction.PUBLISH, LedgerAction.REVISE, LedgerAction.WITHDRAW)


@transaction.atomic
def deliver_content(*, agency, kind: str, object_key: str, payload: dict, action: str = LedgerAction.PUBLISH) -> list[Delivery]:
    """Send content other than a disclosure item (e.g. an opinion statement) out on the channels.

    One delivery per channel, through the same outbox as the items: signed webhook or media e-mail,
    one idempotency key per delivery, retries with backoff, dead after the last try, retry by hand.
    publish/revise go to the agency's active channels; withdraw goes to every channel that was sent
    the content (kind, object_key). Each (kind, object_key, action) goes to a channel once: calling
    again is a no-op. `payload` must be JSON-serialisable and carry at least "title" and "url"
    (an absolute URL, or a site path that is prefixed with SITE_URL). Call it inside the caller's
    transaction: the rows are written with the caller's change, sending starts after commit.
    """
    kind, object_key = str(kind).strip(), str(object_key).strip()
    if action not in CONTENT_ACTIONS:
        raise ValueError(f"unknown delivery action {action!r}")
    if not kind or not object_key or len(kind) > 40 or len(object_key) > 80:
        raise ValueError("kind (≤40 chars) and object_key (≤80 chars) are required")
    if not str(payload.get("title", "")).strip() or not str(payload.get("url", "")).strip():
        raise ValueError("payload needs a title and a url")
    content = dict(payload)
    if content["url"].startswith("/"):
        content["url"] = f"{site_url()}{content['url']}"
    json.dumps(content)  # refuse what could not be sent, before anything is written
    agency_id = getattr(agency, "pk", agency)
    if action == LedgerAction.WITHDRAW:
        channels = Channel.objects.filter(
            deliveries__content_kind=kind,
            deliveries__object_key=object_key,
            deliveries__action__in=[LedgerAction.PUBLISH, LedgerAction.REVISE],
        ).distinct()
    else:
        channels = Channel.objects.filter(agency_id=agency_id, active=True)
    now = timezone.now()
    created = []
    for channel in channels.order_by("pk"):
        if Delivery.objects.filter(
            channel=channel, ledger_entry__isnull=True, content_kind=kind, object_key=object_key, action=action
        ).exists():
            continue
        delivery = Delivery(
            channel=channel, content_kind=kind, object_key=object_key, action=action, next_attempt_at=now
        )
        delivery.payload = {
            "idempotency_key": str(delivery.idempotency_key),
            "event": action,
            "kind": kind,
            "object_key": object_key,
            "content": content,
        }
        delivery.save()
        created.append(delivery)
    ids = [d.pk for d in created]
    if ids:
        from .tasks import deliver

        transaction.on_commit(lambda: [deliver(delivery_id) for delivery_id in ids])
    return created


def outbox_enqueue_safely(*, entry: LedgerEntry) -> None:
    try:
        outbox_enqueue(entry=entry)
    except Exception:  # noqa: BLE001 - the entry exists; staff see the gap on the outbox page
        log.exception("outbox enqueue failed for ledger entry %s", entry.pk)


def sign(secret: str, body: bytes) -> str:
    """The signature header value: sha256=<hex HMAC-SHA256 of the raw body with the channel secret>."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _send_webhook(delivery: Delivery) -> tuple[bool, int | None, str]:
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    request = urllib.request.Request(
        delivery.channel.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Gongkai-Outbox/1",
            IDEMPOTENCY_HEADER: str(delivery.idempotency_key),
            SIGNATURE_HEADER: sign(delivery.channel.secret, body),
            "X-Gongkai-Event": delivery.action,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=_setting("GONGKAI_DELIVERY_TIMEOUT", 10)) as response:  # noqa: S310
            return 200 <= response.status < 300, response.status, "" if response.status < 300 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return False, exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, None, str(getattr(exc, "reason", exc))[:300]


def _send_email(delivery: Delivery) -> tuple[bool, int | None, str]:
    to = list(MediaContact.objects.filter(agency_id=delivery.channel.agency_id, active=True).values_list("email", flat=True))
    if not to:
        return True, None, ""  # nobody on the list: nothing to send is not a failure
    p = delivery.payload
    verb = {"publish": "发布", "revise": "修订", "withdraw": "撤回"}[p["event"]]
    if "content" in p:
        subject, body = _content_email(p, verb)
        try:
            EmailMessage(subject, body, to=[], bcc=to, headers={IDEMPOTENCY_HEADER: str(delivery.idempotency_key)}).send()
        except Exception as exc:  # noqa: BLE001 - any mail failure is a failed try
            return False, None, str(exc)[:300]
        return True, None, ""
    subject = f"【{verb}】{p['item']['title']}"
    lines = [f"{p['item']['agency']}{verb}了政府信息：", p["item"]["title"], f"索引号：{p['item']['index_number']}", p["item"]["url"]]
    if p["item"]["withdrawn_reason"]:
        lines.append(f"撤回原因：{p['item']['withdrawn_reason']}")
    lines.append(f"公开账本第{p['ledger']['position']}条，内容哈希 {p['ledger']['content_sha256']}")
    try:
        # One message, contacts in Bcc: media contacts never see each other's addresses.
        EmailMessage(subject, "\n".join(lines), to=[], bcc=to, headers={IDEMPOTENCY_HEADER: str(delivery.idempotency_key)}).send()
    except Exception as exc:  # noqa: BLE001 - any mail failure is a failed try
        return False, None, str(exc)[:300]
    return True, None, ""


def _content_email(p: dict, verb: str) -> tuple[str, str]:
    """Subject and text of a media e-mail for content sent with deliver_content."""
    c = p["content"]
    label = c.get("label") or "信息"
    lines = [f"{c.get('agency', '')}{verb}了{label}：", c["title"]]
    if c.get("published_at"):
        lines.append(f"发布时间：{c['published_at']}")
    if c.get("text"):
        lines += ["", str(c["text"]), ""]
    if c.get("withdrawn_reason"):
        lines.append(f"撤回原因：{c['withdrawn_reason']}")
    lines.append(c["url"])
    return f"【{verb}】{c['title']}", "\n".join(lines)


def backoff(attempts: int) -> dt.timedelta:
    """Wait after the n-th failed try: base × 2^(n−1) seconds (base GONGKAI_DELIVERY_BACKOFF_SECONDS)."""
    base = float(_setting("GONGKAI_DELIVERY_BACKOFF_SECONDS", 60))
    return dt.timedelta(seconds=base * (2 ** max(attempts - 1, 0)))


def delivery_attempt(*, delivery_id: int) -> Delivery | None:
    """Try one due delivery once. A worker claims it first, so two workers never send it at the same time."""
    now = timezone.now()
    lock = dt.timedelta(seconds=float(_setting("GONGKAI_DELIVERY_TIMEOUT", 10)) * 3)
    if not Delivery.objects.due(now).filter(pk=delivery_id).update(locked_until=now + lock):
        return None
    delivery = Delivery.objects.select_related("channel").get(pk=delivery_id)
    send = _send_webhook if delivery.channel.kind == ChannelKind.WEBHOOK else _send_email
    ok, status, error = send(delivery)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("channel").get(pk=delivery_id)
        delivery.attempts += 1
        at = timezone.now()
        DeliveryAttempt.objects.create(delivery=delivery, number=delivery.attempt_log.count() + 1, at=at, ok=ok, status_code=status, error=error)
        delivery.locked_until = None
        agency_id = delivery.channel.agency_id
        if ok:
            delivery.delivered_at = at
            delivery.last_error = ""
            delivery.next_attempt_at = None
            outbox.advance(delivery, action="deliver", by=None, agency_id=agency_id, data={"attempt": delivery.attempts})
        elif delivery.attempts >= int(_setting("GONGKAI_DELIVERY_MAX_ATTEMPTS", 6)):
            delivery.last_error = error
            delivery.next_attempt_at = None
            outbox.advance(delivery, action="give_up", by=None, agency_id=agency_id, data={"attempt": delivery.attempts, "error": error})
        else:
            delivery.last_error = error
            delivery.next_attempt_at = at + backoff(delivery.attempts)
        delivery.save()
    return delivery


def deliveries_due(*, now: dt.datetime | None = None) -> list[int]:
    return list(Delivery.objects.due(now or timezone.now()).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:500])


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by: User) -> Delivery:
    """Staff send a dead delivery again by hand; same body, same idempotency key, tries counted afresh."""
    delivery = Delivery.objects.select_for_update().select_related("channel").get(pk=delivery.pk)
    if by.agency_id is None or by.agency_id != delivery.channel.agency_id:
        raise Http404("未找到。")
    outbox.advance(delivery, action="retry", by=by, agency_id=delivery.channel.agency_id)
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.locked_until = None
    delivery.save(update_fields=["attempts", "next_attempt_at", "locked_until"])
    from .tasks import deliver

    pk = delivery.pk
    transaction.on_commit(lambda: deliver(pk))
    return delivery



# --- e-mail subscriptions and the daily digest ----------------------------------------------------

CONFIRM_SALT = "gongkai.publishing.subscription.confirm"
UNSUBSCRIBE_SALT = "gongkai.publishing.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for seven days
CONFIRM_RESEND_AFTER = dt.timedelta(minutes=10)  # the same address is not mailed again sooner


def confirm_token(subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.subscriber.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber) -> str:
    return signing.dumps({"u": subscriber.pk, "e": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def _resolve_target(kind: str, target: str):
    """(field name, object) for a subscription target given by slug (column, agency) or id (decision)."""
    from gongkai.core.models import Agency
    from gongkai.decisions.models import Decision
    from gongkai.disclosures.models import CatalogColumn

    target = (target or "").strip()
    if kind == SubscriptionKind.COLUMN:
        obj = CatalogColumn.objects.filter(slug=target).first()
    elif kind == SubscriptionKind.AGENCY:
        obj = Agency.objects.filter(slug=target).first()
    elif kind == SubscriptionKind.DECISION:
        obj = Decision.objects.filter(pk=int(target), secret=False).first() if target.isdigit() else None
    else:
        obj = None
    if obj is None:
        raise WorkflowError("请选择要订阅的栏目、机构或决策事项。")
    return kind, obj


def _send_confirmation(subscription) -> None:
    url = f"{site_url()}{reverse('publishing:subscribe_confirm', kwargs={'token': confirm_token(subscription)})}"
    name = getattr(subscription.target, "name", None) or subscription.target.title
    body = (
        f"您（或他人使用您的邮箱）申请订阅：{subscription.get_kind_display()}“{name}”的更新。\n\n"
        f"确认订阅请打开以下链接（7日内有效）：\n{url}\n\n"
        "确认后，每天早晨最多给您发送一封摘要邮件，按栏目归类列出前一日的更新。"
        "如果这不是您本人的申请，请忽略本邮件，我们不会再给您发送任何邮件。"
    )
    EmailMessage(f"请确认订阅：{name}", body, to=[subscription.subscriber.email]).send()


@transaction.atomic
def subscription_request(*, email: str, kind: str, target: str) -> Subscription:
    """A reader asks for e-mail updates: a pending subscription and a confirmation e-mail (double opt-in).

    Asking again for a confirmed subscription changes nothing and sends nothing; the page says the same
    either way, so the form does not reveal who is subscribed to what."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise WorkflowError("请填写正确的电子邮箱地址。") from exc
    kind, obj = _resolve_target(kind, target)
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    sub, created = Subscription.objects.select_for_update().get_or_create(
        subscriber=subscriber, target_key=f"{kind}:{obj.pk}", defaults={"kind": kind, kind: obj}
    )
    now = timezone.now()
    if created:
        record_event(sub, action="request", label="申请订阅", by=None, data={"target": sub.target_key})
    elif sub.state == SubscriptionState.CANCELLED:
        subscription_flow.advance(sub, action="renew", by=None)
    elif sub.state == SubscriptionState.CONFIRMED:
        return sub
    elif sub.confirm_sent_at and now - sub.confirm_sent_at < CONFIRM_RESEND_AFTER:
        return sub
    sub.confirm_sent_at = now
    sub.save(update_fields=["confirm_sent_at"])
    pk = sub.pk
    transaction.on_commit(lambda: _send_confirmation(Subscription.objects.select_related("subscriber", "column", "agency", "decision").get(pk=pk)))
    return sub


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription:
    """The reader used the link in the confirmation e-mail. Using it twice is harmless."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise WorkflowError("确认链接已过期（有效期7日），请重新申请订阅。") from exc
    except signing.BadSignature as exc:
        raise WorkflowError("确认链接无效，请检查链接是否完整。") from exc
    sub = Subscription.objects.select_for_update().select_related("subscriber").filter(pk=data.get("s")).first()
    if sub is None or sub.subscriber.email != data.get("e"):
        raise WorkflowError("该订阅不存在或已被删除，请重新申请。")
    if sub.state == SubscriptionState.CONFIRMED:
        return sub
    if sub.state == SubscriptionState.CANCELLED:
        raise WorkflowError("该订阅已退订，如需继续接收请重新申请订阅。")
    subscription_flow.advance(sub, action="confirm", by=None)
    sub.confirmed_at = timezone.now()
    sub.save(update_fields=["confirmed_at"])
    return sub


def subscriber_for_token(token: str) -> Subscriber:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise WorkflowError("退订链接无效，请检查链接是否完整。") from exc
    subscriber = Subscriber.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if subscriber is None:
        raise WorkflowError("该订阅者不存在。")
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, token: str) -> int:
    """One-click unsubscribe (RFC 8058): every subscription of the address ends; returns how many."""
    subscriber = subscriber_for_token(token)
    count = 0
    for sub in Subscription.objects.select_for_update().filter(subscriber=subscriber).exclude(state=SubscriptionState.CANCELLED):
        subscription_flow.advance(sub, action="cancel", by=None)
        count += 1
    return count


def digest_window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The digest of `day` covers the previous local calendar day."""
    tz = timezone.get_current_timezone()
    end = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return end - dt.timedelta(days=1), end


def digest_message(subscriber: Subscriber, content, *, day: dt.date) -> EmailMessage:
    """The text of one digest, with a one-click unsubscribe link in the body and in List-Unsubscribe."""
    base = site_url()
    unsubscribe = f"{base}{reverse('publishing:unsubscribe', kwargs={'token': unsubscribe_token(subscriber)})}"
    lines = [f"{settings.GONGKAI_SITE['title']} {day:%Y年%m月%d日} 订阅摘要", ""]
    for heading, rows in content.groups:
        lines.append(f"【{heading}】")
        lines.extend(f"· {title}\n  {base}{url}" for _key, title, url in rows)
        lines.append("")
    lines += ["退订（一键退订全部订阅）：", unsubscribe]
    return EmailMessage(
        f"{settings.GONGKAI_SITE['title']}订阅摘要（{day:%m月%d日}，{len(content.keys)}条更新）",
        "\n".join(lines),
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def digest_prepare(subscribers, day_data, *, day: dt.date):
    """(subscriber, content, message) for each given subscriber with something to read; no database writes."""
    out = []
    for subscriber in subscribers:
        content = selectors.digest_content(day_data, subscriber.confirmed)
        if content.keys:
            out.append((subscriber, content, digest_message(subscriber, content, day=day)))
    return out


def digest_chunk(*, after: int, size: int) -> list[Subscriber]:
    """The next `size` subscribers after id `after` that have a confirmed subscription, with those subscriptions."""
    from django.db.models import Prefetch

    confirmed = Subscription.objects.filter(state=SubscriptionState.CONFIRMED)
    return list(
        Subscriber.objects.filter(pk__gt=after, pk__in=confirmed.values("subscriber_id"))
        .order_by("pk")
        .prefetch_related(Prefetch("subscriptions", queryset=confirmed, to_attr="confirmed"))[:size]
    )


def digest_send_batch(*, day: dt.date | None = None, size: int | None = None) -> int:
    """Send the next chunk of `day`'s digest (default: today, GONGKAI_DIGEST_BATCH subscribers).

    Called by a periodic task until the day's run is finished: 100,000 subscribers are 200 task runs,
    never 100,000 queued jobs. A DigestSent row is inserted before each message goes out, so a rerun,
    a crash or a second worker never sends the same digest twice. Returns how many were sent."""
    day = day or timezone.localdate()
    size = size or int(_setting("GONGKAI_DIGEST_BATCH", 500))
    start, end = digest_window(day)
    run, _ = DigestRun.objects.get_or_create(day=day, defaults={"window_start": start, "window_end": end})
    if run.finished_at is not None:
        return 0
    chunk = digest_chunk(after=run.cursor, size=size)
    if not chunk:
        DigestRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(finished_at=timezone.now())
        return 0
    prepared = digest_prepare(chunk, selectors.digest_day(since=run.window_start, until=run.window_end), day=day)
    sent = 0
    for subscriber, content, message in prepared:
        try:
            with transaction.atomic():
                record = DigestSent.objects.create(run=run, subscriber=subscriber, items=content.keys)
        except IntegrityError:
            continue  # already sent (or being sent) by an earlier or a parallel run
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - recorded; the row stays so the address is not mailed twice
            DigestSent.objects.filter(pk=record.pk).update(error=str(exc)[:300])
            log.warning("digest to subscriber %s failed: %s", subscriber.pk, exc)
            continue
        DigestSent.objects.filter(pk=record.pk).update(ok=True, sent_at=timezone.now())
        sent += 1
    DigestRun.objects.filter(pk=run.pk, cursor__lt=chunk[-1].pk).update(cursor=chunk[-1].pk, sent=F("sent") + sent)
    return sent


# --- media contacts and interview requests ---------------------------------------------------------

_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _interview_code() -> str:
    import secrets

    from .models import InterviewRequest

    while True:
        code = "CF" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
        if not InterviewRequest.objects.filter(tracking_code=code).exists():
            return code


def _press_addresses(agency_id: int) -> list[str]:
    """Where the agency's press staff read new requests: spokespersons (else agency admins) with an e-mail."""
    users = User.objects.filter(agency_id=agency_id, is_active=True).exclude(email="")
    press = [u.email for u in users if u.has_role(Role.SPOKESPERSON)]
    return press or [u.email for u in users if u.has_role(Role.AGENCY_ADMIN)]


def _mail_after_commit(subject: str, body: str, to: list[str]) -> None:
    if to:
        transaction.on_commit(lambda: EmailMessage(subject, body, to=to).send(fail_silently=True))


@transaction.atomic
def interview_submit(*, agency_slug: str, outlet: str, reporter: str, email: str, phone: str, subject: str,
                     questions: str, preferred_date: dt.date | None):
    """A journalist asks for an interview (public form). Receipt mail to them, a notice to the agency's press staff."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from gongkai.core.models import Agency
    from gongkai.core.workdays import CalendarRangeError, add_workdays

    from .models import InterviewRequest

    agency = Agency.objects.filter(slug=(agency_slug or "").strip()).first()
    fields = {k: (v or "").strip() for k, v in dict(outlet=outlet, reporter=reporter, email=email, phone=phone, subject=subject, questions=questions).items()}
    if agency is None:
        raise WorkflowError("请选择要采访的机构。")
    missing = [label for key, label in (("outlet", "媒体名称"), ("reporter", "记者姓名"), ("email", "电子邮箱"), ("phone", "联系电话"),
                                        ("subject", "采访主题"), ("questions", "采访提纲")) if not fields[key]]
    if missing:
        raise WorkflowError(f"请填写：{'、'.join(missing)}。")
    try:
        validate_email(fields["email"])
    except ValidationError as exc:
        raise WorkflowError("请填写正确的电子邮箱地址。") from exc
    if len(fields["outlet"]) > 80 or len(fields["reporter"]) > 40 or len(fields["phone"]) > 20 or len(fields["subject"]) > 200 or len(fields["questions"]) > 5000:
        raise WorkflowError("内容过长：媒体名称不超过80字，姓名40字，电话20字，主题200字，提纲5000字。")
    today = timezone.localdate()
    if preferred_date is not None and preferred_date < today:
        raise WorkflowError("希望采访日期不能早于今天。")
    try:
        due = add_workdays(today, int(_setting("GONGKAI_INTERVIEW_REPLY_WORKDAYS", 3)))
    except CalendarRangeError:
        due = None
    req = InterviewRequest.objects.create(agency=agency, tracking_code=_interview_code(), preferred_date=preferred_date, reply_due=due, **fields)
    record_event(req, action="submit", label="提交采访申请", by=None, agency_id=agency.pk)
    track = f"{site_url()}{reverse('publishing:interview_track')}?code={req.tracking_code}"
    when = f"{due:%Y年%m月%d日}前" if due else "3个工作日内"
    _mail_after_commit(
        f"已收到您的采访申请（查询码 {req.tracking_code}）",
        f"{req.reporter}您好：\n\n{agency.name}已收到您关于“{req.subject}”的采访申请。\n查询码：{req.tracking_code}\n"
        f"我们将于{when}答复。查询办理情况：{track}\n",
        [req.email],
    )
    _mail_after_commit(
        f"新的采访申请：{req.outlet}《{req.subject}》",
        f"{req.outlet} {req.reporter}申请采访：{req.subject}\n请于{when}答复。\n"
        f"{site_url()}{reverse('publishing:staff_interview', kwargs={'pk': req.pk})}\n",
        _press_addresses(agency.pk),
    )
    return req


def _interview_for(by: User, pk: int):
    from .models import InterviewRequest

    req = InterviewRequest.objects.select_for_update().filter(pk=pk, agency_id=by.agency_id or -1).first()
    if req is None:
        raise Http404("未找到。")
    return req


@transaction.atomic
def interview_handle(*, interview_id: int, by: User, action: str, reason: str = "", scheduled_at: dt.datetime | None = None,
                     place: str = "", interviewee: str = ""):
    """Accept, schedule (time and place) or decline (with a reason) a request; the journalist is told by e-mail."""
    from .workflow import interview as interview_flow

    req = _interview_for(by, interview_id)
    data = {}
    if action == "schedule":
        place, interviewee = place.strip(), interviewee.strip()
        if scheduled_at is None or not place:
            raise WorkflowError("安排采访须填写采访时间和地点。")
        if scheduled_at < timezone.now():
            raise WorkflowError("采访时间不能早于现在。")
        if len(place) > 200 or len(interviewee) > 80:
            raise WorkflowError("地点不超过200字，受访人不超过80字。")
        data = {"scheduled_at": scheduled_at.isoformat(), "place": place}
    interview_flow.advance(req, action=action, by=by, reason=reason, agency_id=req.agency_id, data=data)
    if action == "schedule":
        req.scheduled_at, req.place, req.interviewee = scheduled_at, place, interviewee
        req.save(update_fields=["scheduled_at", "place", "interviewee"])
        text = (f"您关于“{req.subject}”的采访已安排：\n时间：{timezone.localtime(scheduled_at):%Y年%m月%d日 %H:%M}\n地点：{place}"
                + (f"\n受访人：{interviewee}" if interviewee else ""))
    elif action == "decline":
        req.decline_reason = reason.strip()
        req.save(update_fields=["decline_reason"])
        text = f"很抱歉，您关于“{req.subject}”的采访申请未能安排。\n理由：{req.decline_reason}"
    else:
        text = f"{req.agency.name}同意接受您关于“{req.subject}”的采访，具体时间和地点将另行通知。"
    _mail_after_commit(f"采访申请办理结果（查询码 {req.tracking_code}）", f"{req.reporter}您好：\n\n{text}\n", [req.email])
    return req


def _ensure_press(by: User) -> None:
    if by.agency_id is None:
        raise Http404("未找到。")
    if not (by.has_role(Role.SPOKESPERSON) or by.has_role(Role.AGENCY_ADMIN)):
        raise WorkflowError("您没有管理媒体联系人的权限（需要新闻发言人或机构管理员角色）。")


def _contact_fields(name: str, outlet: str, email: str, phone: str) -> dict:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    f = {"name": (name or "").strip(), "outlet": (outlet or "").strip(), "email": (email or "").strip().lower(), "phone": (phone or "").strip()}
    if not (f["name"] and f["outlet"] and f["email"]):
        raise WorkflowError("请填写姓名、所属媒体和电子邮箱。")
    try:
        validate_email(f["email"])
    except ValidationError as exc:
        raise WorkflowError("请填写正确的电子邮箱地址。") from exc
    if len(f["name"]) > 40 or len(f["outlet"]) > 80 or len(f["phone"]) > 40:
        raise WorkflowError("姓名不超过40字，媒体名称不超过80字，电话不超过40字。")
    return f


@transaction.atomic
def media_contact_create(*, by: User, name: str, outlet: str, email: str, phone: str = "") -> MediaContact:
    _ensure_press(by)
    f = _contact_fields(name, outlet, email, phone)
    if MediaContact.objects.filter(agency_id=by.agency_id, email=f["email"]).exists():
        raise WorkflowError("该邮箱已在本机构的媒体联系人名单中。")
    contact = MediaContact.objects.create(agency_id=by.agency_id, **f)
    record_event(contact, action="create", label="新增媒体联系人", by=by, agency_id=by.agency_id)
    return contact


@transaction.atomic
def media_contact_update(*, contact_id: int, by: User, name: str, outlet: str, email: str, phone: str = "", active: bool = True) -> MediaContact:
    _ensure_press(by)
    contact = MediaContact.objects.select_for_update().filter(pk=contact_id, agency_id=by.agency_id).first()
    if contact is None:
        raise Http404("未找到。")
    f = _contact_fields(name, outlet, email, phone)
    if MediaContact.objects.filter(agency_id=by.agency_id, email=f["email"]).exclude(pk=contact.pk).exists():
        raise WorkflowError("该邮箱已在本机构的媒体联系人名单中。")
    changed = [k for k, v in {**f, "active": active}.items() if getattr(contact, k) != v]
    for k in changed:
        setattr(contact, k, {**f, "active": active}[k])
    if changed:
        contact.save(update_fields=changed)
        record_event(contact, action="update", label="修改媒体联系人", by=by, agency_id=by.agency_id, data={"fields": changed})
    return contact


@transaction.atomic
def media_contact_delete(*, contact_id: int, by: User) -> None:
    _ensure_press(by)
    contact = MediaContact.objects.select_for_update().filter(pk=contact_id, agency_id=by.agency_id).first()
    if contact is None:
        raise Http404("未找到。")
    record_event(contact, action="delete", label="删除媒体联系人", by=by, agency_id=by.agency_id, data={"outlet": contact.outlet})
    contact.delete()


# --- staff write API tokens ------------------------------------------------------------------------

API_TOKEN_PREFIX = "gk_"
API_TOKENS_PER_USER = 20


def api_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, by: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; returns it with the clear token, which is never stored and shown once."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构，不能创建接口令牌。")
    name = " ".join((name or "").split())
    if not name:
        raise WorkflowError("请填写令牌名称（例如用途或调用系统）。")
    if len(name) > 60:
        raise WorkflowError("令牌名称不能超过60个字符。")
    if ApiToken.objects.filter(user=by, revoked_at=None).count() >= API_TOKENS_PER_USER:
        raise WorkflowError(f"每人最多保留{API_TOKENS_PER_USER}个有效令牌，请先吊销不用的令牌。")
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=by, name=name, prefix=raw[:10], token_hash=api_token_hash(raw))
    record_event(token, action="create", label="创建接口令牌", by=by, agency_id=by.agency_id, data={"name": name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, token_id: int, by: User) -> ApiToken:
    """Revoke one of one's own tokens; it stops working at once. Someone else's token does not exist (404)."""
    try:
        token = ApiToken.objects.select_for_update().get(pk=token_id, user=by)
    except ApiToken.DoesNotExist:
        raise Http404("未找到该令牌。") from None
    if token.revoked_at is not None:
        raise WorkflowError("该令牌已吊销。")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(token, action="revoke", label="吊销接口令牌", by=by, agency_id=by.agency_id, data={"name": token.name, "prefix": token.prefix})
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active staff user of a valid, unrevoked token, else None. Notes when the token was last used."""
    raw = (raw or "").strip()
    if not raw.startswith(API_TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=api_token_hash(raw), revoked_at=None).first()
    if token is None or not token.user.is_active or token.user.agency_id is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
