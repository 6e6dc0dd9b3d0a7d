"""Every (state, action, role) combination of the letter tables: allowed exactly where the table says."""

from __future__ import annotations

import itertools

import pytest

from gongkai.core.models import Role
from gongkai.core.tests.factories import staff
from gongkai.core.workflow import SYSTEM, WorkflowError

from ..models import Letter, LetterState, PublicationState
from ..workflow import handling, publication

pytestmark = pytest.mark.django_db

CASES = [
    (flow, state, action, role)
    for flow, states in ((handling, LetterState), (publication, PublicationState))
    for state, action, role in itertools.product(
        states.values, sorted({t.action for t in flow.transitions}), [*Role.values, SYSTEM]
    )
]


@pytest.mark.parametrize(
    ("flow", "state", "action", "role"), CASES, ids=[f"{f.name}-{s}-{a}-{r}" for f, s, a, r in CASES]
)
def test_move_allowed_only_where_the_table_says(agency, flow, state, action, role):
    obj = Letter(**{flow.state_field: state})
    user = None if role == SYSTEM else staff(agency, role)
    t = flow.transition(action, state)
    expected = t is not None and role in t.roles
    try:
        flow.check(obj, action=action, by=user, reason="理由")
        allowed = True
    except WorkflowError:
        allowed = False
    assert allowed is expected
