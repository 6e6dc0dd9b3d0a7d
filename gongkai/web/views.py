"""Public site pages that belong to no single domain app: home, guide, site map, display preferences, errors."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongkai.disclosures import selectors

from .context_processors import FONT_SIZES, font_size

logger = logging.getLogger(__name__)

# Columns shown as blocks on the home page, in this order (missing ones are skipped).
HOME_COLUMNS = ("decisions", "execution", "interpretations", "results")
HOME_LATEST = 8
HOME_PER_COLUMN = 5
PREF_COOKIE_AGE = 365 * 24 * 3600

# Sub-columns of the 政府信息公开 column that are pages rather than catalogue columns (DESIGN.md).
SPECIAL_COLUMNS = ("guide", "annual-reports")


def home(request: HttpRequest) -> HttpResponse:
    columns = selectors.public_columns()
    by_slug = {c.slug: c for c in columns}
    blocks = [
        {
            "column": by_slug[slug],
            "versions": selectors.public_latest(
                limit=HOME_PER_COLUMN, column_ids=selectors.column_ids_below(columns, by_slug[slug])
            ),
        }
        for slug in HOME_COLUMNS
        if slug in by_slug
    ]
    return render(
        request,
        "web/home.html",
        {
            "latest": selectors.public_latest(limit=HOME_LATEST),
            "blocks": blocks,
            "annual_reports": by_slug.get("annual-reports"),
        },
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return reverse("web:home")


@never_cache
@require_GET
def prefs(request: HttpRequest) -> HttpResponse:
    """Set the reader's display preferences (长者模式, 高对比度, 字号) as cookies and go back."""
    response = HttpResponseRedirect(_safe_next(request))
    options = {"max_age": PREF_COOKIE_AGE, "samesite": "Lax", "secure": settings.SESSION_COOKIE_SECURE, "httponly": True}
    for param, cookie in (("elder", "gk_elder"), ("contrast", "gk_contrast")):
        value = request.GET.get(param)
        if value == "1":
            response.set_cookie(cookie, "1", **options)
        elif value == "0":
            response.delete_cookie(cookie, samesite="Lax")
    size = request.GET.get("size")
    if size in ("up", "down", "reset"):
        current = font_size(request)
        new = {"up": current + 1, "down": current - 1, "reset": 0}[size]
        new = min(max(new, FONT_SIZES.start), FONT_SIZES.stop - 1)
        if new:
            response.set_cookie("gk_size", str(new), **options)
        else:
            response.delete_cookie("gk_size", samesite="Lax")
    return response


def guide(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南 (条例第十二条)."""
    columns = selectors.public_columns()
    site = settings.GONGKAI_SITE
    agency = selectors.guide_agency(site["title"])
    office = {
        "name": agency.name if agency else site["title"],
        "address": (agency.address if agency else "") or site.get("address", ""),
        "hours": agency.office_hours if agency else "",
        "phone": (agency.phone if agency else "") or site.get("phone", ""),
        "fax": agency.fax if agency else "",
        "email": agency.email if agency else "",
    }
    catalogue = [c for c in columns if c.parent_id is None and c.slug not in SPECIAL_COLUMNS]
    return render(
        request,
        "web/guide.html",
        {
            "office": office,
            "index_prefix": agency.credit_code if agency else "",
            "catalogue": catalogue,
            "annual_reports": next((c for c in columns if c.slug == "annual-reports"), None),
            "nav_active": "gk",
            "tree_active": "guide",
            "breadcrumbs": [("政务公开", reverse("disclosures:index")), ("公开指南", None)],
        },
    )


def sitemap(request: HttpRequest) -> HttpResponse:
    columns = selectors.public_columns()
    return render(
        request,
        "web/sitemap.html",
        {
            "catalogue": [c for c in columns if c.parent_id is None and c.slug not in SPECIAL_COLUMNS],
            "annual_reports": next((c for c in columns if c.slug == "annual-reports"), None),
            "breadcrumbs": [("网站地图", None)],
        },
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "web/404.html", {"breadcrumbs": [("页面不存在", None)]}, status=404)


_FALLBACK_500 = (
    '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>服务器错误</title>'
    "<h1>抱歉，服务器出现错误</h1><p>请稍后再试，或返回<a href=\"/\">首页</a>。</p></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors or database: the error may be the database itself."""
    try:
        body = loader.get_template("web/500.html").render({"site_title": settings.GONGKAI_SITE.get("title", "")})
    except Exception:  # the error page must never fail
        logger.exception("500 template failed")
        body = _FALLBACK_500
    return HttpResponseServerError(body)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon."""
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("web/favicon.svg"))
