"""In a real browser: a signer's first login goes through enrolment (the key read off the page, as a
person types it into an app), the next login through the code step; both pages pass axe."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.workspace.tests.otp_helpers import next_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-42"  # UserFactory's password


def _password_step(page, base: str, user) -> None:
    page.goto(base + reverse("workspace:login"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_signer_enrols_then_logs_in_with_a_code(live_server, page, axe_audit, format_violations):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    signer = staff(AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa"), Role.SIGNER, display_name="张签发")
    base = live_server.url
    _password_step(page, base, signer)
    page.wait_for_url("**/staff/otp/setup/**")
    assert "必须启用两步验证" in page.content()
    assert (violations := axe_audit(page)) == [], format_violations(violations)
    secret = page.locator("code.ws-mono").first.inner_text().replace(" ", "")
    assert page.locator("code.ws-mono").nth(1).inner_text().startswith("otpauth://totp/")
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time()
    page.get_by_label("动态口令").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="完成绑定").click()
    page.wait_for_url(base + reverse("workspace:home"))
    assert "两步验证已启用" in page.content()

    page.get_by_role("button", name="退出").click()
    page.wait_for_url(base + reverse("workspace:login"))
    _password_step(page, base, signer)
    page.wait_for_url("**/staff/otp/verify/**")
    assert (violations := axe_audit(page)) == [], format_violations(violations)
    page.get_by_label("动态口令").fill(next_code(TOTPDevice.objects.get(user=signer)))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(base + reverse("workspace:home"))
    assert "待我签发" in page.content()
    assert page.console_errors == [], page.console_errors
