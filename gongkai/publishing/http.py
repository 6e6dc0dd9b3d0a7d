"""Conditional GET and read-only CORS for the open-data API (a Django view decorator for ninja's decorate_view)."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
    "Access-Control-Max-Age": "86400",
}


def open_data(view):
    """ETag from the body (Last-Modified when the endpoint set one), 304 on a matching conditional GET,
    and CORS headers so that any web page may read the data (never write)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        for key, value in CORS_HEADERS.items():
            response[key] = value
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            set_response_etag(response)
            response["Cache-Control"] = "public, max-age=60"
            last_modified = response.get("Last-Modified")
            from django.utils.http import parse_http_date_safe

            response = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(last_modified) if last_modified else None,
                response=response,
            )
            for key, value in CORS_HEADERS.items():
                response[key] = value
        return response

    return wrapper


def preflight(request, *args, **kwargs) -> HttpResponse:
    response = HttpResponse(status=204)
    for key, value in CORS_HEADERS.items():
        response[key] = value
    return response
