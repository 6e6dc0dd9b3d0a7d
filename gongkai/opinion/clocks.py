"""The response clocks of opinion incidents, in wall-clock hours from the recorded time of discovery
(国办发〔2016〕80号: authoritative information within 5 hours, a press conference within 24 hours for
重大 and 特别重大; 国办发〔2016〕61号: a response within 48 hours for the others). Each is a setting.
State is computed from recorded events (first published statement, conference held), never stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from gongkai.core.clocks import Clock

from .models import ConferenceState, Incident, IncidentState, StatementState


def hours(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def info_hours() -> int:
    return hours("OPINION_INFO_HOURS", 5)


def press_hours() -> int:
    return hours("OPINION_PRESS_HOURS", 24)


def response_hours() -> int:
    return hours("OPINION_RESPONSE_HOURS", 48)


STATUS_LABELS = {"running": "计时中", "met": "按时完成", "missed": "超时完成", "overdue": "已逾期"}
STATUS_BADGES = {"running": "badge-info", "met": "badge-ok", "missed": "badge-warn", "overdue": "badge-danger"}


@dataclass(frozen=True)
class IncidentClock:
    kind: str  # opinion_info, opinion_press, opinion_response
    label: str
    started_at: dt.datetime
    due_at: dt.datetime
    done_at: dt.datetime | None

    def status(self, now: dt.datetime | None = None) -> str:
        """running, met, missed or overdue."""
        if self.done_at is not None:
            return "met" if self.done_at <= self.due_at else "missed"
        return "overdue" if (now or timezone.now()) > self.due_at else "running"

    def status_label(self, now: dt.datetime | None = None) -> str:
        return STATUS_LABELS[self.status(now)]

    def badge(self, now: dt.datetime | None = None) -> str:
        return STATUS_BADGES[self.status(now)]


def annotate_done(qs):
    """Add the time of the first published statement and of the first conference held."""
    return qs.annotate(
        first_statement_at=Min("statements__published_at", filter=Q(statements__state=StatementState.PUBLISHED)),
        first_conference_at=Min("press_conferences__held_at", filter=Q(press_conferences__state=ConferenceState.HELD)),
    )


def incident_clocks(incident: Incident) -> list[IncidentClock]:
    """The clocks that apply to the incident's grade; uses the annotations when present."""
    if hasattr(incident, "first_statement_at"):
        statement_at, conference_at = incident.first_statement_at, incident.first_conference_at
    else:
        statement_at = incident.statements.filter(state=StatementState.PUBLISHED).aggregate(m=Min("published_at"))["m"]
        conference_at = incident.press_conferences.filter(state=ConferenceState.HELD).aggregate(m=Min("held_at"))["m"]
    start = incident.discovered_at
    if incident.is_major:
        return [
            IncidentClock(
                "opinion_info",
                f"权威信息发布（{info_hours()}小时）",
                start,
                start + dt.timedelta(hours=info_hours()),
                statement_at,
            ),
            IncidentClock(
                "opinion_press",
                f"召开新闻发布会（{press_hours()}小时）",
                start,
                start + dt.timedelta(hours=press_hours()),
                conference_at,
            ),
        ]
    return [
        IncidentClock(
            "opinion_response",
            f"回应（{response_hours()}小时）",
            start,
            start + dt.timedelta(hours=response_hours()),
            statement_at,
        )
    ]


def open_clocks(*, agency_ids: set[int] | None = None) -> Iterator[Clock]:
    """Every clock of an incident that has not stopped yet (running or overdue)."""
    qs = annotate_done(Incident.objects.exclude(state=IncidentState.CLOSED).select_related("agency"))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    yield from _as_clocks(qs)


def _as_clocks(incidents: Iterable[Incident]) -> Iterator[Clock]:
    for incident in incidents:
        for clock in incident_clocks(incident):
            if clock.done_at is not None:
                continue
            yield Clock(
                kind=clock.kind,
                kind_label=clock.label,
                title=f"{incident.get_grade_display()}舆情：{incident.title}",
                agency_id=incident.agency_id,
                owner=incident.agency.short_name,
                started_at=clock.started_at,
                due_at=clock.due_at,
                url=reverse("opinion:staff_incident", kwargs={"pk": incident.pk}),
            )
