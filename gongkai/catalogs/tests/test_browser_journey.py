"""The list journey in Chromium: a bad workbook is refused with every bad row named, a good one
becomes a draft version, and once published the public sees what changed since the last version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.catalogs import services
from gongkai.catalogs.models import ListVersion

from .factories import power_list_type, publish, workbook
from .test_lists import V1, V2

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-42"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_import_with_error_report_then_publish_and_public_diff(live_server, page, team, artifacts_dir, axe_audit, format_violations):
    editor, reviewer, signer = team
    base = live_server.url
    list_type = power_list_type()
    publish(services.version_import(by=editor, list_type=list_type, data=workbook(V1)), *team)

    page.goto(base + reverse("workspace:login"))
    page.get_by_label("用户名").fill(editor.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="清单").first.click()

    bad = [V2[0], ("QL-003", "", "行政确认", "", "", ""), V2[2], ("QL-005", "名称", "罚没", "", "x", "")]
    page.get_by_label("清单类型").select_option(label="权力清单")
    page.get_by_label("Excel 文件（XLSX）").set_input_files({"name": "bad.xlsx", "mimeType": XLSX, "buffer": workbook(bad)})
    page.get_by_role("button", name="导入").click()
    report = page.get_by_role("table", name="错误报告（按行）")
    assert report.get_by_text("第3行").is_visible() and report.get_by_text("第5行").is_visible()
    page.screenshot(path=str(artifacts_dir / "list-import-errors.png"), full_page=True)
    assert ListVersion.objects.count() == 1

    page.get_by_label("清单类型").select_option(label="权力清单")
    page.get_by_label("Excel 文件（XLSX）").set_input_files({"name": "v2.xlsx", "mimeType": XLSX, "buffer": workbook(V2)})
    page.get_by_label("调整说明").fill("依据机构职能调整")
    page.get_by_role("button", name="导入").click()
    assert page.get_by_text("已导入第2版草稿，共3条").is_visible()
    page.get_by_role("button", name="提交审核").click()
    second = ListVersion.objects.get(number=2)
    services.version_approve(version=second, by=reviewer)
    services.version_sign(version=second, by=signer)

    page.goto(base + reverse("catalogs:index"))
    page.get_by_role("link", name=f"{editor.agency.name}权力清单").click()
    assert page.get_by_text("新增 1 条，删除 1 条，修改 2 条。").is_visible()
    changed = page.get_by_role("table", name="修改条目（逐项列出）")
    assert changed.get_by_role("insertion").filter(has_text="项目竣工验收确认").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载本版 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.screenshot(path=str(artifacts_dir / "list-public-diff.png"), full_page=True)
    assert axe_audit(page) == [], format_violations(axe_audit(page))
