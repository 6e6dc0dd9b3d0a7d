"""Every (state, action, role) of the catalogs workflow table: allowed exactly when the table says so."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from gongkai.core.models import Role
from gongkai.core.workflow import WorkflowError
from gongkai.catalogs.workflow import editorial

ACTIONS = sorted({t.action for t in editorial.transitions})
CASES = list(itertools.product(editorial.states.values, ACTIONS, Role.values))


@pytest.mark.parametrize(("state", "action", "role"), CASES)
def test_move_is_allowed_exactly_when_the_table_allows_it(state, action, role):
    obj = SimpleNamespace(state=state)
    user = SimpleNamespace(pk=1, roles=frozenset({role}))
    expected = editorial.transition(action, state)
    allowed = expected is not None and role in expected.roles
    if allowed:
        assert editorial.check(obj, action=action, by=user, authors={2}, reason="理由") is expected
    else:
        with pytest.raises(WorkflowError):
            editorial.check(obj, action=action, by=user, authors={2}, reason="理由")


@pytest.mark.parametrize("transition", [t for t in editorial.transitions if t.not_author], ids=lambda t: f"{t.action}-{t.sources[0]}")
def test_the_author_is_refused_where_two_pairs_of_eyes_are_required(transition):
    user = SimpleNamespace(pk=1, roles=transition.roles)
    with pytest.raises(WorkflowError, match="自己撰写"):
        editorial.check(SimpleNamespace(state=transition.sources[0]), action=transition.action, by=user, authors={1}, reason="理由")


@pytest.mark.parametrize("transition", [t for t in editorial.transitions if t.reason_required], ids=lambda t: f"{t.action}-{t.sources[0]}")
def test_a_reason_is_required_where_the_table_says_so(transition):
    user = SimpleNamespace(pk=1, roles=transition.roles)
    with pytest.raises(WorkflowError, match="理由"):
        editorial.check(SimpleNamespace(state=transition.sources[0]), action=transition.action, by=user, authors={2}, reason=" ")
