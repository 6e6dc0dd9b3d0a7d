"""Requests: receipt rules, services refusing illegal moves, identity data, the API, reply letters, fees."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError, history
from gongkai.info_requests import fees, services
from gongkai.info_requests.crypto import decrypt_id
from gongkai.info_requests.models import ClockEvent, InfoRequest

from .factories import APPLICANT

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def handler(agency):
    return staff(agency, "request_handler")


@pytest.fixture
def head(agency):
    return staff(agency, "signer")


def submit(agency, day=D(2026, 2, 2), **overrides):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10), tick=False):
        return services.request_submit_online(agency=agency, data={**APPLICANT, **overrides})


def test_online_request_is_received_the_day_it_is_submitted_and_the_id_is_stored_encrypted(agency):
    req = submit(agency)
    assert req.received_on == D(2026, 2, 2)
    assert "370704199001011234" not in req.id_number_encrypted
    assert decrypt_id(req.id_number_encrypted) == "370704199001011234"
    assert services.clock_of(req).due == D(2026, 3, 6)


@pytest.mark.parametrize(
    ("channel", "signed", "confirmed", "expected"),
    [
        ("in_person", None, None, D(2026, 2, 13)),
        ("registered_mail", D(2026, 2, 14), None, D(2026, 2, 14)),
        ("ordinary_letter", None, D(2026, 2, 24), D(2026, 2, 24)),
        ("fax", None, D(2026, 2, 16), D(2026, 2, 16)),
    ],
)
def test_receipt_date_follows_the_channel_rule(handler, channel, signed, confirmed, expected):
    req = services.request_register(by=handler, channel=channel, arrived_on=D(2026, 2, 13), signed_on=signed,
                                    confirmed_on=confirmed, data=APPLICANT)
    assert req.received_on == expected
    assert req.clock_events.get().on == expected


def test_registered_mail_without_signing_date_is_refused(handler):
    with pytest.raises(WorkflowError, match="签收日期"):
        services.request_register(by=handler, channel="registered_mail", arrived_on=D(2026, 2, 13), data=APPLICANT)
    assert not InfoRequest.objects.exists()


def test_bad_input_is_refused_with_a_chinese_message_and_nothing_saved(agency):
    with pytest.raises(WorkflowError, match="身份证件"):
        submit(agency, id_number="??")
    assert not InfoRequest.objects.exists()


def test_correction_after_7_workdays_is_refused(agency, handler):
    req = submit(agency, D(2026, 2, 9))
    with time_machine.travel(dt.datetime(2026, 2, 26, 10), tick=False):
        with pytest.raises(WorkflowError, match="7个工作日"):
            services.request_correction_ask(req=req, by=handler, reason="请写明文件名称")
        req.refresh_from_db()
        assert req.state == "registered" and req.clock_events.count() == 1


def test_correction_then_lapse_closes_the_request_as_withdrawn(agency, handler):
    req = submit(agency, D(2026, 2, 9))
    with time_machine.travel(dt.datetime(2026, 2, 12, 10), tick=False):
        services.request_correction_ask(req=req, by=handler, reason="请写明文件名称")
    assert services.requests_lapse(today=D(2026, 3, 11)) == 0  # the last day to correct
    assert services.requests_lapse(today=D(2026, 3, 12)) == 1
    assert services.requests_lapse(today=D(2026, 3, 13)) == 0  # idempotent
    req.refresh_from_db()
    assert (req.state, req.outcome, req.concluded_on) == ("closed", "no_correction", D(2026, 3, 12))
    assert req.reply_letter


def test_extension_needs_the_heads_approval_and_happens_once(agency, handler, head):
    req = submit(agency)
    other = staff(agency, "request_handler")
    with time_machine.travel(dt.datetime(2026, 3, 2, 10), tick=False):
        services.request_review(req=req, by=handler)
        with pytest.raises(WorkflowError, match="负责人"):
            services.request_extend(req=req, by=handler, approved_by=other, days=20, reason="需要检索档案")
        services.request_extend(req=req, by=handler, approved_by=head, days=20, reason="需要检索档案")
        assert services.clock_of(req).due == D(2026, 4, 3)
        with pytest.raises(WorkflowError, match="只能延长一次"):
            services.request_extend(req=req, by=handler, approved_by=head, days=5, reason="再延")
    assert ClockEvent.objects.filter(request=req, kind="extended").count() == 1
    assert [e.action for e in history(req)] == ["register", "review", "extend"]


def test_reply_makes_a_docx_letter_citing_the_article_and_delivers_files(agency, handler, client):
    req = submit(agency)
    with time_machine.travel(dt.datetime(2026, 2, 24, 10), tick=False):
        services.request_review(req=req, by=handler)
        services.request_reply(req=req, by=handler, outcome="disclosed",
                               uploads=[SimpleUploadedFile("资金分配.pdf", PDF)])
    req.refresh_from_db()
    assert req.state == "replied" and req.concluded_on == D(2026, 2, 24)
    text = "\n".join(p.text for p in Document(io.BytesIO(req.reply_letter.read())).paragraphs)
    assert "第三十六条第（二）项" in text and req.tracking_code in text
    page = client.get(req.get_status_url())
    assert "资金分配.pdf" in page.content.decode()
    assert "370704" not in page.content.decode()
    f = req.files.get()
    assert client.get(f"/yisq/r/{req.tracking_code}/f/{f.pk}/").status_code == 200


def test_withheld_reply_refuses_attachments(agency, handler):
    req = submit(agency)
    with time_machine.travel(dt.datetime(2026, 2, 24, 10), tick=False), pytest.raises(WorkflowError):
        services.request_reply(req=req, by=handler, outcome="withheld_secret", uploads=[SimpleUploadedFile("a.pdf", PDF)])
    req.refresh_from_db()
    assert req.state == "registered" and not req.files.exists()


def test_reply_file_over_the_size_limit_is_refused(agency, handler, settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = len(PDF) - 1
    req = submit(agency)
    with time_machine.travel(dt.datetime(2026, 2, 24, 10), tick=False):
        services.request_review(req=req, by=handler)
        with pytest.raises(WorkflowError, match="文件过大"):
            services.request_reply(req=req, by=handler, outcome="disclosed", uploads=[SimpleUploadedFile("a.pdf", PDF)])
    req.refresh_from_db()
    assert req.state != "replied" and not req.files.exists()


def test_only_request_handlers_see_the_identity_number(agency, handler, head, client):
    req = submit(agency)
    client.force_login(head)
    assert "370704199001011234" not in client.get(req.get_absolute_url()).content.decode()
    client.force_login(handler)
    assert "370704199001011234" in client.get(req.get_absolute_url()).content.decode()
    client.force_login(staff(AgencyFactory(), "request_handler"))
    assert client.get(req.get_absolute_url()).status_code == 404


def test_api_submit_and_status_never_show_identity(agency, client):
    with time_machine.travel(dt.datetime(2026, 2, 2, 10), tick=False):
        answer = client.post("/api/v1/requests", {**APPLICANT, "agency_id": agency.pk}, content_type="application/json")
    assert answer.status_code == 201
    body = answer.json()
    assert body["received_on"] == "2026-02-02" and body["due_date"] == "2026-03-06"
    status = client.get(f"/api/v1/requests/{body['tracking_code']}").json()
    assert status["status"] == "registered" and status["due_date"] == "2026-03-06"
    assert "370704" not in str(status) and "13800000000" not in str(status)
    assert client.get("/api/v1/requests/NOPE").status_code == 404


def test_api_refuses_bad_input_in_chinese(client, agency):
    answer = client.post("/api/v1/requests", {**APPLICANT, "applicant_type": "alien", "agency_id": agency.pk},
                         content_type="application/json")
    assert answer.status_code == 422 and "applicant_type" in answer.json()["message"]
    assert not InfoRequest.objects.exists()


def test_public_form_keeps_input_on_error_and_shows_a_receipt(client, agency):
    data = {**APPLICANT, "agency": agency.pk, "form_wanted": "electronic", "phone": ""}
    page = client.post("/yisq/", data)
    assert page.status_code == 200 and "张三" in page.content.decode()
    assert not InfoRequest.objects.exists()
    page = client.post("/yisq/", {**data, "phone": "13800000000"})
    req = InfoRequest.objects.get()
    assert req.tracking_code in page.content.decode()


def test_fees_per_applicant_per_month():
    assert fees.fee_by_items(earlier_in_month=0, items=10) == 0
    assert fees.fee_by_items(earlier_in_month=8, items=5) == 300  # items 11–13
    assert fees.fee_by_items(earlier_in_month=28, items=5) == 2 * 100 + 3 * 200  # 29, 30; 31–33
    assert fees.fee_by_items(earlier_in_month=40, items=1) == 300  # the 41st
    assert fees.fee_by_pages(pages=30) == 0
    assert fees.fee_by_pages(pages=101) == 70 * 10 + 20
    assert fees.fee_by_pages(pages=201) == 700 + 2000 + 40


def test_fee_notice_counts_the_applicants_earlier_items_in_the_month(agency, handler):
    first = submit(agency, D(2026, 3, 2))
    second = submit(agency, D(2026, 3, 3))
    with time_machine.travel(dt.datetime(2026, 3, 4, 10), tick=False):
        services.request_review(req=first, by=handler)
        with pytest.raises(WorkflowError, match="不收费"):
            services.request_fee_notice(req=first, by=handler, method="items", count=10)
        first.refresh_from_db()
        first.fee_method, first.fee_count = "items", 10
        first.save()
        services.request_review(req=second, by=handler)
        services.request_fee_notice(req=second, by=handler, method="items", count=3)
    second.refresh_from_db()
    assert second.fee_amount == 300 and second.state == "fee_pending"
    assert services.clock_of(second).due is None
