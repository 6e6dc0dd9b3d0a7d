"""Accessibility of the public site and the staff workspace in Chromium, audited with axe-core.

Each page is opened at 1280 px (desktop) and at 390 px (phone); the home page also in 长者模式.
On every page: no serious or critical axe-core violations, no console errors (CSP violations
among them), no failed requests, no horizontal scrolling of the page, and the Chinese h1 drawn
in a CJK font. All problems of a run are collected and reported together.
Screenshots go to test-artifacts/a11y-<page>-<width>.png.
"""

from __future__ import annotations

import io

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import services
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory

pytestmark = pytest.mark.browser

WIDTHS = {
    "1280": {"width": 1280, "height": 900},
    "390": {"width": 390, "height": 844},
}
# A valid resident ID number (GB 11643 check digit), for an open screening hit on the version page.
RESIDENT_ID = "370704198503122717"


def _docx(name: str, text: str) -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _publish(version, team):
    version = services.version_submit(version=version, by=team["editor"])
    version = services.version_approve(version=version, by=team["reviewer"])
    version = services.version_sign(version=version, by=team["signer"])
    version.refresh_from_db()
    return version


@pytest.fixture
def world(settings, tmp_path):
    """An agency with a published item (with an attachment), items in every queue, and a draft
    with an open screening hit; `boss` holds every role and sees all of it."""
    settings.MEDIA_ROOT = tmp_path
    agency = AgencyFactory(name=settings.GONGKAI_SITE["title"], slug="nongfa")
    team = {role: staff(agency, role) for role in ("editor", "reviewer", "signer")}
    column = ColumnFactory(slug="decisions", name="决策公开")
    topic = TopicFactory(code="T100", name="农业、林业、水利")
    fields = {"column": column, "topic": topic, "doc_number": "坊农发〔2026〕3号", "summary": "公示项目的地点和规模。"}

    def draft(editor, **more):  # (factories.draft would add a stray column and topic to every page's menus)
        return services.item_create(by=editor, **{"body": "<p>根据有关规定，现将有关情况公示如下。</p>", **fields, **more})

    live = draft(team["editor"], title="关于2026年高标准农田建设项目的公示")
    services.attachment_add(version=live, by=team["editor"], upload=_docx("项目清单.docx", "项目清单"))
    live = _publish(live, team)

    services.version_submit(version=draft(team["editor"], title="待审核的通知"), by=team["editor"])
    reviewed = services.version_submit(version=draft(team["editor"], title="待签发的通知"), by=team["editor"])
    services.version_approve(version=reviewed, by=team["reviewer"])

    held = draft(team["editor"], title="含个人信息的补助名单", body=f"<p>王某某，身份证号{RESIDENT_ID}。</p>")
    services.attachment_add(version=held, by=team["editor"], upload=_docx("补助名单.docx", "补助对象名单"))
    with pytest.raises(WorkflowError):
        services.version_submit(version=held, by=team["editor"])
    assert held.screening_hits.count() == 1

    boss = staff(agency, "editor", "reviewer", "signer", "agency_admin", display_name="赵主任")
    return {"item": live.item, "held": held, "boss": boss}


@pytest.fixture
def audit(artifacts_dir, axe_audit, format_violations, rendered_fonts):
    """audit(page, name, width) -> list of problems found on the page as it is now."""

    def check(page, name: str, width: str, *, cjk=("h1",)) -> list[str]:
        where = f"{name} @ {width}px"
        page.locator("h1").first.wait_for(state="visible")
        page.screenshot(path=str(artifacts_dir / f"a11y-{name}-{width}.png"), full_page=True)
        problems = []
        violations = axe_audit(page)
        if violations:
            problems.append(f"{where}: axe-core\n{format_violations(violations)}")
        for selector in cjk:
            fonts = rendered_fonts(page, selector)
            if not any("CJK" in family or "Noto" in family for family in fonts):
                problems.append(f"{where}: {selector} drawn in {fonts}, no CJK font")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{where}: page scrolls sideways by {overflow}px")
        if page.console_errors:
            problems.append(f"{where}: console errors {page.console_errors}")
        failed = [r for r in page.failed_requests if not r.endswith("/favicon.ico")]
        if failed:
            problems.append(f"{where}: failed requests {failed}")
        page.console_errors.clear()
        page.failed_requests.clear()
        return problems

    return check


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages(live_server, new_page, audit, world, width):
    page = new_page(viewport=WIDTHS[width])
    item = world["item"]
    problems = []
    # The home page's h1 is visually hidden: its visible site title is checked as well.
    for name, url in (
        ("home", reverse("web:home")),
        ("list", reverse("disclosures:list")),
        ("item", item.get_absolute_url()),
        ("guide", reverse("web:guide")),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, (url, response.status)
        problems += audit(page, name, width, cjk=("h1", ".site-title a") if name == "home" else ("h1",))

    # 长者模式, switched on with the link in the header like a reader would (it sets the gk_elder cookie).
    page.goto(live_server.url + reverse("web:home"))
    page.get_by_role("link", name="长者模式", exact=True).click()
    page.wait_for_url(live_server.url + reverse("web:home"))
    assert "elder" in page.evaluate("() => document.documentElement.className.split(' ')")
    assert any(c["name"] == "gk_elder" and c["value"] == "1" for c in page.context.cookies())
    problems += audit(page, "home-elder", width, cjk=("h1", ".site-title a"))
    assert problems == [], "\n\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_pages(live_server, new_page, audit, world, width):
    page = new_page(viewport=WIDTHS[width])
    problems = []
    response = page.goto(live_server.url + reverse("workspace:login"))
    assert response.status == 200
    problems += audit(page, "staff-login", width)

    # Logged in through Django's session cookie (the journey test logs in through the form).
    client = Client()
    client.force_login(world["boss"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    for name, url in (
        ("staff-dashboard", reverse("workspace:home")),
        ("staff-version", reverse("workspace:version", args=[world["held"].pk])),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200 and page.url == live_server.url + url, (url, page.url)
        problems += audit(page, name, width)
    assert page.locator("table.ws-hits tbody tr").count() == 1  # the version page shows its open hit
    assert problems == [], "\n\n".join(problems)
