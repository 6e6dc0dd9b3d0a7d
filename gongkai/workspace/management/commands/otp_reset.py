"""`manage.py otp_reset <username>`: remove a staff member's authenticator (lost or replaced phone).

The user enrols a new one at the next login. Site administrators can do the same in /admin/
(“TOTP devices”: delete the user's device); this command is for when no administrator can log in."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.models import User
from gongkai.workspace.otp import devices_remove


class Command(BaseCommand):
    help = "重置工作人员的两步验证设备（手机丢失或更换时使用），该人员下次登录时重新绑定。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        count = devices_remove(user=user, by=None, reason="服务器命令 otp_reset")
        self.stdout.write(f"已删除“{user}”的{count}个两步验证设备；该人员下次登录时需重新绑定身份验证器。")
