"""GET /api/v1/annual-reports/{agency_id}/{year}: the published report's tables as JSON."""

from __future__ import annotations

from django.http import Http404
from django.http import JsonResponse
from ninja import Router

from gongkai.info_requests.outcomes import TABLE3_RESULT_ROWS

from . import selectors
from .tables import COLUMN_LABELS, COLUMNS

router = Router(tags=["年度报告"])


@router.get("/{agency_id}/{year}", auth=None, summary="年度报告表格（已发布的）")
def report_tables(request, agency_id: int, year: int):
    try:
        report = selectors.published_report(agency_id, year)
    except Http404:
        return JsonResponse({"code": "not_found", "message": "该机构该年度的报告尚未发布。"}, status=404, json_dumps_params={"ensure_ascii": False})
    t = report.tables
    return {
        "agency_id": report.agency_id,
        "agency": report.agency.name,
        "year": report.year,
        "rollup": t.get("rollup", False),
        "url": report.version.item.get_absolute_url(),
        "table2": t["table2"],
        "table3": {
            "columns": {c: COLUMN_LABELS[c] for c in COLUMNS},
            "row_labels": {"new": "一、本年新收政府信息公开申请数量", "carried_in": "二、上年结转政府信息公开申请数量",
                           **{k: label for k, label, _ in TABLE3_RESULT_ROWS}, "carried_out": "四、结转下年度继续办理"},
            "rows": t["table3"],
        },
        "table4": t["table4"],
    }
