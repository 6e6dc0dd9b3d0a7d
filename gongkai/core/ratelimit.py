"""One rate limiter for every public POST: per client address and per form, in the Django cache.

``RateLimitMiddleware`` counts each unsafe request (POST, PUT, PATCH, DELETE) to a URL that is not a
staff URL, keyed by the URL's name (the form) and the client's address, in fixed windows. Past the
limit the request is not handled: a page (or JSON under /api/) answers 429 in Chinese with
Retry-After. Staff URLs are not counted here: they need a login, and the login itself is counted.

The per-app rules that count stored rows (a commenter's phone per day in gongkai.decisions) stay
where they are; this limiter comes first and only stops floods.

Settings:
  GONGKAI_RATELIMIT_ENABLED   default on; off in the test settings (tests that need it turn it on)
  GONGKAI_RATELIMITS          {url name: (requests, seconds)} overriding RATES below
  GONGKAI_RATELIMIT_SCALE     multiplies every limit (env GONGKAI_RATELIMIT_SCALE, default 1), e.g. 1000
                              for a load benchmark from one address
  GONGKAI_RATELIMIT_CACHE     the cache alias to count in (default "default"); with several server
                              processes use a shared cache (Redis), or each process counts on its own
  GONGKAI_TRUSTED_PROXIES     addresses of reverse proxies whose X-Forwarded-For is believed
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# (requests, seconds) per client address and URL name. Forms people fill in by hand get a few per
# quarter of an hour; machine endpoints (webhooks, verification) more.
DEFAULT_RATE = (30, 60)
RATES: dict[str, tuple[int, int]] = {
    # Besides django-axes (one username at one address): many usernames tried from one address.
    # Generous, as a whole office may log in at nine from behind one NAT address.
    "workspace:login": (60, 600),
    "decisions:comment": (10, 600),
    "decisions:report": (20, 600),
    "decisions:meeting_register": (5, 600),
    "decisions:survey": (10, 600),  # also sends SMS codes
    "letters:new": (5, 600),
    "letters:rate": (10, 600),
    "letters:followup": (5, 600),
    "info_requests:apply": (5, 600),
    "publishing:subscribe": (5, 600),  # sends confirmation e-mail
    "publishing:subscribe_confirm": (20, 600),
    "publishing:unsubscribe": (20, 600),
    "publishing:interview": (5, 600),
    "publishing:verify": (30, 60),
    "api-v1:comment_create": (10, 600),
    "api-v1:letter_create": (5, 600),
    "api-v1:submit": (5, 600),  # info requests
    "api-v1:webhook": (600, 60),  # the monitoring vendor, HMAC-signed
}

MESSAGE = "提交过于频繁，请稍后再试。"

# URLs that are not counted: staff areas (login required) and the staff write API (bearer tokens).
STAFF_PREFIXES = ("/admin/", "/api/v1/staff/")


def is_staff_path(path: str) -> bool:
    """Staff URLs: the admin, and every path with a "staff" segment (/staff/…, /yisq/staff/…)."""
    return path.startswith(STAFF_PREFIXES) or "/staff/" in path


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind a trusted reverse proxy, the last address it forwarded."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    trusted = set(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ()))
    if remote in trusted:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        for address in reversed(forwarded):
            if address not in trusted:
                return address[:64]
    return remote[:64]


def rate_for(scope: str) -> tuple[int, int]:
    """(requests, seconds) for a form, after the settings' overrides and the scale."""
    overrides = getattr(settings, "GONGKAI_RATELIMITS", {}) or {}
    count, seconds = overrides.get(scope) or RATES.get(scope) or DEFAULT_RATE
    scale = float(getattr(settings, "GONGKAI_RATELIMIT_SCALE", 1) or 1)
    return max(1, math.floor(count * scale)), int(seconds)


def hit(*, scope: str, key: str, now: float | None = None) -> Verdict:
    """Count one request of `key` (a client address) to `scope` (a form); say whether it may go on."""
    limit, seconds = rate_for(scope)
    now = time.time() if now is None else now
    window = int(now // seconds)
    cache = caches[getattr(settings, "GONGKAI_RATELIMIT_CACHE", "default")]
    cache_key = f"rl:{scope}:{key}:{seconds}:{window}"
    # add() then incr(): atomic in Redis and in the local-memory cache; a racing add() loses harmlessly.
    cache.add(cache_key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=seconds + 1)
        count = 1
    retry_after = max(1, int((window + 1) * seconds - now))
    return Verdict(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)


def too_many(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """The 429 answer: JSON for the API, a page otherwise."""
    minutes = math.ceil(verdict.retry_after / 60)
    wait = f"请{verdict.retry_after}秒后再试。" if verdict.retry_after < 120 else f"请约{minutes}分钟后再试。"
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse(
            {"code": "rate_limited", "message": f"{MESSAGE[:-1]}，{wait}", "retry_after": verdict.retry_after},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        body = render_to_string("core/ratelimited.html", {"wait": wait}, request=request)
        response = HttpResponse(body, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


class RateLimitMiddleware:
    """Counts unsafe requests to public URLs per URL name and client address (see the module text)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if request.method not in UNSAFE_METHODS or not getattr(settings, "GONGKAI_RATELIMIT_ENABLED", True):
            return None
        scope = scope_of(request)
        if scope is None:
            return None
        verdict = hit(scope=scope, key=client_ip(request))
        return None if verdict.allowed else too_many(request, verdict)


def scope_of(request: HttpRequest) -> str | None:
    """The form a request goes to (its URL's full name), or None when the limiter does not count it."""
    match = request.resolver_match
    if match is None:
        return None
    name = match.view_name
    if name == "workspace:login":
        return name
    if is_staff_path(request.path_info):
        return None
    return name or request.path_info
