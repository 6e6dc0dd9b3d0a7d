"""The public deadline calculator, the staff calendar page, the arrangement parser and the banner."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from gongkai.core import workdays
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.views import parse_date_lines

pytestmark = pytest.mark.django_db

d = dt.date
DEADLINE = "/calendar/deadline/"
STAFF = "/calendar/staff/"


def text(response) -> str:
    return response.content.decode()


# --- public calculator -------------------------------------------------------------------------------


def test_calculator_url_name():
    assert reverse("core:deadline") == DEADLINE


def test_calculator_without_input_shows_the_form_and_no_result(client):
    response = client.get(DEADLINE)
    assert response.status_code == 200
    html = text(response)
    assert "依申请公开答复（20个工作日）" in html and "补正告知（7个工作日）" in html
    assert "政策解读（3个工作日）" in html and "建议答复（15个工作日）" in html and "延期答复（20个工作日）" in html
    assert "计算结果" not in html and "errorlist" not in html


def test_interpretation_of_a_policy_published_before_national_day_is_due_on_the_make_up_saturday(client):
    response = client.get(DEADLINE, {"start": "2025-09-30", "kind": "interpretation"})
    assert response.status_code == 200
    html = text(response)
    assert "截止日：<strong>2025年10月11日（星期六）</strong>" in html
    assert "政策解读，3个工作日" in html
    assert "暂定" not in html
    # The month grid says every kind of day in words.
    assert "休（国庆节）" in html and "休（中秋节）" in html and "班（国庆节调休）" in html
    assert "起算日" in html and "第1个工作日" in html and "第3个工作日" in html and "第4个工作日" not in html
    assert "<caption>2025年9月</caption>" in html and "<caption>2025年10月</caption>" in html


def test_custom_number_of_days(client):
    html = text(client.get(DEADLINE, {"start": "2026-02-10", "kind": "custom", "days": "20"}))
    assert "2026年3月16日（星期一）" in html
    assert "班（春节调休）" in html  # 2/14 and 2/28


def test_typed_days_win_over_the_preset(client):
    html = text(client.get(DEADLINE, {"start": "2025-09-30", "kind": "reply", "days": "1"}))
    assert "截止日：<strong>2025年10月9日（星期四）</strong>" in html


def test_deadline_reaching_2027_is_marked_provisional_with_an_explanation(client):
    html = text(client.get(DEADLINE, {"start": "2026-12-20", "kind": "reply"}))
    assert "2027年1月18日" in html
    assert '<span class="badge badge-warn">暂定</span>' in html
    assert "暂定说明" in html and "2027年的放假安排" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2025-13-45", "kind": "reply"}, "请按“2025-10-08”的格式填写起算日期。"),
        ({"start": "", "kind": "reply"}, "请填写起算日期。"),
        ({"start": "2003-05-01", "kind": "reply"}, "2004年以前的日期不在工作日历范围内。"),
        ({"start": "2099-12-20", "kind": "reply"}, "2100年及以后的日期不在工作日历范围内。"),
        ({"start": "2025-09-30", "kind": "custom"}, "选择“其他”时请填写工作日数。"),
        ({"start": "2025-09-30", "kind": "custom", "days": "999"}, "工作日数不能大于366。"),
        ({"start": "2025-09-30", "kind": "custom", "days": "三"}, "工作日数应为整数。"),
        ({"start": "2025-09-30", "kind": "nonsense"}, "nonsense"),
    ],
)
def test_bad_input_shows_a_chinese_error_on_a_200_page(client, params, message):
    response = client.get(DEADLINE, params)
    assert response.status_code == 200
    html = text(response)
    assert message in html
    assert "计算结果" not in html


# --- staff calendar page -------------------------------------------------------------------------------


ARRANGEMENT = {
    "year": "2027",
    "source": "国办发明电〔2026〕99号（测试）",
    "holidays": "2027-01-01 元旦\n2027-02-05 至 2027-02-11 春节\n10月1日至7日 国庆节",
    "workdays": "2027-02-20 春节调休\n2027年10月9日（周六）上班",
}


def test_staff_page_requires_login(client):
    response = client.get(STAFF)
    assert response.status_code == 302
    assert reverse("workspace:login") in response["Location"]


@time_machine.travel(dt.datetime(2026, 5, 1, 9, 0), tick=False)
def test_staff_page_lists_years_with_their_status(client):
    CalendarDay.objects.create(date=d(2026, 6, 22), is_workday=False, note="临时放假")
    client.force_login(staff(AgencyFactory(), Role.EDITOR))
    html = text(client.get(STAFF))
    assert "2025年" in html and "2026年" in html and "2027年" in html and "2028年" in html
    assert "chinesecalendar 内置" in html and "暂定" in html
    assert "临时放假" in html
    assert "2027年放假安排尚未录入，相关期限为暂定。" in html
    assert "只有机构管理员或系统管理员可以录入放假安排。" in html
    assert 'name="holidays"' not in html


def test_editor_may_not_enter_an_arrangement(client):
    client.force_login(staff(AgencyFactory(), Role.EDITOR))
    response = client.post(STAFF, ARRANGEMENT)
    assert response.status_code == 403
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()


@time_machine.travel(dt.datetime(2026, 5, 1, 9, 0), tick=False)
def test_agency_admin_enters_2027_and_deadlines_become_official(client):
    admin = staff(AgencyFactory(), Role.AGENCY_ADMIN)
    client.force_login(admin)
    assert client.get(DEADLINE, {"start": "2027-02-01", "kind": "reply"}).content.decode().count("2027年3月3日") == 1
    page = text(client.get(STAFF))
    assert 'name="holidays"' in page and "2027年放假安排尚未录入" in page

    response = client.post(STAFF, ARRANGEMENT)

    assert response.status_code == 302 and response["Location"] == STAFF
    record = CalendarYear.objects.get(year=2027)
    assert record.arrangement_entered and record.source == "国办发明电〔2026〕99号（测试）" and record.entered_by == admin
    assert CalendarDay.objects.filter(is_workday=False).count() == 1 + 7 + 7
    assert set(CalendarDay.objects.filter(is_workday=True).values_list("date", flat=True)) == {d(2027, 2, 20), d(2027, 10, 9)}
    assert CalendarDay.objects.get(date=d(2027, 2, 8)).note == "春节"
    assert AuditEvent.objects.filter(object_id=record.pk, action="arrangement_entered", actor=admin).count() == 1
    # 2/2–2/4 (1–3) | 2/5–2/11 off | 2/12 (4) 2/15–2/19 (5–9) 2/20 Sat (10) 2/22–2/26 (11–15) 3/1–3/5 (16–20)
    html = text(client.get(DEADLINE, {"start": "2027-02-01", "kind": "reply"}))
    assert "截止日：<strong>2027年3月5日（星期五）</strong>" in html and "暂定说明" not in html
    page = text(client.get(STAFF))
    assert "官方安排" in page and "放假安排尚未录入" not in page
    assert "2027年放假安排已录入" in page  # the success message


def test_superuser_may_enter_an_arrangement(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x" * 12))
    assert client.post(STAFF, ARRANGEMENT).status_code == 302
    assert not workdays.is_provisional(2027)


def test_unreadable_arrangement_lines_are_named_and_nothing_is_saved(client):
    client.force_login(staff(AgencyFactory(), Role.AGENCY_ADMIN))
    data = {**ARRANGEMENT, "holidays": "2027-02-05 春节\n春节放假\n2027-02-30", "workdays": "2028-01-02 班"}
    response = client.post(STAFF, data)
    assert response.status_code == 200
    html = text(response)
    assert "放假日期第2行“春节放假”：没有可识别的日期" in html
    assert "放假日期第3行“2027-02-30”：日期不存在。" in html
    assert "调休上班日期第1行“2028-01-02 班”：日期不在2027年。" in html
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()


# --- the parser ------------------------------------------------------------------------------------------


def test_parser_reads_iso_dates_chinese_dates_and_ranges_with_notes():
    parsed = parse_date_lines(
        "2027-02-05 至 2027-02-07 春节\n2027/04/05 清明节\n5月1日至3日 劳动节 休\n\n一、元旦：1月1日（周五）放假",
        year=2027,
        workday=False,
        box="放假日期",
    )
    assert parsed == {
        d(2027, 2, 5): "春节",
        d(2027, 2, 6): "春节",
        d(2027, 2, 7): "春节",
        d(2027, 4, 5): "清明节",
        d(2027, 5, 1): "劳动节",
        d(2027, 5, 2): "劳动节",
        d(2027, 5, 3): "劳动节",
        d(2027, 1, 1): "元旦",
    }


def test_parser_reads_several_dates_on_one_line_and_ranges_across_months():
    parsed = parse_date_lines("2月20日、2月27日 春节调休\n9月30日至10月2日", year=2027, workday=True, box="调休上班日期")
    assert list(parsed) == [d(2027, 2, 20), d(2027, 2, 27), d(2027, 9, 30), d(2027, 10, 1), d(2027, 10, 2)]
    assert parsed[d(2027, 2, 20)] == "春节" and parsed[d(2027, 9, 30)] == ""


def test_parser_refuses_a_workday_in_the_holiday_box_and_backwards_ranges():
    with pytest.raises(ValidationError) as exc:
        parse_date_lines("2027-02-20 上班\n2027-02-11 至 2027-02-05", year=2027, workday=False, box="放假日期")
    messages = exc.value.messages
    assert messages[0] == "放假日期第1行“2027-02-20 上班”是上班日期，请填入“调休上班日期”一栏。"
    assert "结束日期早于开始日期" in messages[1]


# --- banner ------------------------------------------------------------------------------------------------


def render_banner(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load calendar_tags %}{% calendar_banner %}").render(Context({"request": request}))


@time_machine.travel(dt.datetime(2026, 11, 20, 9, 0), tick=False)
def test_banner_asks_admins_for_the_missing_arrangement_and_hides_from_the_public():
    from django.contrib.auth.models import AnonymousUser

    admin = staff(AgencyFactory(), Role.AGENCY_ADMIN)
    editor = staff(AgencyFactory(), Role.EDITOR)
    html = render_banner(admin)
    assert "2027年放假安排尚未录入，相关期限为暂定。" in html and reverse("core:staff_calendar") in html
    assert "请联系机构管理员录入" in render_banner(editor)
    assert render_banner(AnonymousUser()).strip() == ""
    CalendarYear.objects.create(year=2027, arrangement_entered=True, source="x")
    assert render_banner(admin).strip() == ""
