import datetime as dt
import re

import feedparser
import pytest
from django.core import mail
from django.utils import timezone

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.decisions.tests.factories import in_consultation
from gongkai.publishing import services
from gongkai.publishing.models import DigestRun, DigestSent, Subscriber, Subscription, SubscriptionState

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + dt.timedelta(days=1)  # its digest covers today


def _link(body: str, marker: str) -> str:
    return re.search(rf"http://\S+{marker}\S+/", body).group(0).split("localhost:8000", 1)[-1]


def _subscribe(client, email, choice, capture):
    with capture(execute=True):
        r = client.post("/feeds/subscribe/", {"email": email, "choice": choice})
    assert r.status_code == 200, r.content.decode()
    return r


def _confirm(client, email):
    body = next(m.body for m in reversed(mail.outbox) if m.to == [email])
    url = _link(body, "/feeds/subscribe/confirm/")
    assert client.get(url).status_code == 200  # GET only shows the button
    r = client.post(url)
    assert r.status_code == 200 and "订阅已生效" in r.content.decode()


def test_subscribing_sends_a_confirmation_and_nothing_is_mailed_before_it_is_used(publish, column, client, django_capture_on_commit_callbacks):
    r = _subscribe(client, "Reader@Example.cn", f"column:{column.slug}", django_capture_on_commit_callbacks)
    assert "请查收确认邮件" in r.content.decode()
    sub = Subscription.objects.get()
    assert sub.state == SubscriptionState.PENDING and sub.subscriber.email == "reader@example.cn"
    assert len(mail.outbox) == 1 and "请确认订阅：政策文件" in mail.outbox[0].subject
    publish(title="关于农田建设的通知")
    mail.outbox.clear()
    assert services.digest_send_batch(day=TOMORROW) == 0 and mail.outbox == []
    assert not DigestSent.objects.exists()


def test_confirming_activates_it_once_and_through_the_workflow(column, client, django_capture_on_commit_callbacks):
    _subscribe(client, "a@example.cn", f"column:{column.slug}", django_capture_on_commit_callbacks)
    _confirm(client, "a@example.cn")
    sub = Subscription.objects.get()
    assert sub.state == SubscriptionState.CONFIRMED and sub.confirmed_at
    assert AuditEvent.objects.filter(content_type__model="subscription", object_id=sub.pk, action="confirm", to_state="confirmed").count() == 1
    # subscribing again to a confirmed subscription sends nothing
    mail.outbox.clear()
    _subscribe(client, "a@example.cn", f"column:{column.slug}", django_capture_on_commit_callbacks)
    assert mail.outbox == [] and Subscription.objects.count() == 1


def test_a_tampered_or_garbage_confirmation_link_is_refused(column, client, django_capture_on_commit_callbacks):
    _subscribe(client, "a@example.cn", f"column:{column.slug}", django_capture_on_commit_callbacks)
    url = _link(mail.outbox[0].body, "/feeds/subscribe/confirm/")
    r = client.post(url[:-3] + "xx/")
    assert r.status_code == 400 and "确认链接无效" in r.content.decode()
    assert Subscription.objects.get().state == SubscriptionState.PENDING


def test_bad_input_keeps_the_typed_email_and_changes_nothing(column, client):
    r = client.post("/feeds/subscribe/", {"email": "not-an-email", "choice": f"column:{column.slug}"})
    assert r.status_code == 400 and "请填写正确的电子邮箱地址" in r.content.decode() and 'value="not-an-email"' in r.content.decode()
    r = client.post("/feeds/subscribe/", {"email": "a@example.cn", "choice": "column:nope"})
    assert r.status_code == 400 and "请选择要订阅的" in r.content.decode()
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_one_digest_per_subscriber_grouped_by_column_each_item_once(team, publish, column, client, django_capture_on_commit_callbacks):
    from gongkai.disclosures.tests.factories import ColumnFactory

    other = ColumnFactory(name="财政预决算", slug="budget")
    _subscribe(client, "a@example.cn", f"column:{column.slug}", django_capture_on_commit_callbacks)
    _subscribe(client, "a@example.cn", f"agency:{team.agency.slug}", django_capture_on_commit_callbacks)
    _confirm(client, "a@example.cn")
    _confirm(client, "a@example.cn")
    publish(title="政策文件甲")
    publish(title="预算公开乙", column=other)
    mail.outbox.clear()
    assert services.digest_send_batch(day=TOMORROW) == 1
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["a@example.cn"]
    assert msg.body.count("政策文件甲") == 1 and "【政策文件】" in msg.body and "【财政预决算】" in msg.body
    assert msg.body.index("【政策文件】") < msg.body.index("政策文件甲") < msg.body.index("【财政预决算】") < msg.body.index("预算公开乙")
    sent = DigestSent.objects.get()
    assert sent.ok and len(sent.items) == 2


