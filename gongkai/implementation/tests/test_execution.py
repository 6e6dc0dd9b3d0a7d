"""Implementation plans (E1): steps, progress updates through review, derived overdue status, public page and API."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.implementation import selectors, services
from gongkai.implementation.models import ProgressUpdate, PubState, StepProgress

from .factories import Team, plan_with_steps, update

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=TZ), tick=False)


@pytest.fixture
def team():
    return Team(AgencyFactory(name="潍坊市坊子区农业综合开发办公室", short_name="农发办"))


@pytest.fixture
def plan(team):
    with at(D(2026, 2, 2)):
        return plan_with_steps(team, [
            ("项目选址和规划设计", D(2026, 2, 2), D(2026, 3, 10)),
            ("工程招标", D(2026, 3, 11), D(2026, 4, 30)),
        ])


def test_step_past_due_and_not_done_shows_overdue_on_page_and_api_without_anyone_marking_it(client, team, plan):
    first, second = plan.steps.all()
    with at(D(2026, 3, 5)):
        update(team, plan, {first.pk: 60}, as_of=D(2026, 3, 5))
        page = client.get(plan.get_absolute_url()).content.decode()
        assert "已逾期" not in page
    with at(D(2026, 3, 13)):  # nothing written since; only the clock moved
        page = client.get(plan.get_absolute_url()).content.decode()
        data = client.get(f"/api/v1/execution/plans/{plan.pk}").json()
    assert "已逾期（逾期3天）" in page
    assert "1个步骤已逾期" in page
    assert [s["overdue"] for s in data["steps"]] == [True, False]
    assert data["steps"][0]["status_label"] == "已逾期" and data["steps"][0]["days_overdue"] == 3
    assert data["steps"][0]["percent"] == 60


def test_step_finished_after_due_date_is_done_late_not_overdue(team, plan):
    first, _ = plan.steps.all()
    with at(D(2026, 3, 20)):
        update(team, plan, {first.pk: 100}, as_of=D(2026, 3, 20))
        rows = selectors.step_rows(plan)
    assert rows[0].status == "done_late" and not rows[0].overdue


def test_unpublished_update_is_neither_shown_nor_counted(client, team, plan):
    first, _ = plan.steps.all()
    with at(D(2026, 3, 2)):
        update(team, plan, {first.pk: 40}, as_of=D(2026, 3, 1), narrative="已发布的进展")
        update(team, plan, {first.pk: 90}, as_of=D(2026, 3, 2), narrative="尚在审核的进展", publish=False)
        page = client.get(plan.get_absolute_url()).content.decode()
    assert "已发布的进展" in page and "尚在审核的进展" not in page
    assert selectors.step_rows(plan)[0].percent == 40


def test_latest_update_comes_first_and_history_follows(client, team, plan):
    first, _ = plan.steps.all()
    with at(D(2026, 3, 9)):
        update(team, plan, {first.pk: 30}, as_of=D(2026, 2, 20), narrative="第一次进展")
        update(team, plan, {first.pk: 80}, as_of=D(2026, 3, 9), narrative="第二次进展", problems="雨水偏多", follow_up="加快施工")
        page = client.get(plan.get_absolute_url()).content.decode()
    assert page.index("第二次进展") < page.index("历次进展") < page.index("第一次进展")
    assert "雨水偏多" in page and "加快施工" in page
    # the chart data and the table carry the same points
    assert '"overall": 15' in page and '"overall": 40' in page


def test_author_cannot_approve_or_sign_own_update(team, plan):
    first, _ = plan.steps.all()
    boss = staff(team.agency, "editor", "reviewer", "signer")
    with at(D(2026, 3, 1)):
        u = services.update_create(plan=plan, by=boss, as_of=D(2026, 3, 1), narrative="进展", percents={first.pk: 10})
        u = services.record_advance(record=u, action="submit", by=boss)
        with pytest.raises(WorkflowError, match="不能对自己撰写的内容"):
            services.record_advance(record=u, action="approve", by=boss)
    u.refresh_from_db()
    assert u.state == PubState.SUBMITTED


def test_update_with_personal_data_is_refused_and_nothing_saved(team, plan):
    first, _ = plan.steps.all()
    with at(D(2026, 3, 1)), pytest.raises(WorkflowError, match="个人信息"):
        services.update_create(plan=plan, by=team.editor, as_of=D(2026, 3, 1), narrative="联系人电话13812345678", percents={first.pk: 10})
    assert not ProgressUpdate.objects.exists() and not StepProgress.objects.exists()


def test_percent_out_of_range_is_refused(team, plan):
    first, _ = plan.steps.all()
    with at(D(2026, 3, 1)), pytest.raises(WorkflowError, match="0到100"):
        services.update_create(plan=plan, by=team.editor, as_of=D(2026, 3, 1), narrative="进展", percents={first.pk: 120})
    assert not ProgressUpdate.objects.exists()


def test_every_move_is_recorded_in_the_audit_trail(team, plan):
    actions = list(AuditEvent.objects.filter(object_id=plan.pk, to_state__gt="").values_list("action", flat=True))
    assert actions == ["submit", "approve", "sign"]


def test_draft_plan_is_not_public(client, team):
    with at(D(2026, 2, 2)):
        draft = plan_with_steps(team, [("设计", D(2026, 2, 2), D(2026, 3, 1))], publish=False, title="未发布方案")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/execution/plans/{draft.pk}").status_code == 404
    assert "未发布方案" not in client.get(reverse("implementation:index")).content.decode()


def test_staff_of_another_agency_get_404(client, team, plan):
    outsider = staff(AgencyFactory(), "editor", "reviewer", "signer")
    client.force_login(outsider)
    assert client.get(reverse("implementation:staff_plan", kwargs={"pk": plan.pk})).status_code == 404
    response = client.post(reverse("implementation:staff_action", kwargs={"kind": "plan", "pk": plan.pk}), {"action": "return", "reason": "x"})
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.state == PubState.PUBLISHED


def test_plan_linked_to_a_decision_without_importing_decisions(team):
    """The link is generic: any model instance (here an agency stands in) or just a title and URL."""
    other = AgencyFactory(name="关联对象")
    with at(D(2026, 2, 2)):
        p = plan_with_steps(team, [("设计", D(2026, 2, 2), D(2026, 3, 1))], subject=other, subject_title="")
    assert p.subject_title == "关联对象"
    assert selectors.subject_of(p) == other
    assert list(selectors.plans_for(other)) == [p]


def test_editor_files_an_update_through_the_staff_form(client, team, plan):
    first, second = plan.steps.all()
    client.force_login(team.editor)
    with at(D(2026, 3, 3)):
        response = client.post(reverse("implementation:staff_update_new", kwargs={"pk": plan.pk}), {
            "as_of": "2026-03-03", "narrative": "完成设计初稿", f"step_{first.pk}": "50", f"step_{second.pk}": "",
        })
    assert response.status_code == 302
    u = ProgressUpdate.objects.get()
    assert u.state == PubState.DRAFT and list(u.step_progress.values_list("percent", flat=True)) == [50]


def test_public_index_stays_within_a_few_queries(client, team, plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(reverse("implementation:index")).status_code == 200
