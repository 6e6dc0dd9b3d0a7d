"""In a real browser: a visitor registers for a hearing, staff select and publish the list, the public
page shows it (names only with consent)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.decisions import services
from gongkai.decisions.models import Registration

from .factories import PLANTED_NAMES, PLANTED_PHONES, drafted
from .test_browser_journey import assert_clean, login

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_visitor_registers_for_a_hearing_and_staff_select_and_publish(live_server, page, axe_audit, format_violations):
    editor = staff(AgencyFactory(), Role.EDITOR)
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=20), dt.time(9)))
    meeting = services.meeting_create(
        decision=drafted(editor), by=editor, kind="hearing", title="管护经费标准听证会", starts_at=start, ends_at=start + dt.timedelta(hours=2), place="区政府三楼会议室"
    )
    services.meeting_registration_set(meeting=meeting, by=editor, closes_on=timezone.localdate())
    base = live_server.url

    page.goto(base + meeting.get_absolute_url())
    page.get_by_label("姓名（不公开，选定后经您同意才公开）").fill(PLANTED_NAMES[0])
    page.get_by_label("手机号码（不公开）").fill(PLANTED_PHONES[0])
    page.get_by_label("报名类别").select_option("stakeholder")
    page.get_by_label("参加理由及拟发表的意见").fill("本人承包土地在项目区内，希望就管护经费标准发表意见。")
    page.get_by_role("button", name="提交报名").click()
    page.get_by_role("heading", name="已收到您的报名").wait_for()
    registration = Registration.objects.get()
    assert registration.tracking_code in page.content()
    violations = axe_audit(page)
    assert violations == [], format_violations(violations)
    assert_clean(page)

    login(page, base, editor)
    page.goto(base + f"/staff/decisions/meetings/{meeting.pk}/")
    row = page.locator("tr", has_text=registration.tracking_code)
    row.get_by_label("理由").fill("利益直接相关的承包户。")
    row.get_by_role("button", name="记录").click()
    page.get_by_text("已记录遴选结果。").wait_for()
    registration.refresh_from_db()
    assert registration.state == "selected" and registration.method == "chosen"
    # registration is still open today: the list waits for the closing date, and says so
    page.get_by_role("button", name="公布名单").click()
    page.get_by_text("截止后才能公布名单").wait_for()
    meeting.refresh_from_db()
    assert meeting.participants_published_at is None
