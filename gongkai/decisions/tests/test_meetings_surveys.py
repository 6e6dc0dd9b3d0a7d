import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.decisions import selectors, services
from gongkai.decisions.models import Meeting, Response, SmsMessage

from .factories import PLANTED_NAMES, PLANTED_PHONES, drafted

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def editor(agency):
    return staff(agency, Role.EDITOR)


@pytest.fixture
def decision(editor):
    return drafted(editor)


def _at(days, hour=9):
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def test_hearing_materials_must_reach_participants_seven_days_ahead(decision, editor):
    with pytest.raises(WorkflowError, match="至少在听证会举行7日前"):
        services.meeting_create(
            decision=decision, by=editor, kind="hearing", title="听证会", starts_at=_at(10), ends_at=_at(10, 11), place="二楼会议室",
            materials_sent_on=timezone.localdate() + dt.timedelta(days=4),
        )
    assert not Meeting.objects.exists()
    meeting = services.meeting_create(
        decision=decision, by=editor, kind="hearing", title="听证会", starts_at=_at(10), ends_at=_at(10, 11), place="二楼会议室",
        materials_sent_on=timezone.localdate() + dt.timedelta(days=3),
    )
    assert meeting.pk


def test_ical_feed_lists_meetings(client, decision, editor):
    services.meeting_create(decision=decision, by=editor, kind="symposium", title="群众代表座谈会; 第一场", starts_at=_at(3), ends_at=_at(3, 11), place="凤凰街道")
    response = client.get(reverse("decisions:meetings_ics"))
    raw = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    body = raw.replace("\r\n ", "")  # unfold
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "座谈会：群众代表座谈会\\; 第一场" in body and "\r\n" in body


def test_meeting_page_shows_attendees_by_category_and_names_only_with_consent(client, decision, editor):
    meeting = services.meeting_create(decision=decision, by=editor, kind="symposium", title="座谈会", starts_at=_at(-1), ends_at=_at(-1, 11), place="凤凰街道")
    services.attendee_add(meeting=meeting, by=editor, category="npc", name="人大代表甲", name_public=True)
    services.attendee_add(meeting=meeting, by=editor, category="public", name=PLANTED_NAMES[0])
    services.meeting_summary_publish(meeting=meeting, by=editor, summary=f"{PLANTED_NAMES[0]}发言，电话{PLANTED_PHONES[0]}。与会者赞成。")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "人大代表甲" in page and "公众代表" in page and "与会者赞成" in page


def _survey(decision, editor):
    return services.survey_create(
        decision=decision, by=editor, title="管护办法民意调查", intro="", opens_on=timezone.localdate(), closes_on=timezone.localdate() + dt.timedelta(days=10),
        questions=[
            {"kind": "single", "text": "是否支持？", "options": ["支持", "不支持", "无所谓"]},
            {"kind": "multiple", "text": "最关心？", "options": ["经费", "主体", "考核"]},
            {"kind": "scale", "text": "满意度", "options": []},
            {"kind": "ranking", "text": "排序", "options": ["甲", "乙"]},
            {"kind": "text", "text": "其他建议", "options": [], "required": False},
        ],
    )


def _respond(survey, phone, answers):
    services.survey_code_send(survey=survey, phone=phone)
    code = SmsMessage.objects.filter(phone=phone).first().text.split("验证码为")[1][:6]
    qs = list(survey.questions.all())
    return services.survey_respond(survey=survey, phone=phone, code=code, answers={q.pk: a for q, a in zip(qs, answers, strict=True)})


def test_one_phone_cannot_answer_a_survey_twice(decision, editor):
    survey = _survey(decision, editor)
    answers = [{"choices": [0]}, {"choices": [0]}, {"choices": [5]}, {"choices": [0, 1]}, {}]
    _respond(survey, PLANTED_PHONES[0], answers)
    with pytest.raises(WorkflowError, match="已参加过"):
        _respond(survey, PLANTED_PHONES[0], answers)
    with pytest.raises(WorkflowError, match="已参加过"):
        services.survey_respond(survey=survey, phone=PLANTED_PHONES[0], code="000000", answers={})
    assert Response.objects.count() == 1
    assert not Response.objects.filter(phone_hash__contains=PLANTED_PHONES[0]).exists()


def test_wrong_code_is_refused(decision, editor):
    survey = _survey(decision, editor)
    services.survey_code_send(survey=survey, phone=PLANTED_PHONES[1])
    with pytest.raises(WorkflowError, match="验证码不正确"):
        services.survey_respond(survey=survey, phone=PLANTED_PHONES[1], code="abcdef", answers={})
    assert not Response.objects.exists()


def test_survey_results_equal_a_hand_count(client, decision, editor, agency):
    survey = _survey(decision, editor)
    fixture = [
        ("13700000001", [{"choices": [0]}, {"choices": [0, 1]}, {"choices": [5]}, {"choices": [0, 1]}, {"text": "建议加强考核"}]),
        ("13700000002", [{"choices": [0]}, {"choices": [1]}, {"choices": [4]}, {"choices": [1, 0]}, {}]),
        ("13700000003", [{"choices": [1]}, {"choices": [1, 2]}, {"choices": [3]}, {"choices": [0, 1]}, {"text": "不公开的回答"}]),
    ]
    for phone, answers in fixture:
        _respond(survey, phone, answers)
    moderator = staff(agency, Role.MODERATOR)
    from gongkai.decisions.models import Answer

    services.answer_approve(answer=Answer.objects.get(text="建议加强考核"), by=moderator, approve=True)
    single, multiple, scale, ranking, text = selectors.survey_results(survey)
    # by hand: 支持 2, 不支持 1, 无所谓 0; 经费 1, 主体 3, 考核 1; scale 5,4,3 → mean 4; 甲 ranks 1,2,1 → 1.33, 乙 2,1,2 → 1.67
    assert [r["count"] for r in single["rows"]] == [2, 1, 0]
    assert [r["count"] for r in multiple["rows"]] == [1, 3, 1]
    assert [r["count"] for r in scale["rows"]] == [0, 0, 1, 1, 1] and scale["mean"] == 4
    assert [r["count"] for r in ranking["rows"]] == [1.33, 1.67]
    assert text["texts"] == ["建议加强考核"]
    services.survey_publish_results(survey=survey, by=editor)
    page = client.get(reverse("decisions:survey_results", kwargs={"pk": survey.pk})).content.decode()
    assert "建议加强考核" in page and "不公开的回答" not in page and "平均4" in page
    csv_body = b"".join(client.get(reverse("decisions:survey_csv", kwargs={"pk": survey.pk})).streaming_content).decode("utf-8-sig")
    assert "是否支持？,支持,2" in csv_body


def test_survey_web_flow_with_code(client, decision, editor):
    survey = _survey(decision, editor)
    url = reverse("decisions:survey", kwargs={"pk": survey.pk})
    page = client.post(url, {"step": "send", "phone": PLANTED_PHONES[2]})
    assert page.status_code == 200 and "验证码已发送" in page.content.decode()
    code = SmsMessage.objects.get().text.split("验证码为")[1][:6]
    q = list(survey.questions.all())
    data = {"step": "answer", "phone": PLANTED_PHONES[2], "code": code, f"q{q[0].pk}": "0", f"q{q[1].pk}": ["1", "2"], f"q{q[2].pk}": "4", f"q{q[3].pk}_0": "2", f"q{q[3].pk}_1": "1"}
    done = client.post(url, data)
    assert "感谢您参加调查" in done.content.decode()
    assert Response.objects.count() == 1
