"""The handling of a letter and its publication, as two tables.

Handling: received → assigned (to an agency or unit; passed up or down the agency tree with a
reason) → replied → closed. The sender (no account: acts through the tracking code, the SYSTEM
role) may ask once for a follow-up, which sends the letter back to assigned, and closes it by
rating the reply.

Publication (only with the sender's consent): none → proposed (a handler selects it; the texts
are copied with personal data removed) → published (a reviewer, not the proposer, checks it) or
back to none; a published letter can be withdrawn.
"""

from __future__ import annotations

from gongkai.core.models import Role
from gongkai.core.workflow import SYSTEM, Transition, Workflow

from .models import LetterState as S
from .models import PublicationState as P

HANDLER, REVIEWER = Role.HANDLER.value, Role.REVIEWER.value

HANDLING = (
    Transition("assign", "受理交办", (S.RECEIVED,), S.ASSIGNED, frozenset({HANDLER}), primary=True),
    Transition("reassign", "转办", (S.RECEIVED, S.ASSIGNED), S.ASSIGNED, frozenset({HANDLER}), reason_required=True),
    Transition("reply", "答复", (S.ASSIGNED,), S.REPLIED, frozenset({HANDLER}), primary=True),
    Transition("followup", "来信人追问", (S.REPLIED,), S.ASSIGNED, frozenset({SYSTEM}), internal=True),
    Transition("rate", "来信人评价", (S.REPLIED,), S.CLOSED, frozenset({SYSTEM}), internal=True),
    Transition("close", "办结", (S.REPLIED,), S.CLOSED, frozenset({HANDLER})),
)

PUBLICATION = (
    Transition("propose", "选登公开", (P.NONE, P.WITHDRAWN), P.PROPOSED, frozenset({HANDLER})),
    Transition("approve", "审核公开", (P.PROPOSED,), P.PUBLISHED, frozenset({REVIEWER}), not_author=True, primary=True),
    Transition("reject", "不予公开", (P.PROPOSED,), P.NONE, frozenset({REVIEWER}), reason_required=True),
    Transition("withdraw", "撤下", (P.PUBLISHED,), P.WITHDRAWN, frozenset({REVIEWER}), reason_required=True),
)

handling = Workflow(name="letter_handling", state_field="state", states=S, transitions=HANDLING)
publication = Workflow(name="letter_publication", state_field="pub_state", states=P, transitions=PUBLICATION)
