"""Reads on disclosure items, including who may see what."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from gongkai.core.models import Agency, Role, User

from .models import AUTHORING_ACTIONS, Attachment, CatalogColumn, DisclosureItem, ItemVersion, ScreeningHit, Topic, VersionState


@dataclass(frozen=True)
class PublicFilters:
    column: CatalogColumn | None = None
    topic: Topic | None = None
    agency_id: int | None = None
    year: int | None = None
    validity: str | None = None


def public_versions(filters: PublicFilters | None = None) -> QuerySet[ItemVersion]:
    """Live, proactively disclosed versions, newest first, ready for list pages."""
    qs = ItemVersion.objects.public().select_related("item__agency", "column", "topic")
    f = filters or PublicFilters()
    if f.column is not None:
        qs = qs.filter(column_id__in=f.column.self_and_descendant_ids())
    if f.topic is not None:
        qs = qs.filter(topic_id__in=f.topic.self_and_descendant_ids())
    if f.agency_id:
        qs = qs.filter(item__agency_id=f.agency_id)
    if f.year:
        qs = qs.filter(published_at__year=f.year)
    if f.validity:
        qs = qs.filter(validity=f.validity)
    return qs.order_by("-published_at", "-id")


def public_item(pk: int) -> DisclosureItem:
    """An item as the public sees it: live and proactive, or withdrawn (shown with its reason)."""
    try:
        item = DisclosureItem.objects.select_related("agency", "live_version__column", "live_version__topic").get(pk=pk)
    except DisclosureItem.DoesNotExist:
        raise Http404("未找到该信息。") from None
    if item.live_version is not None:
        if item.is_public:
            return item
        raise Http404("未找到该信息。")
    if item.withdrawn_at is not None and item.versions.filter(disclosure_mode="proactive", published_at__isnull=False).exists():
        return item
    raise Http404("未找到该信息。")


def public_earlier_versions(item: DisclosureItem) -> QuerySet[ItemVersion]:
    """Versions that were public before and have since been replaced or withdrawn."""
    qs = item.versions.filter(
        state__in=[VersionState.SUPERSEDED, VersionState.WITHDRAWN], disclosure_mode="proactive", published_at__isnull=False
    )
    return qs.order_by("-number")


def public_earlier_version(item: DisclosureItem, number: int) -> ItemVersion:
    try:
        return public_earlier_versions(item).select_related("column", "topic").get(number=number)
    except ItemVersion.DoesNotExist:
        raise Http404("未找到该版本。") from None


def staff_versions(user: User) -> QuerySet[ItemVersion]:
    """All versions of the user's agency: nothing of any other agency."""
    if user.agency_id is None:
        return ItemVersion.objects.none()
    return ItemVersion.objects.filter(item__agency_id=user.agency_id).select_related("item", "column", "topic", "created_by")


def staff_version(user: User, pk: int) -> ItemVersion:
    """One version of the user's own agency, else 404 (foreign objects do not exist for staff)."""
    try:
        return staff_versions(user).get(pk=pk)
    except ItemVersion.DoesNotExist:
        raise Http404("未找到。") from None


def staff_item(user: User, pk: int) -> DisclosureItem:
    try:
        return DisclosureItem.objects.select_related("agency", "live_version").get(pk=pk, agency_id=user.agency_id)
    except DisclosureItem.DoesNotExist:
        raise Http404("未找到。") from None


def my_drafts(user: User) -> QuerySet[ItemVersion]:
    return staff_versions(user).filter(state=VersionState.DRAFT).filter(Q(created_by=user) | Q(updated_by=user)).order_by("-updated_at")


def _not_authored_by(qs: QuerySet[ItemVersion], user: User) -> QuerySet[ItemVersion]:
    """Leave out versions the user wrote any part of (ItemVersion.author_ids): two pairs of eyes."""
    from django.contrib.contenttypes.models import ContentType

    from gongkai.core.models import AuditEvent

    authored = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(ItemVersion), actor=user, action__in=AUTHORING_ACTIONS
    ).values("object_id")
    return qs.exclude(created_by=user).exclude(updated_by=user).exclude(pk__in=authored)


def review_queue(user: User) -> QuerySet[ItemVersion]:
    """Submitted versions this reviewer may review (not their own)."""
    if not user.has_role(Role.REVIEWER):
        return ItemVersion.objects.none()
    return _not_authored_by(staff_versions(user).filter(state=VersionState.SUBMITTED), user).order_by("updated_at")


def sign_queue(user: User) -> QuerySet[ItemVersion]:
    """Reviewed versions this signer may sign (not their own)."""
    if not user.has_role(Role.SIGNER):
        return ItemVersion.objects.none()
    return _not_authored_by(staff_versions(user).filter(state=VersionState.REVIEWED), user).order_by("updated_at")


def scheduled_versions(user: User) -> QuerySet[ItemVersion]:
    return staff_versions(user).filter(state=VersionState.SCHEDULED).order_by("publish_at")


