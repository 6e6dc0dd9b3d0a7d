"""Letters: receipt, deadline, handling across the agency tree, the sender's rating and follow-up."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import staff
from gongkai.core.workflow import WorkflowError

from .. import selectors, services
from ..clocks import open_clocks
from ..models import Letter, LetterSetting, LetterState, Notification, Rating
from .factories import letter

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def test_reply_deadline_skips_the_national_day_holiday(agency):
    made = letter(agency, received_at=at(2026, 9, 30))
    deadline = selectors.letter_deadline(made)
    # 15 working days: 10/1–10/7 are off, Saturday 10/10 is a make-up working day
    assert deadline.date == dt.date(2026, 10, 27)
    assert deadline.provisional is False


def test_reply_deadline_follows_the_agency_setting(agency):
    LetterSetting.objects.create(agency=agency, reply_workdays=5)
    made = letter(agency, received_at=at(2026, 11, 2))  # Monday
    assert selectors.letter_deadline(made).date == dt.date(2026, 11, 9)


def test_the_same_idempotency_key_makes_one_letter(agency):
    first = letter(agency, idempotency_key="k-1")
    again, created = services.letter_submit(
        agency=agency, subject="x", content="y", name="z", phone="1", idempotency_key="k-1"
    )
    assert again.pk == first.pk and created is False
    assert Letter.objects.count() == 1


def test_a_letter_without_any_contact_is_refused_and_nothing_is_stored(agency):
    with pytest.raises(WorkflowError, match="联系电话或电子邮箱"):
        services.letter_submit(agency=agency, subject="标题", content="内容", name="某某")
    assert Letter.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_receipt_notifies_the_agency_handlers(agency, handler):
    made = letter(agency)
    note = Notification.objects.get(user=handler)
    assert made.tracking_code in note.title and "13912345678" not in note.title


def test_handler_assigns_replies_and_sender_rates_and_closes(agency, handler):
    made = letter(agency)
    services.letter_assign(letter=made, by=handler, unit="项目科")
    services.letter_reply(letter=made, by=handler, text="已列入明年计划。")
    made.refresh_from_db()
    assert made.state == LetterState.REPLIED and made.unit == "项目科" and made.replied_by == handler
    services.letter_rate(letter=made, rating=Rating.SATISFIED, comment="谢谢")
    made.refresh_from_db()
    assert made.state == LetterState.CLOSED and made.rating == Rating.SATISFIED
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == ["receive", "assign", "reply", "rate"]


def test_sender_may_ask_one_follow_up_which_gets_its_own_reply(agency, handler):
    made = letter(agency)
    services.letter_assign(letter=made, by=handler)
    services.letter_reply(letter=made, by=handler, text="答复一")
    services.letter_followup(letter=made, text="什么时候开工？")
    made.refresh_from_db()
    assert made.state == LetterState.ASSIGNED and made.awaiting_followup_reply
    services.letter_reply(letter=made, by=handler, text="明年三月。")
    made.refresh_from_db()
    assert made.reply == "答复一" and made.followup_reply == "明年三月。"
    with pytest.raises(WorkflowError, match="只能追问一次"):
        services.letter_followup(letter=made, text="再问")
    made.refresh_from_db()
    assert made.state == LetterState.REPLIED and made.followup == "什么时候开工？"


def test_a_sender_who_left_an_email_is_told_of_the_reply(
    agency, handler, django_capture_on_commit_callbacks, mailoutbox
):
    made = letter(agency, email="sender@example.com")
    services.letter_assign(letter=made, by=handler)
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_reply(letter=made, by=handler, text="答复正文")
    [message] = mailoutbox
    assert message.to == ["sender@example.com"] and made.tracking_code in message.body
    assert "答复正文" not in message.body  # the answer is read on the site with the code


def test_rating_before_a_reply_is_refused(agency):
    made = letter(agency)
    with pytest.raises(WorkflowError):
        services.letter_rate(letter=made, rating=Rating.SATISFIED)
    made.refresh_from_db()
    assert made.rating is None and made.state == LetterState.RECEIVED


def test_a_letter_is_passed_up_and_down_the_tree_but_not_sideways(district, agency, sibling, handler):
    up_handler = staff(district, "handler")
    made = letter(agency)
    with pytest.raises(WorkflowError, match="上级或下级"):
        services.letter_reassign(letter=made, by=handler, to_agency=sibling, reason="不属本单位")
    services.letter_reassign(letter=made, by=handler, to_agency=district, reason="涉及全区")
    made.refresh_from_db()
    assert made.agency == district and made.state == LetterState.ASSIGNED
    assert Notification.objects.filter(user=up_handler, kind=Notification.Kind.ASSIGNMENT).exists()
    with pytest.raises(Http404):  # the old agency no longer sees it
        selectors.staff_letter(handler, made.pk)
    services.letter_reassign(letter=made, by=up_handler, to_agency=sibling, reason="财政事项")
    made.refresh_from_db()
    assert made.agency == sibling


def test_staff_of_another_agency_cannot_touch_a_letter(agency, sibling):
    made = letter(agency)
    outsider = staff(sibling, "handler")
    with pytest.raises(Http404):
        services.letter_assign(letter=made, by=outsider)
    made.refresh_from_db()
    assert made.state == LetterState.RECEIVED


def test_a_staff_member_without_the_handler_role_cannot_reply(agency, handler, reviewer):
    made = letter(agency)
    services.letter_assign(letter=made, by=handler)
    with pytest.raises(WorkflowError, match="权限"):
        services.letter_reply(letter=made, by=reviewer, text="答复")
    made.refresh_from_db()
    assert made.state == LetterState.ASSIGNED and made.reply == ""


def test_open_letters_are_exposed_as_clocks(agency, handler):
    made = letter(agency, received_at=at(2026, 9, 30))
    [clock] = list(open_clocks(agency_ids={agency.pk}))
    assert clock.kind == "letter_reply" and clock.due_at.date() == dt.date(2026, 10, 27)
    assert made.tracking_code in clock.title and "王小明" not in clock.title
    services.letter_assign(letter=made, by=handler)
    services.letter_reply(letter=made, by=handler, text="好")
    assert list(open_clocks(agency_ids={agency.pk})) == []


def test_monthly_statistics_count_received_replied_on_time_and_satisfaction(agency, handler):
    on_time = letter(agency, received_at=at(2026, 10, 8))
    late = letter(agency, received_at=at(2026, 10, 9))
    letter(agency, received_at=at(2026, 10, 12))  # unanswered
    services.letter_assign(letter=on_time, by=handler)
    services.letter_reply(letter=on_time, by=handler, text="好", now=at(2026, 10, 12))
    services.letter_rate(letter=on_time, rating=Rating.FAIR)
    services.letter_assign(letter=late, by=handler)
    services.letter_reply(letter=late, by=handler, text="晚了", now=at(2026, 11, 30))
    services.letter_rate(letter=late, rating=Rating.UNSATISFIED)
    rows = {r.month: r for r in selectors.monthly_stats(months=3, today=dt.date(2026, 11, 30))}
    october = rows["2026-10"]
    assert (october.received, october.replied, october.on_time) == (3, 2, 1)
    assert october.satisfaction == 50.0
    assert october.average_days == 20.0  # 10/8→10/12: 3 WD (Saturday 10/10 works); 10/9→11/30: 37 WD
    assert rows["2026-11"].received == 0


# ---- web and API -------------------------------------------------------------------------------


def test_public_form_double_submit_makes_one_letter_and_shows_the_receipt(client, agency):
    form = client.get(reverse("letters:new"))
    key = form.context["form"].initial["idem"]
    data = {
        "agency": agency.pk,
        "box": "suggestion",
        "topic_kind": "policy",
        "topic": "高标准农田",
        "subject": "关于农田建设",
        "content": "建议加快进度。",
        "name": "张三",
        "phone": "13800001111",
        "publish_consent": "on",
        "idem": key,
    }
    first = client.post(reverse("letters:new"), data)
    second = client.post(reverse("letters:new"), data)
    made = Letter.objects.get()
    assert first.url == second.url == reverse("letters:receipt", kwargs={"code": made.tracking_code})
    receipt = client.get(first.url)
    assert made.tracking_code in receipt.text and "13800001111" not in receipt.text and "张三" not in receipt.text


def test_public_form_with_errors_keeps_what_was_typed(client, agency):
    response = client.post(
        reverse("letters:new"),
        {
            "agency": agency.pk,
            "box": "suggestion",
            "topic_kind": "free",
            "subject": "我的标题",
            "content": "我的内容",
            "name": "李四",
            "idem": "k",
        },
    )
    assert response.status_code == 400
    assert (
        "联系电话和电子邮箱至少填写一项" in response.text
        and "我的内容" in response.text
        and "我的标题" in response.text
    )
    assert Letter.objects.count() == 0


def test_api_post_answers_tracking_code_and_due_date(client, district, agency):
    response = client.post(
        "/api/v1/letters",
        json.dumps(
            {
                "topic": "高标准农田",
                "content": "建议",
                "name": "王五",
                "phone": "13700001111",
                "publish_consent": True,
                "agency": "office",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    made = Letter.objects.get(tracking_code=body["tracking_code"])
    assert made.agency == agency and made.subject == "高标准农田"
    assert body["due_date"] == selectors.letter_deadline(made).date.isoformat()


def test_api_post_repeated_with_an_idempotency_key_makes_one_letter(client, district):
    payload = json.dumps({"topic": "t", "content": "c", "name": "n", "phone": "13700001111", "publish_consent": False})
    a = client.post("/api/v1/letters", payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc")
    b = client.post("/api/v1/letters", payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc")
    assert (a.status_code, b.status_code) == (201, 200)
    assert a.json()["tracking_code"] == b.json()["tracking_code"]
    assert Letter.objects.get().agency == district


def test_api_post_without_content_is_refused_in_chinese(client, district):
    response = client.post(
        "/api/v1/letters", json.dumps({"topic": "t", "name": "n", "phone": "1"}), content_type="application/json"
    )
    assert response.status_code == 422 and "content" in response.json()["message"]
    assert Letter.objects.count() == 0


def test_api_get_shows_status_and_reply_but_never_the_contact(client, agency, handler):
    made = letter(agency, email="wxm@example.com", subject="我的电话13912345678")
    services.letter_assign(letter=made, by=handler)
    services.letter_reply(letter=made, by=handler, text="已答复。")
    response = client.get(f"/api/v1/letters/{made.tracking_code}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "replied" and body["reply"]["text"] == "已答复。"
    text = response.content.decode()
    assert "13912345678" not in text and "王小明" not in text and "wxm@example.com" not in text
    assert client.get("/api/v1/letters/XJ00000000-AAAAAA").status_code == 404


def test_tracking_page_shows_the_reply_and_lets_the_sender_rate(client, agency, handler):
    made = letter(agency)
    services.letter_assign(letter=made, by=handler)
    services.letter_reply(letter=made, by=handler, text="感谢您的建议。")
    page = client.get(reverse("letters:track") + f"?code={made.tracking_code.lower()}", follow=True)
    assert "感谢您的建议。" in page.text and "13912345678" not in page.text
    client.post(reverse("letters:rate", kwargs={"code": made.tracking_code}), {"rating": "3"})
    made.refresh_from_db()
    assert made.state == LetterState.CLOSED


def test_staff_pages_are_per_agency(client, agency, sibling, handler):
    made = letter(agency)
    client.force_login(staff(sibling, "handler"))
    assert client.get(reverse("letters:staff_detail", kwargs={"pk": made.pk})).status_code == 404
    client.force_login(handler)
    page = client.get(reverse("letters:staff_detail", kwargs={"pk": made.pk}))
    assert page.status_code == 200 and "13912345678" in page.text  # handlers see the contact


def test_interaction_landing_links_to_letters_opinion_and_consultations_when_present(client):
    page = client.get(reverse("letters:interaction"))
    assert page.status_code == 200 and reverse("letters:new") in page.text and reverse("opinion:index") in page.text
    assert page.context["nav_active"] == "interaction"
    try:
        consultations = reverse("decisions:index")
    except NoReverseMatch:
        assert page.context["consultations_url"] is None
    else:
        assert f'href="{consultations}"' in page.text


def test_statistics_page_has_the_chart_data_and_the_table(client, agency):
    letter(agency)
    page = client.get(reverse("letters:stats"))
    assert page.status_code == 200 and 'id="letters-stats"' in page.text and 'id="letters-chart-data"' in page.text


def test_staff_pages_assign_reassign_reply_and_publish(client, district, agency, handler, reviewer):
    made = letter(agency, content="我的电话是13912345678，请联系。")
    client.force_login(handler)
    assert client.get(reverse("letters:staff_list")).status_code == 200

    def act(action, data=None):
        return client.post(
            reverse("letters:staff_action", kwargs={"pk": made.pk, "action": action}), data or {}, follow=True
        )

    act("assign", {"unit": "项目科"})
    page = act("reply", {"text": ""})
    assert "请填写答复内容" in page.text
    act("reply", {"text": "已办理。"})
    act("propose")
    made.refresh_from_db()
    assert made.pub_state == "proposed" and "13912345678" not in made.public_content
    client.force_login(reviewer)
    assert client.get(reverse("letters:staff_list") + "?view=publication").status_code == 200
    act(
        "approve",
        {
            "public_subject": made.public_subject,
            "public_content": made.public_content,
            "public_reply": made.public_reply,
        },
    )
    made.refresh_from_db()
    assert made.pub_state == "published"
    assert made.public_subject in client.get(reverse("letters:index")).text
