"""A published statement goes out on the agency's channels through the publishing outbox."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from gongkai.core.workflow import WorkflowError
from gongkai.publishing import tasks
from gongkai.publishing.models import Channel, Delivery, MediaContact
from gongkai.publishing.tests.test_outbox import SECRET, fast_backoff, receiver  # noqa: F401 - fixtures

from .. import services
from ..models import Grade

pytestmark = pytest.mark.django_db


def incident_with_draft(agency, handler, **kw):
    incident = services.incident_raise(
        agency=agency,
        by=handler,
        title="网传某村灌溉用水被截留",
        grade=Grade.MAJOR,
        discovered_at=timezone.now() - dt.timedelta(hours=1),
    )
    for field, value in kw.items():
        setattr(incident, field, value)
    incident.save()
    statement = services.statement_draft(incident=incident, by=handler, title="关于灌溉用水的情况通报", body="经核查，情况如下。")
    return incident, statement


def test_publishing_a_statement_sends_it_once_to_each_active_channel(
    agency, handler, leader, receiver, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://gk.example.gov.cn"
    hook = receiver(fail=1)  # the first try fails: the outbox retries with the same key
    Channel.objects.create(agency=agency, kind="webhook", name="政务新媒体", url=hook.url, secret=SECRET)
    Channel.objects.create(agency=agency, kind="webhook", name="已停用", url=hook.url, secret=SECRET, active=False)
    incident, statement = incident_with_draft(agency, handler)
    assert Delivery.objects.count() == 0  # a draft goes nowhere

    with django_capture_on_commit_callbacks(execute=True):
        services.statement_publish(statement=statement, by=leader)
    tasks.deliveries_retry_due.call_local()

    delivery = Delivery.objects.get()
    assert delivery.channel.name == "政务新媒体" and delivery.state == "delivered" and delivery.attempts == 2
    assert (delivery.content_kind, delivery.object_key) == ("opinion.statement", str(statement.pk))
    assert {h["Idempotency-Key"] for h, _ in hook.seen} == {str(delivery.idempotency_key)}
    sent = json.loads(hook.seen[-1][1])
    assert sent["event"] == "publish"
    assert sent["content"]["title"] == "关于灌溉用水的情况通报"
    assert sent["content"]["text"] == "经核查，情况如下。"
    assert sent["content"]["incident"] == {"id": incident.pk, "title": incident.title, "grade": "重大"}
    assert sent["content"]["url"] == f"https://gk.example.gov.cn/opinion/i/{incident.pk}/#statement-{statement.pk}"
    assert "赵办理" not in hook.seen[-1][1].decode() and "孙领导" not in hook.seen[-1][1].decode()


def test_the_media_list_gets_the_statement_by_email(agency, handler, leader, mailoutbox, django_capture_on_commit_callbacks):
    MediaContact.objects.create(agency=agency, name="张记者", outlet="潍坊日报", email="a@example.org")
    Channel.objects.create(agency=agency, kind="email", name="媒体邮件")
    _, statement = incident_with_draft(agency, handler)
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_publish(statement=statement, by=leader)
    [mail] = mailoutbox
    assert mail.bcc == ["a@example.org"] and mail.subject == "【发布】关于灌溉用水的情况通报"
    assert "舆情回应" in mail.body and "经核查，情况如下。" in mail.body


def test_a_statement_of_a_non_public_incident_is_not_sent(agency, handler, leader, receiver, django_capture_on_commit_callbacks):
    hook = receiver(fail=0)
    Channel.objects.create(agency=agency, kind="webhook", name="政务新媒体", url=hook.url, secret=SECRET)
    _, statement = incident_with_draft(agency, handler, is_public=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_publish(statement=statement, by=leader)
    assert Delivery.objects.count() == 0 and hook.seen == []


def test_a_refused_publication_enqueues_nothing(agency, handler, receiver, django_capture_on_commit_callbacks):
    from gongkai.core.tests.factories import staff

    hook = receiver(fail=0)
    Channel.objects.create(agency=agency, kind="webhook", name="政务新媒体", url=hook.url, secret=SECRET)
    author_leader = staff(agency, "handler", "signer")
    _, statement = incident_with_draft(agency, author_leader)
    with pytest.raises(WorkflowError), django_capture_on_commit_callbacks(execute=True):
        services.statement_publish(statement=statement, by=author_leader)  # may not sign their own draft
    assert Delivery.objects.count() == 0 and hook.seen == []
