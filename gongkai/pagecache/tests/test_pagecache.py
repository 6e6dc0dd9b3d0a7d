"""The full-page cache: served from files, invalidated exactly when what a page shows changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.signals import template_rendered
from django.urls import reverse

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.decisions import services as decision_services
from gongkai.decisions.tests.factories import in_consultation
from gongkai.disclosures import services
from gongkai.disclosures.models import ItemVersion
from gongkai.disclosures.tests.test_public_pages import publish, revise
from gongkai.pagecache import nginx, tracking
from gongkai.pagecache.models import CachedPage

pytestmark = pytest.mark.django_db

DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"


@pytest.fixture
def cache_dir(settings, tmp_path):
    settings.GONGKAI_PAGECACHE_ENABLED = True
    settings.GONGKAI_PAGECACHE_DIR = tmp_path / "pagecache"
    return settings.GONGKAI_PAGECACHE_DIR


@pytest.fixture
def agency():
    return AgencyFactory(name="潍坊市坊子区农业综合开发办公室")


@pytest.fixture
def team(agency):
    return staff(agency, "editor"), staff(agency, "reviewer"), staff(agency, "signer")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as its own committed request would: on-commit work (the invalidation) included."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def _file(cache_dir: Path, url: str, variant: str = "e0c0s0") -> Path:
    return cache_dir / variant / url.lstrip("/") / "index.html"


def test_second_visit_is_a_file_hit_without_queries(client, cache_dir, team, django_assert_num_queries):
    url = publish(team, title="关于高标准农田建设的通知").item.get_absolute_url()
    first = client.get(url)
    assert first["X-Cache"] == "MISS" and _file(cache_dir, url).read_bytes() == first.content
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "HIT" and second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["ETag"] == first["ETag"] and second["Cache-Control"] == "no-cache"


def test_revision_invalidates_its_pages_and_nothing_else(client, cache_dir, team, commit):
    version = publish(team, title="旧标题通知")
    other = publish(team, title="另一条信息").item.get_absolute_url()
    url = version.item.get_absolute_url()
    for page in (url, other, "/"):
        assert client.get(page)["X-Cache"] == "MISS"
    commit(revise, team, version.item, title="新标题通知")
    page = client.get(url)
    assert page["X-Cache"] == "MISS" and "新标题通知" in page.content.decode()
    assert client.get("/")["X-Cache"] == "MISS"  # the home page lists the latest items
    assert client.get(other)["X-Cache"] == "HIT"  # another item's page did not show this one


def test_withdrawn_item_is_never_served_after_the_withdrawal_returns(client, cache_dir, team, commit):
    version = publish(team, title="待撤回的信息", body="<p>撤回前的正文内容</p>")
    url = version.item.get_absolute_url()
    assert "撤回前的正文内容" in client.get(url).content.decode()
    commit(services.item_withdraw, item=version.item, by=team[2], reason="内容有误")
    assert not _file(cache_dir, url).exists()  # gone before the withdrawing request answers
    page = client.get(url).content.decode()
    assert "撤回前的正文内容" not in page and "内容有误" in page


def test_update_outside_the_services_still_invalidates(client, cache_dir, team, commit):
    version = publish(team, title="原来的标题")
    url = version.item.get_absolute_url()
    client.get(url)
    commit(lambda: ItemVersion.objects.filter(pk=version.pk).update(title="批量改过的标题"))
    assert "批量改过的标题" in client.get(url).content.decode()


def test_new_comment_updates_the_count_on_the_cached_consultation_list(client, cache_dir, agency, commit):
    decision = in_consultation(staff(agency, Role.EDITOR))
    index = reverse("decisions:index")
    assert "0条" in client.get(index).content.decode()
    assert client.get(index)["X-Cache"] == "HIT"
    commit(decision_services.comment_submit, decision=decision, content="建议提高管护标准。", name="王某", phone="13900001111")
    page = client.get(index)
    assert page["X-Cache"] == "MISS" and "1条" in page.content.decode()


def test_pages_with_a_csrf_form_are_not_stored(client, cache_dir, agency):
    decision = in_consultation(staff(agency, Role.EDITOR))  # open: the page carries the comment form
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
    assert "X-Cache" not in response and not CachedPage.objects.exists()
    assert response.has_header("ETag")


def test_display_variants_are_stored_apart_and_other_cookies_bypass(client, cache_dir, team):
    url = publish(team).item.get_absolute_url()
    plain = client.get(url)
    client.cookies["gk_elder"] = "1"
    client.cookies["gk_size"] = "2"
    elder = client.get(url)
    assert elder["X-Cache"] == "MISS" and elder.content != plain.content
    assert _file(cache_dir, url, "e1c0s2").exists() and client.get(url)["X-Cache"] == "HIT"
    client.cookies["gk_size"] = "02"  # Django would read it as 2, nginx would not: neither caches it
    assert "X-Cache" not in client.get(url)
    client.cookies["tracking"] = "x"
    del client.cookies["gk_size"]
    assert "X-Cache" not in client.get(url)


def test_logged_in_staff_are_never_served_or_stored(client, cache_dir, team):
    url = publish(team).item.get_absolute_url()
    client.get(url)
    client.force_login(team[0])
    response = client.get(url)
    assert "X-Cache" not in response and CachedPage.objects.count() == 1


def test_page_rendered_across_an_invalidation_is_not_stored(client, cache_dir, team, commit):
    version = publish(team, title="渲染中被撤回")
    url = version.item.get_absolute_url()

    def withdraw_meanwhile(sender, **kwargs):
        # Another worker withdraws the item while this request renders its old text.
        template_rendered.disconnect(withdraw_meanwhile)
        token = tracking._recorder.set(None)
        try:
            commit(services.item_withdraw, item=version.item, by=team[2], reason="并发撤回")
        finally:
            tracking._recorder.reset(token)

    template_rendered.connect(withdraw_meanwhile)
    stale = client.get(url)
    assert "渲染中被撤回" in stale.content.decode() and "X-Cache" not in stale
    assert not _file(cache_dir, url).exists() and not CachedPage.objects.exists()
    assert "并发撤回" in client.get(url).content.decode()


def test_etag_answers_304_cached_or_not(client, cache_dir, team):
    url = publish(team).item.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # from the file
    api = client.get("/api/v1/decisions")  # the API is never stored, but answers conditional GETs too
    assert api.status_code == 200 and "X-Cache" not in api
    assert client.get("/api/v1/decisions", HTTP_IF_NONE_MATCH=api["ETag"]).status_code == 304


def test_clear_command_removes_every_page(client, cache_dir, team):
    url = publish(team).item.get_absolute_url()
    client.get(url)
    call_command("pagecache_clear", stdout=open("/dev/null", "w"))
    assert not _file(cache_dir, url).exists() and not CachedPage.objects.exists()


def test_nginx_snippets_are_current_and_send_the_stored_headers(client, cache_dir, team):
    assert (DEPLOY / "pagecache-maps.conf").read_text() == nginx.maps_conf()
    assert (DEPLOY / "pagecache.conf").read_text() == nginx.location_conf()
    url = publish(team).item.get_absolute_url()
    client.get(url)
    stored = json.loads((_file(cache_dir, url).parent / "index.json").read_text())["headers"]
    assert sorted((k, nginx.canonical(k, v)) for k, v in stored if k != "Content-Type") == nginx.page_headers()

