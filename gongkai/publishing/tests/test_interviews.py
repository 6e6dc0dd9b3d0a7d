import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.publishing.models import InterviewRequest, InterviewState, MediaContact

pytestmark = pytest.mark.django_db
FORM = {"outlet": "潍坊日报", "reporter": "王记者", "email": "wang@wfrb.cn", "phone": "13800000000",
        "subject": "高标准农田建设进展", "questions": "1. 今年建设了多少亩？\n2. 管护经费如何保障？"}


@pytest.fixture
def agency(db):
    return AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa")


@pytest.fixture
def spokesperson(agency):
    return staff(agency, Role.SPOKESPERSON, email="press@nongfa.gov.cn")


@pytest.fixture
def submitted(agency, spokesperson, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/media/interview/", {**FORM, "agency": agency.slug})
    assert r.status_code == 200
    return InterviewRequest.objects.get(), r


def test_submitting_gives_a_receipt_with_code_and_deadline_and_notifies_both_sides(submitted):
    req, r = submitted
    page = r.content.decode()
    assert req.tracking_code in page and "答复期限" in page and req.reply_due > timezone.localdate()
    assert req.state == InterviewState.SUBMITTED
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["press@nongfa.gov.cn", "wang@wfrb.cn"]
    assert any(req.tracking_code in m.subject for m in mail.outbox if m.to == ["wang@wfrb.cn"])


def test_bad_input_keeps_what_was_typed_and_creates_nothing(agency, client):
    r = client.post("/media/interview/", {**FORM, "agency": agency.slug, "email": "bad", "preferred_date": "2020-01-01"})
    assert r.status_code == 400 and "请填写正确的电子邮箱地址" in r.content.decode() and "潍坊日报" in r.content.decode()
    r = client.post("/media/interview/", {**FORM, "agency": agency.slug, "preferred_date": "2020-01-01"})
    assert r.status_code == 400 and "不能早于今天" in r.content.decode()
    r = client.post("/media/interview/", {**FORM, "agency": agency.slug, "preferred_date": "明天"})
    assert r.status_code == 400 and "日期格式不正确" in r.content.decode()
    r = client.post("/media/interview/", {**FORM, "agency": "", "subject": ""})
    assert r.status_code == 400
    assert not InterviewRequest.objects.exists() and mail.outbox == []


def test_tracking_shows_the_state_without_contact_details(submitted, client):
    req, _ = submitted
    page = client.get(f"/media/interview/track/?code={req.tracking_code.lower()}").content.decode()
    assert "待处理" in page and "高标准农田建设进展" in page and "13800000000" not in page and "wang@wfrb.cn" not in page
    assert "没有找到" in client.get("/media/interview/track/?code=CFXXXX").content.decode()


def test_accept_then_schedule_notifies_the_journalist_through_the_workflow(submitted, spokesperson, client, django_capture_on_commit_callbacks):
    req, _ = submitted
    client.force_login(spokesperson)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/media/interviews/{req.pk}/", {"action": "accept"})
    req.refresh_from_db()
    assert req.state == InterviewState.ACCEPTED and "同意接受您" in mail.outbox[-1].body
    when = (timezone.localtime() + dt.timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/media/interviews/{req.pk}/", {"action": "schedule", "scheduled_at": when.strftime("%Y-%m-%dT%H:%M"), "place": "区农发办三楼会议室", "interviewee": "张主任"})
    req.refresh_from_db()
    assert req.state == InterviewState.SCHEDULED and req.place == "区农发办三楼会议室"
    assert "区农发办三楼会议室" in mail.outbox[-1].body and mail.outbox[-1].to == ["wang@wfrb.cn"]
    actions = list(AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(InterviewRequest), object_id=req.pk).exclude(to_state="").values_list("action", flat=True))
    assert actions == ["accept", "schedule"]


def test_decline_requires_a_reason_and_sends_it(submitted, spokesperson, client, django_capture_on_commit_callbacks):
    req, _ = submitted
    client.force_login(spokesperson)
    mail.outbox.clear()
    r = client.post(f"/staff/media/interviews/{req.pk}/", {"action": "decline", "reason": " "}, follow=True)
    assert "必须填写理由" in r.content.decode()
    req.refresh_from_db()
    assert req.state == InterviewState.SUBMITTED and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/media/interviews/{req.pk}/", {"action": "decline", "reason": "近期无合适受访人"})
    req.refresh_from_db()
    assert req.state == InterviewState.DECLINED and "近期无合适受访人" in mail.outbox[-1].body
    # a declined request cannot be scheduled afterwards
    r = client.post(f"/staff/media/interviews/{req.pk}/", {"action": "schedule", "scheduled_at": "2099-01-01T10:00", "place": "会议室"}, follow=True)
    req.refresh_from_db()
    assert req.state == InterviewState.DECLINED and req.scheduled_at is None


def test_staff_without_press_role_or_of_another_agency_cannot_handle(submitted, agency, client):
    req, _ = submitted
    client.force_login(staff(agency, Role.EDITOR))
    r = client.post(f"/staff/media/interviews/{req.pk}/", {"action": "accept"}, follow=True)
    assert "没有“同意采访”的权限" in r.content.decode()
    client.force_login(staff(AgencyFactory(), Role.SPOKESPERSON))
    assert client.get(f"/staff/media/interviews/{req.pk}/").status_code == 404
    assert client.post(f"/staff/media/interviews/{req.pk}/", {"action": "accept"}).status_code == 404
    req.refresh_from_db()
    assert req.state == InterviewState.SUBMITTED


def test_press_staff_edit_their_media_contact_list_only(agency, spokesperson, client):
    client.force_login(spokesperson)
    client.post("/staff/media/contacts/", {"outlet": "潍坊日报", "name": "李记者", "email": "Li@wfrb.cn", "phone": ""})
    contact = MediaContact.objects.get()
    assert contact.email == "li@wfrb.cn" and contact.agency == agency
    r = client.post("/staff/media/contacts/", {"outlet": "潍坊日报", "name": "李记者", "email": "li@wfrb.cn"}, follow=True)
    assert "已在本机构的媒体联系人名单中" in r.content.decode() and MediaContact.objects.count() == 1
    client.post(f"/staff/media/contacts/{contact.pk}/", {"outlet": "潍坊广播电视台", "name": "李记者", "email": "li@wftv.cn"})
    contact.refresh_from_db()
    assert (contact.outlet, contact.email, contact.active) == ("潍坊广播电视台", "li@wftv.cn", False)
    other = staff(AgencyFactory(), Role.SPOKESPERSON)
    client.force_login(other)
    assert client.get(f"/staff/media/contacts/{contact.pk}/").status_code == 404
    assert client.post(f"/staff/media/contacts/{contact.pk}/delete/").status_code == 404
    assert "潍坊广播电视台" not in client.get("/staff/media/contacts/").content.decode()
    client.force_login(staff(agency, Role.EDITOR))
    r = client.post("/staff/media/contacts/", {"outlet": "某报", "name": "赵", "email": "z@x.cn"}, follow=True)
    assert "没有管理媒体联系人的权限" in r.content.decode() and MediaContact.objects.count() == 1
    client.force_login(spokesperson)
    client.post(f"/staff/media/contacts/{contact.pk}/delete/")
    assert not MediaContact.objects.exists()
    assert AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(MediaContact), object_id=contact.pk).count() == 3
