import csv
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.decisions import services
from gongkai.decisions.models import Comment, CommentState

from .factories import PLANTED_NAMES, PLANTED_PHONES, after_close, in_consultation

pytestmark = pytest.mark.django_db

PHONE, PHONE2, PHONE3 = PLANTED_PHONES
NAME, NAME2 = PLANTED_NAMES


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def editor(agency):
    return staff(agency, Role.EDITOR)


@pytest.fixture
def moderator(agency):
    return staff(agency, Role.MODERATOR)


@pytest.fixture
def decision(editor):
    return in_consultation(editor)


def _comment(decision, content="管护经费标准偏低，建议提高到每亩30元。", phone=PHONE, name=NAME, paragraph=2, **kw):
    return services.comment_submit(decision=decision, content=content, name=name, phone=phone, paragraph_number=paragraph, **kw)


def test_web_comment_on_paragraph_gives_a_receipt_with_tracking_code(client, decision):
    response = client.post(
        reverse("decisions:comment", kwargs={"pk": decision.pk}),
        {"paragraph": "2", "content": "建议提高管护经费标准。", "name": NAME, "phone": PHONE},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302 and comment.tracking_code in response["Location"]
    receipt = client.get(response["Location"]).content.decode()
    assert "已收到您的意见" in receipt and comment.tracking_code in receipt
    assert comment.paragraph.number == 2 and comment.state == CommentState.PENDING


def test_web_form_keeps_typed_input_on_error(client, decision):
    response = client.post(reverse("decisions:comment", kwargs={"pk": decision.pk}), {"content": "建议提高管护经费标准。", "name": "王", "phone": "123"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写正确的11位手机号码" in body and "建议提高管护经费标准。" in body
    assert not Comment.objects.exists()


def test_comment_after_close_is_refused_with_a_clear_message_and_stored_nowhere(client, decision):
    events = AuditEvent.objects.count()
    with after_close(decision):
        with pytest.raises(WorkflowError, match="已于.*截止"):
            _comment(decision)
        api = client.post(f"/api/v1/decisions/{decision.pk}/comments", {"content": "晚到的意见内容。", "name": NAME, "phone": PHONE}, content_type="application/json")
        web = client.post(reverse("decisions:comment", kwargs={"pk": decision.pk}), {"content": "晚到的意见内容。", "name": NAME, "phone": PHONE})
    assert api.status_code == 409 and "截止" in api.json()["message"]
    assert web.status_code == 400
    assert not Comment.objects.exists() and AuditEvent.objects.count() == events


def test_api_comment_answers_tracking_code_and_status_lookup(client, decision):
    response = client.post(
        f"/api/v1/decisions/{decision.pk}/comments",
        {"content": "第二条建议写明资金拨付时间。", "name": NAME, "phone": PHONE, "paragraph": 2},
        content_type="application/json",
    )
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    status = client.get(f"/api/v1/decisions/comments/{code}").json()
    assert status["paragraph"] == 2 and status["status"] == "pending" and status["classification"] is None
    detail = client.get(f"/api/v1/decisions/{decision.pk}").json()
    assert detail["comment_count"] == 1 and detail["paragraphs"][1]["comment_count"] == 1


def test_api_refuses_a_bad_phone_with_422(client, decision):
    response = client.post(f"/api/v1/decisions/{decision.pk}/comments", {"content": "一些意见内容。", "name": "王", "phone": "1234"}, content_type="application/json")
    assert response.status_code == 422 and "手机号码" in response.json()["message"]
    assert not Comment.objects.exists()


def test_moderated_comment_is_shown_without_name_or_phone(client, decision, moderator):
    comment = _comment(decision, content=f"我的电话{PHONE3}，建议提高标准。")
    assert comment.public_content.count("已隐去") == 1
    assert "建议提高标准" not in client.get(decision.get_absolute_url()).content.decode()
    services.comment_moderate(comment=comment, by=moderator, action="approve")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "建议提高标准" in page and "手机号码已隐去" in page


def test_name_is_shown_only_when_the_commenter_chose(client, decision, moderator):
    chosen = _comment(decision, name="愿公开者", content="第一条意见内容。", show_name=True)
    services.comment_moderate(comment=chosen, by=moderator, action="approve")
    hidden = _comment(decision, content="第二条意见内容。", phone=PHONE2)
    services.comment_moderate(comment=hidden, by=moderator, action="approve")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "愿公开者" in page and "网民" in page


def test_exact_duplicates_are_folded_into_the_first(client, decision, moderator):
    first = _comment(decision)
    second = _comment(decision, phone=PHONE2, name=NAME2, content="  管护经费标准偏低，建议提高到每亩30元。 ")
    other_paragraph = _comment(decision, phone=PHONE3, paragraph=3)
    assert second.duplicate_of == first and other_paragraph.duplicate_of is None
    services.comment_moderate(comment=first, by=moderator, action="approve")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "另有1人提出相同意见" in page and "第2段 · 意见2条" in page


def test_three_reports_hide_a_comment_until_a_moderator_looks(client, decision, moderator, settings):
    comment = _comment(decision)
    services.comment_moderate(comment=comment, by=moderator, action="approve")
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.2"):
        services.comment_report(comment=comment, ip=ip)
    comment.refresh_from_db()
    assert comment.state == CommentState.SHOWN and comment.report_count == 2
    services.comment_report(comment=comment, ip="10.0.0.3")
    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN
    assert AuditEvent.objects.filter(object_id=comment.pk, action="auto_hide", actor=None).count() == 1
    services.comment_moderate(comment=comment, by=moderator, action="approve")
    comment.refresh_from_db()
    assert comment.state == CommentState.SHOWN and comment.report_count == 0


def test_reports_to_hide_is_a_setting(decision, moderator, settings):
    settings.GONGKAI_DECISIONS_REPORTS_TO_HIDE = 1
    comment = _comment(decision)
    services.comment_moderate(comment=comment, by=moderator, action="approve")
    services.comment_report(comment=comment, ip="10.0.0.9")
    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN


def test_rate_limits_per_phone_and_per_address(decision, settings):
    settings.GONGKAI_DECISIONS_COMMENTS_PER_PHONE_DAY = 2
    settings.GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR = 3
    _comment(decision, content="意见一的内容。", ip="10.1.1.1")
    _comment(decision, content="意见二的内容。", ip="10.1.1.1")
    with pytest.raises(WorkflowError, match="该手机号码今天"):
        _comment(decision, content="意见三的内容。", ip="10.1.1.2")
    _comment(decision, content="意见四的内容。", phone=PHONE2, ip="10.1.1.1")
    with pytest.raises(WorkflowError, match="过于频繁"):
        _comment(decision, content="意见五的内容。", phone=PHONE3, ip="10.1.1.1")
    assert Comment.objects.count() == 3


def test_staff_enter_a_letter_with_its_channel(decision, editor):
    comment = services.comment_enter(
        decision=decision, by=editor, channel="letter", content="来信：建议明确管护主体责任。", name=NAME2, phone=PHONE2,
        received_on=decision.comment_opens_on, paragraph_number=3,
    )
    assert comment.channel == "letter" and comment.entered_by == editor and comment.paragraph.number == 3


def test_contact_data_is_masked_for_staff_without_the_handler_role(client, decision, agency, editor):
    _comment(decision)
    client.force_login(editor)
    page = client.get(reverse("decisions:staff_comments", kwargs={"pk": decision.pk})).content.decode()
    assert PHONE not in page and NAME not in page and "139****5678" in page
    handler = staff(agency, Role.HANDLER)
    client.force_login(handler)
    page = client.get(reverse("decisions:staff_comments", kwargs={"pk": decision.pk})).content.decode()
    assert PHONE in page and NAME in page


def test_exports_stream_csv_and_xlsx(client, decision, agency):
    _comment(decision)
    _comment(decision, content="=HYPERLINK(\"x\") 公式注入测试", phone=PHONE2)
    client.force_login(staff(agency, Role.HANDLER))
    response = client.get(reverse("decisions:staff_export", kwargs={"pk": decision.pk, "fmt": "csv"}))
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "查询码" and len(rows) == 3 and rows[1][6] == PHONE and rows[2][4].startswith("'=")
    response = client.get(reverse("decisions:staff_export", kwargs={"pk": decision.pk, "fmt": "xlsx"}))
    assert response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3 and sheet.cell(2, 4).value == "第2段"


def test_tracking_lookup_shows_classification_only_after_the_report(client, decision, agency, editor):
    comment = _comment(decision)
    handler = staff(agency, Role.HANDLER)
    with after_close(decision):
        services.comment_classify(comment=comment, by=handler, classification="partly", reason="经费标准将结合财力研究。")
        url = reverse("decisions:track") + f"?code={comment.tracking_code}"
        assert "经费标准将结合财力研究" not in client.get(url).content.decode()
        services.review_start(decision=decision, by=editor)
        services.adoption_report_generate(decision=decision, by=handler)
        page = client.get(url).content.decode()
    assert "部分采纳：经费标准将结合财力研究。" in page


def test_public_responses_were_scanned(client, decision, no_personal_data_in_public_responses):
    _comment(decision)
    client.get(decision.get_absolute_url())
    client.get(f"/api/v1/decisions/{decision.pk}")
    assert len(no_personal_data_in_public_responses) == 2


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_comment_on_the_last_day_is_accepted(editor):
    decision = in_consultation(editor)
    with time_machine.travel(f"{decision.comment_closes_on.isoformat()} 23:30 +0800", tick=False):
        assert _comment(decision).pk