def test_rerun_the_same_day_sends_nothing_twice(publish, column, client, django_capture_on_commit_callbacks):
    for n in range(3):
        _subscribe(client, f"r{n}@example.cn", f"column:{column.slug}", django_capture_on_commit_callbacks)
        _confirm(client, f"r{n}@example.cn")
    publish(title="政策文件甲")
    mail.outbox.clear()
    # chunks of two: two runs cover three subscribers, the third run closes the day
    assert services.digest_send_batch(day=TOMORROW, size=2) == 2
    assert services.digest_send_batch(day=TOMORROW, size=2) == 1
    assert services.digest_send_batch(day=TOMORROW, size=2) == 0
    assert DigestRun.objects.get().finished_at is not None
    assert services.digest_send_batch(day=TOMORROW, size=2) == 0
    # even with the cursor rewound (a crash before it was saved), nobody is mailed twice
    DigestRun.objects.update(cursor=0, finished_at=None)
    assert services.digest_send_batch(day=TOMORROW, size=10) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["r0@example.cn", "r1@example.cn", "r2@example.cn"]
    assert DigestSent.objects.filter(ok=True).count() == 3


def test_nothing_new_means_no_digest(column, client, django_capture_on_commit_callbacks):
    _subscribe(client, "a@example.cn", f"column:{column.slug}", django_capture_on_commit_callbacks)
    _confirm(client, "a@example.cn")
    mail.outbox.clear()
    assert services.digest_send_batch(day=TOMORROW) == 0 and mail.outbox == [] and not DigestSent.objects.exists()


def test_one_click_unsubscribe_by_header_post_stops_every_subscription(publish, team, column, client, django_capture_on_commit_callbacks):
    _subscribe(client, "a@example.cn", f"column:{column.slug}", django_capture_on_commit_callbacks)
    _subscribe(client, "a@example.cn", f"agency:{team.agency.slug}", django_capture_on_commit_callbacks)
    _confirm(client, "a@example.cn")
    _confirm(client, "a@example.cn")
    publish(title="政策文件甲")
    mail.outbox.clear()
    services.digest_send_batch(day=TOMORROW)
    msg = mail.outbox[0]
    assert msg.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = msg.extra_headers["List-Unsubscribe"].strip("<>").split("localhost:8000", 1)[-1]
    assert url in msg.body.replace("http://localhost:8000", "")
    r = client.post(url, {"List-Unsubscribe": "One-Click"})  # what a mail client sends (no CSRF token)
    assert r.status_code == 200 and "已退订" in r.content.decode()
    assert set(Subscription.objects.values_list("state", flat=True)) == {SubscriptionState.CANCELLED}
    mail.outbox.clear()
    publish(title="政策文件乙")
    assert services.digest_send_batch(day=TOMORROW + dt.timedelta(days=1)) == 0 and mail.outbox == []
    assert client.post(url[:-4] + "abc/").status_code == 400


def test_decision_subscription_mails_its_updates_and_its_feeds_list_them(client, django_capture_on_commit_callbacks):
    from gongkai.disclosures.tests.factories import ColumnFactory

    ColumnFactory(name="政策文件", slug="policies")
    editor = staff(AgencyFactory(), Role.EDITOR)
    decision = in_consultation(editor)
    r = client.get(f"/feeds/subscribe/?kind=decision&target={decision.pk}")
    assert decision.title in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/feeds/subscribe/", {"email": "d@example.cn", "kind": "decision", "target": str(decision.pk)})
    _confirm(client, "d@example.cn")
    mail.outbox.clear()
    assert services.digest_send_batch(day=TOMORROW) == 1
    body = mail.outbox[0].body
    assert f"【重大决策：{decision.title}】" in body and "进入“征求意见”阶段" in body

    rss = feedparser.parse(client.get(f"/feeds/d/{decision.pk}/rss.xml").content)
    assert not rss.bozo and rss.version == "rss20" and rss.feed.title == f"重大决策：{decision.title}"
    assert [e.title for e in rss.entries][:2] == ["进入“征求意见”阶段", "进入“起草”阶段"]
    atom = feedparser.parse(client.get(f"/feeds/d/{decision.pk}/atom.xml").content)
    assert not atom.bozo and atom.version == "atom10" and atom.entries[0].title == "进入“征求意见”阶段"


def test_secret_decisions_have_no_feed_and_cannot_be_subscribed(client):
    from gongkai.decisions.tests.factories import drafted

    decision = drafted(staff(AgencyFactory(), Role.EDITOR))
    type(decision).objects.filter(pk=decision.pk).update(secret=True)
    assert client.get(f"/feeds/d/{decision.pk}/rss.xml").status_code == 404
    assert client.get("/feeds/d/999999/atom.xml").status_code == 404
    r = client.post("/feeds/subscribe/", {"email": "d@example.cn", "kind": "decision", "target": str(decision.pk)})
    assert r.status_code == 400 and not Subscription.objects.exists()