def staff_attachment(user: User, pk: int) -> Attachment:
    """One attachment of a version of the user's own agency, else 404."""
    try:
        return Attachment.objects.select_related("version__item").get(pk=pk, version__item__agency_id=user.agency_id)
    except Attachment.DoesNotExist:
        raise Http404("未找到。") from None


def staff_hit(user: User, pk: int) -> ScreeningHit:
    """One screening hit of a version of the user's own agency, else 404."""
    try:
        return ScreeningHit.objects.select_related("version__item").get(pk=pk, version__item__agency_id=user.agency_id)
    except ScreeningHit.DoesNotExist:
        raise Http404("未找到。") from None


# --- Public site reads -------------------------------------------------------------------------


def public_columns() -> list[CatalogColumn]:
    """Every catalogue column in display order, each with `.kids` (its children), in one query."""
    columns = list(CatalogColumn.objects.all())
    by_parent: dict[int | None, list[CatalogColumn]] = {}
    for column in columns:
        by_parent.setdefault(column.parent_id, []).append(column)
    for column in columns:
        column.kids = by_parent.get(column.pk, [])
    return columns


def column_ids_below(columns: list[CatalogColumn], root: CatalogColumn) -> set[int]:
    """The ids of `root` and its descendants, computed from an already loaded column list."""
    ids = {root.pk}
    frontier = [root.pk]
    while frontier:
        frontier = [c.pk for c in columns if c.parent_id in frontier and c.pk not in ids]
        ids.update(frontier)
    return ids


def public_latest(*, limit: int, column_ids: set[int] | None = None) -> list[ItemVersion]:
    """The newest public versions, optionally within some columns (home page blocks)."""
    qs = ItemVersion.objects.public().select_related("column")
    if column_ids is not None:
        qs = qs.filter(column_id__in=column_ids)
    return list(qs.order_by("-published_at", "-id")[:limit])


def public_search(
    filters: PublicFilters, *, title: str = "", column_ids: set[int] | None = None, topic_ids: set[int] | None = None
) -> QuerySet[ItemVersion]:
    """public_versions narrowed by a title fragment and by column / topic ids already expanded to their subtrees."""
    qs = public_versions(filters)
    if column_ids is not None:
        qs = qs.filter(column_id__in=column_ids)
    if topic_ids is not None:
        qs = qs.filter(topic_id__in=topic_ids)
    if title:
        qs = qs.filter(title__icontains=title)
    return qs


def public_topics() -> list[Topic]:
    """Every topic category in display order, in one query."""
    return list(Topic.objects.all())


def topic_ids_below(topics: list[Topic], root: Topic) -> set[int]:
    """The ids of `root` and its descendants, computed from an already loaded topic list."""
    ids = {root.pk}
    frontier = [root.pk]
    while frontier:
        frontier = [t.pk for t in topics if t.parent_id in frontier and t.pk not in ids]
        ids.update(frontier)
    return ids


def public_years() -> list[int]:
    """Years in which something now public was published, newest first."""
    return sorted({d.year for d in ItemVersion.objects.public().dates("published_at", "year")}, reverse=True)


def public_history(item: DisclosureItem) -> QuerySet[ItemVersion]:
    """Earlier versions the public may read: replaced versions of an item that is live now.

    Unlike public_earlier_versions, a withdrawn version (or any version of a withdrawn item) is
    never shown: it was taken down, and the public sees only the withdrawal notice.
    """
    if not item.is_public:
        return ItemVersion.objects.none()
    return item.versions.filter(
        state=VersionState.SUPERSEDED, disclosure_mode="proactive", published_at__isnull=False
    ).order_by("-number")


def public_history_version(item: DisclosureItem, number: int) -> ItemVersion:
    """One earlier version from public_history, else 404."""
    try:
        return public_history(item).select_related("column", "topic__parent").get(number=number)
    except ItemVersion.DoesNotExist:
        raise Http404("未找到该版本。") from None


def public_withdrawn_version(item: DisclosureItem) -> ItemVersion | None:
    """The last public version of a withdrawn item (its title is shown with the notice)."""
    return (
        item.versions.filter(disclosure_mode="proactive", published_at__isnull=False).order_by("-number").first()
    )


def public_attachment(pk: int) -> Attachment:
    """An attachment of a version the public may read (the live version or public history), else 404."""
    try:
        att = Attachment.objects.select_related("version__item__live_version").get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404("未找到该附件。") from None
    version, item = att.version, att.version.item
    if not item.is_public:
        raise Http404("未找到该附件。")
    if version.pk == item.live_version_id:
        return att
    if (
        version.state == VersionState.SUPERSEDED
        and version.disclosure_mode == "proactive"
        and version.published_at is not None
    ):
        return att
    raise Http404("未找到该附件。")


def guide_agency(name: str) -> Agency | None:
    """The agency whose disclosure office the guide describes: the one named like the site, else the root."""
    return Agency.objects.filter(name=name).first() or (
        Agency.objects.filter(parent__isnull=True).order_by("sort_order", "id").first()
    )


def public_agencies() -> QuerySet[Agency]:
    """Agencies offered in the list page's publishing-agency filter."""
    return Agency.objects.order_by("sort_order", "id").only("pk", "name", "slug", "sort_order")
