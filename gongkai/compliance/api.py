"""GET /api/v1/compliance: the dashboard's clocks as JSON.

Staff only. Authentication is the staff session (ninja's django_auth: the logged-in workspace
user); supervisors see every agency, other staff only their own. Token auth for third-party
evaluators can be added later as a second auth class.
"""

from __future__ import annotations

from typing import Literal

from django.http import Http404
from django.http import JsonResponse
from ninja import Router
from ninja.security import django_auth

from gongkai.core.models import Role

from .selectors import dashboard_rows, summaries

router = Router(tags=["时限监督"])


_REFUSED = {"description": "无机构的账号（403）或未找到该机构（404）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


@router.get("", auth=django_auth, summary="法定时限一览（工作人员）", openapi_extra={"responses": {403: _REFUSED, 404: _REFUSED}})
def clocks(request, agency: int | None = None, status: Literal["on_time", "due_soon", "overdue"] | None = None):
    user = request.auth
    if user.agency_id is None and not user.has_role(Role.SUPERVISOR):
        return JsonResponse({"code": "forbidden", "message": "仅限机构工作人员。"}, status=403, json_dumps_params={"ensure_ascii": False})
    try:
        rows = dashboard_rows(user, agency_id=agency, status=status or "")
    except Http404:
        return JsonResponse({"code": "not_found", "message": "未找到该机构。"}, status=404, json_dumps_params={"ensure_ascii": False})
    return {
        "count": len(rows),
        "summaries": [{"agency": s.agency, "on_time": s.on_time, "due_soon": s.due_soon, "overdue": s.overdue,
                       "score": s.score} for s in summaries(rows)],
        "clocks": [{
            "kind": r.clock.kind, "kind_label": r.clock.kind_label, "title": r.clock.title, "agency_id": r.clock.agency_id,
            "agency": r.agency, "owner": r.clock.owner, "started_at": r.clock.started_at.isoformat(),
            "due_at": r.clock.due_at.isoformat(), "done_at": r.clock.done_at.isoformat() if r.clock.done_at else None,
            "status": r.status, "status_label": r.status_label, "provisional": r.clock.provisional, "url": r.clock.url,
        } for r in rows],
    }
