"""Reads on interpretations: what the public may see, what each staff member may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gongkai.core.models import User
from gongkai.disclosures.models import DisclosureItem, DisclosureMode, VersionState

from . import deadlines
from .models import Form, Interpretation, PolicyPlan, State


def public_interpretations(*, form: str | None = None) -> QuerySet[Interpretation]:
    """Published interpretations, newest first, optionally of one form."""
    qs = Interpretation.objects.public().select_related("agency")
    if form:
        qs = qs.filter(form=form)
    return qs.order_by("-published_at", "-id")


def public_interpretation(pk: int) -> Interpretation:
    """One published interpretation, or 404."""
    return get_object_or_404(Interpretation.objects.public().select_related("agency"), pk=pk)


def _public_items() -> Q:
    return Q(live_version__state=VersionState.PUBLISHED, live_version__disclosure_mode=DisclosureMode.PROACTIVE)


def public_policies_of(interpretation: Interpretation) -> list[DisclosureItem]:
    """The policies an interpretation explains that the public may see."""
    return list(interpretation.policies.filter(_public_items()).select_related("live_version").order_by("pk"))


def public_related(item: DisclosureItem) -> list[Interpretation]:
    """Published interpretations of a policy, for its page (相关解读)."""
    return list(Interpretation.objects.public().filter(policies=item).order_by("published_at", "pk"))


def form_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = Interpretation.objects.public().values("form").annotate(n=Count("pk"))
    return {r["form"]: r["n"] for r in rows}


def staff_interpretations(user: User) -> QuerySet[Interpretation]:
    """All interpretations of the user's agency."""
    if user.agency_id is None:
        return Interpretation.objects.none()
    return Interpretation.objects.filter(agency_id=user.agency_id).order_by("-updated_at", "-id")


def staff_interpretation(user: User, pk: int) -> Interpretation:
    """One interpretation of the user's agency; another agency's does not exist for them."""
    interpretation = Interpretation.objects.filter(pk=pk).select_related("agency").first()
    if interpretation is None or user.agency_id is None or interpretation.agency_id != user.agency_id:
        raise Http404("未找到。")
    return interpretation


def staff_item(user: User, pk: int) -> DisclosureItem:
    """A disclosure item of the user's agency (for the interpretation plan)."""
    item = DisclosureItem.objects.filter(pk=pk).select_related("live_version").first()
    if item is None or user.agency_id is None or item.agency_id != user.agency_id:
        raise Http404("未找到。")
    return item


def policy_choices(user: User) -> QuerySet[DisclosureItem]:
    """Items of the user's agency an interpretation may explain (newest first)."""
    return DisclosureItem.objects.filter(agency_id=user.agency_id).select_related("live_version").order_by("-id")


@dataclass
class PolicyRow:
    item: DisclosureItem
    title: str
    due: deadlines.PolicyDue
    done_at: dt.datetime | None  # first publication of an interpretation
    needs_interpretation: bool
    interpretations: list[Interpretation] = field(default_factory=list)
    now: dt.datetime | None = None

    @property
    def status(self) -> str:
        return deadlines.status(self.due, self.done_at, self.now)

    @property
    def status_label(self) -> str:
        return deadlines.STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return deadlines.STATUS_BADGES[self.status]


def policy_rows(*, agency_ids: set[int] | None = None, now: dt.datetime | None = None) -> list[PolicyRow]:
    """Every published policy that needs an interpretation (marked so, or already being interpreted),
    with its due date and whether, and when, an interpretation was published."""
    now = now or timezone.now()
    marked = PolicyPlan.objects.filter(needs_interpretation=True).values("item_id")
    interpreted = Interpretation.objects.exclude(state=State.WITHDRAWN).values("policies")
    qs = (
        DisclosureItem.objects.filter(first_published_at__isnull=False)
        .filter(Q(pk__in=marked) | Q(pk__in=interpreted))
        .select_related("live_version", "interpretation_plan")
        .prefetch_related(Prefetch("interpretations", queryset=Interpretation.objects.exclude(state=State.WITHDRAWN).order_by("pk")))
        .order_by("-first_published_at")
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    rows = []
    for item in qs:
        linked = list(item.interpretations.all())
        published = [i.published_at for i in linked if i.state == State.PUBLISHED and i.published_at]
        plan = getattr(item, "interpretation_plan", None)
        rows.append(
            PolicyRow(
                item=item,
                title=item.live_version.title if item.live_version_id else item.index_number,
                due=deadlines.policy_due(item.first_published_at),
                done_at=min(published) if published else None,
                needs_interpretation=bool(plan and plan.needs_interpretation),
                interpretations=linked,
                now=now,
            )
        )
    return rows


def staff_board(user: User, now: dt.datetime | None = None) -> dict[str, list[PolicyRow]]:
    """The staff list: interpretations due soon, overdue, and published late; policies without one."""
    rows = policy_rows(agency_ids={user.agency_id}, now=now)
    return {
        "overdue": [r for r in rows if r.status == "overdue"],
        "due_soon": [r for r in rows if r.status == "due_soon"],
        "running": [r for r in rows if r.status == "on_time"],
        "without": [r for r in rows if r.done_at is None],
        "late": [r for r in rows if r.status == "late"],
    }


FORM_CHOICES = Form.choices


def pending_items(user: User, limit: int = 50) -> list[dict]:
    """The agency's items with a version on its way to signing, with their interpretation mark and plan
    (三同步: the plan is settled before the document is signed)."""
    from gongkai.disclosures.models import ItemVersion

    versions = (
        ItemVersion.objects.filter(item__agency_id=user.agency_id, state__in=[VersionState.DRAFT, VersionState.SUBMITTED, VersionState.REVIEWED])
        .select_related("item", "item__interpretation_plan")
        .order_by("-updated_at")[:limit]
    )
    planned_by_draft = set(
        Interpretation.objects.filter(policies__in=[v.item_id for v in versions]).exclude(state=State.WITHDRAWN).values_list("policies", flat=True)
    )
    rows = []
    for v in versions:
        plan = getattr(v.item, "interpretation_plan", None)
        rows.append({
            "version": v,
            "item": v.item,
            "marked": bool(plan and plan.needs_interpretation),
            "not_needed": bool(plan and not plan.needs_interpretation),
            "has_plan": bool(plan and plan.plan.strip()) or v.item_id in planned_by_draft,
        })
    return rows
