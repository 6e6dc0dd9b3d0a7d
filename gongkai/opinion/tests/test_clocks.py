"""The 5-hour, 24-hour and 48-hour clocks, in wall-clock hours from the time of discovery."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.letters.models import Notification
from gongkai.letters.notifications import clock_reminders_run

from .. import services
from ..clocks import incident_clocks, open_clocks
from ..models import Grade

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
RAISED = dt.datetime(2026, 11, 3, 22, 0, tzinfo=TZ)


def raise_incident(agency, handler, grade):
    with time_machine.travel(RAISED, tick=False):
        return services.incident_raise(
            agency=agency, by=handler, title="某村灌溉渠垮塌", grade=grade, discovered_at=RAISED
        )


def status(incident, kind, now):
    return next(c for c in incident_clocks(incident) if c.kind == kind).status(now)


def test_major_incident_at_22_is_overdue_for_its_statement_at_03_and_its_press_conference_at_22_next_day(
    agency, handler
):
    incident = raise_incident(agency, handler, Grade.MAJOR)
    assert status(incident, "opinion_info", dt.datetime(2026, 11, 4, 3, 0, tzinfo=TZ)) == "running"
    assert status(incident, "opinion_info", dt.datetime(2026, 11, 4, 3, 0, 1, tzinfo=TZ)) == "overdue"
    assert status(incident, "opinion_press", dt.datetime(2026, 11, 4, 21, 59, tzinfo=TZ)) == "running"
    assert status(incident, "opinion_press", dt.datetime(2026, 11, 4, 22, 0, 1, tzinfo=TZ)) == "overdue"
    assert {c.kind for c in incident_clocks(incident)} == {"opinion_info", "opinion_press"}


def test_general_incident_has_one_48_hour_clock(agency, handler):
    incident = raise_incident(agency, handler, Grade.GENERAL)
    [clock] = incident_clocks(incident)
    assert clock.kind == "opinion_response" and clock.due_at == RAISED + dt.timedelta(hours=48)
    assert clock.status(dt.datetime(2026, 11, 5, 21, 59, tzinfo=TZ)) == "running"
    assert clock.status(dt.datetime(2026, 11, 5, 22, 1, tzinfo=TZ)) == "overdue"


def test_incident_answered_on_time_shows_as_met_and_its_clock_stops(agency, handler, leader):
    incident = raise_incident(agency, handler, Grade.MAJOR)
    statement = services.statement_draft(incident=incident, by=handler, title="情况通报", body="已组织抢修。")
    with time_machine.travel(dt.datetime(2026, 11, 4, 1, 30, tzinfo=TZ), tick=False):
        services.statement_publish(statement=statement, by=leader)
    later = dt.datetime(2026, 11, 5, 9, 0, tzinfo=TZ)
    assert status(incident, "opinion_info", later) == "met"
    assert status(incident, "opinion_press", later) == "overdue"
    assert [c.kind for c in open_clocks(agency_ids={agency.pk})] == ["opinion_press"]


def test_a_conference_held_for_the_incident_stops_its_24_hour_clock(agency, handler, spokesperson):
    incident = raise_incident(agency, handler, Grade.ESPECIALLY_MAJOR)
    with time_machine.travel(dt.datetime(2026, 11, 4, 15, 0, tzinfo=TZ), tick=False):
        conference = services.conference_schedule(
            by=spokesperson,
            title="情况发布会",
            scheduled_at=dt.datetime(2026, 11, 4, 16, 0, tzinfo=TZ),
            first_spokesperson="区长 张某某",
            incidents=[incident],
        )
    with time_machine.travel(dt.datetime(2026, 11, 4, 17, 0, tzinfo=TZ), tick=False):
        services.conference_hold(
            conference=conference, by=spokesperson, held_at=dt.datetime(2026, 11, 4, 16, 0, tzinfo=TZ)
        )
    assert status(incident, "opinion_press", dt.datetime(2026, 11, 6, tzinfo=TZ)) == "met"


def test_late_statement_shows_as_missed(agency, handler, leader):
    incident = raise_incident(agency, handler, Grade.GENERAL)
    statement = services.statement_draft(incident=incident, by=handler, title="回应", body="说明。")
    with time_machine.travel(RAISED + dt.timedelta(hours=50), tick=False):
        services.statement_publish(statement=statement, by=leader)
    [clock] = incident_clocks(incident)
    assert clock.status() == "missed"


def test_reminders_fire_once_each_at_50_80_100_percent_and_escalate_to_the_leader(
    agency, handler, spokesperson, leader
):
    incident = raise_incident(agency, handler, Grade.GENERAL)  # 48 h: 50 % at +24 h, 80 % at +38.4 h
    Notification.objects.all().delete()  # the intake notices
    runs = [RAISED + dt.timedelta(hours=h) for h in (10, 24, 25, 38.5, 40, 48, 49, 60)]
    sent = [clock_reminders_run(now=now, clocks=list(open_clocks())) for now in runs]
    assert sent == [0, 2, 0, 2, 0, 3, 0, 0]  # handler + spokesperson; at 100 % also the leader
    assert Notification.objects.filter(user=leader, kind=Notification.Kind.ESCALATION).count() == 1
    assert Notification.objects.filter(user=handler).count() == 3
    assert incident.title in Notification.objects.filter(user=handler).first().title
