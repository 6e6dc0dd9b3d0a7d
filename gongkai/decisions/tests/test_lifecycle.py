import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.decisions import selectors, services
from gongkai.decisions.models import Decision, RecordKind, Stage
from gongkai.decisions.workflow import decision_flow
from gongkai.disclosures.tests.factories import published

from .factories import after_close, drafted, gate_records, in_consultation, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def editor(agency):
    return staff(agency, Role.EDITOR)


@pytest.fixture
def signer(agency):
    return staff(agency, Role.SIGNER)


@pytest.fixture
def handler(agency):
    return staff(agency, Role.HANDLER)


def _in_review(editor):
    decision = in_consultation(editor)
    with after_close(decision):
        return services.review_start(decision=decision, by=editor)


@pytest.mark.parametrize("transition", decision_flow.transitions, ids=lambda t: t.action)
@pytest.mark.parametrize("role", [r for r in Role.values])
def test_every_role_against_every_transition_of_the_table(transition, role, agency):
    user = staff(agency, role)
    decision = Decision(agency=agency, title="x", year=2026, stage=transition.sources[0])
    if role in transition.roles:
        assert decision_flow.check(decision, action=transition.action, by=user, reason="理由") == transition
    else:
        with pytest.raises(WorkflowError, match="权限"):
            decision_flow.check(decision, action=transition.action, by=user, reason="理由")
    for stage in Stage.values:
        if stage not in transition.sources:
            with pytest.raises(WorkflowError):
                decision_flow.check(Decision(agency=agency, stage=stage), action=transition.action, by=user, reason="理由")


def test_drafting_splits_the_draft_into_paragraphs(editor):
    decision = drafted(editor)
    assert [p.number for p in decision.paragraphs.all()] == [1, 2, 3]
    assert decision.paragraphs.get(number=2).text.startswith("第二条")


def test_consultation_period_defaults_to_thirty_days(editor):
    decision = drafted(editor)
    today = timezone.localdate()
    decision = services.consultation_open(decision=decision, by=editor, opens_on=today)
    assert decision.comment_closes_on == today + dt.timedelta(days=30)
    assert decision.stage == Stage.CONSULTATION
    assert decision.is_open_for_comment


def test_shorter_period_is_refused_without_a_reason_and_the_reason_is_shown(editor, client):
    decision = drafted(editor)
    today = timezone.localdate()
    with pytest.raises(WorkflowError, match="须填写理由"):
        services.consultation_open(decision=decision, by=editor, opens_on=today, closes_on=today + dt.timedelta(days=10))
    decision.refresh_from_db()
    assert decision.stage == Stage.DRAFTING and decision.comment_opens_on is None
    services.consultation_open(decision=decision, by=editor, opens_on=today, closes_on=today + dt.timedelta(days=10), short_reason="汛期前须完成，情况紧急。")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "汛期前须完成，情况紧急。" in page


def test_period_opens_and_closes_by_itself(editor):
    decision = drafted(editor)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    decision = services.consultation_open(decision=decision, by=editor, opens_on=tomorrow)
    assert decision.period_state() == "upcoming"
    assert decision.period_state(tomorrow) == "open"
    assert decision.period_state(decision.comment_closes_on) == "open"
    assert decision.period_state(decision.comment_closes_on + dt.timedelta(days=1)) == "closed"


def test_review_cannot_start_while_the_period_runs(editor):
    decision = in_consultation(editor)
    with pytest.raises(WorkflowError, match="截止后"):
        services.review_start(decision=decision, by=editor)
    decision.refresh_from_db()
    assert decision.stage == Stage.CONSULTATION


