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


# --- subscriptions, decision updates and the daily digest ----------------------------------------


@dataclass(frozen=True)
class DecisionUpdate:
    """One public event in a decision's life: a stage reached or a procedure record added."""

    decision_id: int
    decision_title: str
    guid: str
    at: object
    title: str
    link: str


def decision_updates(*, decision_ids=None, since=None, until=None, limit: int | None = None) -> list[DecisionUpdate]:
    """Public updates of non-secret decisions, newest first: stage moves (from the audit trail) and records."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    from gongkai.core.models import AuditEvent
    from gongkai.decisions.models import Decision, ProcedureRecord, Stage

    decisions = Decision.objects.filter(secret=False)
    if decision_ids is not None:
        decisions = decisions.filter(pk__in=list(decision_ids))
    titles = dict(decisions.values_list("pk", "title"))
    if not titles:
        return []
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Decision), object_id__in=list(titles), to_state__in=Stage.values
    ).exclude(to_state="")
    records = ProcedureRecord.objects.filter(decision_id__in=list(titles))
    if since is not None:
        events, records = events.filter(at__gte=since), records.filter(created_at__gte=since)
    if until is not None:
        events, records = events.filter(at__lt=until), records.filter(created_at__lt=until)
    if limit is not None:
        events, records = events.order_by("-at")[:limit], records.order_by("-created_at")[:limit]
    updates = []
    for e in events.only("pk", "object_id", "at", "to_state"):
        updates.append(DecisionUpdate(
            e.object_id, titles[e.object_id], f"decision-{e.object_id}-event-{e.pk}", e.at,
            f"进入“{Stage(e.to_state).label}”阶段", reverse("decisions:detail", kwargs={"pk": e.object_id}),
        ))
    for r in records:
        updates.append(DecisionUpdate(
            r.decision_id, titles[r.decision_id], f"decision-{r.decision_id}-record-{r.pk}", r.created_at,
            f"公开{r.get_kind_display()}（{r.held_on:%Y年%m月%d日}）", reverse("decisions:detail", kwargs={"pk": r.decision_id}),
        ))
    updates.sort(key=lambda u: (u.at, u.guid), reverse=True)
    return updates[:limit] if limit is not None else updates


def subscription_targets() -> dict[str, list]:
    """What a reader can subscribe to on the form: columns and agencies (a decision comes from its page)."""
    from gongkai.core.models import Agency
    from gongkai.disclosures import selectors as gk

    return {"columns": gk.public_columns(), "agencies": list(Agency.objects.order_by("sort_order", "id"))}


@dataclass
class DigestDay:
    """Everything published in one digest window, indexed once per chunk so each subscriber costs a few lookups."""

    versions_by_column: dict  # column id (and every ancestor's id) → [ItemVersion]
    versions_by_agency: dict  # agency id → [ItemVersion]
    updates_by_decision: dict  # decision id → [DecisionUpdate]

    @property
    def empty(self) -> bool:
        return not (self.versions_by_agency or self.updates_by_decision)


def digest_day(*, since, until) -> DigestDay:
    from gongkai.disclosures.models import CatalogColumn, ItemVersion

    parents = dict(CatalogColumn.objects.values_list("pk", "parent_id"))
    by_column: dict[int, list] = {}
    by_agency: dict[int, list] = {}
    versions = (
        ItemVersion.objects.public().filter(published_at__gte=since, published_at__lt=until)
        .select_related("item__agency", "column").order_by("column__sort_order", "column_id", "-published_at", "pk")
    )
    for v in versions:
        # the row a digest shows, built once per day rather than once per subscriber
        v.digest_row = (f"v:{v.pk}", f"{v.title}（{v.item.agency.short_name or v.item.agency.name}）", v.item.get_absolute_url())
        by_agency.setdefault(v.item.agency_id, []).append(v)
        col, seen = v.column_id, set()
        while col is not None and col not in seen:
            seen.add(col)
            by_column.setdefault(col, []).append(v)
            col = parents.get(col)
    by_decision: dict[int, list] = {}
    for u in decision_updates(since=since, until=until):
        by_decision.setdefault(u.decision_id, []).append(u)
    return DigestDay(by_column, by_agency, by_decision)


@dataclass
class DigestContent:
    groups: list  # [(heading, [(key, title, url)])] — one group per catalogue column, one per decision
    keys: list


def digest_content(day: DigestDay, subscriptions) -> DigestContent:
    """One subscriber's digest: each item once, grouped by its column; decisions each under their own heading."""
    from .models import SubscriptionKind as K

    versions: dict[int, object] = {}
    updates: dict[str, DecisionUpdate] = {}
    for s in subscriptions:
        if s.kind == K.COLUMN:
            found = day.versions_by_column.get(s.column_id, ())
        elif s.kind == K.AGENCY:
            found = day.versions_by_agency.get(s.agency_id, ())
        else:
            for u in day.updates_by_decision.get(s.decision_id, ()):
                updates[u.guid] = u
            continue
        for v in found:
            versions[v.pk] = v
    groups: dict[str, list] = {}
    for v in versions.values():
        groups.setdefault(v.column.name, []).append(v.digest_row)
    for u in sorted(updates.values(), key=lambda u: (u.decision_id, u.at)):
        groups.setdefault(f"重大决策：{u.decision_title}", []).append((f"d:{u.guid}", u.title, u.link))
    flat = [key for rows in groups.values() for key, _, _ in rows]
    return DigestContent(list(groups.items()), flat)


# --- media contacts and interview requests ---------------------------------------------------------


def staff_interviews(user: User):
    from .models import InterviewRequest

    if user.agency_id is None:
        return InterviewRequest.objects.none()
    return InterviewRequest.objects.filter(agency_id=user.agency_id)


def staff_interview(user: User, pk: int):
    from .models import InterviewRequest

    try:
        return staff_interviews(user).get(pk=pk)
    except InterviewRequest.DoesNotExist:
        raise Http404("未找到。") from None


def interview_by_code(code: str):
    from .models import InterviewRequest

    code = (code or "").strip().upper()
    return InterviewRequest.objects.select_related("agency").filter(tracking_code=code).first() if code else None


def staff_media_contacts(user: User) -> QuerySet[MediaContact]:
    return MediaContact.objects.filter(agency_id=user.agency_id) if user.agency_id else MediaContact.objects.none()


def staff_api_tokens(user: User):
    """The user's own API tokens, newest first (never anyone else's)."""
    from .models import ApiToken

    return ApiToken.objects.filter(user=user)
