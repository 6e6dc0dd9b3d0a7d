"""Random walks through the editorial workflow, checked after every step against the table.

Hypothesis draws sequences of (action, actor, target item, flag) steps, biased towards sensible
moves but including any move by anyone (among them the author who also reviews and staff of
another agency); each example runs inside its own
transaction that is rolled back, so examples do not leak into each other. After every step:

(a) a version's state changed only as `TRANSITIONS` allows for its state, the actor's roles and
    authorship (the expectation is computed here from the table, independently of the engine);
(b) each version's audit history holds each observed state change exactly once, with matching
    from/to and actor, and no other state change;
(c) at most one version per item is published, and it is the item's live version (None otherwise).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import SYSTEM, WorkflowError
from gongkai.disclosures import services
from gongkai.disclosures.models import DisclosureItem, ItemVersion, VersionState
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory
from gongkai.disclosures.workflow import TRANSITIONS

S = VersionState
PENDING = {S.DRAFT, S.SUBMITTED, S.REVIEWED, S.SCHEDULED}
START = dt.datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

ACTIONS = ["create", "submit", "approve", "return", "sign", "schedule", "unschedule", "withdraw", "revise", "edit", "publish_due"]
ROLES_OF = {
    "editor": frozenset({"editor"}),
    "reviewer": frozenset({"reviewer"}),
    "signer": frozenset({"signer"}),
    "author_reviewer": frozenset({"editor", "reviewer"}),  # writes drafts and reviews others' work
    "outsider": frozenset({"editor", "reviewer", "signer", "agency_admin"}),  # staff of another agency
}

# Who would normally make each move (see draw_step); the others still get their turn.
USUAL_ACTORS = {
    "create": ["editor", "author_reviewer"],
    "submit": ["editor", "author_reviewer"],
    "approve": ["reviewer", "reviewer", "author_reviewer"],
    "return": ["reviewer", "signer"],
    "sign": ["signer"],
    "schedule": ["signer"],
    "unschedule": ["signer"],
    "withdraw": ["signer"],
    "revise": ["editor", "author_reviewer"],
    "edit": ["editor", "author_reviewer"],
    "publish_due": ["signer"],
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test settings choose MD5, but pytest-django loads settings before conftest sets GONGKAI_TESTING.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def table_row(action: str, state: str):
    rows = [t for t in TRANSITIONS if t.action == action and state in t.sources]
    return rows[0] if rows else None


def table_allows(action: str, state: str, roles: frozenset[str], is_author: bool, reason: str = "x"):
    """The row of the table that lets this move happen, or None."""
    t = table_row(action, state)
    if t is None or not (t.roles & roles):
        return None
    if t.not_author and is_author:
        return None
    if t.reason_required and not reason.strip():
        return None
    return t


class World:
    """Agency A's items as the test expects them to be, next to the real ones."""

    def __init__(self, clock):
        self.clock = clock
        self.agency = agency = AgencyFactory()
        self.people = {key: staff(agency, *sorted(roles)) for key, roles in ROLES_OF.items() if key != "outsider"}
        self.people["outsider"] = staff(AgencyFactory(), *sorted(ROLES_OF["outsider"]))
        self.column, self.topic = ColumnFactory(), TopicFactory()
        self.items: list[int] = []
        self.versions: dict[int, list[int]] = {}  # item -> its version pks, oldest first
        self.state: dict[int, str] = {}  # version -> expected state
        self.creator: dict[int, int] = {}
        self.authors: dict[int, set[int]] = {}  # version -> everyone who wrote any part of it
        self.publish_at: dict[int, dt.datetime] = {}
        self.live: dict[int, int | None] = {}  # item -> expected live version
        self.log: dict[int, list[tuple[str, str, int | None]]] = defaultdict(list)  # observed state changes
        self.edits = 0
        self.create("editor")
        self.create("author_reviewer")

    # -- helpers -----------------------------------------------------------------------------------

    def create(self, who: str) -> None:
        version = services.item_create(by=self.people[who], title="初稿", column=self.column, topic=self.topic)
        self.items.append(version.item_id)
        self.versions[version.item_id] = [version.pk]
        self.state[version.pk] = S.DRAFT
        self.creator[version.pk] = self.people[who].pk
        self.authors[version.pk] = {self.people[who].pk}
        self.live[version.item_id] = None

    def db_states(self) -> dict[int, str]:
        return dict(ItemVersion.objects.filter(item__agency=self.agency).values_list("pk", "state"))

    def item_of(self, version_pk: int) -> int:
        return next(i for i, vs in self.versions.items() if version_pk in vs)

    def version(self, pk: int) -> ItemVersion:
        return ItemVersion.objects.select_related("item").get(pk=pk)

    # -- one step ----------------------------------------------------------------------------------

    def step(self, action: str, who: str, target: int, flag: bool) -> None:
        actor, roles = self.people[who], ROLES_OF[who]
        item_pk = self.items[target % len(self.items)]
        latest = self.versions[item_pk][-1]
        reason = "依据已更新" if flag else "  "
        before = self.db_states()
        events_before = AuditEvent.objects.count()

        expected = dict(self.state)  # version -> state after the step
        moves: list[tuple[int, str, str, int | None]] = []  # (version, from, to, actor) the step should make
        refusal: type[Exception] | None = None
        new_version_expected = False

        def move(pk: int, t, by: int | None) -> None:
            moves.append((pk, expected[pk], t.target, by))
            expected[pk] = t.target

        def go_live(pk: int, by: int | None, by_roles: frozenset[str]) -> None:
            previous = self.live[self.item_of(pk)]
            if previous is not None and previous != pk:
                t = table_allows("supersede", expected[previous], by_roles, False)
                assert t is not None, "the table must let a live version be superseded"
                move(previous, t, by)

        if action == "create":
            if who == "outsider":
                return  # would create in the outsider's own agency: not part of this world
            if "editor" not in roles:
                refusal = WorkflowError
            else:
                new_version_expected = True
            call = lambda: services.item_create(by=actor, title="新信息", column=self.column, topic=self.topic)  # noqa: E731
        elif who == "outsider" and action != "publish_due":
            refusal = Http404
            call = self._call(action, actor, item_pk, latest, reason)
        elif action == "edit":
            if "editor" not in roles or self.state[latest] != S.DRAFT:
                refusal = WorkflowError
            call = self._call(action, actor, item_pk, latest, reason)
        elif action == "revise":
            if "editor" not in roles or any(self.state[v] in PENDING for v in self.versions[item_pk]):
                refusal = WorkflowError
            else:
                new_version_expected = True
            call = self._call(action, actor, item_pk, latest, reason)
        elif action == "withdraw":
            live = self.live[item_pk]
            t = table_allows("withdraw", self.state[live], roles, False, reason) if live is not None else None
            if t is None:
                refusal = WorkflowError
            else:
                move(live, t, actor.pk)
            call = self._call(action, actor, item_pk, latest, reason)
        elif action == "publish_due":
            if flag:
                self.clock.shift(dt.timedelta(hours=2))
            now = timezone.now()
            for pk, state in sorted(self.state.items()):
                if state == S.SCHEDULED and self.publish_at[pk] <= now:
                    t = table_allows("publish_due", state, frozenset({SYSTEM}), False)
                    assert t is not None
                    move(pk, t, None)
                    go_live(pk, None, frozenset({SYSTEM}))
            call = services.publish_due_versions
        else:  # submit, approve, return, sign, schedule, unschedule on the item's latest version
            is_author = actor.pk in self.authors[latest]
            t = table_allows(action, self.state[latest], roles, is_author, reason)
            if t is None:
                refusal = WorkflowError
            else:
                move(latest, t, actor.pk)
                if t.target == S.PUBLISHED:
                    go_live(latest, actor.pk, roles)
            call = self._call(action, actor, item_pk, latest, reason)

        # -- act -------------------------------------------------------------------------------------
        raised: type[Exception] | None = None
        try:
            call()
        except (WorkflowError, Http404) as exc:
            raised = Http404 if isinstance(exc, Http404) else WorkflowError
        assert raised == refusal, f"{who} {action} on {self.state[latest]}: expected {refusal}, got {raised}"

        # -- (a) states changed exactly as the table allows ----------------------------------------------
        after = self.db_states()
        new_pks = set(after) - set(before)
        if refusal is not None:
            assert after == before
            assert AuditEvent.objects.count() == events_before
        assert len(new_pks) == (1 if new_version_expected else 0)
        for pk in new_pks:
            assert after[pk] == S.DRAFT
            new_item = self.version(pk).item_id
            if new_item not in self.versions:
                assert action == "create"
                self.items.append(new_item)
                self.versions[new_item] = []
                self.live[new_item] = None
            else:
                assert action == "revise" and new_item == item_pk
            self.versions[new_item].append(pk)
            self.creator[pk] = actor.pk
            self.authors[pk] = {actor.pk}
            expected[pk] = S.DRAFT
        observed = {pk: (before[pk], after[pk]) for pk in before if before[pk] != after[pk]}
        assert {pk: after[pk] for pk in before} == {pk: expected[pk] for pk in before}
        assert set(observed) == {m[0] for m in moves}

        # apply the step to the model
        for pk, source, target_state, by in moves:
            assert observed[pk] == (source, target_state)
            self.log[pk].append((source, target_state, by))
            if target_state == S.PUBLISHED:
                self.live[self.item_of(pk)] = pk
            if target_state == S.WITHDRAWN:
                self.live[self.item_of(pk)] = None
            if target_state == S.SCHEDULED:
                self.publish_at[pk] = self.version(pk).publish_at
        self.state = expected
        if action == "edit" and refusal is None:
            self.authors[latest].add(actor.pk)

        self.check_history_and_live()

    def _call(self, action: str, actor, item_pk: int, latest: int, reason: str):
        def run():
            version = self.version(latest)
            item = DisclosureItem.objects.get(pk=item_pk)
            if action == "submit":
                services.version_submit(version=version, by=actor)
            elif action == "approve":
                services.version_approve(version=version, by=actor)
            elif action == "return":
                services.version_return(version=version, by=actor, reason=reason)
            elif action == "sign":
                services.version_sign(version=version, by=actor)
            elif action == "schedule":
                services.version_sign(version=version, by=actor, publish_at=timezone.now() + dt.timedelta(hours=1))
            elif action == "unschedule":
                services.version_unschedule(version=version, by=actor)
            elif action == "withdraw":
                services.item_withdraw(item=item, by=actor, reason=reason)
            elif action == "revise":
                services.item_revise(item=item, by=actor)
            elif action == "edit":
                self.edits += 1
                services.version_update(version=version, by=actor, title=f"修改稿{self.edits}", body=f"<p>第{self.edits}次修改。</p>")
            else:  # pragma: no cover
                raise AssertionError(action)

        return run

    # -- (b) and (c) ---------------------------------------------------------------------------------

    def check_history_and_live(self) -> None:
        events = defaultdict(list)
        for object_id, source, target, actor in (
            AuditEvent.objects.filter(content_type__app_label="disclosures", content_type__model="itemversion")
            .exclude(to_state="")
            .order_by("id")
            .values_list("object_id", "from_state", "to_state", "actor_id")
        ):
            events[object_id].append((source, target, actor))
        for pk in self.state:
            assert events[pk] == self.log[pk], f"history of version {pk}"
        assert set(events) <= set(self.state)

        live = dict(DisclosureItem.objects.filter(pk__in=self.items).values_list("pk", "live_version_id"))
        published = defaultdict(list)
        for pk, item_pk in ItemVersion.objects.filter(item_id__in=self.items, state=S.PUBLISHED).values_list("pk", "item_id"):
            published[item_pk].append(pk)
        for item_pk in self.items:
            assert len(published[item_pk]) <= 1
            assert live[item_pk] == (published[item_pk][0] if published[item_pk] else None)
            assert live[item_pk] == self.live[item_pk]


