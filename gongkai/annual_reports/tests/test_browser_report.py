"""The published annual report opens in a real browser, with its tables and without CSP errors."""

from __future__ import annotations

import pytest

from gongkai.annual_reports import services
from gongkai.core.tests.factories import staff
from gongkai.disclosures import services as disclosure_services

from .test_annual_report import fixture_year, office  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_html_annual_report_opens_with_its_three_tables(live_server, page, office):  # noqa: F811
    fixture_year(office)
    editor = staff(office, "editor", "request_handler")
    report = services.report_start(by=editor, year=2025)
    services.report_update(report=report, by=editor, text_overview="本年新收申请{新收申请数}件。")
    report = services.report_generate(report=report, by=editor)
    with pytest.raises(services.ReportNeedsRelease):
        services.report_submit(report=report, by=editor)
    report.refresh_from_db()
    reviewer = staff(office, "reviewer")
    for hit in report.version.screening_hits.all():
        disclosure_services.hit_override(hit=hit, by=reviewer, reason="年报表三固定栏目名称")
    version = disclosure_services.version_submit(version=report.version, by=editor)
    version = disclosure_services.version_approve(version=version, by=reviewer)
    disclosure_services.version_sign(version=version, by=staff(office, "signer"))

    page.goto(f"{live_server.url}/nianbao/")
    page.get_by_role("link", name=report.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == report.title
    assert page.get_by_text("本年新收申请11件。").is_visible()
    for caption in ("表二 主动公开政府信息情况", "表三 收到和处理政府信息公开申请情况", "表四 政府信息公开行政复议、行政诉讼情况"):
        assert page.locator("caption", has_text=caption).is_visible()
    total_row = page.locator("#table3 tr", has_text="（七）总计")
    assert total_row.locator("td").all_inner_texts() == ["4", "2", "1", "1", "1", "1", "10"]
    assert page.console_errors == []
