"""Correction and extension notices as DOCX delivered on the status page; Art. 35 excessive applications."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError, history
from gongkai.info_requests import services
from gongkai.info_requests.clock import compute
from gongkai.info_requests.models import ClockEvent

from .factories import APPLICANT
from .test_clock import E

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def handler(agency):
    return staff(agency, "request_handler")


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10), tick=False)


def submit(agency, day=D(2026, 2, 2)):
    with at(day):
        return services.request_submit_online(agency=agency, data=dict(APPLICANT))


def docx_text(response) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs)


def test_correction_notice_states_what_to_correct_and_the_applicants_deadline(agency, handler, client):
    req = submit(agency, D(2026, 2, 9))
    assert client.get(f"/yisq/r/{req.tracking_code}/notice/correction/").status_code == 404
    with at(D(2026, 2, 12)):
        services.request_correction_ask(req=req, by=handler, reason="请写明所需文件的名称或文号")
    req.refresh_from_db()
    assert req.correction_notice and not req.extension_notice and not req.reply_letter
    page = client.get(f"/yisq/r/{req.tracking_code}/").content.decode()
    assert "下载补正告知书" in page and "2026-03-11" in page
    text = docx_text(client.get(f"/yisq/r/{req.tracking_code}/notice/correction/"))
    # 15 WD from 2/12 across the Spring Festival: 2/13, Sat 2/14, 2/24–2/28, 3/2–3/6, 3/9–3/11
    assert "政府信息公开申请补正告知书" in text and "第三十条" in text
    assert "需要补正的事项：请写明所需文件的名称或文号" in text and "请于2026年3月11日前" in text
    assert "2026年2月9日" in text and "视为放弃申请" in text
    assert "370704199001011234" not in text and APPLICANT["phone"] not in text


def test_extension_notice_gives_the_old_and_new_due_dates_and_is_delivered(agency, handler, client):
    req = submit(agency)
    head = staff(agency, "signer")
    with at(D(2026, 3, 2)):
        services.request_review(req=req, by=handler)
        services.request_extend(req=req, by=handler, approved_by=head, days=20, reason="需要调取多年档案")
    req.refresh_from_db()
    assert req.extension_notice and not req.correction_notice
    assert "下载延期答复告知书" in client.get(f"/yisq/r/{req.tracking_code}/").content.decode()
    text = docx_text(client.get(f"/yisq/r/{req.tracking_code}/notice/extension/"))
    assert "政府信息公开申请延期答复告知书" in text and "第三十三条第二款" in text
    assert "因需要调取多年档案" in text and "延长20个工作日" in text
    assert "原答复期限为2026年3月6日" in text and "延长后的答复期限为2026年4月3日" in text
    assert client.get(f"/yisq/r/{req.tracking_code}/notice/other/").status_code == 404


def test_staff_download_notices_only_in_their_agency(agency, handler, client):
    req = submit(agency, D(2026, 2, 9))
    with at(D(2026, 2, 10)):
        services.request_correction_ask(req=req, by=handler, reason="请写明时间范围")
    client.force_login(handler)
    assert client.get(f"/yisq/staff/{req.pk}/notice/correction/").status_code == 200
    assert client.get(f"/yisq/staff/{req.pk}/notice/extension/").status_code == 404  # none issued
    client.force_login(staff(AgencyFactory(), "request_handler"))
    assert client.get(f"/yisq/staff/{req.pk}/notice/correction/").status_code == 404


def test_clock_adds_the_accepted_delay_once_and_asking_does_not_pause():
    # 20 WD from 2/2 = 3/6; +10 WD: 3/9–3/13 (5), 3/16–3/20 (10)
    asked = [E("received", D(2026, 2, 2)), E("reasons_requested", D(2026, 2, 4))]
    assert compute(asked).due == D(2026, 3, 6)
    accepted = [*asked, E("reasons_accepted", D(2026, 2, 10), 10)]
    assert compute(accepted).due == D(2026, 3, 20) and compute(accepted).excessive_days == 10
    assert compute([*accepted, E("reasons_accepted", D(2026, 2, 11), 30)]).due == D(2026, 3, 20)
    # without asking first, an acceptance counts for nothing
    assert compute([E("received", D(2026, 2, 2)), E("reasons_accepted", D(2026, 2, 10), 10)]).due == D(2026, 3, 6)
    # it adds to the Art. 33 extension: 4/3 + 10 WD (Qingming 4/4–4/6): 4/7–4/10 (4), 4/13–4/17 (9), 4/20 (10)
    assert compute([*accepted, E("extended", D(2026, 3, 2), 20)]).due == D(2026, 4, 20)


def test_accepted_reasons_set_a_longer_deadline_recorded_with_the_reason(agency, handler, client):
    req = submit(agency)
    with at(D(2026, 2, 3)):
        services.request_review(req=req, by=handler)
        with pytest.raises(WorkflowError, match="先要求申请人说明理由"):
            services.request_reasons_accept(req=req, by=handler, reasons="课题研究需要", days=10)
        services.request_reasons_ask(req=req, by=handler, reason="本月已申请40件同类信息")
        with pytest.raises(WorkflowError, match="已要求申请人说明理由"):
            services.request_reasons_ask(req=req, by=handler, reason="再问")
    with at(D(2026, 2, 10)):
        with pytest.raises(WorkflowError, match="1至60个工作日"):
            services.request_reasons_accept(req=req, by=handler, reasons="课题研究需要", days=61)
        with pytest.raises(WorkflowError, match="记录申请人说明的理由"):
            services.request_reasons_accept(req=req, by=handler, reasons=" ", days=10)
        services.request_reasons_accept(req=req, by=handler, reasons="高校课题研究需要，已提供立项证明", days=10)
        with pytest.raises(WorkflowError, match="不能再次延迟"):
            services.request_reasons_accept(req=req, by=handler, reasons="再延", days=5)
        with pytest.raises(WorkflowError, match="理由合理"):
            services.request_reply(req=req, by=handler, outcome="excessive")
    req.refresh_from_db()
    assert req.state == "handling" and not req.outcome
    event = ClockEvent.objects.get(request=req, kind="reasons_accepted")
    assert (event.days, event.note, event.recorded_by) == (10, "高校课题研究需要，已提供立项证明", handler)
    assert services.clock_of(req, today=D(2026, 2, 10)).due == D(2026, 3, 20)
    assert [e.action for e in history(req)] == ["register", "review", "ask_reasons", "accept_reasons"]
    with at(D(2026, 2, 10)):
        page = client.get(f"/yisq/r/{req.tracking_code}/").content.decode()
    assert "2026-03-20" in page and "第三十五条" in page and "课题研究" not in page


def test_excessive_refusal_needs_the_reasons_step_first(agency, handler):
    req = submit(agency)
    with at(D(2026, 2, 4)):
        with pytest.raises(WorkflowError, match="应先要求申请人说明理由"):
            services.request_reply(req=req, by=handler, outcome="excessive")
        assert ClockEvent.objects.filter(request=req).count() == 1
        services.request_reasons_ask(req=req, by=handler, reason="一个月内申请120件")
        services.request_reply(req=req, by=handler, outcome="excessive")
    req.refresh_from_db()
    assert (req.state, req.outcome) == ("replied", "excessive") and req.reply_letter


def test_staff_pages_record_the_reasons_steps(agency, handler, client):
    req = submit(agency)
    client.force_login(handler)
    with at(D(2026, 2, 3)):
        assert "要求说明理由" in client.get(f"/yisq/staff/{req.pk}/").content.decode()
        client.post(f"/yisq/staff/{req.pk}/act/ask_reasons/", {"reason": "本月已申请40件"})
        client.post(f"/yisq/staff/{req.pk}/act/accept_reasons/", {"reason": "理由合理", "days": "abc"})
        assert not ClockEvent.objects.filter(request=req, kind="reasons_accepted").exists()
        client.post(f"/yisq/staff/{req.pk}/act/accept_reasons/", {"reason": "理由合理", "days": "5"})
        page = client.get(f"/yisq/staff/{req.pk}/").content.decode()
    assert ClockEvent.objects.get(request=req, kind="reasons_accepted").days == 5
    assert "延迟5个工作日" in page
