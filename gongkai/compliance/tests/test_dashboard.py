"""The compliance dashboard: every app's clocks, status in words, agency scoping, filters, XLSX, API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from gongkai.compliance.selectors import dashboard_rows
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures.tests.factories import published
from gongkai.info_requests.tests.factories import request_row
from gongkai.interpretations.models import PolicyPlan

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 20, 10, 0)
D = dt.date


@pytest.fixture
def fixture(db):
    office = AgencyFactory()
    other = AgencyFactory()
    # received 2/2: due 3/6, overdue on 3/20; received 3/16: due 4/14, on time
    late = request_row(office, received_on=D(2026, 2, 2))
    fresh = request_row(office, received_on=D(2026, 3, 16))
    request_row(other, received_on=D(2026, 2, 2))
    editor, reviewer, signer = staff(office, "editor"), staff(office, "reviewer"), staff(office, "signer")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9), tick=False):
        policy = published(editor, reviewer, signer, title="坊子区农业综合开发项目资金管理办法")
    PolicyPlan.objects.create(item=policy.item, needs_interpretation=True, updated_by=editor)
    return office, other, late, fresh


def test_dashboard_lists_the_overdue_request_and_interpretation_and_nothing_on_time_as_overdue(fixture):
    office, other, late, fresh = fixture
    user = staff(office, "agency_admin")
    with time_machine.travel(NOW, tick=False):
        rows = dashboard_rows(user)
        overdue = [r for r in rows if r.status == "overdue"]
    kinds = {(r.clock.kind, r.clock.title[:16]) for r in overdue}
    assert ("request_reply", f"申请 {late.tracking_code}"[:16]) in kinds
    assert any(r.clock.kind == "interpretation" for r in overdue)
    assert all(r.clock.agency_id == office.pk for r in rows)
    fresh_rows = [r for r in rows if fresh.tracking_code in r.clock.title]
    assert [r.status for r in fresh_rows] == ["on_time"] and fresh_rows[0].status_label == "按期"


def test_supervisor_sees_every_agency_and_filters_by_status(fixture):
    office, other, *_ = fixture
    supervisor = staff(AgencyFactory(), "supervisor")
    with time_machine.travel(NOW, tick=False):
        rows = dashboard_rows(supervisor, status="overdue", kind="request_reply")
    assert {r.clock.agency_id for r in rows} == {office.pk, other.pk}
    assert all(r.status == "overdue" for r in rows)


def test_staff_of_one_agency_cannot_look_at_another(fixture, client):
    office, other, *_ = fixture
    client.force_login(staff(office, "agency_admin"))
    assert client.get(f"/staff/compliance/?agency={other.pk}").status_code == 404
    assert client.get(f"/api/v1/compliance?agency={other.pk}").status_code == 404


def test_page_shows_status_in_words_and_exports_xlsx(fixture, client):
    office, _, late, _ = fixture
    client.force_login(staff(office, "agency_admin"))
    with time_machine.travel(NOW, tick=False):
        page = client.get("/staff/compliance/?status=overdue").content.decode()
        assert "已逾期" in page and late.tracking_code in page and "badge-danger" in page
        xlsx = client.get("/staff/compliance/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "机构" and any(late.tracking_code in str(row[2]) for row in values[1:])


def test_api_needs_a_staff_session_and_filters(fixture, client):
    office, *_ = fixture
    assert client.get("/api/v1/compliance").status_code == 401
    client.force_login(staff(office, "agency_admin"))
    with time_machine.travel(NOW, tick=False):
        body = client.get("/api/v1/compliance?status=overdue").json()
    assert body["count"] >= 2 and {c["status"] for c in body["clocks"]} == {"overdue"}
    assert all(c["agency_id"] == office.pk for c in body["clocks"])


def test_annual_report_clock_is_due_on_31_january(db):
    office = AgencyFactory()
    with time_machine.travel(dt.datetime(2026, 2, 2, 10), tick=False):
        rows = [r for r in dashboard_rows(staff(office, "agency_admin"), kind="annual_report")]
    assert len(rows) == 1 and rows[0].status == "overdue"
    assert rows[0].clock.due_at.date() == D(2026, 1, 31) and "2025年" in rows[0].clock.title


def test_page_explains_how_the_year_score_is_computed_with_its_figures(fixture, client):
    from gongkai.compliance.selectors import summaries

    office, _, late, _ = fixture
    user = staff(office, "agency_admin")
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/staff/compliance/").content.decode()
        (summary,) = summaries(dashboard_rows(user))
    assert "年度得分怎样计算" in page
    assert "本年按期完成的事项数 ÷（本年已完成的事项数 + 尚未完成但已逾期的事项数）× 100" in page
    assert summary.overdue_open >= 2  # the late request and the late interpretation
    assert summary.score == round(100 * summary.done_on_time / (summary.done + summary.overdue_open)) < 100
    cells = (f'<td class="num">{summary.done_on_time}</td><td class="num">{summary.done}</td>'
             f'<td class="num">{summary.overdue_open}</td><td class="num">{summary.score}</td>')
    assert cells in page
