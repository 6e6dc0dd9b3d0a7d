"""Staff and public pages of opinion through the client: forms work, nothing crashes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.core.models import AuditEvent

from ..models import Grade, Incident, IncidentState, PressConference, Statement, StatementState

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 10, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_staff_raise_answer_and_hold_a_conference_through_the_pages(client, agency, handler, leader, spokesperson):
    client.force_login(handler)
    assert client.get(reverse("opinion:staff_new")).status_code == 200
    response = client.post(
        reverse("opinion:staff_new"),
        {"title": "网传灌溉渠垮塌", "grade": Grade.MAJOR, "discovered_at": "2026-11-10T07:00"},
    )
    incident = Incident.objects.get()
    assert response.url == reverse("opinion:staff_incident", kwargs={"pk": incident.pk})
    page = client.get(response.url)
    assert "权威信息发布（5小时）" in page.text and "计时中" in page.text
    client.post(reverse("opinion:staff_action", kwargs={"pk": incident.pk, "action": "assign"}))
    client.post(
        reverse("opinion:staff_action", kwargs={"pk": incident.pk, "action": "statement"}),
        {"kind": "authoritative", "title": "情况通报", "body": "正在抢修。"},
    )
    statement = Statement.objects.get()
    client.force_login(leader)
    client.post(reverse("opinion:statement_publish", kwargs={"pk": incident.pk, "statement_pk": statement.pk}))
    statement.refresh_from_db()
    incident.refresh_from_db()
    assert statement.state == StatementState.PUBLISHED and incident.state == IncidentState.RESPONDED
    client.force_login(spokesperson)
    client.post(
        reverse("opinion:staff_conferences"),
        {
            "kind": "conference",
            "title": "情况发布会",
            "scheduled_at": "2026-11-10T08:30",
            "first_spokesperson": "主任 张某某",
            "incidents": [incident.pk],
        },
    )
    conference = PressConference.objects.get()
    client.post(
        reverse("opinion:staff_conference", kwargs={"pk": conference.pk}), {"op": "hold", "held_at": "2026-11-10T08:30"}
    )
    client.post(
        reverse("opinion:staff_conference", kwargs={"pk": conference.pk}),
        {"op": "question", "outlet": "潍坊日报", "question": "原因？", "answerer": "张某某", "answer": "强降雨。"},
    )
    page = client.get(reverse("opinion:conference", kwargs={"pk": conference.pk}))
    assert "原因？" in page.text and "主任 张某某" in page.text
    public = client.get(reverse("opinion:incident", kwargs={"pk": incident.pk}))
    assert "情况通报" in public.text and "情况发布会" in public.text
    assert client.get(reverse("opinion:index")).status_code == 200
    assert client.get(reverse("opinion:conferences")).status_code == 200


def test_a_bad_action_shows_a_message_and_changes_nothing(client, agency, handler):
    client.force_login(handler)
    client.post(
        reverse("opinion:staff_new"), {"title": "某事", "grade": Grade.GENERAL, "discovered_at": "2026-11-10T07:00"}
    )
    incident = Incident.objects.get()
    before = AuditEvent.objects.count()
    response = client.post(reverse("opinion:staff_action", kwargs={"pk": incident.pk, "action": "close"}), follow=True)
    assert "不能执行" in response.text
    incident.refresh_from_db()
    assert incident.state == IncidentState.COLLECTED and AuditEvent.objects.count() == before


def test_report_pages_generate_show_and_download(client, agency, leader):
    client.force_login(leader)
    assert client.get(reverse("opinion:staff_reports")).status_code == 200
    response = client.post(reverse("opinion:staff_reports"), {"period": "week", "day": "2026-11-10"})
    page = client.get(response.url)
    assert page.status_code == 200 and 'id="op-chart-data"' in page.text and "按等级" in page.text


def test_public_index_query_count_does_not_grow(client, agency, handler, leader, django_assert_max_num_queries):
    from .. import services

    def answered(n):
        incident = services.incident_raise(
            agency=agency, by=handler, title=f"舆情{n}", discovered_at=NOW - dt.timedelta(hours=1)
        )
        s = services.statement_draft(incident=incident, by=handler, title="回应", body="说明")
        services.statement_publish(statement=s, by=leader)

    answered(0)
    with django_assert_max_num_queries(5) as first:
        assert client.get(reverse("opinion:index")).status_code == 200
    for n in range(1, 6):
        answered(n)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("opinion:index")).status_code == 200
