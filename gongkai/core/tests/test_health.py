"""/healthz: 200 when database, cache and queue answer; 503 naming the part that does not."""

from __future__ import annotations

import pytest

from . import servers

pytestmark = pytest.mark.django_db


def test_health_answers_ok_for_each_part_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "queue": "ok"}}
    assert client.post("/healthz").status_code == 405


def test_an_unreachable_cache_makes_the_server_unhealthy_without_telling_why(client, settings, caplog):
    nobody = servers.free_port()  # nothing listens there: the connection is refused at once
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{nobody}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failed", "checks": {"database": "ok", "cache": "failed", "queue": "ok"}}
    assert str(nobody) not in response.content.decode()  # the reason goes to the log only
    assert any("Health check cache failed" in r.getMessage() for r in caplog.records)
