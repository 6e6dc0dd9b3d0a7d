"""Writes on interpretations and interpretation plans. Every function checks agency, role and state itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gongkai.core.models import Role, User
from gongkai.core.workflow import WorkflowError, record_event
from gongkai.disclosures.models import DisclosureItem, ItemVersion

from .models import SECTION_FIELDS, Form, Interpretation, PolicyPlan, State
from .workflow import editorial

EDITABLE_FIELDS = ("title", "form", "summary", "media_url", "interpreter", "event_on", *SECTION_FIELDS)


def ensure_agency(by: User, agency_id: int) -> None:
    """Staff see and touch their own agency's content only; anything else does not exist for them."""
    if by.agency_id is None or by.agency_id != agency_id:
        raise Http404("未找到。")


def _lock(interpretation: Interpretation) -> Interpretation:
    return Interpretation.objects.select_for_update().get(pk=interpretation.pk)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    data = dict(fields)
    for key in ("title", "summary", "media_url", "interpreter", *SECTION_FIELDS):
        if key in data:
            data[key] = (data[key] or "").strip()
    if "title" in data and not data["title"]:
        raise WorkflowError("标题不能为空。")
    if "form" in data and data["form"] not in Form.values:
        raise WorkflowError("解读形式取值不正确。")
    return data


def _policies(by: User, policies: Iterable[DisclosureItem]) -> list[DisclosureItem]:
    policies = list(policies)
    if not policies:
        raise WorkflowError("请至少选择一份被解读的政策文件。")
    for item in policies:
        if item.agency_id != by.agency_id:
            raise WorkflowError("只能解读本机构的政策文件。")
    return policies


@transaction.atomic
def interpretation_create(*, by: User, title: str, policies: Iterable[DisclosureItem], **fields: Any) -> Interpretation:
    """Start an interpretation of one or more of the agency's policies, as a draft."""
    if by.agency_id is None:
        raise WorkflowError("您不属于任何机构，不能新建解读。")
    if not by.has_role(Role.EDITOR):
        raise WorkflowError("您没有新建解读的权限。")
    data = _clean({"title": title, **fields})
    linked = _policies(by, policies)
    interpretation = Interpretation.objects.create(agency_id=by.agency_id, created_by=by, updated_by=by, **data)
    interpretation.policies.set(linked)
    record_event(interpretation, action="create", label="新建", by=by, agency_id=by.agency_id)
    return interpretation


@transaction.atomic
def interpretation_update(
    *, interpretation: Interpretation, by: User, policies: Iterable[DisclosureItem] | None = None, **fields: Any
) -> Interpretation:
    """Edit a draft's content, form and linked policies."""
    ensure_agency(by, interpretation.agency_id)
    interpretation = _lock(interpretation)
    if not by.has_role(Role.EDITOR):
        raise WorkflowError("您没有编辑解读的权限。")
    if interpretation.state != State.DRAFT:
        raise WorkflowError(f"当前状态为“{interpretation.get_state_display()}”，只有草稿可以修改。")
    data = _clean(fields)
    changed = [k for k, v in data.items() if getattr(interpretation, k) != v]
    for key, value in data.items():
        setattr(interpretation, key, value)
    interpretation.updated_by = by
    interpretation.save()
    if policies is not None:
        linked = _policies(by, policies)
        if {p.pk for p in linked} != set(interpretation.policies.values_list("pk", flat=True)):
            interpretation.policies.set(linked)
            changed.append("policies")
    if changed:
        record_event(interpretation, action="edit", label="修改", by=by, agency_id=interpretation.agency_id, data={"fields": changed})
    return interpretation


@transaction.atomic
def interpretation_submit(*, interpretation: Interpretation, by: User) -> Interpretation:
    """Send a draft to review; a text interpretation with an empty required section is refused."""
    ensure_agency(by, interpretation.agency_id)
    interpretation = _lock(interpretation)
    editorial.check(interpretation, action="submit", by=by, authors=interpretation.author_ids)
    if interpretation.form == Form.TEXT:
        empty = interpretation.empty_sections()
        if empty:
            raise WorkflowError(f"文字解读的必备内容不能为空：{'、'.join(empty)}。")
    elif not (interpretation.summary.strip() or interpretation.media_url):
        raise WorkflowError("请填写解读内容或视频、图解链接。")
    editorial.advance(interpretation, action="submit", by=by, authors=interpretation.author_ids, agency_id=interpretation.agency_id)
    return interpretation


