"""Analysis reports (舆情研判): figures for a period, saved as a report, and its DOCX file."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import Counter

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Agency, Role, User
from gongkai.core.workflow import WorkflowError
from gongkai.letters.models import Letter

from .clocks import annotate_done, incident_clocks
from .models import AnalysisReport, Grade, Incident


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The week (Monday–Sunday) or calendar month containing `day`."""
    if period == AnalysisReport.Period.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    start = day.replace(day=1)
    nxt = (start + dt.timedelta(days=32)).replace(day=1)
    return start, nxt - dt.timedelta(days=1)


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0–100) of the values; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return round(ordered[rank - 1], 1)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def report_figures(
    *, agency_ids: set[int] | None, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> dict:
    """Incidents by grade, topic and agency; hours to the first statement (median, 90th percentile);
    clocks met, missed and overdue; letters received and answered — for incidents and letters of the period."""
    now = now or timezone.now()
    lo, hi = _aware(start), _aware(end + dt.timedelta(days=1))
    incidents = annotate_done(
        Incident.objects.filter(discovered_at__gte=lo, discovered_at__lt=hi).select_related("agency")
    )
    letters = Letter.objects.filter(received_at__gte=lo, received_at__lt=hi)
    if agency_ids is not None:
        incidents = incidents.filter(agency_id__in=agency_ids)
        letters = letters.filter(agency_id__in=agency_ids)
    by_grade: Counter[str] = Counter()
    by_topic: Counter[str] = Counter()
    by_agency: Counter[str] = Counter()
    response_hours: list[float] = []
    clocks = {"met": 0, "missed": 0, "overdue": 0, "running": 0}
    for incident in incidents:
        by_grade[incident.get_grade_display()] += 1
        by_topic[incident.topic or "未分类"] += 1
        by_agency[incident.agency.short_name] += 1
        if incident.first_statement_at:
            response_hours.append((incident.first_statement_at - incident.discovered_at).total_seconds() / 3600)
        for clock in incident_clocks(incident):
            clocks[clock.status(now)] += 1
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "incidents": sum(by_grade.values()),
        "by_grade": [[str(label), by_grade.get(str(label), 0)] for label in Grade.labels],
        "by_topic": sorted(([k, v] for k, v in by_topic.items()), key=lambda kv: (-kv[1], kv[0])),
        "by_agency": sorted(([k, v] for k, v in by_agency.items()), key=lambda kv: (-kv[1], kv[0])),
        "response_median_hours": percentile(response_hours, 50),
        "response_p90_hours": percentile(response_hours, 90),
        "clocks": clocks,
        "letters_received": letters.count(),
        "letters_answered": letters.filter(replied_at__isnull=False).count(),
    }


def report_generate(
    *, by: User, period: str, day: dt.date, district: bool = False, comment: str = ""
) -> AnalysisReport:
    """Compute and save (or refresh) the week's or month's report of the user's agency, or of the
    whole district (supervisors and staff of the root agency)."""
    if by.agency_id is None:
        raise WorkflowError("须由机构工作人员生成。")
    if not (by.roles & {Role.SPOKESPERSON, Role.HANDLER, Role.SIGNER, Role.SUPERVISOR}):
        raise WorkflowError("您没有生成研判报告的权限。")
    if period not in AnalysisReport.Period.values:
        raise WorkflowError("报告周期不正确。")
    if district and not (by.has_role(Role.SUPERVISOR) or by.agency.parent_id is None):
        raise WorkflowError("全区报告须由区政府或监督人员生成。")
    start, end = period_bounds(period, day)
    agency: Agency | None = None if district else by.agency
    agency_ids = None if district else by.agency.descendant_ids()
    figures = report_figures(agency_ids=agency_ids, start=start, end=end)
    with transaction.atomic():
        report, _ = AnalysisReport.objects.update_or_create(
            agency=agency,
            period=period,
            start=start,
            defaults={
                "end": end,
                "figures": figures,
                "comment": comment.strip(),
                "generated_at": timezone.now(),
                "generated_by": by,
            },
        )
    return report


def report_docx(report: AnalysisReport) -> bytes:
    """The report as a Word document."""
    import docx

    f = report.figures
    scope = report.agency.name if report.agency else "全区"
    document = docx.Document()
    document.add_heading(
        f"{scope}政务舆情{report.get_period_display()}（{report.start:%Y年%m月%d日}—{report.end:%Y年%m月%d日}）",
        level=1,
    )
    document.add_paragraph(
        f"本期共收集舆情{f['incidents']}件；首次回应用时中位数"
        f"{_h(f['response_median_hours'])}，90%分位{_h(f['response_p90_hours'])}。"
        f"时限按时完成{f['clocks']['met']}项，超时完成{f['clocks']['missed']}项，逾期未完成{f['clocks']['overdue']}项。"
        f"收到群众来信{f['letters_received']}件，已答复{f['letters_answered']}件。"
    )
    for title, rows in (("按等级", f["by_grade"]), ("按话题", f["by_topic"]), ("按机构", f["by_agency"])):
        document.add_heading(title, level=2)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "类别", "件数"
        for label, count in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(label), str(count)
    if report.comment:
        document.add_heading("研判意见", level=2)
        document.add_paragraph(report.comment)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _h(value: float | None) -> str:
    return "—" if value is None else f"{value}小时"
