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
