"""A spokesperson adds a photo with alternative text to a press conference in the workspace; the
public conference page shows it, with that text, and the image loads."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from .. import services

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-42"  # UserFactory's password


def png(width: int = 48, height: int = 32) -> bytes:
    """A real, decodable PNG (solid green) built without an imaging library."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x20\x90\x40" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_spokesperson_uploads_a_photo_and_the_public_page_shows_it_with_alt_text(
    live_server, page, new_page, axe_audit, spokesperson, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    conference = services.conference_schedule(
        by=spokesperson,
        title="高标准农田建设新闻发布会",
        scheduled_at=timezone.now() - dt.timedelta(hours=1),
        first_spokesperson="主任 张某某",
    )
    photo_file = tmp_path / "现场.png"
    photo_file.write_bytes(png())
    base = live_server.url

    staff_page = new_page()
    staff_page.goto(base + reverse("workspace:login"))
    staff_page.get_by_label("用户名").fill(spokesperson.username)
    staff_page.get_by_label("密码").fill(PASSWORD)
    staff_page.get_by_role("button", name="登录").click()
    staff_page.wait_for_url(base + reverse("workspace:home"))
    staff_page.goto(base + reverse("opinion:staff_conference", kwargs={"pk": conference.pk}))
    staff_page.get_by_label("照片（PNG 或 JPEG，不超过10 MB）").set_input_files(str(photo_file))
    staff_page.get_by_label("替代文本").fill("发言人在发布会上介绍项目进展")
    staff_page.get_by_role("button", name="上传照片").click()
    staff_page.get_by_text("已上传照片。").wait_for()

    page.goto(base + reverse("opinion:conference", kwargs={"pk": conference.pk}))
    image = page.get_by_role("img", name="发言人在发布会上介绍项目进展")
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 48
    assert axe_audit(page) == []
    assert page.console_errors == [] and staff_page.console_errors == []
