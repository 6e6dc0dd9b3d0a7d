import pytest

from gongkai.core.tests.factories import AgencyFactory, staff


@pytest.fixture
def district():
    return AgencyFactory(name="测试区人民政府", short_name="区政府", slug="district")


@pytest.fixture
def agency(district):
    return AgencyFactory(name="测试区农业综合开发办公室", short_name="区农发办", slug="office", parent=district)


@pytest.fixture
def sibling(district):
    return AgencyFactory(name="测试区财政局", short_name="区财政局", slug="finance", parent=district)


@pytest.fixture
def handler(agency):
    return staff(agency, "handler", display_name="赵办理")


@pytest.fixture
def reviewer(agency):
    return staff(agency, "reviewer", display_name="李审核")
