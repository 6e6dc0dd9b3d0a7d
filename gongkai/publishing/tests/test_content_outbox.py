"""deliver_content: content other than disclosure items goes out through the same outbox."""

import hashlib
import hmac
import json

import pytest

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.publishing import services, tasks
from gongkai.publishing.models import Channel, Delivery, DeliveryAttempt, LedgerEntry, MediaContact
from gongkai.publishing.tests.test_outbox import SECRET, fast_backoff, receiver  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

PAYLOAD = {"title": "关于网传农田灌溉问题的情况通报", "url": "/opinion/i/7/#statement-3", "agency": "农发办", "text": "经核查……"}


def send(agency, capture, action="publish", key="3", payload=PAYLOAD):
    with capture(execute=True):
        return services.deliver_content(agency=agency, kind="opinion.statement", object_key=key, payload=payload, action=action)


def test_content_goes_once_to_each_active_channel_signed_and_with_an_absolute_url(team, receiver, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://gk.example.gov.cn"
    hook = receiver(fail=0)
    Channel.objects.create(agency=team.agency, kind="webhook", name="政务新媒体", url=hook.url, secret=SECRET)
    Channel.objects.create(agency=team.agency, kind="webhook", name="停用", url=hook.url, secret=SECRET, active=False)
    Channel.objects.create(agency=AgencyFactory(slug="czj"), kind="webhook", name="别的机构", url=hook.url, secret=SECRET)

    created = send(team.agency, django_capture_on_commit_callbacks)

    assert [d.channel.name for d in created] == ["政务新媒体"]
    delivery = Delivery.objects.get()
    assert delivery.state == "delivered" and delivery.item is None and delivery.ledger_entry is None
    assert (delivery.content_kind, delivery.object_key, delivery.action) == ("opinion.statement", "3", "publish")
    [(headers, body)] = hook.seen
    assert headers["Idempotency-Key"] == str(delivery.idempotency_key)
    assert headers["X-Gongkai-Signature"] == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    sent = json.loads(body)
    assert sent["event"] == "publish" and sent["kind"] == "opinion.statement" and sent["object_key"] == "3"
    assert sent["content"]["title"] == PAYLOAD["title"]
    assert sent["content"]["url"] == "https://gk.example.gov.cn/opinion/i/7/#statement-3"
    assert LedgerEntry.objects.count() == 0  # the ledger is for disclosure items only


def test_sending_the_same_content_again_is_a_no_op(team, receiver, django_capture_on_commit_callbacks):
    hook = receiver(fail=0)
    Channel.objects.create(agency=team.agency, kind="webhook", name="甲", url=hook.url, secret=SECRET)
    send(team.agency, django_capture_on_commit_callbacks)
    assert send(team.agency, django_capture_on_commit_callbacks) == []
    assert Delivery.objects.count() == 1 and len(hook.seen) == 1


def test_failing_receiver_is_retried_with_the_same_key_then_dead_then_retried_by_staff(team, receiver, client, django_capture_on_commit_callbacks):
    hook = receiver(fail=99)
    Channel.objects.create(agency=team.agency, kind="webhook", name="微博", url=hook.url, secret=SECRET)
    send(team.agency, django_capture_on_commit_callbacks)
    for _ in range(6):
        tasks.deliveries_retry_due.call_local()
    delivery = Delivery.objects.get()
    assert delivery.state == "dead" and delivery.attempts == 5 and delivery.last_error == "HTTP 503"
    assert DeliveryAttempt.objects.filter(delivery=delivery).count() == 5
    assert len({body for _, body in hook.seen}) == 1

    hook.fail = 0
    client.force_login(team.signer)
    page = client.get("/staff/outbox/").content.decode()
    assert PAYLOAD["title"] in page and "opinion.statement:3" in page and "重新投递" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/outbox/{delivery.pk}/retry/")
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    assert {h["Idempotency-Key"] for h, _ in hook.seen} == {str(delivery.idempotency_key)}


def test_a_withdrawal_reaches_every_channel_that_got_the_content_and_only_those(team, receiver, django_capture_on_commit_callbacks):
    hook = receiver(fail=0)
    first = Channel.objects.create(agency=team.agency, kind="webhook", name="甲", url=hook.url, secret=SECRET)
    send(team.agency, django_capture_on_commit_callbacks)
    first.active = False
    first.save()
    Channel.objects.create(agency=team.agency, kind="webhook", name="乙（后加）", url=hook.url, secret=SECRET)
    send(team.agency, django_capture_on_commit_callbacks, key="4")  # other content: goes to 乙 only

    send(team.agency, django_capture_on_commit_callbacks, action="withdraw", payload={**PAYLOAD, "withdrawn_reason": "表述有误"})

    withdrawals = Delivery.objects.filter(action="withdraw")
    assert [d.channel.name for d in withdrawals] == ["甲"]
    assert json.loads(hook.seen[-1][1])["content"]["withdrawn_reason"] == "表述有误"


def test_email_channel_sends_one_bcc_message_with_the_content(team, mailoutbox, django_capture_on_commit_callbacks):
    MediaContact.objects.create(agency=team.agency, name="张记者", outlet="潍坊日报", email="a@example.org")
    MediaContact.objects.create(agency=team.agency, name="李记者", outlet="坊子电视台", email="b@example.org")
    Channel.objects.create(agency=team.agency, kind="email", name="媒体邮件")
    send(team.agency, django_capture_on_commit_callbacks, payload={**PAYLOAD, "label": "舆情回应"})
    [mail] = mailoutbox
    assert mail.to == [] and sorted(mail.bcc) == ["a@example.org", "b@example.org"]
    assert mail.subject == f"【发布】{PAYLOAD['title']}"
    assert "农发办发布了舆情回应" in mail.body and "经核查" in mail.body
    assert Delivery.objects.get().state == "delivered"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"action": "delete"},
        {"kind": ""},
        {"object_key": ""},
        {"payload": {"title": "无链接"}},
        {"payload": {"title": "x", "url": "/x", "bad": object()}},
    ],
)
def test_bad_arguments_write_nothing(team, kwargs):
    Channel.objects.create(agency=team.agency, kind="email", name="媒体邮件")
    args = {"agency": team.agency, "kind": "opinion.statement", "object_key": "1", "payload": PAYLOAD, "action": "publish", **kwargs}
    with pytest.raises((ValueError, TypeError)):
        services.deliver_content(**args)
    assert Delivery.objects.count() == 0


def test_staff_of_another_agency_cannot_retry_a_content_delivery(team, receiver, client, django_capture_on_commit_callbacks, settings):
    settings.GONGKAI_DELIVERY_MAX_ATTEMPTS = 1
    hook = receiver(fail=99)
    Channel.objects.create(agency=team.agency, kind="webhook", name="甲", url=hook.url, secret=SECRET)
    send(team.agency, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.state == "dead"
    client.force_login(staff(AgencyFactory(slug="czj"), Role.SIGNER, Role.AGENCY_ADMIN))
    assert client.post(f"/staff/outbox/{delivery.pk}/retry/").status_code == 404
    delivery.refresh_from_db()
    assert delivery.state == "dead"
