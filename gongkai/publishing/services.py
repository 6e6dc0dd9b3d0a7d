"""Writes of the publishing app: ledger entries, channels, outbox deliveries."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from gongkai.core.models import Role, User
from gongkai.core.workflow import WorkflowError, record_event
from gongkai.disclosures.models import DisclosureItem, ItemVersion, VersionState

from . import ledger
from .models import Channel, ChannelKind, Delivery, DeliveryAttempt, LedgerAction, LedgerEntry, MediaContact
from .workflow import outbox

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

