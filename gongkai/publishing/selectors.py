"""Reads of the publishing app: the ledger, its verification, channels and deliveries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.models import User
from gongkai.disclosures.models import DisclosureItem

from . import ledger
from .models import Channel, Delivery, LedgerEntry, MediaContact


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_broken: ledger.Broken | None


def _entries() -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.select_related("version__item", "version__column", "version__topic").prefetch_related(
        "version__attachments"
    )


def ledger_verify(*, check_content: bool = True, batch: int = 500) -> Verification:
    """Recompute the whole chain (and, with check_content, each entry's content against the database)."""
    prev = ledger.GENESIS
    count = 0
    last_position = 0
    while True:
        chunk = list(_entries().filter(position__gt=last_position).order_by("position")[:batch])
        if not chunk:
            return Verification(ok=True, entries=count, first_broken=None)
        for entry in chunk:
            count += 1
            reason = ledger.check_entry(entry, prev_hash=prev, check_content=check_content)
            if reason is None and entry.position != count:
                reason = "条目序号不连续（有条目被删除或插入）"
            if reason is not None:
                total = LedgerEntry.objects.count()
                broken = ledger.Broken(entry.position, entry.item_id, entry.version_number, entry.action, reason)
                return Verification(ok=False, entries=total, first_broken=broken)
            prev = entry.entry_hash
            last_position = entry.position


def ledger_head() -> LedgerEntry | None:
    """The newest entry: its hash stands for the whole chain."""
    return LedgerEntry.objects.order_by("-position").first()


def ledger_entries() -> QuerySet[LedgerEntry]:
    """Every entry, newest first (the list page)."""
    return LedgerEntry.objects.order_by("-position")


def item_entries(item_id: int) -> list[LedgerEntry]:
    return list(_entries().filter(item_id=item_id).order_by("position"))


@dataclass(frozen=True)
class EntryCheck:
    entry: LedgerEntry
    reason: str | None  # None: the published content still matches the entry


def item_verify(item: DisclosureItem) -> list[EntryCheck]:
    """Each ledger entry of an item, checked against what the database holds now."""
    checks = []
    for entry in item_entries(item.pk):
        reason = None
        if ledger.entry_hash(entry) != entry.entry_hash:
            reason = "条目内容与其哈希不一致（账本条目被改动）"
        else:
            reason = ledger.check_entry(entry, prev_hash=entry.prev_hash)
        checks.append(EntryCheck(entry=entry, reason=reason))
    return checks


@dataclass(frozen=True)
class FileMatch:
    entry: LedgerEntry
    name: str


def file_matches(sha256: str) -> list[FileMatch]:
    """Ledger entries whose published attachments include a file with this SHA-256 (publish/revise only)."""
    # JSON containment is not portable to SQLite; scan candidates narrowed by a text match instead.
    candidates = LedgerEntry.objects.filter(attachments__icontains=sha256, action__in=["publish", "revise"]).order_by("position")
    return [FileMatch(entry=e, name=a["name"]) for e in candidates for a in e.attachments if a["sha256"] == sha256]


def public_item_for_ledger(pk: int) -> DisclosureItem:
    """An item that has ledger entries (published at least once), else 404."""
    item = DisclosureItem.objects.filter(pk=pk, ledger_entries__isnull=False).select_related("agency").first()
    if item is None:
        raise Http404("该信息没有公开账本记录。")
    return item


def staff_channels(user: User) -> QuerySet[Channel]:
    return Channel.objects.filter(agency_id=user.agency_id) if user.agency_id else Channel.objects.none()


def staff_channel(user: User, pk: int) -> Channel:
    try:
        return staff_channels(user).get(pk=pk)
    except Channel.DoesNotExist:
        raise Http404("未找到。") from None


def staff_deliveries(user: User) -> QuerySet[Delivery]:
    """The outbox of the user's agency, newest first."""
    if user.agency_id is None:
        return Delivery.objects.none()
    return Delivery.objects.filter(channel__agency_id=user.agency_id).select_related("channel", "ledger_entry")


def staff_delivery(user: User, pk: int) -> Delivery:
    try:
        return staff_deliveries(user).get(pk=pk)
    except Delivery.DoesNotExist:
        raise Http404("未找到。") from None


def staff_media_contacts(user: User) -> QuerySet[MediaContact]:
    return MediaContact.objects.filter(agency_id=user.agency_id) if user.agency_id else MediaContact.objects.none()