@transaction.atomic
def interpretation_approve(*, interpretation: Interpretation, by: User, comment: str = "") -> Interpretation:
    """The reviewer passes the interpretation (not its own author)."""
    ensure_agency(by, interpretation.agency_id)
    interpretation = _lock(interpretation)
    editorial.advance(
        interpretation, action="approve", by=by, authors=interpretation.author_ids, reason=comment, agency_id=interpretation.agency_id
    )
    return interpretation


@transaction.atomic
def interpretation_return(*, interpretation: Interpretation, by: User, reason: str) -> Interpretation:
    """Send an interpretation back to its editor with a reason."""
    ensure_agency(by, interpretation.agency_id)
    interpretation = _lock(interpretation)
    editorial.advance(
        interpretation, action="return", by=by, authors=interpretation.author_ids, reason=reason, agency_id=interpretation.agency_id
    )
    return interpretation


@transaction.atomic
def interpretation_sign(*, interpretation: Interpretation, by: User, comment: str = "") -> Interpretation:
    """Sign and publish a reviewed interpretation now."""
    ensure_agency(by, interpretation.agency_id)
    interpretation = _lock(interpretation)
    editorial.advance(
        interpretation, action="sign", by=by, authors=interpretation.author_ids, reason=comment, agency_id=interpretation.agency_id
    )
    interpretation.published_at = timezone.now()
    interpretation.withdrawn_reason = ""
    interpretation.save(update_fields=["published_at", "withdrawn_reason"])
    return interpretation


@transaction.atomic
def interpretation_withdraw(*, interpretation: Interpretation, by: User, reason: str) -> Interpretation:
    """Take a published interpretation off the public site, with a reason."""
    ensure_agency(by, interpretation.agency_id)
    interpretation = _lock(interpretation)
    editorial.advance(interpretation, action="withdraw", by=by, reason=reason, agency_id=interpretation.agency_id)
    interpretation.withdrawn_reason = reason.strip()
    interpretation.save(update_fields=["withdrawn_reason"])
    return interpretation


@transaction.atomic
def interpretation_reopen(*, interpretation: Interpretation, by: User) -> Interpretation:
    """Bring a withdrawn interpretation back to draft for revision."""
    ensure_agency(by, interpretation.agency_id)
    interpretation = _lock(interpretation)
    editorial.advance(interpretation, action="reopen", by=by, agency_id=interpretation.agency_id)
    interpretation.published_at = None
    interpretation.save(update_fields=["published_at"])
    return interpretation


ACTIONS = {
    "submit": interpretation_submit,
    "approve": interpretation_approve,
    "return": interpretation_return,
    "sign": interpretation_sign,
    "withdraw": interpretation_withdraw,
    "reopen": interpretation_reopen,
}


@transaction.atomic
def plan_set(*, item: DisclosureItem, by: User, needs_interpretation: bool, plan: str = "") -> PolicyPlan:
    """Mark whether a policy needs interpretation and record its interpretation plan."""
    ensure_agency(by, item.agency_id)
    if not (by.has_role(Role.EDITOR) or by.has_role(Role.SIGNER)):
        raise WorkflowError("您没有设置解读方案的权限。")
    plan = (plan or "").strip()
    row = PolicyPlan.objects.select_for_update().filter(item=item).first()
    if row is None:
        row = PolicyPlan.objects.create(item=item, needs_interpretation=needs_interpretation, plan=plan, updated_by=by)
    elif row.needs_interpretation == needs_interpretation and row.plan == plan:
        return row
    else:
        row.needs_interpretation, row.plan, row.updated_by = needs_interpretation, plan, by
        row.save()
    record_event(
        row,
        action="plan_set",
        label="设置解读方案",
        by=by,
        agency_id=item.agency_id,
        data={"needs_interpretation": needs_interpretation, "plan": plan},
    )
    return row


def has_plan(item: DisclosureItem) -> bool:
    """A written plan, or an interpretation drafted along with the policy, counts as the plan."""
    row = PolicyPlan.objects.filter(item=item).first()
    if row is not None and row.plan.strip():
        return True
    return Interpretation.objects.filter(policies=item).exclude(state=State.WITHDRAWN).exists()


def check_sign_allowed(version: ItemVersion) -> None:
    """Called by the disclosures sign step: a policy marked "needs interpretation" cannot be
    signed without an interpretation plan (三同步). Raises WorkflowError to refuse."""
    row = PolicyPlan.objects.filter(item_id=version.item_id).first()
    if row is None or not row.needs_interpretation:
        return
    if not has_plan(version.item):
        raise WorkflowError("该文件已标记为“需要解读”，须同步报送解读方案（或解读稿）后才能签发。")
