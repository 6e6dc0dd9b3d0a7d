"""Demo authenticators: the demo accounts that must use two-factor login (signers, agency
administrators, the superuser) get a confirmed TOTP device with one published demo key, printed
with the demo logins, so that `make run` users can log in with any authenticator app or with
`manage.py otp_demo_code`. The key is as public as the demo password: demo data only.
Idempotent: a user who already has a confirmed device keeps it."""

from __future__ import annotations

import os
from base64 import b32decode, b32encode
from urllib.parse import quote

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.models import User

from . import otp

DEFAULT_DEMO_SECRET = "GONGKAIDEMOKEYGONGKAIDEMOKEY2345"  # base32, 20 bytes
DEMO_DEVICE_NAME = "演示设备"


def demo_secret() -> str:
    """The demo key in base32 (env DEMO_TOTP_SECRET, else the published default)."""
    secret = (os.environ.get("DEMO_TOTP_SECRET") or DEFAULT_DEMO_SECRET).replace(" ", "").upper()
    b32decode(secret + "=" * (-len(secret) % 8))  # refuse a malformed key early
    return secret


def demo_key_hex() -> str:
    secret = demo_secret()
    return b32decode(secret + "=" * (-len(secret) % 8)).hex()


def seed(*, verbose: bool, stdout) -> None:
    from gongkai.web.demo.loader import demo_usernames

    usernames = [row[0] for row in demo_usernames()]
    users = [u for u in User.objects.filter(username__in=usernames).order_by("pk") if otp.otp_required_by_role(u)]
    have = set(TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True))
    key = demo_key_hex()
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=u, name=DEMO_DEVICE_NAME, key=key, confirmed=True) for u in users if u.pk not in have
    )
    if not verbose:
        return
    secret = b32encode(bytes.fromhex(key)).decode()
    issuer = getattr(settings, "OTP_TOTP_ISSUER", "")
    stdout.write("")
    stdout.write("两步验证（签发人、机构管理员和 admin 账号登录时须输入动态口令）：")
    stdout.write(f"  演示密钥：{secret}（在身份验证器应用中手动添加，基于时间，6位，30秒；签发、管理员类演示账号共用）")
    label, issuer_q = quote(f"{issuer}:演示账号"), quote(issuer)
    stdout.write(f"  配置地址：otpauth://totp/{label}?secret={secret}&issuer={issuer_q}&digits=6&period=30")
    stdout.write("  没有手机应用时，在服务器上运行 .venv/bin/python manage.py otp_demo_code 查看当前动态口令。")
