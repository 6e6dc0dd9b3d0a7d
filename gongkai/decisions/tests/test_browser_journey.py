"""A whole major decision in a real browser: drafted, consulted, commented on paragraph 2, moderated,
classified, stopped at the legality gate, decided, reported on and published with its document."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.decisions.models import Comment, Decision, Stage
from gongkai.disclosures.tests.factories import published
from gongkai.workspace.tests.otp_helpers import pass_otp_in_page, ready_for_otp

from .factories import DRAFT, PDF, PLANTED_NAMES, PLANTED_PHONES

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-42"  # UserFactory's password


def login(page, base: str, user) -> None:
    ready_for_otp(user)  # signers log in with a one-time code too
    page.goto(base + reverse("workspace:login"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_otp_in_page(page, user)
    page.wait_for_url(base + reverse("workspace:home"))


def assert_clean(page) -> None:
    assert page.console_errors == [], page.console_errors
    assert [r for r in page.failed_requests if not r.endswith("/favicon.ico")] == []


@pytest.mark.django_db(transaction=True)
def test_a_whole_decision_from_draft_to_publication(live_server, page, new_page, axe_audit, format_violations, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    agency = AgencyFactory()
    editor = staff(agency, Role.EDITOR)
    moderator = staff(agency, Role.MODERATOR)
    handler = staff(agency, Role.HANDLER)
    signer = staff(agency, Role.SIGNER)
    item = published(editor, staff(agency, Role.REVIEWER), signer, title="关于印发高标准农田建后管护办法的通知").item

    # The editor puts the decision on the list, writes the draft and opens the consultation.
    login(page, base, editor)
    page.goto(base + reverse("decisions:staff_new"))
    page.get_by_label("决策事项名称").fill("坊子区高标准农田建后管护办法")
    page.get_by_label("草案文本").fill(DRAFT)
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="开始起草").click()
    consult = page.get_by_role("form", name="发布草案征求意见")
    consult.get_by_label("开始日期").fill(timezone.localdate().isoformat())
    consult.get_by_role("button", name="发布征求意见").click()
    assert "草案已发布征求意见" in page.content()
    decision = Decision.objects.get()
    assert decision.stage == Stage.CONSULTATION and decision.paragraphs.count() == 3

    # A visitor comments on paragraph 2 and gets a receipt with a tracking code.
    visitor = new_page()
    visitor.goto(base + decision.get_absolute_url())
    assert axe_audit(visitor) == [], format_violations(axe_audit(visitor))
    visitor.get_by_role("link", name="对第2段提意见").click()
    assert visitor.get_by_label("意见针对").input_value() == "2"
    visitor.get_by_label("意见内容").fill("管护经费标准偏低，建议提高到每亩30元。")
    visitor.get_by_label("姓名（不公开）").fill(PLANTED_NAMES[0])
    visitor.get_by_label("手机号码（不公开）").fill(PLANTED_PHONES[0])
    visitor.get_by_role("button", name="提交意见").click()
    visitor.get_by_text("已收到您的意见").wait_for()
    code = Comment.objects.get().tracking_code
    assert code in visitor.content()
    assert_clean(visitor)

    # The moderator approves it; the public page shows it under paragraph 2, without name or phone.
    mod = new_page()
    login(mod, base, moderator)
    mod.goto(base + reverse("decisions:staff_comments", kwargs={"pk": decision.pk}))
    assert PLANTED_PHONES[0] not in mod.content()
    mod.get_by_role("button", name="公开显示").click()
    visitor.goto(base + decision.get_absolute_url())
    assert "第2段 · 意见1条" in visitor.content() and "建议提高到每亩30元" in visitor.content()

    # The period ends (its dates moved into the past, as if a month had gone by); review starts.
    today = timezone.localdate()
    Decision.objects.filter(pk=decision.pk).update(comment_opens_on=today - dt.timedelta(days=31), comment_closes_on=today - dt.timedelta(days=1))
    page.goto(base + reverse("decisions:staff_detail", kwargs={"pk": decision.pk}))
    page.get_by_role("button", name="结束征求意见，进入论证审查").click()

    # The gate refuses deliberation and names what is missing.
    page.get_by_role("button", name="提交集体讨论").click()
    for words in ("公众参与记录", "专家论证记录", "风险评估记录", "合法性审查意见"):
        assert words in page.content(), words
    assert "尚不能提交集体讨论" in page.content()
    for kind, summary in (("公众参与", "网上征求意见30日。"), ("专家论证", "三名专家论证可行。"), ("风险评估", "低风险。"), ("合法性审查", "经司法局审查合法。")):
        form = page.get_by_role("form", name="登记程序记录")
        form.get_by_label("类别").select_option(label=kind)
        form.get_by_label("日期").fill(today.isoformat())
        form.get_by_label("情况说明（将公开）").fill(summary)
        if kind == "合法性审查":
            form.get_by_label("合法性审查结论").select_option(label="通过")
        form.get_by_label("文件材料").set_input_files({"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF})
        form.get_by_role("button", name="登记").click()
        assert "已登记" in page.content()
    page.get_by_role("button", name="提交集体讨论").click()
    assert Decision.objects.get().stage == Stage.DELIBERATION

    # The handler classifies the comment and generates the adoption report.
    hd = new_page()
    login(hd, base, handler)
    hd.goto(base + reverse("decisions:staff_comments", kwargs={"pk": decision.pk}))
    hd.get_by_label("采纳情况").select_option(label="部分采纳")
    hd.get_by_label("理由").fill("标准提高到每亩25元。")
    hd.get_by_role("button", name="保存").click()
    hd.get_by_role("button", name="生成意见采纳情况说明").click()
    assert "已生成意见采纳情况说明" in hd.content()

    # The signer decides, links the published document and publishes.
    sg = new_page()
    login(sg, base, signer)
    sg.goto(base + reverse("decisions:staff_detail", kwargs={"pk": decision.pk}))
    decide = sg.get_by_role("form", name="作出决定")
    decide.get_by_label("决定文本（每行一段）").fill(DRAFT.replace("每亩每年20元", "每亩每年25元"))
    decide.get_by_label("决定日期").fill(today.isoformat())
    decide.get_by_label("作出决定的会议").fill("区政府第12次常务会议")
    decide.get_by_role("button", name="记录决定").click()
    doc = sg.get_by_role("form", name="关联已发布的决策文件")
    doc.get_by_label("决策文件的索引号").fill(item.index_number)
    doc.get_by_role("button", name="关联").click()
    sg.get_by_role("button", name="公布决策").click()
    assert Decision.objects.get().stage == Stage.PUBLISHED

    # The public page shows the report, the changes and the link to the decision document.
    visitor.goto(base + decision.get_absolute_url())
    body = visitor.content()
    assert "意见采纳情况说明" in body and "部分采纳" in body and "标准提高到每亩25元。" in body
    assert visitor.locator(".dec-compare tbody ins").first.inner_text() == "5"
    assert visitor.get_by_role("link", name=re.compile("关于印发高标准农田建后管护办法的通知")).get_attribute("href") == item.get_absolute_url()
    assert axe_audit(visitor) == [], format_violations(axe_audit(visitor))
    visitor.goto(base + reverse("decisions:track") + f"?code={code}")
    assert "部分采纳：标准提高到每亩25元。" in visitor.content()
    assert_clean(visitor)
    for p in (page, mod, hd, sg):
        assert p.console_errors == [], p.console_errors
