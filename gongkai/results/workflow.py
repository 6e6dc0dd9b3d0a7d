"""Publication of plans and normative documents: the same two-pairs-of-eyes table as execution records.

Signing a normative document registers it: that is when its unified number is issued.
"""

from __future__ import annotations

from gongkai.core.workflow import Workflow
from gongkai.implementation.models import PubState
from gongkai.implementation.workflow import PUBLICATION

plan_workflow = Workflow(name="development_plan", state_field="state", states=PubState, transitions=PUBLICATION)
document_workflow = Workflow(name="normative_document", state_field="state", states=PubState, transitions=PUBLICATION)
budget_workflow = Workflow(name="budget_disclosure", state_field="state", states=PubState, transitions=PUBLICATION)
evaluation_workflow = Workflow(name="evaluation", state_field="state", states=PubState, transitions=PUBLICATION)
result_workflow = Workflow(name="result_report", state_field="state", states=PubState, transitions=PUBLICATION)
