"""Staff pages of results openness render and drive the services; imports report errors without saving."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory
from gongkai.implementation.tests.factories import Team
from gongkai.results.models import BudgetDisclosure, DevelopmentPlan

from .workbooks import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return Team(AgencyFactory())


def test_staff_pages_render(client, team):
    client.force_login(team.editor)
    for name in ("staff_home", "staff_plan_new", "staff_document_new", "staff_expiring", "staff_budgets", "staff_evaluation_new"):
        assert client.get(reverse(f"results:{name}")).status_code == 200, name


def test_budget_upload_with_bad_total_shows_the_cell_and_saves_nothing(client, team):
    client.force_login(team.editor)
    upload = SimpleUploadedFile("预算.xlsx", workbook(broken=("支出总表", "C5", 690)))
    response = client.post(reverse("results:staff_budgets"), {"year": 2026, "kind": "budget", "workbook": upload})
    assert response.status_code == 400
    assert "支出总表!C5" in response.content.decode()
    assert not BudgetDisclosure.objects.exists()


def test_plan_created_then_indicator_workbook_exported_and_reimported(client, team):
    client.force_login(team.editor)
    client.post(reverse("results:staff_plan_new"), {"title": "规划", "kind": "outline", "start_year": 2021, "end_year": 2025})
    plan = DevelopmentPlan.objects.get()
    data = client.get(reverse("results:staff_plan_export", kwargs={"pk": plan.pk})).content
    response = client.post(reverse("results:staff_plan_import", kwargs={"pk": plan.pk}), {"workbook": SimpleUploadedFile("x.xlsx", data)})
    assert response.status_code == 302
    response = client.post(reverse("results:staff_plan_import", kwargs={"pk": plan.pk}), {"workbook": SimpleUploadedFile("x.xlsx", b"junk")})
    assert response.status_code == 400 and "无法读取该文件" in response.content.decode()
