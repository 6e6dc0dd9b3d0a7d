"""Fixtures for search tests: staff of one agency, and publishing that runs the on-commit index update."""

from __future__ import annotations

import pytest

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures import services as disclosure_services
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory, draft
from gongkai.search import segmenter, selectors, services


@pytest.fixture(autouse=True)
def _fresh_search_state():
    """Each test starts with the plain dictionary and no cached synonyms or catalogue
    (a segmenter with user words is dropped; loading jieba's dictionary takes a quarter second)
    and no buffered search counts of an earlier test."""

    def reset():
        if segmenter._current is not None and segmenter._current.user_words:
            segmenter._current = None
        selectors.clear_caches()
        selectors._last_repair = 0.0
        services.search_record_discard()

    reset()
    yield
    reset()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Test settings even when pytest runs without GONGKAI_TESTING=1 (the root conftest sets it too late)."""
    from huey.contrib.djhuey import HUEY

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    immediate = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = immediate


@pytest.fixture
def agency(db):
    return AgencyFactory(name="潍坊市坊子区农业综合开发办公室", short_name="坊子农开办")


@pytest.fixture
def team(agency):
    """An editor, a reviewer and a signer of the agency."""
    return (
        staff(agency, Role.EDITOR),
        staff(agency, Role.REVIEWER),
        staff(agency, Role.SIGNER),
    )


@pytest.fixture
def column(db):
    return ColumnFactory(name="通知公告", slug="notices")


@pytest.fixture
def topic(db):
    return TopicFactory(name="农业综合开发", code="T9504")


@pytest.fixture
def publish(team, column, topic, django_capture_on_commit_callbacks):
    """publish(title=…, body=…, **fields) walks a new item to publication; the index updates on commit."""
    editor, reviewer, signer = team

    def make(**fields):
        fields.setdefault("column", column)
        fields.setdefault("topic", topic)
        if "body" in fields and not fields["body"].startswith("<"):
            fields["body"] = f"<p>{fields['body']}</p>"
        with django_capture_on_commit_callbacks(execute=True):
            version = draft(editor, **fields)
            disclosure_services.version_submit(version=version, by=editor)
            disclosure_services.version_approve(version=version, by=reviewer)
            disclosure_services.version_sign(version=version, by=signer)
        version.refresh_from_db()
        return version

    return make


@pytest.fixture
def withdraw(team, django_capture_on_commit_callbacks):
    def do(version, reason="内容已过时"):
        with django_capture_on_commit_callbacks(execute=True):
            disclosure_services.item_withdraw(item=version.item, by=team[2], reason=reason)

    return do


@pytest.fixture
def find():
    """find("q", **filters) -> titles of the first page of public results."""

    def run(q, **params):
        results = selectors.search_public(selectors.SearchParams(q=q, **params))
        return [h.title for h in results.hits]

    return run
