"""Uploads carry no active content: HTML, XHTML, SVG (with or without script) and markup hidden in a
PDF or image are refused by content, whatever their name or declared type; what is stored is served
as a download (or as an image in a sandbox) with nosniff."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core import files
from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.tests.test_files import JPEG, PNG, make_docx, make_pdf
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import services as disclosures
from gongkai.disclosures.models import Attachment
from gongkai.disclosures.tests.factories import draft

pytestmark = pytest.mark.django_db

SVG_SCRIPT = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
SVG_ONLOAD = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
SVG_FOREIGN = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="100" height="100">'
    b'<iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"></iframe></foreignObject></svg>'
)
SVG_PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
HTML = b"<!DOCTYPE html><html><body><script>fetch('/staff/')</script></body></html>"
HTML_LOWER = b"  \n<p>hello</p><img src=x onerror=alert(1)>"
XHTML = b'<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>'
HTML_UTF16 = "<html><script>alert(1)</script></html>".encode("utf-16")
HTML_UTF16_NO_BOM = "<html><script>alert(1)</script></html>".encode("utf-16-le")
PDF_POLYGLOT = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n1 0 obj<<>>endobj\n%%EOF\n"
PNG_POLYGLOT = PNG + b"<svg onload=alert(1)>"
JPEG_POLYGLOT = JPEG[:4] + b"<script>alert(1)</script>" + JPEG[4:]

PAYLOADS = {
    "svg-script": SVG_SCRIPT,
    "svg-onload": SVG_ONLOAD,
    "svg-foreignobject": SVG_FOREIGN,
    "svg-plain": SVG_PLAIN,
    "html": HTML,
    "html-fragment": HTML_LOWER,
    "xhtml": XHTML,
    "html-utf16": HTML_UTF16,
    "html-utf16-no-bom": HTML_UTF16_NO_BOM,
    "pdf-polyglot": PDF_POLYGLOT,
    "png-polyglot": PNG_POLYGLOT,
    "jpeg-polyglot": JPEG_POLYGLOT,
}


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_active_content_is_refused_by_content(name):
    data = PAYLOADS[name]
    assert files.sniff(data) is None
    assert files.active_content(data)


def test_plain_files_are_still_accepted():
    assert files.sniff(make_pdf([["page one"]])) == files.FileKind.PDF
    assert files.sniff(make_docx()) == files.FileKind.DOCX
    assert files.sniff(PNG) == files.FileKind.PNG and files.sniff(JPEG) == files.FileKind.JPEG
    for data in (make_pdf([["page one"]]), PNG, JPEG):
        assert files.active_content(data[:4096]) is None


@pytest.mark.parametrize(("name", "upload_as", "declared"), [
    ("svg-script", "通知.png", "image/png"),
    ("html", "通知.pdf", "application/pdf"),
    ("xhtml", "通知.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("pdf-polyglot", "通知.pdf", "application/pdf"),
])
def test_workspace_attachment_with_active_content_is_refused_and_nothing_stored(name, upload_as, declared):
    editor = staff(AgencyFactory(), Role.EDITOR)
    version = draft(editor, title="关于印发农田管护办法的通知")
    upload = SimpleUploadedFile(upload_as, PAYLOADS[name], content_type=declared)
    with pytest.raises(WorkflowError, match="不支持的文件类型"):
        disclosures.attachment_add(version=version, by=editor, upload=upload)
    assert not Attachment.objects.exists()


def test_public_letter_with_an_svg_attachment_is_refused(client):
    from gongkai.letters import services as letters
    from gongkai.letters.models import Letter

    agency = AgencyFactory()
    upload = SimpleUploadedFile("照片.jpg", SVG_ONLOAD, content_type="image/jpeg")
    with pytest.raises(letters.LetterInputError, match="格式不支持"):
        letters.letter_submit(agency=agency, subject="建议", content="建议公开。", name="刘建华", phone="13805361234", attachments=[upload])
    assert not Letter.objects.exists()


def test_stored_attachments_are_served_as_downloads_with_nosniff(client):
    from gongkai.workspace.tests.helpers import walk

    agency = AgencyFactory()
    editor, reviewer, signer = staff(agency, Role.EDITOR), staff(agency, Role.REVIEWER), staff(agency, Role.SIGNER)
    version = draft(editor, title="关于印发农田管护办法的通知")
    disclosures.attachment_add(version=version, by=editor, upload=SimpleUploadedFile("<script>办法.pdf", make_pdf([["body text"]])))
    attachment = Attachment.objects.get()
    walk(version, editor=editor, reviewer=reviewer, signer=signer)
    public = client.get(reverse("disclosures:attachment", args=[attachment.pk]))
    client.force_login(editor)
    staff_copy = client.get(reverse("workspace:attachment", args=[attachment.pk]))
    for response in (public, staff_copy):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "<" not in response["Content-Disposition"]  # the name is percent-encoded
        assert response["X-Content-Type-Options"] == "nosniff"


def test_oversized_attachment_is_refused(settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 1024
    editor = staff(AgencyFactory(), Role.EDITOR)
    version = draft(editor, title="关于印发农田管护办法的通知")
    big = SimpleUploadedFile("大文件.pdf", make_pdf([["body " * 2000]]) + b"0" * 2048)
    with pytest.raises(WorkflowError, match="附件过大"):
        disclosures.attachment_add(version=version, by=editor, upload=big)
    assert not Attachment.objects.exists()
