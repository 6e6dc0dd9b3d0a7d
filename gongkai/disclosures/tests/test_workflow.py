"""Every (state, action, role, authorship) of the editorial table, tried through the real services.

A move must succeed exactly when `TRANSITIONS` allows it (state in sources, a role of the actor in
roles, the author kept out where `not_author` says so); otherwise it is refused and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from gongkai.core.models import Agency, AuditEvent, Role, User
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import SYSTEM, WorkflowError
from gongkai.disclosures import services
from gongkai.disclosures.models import DisclosureItem, ItemVersion, VersionState
from gongkai.disclosures.tests.factories import draft
from gongkai.disclosures.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db

S = VersionState
ROLES = [Role.EDITOR.value, Role.REVIEWER.value, Role.SIGNER.value, Role.AGENCY_ADMIN.value]
STATES = list(S.values)
ACTIONS = sorted({t.action for t in TRANSITIONS})
REASON = "请补充政策依据"

# Actions a staff member makes through one service call on the version (or its item).
STAFF_ACTIONS = ["submit", "approve", "return", "sign", "schedule", "unschedule", "withdraw"]
# Actions made as a side effect: publish_due by the periodic task, supersede when a revision goes live.
SIDE_EFFECT_ACTIONS = ["publish_due", "supersede"]


# Test settings choose MD5, but pytest-django loads settings before conftest sets GONGKAI_TESTING.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@dataclass
class Team:
    agency: Agency
    editor: User
    reviewer: User
    signer: User


@pytest.fixture
def team() -> Team:
    agency = AgencyFactory()
    return Team(agency, staff(agency, "editor"), staff(agency, "reviewer"), staff(agency, "signer"))


def fresh(version: ItemVersion) -> ItemVersion:
    return ItemVersion.objects.select_related("item").get(pk=version.pk)


def build(state: str, team: Team, *, author: User, schedule_in: dt.timedelta = dt.timedelta(days=1)) -> ItemVersion:
    """A first version in `state`, written (and submitted) by `author`, walked through the real services.

    Its item has no other live or pending version, so an item-level action can only touch it.
    """
    version = draft(author)
    if state == S.DRAFT:
        return fresh(version)
    services.version_submit(version=fresh(version), by=author)
    if state == S.SUBMITTED:
        return fresh(version)
    services.version_approve(version=fresh(version), by=team.reviewer)
    if state == S.REVIEWED:
        return fresh(version)
    if state == S.SCHEDULED:
        services.version_sign(version=fresh(version), by=team.signer, publish_at=timezone.now() + schedule_in)
        return fresh(version)
    services.version_sign(version=fresh(version), by=team.signer)
    if state == S.PUBLISHED:
        return fresh(version)
    if state == S.WITHDRAWN:
        services.item_withdraw(item=version.item, by=team.signer, reason="内容已过时")
        return fresh(version)
    assert state == S.SUPERSEDED
    revision = services.item_revise(item=version.item, by=author)
    services.version_submit(version=fresh(revision), by=author)
    services.version_approve(version=fresh(revision), by=team.reviewer)
    services.version_sign(version=fresh(revision), by=team.signer)
    # take the revision down too, so the item has no live version a withdraw could reach
    services.item_withdraw(item=version.item, by=team.signer, reason="内容已过时")
    return fresh(version)


def expected_transition(action: str, state: str, roles: frozenset[str], is_author: bool):
    """What the table says, read here independently of the engine."""
    rows = [t for t in TRANSITIONS if t.action == action and state in t.sources]
    assert len(rows) <= 1
    if not rows:
        return None
    t = rows[0]
    if not (t.roles & roles):
        return None
    if t.not_author and is_author:
        return None
    return t


def snapshot(item: DisclosureItem) -> dict:
    item = DisclosureItem.objects.get(pk=item.pk)
    return {
        "versions": list(item.versions.order_by("number").values_list("pk", "state", "publish_at", "published_at", "superseded_at")),
        "item": (item.live_version_id, item.withdrawn_at, item.withdrawn_reason, item.first_published_at, item.index_number),
        "events": list(AuditEvent.objects.order_by("id").values_list("id", flat=True)),
    }


def state_events_since(version: ItemVersion, since_id: int) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(object_id=version.pk, id__gt=since_id, content_type__model="itemversion")
        .exclude(to_state="")
        .values_list("action", "from_state", "to_state", "actor_id", "comment")
    )


def call(action: str, version: ItemVersion, actor: User) -> None:
    if action == "submit":
        services.version_submit(version=version, by=actor)
    elif action == "approve":
        services.version_approve(version=version, by=actor)
    elif action == "return":
        services.version_return(version=version, by=actor, reason=REASON)
    elif action == "sign":
        services.version_sign(version=version, by=actor)
    elif action == "schedule":
        services.version_sign(version=version, by=actor, publish_at=timezone.now() + dt.timedelta(days=2))
    elif action == "unschedule":
        services.version_unschedule(version=version, by=actor)
    elif action == "withdraw":
        services.item_withdraw(item=version.item, by=actor, reason=REASON)
    else:  # pragma: no cover
        raise AssertionError(action)


def test_the_walk_covers_every_action_state_and_role_of_the_table():
    assert set(STAFF_ACTIONS) | set(SIDE_EFFECT_ACTIONS) == set(ACTIONS)
    for t in TRANSITIONS:
        assert set(t.sources) <= set(STATES)
        assert t.target in STATES
        assert t.roles <= set(ROLES) | {SYSTEM}


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """Versions in every state, once per kind of author, shared by the matrix below.

    Built once in a transaction that is rolled back after the module; each test runs in a savepoint
    inside it (pytest-django's own), so what one test does is undone before the next.
    """
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        agency = AgencyFactory()
        team = Team(agency, staff(agency, "editor"), staff(agency, "reviewer"), staff(agency, "signer"))
        others = {role: staff(agency, role) for role in ROLES}
        # only editors write; an author acting in another role also holds the editor role
        authors = {role: staff(agency, *sorted({"editor", role})) for role in ROLES}
        versions = {}
        far = dt.timedelta(days=3650)  # never due while the other tests of this module move the clock
        for state in STATES:
            versions[state, None] = build(state, team, author=team.editor, schedule_in=far).pk
            for role, author in authors.items():
                versions[state, role] = build(state, team, author=author, schedule_in=far).pk
        yield {"others": others, "authors": authors, "versions": versions}
        transaction.set_rollback(True)


@pytest.mark.parametrize("is_author", [False, True], ids=["other", "author"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", STAFF_ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_a_staff_move_succeeds_exactly_when_the_table_allows_it(state, action, role, is_author, matrix):
    if is_author:
        actor = User.objects.get(pk=matrix["authors"][role].pk)
        version = ItemVersion.objects.select_related("item").get(pk=matrix["versions"][state, role])
    else:
        actor = User.objects.get(pk=matrix["others"][role].pk)
        version = ItemVersion.objects.select_related("item").get(pk=matrix["versions"][state, None])
    assert version.state == state
    assert (actor.pk in version.author_ids) == is_author
    t = expected_transition(action, state, actor.roles, is_author)
    before = snapshot(version.item)
    last_event = before["events"][-1]

    if t is None:
        with pytest.raises(WorkflowError):
            call(action, fresh(version), actor)
        assert snapshot(version.item) == before
        return

    call(action, fresh(version), actor)
    after = fresh(version)
    assert after.state == t.target
    assert state_events_since(version, last_event) == [(t.action, state, t.target, actor.pk, REASON if t.reason_required else "")]
    # no other version moved, and no other object got a state event
    others_before = [v for v in before["versions"] if v[0] != version.pk]
    others_after = [v for v in snapshot(version.item)["versions"] if v[0] != version.pk]
    assert others_after == others_before
    assert AuditEvent.objects.filter(id__gt=last_event).exclude(to_state="").count() == 1
    item = DisclosureItem.objects.get(pk=version.item_id)
    if t.target == S.PUBLISHED:
        assert item.live_version_id == version.pk
        assert after.published_at is not None
    if t.target == S.WITHDRAWN:
        assert item.live_version_id is None
        assert item.withdrawn_reason == REASON
    if t.target == S.SCHEDULED:
        assert after.publish_at > timezone.now()
        assert item.live_version_id is None
    if action == "unschedule":
        assert after.publish_at is None


@pytest.mark.parametrize("state", STATES)
def test_the_periodic_publication_moves_only_scheduled_versions(state, team):
    version = build(state, team, author=team.editor)
    before = snapshot(version.item)
    last_event = before["events"][-1]
    t = expected_transition("publish_due", state, frozenset({SYSTEM}), False)

    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        published = services.publish_due_versions()

    if t is None:
        assert published == 0
        assert snapshot(version.item) == before
        return
    assert published == 1
    after = fresh(version)
    assert after.state == t.target == S.PUBLISHED
    assert state_events_since(version, last_event) == [("publish_due", state, S.PUBLISHED, None, "")]
    assert DisclosureItem.objects.get(pk=version.item_id).live_version_id == version.pk


@pytest.mark.parametrize("how", ["sign", "publish_due"])
@pytest.mark.parametrize("state", STATES)
def test_a_version_is_superseded_exactly_when_it_is_live_and_a_revision_goes_live(state, how, team):
    version = build(state, team, author=team.editor)
    item = version.item
    mover_roles = team.signer.roles if how == "sign" else frozenset({SYSTEM})
    t = expected_transition("supersede", state, mover_roles, False)
    before = snapshot(item)
    last_event = before["events"][-1]

    try:
        revision = services.item_revise(item=item, by=team.editor)
    except WorkflowError:
        # a version still on its way (draft … scheduled) blocks a revision: nothing can supersede anything
        assert state in (S.DRAFT, S.SUBMITTED, S.REVIEWED, S.SCHEDULED)
        assert t is None
        assert snapshot(item) == before
        return
    services.version_submit(version=fresh(revision), by=team.editor)
    services.version_approve(version=fresh(revision), by=team.reviewer)
    if how == "sign":
        services.version_sign(version=fresh(revision), by=team.signer)
    else:
        services.version_sign(version=fresh(revision), by=team.signer, publish_at=timezone.now() + dt.timedelta(hours=1))
        assert fresh(version).state == state  # scheduled: the live version stays online until the time comes
        with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
            assert services.publish_due_versions() == 1

    assert fresh(revision).state == S.PUBLISHED
    assert DisclosureItem.objects.get(pk=item.pk).live_version_id == revision.pk
    events = state_events_since(version, last_event)
    if t is None:
        assert fresh(version).state == state
        assert events == []
        return
    assert fresh(version).state == t.target == S.SUPERSEDED
    actor = team.signer.pk if how == "sign" else None
    assert events == [("supersede", S.PUBLISHED, S.SUPERSEDED, actor, "")]
    assert fresh(version).superseded_at is not None
