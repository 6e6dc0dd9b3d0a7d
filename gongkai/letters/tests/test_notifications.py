"""Clock reminders: once each at 50/80/100 %, escalation at 100 %, nothing twice, a missed run catches up."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from gongkai.core.clocks import Clock
from gongkai.core.tests.factories import staff

from ..models import ClockReminder, Notification
from ..notifications import clock_reminders_run, preference_set
from ..tasks import send_clock_reminders
from .factories import letter

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=TZ)


def clock(agency, *, kind="letter_reply"):
    return Clock(
        kind=kind,
        kind_label="来信答复",
        title="来信 XJ1",
        agency_id=agency.pk,
        owner="区农发办",
        started_at=START,
        due_at=START + dt.timedelta(hours=10),
        url="/interaction/staff/letters/1/",
    )


def test_reminders_fire_once_each_at_50_80_and_100_percent(agency, handler):
    leader = staff(agency, "signer")
    c = clock(agency)
    assert clock_reminders_run(now=START + dt.timedelta(hours=4), clocks=[c]) == 0
    assert clock_reminders_run(now=START + dt.timedelta(hours=5), clocks=[c]) == 1
    assert clock_reminders_run(now=START + dt.timedelta(hours=5, minutes=5), clocks=[c]) == 0
    assert clock_reminders_run(now=START + dt.timedelta(hours=8), clocks=[c]) == 1
    assert clock_reminders_run(now=START + dt.timedelta(hours=10), clocks=[c]) == 2  # the handler, and the leader
    assert clock_reminders_run(now=START + dt.timedelta(hours=30), clocks=[c]) == 0
    titles = list(Notification.objects.filter(user=handler).order_by("pk").values_list("title", flat=True))
    assert ["50%" in titles[0], "80%" in titles[1], "已逾期" in titles[2]] == [True, True, True]
    assert Notification.objects.get(user=leader).kind == Notification.Kind.ESCALATION


def test_a_missed_run_sends_only_the_latest_stage(agency, handler):
    c = clock(agency)
    assert clock_reminders_run(now=START + dt.timedelta(hours=9), clocks=[c]) == 1
    assert "80%" in Notification.objects.get(user=handler).title
    assert set(ClockReminder.objects.values_list("stage", "recipients")) == {("80", 1), ("50", 0)}


def test_the_periodic_task_reminds_about_real_letters(agency, handler):
    made = letter(agency, received_at=dt.datetime(2026, 10, 8, 9, 0, tzinfo=TZ))
    Notification.objects.all().delete()  # the receipt notice
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=TZ), tick=False):
        assert send_clock_reminders.call_local() == 1  # long overdue: only the 100 % reminder (no leader here)
        assert send_clock_reminders.call_local() == 0
    [note] = Notification.objects.filter(user=handler)
    assert made.tracking_code in note.title and "已逾期" in note.title


def test_email_goes_only_for_the_kinds_the_user_chose(agency, django_capture_on_commit_callbacks):
    chosen = staff(agency, "handler", email="a@example.com")
    staff(agency, "handler", email="b@example.com")
    preference_set(user=chosen, email_kinds=["reminder"])
    with django_capture_on_commit_callbacks(execute=True):
        clock_reminders_run(now=START + dt.timedelta(hours=6), clocks=[clock(agency)])
    assert [m.to for m in mail.outbox] == [["a@example.com"]]


def test_notifications_page_lists_them_and_saves_the_email_choice(client, agency, handler):
    clock_reminders_run(now=START + dt.timedelta(hours=6), clocks=[clock(agency)])
    client.force_login(handler)
    page = client.get(reverse("letters:staff_notifications"))
    assert "来信 XJ1" in page.text
    client.post(reverse("letters:staff_notifications"), {"op": "prefs", "email_kinds": ["escalation"]})
    assert handler.notification_pref.email_kinds == ["escalation"]
