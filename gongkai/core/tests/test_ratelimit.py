"""The shared limiter of public POSTs (gongkai/core/ratelimit.py): every public URL is counted per
form and per address, the answer past the limit is a Chinese 429 page or JSON, nothing is stored."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import resolve, reverse

from gongkai.core import ratelimit
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.tests.urlwalk import fill, public_patterns

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limiter_on(settings):
    settings.GONGKAI_RATELIMIT_ENABLED = True
    settings.GONGKAI_RATELIMIT_SCALE = 1
    settings.GONGKAI_RATELIMITS = {}
    cache.clear()
    yield
    cache.clear()


def _exhaust(scope: str, key: str = "127.0.0.1") -> None:
    limit, _ = ratelimit.rate_for(scope)
    for _ in range(limit):
        assert ratelimit.hit(scope=scope, key=key).allowed


def test_every_public_url_counts_posts_per_form(client):
    """Each public URL (pages and API operations) answers 429 to a POST once its form's limit is used up
    by this address, before its view runs; another address and another form are not affected."""
    checked = 0
    for pattern in public_patterns():
        path = fill(pattern.route)
        scope = resolve(path).view_name  # two API operations can share one address
        cache.clear()
        _exhaust(scope)
        api = path.startswith("/api/")
        data, kind = ('{"x": "1"}', "application/json") if api else ("x=1", "application/x-www-form-urlencoded")
        response = client.post(path, data, content_type=kind)
        assert response.status_code == 429, (pattern.name, path, response.status_code)
        assert response["Retry-After"].isdigit()
        body = response.content.decode()
        if path.startswith("/api/"):
            assert response.json()["code"] == "rate_limited" and "提交过于频繁" in response.json()["message"]
        else:
            assert "提交过于频繁" in body and "未被受理" in body
        other = client.post(path, data, content_type=kind, REMOTE_ADDR="10.9.8.7")
        assert other.status_code != 429, (pattern.name, "another address")
        checked += 1
    assert checked > 50
    cache.clear()
    _exhaust("letters:new")
    assert client.post(reverse("letters:rate", args=["ABC"]), {}).status_code != 429  # another form


def test_limited_letter_is_not_stored(client):
    from gongkai.letters.models import Letter

    settings_limit = ratelimit.rate_for("letters:new")[0]
    assert settings_limit == ratelimit.RATES["letters:new"][0]
    _exhaust("letters:new")
    response = client.post(reverse("letters:new"), {"subject": "建议公开项目验收结果", "content": "建议逐项公开。", "name": "刘建华"})
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode() and Letter.objects.count() == 0


def test_the_limit_counts_real_posts_and_resets_with_the_window(client, settings):
    settings.GONGKAI_RATELIMITS = {"publishing:subscribe": (2, 60)}
    url = reverse("publishing:subscribe")
    codes = [client.post(url, {"email": "not-an-address"}).status_code for _ in range(3)]
    assert codes[:2] != [429, 429] and codes[2] == 429
    now = 1_900_000_000
    assert ratelimit.hit(scope="x:y", key="1.2.3.4", now=now).allowed
    limit, seconds = ratelimit.rate_for("x:y")
    for _ in range(limit - 1):
        ratelimit.hit(scope="x:y", key="1.2.3.4", now=now)
    verdict = ratelimit.hit(scope="x:y", key="1.2.3.4", now=now)
    assert not verdict.allowed and 1 <= verdict.retry_after <= seconds
    assert ratelimit.hit(scope="x:y", key="1.2.3.4", now=now + seconds).allowed  # next window


def test_scale_setting_multiplies_every_limit(settings):
    settings.GONGKAI_RATELIMIT_SCALE = 1000
    assert ratelimit.rate_for("letters:new") == (ratelimit.RATES["letters:new"][0] * 1000, ratelimit.RATES["letters:new"][1])
    assert ratelimit.rate_for("unknown:form")[0] == ratelimit.DEFAULT_RATE[0] * 1000
    settings.GONGKAI_RATELIMIT_SCALE = 0.001
    assert ratelimit.rate_for("letters:new")[0] == 1


def test_staff_urls_are_not_counted_but_the_login_is(client):
    user = staff(AgencyFactory(), "editor")
    client.force_login(user)
    for _ in range(ratelimit.DEFAULT_RATE[0] + 2):
        response = client.post(reverse("workspace:item_new"), {"title": ""})
        assert response.status_code == 200
    client.logout()
    _exhaust("workspace:login")
    response = client.post(reverse("workspace:login"), {"username": user.username, "password": "correct-horse-42"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_disabled_limiter_counts_nothing(client, settings):
    settings.GONGKAI_RATELIMIT_ENABLED = False
    _exhaust("publishing:subscribe")
    assert client.post(reverse("publishing:subscribe"), {"email": "x"}).status_code != 429


def test_client_address_behind_a_trusted_proxy(rf, settings):
    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2")
    assert ratelimit.client_ip(request) == "10.0.0.2"  # proxy not trusted: its header is ignored
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.2"]
    assert ratelimit.client_ip(request) == "203.0.113.9"
    spoofed = rf.post("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert ratelimit.client_ip(spoofed) == "198.51.100.7"
