"""Browser journey: a citizen opens a decision's execution page, reads its progress and timeline,
then follows 数据发布 to the plan indicators and the budget tables. Screenshots at 1280 px and 390 px go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gongkai.core.tests.factories import AgencyFactory
from gongkai.results import services as results
from gongkai.results.demo import budget_workbook

from .factories import Team, plan_with_steps, update

pytestmark = pytest.mark.browser


@pytest.fixture
def world(db):
    team = Team(AgencyFactory(name="潍坊市坊子区农业综合开发办公室", short_name="区农发办", slug="nongfa"))
    today = timezone.localdate()

    def day(n):
        return today + dt.timedelta(days=n)

    plan = plan_with_steps(team, [
        ("项目选址和规划设计", day(-90), day(-60)),
        ("工程招标和合同签订", day(-60), day(-10)),
        ("田间工程施工", day(-20), day(60)),
    ])
    s1, s2, s3 = (s.pk for s in plan.steps.all())
    update(team, plan, {s1: 100, s2: 20}, as_of=day(-61), narrative="完成选址和规划设计。")
    update(team, plan, {s2: 70, s3: 10}, as_of=day(-3), narrative="两个标段完成招标，施工已开始。",
           problems="第三标段流标。", follow_up="重新发布招标公告。")
    indicators = results.development_plan_create(by=team.editor, title="“十四五”农业发展规划", start_year=2021, end_year=2025)
    results.indicator_save(plan=indicators, by=team.editor, name="高标准农田面积", unit="万亩", baseline=Decimal(20), target=Decimal(30),
                           values={2021: (None, Decimal(22)), 2022: (None, Decimal(23))})
    team.publish(indicators)
    for year, kind, scale in ((2025, "budget", 0.96), (2025, "final", 0.92), (2026, "budget", 1.0)):
        team.publish(results.budget_import(by=team.editor, year=year, kind=kind, data=budget_workbook(scale, year=year, kind=kind)))
    return plan, indicators


@pytest.mark.parametrize("width", [1280, 390])
def test_citizen_reads_progress_and_timeline_of_an_execution_page(live_server, new_page, world, axe_audit, artifacts_dir, width):
    plan, indicators = world
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(live_server.url + "/execution/")
    page.get_by_role("link", name=plan.title).first.click()
    page.wait_for_url(f"**{plan.get_absolute_url()}")

    assert "总体进度 60%" in page.locator(".ex-percent").inner_text().replace("\n", " ")
    assert page.locator("progress").get_attribute("value") == "60"
    assert page.get_by_text("1个步骤已逾期").is_visible()
    rows = page.locator("#steps-table tbody tr")
    assert rows.count() == 3
    assert "已逾期（逾期10天）" in rows.nth(1).inner_text()
    assert "已完成" in rows.nth(0).inner_text()
    # the Gantt timeline draws one bar per step, the overdue one in the danger colour
    assert page.locator(".gantt-row").count() == 3
    assert page.locator(".gantt-bar.gantt-danger").count() == 1
    # the ECharts chart draws from the same numbers the table shows
    page.wait_for_selector("#progress-chart svg")
    assert [c.inner_text() for c in page.locator("#progress-table tbody tr td:last-child").all()] == ["40", "60"]
    # latest update first, then the history
    updates = page.locator(".ex-update")
    assert "两个标段完成招标" in updates.nth(0).inner_text() and "完成选址和规划设计" in updates.nth(1).inner_text()
    assert "第三标段流标" in updates.nth(0).inner_text()

    page.screenshot(path=str(artifacts_dir / f"execution-plan-{width}.png"), full_page=True)
    assert axe_audit(page) == []
    assert page.console_errors == [] and page.failed_requests == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # on to the results: 数据发布 → the plan's indicators
    page.goto(live_server.url + "/results/")
    page.get_by_role("link", name=indicators.title).click()
    page.wait_for_selector("#indicator-charts svg")
    assert "滞后" in page.locator("#indicators-table").inner_text()
    page.screenshot(path=str(artifacts_dir / f"results-indicators-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert axe_audit(page) == []
    assert page.console_errors == [] and page.failed_requests == []

    # and the budget tables: year-over-year chart beside its table, then one year's standard tables
    page.get_by_role("link", name="预决算").first.click()
    page.wait_for_selector("#budget-chart svg")
    yoy = page.locator("#budget-yoy tbody tr")
    assert yoy.nth(0).inner_text().split() == ["2025", "940.80", "901.60", "12.00", "11.50"]
    page.get_by_role("link", name="2026年部门预算").click()
    assert page.locator("table.rs-budget").count() == 8
    page.screenshot(path=str(artifacts_dir / f"results-budget-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert axe_audit(page) == []
    assert page.console_errors == [] and page.failed_requests == []