def draw_step(data, world: World) -> tuple[str, str, int, bool]:
    """One step, drawn with a bias towards moves that make sense now, so walks get deep into the
    lifecycle (published, revised, superseded, withdrawn) instead of stopping at refusals. The bias
    only steers generation: every step, sensible or not, is checked the same way."""
    # mostly the first item, so that one item gets far (revised, superseded …); sometimes any
    target = 0 if data.draw(st.integers(0, 2), label="first item?") < 2 else data.draw(st.integers(0, len(world.items) - 1), label="item")
    item_pk = world.items[target]
    states = [world.state[v] for v in world.versions[item_pk]]
    sensible = [t.action for t in TRANSITIONS if states[-1] in t.sources and not t.internal]
    sensible += ["edit"] * (states[-1] == S.DRAFT)
    sensible += ["revise"] * (not PENDING & set(states))
    sensible += ["publish_due"] * (S.SCHEDULED in world.state.values())
    # three times in four a sensible move by its usual actor; otherwise anything by anyone
    pool = sensible if sensible and data.draw(st.integers(0, 3), label="sensible?") < 3 else ACTIONS
    action = data.draw(st.sampled_from(pool), label="action")
    people = USUAL_ACTORS[action] if data.draw(st.integers(0, 3), label="usual?") < 3 else sorted(ROLES_OF)
    who = data.draw(st.sampled_from(people), label="actor")
    flag = data.draw(st.sampled_from([True, True, False]), label="flag")  # with a reason / time moves on
    return action, who, target, flag


