"""The workflow engine, driven by a tiny table of its own over a real model (ItemVersion)."""

from __future__ import annotations

import pytest

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import SYSTEM, Transition, Workflow, WorkflowError, history, record_event
from gongkai.disclosures.models import ItemVersion, VersionState
from gongkai.disclosures.tests.factories import draft

pytestmark = pytest.mark.django_db

S = VersionState
EDITOR, REVIEWER, SIGNER = Role.EDITOR.value, Role.REVIEWER.value, Role.SIGNER.value

TABLE = (
    Transition("send", "送审", (S.DRAFT,), S.SUBMITTED, frozenset({EDITOR})),
    Transition("pass", "通过", (S.SUBMITTED,), S.REVIEWED, frozenset({REVIEWER}), not_author=True),
    Transition("reject", "打回", (S.SUBMITTED, S.REVIEWED), S.DRAFT, frozenset({REVIEWER, SIGNER}), reason_required=True),
    Transition("auto", "自动上线", (S.REVIEWED,), S.PUBLISHED, frozenset({SYSTEM}), internal=True),
)
fake = Workflow(name="fake", state_field="state", states=S, transitions=TABLE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test settings choose MD5, but pytest-django loads settings before conftest sets GONGKAI_TESTING.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def editor(agency):
    return staff(agency, EDITOR)


@pytest.fixture
def reviewer(agency):
    return staff(agency, REVIEWER)


@pytest.fixture
def signer(agency):
    return staff(agency, SIGNER)


@pytest.fixture
def version(editor):
    return draft(editor)


def _set_state(version: ItemVersion, state: str) -> ItemVersion:
    """Put the version into a state directly: the engine under test only reads the field."""
    ItemVersion.objects.filter(pk=version.pk).update(state=state)
    version.refresh_from_db()
    return version


def _events(version: ItemVersion) -> list[AuditEvent]:
    return list(history(version).exclude(to_state=""))


def _assert_refused_and_unchanged(version: ItemVersion, call, *, match: str) -> None:
    state_before = ItemVersion.objects.get(pk=version.pk).state
    events_before = AuditEvent.objects.count()
    with pytest.raises(WorkflowError, match=match) as excinfo:
        call()
    assert excinfo.value.message == str(excinfo.value)
    assert ItemVersion.objects.get(pk=version.pk).state == state_before
    assert version.state == state_before  # the object in memory is untouched too
    assert AuditEvent.objects.count() == events_before


def test_a_move_from_the_wrong_state_is_refused_naming_the_state_and_the_action(version, reviewer):
    _assert_refused_and_unchanged(
        version,
        lambda: fake.advance(version, action="pass", by=reviewer),
        match="当前状态为“草稿”，不能执行“通过”",
    )


def test_a_move_from_a_later_state_names_that_state(version, editor):
    _set_state(version, S.REVIEWED)
    _assert_refused_and_unchanged(
        version, lambda: fake.advance(version, action="send", by=editor), match="当前状态为“待签发”，不能执行“送审”"
    )


def test_an_unknown_action_is_refused(version, editor):
    _assert_refused_and_unchanged(version, lambda: fake.advance(version, action="fly", by=editor), match="未知的操作")


def test_a_move_by_the_wrong_role_is_refused_naming_the_needed_role(version, editor, signer):
    _set_state(version, S.SUBMITTED)
    _assert_refused_and_unchanged(
        version, lambda: fake.advance(version, action="pass", by=editor), match="您没有“通过”的权限（需要审核角色）"
    )
    _assert_refused_and_unchanged(version, lambda: fake.advance(version, action="pass", by=signer), match="需要审核角色")


def test_a_user_without_any_role_is_refused(version, agency):
    nobody = staff(agency)
    _assert_refused_and_unchanged(version, lambda: fake.advance(version, action="send", by=nobody), match="权限")


def test_a_reason_is_required_where_the_table_says_so(version, reviewer):
    _set_state(version, S.SUBMITTED)
    for blank in ("", "   \n\t"):
        _assert_refused_and_unchanged(
            version, lambda b=blank: fake.advance(version, action="reject", by=reviewer, reason=b), match="“打回”必须填写理由"
        )
    event = fake.advance(version, action="reject", by=reviewer, reason="  依据不足  ")
    assert event.comment == "依据不足"
    assert ItemVersion.objects.get(pk=version.pk).state == S.DRAFT


def test_the_author_may_not_make_a_not_author_move(version, reviewer, agency):
    _set_state(version, S.SUBMITTED)
    _assert_refused_and_unchanged(
        version,
        lambda: fake.advance(version, action="pass", by=reviewer, authors={reviewer.pk}),
        match="不能对自己撰写的内容执行“通过”",
    )
    other_reviewer = staff(agency, REVIEWER)
    fake.advance(version, action="pass", by=other_reviewer, authors={reviewer.pk})
    assert ItemVersion.objects.get(pk=version.pk).state == S.REVIEWED


def test_being_the_author_does_not_matter_for_moves_without_the_rule(version, editor):
    fake.advance(version, action="send", by=editor, authors={editor.pk})
    assert ItemVersion.objects.get(pk=version.pk).state == S.SUBMITTED


def test_a_system_move_is_made_without_a_user_and_never_by_staff(version, agency, signer):
    _set_state(version, S.REVIEWED)
    admin = staff(agency, EDITOR, REVIEWER, SIGNER, Role.AGENCY_ADMIN)
    _assert_refused_and_unchanged(version, lambda: fake.advance(version, action="auto", by=admin), match="权限")
    event = fake.advance(version, action="auto", by=None)
    assert event.actor is None
    assert ItemVersion.objects.get(pk=version.pk).state == S.PUBLISHED


def test_a_staff_move_is_never_made_without_a_user(version):
    _assert_refused_and_unchanged(version, lambda: fake.advance(version, action="send", by=None), match="须由工作人员执行")


def test_allowed_offers_the_moves_of_the_state_and_role_only(version, editor, reviewer, signer):
    assert [t.action for t in fake.allowed(version, by=editor)] == ["send"]
    assert fake.allowed(version, by=reviewer) == []
    _set_state(version, S.SUBMITTED)
    assert [t.action for t in fake.allowed(version, by=reviewer)] == ["pass", "reject"]
    assert fake.allowed(version, by=editor) == []
    assert [t.action for t in fake.allowed(version, by=signer)] == ["reject"]


def test_allowed_hides_not_author_moves_from_the_author(version, reviewer):
    _set_state(version, S.SUBMITTED)
    assert [t.action for t in fake.allowed(version, by=reviewer, authors={reviewer.pk})] == ["reject"]


def test_allowed_never_offers_internal_moves(version, agency, signer):
    _set_state(version, S.REVIEWED)
    everyone = staff(agency, EDITOR, REVIEWER, SIGNER, Role.AGENCY_ADMIN)
    assert "auto" not in [t.action for t in fake.allowed(version, by=everyone)]
    assert [t.action for t in fake.allowed(version, by=signer)] == ["reject"]
    # the internal move exists all the same
    assert fake.check(version, action="auto", by=None).action == "auto"


def test_each_move_writes_exactly_one_audit_event_with_actor_states_and_comment(version, editor, reviewer, agency):
    before = AuditEvent.objects.count()
    event = fake.advance(version, action="send", by=editor, reason="请审核", agency_id=agency.pk, data={"k": 1})
    assert AuditEvent.objects.count() == before + 1
    event.refresh_from_db()
    assert event.actor == editor
    assert event.agency_id == agency.pk
    assert event.target == ItemVersion.objects.get(pk=version.pk)
    assert (event.action, event.action_label) == ("send", "送审")
    assert (event.from_state, event.to_state) == (S.DRAFT, S.SUBMITTED)
    assert event.comment == "请审核"
    assert event.data == {"k": 1}

    fake.advance(version, action="pass", by=reviewer)
    assert AuditEvent.objects.count() == before + 2
    assert [(e.from_state, e.to_state, e.actor) for e in _events(version)] == [
        (S.DRAFT, S.SUBMITTED, editor),
        (S.SUBMITTED, S.REVIEWED, reviewer),
    ]


def test_advance_saves_only_the_state_field(version, editor):
    version.title = "未保存的标题"
    fake.advance(version, action="send", by=editor)
    fresh = ItemVersion.objects.get(pk=version.pk)
    assert fresh.state == S.SUBMITTED
    assert fresh.title != "未保存的标题"


def test_record_event_records_without_changing_state(version, editor):
    event = record_event(version, action="edit", label="修改", by=editor, comment="改标题")
    assert (event.from_state, event.to_state) == ("", "")
    assert ItemVersion.objects.get(pk=version.pk).state == S.DRAFT
    assert list(history(version))[-1] == event


def test_history_lists_the_events_of_one_object_oldest_first(version, editor):
    other = draft(editor)
    fake.advance(version, action="send", by=editor)
    fake.advance(other, action="send", by=editor)
    actions = [e.action for e in history(version)]
    assert actions == ["create", "send"]
    assert all(e.object_id == version.pk for e in history(version))


def test_a_table_with_two_rows_for_one_action_and_state_is_rejected():
    with pytest.raises(ValueError, match="duplicate transition"):
        Workflow(
            name="bad",
            state_field="state",
            states=S,
            transitions=[
                Transition("go", "走", (S.DRAFT,), S.SUBMITTED, frozenset({EDITOR})),
                Transition("go", "走", (S.SUBMITTED, S.DRAFT), S.REVIEWED, frozenset({EDITOR})),
            ],
        )
