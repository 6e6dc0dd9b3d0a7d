"""State tables of execution openness.

`publication`: every public record here (plan, progress update, inspection,
accountability case) is written by an editor, reviewed by someone else
(confidentiality review) and signed by a third person before the public sees it.

`rectification`: a finding's rectification task: open → in progress → done
(with evidence) → verified by a supervisor or signer who did not report it done.
"""

from __future__ import annotations

from gongkai.core.models import Role
from gongkai.core.workflow import Transition, Workflow

from .models import PubState as P
from .models import RectState as R

EDITOR, REVIEWER, SIGNER = Role.EDITOR.value, Role.REVIEWER.value, Role.SIGNER.value
SUPERVISOR, HANDLER = Role.SUPERVISOR.value, Role.HANDLER.value

PUBLICATION = (
    Transition("submit", "提交审核", (P.DRAFT,), P.SUBMITTED, frozenset({EDITOR}), primary=True),
    Transition("approve", "审核通过", (P.SUBMITTED,), P.REVIEWED, frozenset({REVIEWER}), not_author=True, primary=True),
    Transition("return", "退回修改", (P.SUBMITTED,), P.DRAFT, frozenset({REVIEWER}), reason_required=True),
    Transition("sign", "签发发布", (P.REVIEWED,), P.PUBLISHED, frozenset({SIGNER}), not_author=True, primary=True),
    Transition("return", "退回修改", (P.REVIEWED,), P.DRAFT, frozenset({SIGNER}), reason_required=True),
)

RECTIFICATION = (
    Transition("start", "开始整改", (R.OPEN,), R.IN_PROGRESS, frozenset({EDITOR, HANDLER}), primary=True),
    Transition("complete", "报告整改完成", (R.IN_PROGRESS,), R.DONE, frozenset({EDITOR, HANDLER}), primary=True),
    Transition("verify", "验收通过", (R.DONE,), R.VERIFIED, frozenset({SUPERVISOR, SIGNER}), not_author=True, primary=True),
    Transition("reopen", "验收不通过", (R.DONE,), R.IN_PROGRESS, frozenset({SUPERVISOR, SIGNER}), reason_required=True),
)

plan_workflow = Workflow(name="implementation_plan", state_field="state", states=P, transitions=PUBLICATION)
update_workflow = Workflow(name="progress_update", state_field="state", states=P, transitions=PUBLICATION)
inspection_workflow = Workflow(name="inspection", state_field="state", states=P, transitions=PUBLICATION)
case_workflow = Workflow(name="accountability_case", state_field="state", states=P, transitions=PUBLICATION)
rectification = Workflow(name="rectification", state_field="status", states=R, transitions=RECTIFICATION)