@pytest.mark.django_db
@settings(
    max_examples=50,
    deadline=None,
    database=None,  # keep no example database in the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_random_sequences_of_moves_obey_the_table(data):
    with time_machine.travel(START, tick=False) as clock, transaction.atomic():
        world = World(clock)
        for _ in range(data.draw(st.integers(min_value=5, max_value=30), label="steps")):
            world.step(*draw_step(data, world))
        transaction.set_rollback(True)  # the next example starts from an empty database


@pytest.mark.django_db
def test_a_known_long_walk_obeys_the_table():
    """One hand-picked sequence that reaches every state, so the checks above surely run on each."""
    steps = [
        ("submit", "editor", 0, True),
        ("approve", "author_reviewer", 0, True),
        ("sign", "signer", 0, True),  # published
        ("revise", "author_reviewer", 0, True),
        ("submit", "author_reviewer", 0, True),
        ("approve", "author_reviewer", 0, True),  # refused: own work
        ("approve", "reviewer", 0, True),
        ("schedule", "signer", 0, True),
        ("publish_due", "signer", 0, False),  # not yet
        ("unschedule", "signer", 0, True),
        ("schedule", "signer", 0, True),
        ("withdraw", "outsider", 0, True),  # 404
        ("publish_due", "editor", 0, True),  # v2 live, v1 superseded
        ("withdraw", "signer", 0, False),  # refused: no reason
        ("withdraw", "signer", 0, True),
        ("revise", "editor", 0, True),
        ("edit", "author_reviewer", 0, True),
        ("submit", "editor", 0, True),
        ("return", "reviewer", 0, False),  # refused: no reason
        ("return", "reviewer", 0, True),
        ("submit", "editor", 0, True),
        ("approve", "author_reviewer", 0, True),  # refused: edited it
        ("approve", "reviewer", 0, True),
        ("return", "signer", 0, True),
        ("create", "signer", 0, True),  # refused: not an editor
    ]
    with time_machine.travel(START, tick=False) as clock, transaction.atomic():
        world = World(clock)
        for step in steps:
            world.step(*step)
        states = [world.state[pk] for pk in world.versions[world.items[0]]]
        assert states == [S.SUPERSEDED, S.WITHDRAWN, S.DRAFT]
        transaction.set_rollback(True)
