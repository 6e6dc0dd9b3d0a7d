"""Input no database can store is refused before any view runs."""

from __future__ import annotations

import json

from django.http import HttpResponse, JsonResponse, QueryDict

MESSAGE = "请求中含有无效的控制字符（NUL），请检查后重新提交。"


def _query_has_nul(request) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists())


def _has_nul(request) -> bool:
    if "\x00" in request.path or _query_has_nul(request):
        return True
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if request.path.startswith("/api/"):
            # The API reads the raw body itself: keep it readable after the form is parsed here.
            request.body  # noqa: B018
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/json":
        body = request.body
        if b"\x00" in body:
            return True
        if b"\\u0000" in body:
            try:
                return _json_has_nul(json.loads(body))
            except ValueError:
                return False  # not JSON: the API answers that itself
    return False


def _json_has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_json_has_nul(k) or _json_has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(v) for v in value)
    return False


class RejectNulMiddleware:
    """PostgreSQL text cannot hold NUL characters. A page's query string loses them; any other
    request carrying one (API calls, posted forms, JSON bodies) is answered with a clear error
    (422 JSON on the API, 400 elsewhere) and changes nothing, instead of failing in the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and request.method in ("GET", "HEAD") and _query_has_nul(request):
            # A page link with a stray NUL: drop the character and show the page as usual (list pages
            # then explain any filter value they ignore), rather than an error page for a reader.
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid_input", "message": MESSAGE}, status=422)
            return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
