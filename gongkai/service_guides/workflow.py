"""The editorial workflow of a service guide version, as one table (like disclosure items).

draft → submitted → reviewed → published; each review step can return the version with
a reason; a published version is superseded when a revision is published, or withdrawn.
"""

from __future__ import annotations

from gongkai.core.models import Role
from gongkai.core.workflow import SYSTEM, Transition, Workflow

from .models import State as S

EDITOR, REVIEWER, SIGNER = Role.EDITOR.value, Role.REVIEWER.value, Role.SIGNER.value

TRANSITIONS = (
    Transition("submit", "提交审核", (S.DRAFT,), S.SUBMITTED, frozenset({EDITOR}), primary=True),
    Transition("approve", "审核通过", (S.SUBMITTED,), S.REVIEWED, frozenset({REVIEWER}), not_author=True, primary=True),
    Transition("return", "退回修改", (S.SUBMITTED,), S.DRAFT, frozenset({REVIEWER}), reason_required=True),
    Transition("sign", "签发发布", (S.REVIEWED,), S.PUBLISHED, frozenset({SIGNER}), not_author=True, primary=True),
    Transition("return", "退回修改", (S.REVIEWED,), S.DRAFT, frozenset({SIGNER}), reason_required=True),
    Transition("withdraw", "撤回", (S.PUBLISHED,), S.WITHDRAWN, frozenset({SIGNER}), reason_required=True),
    Transition("supersede", "被新版本替代", (S.PUBLISHED,), S.SUPERSEDED, frozenset({SIGNER, SYSTEM}), internal=True),
)

editorial = Workflow(name="service_guide", state_field="state", states=S, transitions=TRANSITIONS)
