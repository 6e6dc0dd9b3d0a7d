"""Every (state, action, role) combination of the incident, statement and conference tables."""

from __future__ import annotations

import itertools

import pytest

from gongkai.core.models import Role
from gongkai.core.tests.factories import staff
from gongkai.core.workflow import SYSTEM, WorkflowError

from ..models import ConferenceState, Incident, IncidentState, PressConference, Statement, StatementState
from ..workflow import conference_flow, incident_flow, statement_flow

pytestmark = pytest.mark.django_db

TABLES = (
    (incident_flow, IncidentState, Incident),
    (statement_flow, StatementState, Statement),
    (conference_flow, ConferenceState, PressConference),
)
CASES = [
    (flow, model, state, action, role)
    for flow, states, model in TABLES
    for state, action, role in itertools.product(
        states.values, sorted({t.action for t in flow.transitions}), [*Role.values, SYSTEM]
    )
]


@pytest.mark.parametrize(
    ("flow", "model", "state", "action", "role"), CASES, ids=[f"{c[0].name}-{c[2]}-{c[3]}-{c[4]}" for c in CASES]
)
def test_move_allowed_only_where_the_table_says(agency, flow, model, state, action, role):
    obj = model(**{flow.state_field: state})
    user = None if role == SYSTEM else staff(agency, role)
    t = flow.transition(action, state)
    expected = t is not None and role in t.roles
    try:
        flow.check(obj, action=action, by=user, reason="理由")
        allowed = True
    except WorkflowError:
        allowed = False
    assert allowed is expected
