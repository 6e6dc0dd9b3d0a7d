"""Lifecycles of an opinion incident and of a statement, as tables.

Incident: collected → assigned (the responsible agency takes it on, or assigns it down to a lower
agency) → responded (a statement is published) → closed. Escalation (属地管理、分级负责) sends it
to the parent agency, back to collected, with a reason.

Statement (the fast editorial path of an emergency): draft → published by the duty leader
(a signer, who may also be the reviewer), never by the author alone.
"""

from __future__ import annotations

from gongkai.core.models import Role
from gongkai.core.workflow import SYSTEM, Transition, Workflow

from .models import ConferenceState as C
from .models import IncidentState as S
from .models import StatementState as T

HANDLER, SPOKESPERSON, SIGNER = Role.HANDLER.value, Role.SPOKESPERSON.value, Role.SIGNER.value
STAFF = frozenset({HANDLER, SPOKESPERSON, SIGNER})

INCIDENT = (
    Transition("assign", "受理处置", (S.COLLECTED,), S.ASSIGNED, STAFF, primary=True),
    Transition("assign_down", "交下级办理", (S.COLLECTED, S.ASSIGNED), S.ASSIGNED, STAFF, reason_required=True),
    Transition("escalate", "报上级处置", (S.COLLECTED, S.ASSIGNED), S.COLLECTED, STAFF, reason_required=True),
    Transition("respond", "发布回应", (S.COLLECTED, S.ASSIGNED), S.RESPONDED, frozenset({SIGNER}), internal=True),
    Transition("close", "办结", (S.RESPONDED,), S.CLOSED, STAFF),
)

STATEMENT = (
    Transition("publish", "签发发布", (T.DRAFT,), T.PUBLISHED, frozenset({SIGNER}), not_author=True, primary=True),
)

CONFERENCE = (
    Transition("hold", "记录召开", (C.SCHEDULED,), C.HELD, frozenset({SPOKESPERSON, SIGNER}), primary=True),
    Transition("cancel", "取消", (C.SCHEDULED,), C.CANCELLED, frozenset({SPOKESPERSON, SIGNER}), reason_required=True),
)

incident_flow = Workflow(name="opinion_incident", state_field="state", states=S, transitions=INCIDENT)
statement_flow = Workflow(name="opinion_statement", state_field="state", states=T, transitions=STATEMENT)
conference_flow = Workflow(name="press_conference", state_field="state", states=C, transitions=CONFERENCE)

__all__ = ["SYSTEM", "conference_flow", "incident_flow", "statement_flow"]
