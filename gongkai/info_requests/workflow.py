"""The lifecycle of a request (Art. 45: register, review, handle, reply, archive)."""

from __future__ import annotations

from gongkai.core.models import Role
from gongkai.core.workflow import SYSTEM, Transition, Workflow

from .models import RequestState as S

H = frozenset({Role.REQUEST_HANDLER})
H_OR_SYSTEM = frozenset({Role.REQUEST_HANDLER, SYSTEM})

TRANSITIONS = (
    Transition("review", "审查通过，开始办理", (S.REGISTERED,), S.HANDLING, H, primary=True),
    Transition("request_correction", "告知补正", (S.REGISTERED, S.HANDLING), S.CORRECTION, H, reason_required=True),
    Transition("receive_correction", "登记补正后的申请", (S.CORRECTION,), S.HANDLING, H, primary=True),
    Transition("lapse_correction", "逾期未补正，视为放弃申请", (S.CORRECTION,), S.CLOSED, H_OR_SYSTEM, internal=True),
    Transition("consult", "征求第三方或其他机关意见", (S.HANDLING,), S.CONSULTING, H, reason_required=True),
    Transition("consultation_answered", "登记收到的意见", (S.CONSULTING,), S.HANDLING, H, primary=True),
    Transition("fee_notice", "发出收费通知", (S.HANDLING,), S.FEE_PENDING, H, internal=True),
    Transition("fee_paid", "登记已缴费", (S.FEE_PENDING,), S.HANDLING, H, primary=True),
    Transition("lapse_fee", "逾期未缴费，不再处理", (S.FEE_PENDING,), S.CLOSED, H_OR_SYSTEM, internal=True),
    Transition("reply", "作出答复", (S.REGISTERED, S.HANDLING), S.REPLIED, H, internal=True),
    Transition("archive", "归档", (S.REPLIED, S.CLOSED), S.ARCHIVED, H),
)

request_workflow = Workflow(name="info_request", state_field="state", states=S, transitions=TRANSITIONS)
