"""GET /healthz: can this app server serve? For load balancers, nginx checks and monitoring.

It asks the database, the cache and the task queue one small question each and answers 200 when
all three answer, else 503. It names the parts and says ok or failed, nothing more (no versions,
no addresses, no error text): anyone may call it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache() -> bool:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, 1, timeout=10)
    try:
        return cache.get(key) == 1
    finally:
        cache.delete(key)


def _queue() -> bool:
    from huey.contrib.djhuey import HUEY

    HUEY.pending_count()  # reaches the queue's storage (Redis or the SQLite file)
    return True


CHECKS: dict[str, Callable[[], bool]] = {"database": _database, "cache": _cache, "queue": _queue}


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", …} when database, cache and queue answer; 503 naming what failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failed"
        except Exception:  # any failure of a backend is the answer, not an error of this page
            logger.exception("Health check %s failed", name)
            results[name] = "failed"
    healthy = all(r == "ok" for r in results.values())
    response = JsonResponse({"status": "ok" if healthy else "failed", "checks": results}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
