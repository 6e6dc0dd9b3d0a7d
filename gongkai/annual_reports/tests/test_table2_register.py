"""Table 2's 行政规范性文件 rows come from the normative documents register; staff counts only where it is empty."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.annual_reports import services, tables
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.implementation.models import PubState
from gongkai.results.models import NormativeDocument

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def doc(agency, by, title, *, effective_on, years=5, published_on=None, state=PubState.PUBLISHED, repeals=None):
    return NormativeDocument.objects.create(
        agency=agency, title=title, written_on=effective_on - dt.timedelta(days=20), effective_on=effective_on,
        published_on=published_on or effective_on - dt.timedelta(days=10), validity_years=years,
        expires_on=effective_on.replace(year=effective_on.year + years) - dt.timedelta(days=1),
        state=state, repeals=repeals, created_by=by)


def register_2025(agency, by):
    """By hand for 2025: made = B, C, E, F (4); repealed = A (by E, effective 2025); valid on 12-31 = B, C, E (3).

    A 2023, repealed by E in 2025 · B 2025 · C 2025 (in force from 2025-12-20) · D 2020 for 3 years, expired 2023 ·
    E 2025, repeals A · F 2025, takes effect 2026 (not yet in force) · G a draft (not counted) · H 2026 (next year).
    """
    a = doc(agency, by, "A", effective_on=D(2023, 3, 1))
    doc(agency, by, "B", effective_on=D(2025, 2, 1))
    doc(agency, by, "C", effective_on=D(2025, 12, 20))
    doc(agency, by, "D", effective_on=D(2020, 5, 1), years=3)
    doc(agency, by, "E", effective_on=D(2025, 6, 1), repeals=a)
    doc(agency, by, "F", effective_on=D(2026, 1, 15), published_on=D(2025, 12, 30))
    doc(agency, by, "G", effective_on=D(2025, 7, 1), state=PubState.DRAFT)
    doc(agency, by, "H", effective_on=D(2026, 3, 1), published_on=D(2026, 2, 1))


def test_register_counts_match_the_hand_computed_year():
    agency = AgencyFactory()
    register_2025(agency, staff(agency, "editor"))
    assert tables.register_counts(agency_id=agency.pk, year=2025) == {
        "normative_made": 4, "normative_repealed": 1, "normative_valid": 3}
    # On 2024-12-31 only A was in force (D expired in 2023); nothing was made or repealed in 2024.
    assert tables.register_counts(agency_id=agency.pk, year=2024) == {
        "normative_made": 0, "normative_repealed": 0, "normative_valid": 1}


def test_generated_report_takes_the_register_over_staff_counts_and_keeps_other_rows():
    agency = AgencyFactory()
    editor = staff(agency, "editor", "request_handler")
    register_2025(agency, editor)
    report = services.report_start(by=editor, year=2025)
    services.report_update(report=report, by=editor, normative_made=99, normative_repealed=98, normative_valid=97,
                           regulations_made=1, licensing=5)
    report = services.report_generate(report=report, by=editor)
    t2 = report.tables["table2"]
    assert (t2["normative_made"], t2["normative_repealed"], t2["normative_valid"]) == (4, 1, 3)
    assert t2["regulations_made"] == 1 and t2["licensing"] == 5 and t2["normative_source"] == "register"
    report.refresh_from_db()
    assert report.normative_made == 99  # the staff-entered figures stay as entered


def test_staff_counts_apply_only_where_the_register_is_empty_and_a_district_adds_both():
    district = AgencyFactory()
    with_register, without = AgencyFactory(parent=district), AgencyFactory(parent=district)
    register_2025(with_register, staff(with_register, "editor"))
    doc(without, staff(without, "editor"), "只有草稿", effective_on=D(2025, 4, 1), state=PubState.DRAFT)
    assert tables.register_counts(agency_id=without.pk, year=2025) is None
    other_editor = staff(without, "editor")
    other = services.report_start(by=other_editor, year=2025)
    services.report_update(report=other, by=other_editor, normative_made=2, normative_repealed=0, normative_valid=6)
    other = services.report_generate(report=other, by=other_editor)
    assert (other.tables["table2"]["normative_made"], other.tables["table2"]["normative_valid"]) == (2, 6)
    assert other.tables["table2"]["normative_source"] == "staff"
    head = staff(district, "editor")
    report = services.report_generate(report=services.report_start(by=head, year=2025), by=head)
    t2 = report.tables["table2"]  # the district: register of one agency (4, 1, 3) + staff counts of the other (2, 0, 6)
    assert (t2["normative_made"], t2["normative_repealed"], t2["normative_valid"]) == (6, 1, 9)
    assert t2["normative_source"] == "mixed"


def test_without_the_register_app_the_staff_counts_are_used(monkeypatch):
    agency = AgencyFactory()
    editor = staff(agency, "editor")
    register_2025(agency, editor)
    monkeypatch.setattr(tables.apps, "is_installed", lambda name: name != "gongkai.results")
    report = services.report_start(by=editor, year=2025)
    services.report_update(report=report, by=editor, normative_made=2)
    report = services.report_generate(report=report, by=editor)
    assert report.tables["table2"]["normative_made"] == 2 and report.tables["table2"]["normative_source"] == "staff"
