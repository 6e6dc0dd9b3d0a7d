import pytest

from gongkai.core.tests.factories import AgencyFactory, staff


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def editor(agency):
    return staff(agency, "editor")


@pytest.fixture
def reviewer(agency):
    return staff(agency, "reviewer")


@pytest.fixture
def signer(agency):
    return staff(agency, "signer")


@pytest.fixture
def team(editor, reviewer, signer):
    return editor, reviewer, signer
