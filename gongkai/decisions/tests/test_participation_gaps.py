"""Hearing registration with a recorded selection, comment-period changes, XLSX survey results and the
links to execution tracking and evaluations."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError, history
from gongkai.decisions import services
from gongkai.decisions.models import Attendee, Comment, PeriodChange, Registration, RegistrationState, Stage

from .factories import PLANTED_NAMES, PLANTED_PHONES, after_close, drafted, in_consultation
from .test_meetings_surveys import _respond, _survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def editor(agency):
    return staff(agency, Role.EDITOR)


def _at(days, hour=9):
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def _hearing(editor, *, closes_in=5, starts_in=20):
    decision = drafted(editor)
    meeting = services.meeting_create(
        decision=decision, by=editor, kind="hearing", title="管护经费标准听证会", starts_at=_at(starts_in), ends_at=_at(starts_in, 11), place="区政府三楼会议室"
    )
    return services.meeting_registration_set(meeting=meeting, by=editor, closes_on=timezone.localdate() + dt.timedelta(days=closes_in))


def _register(meeting, i=0, category="public", **kw):
    fields = dict(
        meeting=meeting, name=PLANTED_NAMES[i % 2], phone=PLANTED_PHONES[i % 3], category=category,
        statement="我是项目所在村的村民，希望就管护经费标准发表意见。", name_public=False,
    )
    fields.update(kw)
    return services.registration_submit(**fields)


def _days_later(days):
    return time_machine.travel(_at(days, 10), tick=False)


# ---- (1) public registration for hearings -------------------------------------------------------


def test_public_registration_gives_a_receipt_and_keeps_contact_private(client, editor):
    meeting = _hearing(editor)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "报名参加听证" in page
    response = client.post(
        reverse("decisions:meeting_register", kwargs={"pk": meeting.pk}),
        {"name": PLANTED_NAMES[0], "phone": PLANTED_PHONES[0], "category": "stakeholder", "statement": "本人承包土地在项目区内，希望发表意见。", "organisation": ""},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.phone == PLANTED_PHONES[0] and registration.state == RegistrationState.PENDING
    receipt = client.get(response["Location"]).content.decode()
    assert registration.tracking_code in receipt and "举行前公布" in receipt
    # the contact details appear on no public page (the autouse fixture scans every response too)
    assert PLANTED_PHONES[0] not in client.get(meeting.get_absolute_url()).content.decode()


def test_bad_registration_keeps_typed_input_and_stores_nothing(client, editor):
    meeting = _hearing(editor)
    response = client.post(
        reverse("decisions:meeting_register", kwargs={"pk": meeting.pk}),
        {"name": "张某", "phone": "12345", "category": "public", "statement": "希望就管护经费标准发表意见。"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "11位手机号码" in body and "希望就管护经费标准发表意见。" in body
    assert not Registration.objects.exists()


def test_registration_after_the_closing_date_is_refused_and_stored_nowhere(editor):
    meeting = _hearing(editor, closes_in=2)
    with _days_later(3), pytest.raises(WorkflowError, match="不接受报名"):
        _register(meeting)
    assert not Registration.objects.exists()


def test_registration_only_for_hearings_and_closing_before_the_hearing(editor):
    decision = drafted(editor)
    symposium = services.meeting_create(decision=decision, by=editor, kind="symposium", title="座谈会", starts_at=_at(9), ends_at=_at(9, 11), place="会议室")
    with pytest.raises(WorkflowError, match="只有听证会"):
        services.meeting_registration_set(meeting=symposium, by=editor, closes_on=timezone.localdate() + dt.timedelta(days=3))
    hearing = services.meeting_create(decision=decision, by=editor, kind="hearing", title="听证会", starts_at=_at(9), ends_at=_at(9, 11), place="会议室")
    with pytest.raises(WorkflowError, match="听证会举行之前截止"):
        services.meeting_registration_set(meeting=hearing, by=editor, closes_on=timezone.localdate() + dt.timedelta(days=9))
    hearing.refresh_from_db()
    assert hearing.registration_closes_on is None


def test_selection_records_outcome_method_and_reason_through_the_workflow(editor):
    meeting = _hearing(editor)
    registration = _register(meeting)
    with pytest.raises(WorkflowError, match="理由"):
        services.registration_decide(registration=registration, by=editor, selected=False, reason=" ")
    registration.refresh_from_db()
    assert registration.state == RegistrationState.PENDING
    services.registration_decide(registration=registration, by=editor, selected=False, method="chosen", reason="同类别报名人数已满，择优选定其他报名人。")
    registration.refresh_from_db()
    assert (registration.state, registration.method) == ("not_selected", "chosen")
    event = list(history(registration))[-1]
    assert event.action == "not_select" and event.data == {"method": "chosen"} and "择优" in event.comment


def test_draw_selects_the_seats_at_random_and_records_the_seed(editor):
    meeting = _hearing(editor)
    pool = [_register(meeting, i, phone=f"1390000000{i}") for i in range(5)]
    _register(meeting, 9, category="expert", phone="13900000009")
    drawn = services.registrations_draw(meeting=meeting, by=editor, category="public", seats=2)
    assert len(drawn) == 2
    states = dict(Registration.objects.values_list("pk", "state"))
    assert sum(states[r.pk] == "selected" for r in pool) == 2
    assert Registration.objects.get(category="expert").state == "pending"
    event = AuditEvent.objects.filter(action="draw").get()
    assert sorted(event.data["drawn"]) == sorted(r.pk for r in drawn) and event.data["pool"] == [r.pk for r in pool]
    import random

    again = random.Random(event.data["seed"]).sample(pool, 2)  # the recorded seed repeats the draw
    assert sorted(r.pk for r in again) == sorted(r.pk for r in drawn)
    assert all(r.method == "drawn" for r in Registration.objects.filter(state="selected"))


def test_participant_list_is_published_before_the_hearing_with_names_only_by_consent(client, editor):
    meeting = _hearing(editor, closes_in=2, starts_in=20)
    chosen = _register(meeting, 0, name_public=True, name="王建国", phone="13900000001")
    hidden = _register(meeting, 1, category="stakeholder")
    declined = _register(meeting, 2, phone="13900000003", name="李不选")
    with _days_later(1), pytest.raises(WorkflowError, match="截止后才能公布"):
        services.participants_publish(meeting=meeting, by=editor)
    services.registration_decide(registration=chosen, by=editor, selected=True, method="chosen", reason="村民代表，利益直接相关。")
    services.registration_decide(registration=hidden, by=editor, selected=True, method="drawn", reason="抽签选定。")
    with _days_later(3):
        with pytest.raises(WorkflowError, match="1名报名人未遴选"):
            services.participants_publish(meeting=meeting, by=editor)
        services.registration_decide(registration=declined, by=editor, selected=False, method="chosen", reason="名额已满。")
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "王建国" not in page and "将在听证会举行前公布" in page
        services.participants_publish(meeting=meeting, by=editor)
        page = client.get(meeting.get_absolute_url()).content.decode()
    assert Attendee.objects.filter(meeting=meeting).count() == 2
    assert "王建国" in page and PLANTED_NAMES[1] not in page and "李不选" not in page
    assert "公开报名3人，选定2人（随机抽选1人，择优选定1人）" in page
    with pytest.raises(WorkflowError, match="名单已公布"):
        services.registration_decide(registration=declined, by=editor, selected=True, reason="改变主意")


def test_participant_list_cannot_be_published_once_the_hearing_began(editor):
    meeting = _hearing(editor, closes_in=1, starts_in=3)
    services.registration_decide(registration=_register(meeting), by=editor, selected=True, reason="符合条件。")
    with _days_later(4), pytest.raises(WorkflowError, match="举行之前公布"):
        services.participants_publish(meeting=meeting, by=editor)
    meeting.refresh_from_db()
    assert meeting.participants_published_at is None and not meeting.attendees.exists()


def test_status_lookup_by_code_shows_the_outcome_and_reason(client, editor):
    meeting = _hearing(editor)
    registration = _register(meeting)
    services.registration_decide(registration=registration, by=editor, selected=True, method="chosen", reason="代表性强。")
    page = client.get(reverse("decisions:registration_status"), {"code": registration.tracking_code.lower()}).content.decode()
    assert "已选定" in page and "代表性强" in page
    missing = client.get(reverse("decisions:registration_status"), {"code": "TZNOSUCHCODE"}).content.decode()
    assert "没有找到" in missing


def test_staff_page_masks_phone_without_handler_role_and_hides_other_agencies(client, agency, editor):
    meeting = _hearing(editor)
    registration = _register(meeting)
    client.force_login(editor)
    page = client.get(reverse("decisions:staff_meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert registration.tracking_code in page and PLANTED_PHONES[0] not in page
    client.force_login(staff(agency, Role.EDITOR, Role.HANDLER))
    assert PLANTED_PHONES[0] in client.get(reverse("decisions:staff_meeting", kwargs={"pk": meeting.pk})).content.decode()
    client.force_login(staff(AgencyFactory(), Role.EDITOR))
    url = reverse("decisions:staff_registration_decide", kwargs={"pk": registration.pk})
    assert client.post(url, {"outcome": "selected", "method": "chosen", "reason": "x"}).status_code == 404
    registration.refresh_from_db()
    assert registration.state == "pending"


def test_staff_draw_and_publish_through_the_pages(client, editor):
    meeting = _hearing(editor, closes_in=1)
    _register(meeting)
    client.force_login(editor)
    url = reverse("decisions:staff_registrations", kwargs={"pk": meeting.pk})
    assert client.post(url, {"form": "draw", "category": "public", "seats": "1"}).status_code == 302
    assert Registration.objects.get().state == "selected"
    with _days_later(2):
        refused = client.post(url, {"form": "draw", "category": "public", "seats": "1"})
        assert refused.status_code == 400
        assert client.post(url, {"form": "publish"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.participants_published_at is not None


# ---- (2) extending or reopening the comment period -----------------------------------------------


def test_extension_needs_a_reason_and_is_shown_on_the_decision_page_with_its_date(client, editor):
    decision = in_consultation(editor)
    old = decision.comment_closes_on
    with pytest.raises(WorkflowError, match="理由"):
        services.comment_period_change(decision=decision, by=editor, closes_on=old + dt.timedelta(days=10), reason="")
    with pytest.raises(WorkflowError, match="晚于原截止日期"):
        services.comment_period_change(decision=decision, by=editor, closes_on=old, reason="x")
    assert not PeriodChange.objects.exists()
    change = services.comment_period_change(decision=decision, by=editor, closes_on=old + dt.timedelta(days=10), reason="应村民要求延长。")
    decision.refresh_from_db()
    assert change.kind == "extend" and decision.comment_closes_on == old + dt.timedelta(days=10) and decision.stage == Stage.CONSULTATION
    event = list(history(decision))[-1]
    assert event.action == "extend" and event.comment == "应村民要求延长。"
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "延长征求意见期" in page and "应村民要求延长。" in page and f"{change.changed_on.year}年{change.changed_on.month}月{change.changed_on.day}日" in page


def test_reopening_after_review_started_goes_back_through_the_workflow_and_accepts_comments(editor):
    decision = in_consultation(editor)
    with after_close(decision):
        services.review_start(decision=decision, by=editor)
        with pytest.raises(WorkflowError, match="截止"):
            services.comment_submit(decision=decision, content="经费标准太低了。", name="张三", phone="13900000001")
        change = services.comment_period_change(
            decision=decision, by=editor, closes_on=timezone.localdate() + dt.timedelta(days=15), reason="草案第二条争议较大，重新开放征求意见。"
        )
        decision.refresh_from_db()
        assert change.kind == "reopen" and decision.stage == Stage.CONSULTATION and decision.period_state() == "open"
        event = list(history(decision))[-1]
        assert (event.action, event.from_state, event.to_state) == ("reopen_consultation", "review", "consultation")
        services.comment_submit(decision=decision, content="经费标准太低了。", name="张三", phone="13900000001")
    assert Comment.objects.count() == 1


def test_period_cannot_change_after_the_adoption_report_or_by_another_agency(client, agency, editor):
    decision = in_consultation(editor)
    handler = staff(agency, Role.HANDLER)
    with after_close(decision):
        services.adoption_report_generate(decision=decision, by=handler)
        with pytest.raises(WorkflowError, match="采纳情况说明已生成"):
            services.comment_period_change(decision=decision, by=editor, closes_on=timezone.localdate() + dt.timedelta(days=9), reason="再征求")
    client.force_login(staff(AgencyFactory(), Role.EDITOR))
    url = reverse("decisions:staff_period", kwargs={"pk": decision.pk})
    assert client.post(url, {"pc-closes_on": "2099-01-01", "pc-reason": "x"}).status_code == 404
    assert not PeriodChange.objects.exists()


def test_staff_period_form_shows_a_clear_error_and_changes_nothing(client, editor):
    decision = in_consultation(editor)
    client.force_login(editor)
    url = reverse("decisions:staff_period", kwargs={"pk": decision.pk})
    response = client.post(url, {"pc-closes_on": decision.comment_closes_on.isoformat(), "pc-reason": "延长"})
    assert response.status_code == 400 and "晚于原截止日期" in response.content.decode()
    ok = client.post(url, {"pc-closes_on": (decision.comment_closes_on + dt.timedelta(days=5)).isoformat(), "pc-reason": "延长五日"})
    assert ok.status_code == 302 and PeriodChange.objects.count() == 1


# ---- (3) survey results as XLSX ------------------------------------------------------------------


def test_survey_results_xlsx_equals_the_hand_count_and_the_csv(client, agency, editor):
    from openpyxl import load_workbook

    survey = _survey(drafted(editor), editor)
    for phone, answers in [
        ("13700000001", [{"choices": [0]}, {"choices": [0, 1]}, {"choices": [5]}, {"choices": [0, 1]}, {"text": "=建议加强考核"}]),
        ("13700000002", [{"choices": [0]}, {"choices": [1]}, {"choices": [4]}, {"choices": [1, 0]}, {}]),
        ("13700000003", [{"choices": [1]}, {"choices": [1, 2]}, {"choices": [3]}, {"choices": [0, 1]}, {"text": "不公开的回答"}]),
    ]:
        _respond(survey, phone, answers)
    from gongkai.decisions.models import Answer

    services.answer_approve(answer=Answer.objects.get(text="=建议加强考核"), by=staff(agency, Role.MODERATOR), approve=True)
    url = reverse("decisions:survey_xlsx", kwargs={"pk": survey.pk})
    assert client.get(url).status_code == 404  # results not yet published
    services.survey_publish_results(survey=survey, by=editor)
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("题号", "题目", "选项", "计数或平均名次")
    by_label = {(r[0], r[2]): r[3] for r in rows[2:]}
    assert [by_label[(1, o)] for o in ("支持", "不支持", "无所谓")] == [2, 1, 0]
    assert by_label[(3, "平均分")] == 4
    assert by_label[(5, "文字回答")] == "'=建议加强考核"  # a formula-looking answer is defused
    assert "不公开的回答" not in str(rows)
    csv_body = b"".join(client.get(reverse("decisions:survey_csv", kwargs={"pk": survey.pk})).streaming_content).decode("utf-8-sig")
    assert len(csv_body.strip().splitlines()) == len(rows) - 1  # the same rows, without the title line
    page = client.get(reverse("decisions:survey_results", kwargs={"pk": survey.pk})).content.decode()
    assert url in page


# ---- (4) execution tracking and evaluations on the decision page ---------------------------------


def test_decision_page_links_published_plans_and_evaluations(client, agency, editor):
    from gongkai.implementation.tests.factories import Team, plan_with_steps
    from gongkai.results.services import evaluation_create

    decision = drafted(editor)
    team = Team(agency)
    plan = plan_with_steps(team, [("建设", timezone.localdate(), timezone.localdate() + dt.timedelta(days=30))], subject=decision, subject_title="")
    draft_plan = plan_with_steps(team, [], publish=False, subject=decision, subject_title="", title="未发布的方案")
    evaluation = team.publish(
        evaluation_create(
            by=team.editor, title="管护办法实施后评估", evaluator="某评估公司", method="问卷调查", period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31), conclusions="目标基本实现。", subject=decision, subject_title="",
        )
    )
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "执行跟踪与评估" in page
    assert plan.get_absolute_url() in page and evaluation.get_absolute_url() in page
    assert draft_plan.get_absolute_url() not in page


def test_decision_page_works_without_the_implementation_and_results_apps(client, editor, monkeypatch):
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: False if name in ("gongkai.implementation", "gongkai.results") else real(name))
    decision = drafted(editor)
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200 and "执行跟踪与评估" not in response.content.decode()


# ---- (5) attachments on public comments ----------------------------------------------------------


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _pdf(*lines):
    from gongkai.core.tests.test_files import make_pdf

    return make_pdf([list(lines)])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _comment(decision, upload, **kw):
    fields = dict(decision=decision, content="建议将管护经费提高到每亩30元。", name="张三", phone="13900000001", upload=upload)
    fields.update(kw)
    return services.comment_submit(**fields)


def test_clean_pdf_attachment_is_shown_with_its_comment_after_screening(client, agency, editor, media):
    decision = in_consultation(editor)
    comment = _comment(decision, _upload("张三的建议.pdf", _pdf("Proposal: raise the fund to 30 yuan per mu.")))
    attachment = comment.attachments.get()
    assert attachment.state == "clear" and attachment.file_kind == "pdf" and attachment.findings == []
    assert attachment.file_name == "张三的建议.pdf"  # kept for staff only
    url = reverse("decisions:attachment", kwargs={"pk": attachment.pk})
    assert client.get(url).status_code == 404  # the comment itself is not yet shown
    services.comment_moderate(comment=comment, by=staff(agency, Role.MODERATOR), action="approve")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert url in page and "张三的建议" not in page  # the uploaded file name may carry a name: never shown
    download = client.get(url)
    from urllib.parse import quote

    assert download.status_code == 200 and quote(f"附件{attachment.pk}.pdf") in download["Content-Disposition"]


def test_attachment_with_personal_data_or_an_image_waits_for_a_moderator(client, agency, editor, media):
    decision = in_consultation(editor)
    moderator = staff(agency, Role.MODERATOR)
    flagged = _comment(decision, _upload("a.pdf", _pdf("Contact me: 13711112222")))
    image = _comment(decision, _upload("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64)), content="附上现场照片，请看管护情况。", phone="13900000002")
    a, b = flagged.attachments.get(), image.attachments.get()
    assert a.state == b.state == "review"
    assert "手机号码" in "、".join(a.findings) and "13711112222" not in str(a.findings)
    assert any("图片" in f for f in b.findings)
    for c in (flagged, image):
        services.comment_moderate(comment=c, by=moderator, action="approve")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert reverse("decisions:attachment", kwargs={"pk": a.pk}) not in page
    assert client.get(reverse("decisions:attachment", kwargs={"pk": a.pk})).status_code == 404
    with pytest.raises(WorkflowError, match="理由"):
        services.attachment_moderate(attachment=a, by=moderator, approve=False)
    services.attachment_moderate(attachment=a, by=moderator, approve=False, reason="含手机号码。")
    services.attachment_moderate(attachment=b, by=moderator, approve=True)
    assert client.get(reverse("decisions:attachment", kwargs={"pk": a.pk})).status_code == 404
    assert client.get(reverse("decisions:attachment", kwargs={"pk": b.pk})).status_code == 200
    with pytest.raises(WorkflowError):
        services.attachment_moderate(attachment=b, by=editor, approve=False, reason="x")  # not a moderator


def test_commenters_own_name_in_an_attachment_holds_it_back(editor, media):
    decision = in_consultation(editor)
    comment = _comment(decision, _upload("a.pdf", _pdf("Signed: Zhang San")), name="Zhang San")
    attachment = comment.attachments.get()
    assert attachment.state == "review" and "提出人的姓名" in attachment.findings


def test_attachment_of_the_wrong_type_by_content_is_refused_and_nothing_is_stored(client, editor, media):
    decision = in_consultation(editor)
    with pytest.raises(WorkflowError, match="只接受 PDF"):
        _comment(decision, _upload("renamed.pdf", b"MZ\x90\x00 not a pdf at all"))
    response = client.post(
        reverse("decisions:comment", kwargs={"pk": decision.pk}),
        {"content": "建议将管护经费提高到每亩30元。", "name": "张三", "phone": "13900000001", "attachment": _upload("x.docx", b"plain text")},
    )
    assert response.status_code == 400 and "只接受 PDF" in response.content.decode()
    assert not Comment.objects.exists()


def test_web_comment_with_attachment_gets_a_receipt(client, editor, media):
    decision = in_consultation(editor)
    response = client.post(
        reverse("decisions:comment", kwargs={"pk": decision.pk}),
        {"content": "建议将管护经费提高到每亩30元。", "name": "张三", "phone": "13900000001", "paragraph": "2",
         "attachment": _upload("b.pdf", _pdf("Fund: 30 yuan per mu."))},
    )
    assert response.status_code == 302
    assert Comment.objects.get().attachments.get().state == "clear"


def test_staff_attachment_of_another_agency_is_404(client, editor, media):
    decision = in_consultation(editor)
    attachment = _comment(decision, _upload("a.pdf", _pdf("Contact me: 13711112222"))).attachments.get()
    moderator = staff(AgencyFactory(), Role.MODERATOR)
    client.force_login(moderator)
    url = reverse("decisions:staff_attachment", kwargs={"pk": attachment.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"approve": "1"}).status_code == 404
    attachment.refresh_from_db()
    assert attachment.state == "review"
