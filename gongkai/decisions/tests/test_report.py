import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workdays import add_workdays
from gongkai.core.workflow import WorkflowError
from gongkai.decisions import clocks, services
from gongkai.decisions.models import AdoptionReport

from .factories import PLANTED_NAMES, PLANTED_PHONES, after_close, in_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def editor(agency):
    return staff(agency, Role.EDITOR)


@pytest.fixture
def handler(agency):
    return staff(agency, Role.HANDLER)


def _comments(decision):
    submit = services.comment_submit
    a = submit(decision=decision, content=f"我是{PLANTED_NAMES[0]}，电话{PLANTED_PHONES[0]}，建议提高标准。", name=PLANTED_NAMES[0], phone=PLANTED_PHONES[1], paragraph_number=2)
    b = submit(decision=decision, content="建议明确管护主体。", name=PLANTED_NAMES[1], phone=PLANTED_PHONES[2], paragraph_number=3)
    c = submit(decision=decision, content="建议明确管护主体。", name="第三人", phone="13700001111", paragraph_number=3)
    d = submit(decision=decision, content="整体赞成这个办法。", name="第四人", phone="13700002222")
    return a, b, c, d


def test_report_counts_by_class_groups_reasons_by_paragraph_and_strips_personal_data(client, editor, handler):
    decision = in_consultation(editor)
    a, b, c, d = _comments(decision)
    with after_close(decision):
        with pytest.raises(WorkflowError, match="还有3条意见未办理"):
            services.adoption_report_generate(decision=decision, by=handler)
        services.comment_classify(comment=a, by=handler, classification="adopted", reason="已将标准提高到每亩25元。")
        services.comment_classify(comment=b, by=handler, classification="not_adopted", reason="村集体已是法定管护主体。")
        services.comment_classify(comment=d, by=handler, classification="not_relevant", reason="未提出具体修改意见。")
        with pytest.raises(WorkflowError, match="重复意见"):
            services.comment_classify(comment=c, by=handler, classification="adopted", reason="x")
        services.adoption_report_generate(decision=decision, by=handler)
    data = AdoptionReport.objects.get(decision=decision).data
    assert data["total"] == 4
    assert {row["key"]: row["count"] for row in data["counts"]} == {"adopted": 1, "partly": 0, "not_adopted": 2, "not_relevant": 1}
    assert [g["label"] for g in data["groups"]] == ["对草案整体的意见", "第2段", "第3段"]
    quote = data["groups"][1]["items"][0]["quote"]
    assert "手机号码已隐去" in quote and "姓名已隐去" in quote
    assert data["groups"][2]["items"][0]["same"] == 1
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "意见采纳情况说明" in page and "村集体已是法定管护主体。" in page


def test_report_notifies_those_who_asked_once(editor, handler, mailoutbox, django_capture_on_commit_callbacks):
    decision = in_consultation(editor)
    comment = services.comment_submit(decision=decision, content="建议提高标准。", name="甲", phone="13700003333", email="a@example.cn")
    with after_close(decision):
        services.comment_classify(comment=comment, by=handler, classification="adopted", reason="采纳。")
        with django_capture_on_commit_callbacks(execute=True):
            services.adoption_report_generate(decision=decision, by=handler)
        with django_capture_on_commit_callbacks(execute=True):
            services.adoption_report_generate(decision=decision, by=handler)
    assert len(mailoutbox) == 1 and comment.tracking_code in mailoutbox[0].body


def test_classification_waits_for_the_period_to_close(editor, handler):
    decision = in_consultation(editor)
    comment = services.comment_submit(decision=decision, content="建议提高标准。", name="甲", phone="13700003333")
    with pytest.raises(WorkflowError, match="截止后"):
        services.comment_classify(comment=comment, by=handler, classification="adopted", reason="采纳。")
    comment.refresh_from_db()
    assert comment.classification == ""


def test_clock_is_due_n_working_days_after_close_and_stops_at_the_report(agency, editor, handler, settings):
    settings.GONGKAI_DECISIONS_REPORT_DUE_WORKDAYS = 10
    decision = in_consultation(editor)
    with after_close(decision):
        [clock] = list(clocks.open_clocks(agency_ids={agency.pk}))
        assert clock.kind == "adoption_report" and clock.done_at is None
        assert clock.due_at.date() == add_workdays(decision.comment_closes_on, 10)
        assert list(clocks.open_clocks(agency_ids={agency.pk + 1000})) == []
        services.adoption_report_generate(decision=decision, by=handler)
        [clock] = list(clocks.open_clocks(agency_ids={agency.pk}))
    assert clock.done_at is not None and clock.status(clock.done_at) == "on_time"


def test_no_clock_before_the_period_closes(agency, editor):
    in_consultation(editor)
    assert list(clocks.open_clocks()) == []
    assert timezone.localdate() + dt.timedelta(days=1)
