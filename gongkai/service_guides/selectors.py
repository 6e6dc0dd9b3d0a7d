"""Reads on service items and guides."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.core.models import Agency, User

from .models import GuideVersion, Material, ServiceItem, State, Theme


def public_items(*, theme: Theme | None = None, agency: Agency | None = None) -> QuerySet[ServiceItem]:
    """Service items with a published guide, by code."""
    qs = ServiceItem.objects.filter(live_version__state=State.PUBLISHED).select_related("live_version", "agency")
    if theme is not None:
        qs = qs.filter(themes=theme)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("agency__sort_order", "code")


def public_guide(code: str) -> ServiceItem:
    """A published guide with its materials, or 404."""
    return get_object_or_404(
        ServiceItem.objects.filter(live_version__state=State.PUBLISHED)
        .select_related("live_version", "agency")
        .prefetch_related(Prefetch("live_version__materials", queryset=Material.objects.order_by("sort_order", "id")), "themes"),
        code=code,
    )


def public_material(pk: int) -> Material:
    """A material of a live guide (its form files are public), or 404."""
    material = Material.objects.filter(pk=pk, version__state=State.PUBLISHED).select_related("version").first()
    if material is None:
        raise Http404("未找到。")
    return material


def themes() -> list[Theme]:
    return list(Theme.objects.all())


def agencies_with_items() -> list[Agency]:
    return list(Agency.objects.filter(service_items__live_version__state=State.PUBLISHED).distinct().order_by("sort_order", "pk"))


def staff_versions(user: User) -> QuerySet[GuideVersion]:
    """Every guide version of the user's agency, newest first."""
    return GuideVersion.objects.filter(item__agency_id=user.agency_id).select_related("item").order_by("item__code", "-number")


def staff_version(user: User, pk: int) -> GuideVersion:
    """One guide version of the user's agency; another agency's does not exist for them."""
    version = GuideVersion.objects.filter(pk=pk).select_related("item", "item__agency").first()
    if version is None or user.agency_id is None or version.item.agency_id != user.agency_id:
        raise Http404("未找到。")
    return version


def staff_material(user: User, pk: int) -> Material:
    material = Material.objects.filter(pk=pk).select_related("version__item").first()
    if material is None or user.agency_id is None or material.version.item.agency_id != user.agency_id:
        raise Http404("未找到。")
    return material
