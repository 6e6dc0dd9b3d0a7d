"""The lifecycle of one outbox delivery, as one table.

pending → delivered when the receiver accepts it; after the last failed try pending → dead;
staff move a dead delivery back to pending by hand (it keeps its idempotency key and body).
Failed tries that are not the last stay pending and are logged as DeliveryAttempt rows.
"""

from __future__ import annotations

from gongkai.core.models import Role
from gongkai.core.workflow import SYSTEM, Transition, Workflow

from .models import DeliveryState as S

TRANSITIONS = (
    Transition("deliver", "送达", (S.PENDING,), S.DELIVERED, frozenset({SYSTEM}), internal=True),
    Transition("give_up", "多次失败，停止重试", (S.PENDING,), S.DEAD, frozenset({SYSTEM}), internal=True),
    Transition("retry", "重新投递", (S.DEAD,), S.PENDING, frozenset({Role.AGENCY_ADMIN.value, Role.SIGNER.value, Role.SPOKESPERSON.value}), primary=True),
)

outbox = Workflow(name="outbox", state_field="state", states=S, transitions=TRANSITIONS)


# --- e-mail subscriptions: pending → confirmed → cancelled (a cancelled one may be requested again) ---

from .models import SubscriptionState as SS  # noqa: E402

SUBSCRIPTION_TRANSITIONS = (
    Transition("confirm", "确认订阅", (SS.PENDING,), SS.CONFIRMED, frozenset({SYSTEM}), internal=True),
    Transition("cancel", "退订", (SS.PENDING, SS.CONFIRMED), SS.CANCELLED, frozenset({SYSTEM}), internal=True),
    Transition("renew", "重新申请订阅", (SS.CANCELLED,), SS.PENDING, frozenset({SYSTEM}), internal=True),
)

subscription = Workflow(name="subscription", state_field="state", states=SS, transitions=SUBSCRIPTION_TRANSITIONS)


# --- media interview requests: submitted → accepted → scheduled, or declined with a reason ---------

from .models import InterviewState as IS  # noqa: E402

_PRESS = frozenset({Role.SPOKESPERSON.value, Role.AGENCY_ADMIN.value})

INTERVIEW_TRANSITIONS = (
    Transition("accept", "同意采访", (IS.SUBMITTED,), IS.ACCEPTED, _PRESS, primary=True),
    Transition("schedule", "安排时间地点", (IS.SUBMITTED, IS.ACCEPTED, IS.SCHEDULED), IS.SCHEDULED, _PRESS, primary=True),
    Transition("decline", "婉拒", (IS.SUBMITTED, IS.ACCEPTED), IS.DECLINED, _PRESS, reason_required=True),
)

interview = Workflow(name="interview", state_field="state", states=IS, transitions=INTERVIEW_TRANSITIONS)
