"""Every (state, action, role) combination of the state tables: allowed exactly when the table says so."""

from __future__ import annotations

import itertools

import pytest

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.implementation.models import PubState, RectState
from gongkai.implementation.workflow import PUBLICATION, RECTIFICATION, rectification, update_workflow

pytestmark = pytest.mark.django_db


class Obj:
    pk = 1

    def __init__(self, field, state):
        setattr(self, field, state)


@pytest.mark.parametrize(
    "workflow,table,states,field",
    [(update_workflow, PUBLICATION, PubState, "state"), (rectification, RECTIFICATION, RectState, "status")],
    ids=["publication", "rectification"],
)
def test_every_state_action_role_combination_follows_the_table(workflow, table, states, field):
    agency = AgencyFactory()
    users = {role: staff(agency, role) for role in Role.values}
    actions = sorted({t.action for t in table})
    for state, action, role in itertools.product(states.values, actions, Role.values):
        obj = Obj(field, state)
        expected = next((t for t in table if t.action == action and state in t.sources and role in t.roles), None)
        try:
            workflow.check(obj, action=action, by=users[role], authors=[], reason="理由")
            allowed = True
        except WorkflowError:
            allowed = False
        assert allowed == (expected is not None), (state, action, role)
