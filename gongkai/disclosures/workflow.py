"""The editorial workflow of a disclosure item version, as one table.

draft → submitted (confidentiality review) → reviewed (sign-off) → published,
or → scheduled → published at the signed time. Each review step can send the
version back to draft with a reason. A published version can be withdrawn
with a public reason, or superseded when a revision of it is published.
"""

from __future__ import annotations

from gongkai.core.models import Role
from gongkai.core.workflow import SYSTEM, Transition, Workflow

from .models import VersionState as S

EDITOR, REVIEWER, SIGNER = Role.EDITOR.value, Role.REVIEWER.value, Role.SIGNER.value

TRANSITIONS = (
    Transition("submit", "提交审核", (S.DRAFT,), S.SUBMITTED, frozenset({EDITOR}), primary=True),
    Transition("approve", "审核通过", (S.SUBMITTED,), S.REVIEWED, frozenset({REVIEWER}), not_author=True, primary=True),
    Transition("return", "退回修改", (S.SUBMITTED,), S.DRAFT, frozenset({REVIEWER}), reason_required=True),
    Transition("sign", "签发发布", (S.REVIEWED,), S.PUBLISHED, frozenset({SIGNER}), not_author=True, primary=True),
    Transition("schedule", "签发并定时发布", (S.REVIEWED,), S.SCHEDULED, frozenset({SIGNER}), not_author=True),
    Transition("return", "退回修改", (S.REVIEWED,), S.DRAFT, frozenset({SIGNER}), reason_required=True),
    Transition("unschedule", "取消定时发布", (S.SCHEDULED,), S.REVIEWED, frozenset({SIGNER})),
    Transition("publish_due", "定时发布", (S.SCHEDULED,), S.PUBLISHED, frozenset({SYSTEM}), internal=True),
    Transition("withdraw", "撤回", (S.PUBLISHED,), S.WITHDRAWN, frozenset({SIGNER}), reason_required=True),
    Transition("supersede", "被新版本替代", (S.PUBLISHED,), S.SUPERSEDED, frozenset({SIGNER, SYSTEM}), internal=True),
)

editorial = Workflow(name="editorial", state_field="state", states=S, transitions=TRANSITIONS)
