"""In a real browser: open a published item, read its ledger hash, verify the item and its attachment."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures import services as gk
from gongkai.disclosures.tests.factories import draft
from gongkai.publishing.models import LedgerEntry

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_reader_sees_an_items_hash_and_verifies_it_and_its_attachment(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency = AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa")
    editor, reviewer, signer = staff(agency, Role.EDITOR), staff(agency, Role.REVIEWER), staff(agency, Role.SIGNER)
    version = draft(editor, title="坊子区2025年高标准农田建设项目公示")
    gk.attachment_add(version=version, by=editor, upload=SimpleUploadedFile("项目清单.pdf", PDF, content_type="application/pdf"))
    version = gk.version_submit(version=version, by=editor)
    version = gk.version_approve(version=version, by=reviewer)
    gk.version_sign(version=version, by=signer)
    entry = LedgerEntry.objects.get()
    base = live_server.url

    page.goto(base + version.item.get_absolute_url())
    badge = page.locator(".ledger-badge")
    assert badge.locator("code.hash").inner_text() == entry.content_sha256
    assert f"公开账本第 {entry.position} 条" in badge.inner_text()

    badge.get_by_role("link", name="核验").click()
    page.wait_for_url(f"{base}/ledger/items/{entry.item_id}/")
    assert "一致：本信息每一次发布、修订、撤回的内容与公开账本记录相符" in page.locator(".alert").inner_text()
    assert entry.content_sha256 in page.locator("table.data-table").inner_text()

    page.goto(base + "/ledger/verify/")
    page.set_input_files("#id_file", files=[{"name": "下载的清单.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="核验").click()
    assert hashlib.sha256(PDF).hexdigest() in page.content()
    assert "一致：该文件与以下已发布附件完全相同" in page.locator(".alert").inner_text()
    assert "项目清单.pdf" in page.content()

    page.set_input_files("#id_file", files=[{"name": "改过的.pdf", "mimeType": "application/pdf", "buffer": PDF + b"x"}])
    page.get_by_role("button", name="核验").click()
    assert "不一致" in page.locator(".alert").inner_text()

    feed = page.request.get(base + "/feeds/rss.xml").text()
    assert entry.entry_hash in feed and "坊子区2025年高标准农田建设项目公示" in feed
