"""The compliance dashboard (staff): every statutory clock, per agency and district, with filters and XLSX export."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.core.clocks import STATUS_LABELS
from gongkai.core.models import Agency, Role
from gongkai.workspace.views import staff_required

from .export import rows_xlsx
from .selectors import dashboard_rows, summaries


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404("参数不正确。") from None


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    agency_id = _int(request.GET.get("agency"))
    status = request.GET.get("status", "")
    if status and status not in STATUS_LABELS:
        status = ""
    kind = request.GET.get("kind", "")
    rows = dashboard_rows(user, agency_id=agency_id, status=status, kind=kind)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(rows_xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="compliance.xlsx"'
        return response
    supervisor = user.has_role(Role.SUPERVISOR)
    all_rows = rows if not (status or kind) else dashboard_rows(user, agency_id=agency_id)
    return render(request, "compliance/dashboard.html", {
        "rows": rows, "summaries": summaries(all_rows), "statuses": STATUS_LABELS.items(), "status": status, "kind": kind,
        "kinds": sorted({(r.clock.kind, r.clock.kind_label) for r in all_rows}),
        "agencies": Agency.objects.all() if supervisor else Agency.objects.filter(pk=user.agency_id),
        "agency_id": agency_id, "supervisor": supervisor, "query": request.GET.urlencode()})
