import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.publishing import services, tasks
from gongkai.publishing.models import Channel, Delivery, DeliveryAttempt

pytestmark = pytest.mark.django_db
SECRET = "a-long-shared-secret-for-tests"


class Receiver:
    """A local webhook receiver that fails `fail` times, then answers 200; it records every request."""

    def __init__(self, fail: int):
        self.fail, self.seen = fail, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.seen.append((dict(self.headers), body))
                self.send_response(503 if len(outer.seen) <= outer.fail else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(fail):
        made.append(Receiver(fail))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.fixture(autouse=True)
def fast_backoff(settings):
    settings.GONGKAI_DELIVERY_BACKOFF_SECONDS = 0
    settings.GONGKAI_DELIVERY_MAX_ATTEMPTS = 5


def test_receiver_failing_three_times_gets_one_success_with_the_same_key_and_a_valid_signature(team, publish, receiver):
    hook = receiver(fail=3)
    Channel.objects.create(agency=team.agency, kind="webhook", name="政务新媒体", url=hook.url, secret=SECRET)
    v = publish(title="关于农业项目验收的公告")  # first try runs at once (Huey immediate)
    for _ in range(3):
        tasks.deliveries_retry_due.call_local()

    delivery = Delivery.objects.get()
    assert delivery.state == "delivered" and delivery.attempts == 4
    assert DeliveryAttempt.objects.filter(delivery=delivery, ok=True).count() == 1
    assert len(hook.seen) == 4
    keys = {h["Idempotency-Key"] for h, _ in hook.seen}
    assert keys == {str(delivery.idempotency_key)}
    for headers, body in hook.seen:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Gongkai-Signature"], expected)
        assert json.loads(body)["item"]["title"] == "关于农业项目验收的公告"
    assert len({body for _, body in hook.seen}) == 1
    tasks.deliveries_retry_due.call_local()
    assert len(hook.seen) == 4  # delivered: never sent again
    assert v


def test_after_the_last_try_a_delivery_is_dead_and_staff_can_retry_it(team, publish, receiver, client, django_capture_on_commit_callbacks):
    hook = receiver(fail=99)
    Channel.objects.create(agency=team.agency, kind="webhook", name="微博", url=hook.url, secret=SECRET)
    publish()
    for _ in range(6):
        tasks.deliveries_retry_due.call_local()
    delivery = Delivery.objects.get()
    assert delivery.state == "dead" and delivery.attempts == 5 and delivery.last_error == "HTTP 503"
    hook.fail = 0
    client.force_login(team.signer)
    page = client.get("/staff/outbox/").content.decode()
    assert "投递失败" in page and "重新投递" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/outbox/{delivery.pk}/retry/")
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    assert {h["Idempotency-Key"] for h, _ in hook.seen} == {str(delivery.idempotency_key)}


def test_a_withdrawal_reaches_every_channel_that_got_the_item(team, publish, withdraw, receiver):
    hook = receiver(fail=0)
    first = Channel.objects.create(agency=team.agency, kind="webhook", name="甲", url=hook.url, secret=SECRET)
    v = publish()
    first.active = False
    first.save()
    Channel.objects.create(agency=team.agency, kind="webhook", name="乙（后加）", url=hook.url, secret=SECRET)
    withdraw(v.item, reason="内容有误")
    withdrawals = Delivery.objects.filter(action="withdraw")
    assert [d.channel.name for d in withdrawals] == ["甲"]
    assert json.loads(hook.seen[-1][1])["item"]["withdrawn_reason"] == "内容有误"


def test_email_channel_sends_one_bcc_message_to_the_media_list(team, publish, mailoutbox):
    from gongkai.publishing.models import MediaContact

    MediaContact.objects.create(agency=team.agency, name="张记者", outlet="潍坊日报", email="a@example.org")
    MediaContact.objects.create(agency=team.agency, name="李记者", outlet="坊子电视台", email="b@example.org")
    Channel.objects.create(agency=team.agency, kind="email", name="媒体邮件")
    publish(title="新闻发布会通知")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [] and sorted(mailoutbox[0].bcc) == ["a@example.org", "b@example.org"]
    assert "新闻发布会通知" in mailoutbox[0].subject
    assert Delivery.objects.get().state == "delivered"


def test_staff_of_another_agency_cannot_see_or_retry_a_delivery(team, publish, receiver, client):
    hook = receiver(fail=0)
    Channel.objects.create(agency=team.agency, kind="webhook", name="甲", url=hook.url, secret=SECRET)
    publish()
    delivery = Delivery.objects.get()
    outsider = staff(AgencyFactory(slug="czj"), Role.SIGNER, Role.AGENCY_ADMIN)
    client.force_login(outsider)
    assert "甲" not in client.get("/staff/outbox/").content.decode()
    assert client.post(f"/staff/outbox/{delivery.pk}/retry/").status_code == 404


def test_channel_create_checks_role_and_input(team):
    from gongkai.core.workflow import WorkflowError

    with pytest.raises(WorkflowError, match="权限"):
        services.channel_create(by=team.editor, kind="webhook", name="x", url="https://x.example/h", secret=SECRET)
    with pytest.raises(WorkflowError, match="至少16个字符"):
        services.channel_create(by=team.signer, kind="webhook", name="x", url="https://x.example/h", secret="short")
    assert Channel.objects.count() == 0
    services.channel_create(by=team.signer, kind="webhook", name="x", url="https://x.example/h", secret=SECRET)
    assert Channel.objects.count() == 1
