"""R1: result reports are published only after review and signing by others, listed by category, with their evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory
from gongkai.core.workflow import WorkflowError
from gongkai.implementation.tests.factories import Team, plan_with_steps
from gongkai.results import services
from gongkai.results.models import ResultAttachment, ResultReport

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def team():
    return Team(AgencyFactory())


def _report(team, **fields):
    defaults = dict(
        category="livelihood", title="农村饮水安全巩固提升", summary="全年完成改造管网30公里。", reported_on=dt.date(2026, 1, 5),
        figures=[{"name": "改造管网", "value": "30", "unit": "公里"}], links=[{"title": "验收公示", "url": "/gk/i/1/"}],
    )
    defaults.update(fields)
    return services.result_create(by=team.editor, **defaults)


def test_result_is_public_only_after_review_and_signing_by_others(client, team):
    report = _report(team)
    url = reverse("results:result", kwargs={"pk": report.pk})
    assert client.get(url).status_code == 404
    report = services.record_advance(record=report, action="submit", by=team.editor)
    with pytest.raises(WorkflowError):
        services.record_advance(record=report, action="approve", by=team.editor)  # the author cannot approve
    report = services.record_advance(record=report, action="approve", by=team.reviewer)
    assert client.get(url).status_code == 404
    report = services.record_advance(record=report, action="sign", by=team.signer)
    assert report.state == "published" and report.published_at is not None
    page = client.get(url).content.decode()
    assert "全年完成改造管网30公里" in page and "改造管网" in page and "公里" in page and "/gk/i/1/" in page
    assert AuditEvent.objects.filter(action="sign", object_id=report.pk).exists()


def test_public_list_filters_by_category_and_landing_groups_by_category(client, team):
    team.publish(_report(team, title="民生实事甲"))
    team.publish(_report(team, title="工作报告任务乙", category="work_report"))
    _report(team, title="草稿丙", category="work_report")
    page = client.get(reverse("results:results") + "?category=work_report").content.decode()
    assert "工作报告任务乙" in page and "民生实事甲" not in page and "草稿丙" not in page
    landing = client.get(reverse("results:index")).content.decode()
    for text in ("上级决策部署落实", "政府工作报告重点任务", "决定事项", "民生实事", "民生实事甲", "工作报告任务乙"):
        assert text in landing
    assert "草稿丙" not in landing


def test_attachment_and_plan_link_shown_and_downloadable(client, team):
    plan = plan_with_steps(team, [("设计", dt.date(2026, 1, 1), dt.date(2026, 2, 1))])
    report = _report(team, implementation_plan=plan, attachment=SimpleUploadedFile("验收报告.pdf", PDF))
    team.publish(report)
    page = client.get(reverse("results:result", kwargs={"pk": report.pk})).content.decode()
    att = ResultAttachment.objects.get()
    assert plan.get_absolute_url() in page and "验收报告.pdf" in page
    response = client.get(att.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("fields, message", [
    ({"figures": [{"name": "管网", "value": "三十", "unit": "公里"}]}, "不是数字"),
    ({"links": [{"title": "公示", "url": "javascript:alert(1)"}]}, "链接应以"),
    ({"category": "other"}, "请选择类别"),
    ({"summary": "联系人电话13812345678"}, "个人信息"),
    ({"disclosure_index": "NOPE-1"}, "索引号"),
    ({"attachment": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")}, "不支持的文件类型"),
])
def test_bad_input_is_refused_and_nothing_saved(team, fields, message):
    with pytest.raises(WorkflowError, match=message):
        _report(team, **fields)
    assert not ResultReport.objects.exists() and not ResultAttachment.objects.exists()


def test_unpublished_plan_of_other_agency_cannot_be_linked(team):
    other = Team(AgencyFactory())
    plan = plan_with_steps(other, [("设计", dt.date(2026, 1, 1), dt.date(2026, 2, 1))])
    with pytest.raises(WorkflowError, match="实施方案"):
        _report(team, implementation_plan=plan)


def test_staff_pages_create_attach_and_submit(client, team):
    client.force_login(team.editor)
    assert client.get(reverse("results:staff_result_new")).status_code == 200
    response = client.post(reverse("results:staff_result_new"), {
        "category": "higher_decision", "title": "落实省委决策", "reported_on": "2026-01-05", "summary": "已完成。",
        "figures": "完成项目|12|个\n投入资金|1,200.5|万元", "links": "通报|/gk/i/5/",
    })
    report = ResultReport.objects.get()
    assert response.url == reverse("results:staff_result", kwargs={"pk": report.pk})
    assert report.figures == [{"name": "完成项目", "value": "12", "unit": "个"}, {"name": "投入资金", "value": "1200.5", "unit": "万元"}]
    client.post(response.url, {"attachment": SimpleUploadedFile("证明.pdf", PDF)})
    assert report.attachments.count() == 1
    client.post(reverse("results:staff_action", kwargs={"kind": "result", "pk": report.pk}), {"action": "submit"})
    report.refresh_from_db()
    assert report.state == "submitted"
    bad = client.post(reverse("results:staff_result_new"), {"category": "livelihood", "title": "x", "reported_on": "2026-01-05", "summary": "y", "figures": "只有名称"})
    assert bad.status_code == 200 and "格式应为" in bad.content.decode()
    assert ResultReport.objects.count() == 1


def test_other_agency_staff_get_404(client, team):
    report = _report(team)
    other = Team(AgencyFactory())
    client.force_login(other.editor)
    assert client.get(reverse("results:staff_result", kwargs={"pk": report.pk})).status_code == 404
    client.post(reverse("results:staff_action", kwargs={"kind": "result", "pk": report.pk}), {"action": "submit"})
    report.refresh_from_db()
    assert report.state == "draft"
