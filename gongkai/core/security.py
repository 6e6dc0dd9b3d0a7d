"""Middleware for what Django's SecurityMiddleware does not cover: Permissions-Policy, a cap on the
size of a request body, and the idle timeout of logged-in sessions (settings in the
``# --- security ---`` block of gongkai/config/settings.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from gongkai.core.files import human_size

LAST_SEEN_KEY = "gongkai_last_seen"
# The session is written at most this often just to move the idle clock (not on every request).
_TOUCH_EVERY = 60


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy (no camera, microphone, location, payment… for any page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "GONGKAI_PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is larger than GONGKAI_REQUEST_MAX_BYTES before reading it
    (413, in Chinese). Each upload form has its own smaller per-file limit on top."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "GONGKAI_REQUEST_MAX_BYTES", 0) or 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            text = f"提交的内容过大（{human_size(length)}），超过了允许的{human_size(limit)}。请减少或压缩附件后重试。"
            response = HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Logs out a session that has been idle for GONGKAI_SESSION_IDLE_SECONDS (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        idle = int(getattr(settings, "GONGKAI_SESSION_IDLE_SECONDS", 0) or 0)
        if idle and user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN_KEY)
            if last is not None and now - int(last) > idle:
                logout(request)
                messages.info(request, f"您已连续{idle // 60}分钟未操作，为保护账号安全已自动退出，请重新登录。")
                login = reverse("workspace:login")
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else login)
            if last is None or now - int(last) >= _TOUCH_EVERY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
