"""Reads on incidents, conferences and reports, with who may see what."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from gongkai.core.models import User
from gongkai.disclosures.models import DisclosureItem

from .clocks import annotate_done
from .models import AnalysisReport, ConferenceState, Incident, PressConference, Statement, StatementState


def staff_incidents(user: User) -> QuerySet[Incident]:
    """Incidents for which the user's agency is responsible now."""
    if user.agency_id is None:
        return Incident.objects.none()
    # Ordered again: a query with aggregates (annotate_done) drops Meta.ordering, and the pages came unordered.
    return annotate_done(Incident.objects.filter(agency_id=user.agency_id).select_related("agency")).order_by(*Incident._meta.ordering)


def staff_incident(user: User, pk: int) -> Incident:
    incident = staff_incidents(user).filter(pk=pk).first()
    if incident is None:
        raise Http404("未找到。")
    return incident


def public_incidents() -> QuerySet[Incident]:
    """Incidents with at least one published statement, newest first."""
    published = Statement.objects.filter(incident=OuterRef("pk"), state=StatementState.PUBLISHED)
    return Incident.objects.filter(is_public=True).filter(Exists(published)).select_related("agency")


def public_incident(pk: int) -> Incident:
    incident = public_incidents().filter(pk=pk).first()
    if incident is None:
        raise Http404("未找到。")
    return incident


def public_conferences() -> QuerySet[PressConference]:
    return PressConference.objects.exclude(state=ConferenceState.CANCELLED).select_related("agency")


def public_conference(pk: int) -> PressConference:
    conference = public_conferences().filter(pk=pk).first()
    if conference is None:
        raise Http404("未找到。")
    return conference


def staff_conferences(user: User) -> QuerySet[PressConference]:
    if user.agency_id is None:
        return PressConference.objects.none()
    return PressConference.objects.filter(agency_id=user.agency_id)


def staff_conference(user: User, pk: int) -> PressConference:
    conference = staff_conferences(user).filter(pk=pk).first()
    if conference is None:
        raise Http404("未找到。")
    return conference


def policy_choices(user: User) -> QuerySet[DisclosureItem]:
    """Published items of the user's agency and the agencies below it, newest first (to link to a conference)."""
    if user.agency_id is None:
        return DisclosureItem.objects.none()
    return (
        DisclosureItem.objects.filter(agency_id__in=user.agency.descendant_ids(), live_version__isnull=False)
        .select_related("live_version")
        .order_by("-id")
    )


def public_policies(conference: PressConference) -> QuerySet[DisclosureItem]:
    """The conference's linked items that the public can read now (live)."""
    return conference.policies.filter(live_version__isnull=False).select_related("live_version").order_by("id")


def staff_reports(user: User) -> QuerySet[AnalysisReport]:
    """The agency's own reports, and the district reports (which every agency may read)."""
    if user.agency_id is None:
        return AnalysisReport.objects.none()
    return AnalysisReport.objects.filter(agency_id__in=[user.agency_id]) | AnalysisReport.objects.filter(
        agency__isnull=True
    )


def staff_report(user: User, pk: int) -> AnalysisReport:
    report = staff_reports(user).filter(pk=pk).select_related("agency").first()
    if report is None:
        raise Http404("未找到。")
    return report
