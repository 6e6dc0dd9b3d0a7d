"""Redis as the cache and task queue that several app servers share, against a real redis-server.

The settings are read from the environment exactly as in production (REDIS_URL / CACHE_URL,
HUEY_REDIS_URL); the cache and Huey then talk to a redis-server this module starts on loopback.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import redis
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from huey.utils import load_class

from gongkai.core import ratelimit

from . import servers


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with servers.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def production(monkeypatch, tmp_path):
    """settings.py as production runs it, with the given environment."""
    return lambda **env: servers.settings_from_env(monkeypatch, tmp_path, env)


@pytest.fixture
def redis_cache(redis_url, production, settings):
    """The cache configured by REDIS_URL, as `django.core.cache.cache`; emptied afterwards."""
    settings.CACHES = production(REDIS_URL=redis_url)["CACHES"]
    yield cache
    redis.Redis.from_url(redis_url).flushdb()


def test_redis_url_or_cache_url_selects_djangos_redis_cache(production):
    one = production(REDIS_URL="redis://10.0.0.5:6379/1")["CACHES"]["default"]
    assert one["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert one["LOCATION"] == "redis://10.0.0.5:6379/1" and one["KEY_PREFIX"] == "gongkai"

    both = production(REDIS_URL="redis://a:6379/0", CACHE_URL="rediss://b:6380/2, redis://replica:6379/2")
    assert both["CACHES"]["default"]["LOCATION"] == ["rediss://b:6380/2", "redis://replica:6379/2"]

    alone = production()["CACHES"]["default"]
    assert alone["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_cache_url_that_is_not_redis_stops_the_start(production):
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        production(CACHE_URL="memcached://127.0.0.1:11211")


def test_cache_operations_go_to_redis_and_every_app_server_sees_them(redis_cache, redis_url):
    redis_cache.set("page:/xxgk/", "<h1>政务公开</h1>", timeout=60)
    redis_cache.set_many({"a": {"标题": "通知", "n": [1, 2]}, "b": 2, "c": 3})
    assert redis_cache.get("page:/xxgk/") == "<h1>政务公开</h1>"
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"标题": "通知", "n": [1, 2]}, "b": 2}
    assert redis_cache.add("b", 99) is False and redis_cache.get("b") == 2
    assert redis_cache.incr("b") == 3 and redis_cache.incr("b", 10) == 13 and redis_cache.decr("b", 3) == 10
    with pytest.raises(ValueError):
        redis_cache.incr("never-set")

    # Another app server: its own connection pool, same Redis, same values.
    other = caches.create_connection("default")
    assert other is not redis_cache
    assert other.get("page:/xxgk/") == "<h1>政务公开</h1>" and other.get("b") == 10
    other.delete_many(["a", "b"])
    assert redis_cache.get_many(["a", "b", "c"]) == {"c": 3}

    # The values really are in Redis, under the key prefix, with the timeout given.
    raw = redis.Redis.from_url(redis_url)
    stored = sorted(k.decode() for k in raw.keys("*"))
    assert stored == [redis_cache.make_key("c"), redis_cache.make_key("page:/xxgk/")]
    assert all(k.startswith("gongkai:") for k in stored)
    assert 0 < raw.ttl(redis_cache.make_key("page:/xxgk/")) <= 60

    redis_cache.clear()
    assert raw.dbsize() == 0 and redis_cache.get("c") is None


def test_rate_limit_counts_in_redis_so_every_app_server_sees_one_count(redis_cache, redis_url):
    limit, _ = ratelimit.rate_for("letters:new")
    now = time.time()
    counts = [ratelimit.hit(scope="letters:new", key="203.0.113.7", now=now) for _ in range(limit)]
    assert [v.count for v in counts] == list(range(1, limit + 1)) and all(v.allowed for v in counts)

    # Another app server: a thread has a cache connection of its own.
    elsewhere = []
    worker = threading.Thread(target=lambda: elsewhere.append(ratelimit.hit(scope="letters:new", key="203.0.113.7", now=now)))
    worker.start()
    worker.join()
    assert elsewhere[0].count == limit + 1 and not elsewhere[0].allowed
    assert ratelimit.hit(scope="letters:new", key="203.0.113.8", now=now).allowed  # another visitor

    keys = [k.decode() for k in redis.Redis.from_url(redis_url).keys("*")]
    assert sorted(k.split(":")[3:6] for k in keys) == [["letters", "new", "203.0.113.7"], ["letters", "new", "203.0.113.8"]]


def test_redis_huey_queues_a_task_and_a_worker_runs_it(redis_cache, redis_url, production):
    """HUEY_REDIS_URL: the web process only queues; a worker takes the task from Redis and runs it."""
    conf = production(HUEY_REDIS_URL=redis_url)["HUEY"]
    assert conf["huey_class"] == "huey.RedisHuey" and conf["url"] == redis_url and conf["immediate"] is False
    options = {k: v for k, v in conf.items() if k not in ("huey_class", "name", "consumer")}
    queue = load_class(conf["huey_class"])(f"{conf['name']}-test-{uuid.uuid4().hex[:8]}", **options)

    @queue.task()
    def count_visits(key: str, by: int) -> int:
        return cache.incr(key, by)

    redis_cache.set("visits", 10)
    result = count_visits("visits", 5)

    assert queue.pending_count() == 1 and redis_cache.get("visits") == 10  # queued, not run
    task = queue.dequeue()  # what a consumer worker does: take it from Redis …
    assert task is not None and task.name.endswith("count_visits") and task.args == ("visits", 5)
    queue.execute(task)  # … run it and store the result in Redis
    assert result.get(blocking=True, timeout=5) == 15
    assert redis_cache.get("visits") == 15 and queue.pending_count() == 0
    queue.flush()
