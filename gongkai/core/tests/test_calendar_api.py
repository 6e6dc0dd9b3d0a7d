"""GET /api/v1/calendar/add-workdays and /is-workday: shapes, provisional answers and Chinese 422 errors."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core import workdays
from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db

ADD = "/api/v1/calendar/add-workdays"
IS = "/api/v1/calendar/is-workday"


def test_add_workdays_counts_past_national_day_2025_to_the_make_up_saturday(client):
    response = client.get(ADD, {"start": "2025-09-30", "days": "3"})
    assert response.status_code == 200
    assert response.json() == {"date": "2025-10-11", "provisional": False}


def test_add_workdays_over_spring_festival_2026(client):
    assert client.get(ADD, {"start": "2026-02-10", "days": "20"}).json() == {"date": "2026-03-16", "provisional": False}


def test_add_zero_workdays_returns_the_start(client):
    assert client.get(ADD, {"start": "2025-10-01", "days": "0"}).json() == {"date": "2025-10-01", "provisional": False}


def test_add_workdays_into_2027_is_provisional_until_the_arrangement_is_entered(client):
    before = client.get(ADD, {"start": "2027-02-01", "days": "20"}).json()
    assert before == {"date": "2027-03-03", "provisional": True}
    workdays.arrangement_enter(
        year=2027,
        holidays={dt.date(2027, 2, d): "春节" for d in range(5, 12)},
        workdays={dt.date(2027, 2, 20): "春节调休"},
        source="测试文号",
        by=staff(AgencyFactory(), Role.AGENCY_ADMIN),
    )
    assert client.get(ADD, {"start": "2027-02-01", "days": "20"}).json() == {"date": "2027-03-05", "provisional": False}


def test_is_workday_answers_make_up_days_holidays_and_provisional_years(client):
    assert client.get(IS, {"date": "2025-09-28"}).json() == {"workday": True, "provisional": False}  # make-up Sunday
    assert client.get(IS, {"date": "2026-02-14"}).json() == {"workday": True, "provisional": False}  # make-up Saturday
    assert client.get(IS, {"date": "2026-10-07"}).json() == {"workday": False, "provisional": False}
    assert client.get(IS, {"date": "2027-02-08"}).json() == {"workday": False, "provisional": True}  # 正月初三
    assert client.get(IS, {"date": "2027-02-09"}).json() == {"workday": True, "provisional": True}


def test_year_before_2004_is_refused_with_422_and_a_chinese_message(client):
    for response in (client.get(ADD, {"start": "2003-12-31", "days": "1"}), client.get(IS, {"date": "2003-01-02"})):
        assert response.status_code == 422
        assert response.json() == {"code": "calendar_out_of_range", "message": "2004年以前的日期不在工作日历范围内。"}


def test_counting_past_2099_is_refused_with_422(client):
    response = client.get(ADD, {"start": "2099-12-20", "days": "20"})
    assert response.status_code == 422
    assert response.json()["code"] == "calendar_out_of_range"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"start": "2025/09/30", "days": "3"}, "YYYY-MM-DD"),
        ({"start": "20250930", "days": "3"}, "YYYY-MM-DD"),
        ({"start": "1759190400", "days": "3"}, "YYYY-MM-DD"),  # a timestamp is not a date here
        ({"start": "2025-02-30", "days": "3"}, "不存在"),
        ({"start": "2025-09-30", "days": "abc"}, "days 应为整数"),
        ({"start": "2025-09-30", "days": "2.5"}, "days 应为整数"),
        ({"start": "2025-09-30", "days": "367"}, "days 不能大于 366"),
        ({"start": "2025-09-30", "days": "-1"}, "days 不能小于 0"),
        ({"days": "3"}, "缺少参数 start"),
        ({"start": "2025-09-30"}, "缺少参数 days"),
    ],
)
def test_bad_add_workdays_input_answers_422_with_a_stable_code_and_chinese_message(client, params, expected):
    response = client.get(ADD, params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert expected in body["message"]
    assert all(error["message"] for error in body["errors"])


def test_bad_is_workday_input_answers_422(client):
    response = client.get(IS, {"date": "明天"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "参数 date" in response.json()["message"]
    assert client.get(IS).json()["message"] == "缺少参数 date。"


def test_a_request_reads_the_overrides_once_whatever_it_computes(client, django_assert_num_queries):
    client.get(IS, {"date": "2025-10-01"})
    with django_assert_num_queries(2):  # CalendarYear and CalendarDay, once per request
        client.get(ADD, {"start": "2026-12-20", "days": "366"})
