"""`manage.py seed_demo`: demo agencies, staff and ten years of published items (run by `make run`).

Safe to run again: it creates only what is missing (agencies by slug, users by username, items by
agency and title). Every item goes through the real editorial services, so the audit trail and the
confidentiality scan are real; see gongkai/web/demo/loader.py for how history is backdated.

The demo password comes from DEMO_PASSWORD (default "gongkai-demo-2026").
"""

from __future__ import annotations

import importlib
import os
import time
import unicodedata

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.web.demo.loader import Login, Report, load

DEFAULT_PASSWORD = "gongkai-demo-2026"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def login_table(logins: list[Login], password: str) -> str:
    header = ("用户名", "姓名", "机构", "角色", "密码")
    rows = [
        (
            login.username,
            login.name,
            login.agency,
            login.roles,
            password if login.password_ok else "（账号已存在，密码不是此值）",
        )
        for login in logins
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def fmt(row) -> str:
        return "| " + " | ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)) + " |"

    return "\n".join([line, fmt(header), line, *(fmt(r) for r in rows), line])


def seed_app_demos(*, verbose: bool, stdout) -> None:
    """Let each app add its own demo data: an app with a `demo` module exposing
    `seed(*, verbose: bool, stdout) -> None` is called after the agencies, staff and items exist,
    in INSTALLED_APPS order. Each `seed` must be idempotent and fast on a second run."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai.") or config.name == "gongkai.web":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        module.seed(verbose=verbose, stdout=stdout)


class Command(BaseCommand):
    help = "创建演示数据：机构、工作人员和2016—2026年的公开信息（可重复运行，不会重复创建）。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="不打印演示账号表")

    def handle(self, *args, quiet: bool = False, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("DEMO_PASSWORD 不符合密码要求：" + "；".join(exc.messages)) from exc
        started = time.monotonic()
        report = load(password=password)
        seed_app_demos(verbose=not quiet, stdout=self.stdout)
        seconds = time.monotonic() - started
        if quiet:
            return
        self._summary(report, seconds)
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("演示账号（所有账号使用同一演示密码，可用环境变量 DEMO_PASSWORD 设置）"))
        self.stdout.write(login_table(report.logins, password))
        self.stdout.write("")
        self.stdout.write(f"  公众网站：      http://127.0.0.1:{port}/")
        self.stdout.write(f"  工作人员工作台：http://127.0.0.1:{port}/staff/")
        self.stdout.write(f"  系统管理后台：  http://127.0.0.1:{port}/admin/  （admin 账号）")
        self.stdout.write("")

    def _summary(self, report: Report, seconds: float) -> None:
        if not (report.agencies_created or report.users_created or report.items_created or report.workspace_created):
            self.stdout.write(self.style.SUCCESS(f"演示数据已存在，未新建任何内容（{seconds:.1f}秒）。"))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已创建（{seconds:.1f}秒）：机构{report.agencies_created}个，工作人员{report.users_created}个，"
                f"已发布信息{report.items_created}条，工作台演示信息{report.workspace_created}条。"
            )
        )
