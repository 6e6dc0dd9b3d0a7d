"""One engine for every state table in Gongkai.

An app declares its lifecycle as a tuple of `Transition` rows; `Workflow.advance`
is the only code that changes an object's state. It refuses a move that the
table does not allow (wrong state, wrong role, missing reason, the author
acting on their own work) with a Chinese message, and writes exactly one
`AuditEvent` for each move it makes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai.core.models import AuditEvent, User

SYSTEM = "system"  # pseudo-role for moves the system makes by itself (scheduled publication)


class WorkflowError(Exception):
    """An illegal move; `message` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str] = field(default_factory=frozenset)
    reason_required: bool = False
    not_author: bool = False  # two pairs of eyes: the author of the content may not make this move
    primary: bool = False  # the main next step, shown as the primary button
    internal: bool = False  # made by another action's service, never offered as a button


class Workflow:
    def __init__(self, *, name: str, state_field: str, states: type[models.TextChoices], transitions: Iterable[Transition]):
        self.name = name
        self.state_field = state_field
        self.states = states
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        seen: set[tuple[str, str]] = set()
        for t in self.transitions:
            for source in t.sources:
                if (t.action, source) in seen:
                    raise ValueError(f"duplicate transition {t.action} from {source}")
                seen.add((t.action, source))

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.state_field)

    def state_label(self, state: str) -> str:
        return str(self.states(state).label)

    def transition(self, action: str, state: str) -> Transition | None:
        for t in self.transitions:
            if t.action == action and state in t.sources:
                return t
        return None

    def check(self, obj: Any, *, action: str, by: User | None, authors: Iterable[int] = (), reason: str = "") -> Transition:
        """The transition for this move, or WorkflowError saying why it is refused."""
        state = self.state_of(obj)
        t = self.transition(action, state)
        if t is None:
            known = next((x for x in self.transitions if x.action == action), None)
            if known is None:
                raise WorkflowError("未知的操作。")
            raise WorkflowError(f"当前状态为“{self.state_label(state)}”，不能执行“{known.label}”。")
        if by is None:
            if SYSTEM not in t.roles:
                raise WorkflowError(f"“{t.label}”须由工作人员执行。")
        else:
            if not (t.roles & by.roles):
                names = "、".join(_role_label(r) for r in sorted(t.roles) if r != SYSTEM)
                raise WorkflowError(f"您没有“{t.label}”的权限（需要{names}角色）。")
            if t.not_author and by.pk in set(authors):
                raise WorkflowError(f"不能对自己撰写的内容执行“{t.label}”（须由他人审核、签发）。")
        if t.reason_required and not reason.strip():
            raise WorkflowError(f"“{t.label}”必须填写理由。")
        return t

    def allowed(self, obj: Any, *, by: User, authors: Iterable[int] = ()) -> list[Transition]:
        """Moves this user may make now (reason aside), for showing buttons."""
        result = []
        authors = set(authors)
        for t in self.transitions:
            if t.internal:
                continue
            if self.state_of(obj) in t.sources and (t.roles & by.roles) and not (t.not_author and by.pk in authors):
                result.append(t)
        return result

    def advance(
        self,
        obj: models.Model,
        *,
        action: str,
        by: User | None,
        authors: Iterable[int] = (),
        reason: str = "",
        agency_id: int | None = None,
        data: dict | None = None,
    ) -> AuditEvent:
        """Make the move, save the state and record it."""
        t = self.check(obj, action=action, by=by, authors=authors, reason=reason)
        source = self.state_of(obj)
        new_state = t.target
        setattr(obj, self.state_field, new_state)
        obj.save(update_fields=[self.state_field])
        return AuditEvent.objects.create(
            actor=by,
            agency_id=agency_id,
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
            action=t.action,
            action_label=t.label,
            from_state=source,
            to_state=new_state,
            comment=reason.strip(),
            data=data or {},
        )


def record_event(
    obj: models.Model, *, action: str, label: str, by: User | None, agency_id: int | None = None, comment: str = "", data: dict | None = None
) -> AuditEvent:
    """Record an event that is not a state move (edit, attachment added, hit overridden)."""
    return AuditEvent.objects.create(
        actor=by,
        agency_id=agency_id,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        action=action,
        action_label=label,
        comment=comment,
        data=data or {},
    )


def history(obj: models.Model):
    """The audit events of one object, oldest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
    ).select_related("actor")


def _role_label(role: str) -> str:
    from gongkai.core.models import Role

    try:
        return str(Role(role).label)
    except ValueError:
        return role
