"""The lifecycle of a major decision and the moderation of comments, as state tables.

Reading the tables tells the whole lifecycle (Decree 713): proposed → drafting → consultation →
review → deliberation → decided → published → executing → evaluated. The services add the checks
the table cannot express: the comment period, the legality gate before deliberation, the adoption
report and the linked document before publication.
"""

from __future__ import annotations

from gongkai.core.models import Role
from gongkai.core.workflow import SYSTEM, Transition, Workflow

from .models import CommentState, RegistrationState, Stage

E, S, M = Role.EDITOR, Role.SIGNER, Role.MODERATOR

decision_flow = Workflow(
    name="decision",
    state_field="stage",
    states=Stage,
    transitions=(
        Transition("start_drafting", "开始起草", (Stage.PROPOSED,), Stage.DRAFTING, frozenset({E}), primary=True),
        Transition("open_consultation", "发布草案征求意见", (Stage.DRAFTING,), Stage.CONSULTATION, frozenset({E}), primary=True),
        Transition("start_review", "结束征求意见，进入论证审查", (Stage.CONSULTATION,), Stage.REVIEW, frozenset({E}), primary=True),
        Transition("reopen_consultation", "重新开放征求意见", (Stage.REVIEW,), Stage.CONSULTATION, frozenset({E}), reason_required=True),
        Transition("submit_deliberation", "提交集体讨论", (Stage.REVIEW,), Stage.DELIBERATION, frozenset({E}), primary=True),
        Transition("send_back", "退回论证审查", (Stage.DELIBERATION,), Stage.REVIEW, frozenset({S}), reason_required=True),
        Transition("decide", "作出决定", (Stage.DELIBERATION,), Stage.DECIDED, frozenset({S}), primary=True),
        Transition("publish", "公布决策", (Stage.DECIDED,), Stage.PUBLISHED, frozenset({S}), primary=True),
        Transition("start_execution", "开始执行", (Stage.PUBLISHED,), Stage.EXECUTING, frozenset({E}), primary=True),
        Transition("evaluate", "记录决策后评估", (Stage.EXECUTING,), Stage.EVALUATED, frozenset({E}), primary=True),
    ),
)

comment_flow = Workflow(
    name="comment",
    state_field="state",
    states=CommentState,
    transitions=(
        Transition("approve", "公开显示", (CommentState.PENDING, CommentState.HIDDEN), CommentState.SHOWN, frozenset({M}), primary=True),
        Transition("reject", "不予显示", (CommentState.PENDING, CommentState.HIDDEN), CommentState.REJECTED, frozenset({M}), reason_required=True),
        Transition("auto_hide", "举报达到次数，自动隐藏", (CommentState.SHOWN,), CommentState.HIDDEN, frozenset({SYSTEM}), internal=True),
    ),
)

registration_flow = Workflow(
    name="hearing_registration",
    state_field="state",
    states=RegistrationState,
    transitions=(
        Transition("select", "选定参加听证", (RegistrationState.PENDING, RegistrationState.NOT_SELECTED), RegistrationState.SELECTED, frozenset({E}), primary=True),
        Transition("not_select", "不予选定", (RegistrationState.PENDING, RegistrationState.SELECTED), RegistrationState.NOT_SELECTED, frozenset({E}), reason_required=True),
    ),
)
