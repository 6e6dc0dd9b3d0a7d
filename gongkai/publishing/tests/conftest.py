import pytest

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures import services as gk_services
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory, published


class Team:
    def __init__(self, agency):
        self.agency = agency
        self.editor = staff(agency, Role.EDITOR)
        self.reviewer = staff(agency, Role.REVIEWER)
        self.signer = staff(agency, Role.SIGNER, Role.AGENCY_ADMIN)


@pytest.fixture
def team(db):
    return Team(AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa"))


@pytest.fixture
def column(db):
    return ColumnFactory(name="政策文件", slug="policies")


@pytest.fixture
def topic(db):
    return TopicFactory(name="农业、林业、水利", code="A01")


@pytest.fixture
def publish(team, column, topic, django_capture_on_commit_callbacks):
    """Publish an item through the real services; on-commit receivers (ledger, outbox) run."""

    def _publish(**fields):
        fields.setdefault("column", column)
        fields.setdefault("topic", topic)
        with django_capture_on_commit_callbacks(execute=True):
            return published(team.editor, team.reviewer, team.signer, **fields)

    return _publish


@pytest.fixture
def revise(team, django_capture_on_commit_callbacks):
    def _revise(item, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            v = gk_services.item_revise(item=item, by=team.editor)
            if fields:
                v = gk_services.version_update(version=v, by=team.editor, **fields)
            v = gk_services.version_submit(version=v, by=team.editor)
            v = gk_services.version_approve(version=v, by=team.reviewer)
            v = gk_services.version_sign(version=v, by=team.signer)
        v.refresh_from_db()
        return v

    return _revise


@pytest.fixture
def withdraw(team, django_capture_on_commit_callbacks):
    def _withdraw(item, reason="内容已过时"):
        with django_capture_on_commit_callbacks(execute=True):
            return gk_services.item_withdraw(item=item, by=team.signer, reason=reason)

    return _withdraw


@pytest.fixture
def wsgi_keeps_test_connection():
    """Schemathesis calls the WSGI application directly, not through Django's test client. Like the
    test client, keep the request signals from closing the database connection, which on PostgreSQL
    would end the test's transaction (the connection is not in autocommit inside it)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
