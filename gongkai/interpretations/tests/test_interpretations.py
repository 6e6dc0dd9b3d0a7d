"""Policy interpretations: required sections, the 3-working-day clock, the sign-off rule, public links."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures.tests.factories import draft, published
from gongkai.interpretations import clocks, deadlines, selectors, services
from gongkai.interpretations.models import Form, Interpretation, PolicyPlan, State

from .factories import interpretation_draft, interpretation_published

pytestmark = pytest.mark.django_db
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


def test_an_empty_required_section_blocks_a_text_interpretation(team):
    editor, _, _ = team
    policy = draft(editor).item
    interpretation = interpretation_draft(editor, policy, criteria="  ")
    events = AuditEvent.objects.count()
    with pytest.raises(WorkflowError, match="执行口径"):
        services.interpretation_submit(interpretation=interpretation, by=editor)
    interpretation.refresh_from_db()
    assert interpretation.state == State.DRAFT
    assert AuditEvent.objects.count() == events


def test_a_graphic_interpretation_needs_no_sections_but_content(team):
    editor, _, _ = team
    policy = draft(editor).item
    empty = interpretation_draft(editor, policy, form=Form.GRAPHIC, summary="")
    with pytest.raises(WorkflowError, match="解读内容"):
        services.interpretation_submit(interpretation=empty, by=editor)
    graphic = interpretation_draft(editor, policy, form=Form.GRAPHIC)
    services.interpretation_submit(interpretation=graphic, by=editor)
    assert Interpretation.objects.get(pk=graphic.pk).state == State.SUBMITTED


def test_the_author_cannot_approve_or_sign_their_own_interpretation(agency):
    editor = staff(agency, "editor", "reviewer", "signer")
    policy = draft(editor).item
    interpretation = interpretation_draft(editor, policy)
    services.interpretation_submit(interpretation=interpretation, by=editor)
    with pytest.raises(WorkflowError, match="自己撰写"):
        services.interpretation_approve(interpretation=interpretation, by=editor)
    assert Interpretation.objects.get(pk=interpretation.pk).state == State.SUBMITTED


def test_full_workflow_publishes_and_records_every_move(team):
    editor, reviewer, signer = team
    policy = published(*team).item
    interpretation = interpretation_published(editor, reviewer, signer, policy)
    assert interpretation.state == State.PUBLISHED
    assert interpretation.published_at is not None
    actions = list(AuditEvent.objects.filter(object_id=interpretation.pk, content_type__model="interpretation").values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "sign"]


def test_interpretations_only_link_to_the_agencys_own_policies(team):
    editor, _, _ = team
    other_editor = staff(AgencyFactory(), "editor")
    foreign = draft(other_editor).item
    with pytest.raises(WorkflowError, match="本机构"):
        interpretation_draft(editor, foreign)
    assert not Interpretation.objects.exists()


def test_due_date_after_national_day_2025_counts_the_makeup_saturday():
    # State Council notice for 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
    due = deadlines.policy_due(at(2025, 9, 30, 10, 0))
    assert due.due_on == dt.date(2025, 10, 11)
    assert not due.provisional


def test_due_date_after_spring_festival_2026():
    # 2026 notice: 15–23 February off; Saturday 14 February and Saturday 28 February are working days.
    assert deadlines.policy_due(at(2026, 2, 13, 9, 0)).due_on == dt.date(2026, 2, 25)


def test_an_overdue_interpretation_appears_in_the_staff_list_without_anyone_marking_it(client, team):
    editor, reviewer, signer = team
    with time_machine.travel(at(2025, 9, 30, 10, 0), tick=False):
        policy = published(*team, title="关于印发《项目资金管理办法》的通知").item
        services.plan_set(item=policy, by=editor, needs_interpretation=True, plan="文字解读，由主要负责人解读。")
    client.force_login(editor)
    with time_machine.travel(at(2025, 10, 10, 12, 0), tick=False):
        board = selectors.staff_board(editor)
        assert [r.item for r in board["due_soon"]] == [policy]
        assert board["overdue"] == []
    with time_machine.travel(at(2025, 10, 13, 9, 0), tick=False):
        response = client.get(reverse("interpretations:staff_board"))
    assert response.status_code == 200
    board = response.context["board"]
    assert [r.item for r in board["overdue"]] == [policy]
    assert [r.item for r in board["without"]] == [policy]
    assert "已逾期" in response.content.decode()


def test_a_late_interpretation_stops_the_clock_but_stays_marked_late(team):
    editor, reviewer, signer = team
    with time_machine.travel(at(2025, 9, 30, 10, 0), tick=False):
        policy = published(*team).item
    with time_machine.travel(at(2025, 10, 14, 10, 0), tick=False):
        interpretation_published(editor, reviewer, signer, policy)
        rows = selectors.policy_rows(agency_ids={editor.agency_id})
        board = selectors.staff_board(editor)
        clock = next(iter(clocks.open_clocks(agency_ids={editor.agency_id})))
    assert [(r.item, r.status) for r in rows] == [(policy, "late")]
    assert board["overdue"] == [] and board["without"] == []
    assert clock.done_at is not None and clock.done_at > clock.due_at
    assert clock.status() == "overdue"


def test_an_on_time_interpretation_is_done(team):
    editor, reviewer, signer = team
    with time_machine.travel(at(2025, 9, 30, 10, 0), tick=False):
        policy = published(*team).item
    with time_machine.travel(at(2025, 10, 11, 15, 0), tick=False):
        interpretation_published(editor, reviewer, signer, policy)
        rows = selectors.policy_rows(agency_ids={editor.agency_id})
    assert rows[0].status == "done"


def test_a_policy_not_marked_and_not_interpreted_has_no_clock(team):
    published(*team)
    assert list(clocks.open_clocks()) == []


def test_a_policy_needing_interpretation_cannot_be_signed_without_a_plan(team):
    editor, _, _ = team
    version = draft(editor)
    services.check_sign_allowed(version)  # not marked: allowed
    services.plan_set(item=version.item, by=editor, needs_interpretation=True)
    with pytest.raises(WorkflowError, match="解读方案"):
        services.check_sign_allowed(version)
    services.plan_set(item=version.item, by=editor, needs_interpretation=True, plan="同步发布图解和文字解读。")
    services.check_sign_allowed(version)


def test_a_drafted_interpretation_counts_as_the_plan(team):
    editor, _, _ = team
    version = draft(editor)
    services.plan_set(item=version.item, by=editor, needs_interpretation=True)
    interpretation_draft(editor, version.item)
    services.check_sign_allowed(version)


def test_plan_set_is_recorded_once_and_is_agency_scoped(team):
    from django.http import Http404

    editor, _, _ = team
    item = draft(editor).item
    services.plan_set(item=item, by=editor, needs_interpretation=True, plan="方案")
    services.plan_set(item=item, by=editor, needs_interpretation=True, plan="方案")
    assert AuditEvent.objects.filter(action="plan_set").count() == 1
    outsider = staff(AgencyFactory(), "editor")
    with pytest.raises(Http404):
        services.plan_set(item=item, by=outsider, needs_interpretation=False)
    assert PolicyPlan.objects.get(item=item).needs_interpretation is True


def test_staff_of_another_agency_get_404(client, team):
    editor, _, _ = team
    interpretation = interpretation_draft(editor, draft(editor).item)
    outsider = staff(AgencyFactory(), "editor")
    client.force_login(outsider)
    assert client.get(reverse("interpretations:staff_detail", args=[interpretation.pk])).status_code == 404
    assert client.get(reverse("interpretations:staff_plan", args=[interpretation.policies.first().pk])).status_code == 404


def test_public_pages_link_policy_and_interpretation_both_ways(client, team):
    editor, reviewer, signer = team
    policy = published(*team, title="关于印发《项目资金管理办法》的通知").item
    text = interpretation_published(editor, reviewer, signer, policy, title="资金管理办法解读")
    graphic = interpretation_published(editor, reviewer, signer, policy, form=Form.GRAPHIC, title="一图读懂资金管理办法")
    hidden = interpretation_draft(editor, policy, title="尚未发布的解读")

    page = client.get(policy.get_absolute_url()).content.decode()
    assert "相关解读" in page and text.get_absolute_url() in page and graphic.get_absolute_url() in page
    assert hidden.title not in page

    detail = client.get(text.get_absolute_url()).content.decode()
    assert policy.get_absolute_url() in detail and "背景依据" in detail

    graphics = client.get(reverse("interpretations:index"), {"form": "graphic"})
    assert list(graphics.context["page"].object_list) == [graphic]
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_public_index_query_count_does_not_grow_with_rows(client, team, django_assert_max_num_queries):
    editor, reviewer, signer = team
    policy = published(*team).item
    for n in range(3):
        interpretation_published(editor, reviewer, signer, policy, title=f"解读{n}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("interpretations:index")).status_code == 200


def test_staff_create_through_the_form_keeps_input_on_error(client, team):
    editor, _, _ = team
    policy = draft(editor).item
    client.force_login(editor)
    response = client.post(reverse("interpretations:staff_new"), {"title": "", "form": "text", "policies": [policy.pk], "background": "背景"})
    assert response.status_code == 200 and "背景" in response.content.decode()
    assert not Interpretation.objects.exists()
    response = client.post(reverse("interpretations:staff_new"), {"title": "解读", "form": "qa", "policies": [policy.pk], "summary": "问：……答：……"})
    created = Interpretation.objects.get()
    assert response.status_code == 302 and created.form == Form.QA and list(created.policies.all()) == [policy]


@pytest.mark.django_db(transaction=True)
def test_a_2027_due_date_is_provisional_and_moves_when_the_arrangement_is_entered(team):
    from gongkai.core import workdays

    editor, reviewer, signer = team
    admin = staff(editor.agency, "agency_admin")
    with time_machine.travel(at(2027, 3, 3, 10, 0), tick=False):  # a Wednesday
        policy = published(*team).item
        services.plan_set(item=policy, by=editor, needs_interpretation=True, plan="文字解读")
    [row] = selectors.policy_rows()
    assert row.due.due_on == dt.date(2027, 3, 8) and row.due.provisional
    # A made-up arrangement: 4–5 March 2027 off, Saturday 6 March a make-up working day.
    workdays.arrangement_enter(
        year=2027, holidays={dt.date(2027, 3, 4): "测试假日", dt.date(2027, 3, 5): "测试假日"},
        workdays={dt.date(2027, 3, 6): "调休上班"}, source="测试通知", by=admin,
    )
    [row] = selectors.policy_rows()
    assert row.due.due_on == dt.date(2027, 3, 9) and not row.due.provisional
    [clock] = clocks.open_clocks()
    assert clock.due_at.date() == dt.date(2027, 3, 9) and not clock.provisional


def test_staff_board_lists_pending_documents_with_their_plan_status(client, team):
    editor, _, _ = team
    marked = draft(editor, title="需要解读的文件")
    services.plan_set(item=marked.item, by=editor, needs_interpretation=True)
    draft(editor, title="普通文件")
    client.force_login(editor)
    response = client.get(reverse("interpretations:staff_board"))
    rows = {r["version"].title: r for r in response.context["pending"]}
    assert rows["需要解读的文件"]["marked"] and not rows["需要解读的文件"]["has_plan"]
    assert not rows["普通文件"]["marked"]
    assert "缺少（不能签发）" in response.content.decode()
