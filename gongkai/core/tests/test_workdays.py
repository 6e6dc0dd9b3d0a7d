"""The working-day calendar, checked by hand against the State Council notices.

2025 (国办发明电〔2024〕12号): 春节 1/28–2/4 off, Sunday 1/26 and Saturday 2/8 worked;
国庆节、中秋节 10/1–10/8 off, Sunday 9/28 and Saturday 10/11 worked.
2026 (国办发明电〔2025〕7号): 元旦 1/1–1/3 off, Sunday 1/4 worked; 春节 2/15–2/23 off,
Saturdays 2/14 and 2/28 worked; 劳动节 5/1–5/5 off, Saturday 5/9 worked; 国庆节 10/1–10/7 off,
Sunday 9/20 and Saturday 10/10 worked.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.core import workdays
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workdays import CalendarRangeError, Deadline, Source

pytestmark = pytest.mark.django_db

d = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


# --- 2025 and 2026 from the notices -------------------------------------------------------------------


def test_spring_festival_2025_week_is_off_and_its_make_up_sunday_and_saturday_are_worked():
    assert [workdays.is_workday(x) for x in days(d(2025, 1, 28), d(2025, 2, 4))] == [False] * 8
    assert workdays.is_workday(d(2025, 1, 26))  # Sunday, make-up
    assert workdays.is_workday(d(2025, 2, 8))  # Saturday, make-up
    assert workdays.is_workday(d(2025, 1, 27)) and workdays.is_workday(d(2025, 2, 5))
    assert not workdays.is_workday(d(2025, 1, 25))  # an ordinary Saturday


def test_national_day_2025_week_is_off_and_its_make_up_sunday_and_saturday_are_worked():
    assert [workdays.is_workday(x) for x in days(d(2025, 10, 1), d(2025, 10, 8))] == [False] * 8
    assert workdays.is_workday(d(2025, 9, 28))  # Sunday
    assert workdays.is_workday(d(2025, 10, 11))  # Saturday
    assert workdays.is_workday(d(2025, 9, 30)) and workdays.is_workday(d(2025, 10, 9))


def test_policy_published_the_day_before_national_day_2025_gets_its_interpretation_due_on_the_make_up_saturday():
    # 10/1–10/8 off; 10/9 Thu is day 1, 10/10 Fri day 2, 10/11 Sat (make-up) day 3.
    assert workdays.add_workdays(d(2025, 9, 30), 3) == d(2025, 10, 11)
    assert workdays.add_workdays_info(d(2025, 9, 30), 3) == Deadline(d(2025, 10, 11), False)


def test_request_received_before_spring_festival_2025_counts_both_make_up_days():
    # Fri 1/24 received. 1/26 Sun(1) 1/27(2) | 1/28–2/4 off | 2/5(3) 2/6(4) 2/7(5) 2/8 Sat(6)
    # 2/10–2/14 (7–11) 2/17–2/21 (12–16) 2/24–2/27 (17–20).
    assert workdays.add_workdays(d(2025, 1, 24), 20) == d(2025, 2, 27)


def test_2026_make_up_sundays_and_saturdays_are_working_days():
    for make_up in (d(2026, 1, 4), d(2026, 9, 20), d(2026, 2, 14), d(2026, 2, 28), d(2026, 5, 9), d(2026, 10, 10)):
        assert make_up.weekday() >= 5
        assert workdays.is_workday(make_up), make_up


def test_2026_spring_festival_and_national_day_are_off():
    assert not any(workdays.is_workday(x) for x in days(d(2026, 2, 15), d(2026, 2, 23)))
    assert not any(workdays.is_workday(x) for x in days(d(2026, 10, 1), d(2026, 10, 7)))
    assert workdays.is_workday(d(2026, 2, 24))
    assert workdays.is_workday(d(2026, 10, 8))  # Thursday after the holiday
    assert not any(workdays.is_workday(x) for x in days(d(2026, 1, 1), d(2026, 1, 3)))


def test_request_received_before_spring_festival_2026_is_due_on_16_march():
    # Tue 2/10. 2/11(1) 2/12(2) 2/13(3) 2/14 Sat(4) | 2/15–2/23 off | 2/24–2/27 (5–8) 2/28 Sat(9)
    # 3/2–3/6 (10–14) 3/9–3/13 (15–19) 3/16 (20).
    assert workdays.add_workdays(d(2026, 2, 10), 20) == d(2026, 3, 16)


def test_policy_published_before_national_day_2026_gets_its_interpretation_due_on_the_make_up_saturday():
    # 10/1–10/7 off; 10/8 Thu(1) 10/9 Fri(2) 10/10 Sat make-up(3).
    assert workdays.add_workdays(d(2026, 9, 30), 3) == d(2026, 10, 10)


# --- conventions ------------------------------------------------------------------------------------


def test_zero_days_returns_the_start_even_on_a_holiday():
    assert workdays.add_workdays(d(2025, 10, 1), 0) == d(2025, 10, 1)


def test_day_one_is_the_first_working_day_after_the_start():
    assert workdays.add_workdays(d(2025, 10, 1), 1) == d(2025, 10, 9)
    assert workdays.add_workdays(d(2025, 10, 9), 1) == d(2025, 10, 10)


def test_negative_days_count_back_to_the_nth_working_day_before():
    assert workdays.add_workdays(d(2025, 10, 9), -1) == d(2025, 9, 30)
    assert workdays.add_workdays(d(2025, 10, 12), -1) == d(2025, 10, 11)
    assert workdays.add_workdays(d(2026, 1, 5), -2) == d(2025, 12, 31)  # 1/4 Sun make-up, then 12/31


def test_workdays_between_counts_the_half_open_interval_and_inverts_add_workdays():
    assert workdays.workdays_between(d(2025, 9, 30), d(2025, 10, 11)) == 3
    assert workdays.workdays_between(d(2025, 10, 11), d(2025, 9, 30)) == -3
    assert workdays.workdays_between(d(2025, 10, 1), d(2025, 10, 1)) == 0
    for start in (d(2025, 1, 24), d(2025, 12, 15), d(2026, 12, 20)):
        for n in (1, 3, 7, 15, 20, 40, 366):
            assert workdays.workdays_between(start, workdays.add_workdays(start, n)) == n


def test_working_days_in_2025_add_up():
    # 365 days - 104 weekend days - 18 holidays falling on weekdays + 5 make-up days (1/26, 2/8, 4/27, 9/28, 10/11).
    assert workdays.workdays_between(d(2024, 12, 31), d(2025, 12, 31)) == 248


def test_datetime_keeps_its_time_of_day_and_counts_by_local_date():
    received = dt.datetime(2025, 9, 30, 15, 30, tzinfo=SHANGHAI)
    due = workdays.add_workdays(received, 3)
    assert due == dt.datetime(2025, 10, 11, 15, 30, tzinfo=SHANGHAI)
    # 20:00 UTC on 9/30 is 04:00 on 10/1 in Shanghai: the holiday is the start day.
    late = dt.datetime(2025, 9, 30, 20, 0, tzinfo=dt.UTC)
    assert workdays.add_workdays(late, 1) == dt.datetime(2025, 10, 9, 4, 0, tzinfo=SHANGHAI)
    assert workdays.add_workdays(dt.datetime(2025, 9, 30, 9, 0), 3) == dt.datetime(2025, 10, 11, 9, 0)


def test_day_info_says_in_words_what_kind_of_day_it_is():
    assert workdays.day_info(d(2025, 10, 1)).words == "休（国庆节）"
    assert workdays.day_info(d(2025, 10, 11)).words == "班（国庆节调休）"
    assert workdays.day_info(d(2025, 10, 6)).words == "休（中秋节）"
    assert workdays.day_info(d(2025, 10, 18)).words == "周末"
    assert workdays.day_info(d(2025, 10, 20)).words == ""


# --- the provisional calendar ------------------------------------------------------------------------


def test_2027_is_provisional_and_2025_2026_are_not():
    assert workdays.is_provisional(2027)
    assert workdays.year_source(2027) == Source.PROVISIONAL
    assert not workdays.is_provisional(2026)
    assert workdays.year_source(2025) == Source.BUILTIN


def test_statutory_holidays_of_2027_are_placed_from_the_lunar_calendar():
    holidays = workdays.statutory_holidays(2027)
    assert len(holidays) == 13
    # 正月初一 is 2027-02-06: 除夕 2/5 to 初三 2/8.
    assert [x for x, name in holidays.items() if name == "春节"] == days(d(2027, 2, 5), d(2027, 2, 8))
    assert holidays[d(2027, 4, 5)] == "清明节"
    assert holidays[d(2027, 6, 9)] == "端午节"
    assert holidays[d(2027, 9, 15)] == "中秋节"
    assert [x for x, name in holidays.items() if name == "国庆节"] == days(d(2027, 10, 1), d(2027, 10, 3))
    assert holidays[d(2027, 1, 1)] == "元旦"
    assert [x for x, name in holidays.items() if name == "劳动节"] == [d(2027, 5, 1), d(2027, 5, 2)]


def test_mid_autumn_on_national_day_is_one_day_with_both_names():
    # 2028: 八月十五 is 10/3.
    assert workdays.statutory_holidays(2028)[d(2028, 10, 3)] == "国庆节、中秋节"
    assert len(workdays.statutory_holidays(2028)) == 12


def test_provisional_2027_has_statutory_holidays_and_weekends_but_no_make_up_days():
    for holiday in (d(2027, 2, 5), d(2027, 2, 8), d(2027, 4, 5), d(2027, 6, 9), d(2027, 9, 15), d(2027, 10, 1)):
        assert not workdays.is_workday(holiday), holiday
    assert workdays.is_workday(d(2027, 2, 9))
    assert workdays.is_workday(d(2027, 10, 4))  # Monday: the notice may add days, the law does not
    assert not workdays.is_workday(d(2027, 2, 20))  # a Saturday stays off until an arrangement says otherwise
    info = workdays.day_info(d(2027, 2, 5))
    assert info.provisional and info.words == "休（春节）"


def test_deadline_reaching_into_2027_is_provisional_and_one_staying_in_2026_is_not():
    assert workdays.add_workdays_info(d(2026, 12, 20), 20).provisional
    assert not workdays.add_workdays_info(d(2026, 12, 1), 5).provisional
    # Day 0 in 2026, counted days all in 2027.
    assert workdays.add_workdays_info(d(2026, 12, 31), 1) == Deadline(d(2027, 1, 4), True)
    # Counting back from 2027 into 2026 only: not provisional.
    assert workdays.add_workdays_info(d(2027, 1, 1), -1) == Deadline(d(2026, 12, 31), False)


def test_missing_arrangements_lists_this_and_next_year_while_provisional():
    assert workdays.missing_arrangements(d(2025, 12, 1)) == []
    assert workdays.missing_arrangements(d(2026, 5, 1)) == [2027]
    assert workdays.missing_arrangements(d(2027, 1, 4)) == [2027, 2028]


# --- staff entering an arrangement ---------------------------------------------------------------------


def made_up_2027(admin):
    """A made-up 2027 arrangement: 春节 2/5–2/11 off, Sunday 1/31 and Saturday 2/20 worked."""
    return workdays.arrangement_enter(
        year=2027,
        holidays={x: "春节" for x in days(d(2027, 2, 5), d(2027, 2, 11))},
        workdays={d(2027, 1, 31): "春节调休", d(2027, 2, 20): "春节调休"},
        source="国办发明电〔2026〕99号（测试）",
        by=admin,
    )


def test_entering_an_arrangement_moves_an_open_deadline_and_makes_it_official(django_capture_on_commit_callbacks):
    admin = staff(AgencyFactory(), Role.AGENCY_ADMIN)
    received = d(2027, 2, 1)  # Monday
    # Provisional: 2/2–2/4 (1–3) | 2/5–2/8 off | 2/9–2/12 (4–7) 2/15–2/19 (8–12) 2/22–2/26 (13–17) 3/1–3/3 (18–20).
    assert workdays.add_workdays_info(received, 20) == Deadline(d(2027, 3, 3), True)

    changes = []

    def on_change(sender, years, **kwargs):
        changes.append(years)

    workdays.calendar_changed.connect(on_change)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record = made_up_2027(admin)
    finally:
        workdays.calendar_changed.disconnect(on_change)

    # Official: 2/2–2/4 (1–3) | 2/5–2/11 off | 2/12 (4) 2/15–2/19 (5–9) 2/20 Sat (10) 2/22–2/26 (11–15) 3/1–3/5 (16–20).
    assert workdays.add_workdays_info(received, 20) == Deadline(d(2027, 3, 5), False)
    assert not workdays.is_provisional(2027)
    assert workdays.year_source(2027) == Source.OFFICIAL
    assert workdays.is_workday(d(2027, 1, 31)) and workdays.is_workday(d(2027, 2, 20))
    assert not workdays.is_workday(d(2027, 2, 10))
    assert workdays.missing_arrangements(d(2026, 5, 1)) == []
    assert changes == [[2027]]  # once, on commit
    assert record.arrangement_entered and record.entered_by == admin
    assert CalendarDay.objects.filter(date__year=2027).count() == 9
    event = AuditEvent.objects.get(object_id=record.pk, action="arrangement_entered")
    assert event.actor == admin and event.data["workdays"] == ["2027-01-31", "2027-02-20"]


def test_entering_an_arrangement_again_replaces_the_years_earlier_overrides():
    admin = staff(AgencyFactory(), Role.AGENCY_ADMIN)
    made_up_2027(admin)
    workdays.arrangement_enter(
        year=2027, holidays={d(2027, 2, 5): "春节"}, workdays={}, source="更正", by=admin
    )
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [d(2027, 2, 5)]
    assert not workdays.is_workday(d(2027, 2, 20))  # the old make-up Saturday is gone
    assert AuditEvent.objects.filter(action="arrangement_entered").count() == 2


def test_only_agency_and_system_admins_may_enter_an_arrangement():
    editor = staff(AgencyFactory(), Role.EDITOR)
    with pytest.raises(PermissionDenied):
        made_up_2027(editor)
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    assert workdays.is_provisional(2027)


def test_arrangement_with_dates_of_another_year_is_refused():
    admin = staff(AgencyFactory(), Role.AGENCY_ADMIN)
    with pytest.raises(ValidationError) as exc:
        workdays.arrangement_enter(year=2027, holidays={d(2028, 1, 1): ""}, workdays={}, source="x", by=admin)
    assert "不在2027年" in str(exc.value)
    assert not CalendarDay.objects.exists()


def test_staff_override_on_a_builtin_year_wins_but_keeps_the_year_builtin():
    CalendarDay.objects.create(date=d(2025, 10, 13), is_workday=False, note="临时放假")
    assert not workdays.is_workday(d(2025, 10, 13))
    assert workdays.day_info(d(2025, 10, 13)).words == "休（临时放假）"
    assert workdays.year_source(2025) == Source.BUILTIN
    CalendarDay.objects.filter(date=d(2025, 10, 13)).delete()
    assert workdays.is_workday(d(2025, 10, 13))


def test_override_rolled_back_is_forgotten():
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            CalendarDay.objects.create(date=d(2027, 3, 1), is_workday=False)
            assert not workdays.is_workday(d(2027, 3, 1))
            raise RuntimeError("roll back")
    assert workdays.is_workday(d(2027, 3, 1))


def test_cached_calendar_answers_thousands_of_deadlines_without_queries(django_assert_num_queries):
    workdays.add_workdays(d(2025, 1, 2), 20)  # warm: reads the overrides once
    starts = [d(2025, 1, 1) + dt.timedelta(days=i % 700) for i in range(3000)]
    with django_assert_num_queries(0):
        dues = [workdays.add_workdays(s, 20) for s in starts]
    assert all(workdays.workdays_between(s, due) == 20 for s, due in zip(starts[:50], dues[:50], strict=True))


# --- range ----------------------------------------------------------------------------------------------


def test_dates_before_2004_are_refused_with_a_chinese_message():
    with pytest.raises(CalendarRangeError) as exc:
        workdays.is_workday(d(2003, 12, 31))
    assert exc.value.message == "2004年以前的日期不在工作日历范围内。"
    with pytest.raises(CalendarRangeError):
        workdays.add_workdays(d(2003, 6, 1), 0)
    with pytest.raises(CalendarRangeError):
        workdays.add_workdays(d(2004, 1, 5), -10)  # would count into 2003
    with pytest.raises(CalendarRangeError):
        workdays.workdays_between(d(2003, 12, 1), d(2004, 2, 1))
    assert workdays.is_workday(d(2004, 1, 5))


def test_dates_from_2100_are_refused():
    with pytest.raises(CalendarRangeError):
        workdays.is_workday(d(2100, 1, 4))
    with pytest.raises(CalendarRangeError):
        workdays.add_workdays(d(2099, 12, 1), 100)


def test_uncommitted_override_is_seen_only_by_the_thread_that_wrote_it(monkeypatch):
    import threading

    CalendarDay.objects.create(date=d(2027, 3, 1), is_workday=False)  # inside the (uncommitted) test transaction
    assert not workdays.is_workday(d(2027, 3, 1))
    # Another thread has its own connection and sees only committed rows: none.
    monkeypatch.setattr(workdays, "_load_overrides", lambda: {})
    seen = []
    thread = threading.Thread(target=lambda: seen.append(workdays.is_workday(d(2027, 3, 1))))
    thread.start()
    thread.join()
    assert seen == [True]
    assert not workdays.is_workday(d(2027, 3, 1))
