"""In a real browser: a signer creates an API token from the outbox page, uses it once, then revokes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.publishing.models import ApiToken
from gongkai.workspace.tests.otp_helpers import pass_otp_in_page, ready_for_otp

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_staff_creates_uses_and_revokes_an_api_token(live_server, page):
    agency = AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa")
    user = staff(agency, Role.SIGNER, Role.AGENCY_ADMIN)
    base = live_server.url
    ready_for_otp(user)  # a signer and admin logs in with a one-time code too
    page.goto(base + reverse("workspace:login"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill("correct-horse-42")
    page.get_by_role("button", name="登录").click()
    pass_otp_in_page(page, user)
    page.wait_for_url(base + reverse("workspace:home"))

    page.goto(base + reverse("publishing:outbox"))
    page.get_by_role("link", name="接口令牌").click()
    page.wait_for_url(base + "/staff/api-tokens/")
    page.get_by_label("名称（用途或调用系统）").fill("新媒体中心对接")
    page.get_by_role("button", name="创建令牌").click()
    raw = page.locator("#new-token").input_value()
    assert raw.startswith("gk_") and "离开本页后将无法再次查看" in page.content()

    answer = page.request.get(base + "/api/v1/staff/versions/999999", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 404 and answer.json()["code"] == "not_found"

    page.get_by_role("button", name="吊销“新媒体中心对接”").click()
    assert "已吊销令牌" in page.content()
    assert ApiToken.objects.get(user=user).revoked_at is not None
    answer = page.request.get(base + "/api/v1/staff/versions/999999", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 401
