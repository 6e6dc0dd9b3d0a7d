"""A service guide printed to PDF by Chromium (the A4 print stylesheet) carries every field's text."""

from __future__ import annotations

import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from .factories import guide_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guide_prints_to_a4_pdf_with_its_fields(live_server, page, team, artifacts_dir, axe_audit, format_violations):
    version = guide_published(*team)
    page.goto(live_server.url + reverse("service_guides:guide", args=[version.item.code]))
    assert page.get_by_role("heading", name="办理流程").is_visible()
    assert page.get_by_role("img", name="办理流程图").is_visible()
    violations = axe_audit(page)
    assert violations == [], format_violations(violations)
    pdf = page.pdf(prefer_css_page_size=True)  # the page size comes from the print stylesheet (@page A4)
    (artifacts_dir / "service-guide.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
    # NFKC: the CJK font maps some ideographs to Kangxi radical code points (⽬ for 目) in the text layer.
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages)).replace(" ", "").replace("\n", "")
    for needle in ("农业综合开发项目申报受理", "370704-NF-001", "农田建设项目管理办法", "第十二条", "项目申报书", "营业执照",
                   "不收费", "20个工作日", "10个工作日", "0536-7601234", "0536-12345", "可以网上申报吗"):
        assert needle in text, needle
    assert "下载Word版" not in text  # the tools are not printed
