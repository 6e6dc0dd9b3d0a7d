"""Smoke tests in a real browser: the site's pages load in Chromium, in Chinese, with their
stylesheet, under the site's CSP, and without serious accessibility problems (axe-core).

Screenshots go to test-artifacts/ for a person to look at.
"""

import re

import pytest
from django.http import HttpResponse
from django.template import TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.urls import path

from gongkai.config import urls as site_urls

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")


def _base_layout_view(request):
    """A page built on base.html alone, so the layout is tested whatever the public pages are."""
    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}浏览器冒烟测试 - {{ site.title }}{% endblock %}'
        "{% block content %}<h1>政府信息公开</h1><p>依法公开政府信息，方便人民群众查阅。</p>{% endblock %}"
    )
    return HttpResponse(template.render({}, request))


# The site's URLs plus the page above (pytest.mark.urls points here); the site's own
# URL names keep working, so header and footer links reverse as usual.
urlpatterns = [path("__smoke__/layout/", _base_layout_view), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def _check_page(page, response, *, name, artifacts_dir, axe_audit, rendered_fonts, format_violations):
    assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
    title = page.title()
    assert CJK.search(title), f"title without Chinese: {title!r}"

    heading = page.locator("h1").first
    heading.wait_for(state="visible")
    text = heading.inner_text()
    assert CJK.search(text), f"h1 without Chinese: {text!r}"
    box = heading.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    # The Chinese characters are drawn with a CJK font, not as empty boxes.
    fonts = rendered_fonts(page, "h1")
    assert any("CJK" in family for family in fonts), f"h1 drawn with {fonts}, no CJK font (fonts-noto-cjk missing?)"

    # The stylesheet of base.html was served and applied (static files on the live server).
    # (A failed load would be in page.failed_requests, checked below.)
    sheets = page.evaluate("() => Array.from(document.styleSheets, s => s.href || 'inline')")
    assert any(href.endswith("/static/web/site.css") for href in sheets), sheets

    page.screenshot(path=str(artifacts_dir / f"smoke-{name}.png"), full_page=True)

    assert page.console_errors == [], "console errors (CSP violation?):\n" + "\n".join(page.console_errors)
    failed = [r for r in page.failed_requests if not r.endswith(("/favicon.ico",)) and not r.endswith(response.url)]
    assert failed == [], f"requests that failed: {failed}"

    violations = axe_audit(page)
    assert violations == [], "axe-core found serious/critical problems:\n" + format_violations(violations)


@pytest.mark.urls(__name__)
def test_base_layout_in_chromium(live_server, page, artifacts_dir, axe_audit, rendered_fonts, format_violations):
    response = page.goto(live_server.url + "/__smoke__/layout/")
    assert response.status == 200
    assert response.headers.get("content-security-policy", "").find("script-src 'self'") >= 0
    _check_page(
        page,
        response,
        name="base-layout",
        artifacts_dir=artifacts_dir,
        axe_audit=axe_audit,
        rendered_fonts=rendered_fonts,
        format_violations=format_violations,
    )


@pytest.mark.parametrize(
    ("url", "name", "statuses"),
    [
        ("/", "home", (200, 404)),  # 404: the site's own 404 page, until the home page exists
        ("/no-such-page-smoke-test/", "not-found", (404,)),
    ],
)
def test_public_page_in_chromium(
    live_server, page, artifacts_dir, axe_audit, rendered_fonts, format_violations, url, name, statuses
):
    response = page.goto(live_server.url + url)
    if response.status >= 500:
        try:
            get_template("web/404.html")
        except TemplateDoesNotExist:
            pytest.skip("the public pages (web/404.html) do not exist yet")
    assert response.status in statuses, f"GET {url} answered {response.status}"
    _check_page(
        page,
        response,
        name=name if response.status == 200 else f"{name}-404",
        artifacts_dir=artifacts_dir,
        axe_audit=axe_audit,
        rendered_fonts=rendered_fonts,
        format_violations=format_violations,
    )
