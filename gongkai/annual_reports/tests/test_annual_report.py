"""The annual report: table 3 by hand, its check, DOCX, publication through the editorial workflow, the API, roll-up."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from gongkai.annual_reports import services, tables
from gongkai.annual_reports.models import AnnualReport
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import services as disclosure_services
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory
from gongkai.info_requests.tests.factories import request_row

pytestmark = pytest.mark.django_db
D = dt.date
COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org",
        "other_org", "total"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def fixture_year(agency):
    """A hand-built 2025 (letters as in the expected table below)."""
    r = request_row
    r(agency, received_on=D(2024, 11, 1), concluded_on=D(2024, 11, 20), outcome="disclosed")  # C: done before 2025
    r(agency, received_on=D(2024, 12, 20), concluded_on=D(2025, 1, 10), outcome="disclosed")  # A: carried in, disclosed
    r(agency, received_on=D(2024, 12, 28), applicant_type="commercial_enterprise")  # B: carried in and out
    r(agency, received_on=D(2025, 2, 1), concluded_on=D(2025, 2, 20), outcome="already_public")  # N
    r(agency, received_on=D(2025, 3, 1), concluded_on=D(2025, 3, 20), outcome="disclosed")  # D
    r(agency, received_on=D(2025, 4, 1), concluded_on=D(2025, 4, 20), outcome="partly")  # E
    r(agency, received_on=D(2025, 5, 1), concluded_on=D(2025, 5, 20), outcome="withheld_third_party",
      applicant_type="research_institution")  # F
    r(agency, received_on=D(2025, 6, 1), concluded_on=D(2025, 6, 20), outcome="not_held", applicant_type="social_welfare_org")
    r(agency, received_on=D(2025, 7, 1), concluded_on=D(2025, 7, 20), outcome="petition", applicant_type="legal_service_org")
    r(agency, received_on=D(2025, 8, 1), concluded_on=D(2025, 8, 30), outcome="no_correction", applicant_type="other_org")
    r(agency, received_on=D(2025, 9, 1), concluded_on=D(2025, 10, 9), outcome="fee_unpaid",
      applicant_type="commercial_enterprise")  # J
    r(agency, received_on=D(2025, 10, 1), concluded_on=D(2025, 10, 20), outcome="repeated",
      applicant_type="commercial_enterprise")  # M
    r(agency, received_on=D(2025, 12, 15), concluded_on=D(2026, 1, 5), outcome="other_agency")  # L: carried out
    r(agency, received_on=D(2025, 12, 20))  # K: open, carried out
    r(agency, received_on=D(2026, 1, 3))  # O: next year, not counted


#            np ce ri sw ls oo total
EXPECTED = {
    "new":             [5, 2, 1, 1, 1, 1, 11],
    "carried_in":      [1, 1, 0, 0, 0, 0, 2],
    "disclosed":       [3, 0, 0, 0, 0, 0, 3],
    "partly":          [1, 0, 0, 0, 0, 0, 1],
    "withheld":        [0, 0, 1, 0, 0, 0, 1],
    "withheld_4":      [0, 0, 1, 0, 0, 0, 1],
    "unavailable":     [0, 0, 0, 1, 0, 0, 1],
    "unavailable_1":   [0, 0, 0, 1, 0, 0, 1],
    "not_processed":   [0, 1, 0, 0, 1, 0, 2],
    "not_processed_1": [0, 0, 0, 0, 1, 0, 1],
    "not_processed_2": [0, 1, 0, 0, 0, 0, 1],
    "other":           [0, 1, 0, 0, 0, 1, 2],
    "other_1":         [0, 0, 0, 0, 0, 1, 1],
    "other_2":         [0, 1, 0, 0, 0, 0, 1],
    "total":           [4, 2, 1, 1, 1, 1, 10],
    "carried_out":     [2, 1, 0, 0, 0, 0, 3],
}


def test_table3_every_cell_matches_the_hand_count():
    agency = AgencyFactory()
    fixture_year(agency)
    table = tables.table3(agency_ids=[agency.pk], year=2025)
    assert set(table) == set(tables.ROW_KEYS)
    for row in tables.ROW_KEYS:
        assert [table[row][c] for c in COLS] == EXPECTED.get(row, [0] * 7), row
    assert tables.table3_check(table) == []


def test_table3_check_fails_loudly_on_a_corrupted_count():
    agency = AgencyFactory()
    fixture_year(agency)
    table = tables.table3(agency_ids=[agency.pk], year=2025)
    table["disclosed"]["natural_person"] += 1
    problems = tables.table3_check(table)
    assert any("自然人" in p and "不相等" in p for p in problems)
    with pytest.raises(tables.Table3Error):
        tables.ensure_table3_balances(table)


@pytest.fixture
def office():
    agency = AgencyFactory()
    ColumnFactory(slug="annual-reports", name="公开年报")
    TopicFactory(code="0101", name="政务公开")
    return agency


def _report(agency):
    editor = staff(agency, "editor", "request_handler")
    report = services.report_start(by=editor, year=2025)
    services.report_update(report=report, by=editor, text_overview="本年新收申请{新收申请数}件，结转下年{结转下年数}件。",
                           normative_made=3, normative_valid=12, licensing=5, fees_wan=1.25, review_upheld=1,
                           direct_pending=2)
    return editor, services.report_generate(report=report, by=editor)


def test_docx_holds_the_three_tables_with_expected_cells(office):
    fixture_year(office)
    _, report = _report(office)
    doc = Document(io.BytesIO(report.docx.read()))
    assert len(doc.tables) == 3
    t2, t3, t4 = doc.tables
    assert t2.cell(3, 0).text == "行政规范性文件" and t2.cell(3, 1).text == "3" and t2.cell(3, 3).text == "12"
    assert t2.cell(6, 1).text == "5" and t2.cell(13, 1).text == "1.25"
    rows = {t3.cell(i, 0).text: [t3.cell(i, j).text for j in range(1, 8)] for i in range(len(t3.rows))}
    assert rows["一、本年新收政府信息公开申请数量"] == ["5", "2", "1", "1", "1", "1", "11"]
    assert rows["（七）总计"] == ["4", "2", "1", "1", "1", "1", "10"]
    assert rows["四、结转下年度继续办理"] == ["2", "1", "0", "0", "0", "0", "3"]
    assert [c.text for c in t4.rows[2].cells] == ["1", "0", "0", "0", "1", "0", "0", "0", "2", "2", "0", "0", "0", "0", "0"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本年新收申请11件，结转下年3件。" in text


def test_publication_goes_through_the_editorial_workflow_and_the_api_then_serves_the_tables(office, client):
    fixture_year(office)
    editor, report = _report(office)
    assert client.get(f"/api/v1/annual-reports/{office.pk}/2025").status_code == 404
    with pytest.raises(services.ReportNeedsRelease):  # the template's row "属于国家秘密" is a secrecy mark
        services.report_submit(report=report, by=editor)
    report.refresh_from_db()
    version = report.version
    assert version.state == "draft" and version.column.slug == "annual-reports"
    assert version.attachments.get().original_name.endswith(".docx")
    reviewer = staff(office, "reviewer")
    for hit in version.screening_hits.all():
        assert "国家秘密" in hit.excerpt
        disclosure_services.hit_override(hit=hit, by=reviewer, reason="年报表三固定栏目名称")
    version = disclosure_services.version_submit(version=version, by=editor)
    version = disclosure_services.version_approve(version=version, by=reviewer)
    disclosure_services.version_sign(version=version, by=staff(office, "signer"))
    body = client.get(f"/api/v1/annual-reports/{office.pk}/2025").json()
    assert body["table3"]["rows"]["new"]["total"] == 11 and body["table2"]["licensing"] == 5
    assert body["table4"]["direct"]["total"] == 2
    page = client.get(f"/nianbao/{office.pk}/2025/").content.decode()
    assert "表三 收到和处理政府信息公开申请情况" in page


def test_submit_refuses_a_corrupted_stored_table(office):
    fixture_year(office)
    editor, report = _report(office)
    AnnualReport.objects.filter(pk=report.pk).update(tables={**report.tables, "table3": {
        **report.tables["table3"], "carried_out": {**report.tables["table3"]["carried_out"], "total": 99}}})
    report.refresh_from_db()
    with pytest.raises(WorkflowError, match="表三数据不平衡"):
        services.report_submit(report=report, by=editor)
    report.refresh_from_db()
    assert report.version is None


def test_district_report_adds_up_its_agencies(office):
    child = AgencyFactory(parent=office)
    request_row(office, received_on=D(2025, 3, 1))
    request_row(child, received_on=D(2025, 3, 1), concluded_on=D(2025, 3, 5), outcome="disclosed")
    child_editor = staff(child, "editor")
    child_report = services.report_start(by=child_editor, year=2025)
    services.report_update(report=child_report, by=child_editor, licensing=4)
    _, report = _report(office)
    assert report.tables["rollup"] is True
    assert report.tables["table3"]["new"]["total"] == 2 and report.tables["table3"]["disclosed"]["total"] == 1
    assert report.tables["table2"]["licensing"] == 9


def test_staff_pages_enter_figures_and_generate(office, client):
    editor = staff(office, "editor")
    client.force_login(editor)
    page = client.post("/nianbao/staff/", {"year": 2025})
    report = AnnualReport.objects.get()
    assert page.status_code == 302
    form = {f: 0 for f in services.COUNT_FIELDS} | {f: "" for f in services.TEXT_FIELDS} | {"fees_wan": "0", "licensing": 7}
    client.post(f"/nianbao/staff/{report.pk}/", form)
    client.post(f"/nianbao/staff/{report.pk}/generate/")
    report.refresh_from_db()
    assert report.licensing == 7 and report.tables["table2"]["licensing"] == 7
    assert "表三" in client.get(f"/nianbao/staff/{report.pk}/").content.decode()
    client.force_login(staff(AgencyFactory(), "editor"))
    assert client.get(f"/nianbao/staff/{report.pk}/").status_code == 404