def test_gate_refuses_deliberation_and_names_what_is_missing(editor):
    decision = _in_review(editor)
    with pytest.raises(WorkflowError) as exc:
        services.deliberation_submit(decision=decision, by=editor)
    for words in ("公众参与记录", "专家论证记录", "风险评估记录", "合法性审查意见"):
        assert words in exc.value.message
    services.record_add(decision=decision, by=editor, kind=RecordKind.EXPERT_ARGUMENTATION, held_on=timezone.localdate(), summary="论证会")
    with pytest.raises(WorkflowError) as exc:
        services.deliberation_submit(decision=decision, by=editor)
    assert "专家论证的文件材料" in exc.value.message
    decision.refresh_from_db()
    assert decision.stage == Stage.REVIEW


def test_gate_refuses_when_legality_review_did_not_pass(editor):
    decision = _in_review(editor)
    gate_records(decision, editor, legality=False)
    services.record_add(decision=decision, by=editor, kind=RecordKind.LEGALITY_REVIEW, held_on=timezone.localdate(), summary="不合法", passed=False, upload=pdf())
    with pytest.raises(WorkflowError, match="合法性审查通过"):
        services.deliberation_submit(decision=decision, by=editor)


def test_gate_opens_with_the_three_records_and_a_passed_legality_review(editor):
    decision = _in_review(editor)
    gate_records(decision, editor)
    assert selectors.gate_missing(decision) == []
    decision = services.deliberation_submit(decision=decision, by=editor)
    assert decision.stage == Stage.DELIBERATION
    assert AuditEvent.objects.filter(object_id=decision.pk, action="submit_deliberation", to_state=Stage.DELIBERATION).count() == 1


def test_publication_needs_the_adoption_report_and_a_published_document(agency, editor, signer, handler):
    decision = _in_review(editor)
    gate_records(decision, editor)
    services.deliberation_submit(decision=decision, by=editor)
    with after_close(decision):
        services.decision_decide(decision=decision, by=signer, final_text="第一条 新文本。", decided_on=timezone.localdate(), meeting="区政府常务会议")
        with pytest.raises(WorkflowError) as exc:
            services.decision_publish(decision=decision, by=signer)
        assert "意见采纳情况说明" in exc.value.message and "决策文件" in exc.value.message
        services.adoption_report_generate(decision=decision, by=handler)
        item = published(editor, staff(agency, Role.REVIEWER), signer, title="坊子区高标准农田建后管护办法").item
        services.decision_link_document(decision=decision, by=editor, item=item)
        decision = services.decision_publish(decision=decision, by=signer)
    assert decision.stage == Stage.PUBLISHED and decision.disclosure_item == item


def test_another_agencys_staff_get_404(client, editor):
    decision = drafted(editor)
    outsider = staff(AgencyFactory(), Role.EDITOR, Role.SIGNER, Role.HANDLER)
    client.force_login(outsider)
    assert client.get(reverse("decisions:staff_detail", kwargs={"pk": decision.pk})).status_code == 404
    assert client.post(reverse("decisions:staff_action", kwargs={"pk": decision.pk}), {"action": "start_drafting"}).status_code == 404


def test_secret_decision_never_leaves_staff_view(client, editor):
    decision = drafted(editor, secret=True)
    assert client.get(decision.get_absolute_url()).status_code == 404
    assert decision.title not in client.get(reverse("decisions:catalogue")).content.decode()
    assert all(row["id"] != decision.pk for row in client.get("/api/v1/decisions").json())
    assert client.get(f"/api/v1/decisions/{decision.pk}").status_code == 404


def test_catalogue_lists_the_years_planned_decisions(client, editor):
    decision = services.decision_create(by=editor, title="2026年农业综合开发项目区调整", year=2026)
    response = client.get(reverse("decisions:catalogue") + "?year=2026")
    assert response.status_code == 200
    assert decision.title in response.content.decode()


def test_public_decision_page_shows_timeline_records_and_paragraph_counts(client, editor):
    decision = _in_review(editor)
    gate_records(decision, editor)
    page = client.get(decision.get_absolute_url()).content.decode()
    for words in ("决策过程", "立项", "征求意见", "专家论证", "合法性审查", "审查通过", "第2段 · 意见0条"):
        assert words in page
