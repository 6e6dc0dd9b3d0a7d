import pytest

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def column():
    return ColumnFactory(name="决策公开", slug="decisions")


@pytest.fixture
def topic():
    return TopicFactory(name="农业、林业、水利", code="T100")


@pytest.fixture
def editor(agency):
    return staff(agency, "editor", display_name="王编辑")


@pytest.fixture
def reviewer(agency):
    return staff(agency, "reviewer", display_name="李审核")


@pytest.fixture
def signer(agency):
    return staff(agency, "signer", display_name="张签发")
