"""Budgets and final accounts (R4): validated import (the wrong cell named, nothing saved), HTML tables, downloads, charts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory
from gongkai.core.workflow import WorkflowError
from gongkai.implementation.tests.factories import Team
from gongkai.results import budgets, selectors, services
from gongkai.results.models import BudgetDisclosure, BudgetTable

from .workbooks import budget_tables, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return Team(AgencyFactory(name="潍坊市坊子区农业综合开发办公室", slug="nongfa"))


def test_workbook_whose_totals_do_not_add_up_is_refused_with_the_cell_named_and_nothing_saved(team):
    events = AuditEvent.objects.count()
    with pytest.raises(budgets.WorkbookError) as exc:
        services.budget_import(by=team.editor, year=2026, kind="budget", data=workbook(broken=("支出总表", "C5", 690)))
    problems = exc.value.problems
    # 213 农林水支出 (row 5) no longer equals its children, nor does the 合计 line, nor its own row total
    assert any(p.startswith("支出总表!C5") and "下级科目之和680.00" in p for p in problems)
    assert any(p.startswith("支出总表!C2") and "应为990.00" in p for p in problems)
    assert any(p.startswith("支出总表!C5") and "本行各项之和680.00" in p for p in problems)
    assert "支出总表!C5" in exc.value.message
    assert not BudgetDisclosure.objects.exists() and not BudgetTable.objects.exists()
    assert AuditEvent.objects.count() == events


def test_income_and_expenditure_sections_each_add_up(team):
    with pytest.raises(budgets.WorkbookError) as exc:
        services.budget_import(by=team.editor, year=2026, kind="budget", data=workbook(broken=("收支总表", "C3", 999)))
    assert any(p.startswith("收支总表!C4") for p in exc.value.problems)  # 收入总计 no longer matches the lines above it


def test_non_number_and_missing_explanation_are_reported(team):
    with pytest.raises(budgets.WorkbookError) as exc:
        services.budget_import(by=team.editor, year=2026, kind="budget", data=workbook(explanation="", broken=("三公经费支出表", "E2", "四点五")))
    assert any("三公经费支出表!E2 不是数字" in p for p in exc.value.problems)
    assert any("说明" in p for p in exc.value.problems)
    assert not BudgetDisclosure.objects.exists()


def test_valid_workbook_is_published_as_html_tables_with_download_that_reimports(client, team):
    d = services.budget_import(by=team.editor, year=2026, kind="budget", data=workbook())
    assert d.state == "draft" and d.tables.count() == 3
    assert client.get(reverse("results:budget", kwargs={"pk": d.pk})).status_code == 404  # not before signing
    d = team.publish(d)
    page = client.get(d.get_absolute_url()).content.decode()
    assert "支出总表" in page and "农林水支出" in page and "980.00" in page and "本部门负责农业综合开发" in page
    download = client.get(reverse("results:budget_download", kwargs={"pk": d.pk}))
    assert download.status_code == 200
    tables, explanation = budgets.read_workbook(download.content)
    assert explanation == d.explanation
    assert [(t.kind, t.columns, budgets.stored_rows(t.rows)) for t in tables] == [(t.kind, t.columns, t.rows) for t in d.tables.all()]


def test_year_over_year_series_of_expenditure_and_three_public(client, team):
    for year, kind, scale in ((2025, "budget", 1.0), (2025, "final", 0.96), (2026, "budget", 1.1)):
        team.publish(services.budget_import(by=team.editor, year=year, kind=kind, data=workbook(tables=budget_tables(scale))))
    series = selectors.budget_series(list(selectors.public_budgets()))
    assert series["years"] == [2025, 2026]
    assert series["expenditure"] == {"budget": [980.0, 1078.0], "final": [940.8, None]}
    assert series["three_public"]["budget"] == [12.5, 13.75]
    page = client.get(reverse("results:budgets")).content.decode()
    assert 'id="budget-data"' in page and "1078.00" in page


def test_published_disclosure_cannot_be_overwritten_by_a_new_import(team):
    team.publish(services.budget_import(by=team.editor, year=2026, kind="budget", data=workbook()))
    with pytest.raises(WorkflowError, match="已提交或发布"):
        services.budget_import(by=team.editor, year=2026, kind="budget", data=workbook(explanation="新说明"))
    assert BudgetDisclosure.objects.get().explanation.startswith("一、部门职责")
