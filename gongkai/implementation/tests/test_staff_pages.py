"""Staff pages of execution openness render for the agency's own staff and drive the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory
from gongkai.implementation.models import Finding, ImplementationPlan, Inspection, PubState, RectState

from .factories import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return Team(AgencyFactory())


def test_editor_creates_a_plan_adds_a_step_and_submits_through_the_pages(client, team):
    client.force_login(team.editor)
    assert client.get(reverse("implementation:staff_home")).status_code == 200
    response = client.post(reverse("implementation:staff_plan_new"), {
        "title": "方案", "subject_title": "某决定", "goals": "目标", "measures": "措施", "supervision_method": "督查",
        "lead_unit": team.agency.pk,
    })
    plan = ImplementationPlan.objects.get()
    assert response.url == reverse("implementation:staff_plan", kwargs={"pk": plan.pk})
    client.post(response.url, {"title": "设计", "starts_on": "2026-01-05", "due_on": "2026-02-05", "unit": team.agency.pk})
    assert plan.steps.count() == 1
    assert "提交审核" in client.get(response.url).content.decode()
    client.post(reverse("implementation:staff_action", kwargs={"kind": "plan", "pk": plan.pk}), {"action": "submit"})
    plan.refresh_from_db()
    assert plan.state == PubState.SUBMITTED


def test_refused_move_is_shown_as_a_message_and_changes_nothing(client, team):
    client.force_login(team.editor)
    client.post(reverse("implementation:staff_plan_new"), {
        "title": "方案", "subject_title": "某决定", "goals": "目标", "measures": "措施", "supervision_method": "督查", "lead_unit": team.agency.pk,
    })
    plan = ImplementationPlan.objects.get()
    response = client.post(reverse("implementation:staff_action", kwargs={"kind": "plan", "pk": plan.pk}), {"action": "submit"}, follow=True)
    assert "请至少添加一个实施步骤" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == PubState.DRAFT


def test_inspection_pages_record_findings_and_rectification(client, team):
    client.force_login(team.editor)
    client.post(reverse("implementation:staff_inspection_new"), {"title": "督查", "inspector": "督查室", "inspected_on": "2026-03-01", "scope": "范围"})
    inspection = Inspection.objects.get()
    url = reverse("implementation:staff_inspection", kwargs={"pk": inspection.pk})
    client.post(url, {"problem": "问题", "deadline": "2026-03-31", "responsible_unit": team.agency.pk})
    finding = Finding.objects.get()
    client.post(reverse("implementation:staff_finding_action", kwargs={"pk": finding.pk}), {"action": "start"})
    finding.refresh_from_db()
    assert finding.status == RectState.IN_PROGRESS
    assert client.get(url).status_code == 200
    assert client.get(reverse("implementation:staff_case_new")).status_code == 200
