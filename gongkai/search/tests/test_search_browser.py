"""The search journey in Chromium: from the home page's search box to a highlighted result and the item."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_visitor_searches_from_the_home_page_and_opens_a_highlighted_result(
    transactional_db, live_server, page, publish, axe_audit, format_violations, artifacts_dir
):
    from playwright.sync_api import expect

    publish(
        title="关于2026年农业综合开发高标准农田建设项目的公示",
        body="现将坊子区农业综合开发高标准农田建设项目公示如下。",
    )
    publish(title="城区道路维修公告", body="道路施工期间请绕行。")

    page.goto(live_server.url + "/")
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill("综合开发")
    box.press("Enter")

    page.wait_for_url("**/search/?**")
    results = page.locator("ol.search-results > li")
    expect(results).to_have_count(1)
    expect(results.first.locator("mark").first).to_have_text("综合开发")
    expect(page.get_by_role("searchbox", name="搜索词")).to_have_value("综合开发")
    page.screenshot(path=str(artifacts_dir / "search-results.png"), full_page=True)
    violations = axe_audit(page)
    assert violations == [], format_violations(violations)
    assert page.console_errors == [] and page.failed_requests == []

    results.first.get_by_role("link").click()

    expect(page.locator("h1")).to_contain_text("农业综合开发高标准农田建设项目的公示")
