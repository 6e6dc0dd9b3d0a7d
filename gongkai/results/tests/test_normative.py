"""Normative documents register (R5): unified numbers, status derived from dates and later documents, expiring list, clocks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.implementation.tests.factories import Team
from gongkai.results import clocks, selectors, services
from gongkai.results.models import DocStatus, NormativeDocument, NormativePrefix

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=TZ), tick=False)


@pytest.fixture
def team():
    t = Team(AgencyFactory(name="坊子区人民政府", short_name="区政府"))
    NormativePrefix.objects.create(agency=t.agency, prefix="坊规")
    return t


def register(team, title="关于规范农业项目管理的办法", *, effective_on=D(2026, 3, 1), years=5, **kw):
    doc = services.document_create(by=team.editor, title=title, written_on=effective_on - dt.timedelta(days=20), effective_on=effective_on, validity_years=years, **kw)
    return team.publish(doc)


def status(doc):
    return selectors.public_documents().get(pk=doc.pk).status_code


def test_numbers_are_unified_per_agency_and_year_and_never_reused(team):
    with at(D(2026, 2, 1)):
        a, b = register(team, "甲"), register(team, "乙")
    with at(D(2027, 1, 5)):
        c = register(team, "丙", effective_on=D(2027, 2, 1))
    assert [a.reg_number, b.reg_number, c.reg_number] == ["坊规〔2026〕001", "坊规〔2026〕002", "坊规〔2027〕001"]
    with at(D(2026, 2, 1)):
        draft = services.document_create(by=team.editor, title="丁", written_on=D(2026, 1, 1), effective_on=D(2026, 3, 1))
        services.record_advance(record=draft, action="submit", by=team.editor)
        services.record_advance(record=draft, action="return", by=team.reviewer, reason="补充依据")
    assert NormativeDocument.objects.get(pk=draft.pk).reg_number is None  # numbers are issued only at registration
    with at(D(2026, 2, 2)):
        d = register(team, "戊")
    assert d.reg_number == "坊规〔2026〕003"


def test_document_whose_expiry_passes_changes_status_by_itself(client, team):
    with at(D(2026, 2, 1)):
        doc = register(team, years=2)
    assert doc.expires_on == D(2028, 2, 29)
    with at(D(2028, 2, 29)):
        assert status(doc) == DocStatus.VALID
    with at(D(2028, 3, 1)):
        assert status(doc) == DocStatus.EXPIRED
        page = client.get(reverse("results:documents") + "?status=expired").content.decode()
        api = client.get("/api/v1/results/documents?status=expired").json()
    assert doc.title in page and "失效" in page
    assert [d["reg_number"] for d in api] == ["坊规〔2026〕001"]


def test_amending_and_repealing_documents_change_status_once_they_take_effect(team):
    with at(D(2026, 2, 1)):
        old = register(team, "旧办法")
        other = register(team, "另一办法")
        register(team, "修改旧办法的决定", effective_on=D(2026, 6, 1), amends=old)
        register(team, "废止另一办法的决定", effective_on=D(2026, 6, 1), repeals=other)
    with at(D(2026, 5, 31)):
        assert (status(old), status(other)) == (DocStatus.VALID, DocStatus.VALID)
    with at(D(2026, 6, 1)):
        assert (status(old), status(other)) == (DocStatus.AMENDED, DocStatus.REPEALED)


def test_registering_after_the_effective_date_is_refused(team):
    with at(D(2026, 3, 2)):
        doc = services.document_create(by=team.editor, title="迟到的文件", written_on=D(2026, 2, 1), effective_on=D(2026, 3, 1))
        doc = services.record_advance(record=doc, action="submit", by=team.editor)
        doc = services.record_advance(record=doc, action="approve", by=team.reviewer)
        with pytest.raises(WorkflowError, match="施行前"):
            services.record_advance(record=doc, action="sign", by=team.signer)
    doc.refresh_from_db()
    assert doc.state == "reviewed" and doc.reg_number is None


def test_agency_without_prefix_cannot_register(team):
    other = Team(AgencyFactory())
    with at(D(2026, 2, 1)):
        doc = services.document_create(by=other.editor, title="无前缀", written_on=D(2026, 1, 1), effective_on=D(2026, 3, 1))
        with pytest.raises(WorkflowError, match="编号前缀"):
            other.publish(doc)
    assert NormativeDocument.objects.get(pk=doc.pk).reg_number is None


def test_staff_expiring_view_lists_own_documents_ending_within_90_days(client, team):
    with at(D(2026, 2, 1)):
        soon = register(team, "将到期", years=1)  # ends 2027-02-28
        register(team, "远未到期", years=5)
        other = Team(AgencyFactory())
        NormativePrefix.objects.create(agency=other.agency, prefix="坊财规")
        register(other, "他机构文件", years=1)
    with at(D(2026, 12, 15)):
        client.force_login(team.editor)
        page = client.get(reverse("results:staff_expiring")).content.decode()
    assert soon.title in page and "远未到期" not in page and "他机构文件" not in page


def test_evaluation_clock_opens_six_months_before_expiry(team):
    with at(D(2026, 2, 1)):
        doc = register(team, years=1)  # ends 2027-02-28
    with at(D(2026, 8, 27)):
        assert list(clocks.open_clocks()) == []
    with at(D(2026, 9, 1)):
        found = list(clocks.open_clocks(agency_ids={team.agency.pk}))
    assert [c.kind for c in found] == ["normative_evaluation"]
    assert found[0].due_at.date() == doc.expires_on and found[0].started_at.date() == D(2026, 8, 28)


def test_register_needs_two_other_pairs_of_eyes(team):
    boss = staff(team.agency, "editor", "reviewer", "signer")
    with at(D(2026, 2, 1)):
        doc = services.document_create(by=boss, title="自审文件", written_on=D(2026, 1, 1), effective_on=D(2026, 3, 1))
        services.record_advance(record=doc, action="submit", by=boss)
        with pytest.raises(WorkflowError, match="不能对自己"):
            services.record_advance(record=doc, action="approve", by=boss)


def test_results_landing_is_the_data_nav_target_and_shows_the_results_column(client, team):
    from gongkai.disclosures.models import CatalogColumn
    from gongkai.disclosures.tests.factories import draft

    page = client.get("/").content.decode()
    assert f'href="{reverse("results:index")}"' in page
    column = CatalogColumn.objects.get(slug="results")
    version = draft(team.editor, title="2025年民生实事完成情况", column=column)
    from gongkai.disclosures import services as disclosures

    version = disclosures.version_submit(version=version, by=team.editor)
    version = disclosures.version_approve(version=version, by=team.reviewer)
    disclosures.version_sign(version=version, by=team.signer)
    response = client.get(reverse("results:index"))
    assert response.status_code == 200
    assert "规范性文件" in response.content.decode() and "2025年民生实事完成情况" in response.content.decode()
