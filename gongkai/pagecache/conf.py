"""The page cache's settings, read at call time so tests can switch them with `settings`."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

# Cookies that do not make a page personal. The display cookies choose a variant; the CSRF cookie
# only matters to pages with a form, and those are never stored (they set the cookie).
VARIANT_COOKIES = ("gk_elder", "gk_contrast", "gk_size")


def enabled() -> bool:
    return bool(getattr(settings, "GONGKAI_PAGECACHE_ENABLED", False))


def root() -> Path:
    return Path(settings.GONGKAI_PAGECACHE_DIR)


def max_age() -> int:
    return int(getattr(settings, "GONGKAI_PAGECACHE_MAX_AGE", 300))


def allowed_cookies() -> frozenset[str]:
    return frozenset((*VARIANT_COOKIES, settings.CSRF_COOKIE_NAME))


@lru_cache(maxsize=8)
def _exclude(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


def excluded(path: str) -> bool:
    return bool(_exclude(tuple(getattr(settings, "GONGKAI_PAGECACHE_EXCLUDE", ()))).search(path))
