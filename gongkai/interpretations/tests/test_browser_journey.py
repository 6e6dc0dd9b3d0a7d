"""The interpretation journey in Chromium: an editor plans and drafts an interpretation, an empty
required section is refused, and once published the policy page and the interpretation link each other."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.disclosures.tests.factories import published
from gongkai.interpretations import services
from gongkai.interpretations.models import Interpretation, PolicyPlan, State

from .factories import SECTIONS_FILLED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-42"


def login(page, base: str, user) -> None:
    page.goto(base + reverse("workspace:login"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + reverse("workspace:home"))


def test_editor_plans_and_drafts_an_interpretation_that_the_public_then_finds(live_server, page, team, artifacts_dir, axe_audit, format_violations):
    editor, reviewer, signer = team
    base = live_server.url
    policy = published(*team, title="关于印发《项目资金管理办法》的通知").item

    login(page, base, editor)
    page.get_by_role("link", name="政策解读").first.click()
    page.goto(base + reverse("interpretations:staff_plan", args=[policy.pk]))
    page.get_by_label("该文件需要解读").check()
    page.get_by_label("解读方案").fill("文字解读，由主要负责人解读，文件发布后3个工作日内发布。")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("解读方案已保存").is_visible()
    assert PolicyPlan.objects.get(item=policy).needs_interpretation

    page.goto(base + reverse("interpretations:staff_new") + f"?policy={policy.pk}")
    page.get_by_label("标题").fill("《项目资金管理办法》政策解读")
    for name, text in SECTIONS_FILLED.items():
        if name != "criteria":
            page.locator(f"#id_{name}").fill(text)
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_text("文字解读的必备内容不能为空：执行口径").is_visible()
    interpretation = Interpretation.objects.get()
    assert interpretation.state == State.DRAFT

    page.get_by_role("link", name="修改").click()
    page.locator("#id_criteria").fill("以项目批复文件为准。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_text("操作已完成").is_visible()
    page.screenshot(path=str(artifacts_dir / "interpretation-submitted.png"), full_page=True)

    services.interpretation_approve(interpretation=interpretation, by=reviewer)
    services.interpretation_sign(interpretation=interpretation, by=signer)

    page.goto(base + policy.get_absolute_url())
    page.get_by_role("region", name="相关解读").get_by_role("link", name="《项目资金管理办法》政策解读").click()
    assert page.get_by_role("heading", name="执行口径").is_visible()
    assert axe_audit(page) == [], format_violations(axe_audit(page))
    page.get_by_role("link", name="关于印发《项目资金管理办法》的通知").click()
    assert page.url == base + policy.get_absolute_url()
    page.goto(base + reverse("interpretations:index"))
    page.get_by_role("link", name="文字解读（1）").click()
    assert page.get_by_role("link", name="《项目资金管理办法》政策解读").is_visible()
    assert axe_audit(page) == [], format_violations(axe_audit(page))
