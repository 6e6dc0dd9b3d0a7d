import pytest

from gongkai.core.tests.factories import AgencyFactory, staff


@pytest.fixture
def district():
    return AgencyFactory(name="测试区人民政府", short_name="区政府", slug="district")


@pytest.fixture
def agency(district):
    return AgencyFactory(name="测试区农业综合开发办公室", short_name="区农发办", slug="office", parent=district)


@pytest.fixture
def handler(agency):
    return staff(agency, "handler", display_name="赵办理")


@pytest.fixture
def spokesperson(agency):
    return staff(agency, "spokesperson", display_name="钱发言")


@pytest.fixture
def leader(agency):
    return staff(agency, "signer", display_name="孙领导")
