"""`manage.py otp_demo_code`: the current one-time code of the published demo key (gongkai/workspace/demo.py),
for trying the demo signer and administrator accounts without an authenticator app."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from gongkai.workspace.demo import demo_key_hex, demo_secret


class Command(BaseCommand):
    help = "显示演示密钥当前的动态口令（仅用于演示账号）。"

    def handle(self, *args, **options):
        totp = TOTP(bytes.fromhex(demo_key_hex()), step=30, digits=6)
        now = time.time()
        totp.time = now
        left = 30 - int(now) % 30
        self.stdout.write(f"{totp.token():06d}")
        self.stderr.write(f"（演示密钥 {demo_secret()} 的当前动态口令，{left}秒后更新；每个口令只能使用一次）")
