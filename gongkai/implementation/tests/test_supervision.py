"""Supervision and accountability (E2): findings with rectification tasks, public lists, names only where published, clocks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.implementation import clocks, services
from gongkai.implementation.models import AccountabilityCase, Evidence, Finding, RectState

from .factories import Team

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=TZ), tick=False)


@pytest.fixture
def team():
    return Team(AgencyFactory(name="潍坊市坊子区农业综合开发办公室", short_name="农发办"))


@pytest.fixture
def finding(team):
    with at(D(2026, 4, 1)):
        inspection = services.inspection_create(by=team.editor, title="一季度项目督查", scope="在建项目", inspected_on=D(2026, 4, 1), inspector="区政府督查室")
        f = services.finding_add(inspection=inspection, by=team.editor, problem="项目公示牌信息不全", deadline=D(2026, 4, 30), responsible_unit=team.agency)
        team.publish(inspection)
    return f


def test_rectification_walks_open_in_progress_done_verified_with_evidence(client, team, finding):
    checker = staff(team.agency, "supervisor")
    with at(D(2026, 4, 10)):
        services.finding_advance(finding=finding, action="start", by=team.editor)
        services.finding_advance(finding=finding, action="complete", by=team.editor, evidence="已更换公示牌并补全信息")
        services.finding_advance(finding=finding, action="verify", by=checker)
    finding.refresh_from_db()
    assert finding.status == RectState.VERIFIED and finding.evidence == "已更换公示牌并补全信息"
    page = client.get(reverse("implementation:inspections") + "?status=verified").content.decode()
    assert "项目公示牌信息不全" in page and "已验收" in page


def test_whoever_reported_done_cannot_verify_it(team, finding):
    both = staff(team.agency, "editor", "supervisor")
    with at(D(2026, 4, 10)):
        services.finding_advance(finding=finding, action="start", by=both)
        services.finding_advance(finding=finding, action="complete", by=both, evidence="已整改")
        with pytest.raises(WorkflowError, match="不能对自己"):
            services.finding_advance(finding=finding, action="verify", by=both)
    finding.refresh_from_db()
    assert finding.status == RectState.DONE


def test_completing_without_evidence_is_refused(team, finding):
    with at(D(2026, 4, 10)):
        services.finding_advance(finding=finding, action="start", by=team.editor)
        with pytest.raises(WorkflowError, match="整改情况不能为空"):
            services.finding_advance(finding=finding, action="complete", by=team.editor, evidence=" ")
    finding.refresh_from_db()
    assert finding.status == RectState.IN_PROGRESS and finding.done_at is None


def test_failed_verification_reopens_with_a_reason(team, finding):
    checker = staff(team.agency, "signer")
    with at(D(2026, 4, 10)):
        services.finding_advance(finding=finding, action="start", by=team.editor)
        services.finding_advance(finding=finding, action="complete", by=team.editor, evidence="已整改")
        with pytest.raises(WorkflowError, match="必须填写理由"):
            services.finding_advance(finding=finding, action="reopen", by=checker)
        services.finding_advance(finding=finding, action="reopen", by=checker, reason="证明材料不足")
    finding.refresh_from_db()
    assert finding.status == RectState.IN_PROGRESS and finding.done_at is None


def test_rectification_past_deadline_is_overdue_on_the_public_list_and_as_a_clock(client, team, finding):
    with at(D(2026, 5, 6)):
        page = client.get(reverse("implementation:inspection", kwargs={"pk": finding.inspection_id})).content.decode()
        found = list(clocks.open_clocks(agency_ids={team.agency.pk}))
        assert [c.status() for c in found] == ["overdue"]
    assert "已逾期" in page
    assert found[0].kind == "rectification" and found[0].due_at.date() == D(2026, 4, 30)
    assert list(clocks.open_clocks(agency_ids={AgencyFactory().pk})) == []


def test_evidence_file_is_sniffed_and_public_once_inspection_is_published(client, team, finding):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with at(D(2026, 4, 10)):
        services.finding_advance(finding=finding, action="start", by=team.editor)
        services.finding_advance(finding=finding, action="complete", by=team.editor, evidence="见照片", upload=png)
    ev = Evidence.objects.get()
    assert ev.kind == "png"
    assert client.get(ev.get_absolute_url()).status_code == 200


def test_accountability_name_is_public_only_where_the_record_says_so(client, team):
    with at(D(2026, 5, 1)):
        hidden = services.case_create(by=team.editor, case_type="slow", unit=team.agency, facts="项目审批拖延", measure="诫勉谈话",
                                      decided_on=D(2026, 4, 28), person_name="张三", publish_name=False)
        shown = services.case_create(by=team.editor, case_type="inaction", unit=team.agency, facts="群众诉求不回应", measure="通报批评",
                                     decided_on=D(2026, 4, 29), person_name="李四", publish_name=True)
        team.publish(hidden)
        team.publish(shown)
    page = client.get(reverse("implementation:accountability")).content.decode()
    assert "李四" in page and "张三" not in page
    assert "慢作为" in page and "不作为" in page


def test_unknown_case_type_is_refused(team):
    with pytest.raises(WorkflowError, match="问责类型"):
        services.case_create(by=team.editor, case_type="other", unit=team.agency, facts="x", measure="y", decided_on=D(2026, 1, 1))
    assert not AccountabilityCase.objects.exists()


def test_unpublished_inspection_findings_stay_private(client, team):
    with at(D(2026, 4, 1)):
        inspection = services.inspection_create(by=team.editor, title="内部督查", scope="x", inspected_on=D(2026, 4, 1), inspector="督查室")
        services.finding_add(inspection=inspection, by=team.editor, problem="内部问题", deadline=D(2026, 4, 30), responsible_unit=team.agency)
    assert "内部问题" not in client.get(reverse("implementation:inspections")).content.decode()
    assert client.get(reverse("implementation:inspection", kwargs={"pk": inspection.pk})).status_code == 404
    assert Finding.objects.count() == 1
