"""Reads on disclosure items, including who may see what."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from gongkai.core.models import Role, User

from .models import CatalogColumn, DisclosureItem, ItemVersion, Topic, VersionState


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


def review_queue(user: User) -> QuerySet[ItemVersion]:
    """Submitted versions this reviewer may review (not their own)."""
    if not user.has_role(Role.REVIEWER):
        return ItemVersion.objects.none()
    return staff_versions(user).filter(state=VersionState.SUBMITTED).exclude(created_by=user).exclude(updated_by=user).order_by("updated_at")


def sign_queue(user: User) -> QuerySet[ItemVersion]:
    """Reviewed versions this signer may sign (not their own)."""
    if not user.has_role(Role.SIGNER):
        return ItemVersion.objects.none()
    return staff_versions(user).filter(state=VersionState.REVIEWED).exclude(created_by=user).exclude(updated_by=user).order_by("updated_at")


def scheduled_versions(user: User) -> QuerySet[ItemVersion]:
    return staff_versions(user).filter(state=VersionState.SCHEDULED).order_by("publish_at")
