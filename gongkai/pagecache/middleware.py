"""Serve public pages from the file store, store what may be stored, and answer conditional GETs.

Outermost middleware: a stored page carries the headers the whole stack added when it was
rendered (CSP and the other security headers included), so a hit needs no other middleware,
and no database query.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from . import conf, store, tracking

SAFE_PATH = re.compile(r"^/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*$")
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}
# Headers that belong to one response, never stored with the page.
VOLATILE = {"content-length", "date", "etag", "last-modified", "set-cookie", "x-cache", "expires"}


def variant(request: HttpRequest) -> str | None:
    """The display variant this anonymous request may be served from the cache, or None (bypass)."""
    if not conf.enabled() or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # SecurityMiddleware redirects it
    try:
        request.get_host()  # an unknown Host header gets the stack's 400, not a cached page
    except DisallowedHost:
        return None
    path = request.path
    if not SAFE_PATH.match(path) or conf.excluded(path):
        return None
    cookies = request.COOKIES
    if not set(cookies) <= conf.allowed_cookies():
        return None
    size = cookies.get("gk_size", "") or "0"
    if size not in ("0", "1", "2", "3"):
        return None
    elder = "1" if cookies.get("gk_elder") == "1" else "0"
    contrast = "1" if cookies.get("gk_contrast") == "1" else "0"
    return f"e{elder}c{contrast}s{size}"


def storable(request: HttpRequest, response: HttpResponse, recorder: tracking.Recorder) -> bool:
    """Only a plain public 200 HTML page that gave nothing to this visitor alone."""
    if request.method != "GET" or response.status_code != 200 or response.streaming or recorder.wrote:
        return False
    if not response.get("Content-Type", "").startswith("text/html") or response.cookies:
        return False
    if "CSRF_COOKIE_NEEDS_UPDATE" in request.META:  # the page embeds a CSRF token
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        if "'nonce-" in response.get(name, ""):
            return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if not vary <= ALLOWED_VARY:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def file_etag(mtime: float, size: int) -> str:
    """The ETag nginx gives the same file, so both servers answer the same validator."""
    return f'"{int(mtime):x}-{size:x}"'


def _mark_cached(response: HttpResponse, mtime: float, size: int) -> None:
    response["ETag"] = file_etag(mtime, size)
    response["Last-Modified"] = http_date(int(mtime))


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """ETag on every GET/HEAD answer (pages and API alike), and 304 when the client already has it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    if "no-store" in response.get("Cache-Control", "") and not response.has_header("ETag"):
        return response
    if not response.has_header("ETag"):
        set_response_etag(response)
    last_modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
    return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = variant(request)
        if name is None:
            return conditional(request, self.get_response(request))
        key = f"/{name}{request.path}"
        hit = store.lookup(key)
        if hit is not None:
            response = HttpResponse(hit.body)
            for header, value in hit.headers:
                response[header] = value
            _mark_cached(response, hit.mtime, len(hit.body))
            response["X-Cache"] = "HIT"
            return conditional(request, response)
        started = store.generation()
        with tracking.recording(tracking.Recorder()) as recorder:
            response = self.get_response(request)
        if storable(request, response, recorder):
            patch_cache_control(response, no_cache=True)  # browsers revalidate: a withdrawn page never lingers there
            headers = [(k, v) for k, v in response.items() if k.lower() not in VOLATILE]
            stat = store.save(key=key, body=response.content, headers=headers, deps=recorder.deps, started=started)
            if stat is not None:
                _mark_cached(response, stat.st_mtime, stat.st_size)
                response["X-Cache"] = "MISS"
        return conditional(request, response)
