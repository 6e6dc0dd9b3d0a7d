"""Reads on lists: public versions and their differences, and staff views of the agency's versions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.core.models import Agency, User

from .diff import Diff, diff_entries
from .models import PUBLIC_STATES, ListType, ListVersion, State


def public_overview() -> list[tuple[ListType, list[ListVersion]]]:
    """Each list type with the version in force of each agency."""
    current = (
        ListVersion.objects.filter(state=State.PUBLISHED)
        .select_related("agency", "list_type")
        .order_by("agency__sort_order", "agency_id")
    )
    by_type: dict[int, list[ListVersion]] = {}
    for v in current:
        by_type.setdefault(v.list_type_id, []).append(v)
    return [(t, by_type.get(t.pk, [])) for t in ListType.objects.all()]


def public_current(*, slug: str, agency_slug: str) -> ListVersion:
    list_type = get_object_or_404(ListType, slug=slug)
    agency = get_object_or_404(Agency, slug=agency_slug)
    version = ListVersion.objects.filter(list_type=list_type, agency=agency, state=State.PUBLISHED).first()
    if version is None:
        raise Http404("未找到。")
    return version


def public_version(pk: int) -> ListVersion:
    """A published or superseded version, or 404."""
    return get_object_or_404(ListVersion.objects.filter(state__in=PUBLIC_STATES).select_related("list_type", "agency"), pk=pk)


def public_history(version: ListVersion) -> QuerySet[ListVersion]:
    return ListVersion.objects.filter(
        list_type_id=version.list_type_id, agency_id=version.agency_id, state__in=PUBLIC_STATES
    ).order_by("-number")


def previous_public(version: ListVersion) -> ListVersion | None:
    """The public version published before this one."""
    return public_history(version).filter(number__lt=version.number).first()


def columns_of(version: ListVersion):
    return list(version.list_type.columns.all())


def version_diff(version: ListVersion, previous: ListVersion | None) -> Diff | None:
    """What changed from `previous` to `version` (None for a first version)."""
    if previous is None:
        return None
    columns = columns_of(version)
    title = next((c.key for c in columns if not c.is_key), None)
    return diff_entries(
        previous.entries.values_list("key", "data"),
        version.entries.values_list("key", "data"),
        [(c.key, c.label) for c in columns],
        title_key=title,
    )


def staff_versions(user: User) -> QuerySet[ListVersion]:
    return ListVersion.objects.filter(agency_id=user.agency_id).select_related("list_type").order_by("list_type__sort_order", "-number")


def staff_version(user: User, pk: int) -> ListVersion:
    """A version of the user's agency; another agency's does not exist for them."""
    version = ListVersion.objects.filter(pk=pk).select_related("list_type", "agency").first()
    if version is None or user.agency_id is None or version.agency_id != user.agency_id:
        raise Http404("未找到。")
    return version


def staff_previous(version: ListVersion) -> ListVersion | None:
    """The version in force (or last published) before this one, for the staff diff."""
    return public_history(version).filter(number__lt=version.number).first()
