"""The letters journey in Chromium: a visitor sends a letter and gets a tracking code, a handler
replies in the workspace, and the visitor reads the reply with the code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ..models import Letter, LetterState

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-42"  # UserFactory's password


def test_visitor_sends_a_letter_staff_reply_and_the_visitor_reads_the_reply(
    live_server, page, new_page, axe_audit, district, agency, handler, artifacts_dir
):
    base = live_server.url
    # the visitor writes from the 互动交流 entry of the main navigation
    page.goto(base + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="互动交流").click()
    page.get_by_role("link", name="我要写信").first.click()
    assert axe_audit(page) == []
    page.get_by_label("致信机构").select_option(label=agency.name)
    page.get_by_label("标题").fill("建议增设农机停放点")
    page.get_by_label("内容").fill("村里农机没有固定停放地点，建议统一规划。")
    page.get_by_label("姓名").fill("孙小梅")
    page.get_by_label("联系电话").fill("13705361234")
    page.get_by_label("同意在去除个人信息后公开我的来信和答复").check()
    page.get_by_role("button", name="提交来信").click()
    page.wait_for_url(re.compile(r".*/letters/receipt/.*"))
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"XJ\d{8}-[0-9A-Z]{6}", code)
    assert "13705361234" not in page.content()
    page.screenshot(path=str(artifacts_dir / "letters-receipt.png"), full_page=True)

    # the handler replies in the workspace
    staff_page = new_page()
    staff_page.goto(base + reverse("workspace:login"))
    staff_page.get_by_label("用户名").fill(handler.username)
    staff_page.get_by_label("密码").fill(PASSWORD)
    staff_page.get_by_role("button", name="登录").click()
    staff_page.wait_for_url(base + reverse("workspace:home"))
    staff_page.get_by_role("link", name="来信与舆情").click()
    staff_page.get_by_role("link", name=code).click()
    staff_page.get_by_role("button", name="受理交办").click()
    staff_page.get_by_label("答复内容").fill("您好，已在村委会东侧规划农机停放点，年底前建成。")
    staff_page.get_by_role("button", name="提交答复").click()
    staff_page.get_by_text("已答复，来信人可凭查询码查看。").wait_for()
    assert Letter.objects.get(tracking_code=code).state == LetterState.REPLIED

    # the visitor follows the letter with the code
    page.goto(base + reverse("letters:track"))
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.locator("#letter-reply").wait_for()
    assert "年底前建成" in page.locator("#letter-reply").inner_text()
    assert page.locator("#letter-state").inner_text() == "已答复"
    page.screenshot(path=str(artifacts_dir / "letters-reply.png"), full_page=True)
    assert axe_audit(page) == []
    assert page.console_errors == [] and staff_page.console_errors == []
