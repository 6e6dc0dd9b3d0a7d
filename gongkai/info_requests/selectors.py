"""Reads on requests, including who may see what."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.models import Role, User

from .models import InfoRequest

# Roles that see the agency's requests (names, contact, description); identity numbers only for REQUEST_HANDLER.
STAFF_ROLES = (Role.REQUEST_HANDLER, Role.SIGNER, Role.AGENCY_ADMIN)


def can_see_requests(user: User) -> bool:
    return user.agency_id is not None and any(user.has_role(r) for r in STAFF_ROLES)


def can_see_identity(user: User) -> bool:
    return user.agency_id is not None and user.has_role(Role.REQUEST_HANDLER)


def staff_requests(user: User) -> QuerySet[InfoRequest]:
    """The agency's requests for staff who handle or approve them; nothing for anyone else."""
    if not can_see_requests(user):
        return InfoRequest.objects.none()
    return InfoRequest.objects.filter(agency_id=user.agency_id).select_related("agency")


def staff_request(user: User, pk: int) -> InfoRequest:
    try:
        return staff_requests(user).get(pk=pk)
    except InfoRequest.DoesNotExist:
        raise Http404("未找到该申请。") from None


def public_request(code: str) -> InfoRequest:
    """By tracking code, for the applicant's status page (no identity data is ever shown there)."""
    try:
        return InfoRequest.objects.select_related("agency").get(tracking_code=code.strip().upper())
    except InfoRequest.DoesNotExist:
        raise Http404("未找到该查询码对应的申请。") from None


# Public words for each state (the applicant sees no internal detail).
PUBLIC_STATE_TEXT = {
    "registered": "已收到，正在审查",
    "correction": "需要补正申请内容",
    "handling": "正在办理",
    "consulting": "正在征求意见（不计入答复期限）",
    "fee_pending": "待缴纳信息处理费（不计入答复期限）",
    "replied": "已答复",
    "closed": "已终止办理",
    "archived": "已办结",
}
