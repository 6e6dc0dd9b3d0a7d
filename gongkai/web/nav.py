"""The public site's main navigation: six entries, the same on every page (DESIGN.md)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# (key, label, url name, url kwargs)
MAIN_NAV = (
    ("home", "首页", "web:home", None),
    ("gk", "政务公开", "disclosures:index", None),
    ("interpretations", "政策解读", "interpretations:index", None),
    ("interaction", "互动交流", "letters:interaction", None),
    ("services", "办事服务", "service_guides:index", None),
    ("data", "数据发布", "results:index", None),
)

# Catalogue columns that belong to a main-navigation entry other than 政务公开.
COLUMN_NAV = {
    "interpretations": "interpretations",
    "responses": "interaction",
    "services": "services",
    "results": "data",
    "budgets": "data",
    "plans": "data",
}


def nav_items() -> tuple[dict, ...]:
    """The entries with their URLs (reversed once per URL configuration: every page shows them)."""
    return _nav_items(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=16)
def _nav_items(_prefix: str, _urlconf) -> tuple[dict, ...]:
    return tuple(
        {"key": key, "label": label, "url": reverse(name, kwargs=kwargs)} for key, label, name, kwargs in MAIN_NAV
    )


def nav_key_for_column(slug: str | None) -> str:
    return COLUMN_NAV.get(slug or "", "gk")


def nav_key_for_request(request) -> str:
    """Which main-navigation entry a request belongs to (views may override with `nav_active`)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.namespace == "disclosures":
        return nav_key_for_column(match.kwargs.get("slug"))
    if match.view_name == "web:home":
        return "home"
    return ""
