"""Incidents: intake, grading, linked handling across levels, statements, public pages, reports."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.http import Http404
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.letters.tests.factories import letter

from .. import reports, services
from ..models import AnalysisReport, Grade, IncidentState, StatementState

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 10, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def raise_incident(agency, by, **kw):
    values = {
        "title": "网传某项目资金被挪用",
        "grade": Grade.GENERAL,
        "discovered_at": NOW - dt.timedelta(hours=1),
        "topic": "项目资金",
    }
    values.update(kw)
    return services.incident_raise(agency=agency, by=by, **values)


def test_an_incident_discovered_in_the_future_is_refused(agency, handler):
    with pytest.raises(WorkflowError, match="晚于现在"):
        raise_incident(agency, handler, discovered_at=NOW + dt.timedelta(hours=2))
    assert AuditEvent.objects.count() == 0


def test_escalation_goes_to_the_parent_which_can_assign_it_down(district, agency, handler):
    up = staff(district, "handler")
    incident = raise_incident(agency, handler)
    services.incident_escalate(incident=incident, by=handler, reason="涉及多个部门")
    incident.refresh_from_db()
    assert incident.agency == district and incident.state == IncidentState.COLLECTED
    with pytest.raises(Http404):
        services.incident_assign(incident=incident, by=handler)
    services.incident_assign(incident=incident, by=up, to_agency=agency, reason="请属地处置")
    incident.refresh_from_db()
    assert incident.agency == agency and incident.state == IncidentState.ASSIGNED
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == ["raise", "escalate", "assign_down"]


def test_assigning_to_an_agency_outside_the_subtree_is_refused(district, agency, handler):
    other = AgencyFactory(parent=district)
    incident = raise_incident(agency, handler)
    with pytest.raises(WorkflowError, match="下级"):
        services.incident_assign(incident=incident, by=handler, to_agency=other, reason="x")
    incident.refresh_from_db()
    assert incident.agency == agency and incident.state == IncidentState.COLLECTED


def test_the_author_of_a_statement_cannot_sign_it_alone(agency, handler):
    author_leader = staff(agency, "handler", "signer")
    incident = raise_incident(agency, handler)
    statement = services.statement_draft(incident=incident, by=author_leader, title="回应", body="内容")
    with pytest.raises(WorkflowError, match="自己"):
        services.statement_publish(statement=statement, by=author_leader)
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT and statement.published_at is None


def test_published_statements_form_the_public_timeline(client, agency, handler, leader):
    incident = raise_incident(agency, handler)
    assert client.get(reverse("opinion:incident", kwargs={"pk": incident.pk})).status_code == 404
    first = services.statement_draft(incident=incident, by=handler, title="初步核实情况", body="正在核查。")
    draft = services.statement_draft(incident=incident, by=handler, title="未签发稿", body="草稿内容")
    services.statement_publish(statement=first, by=leader)
    incident.refresh_from_db()
    assert incident.state == IncidentState.RESPONDED
    page = client.get(reverse("opinion:incident", kwargs={"pk": incident.pk}))
    assert "初步核实情况" in page.text and draft.title not in page.text
    services.incident_close(incident=incident, by=handler)
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED


def test_conference_page_shows_first_spokesperson_and_transcript(client, agency, spokesperson):
    conference = services.conference_schedule(
        by=spokesperson,
        title="高标准农田建设新闻发布会",
        scheduled_at=NOW - dt.timedelta(hours=2),
        first_spokesperson="主任 张某某",
        media="潍坊日报",
    )
    services.conference_hold(
        conference=conference,
        by=spokesperson,
        held_at=NOW - dt.timedelta(hours=2),
        questions=[("潍坊日报", "进度如何？", "张某某", "已完成八成。")],
    )
    page = client.get(reverse("opinion:conference", kwargs={"pk": conference.pk}))
    assert "主任 张某某" in page.text and "进度如何？" in page.text and "已完成八成。" in page.text


def test_staff_of_another_agency_get_404_on_the_incident(client, district, agency, handler):
    incident = raise_incident(agency, handler)
    client.force_login(staff(district, "handler"))
    assert client.get(reverse("opinion:staff_incident", kwargs={"pk": incident.pk})).status_code == 404
    client.force_login(handler)
    assert client.get(reverse("opinion:staff_incident", kwargs={"pk": incident.pk})).status_code == 200


def test_monthly_report_counts_grades_response_times_clocks_and_letters(client, agency, handler, leader):
    for hours_to_answer, grade in ((2, Grade.GENERAL), (10, Grade.GENERAL), (None, Grade.MAJOR)):
        incident = raise_incident(agency, handler, grade=grade, discovered_at=NOW - dt.timedelta(hours=30))
        if hours_to_answer:
            s = services.statement_draft(incident=incident, by=handler, title="回应", body="说明")
            with time_machine.travel(NOW - dt.timedelta(hours=30 - hours_to_answer), tick=False):
                services.statement_publish(statement=s, by=leader)
    letter(agency, received_at=NOW - dt.timedelta(days=2))
    report = reports.report_generate(by=leader, period=AnalysisReport.Period.MONTH, day=NOW.date())
    f = report.figures
    assert (report.start, report.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert f["incidents"] == 3 and dict(f["by_grade"])["重大"] == 1 and dict(f["by_grade"])["一般"] == 2
    assert (f["response_median_hours"], f["response_p90_hours"]) == (2.0, 10.0)
    assert f["clocks"] == {"met": 2, "missed": 0, "overdue": 2, "running": 0}
    assert (f["letters_received"], f["letters_answered"]) == (1, 0)
    client.force_login(leader)
    response = client.get(reverse("opinion:staff_report_docx", kwargs={"pk": report.pk}))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "本期共收集舆情3件" in text
    again = reports.report_generate(
        by=leader, period=AnalysisReport.Period.MONTH, day=NOW.date() - dt.timedelta(days=3)
    )
    assert again.pk == report.pk and AnalysisReport.objects.count() == 1
