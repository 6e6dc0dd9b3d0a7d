"""After 退回修改 the author can rewrite a draft plan and a draft progress update through the staff pages, then resubmit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory
from gongkai.core.workflow import WorkflowError
from gongkai.implementation import services
from gongkai.implementation.models import ImplementationPlan, ProgressUpdate, PubState

from .factories import Team, plan_with_steps, update

pytestmark = pytest.mark.django_db

STEPS = [("设计", dt.date(2026, 1, 1), dt.date(2026, 2, 1)), ("施工", dt.date(2026, 2, 1), dt.date(2026, 6, 1))]
PLAN_POST = {"title": "新标题", "subject_title": "某决定", "goals": "新目标", "measures": "新措施", "supervision_method": "新方式"}


@pytest.fixture
def team():
    return Team(AgencyFactory())


def _returned_plan(team):
    plan = plan_with_steps(team, STEPS, publish=False)
    plan = services.record_advance(record=plan, action="submit", by=team.editor)
    return services.record_advance(record=plan, action="return", by=team.reviewer, reason="目标不够具体")


def test_returned_plan_is_edited_on_its_page_and_resubmitted(client, team):
    plan = _returned_plan(team)
    client.force_login(team.editor)
    staff_page = client.get(reverse("implementation:staff_plan", kwargs={"pk": plan.pk})).content.decode()
    assert "目标不够具体" in staff_page and reverse("implementation:staff_plan_edit", kwargs={"pk": plan.pk}) in staff_page
    edit_url = reverse("implementation:staff_plan_edit", kwargs={"pk": plan.pk})
    assert "高标准农田建设实施方案" in client.get(edit_url).content.decode()  # the form is filled with the current text
    response = client.post(edit_url, {**PLAN_POST, "lead_unit": team.agency.pk})
    assert response.url == reverse("implementation:staff_plan", kwargs={"pk": plan.pk})
    plan.refresh_from_db()
    assert (plan.title, plan.goals, plan.measures, plan.supervision_method) == ("新标题", "新目标", "新措施", "新方式")
    assert plan.steps.count() == 2
    assert AuditEvent.objects.filter(action="edit", object_id=plan.pk).exists()
    client.post(reverse("implementation:staff_action", kwargs={"kind": "plan", "pk": plan.pk}), {"action": "submit"})
    plan.refresh_from_db()
    assert plan.state == PubState.SUBMITTED


def test_submitted_plan_cannot_be_edited(client, team):
    plan = services.record_advance(record=plan_with_steps(team, STEPS, publish=False), action="submit", by=team.editor)
    client.force_login(team.editor)
    client.post(reverse("implementation:staff_plan_edit", kwargs={"pk": plan.pk}), {**PLAN_POST, "lead_unit": team.agency.pk})
    plan.refresh_from_db()
    assert plan.title == "高标准农田建设实施方案" and plan.state == PubState.SUBMITTED
    with pytest.raises(WorkflowError):
        services.plan_edit(plan=plan, by=team.editor, lead_unit=team.agency, **PLAN_POST)


def test_plan_edit_with_empty_goal_keeps_input_and_changes_nothing(client, team):
    plan = _returned_plan(team)
    client.force_login(team.editor)
    response = client.post(reverse("implementation:staff_plan_edit", kwargs={"pk": plan.pk}), {**PLAN_POST, "goals": " ", "lead_unit": team.agency.pk})
    assert response.status_code == 200 and "新措施" in response.content.decode()
    plan.refresh_from_db()
    assert plan.goals == "建成高标准农田1万亩。" and plan.title == "高标准农田建设实施方案"


def test_returned_update_is_edited_and_resubmitted(client, team):
    plan = plan_with_steps(team, STEPS)
    s1, s2 = plan.steps.all()
    u = update(team, plan, {s1.pk: 40}, as_of=dt.date(2026, 1, 20), publish=False)
    u = services.record_advance(record=u, action="submit", by=team.editor)
    u = services.record_advance(record=u, action="return", by=team.reviewer, reason="数据有误")
    client.force_login(team.editor)
    edit_url = reverse("implementation:staff_update_edit", kwargs={"pk": u.pk})
    assert edit_url in client.get(reverse("implementation:staff_plan", kwargs={"pk": plan.pk})).content.decode()
    page = client.get(edit_url).content.decode()
    assert "截至01月20日的工作进展" in page and 'value="40"' in page
    response = client.post(edit_url, {"as_of": "2026-01-25", "narrative": "更正后的进展", "problems": "", "follow_up": "", f"step_{s1.pk}": 60, f"step_{s2.pk}": 10})
    assert response.status_code == 302
    u.refresh_from_db()
    assert u.narrative == "更正后的进展" and u.as_of == dt.date(2026, 1, 25)
    assert dict(u.step_progress.values_list("step_id", "percent")) == {s1.pk: 60, s2.pk: 10}
    client.post(reverse("implementation:staff_action", kwargs={"kind": "update", "pk": u.pk}), {"action": "submit"})
    u.refresh_from_db()
    assert u.state == PubState.SUBMITTED


def test_update_edit_with_bad_percent_changes_nothing(team):
    plan = plan_with_steps(team, STEPS)
    s1 = plan.steps.first()
    u = update(team, plan, {s1.pk: 40}, as_of=dt.date(2026, 1, 20), publish=False)
    with pytest.raises(WorkflowError, match="0到100"):
        services.update_edit(update=u, by=team.editor, as_of=dt.date(2026, 1, 20), narrative="新", percents={s1.pk: 140})
    u.refresh_from_db()
    assert u.narrative.startswith("截至") and list(u.step_progress.values_list("percent", flat=True)) == [40]


def test_published_update_and_other_agency_cannot_be_edited(client, team):
    plan = plan_with_steps(team, STEPS)
    s1 = plan.steps.first()
    u = update(team, plan, {s1.pk: 40}, as_of=dt.date(2026, 1, 20))
    with pytest.raises(WorkflowError):
        services.update_edit(update=u, by=team.editor, as_of=dt.date(2026, 1, 20), narrative="改", percents={s1.pk: 50})
    draft = update(team, plan, {s1.pk: 50}, as_of=dt.date(2026, 1, 21), publish=False)
    other = Team(AgencyFactory())
    client.force_login(other.editor)
    assert client.get(reverse("implementation:staff_update_edit", kwargs={"pk": draft.pk})).status_code == 404
    assert client.post(reverse("implementation:staff_plan_edit", kwargs={"pk": plan.pk}), {**PLAN_POST, "lead_unit": other.agency.pk}).status_code == 404
    assert ProgressUpdate.objects.get(pk=draft.pk).narrative.startswith("截至")
    assert ImplementationPlan.objects.get(pk=plan.pk).title == "高标准农田建设实施方案"
