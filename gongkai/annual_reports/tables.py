"""Tables 2, 3 and 4 of the national template, computed; and table 3's check (一 + 二 = 三（七） + 四)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.apps import apps
from django.db.models import Q

from gongkai.info_requests.models import ApplicantType, InfoRequest
from gongkai.info_requests.outcomes import GROUP_ROWS, OUTCOMES, TABLE3_RESULT_ROWS

from .models import TABLE2_FIELDS, TABLE4_GROUPS, TABLE4_RESULTS, AnnualReport

COLUMNS = [*ApplicantType.values, "total"]
COLUMN_LABELS = {**{k: str(v) for k, v in ApplicantType.choices}, "total": "总计"}
ROWS: list[tuple[str, str, int]] = [
    ("new", "一、本年新收政府信息公开申请数量", 0),
    ("carried_in", "二、上年结转政府信息公开申请数量", 0),
    ("results", "三、本年度办理结果", 0),
    *TABLE3_RESULT_ROWS,
    ("carried_out", "四、结转下年度继续办理", 0),
]
ROW_KEYS = [k for k, _, _ in ROWS if k != "results"]


class Table3Error(ValueError):
    """Table 3 does not balance; `problems` lists each failing column in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def table3(*, agency_ids: Iterable[int], year: int) -> dict[str, dict[str, int]]:
    """{row: {column: count}} from the requests of these agencies."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = {row: dict.fromkeys(COLUMNS, 0) for row in ROW_KEYS}

    def add(row: str, column: str) -> None:
        table[row][column] += 1
        table[row]["total"] += 1

    rows = InfoRequest.objects.filter(agency_id__in=list(agency_ids), received_on__lte=last).values_list(
        "received_on", "concluded_on", "outcome", "applicant_type")
    for received, concluded, outcome, column in rows:
        if concluded is not None and concluded < first:
            continue  # finished before the year began
        if received >= first:
            add("new", column)
        else:
            add("carried_in", column)
        if concluded is not None and concluded <= last:
            row = OUTCOMES[outcome].row
            add(row, column)
            for group, prefix in GROUP_ROWS.items():
                if row.startswith(prefix):
                    add(group, column)
            add("total", column)
        else:
            add("carried_out", column)
    return table


def table3_check(table: dict[str, dict[str, int]]) -> list[str]:
    """Each failing check in words: 一 + 二 = 三（七） + 四 per column, groups = sum of their items, total = sum of rows."""
    problems = []
    for column in COLUMNS:
        label = COLUMN_LABELS[column]
        left = table["new"][column] + table["carried_in"][column]
        right = table["total"][column] + table["carried_out"][column]
        if left != right:
            problems.append(f"“{label}”列：一（{table['new'][column]}）+ 二（{table['carried_in'][column]}）= {left}，"
                            f"三（七）（{table['total'][column]}）+ 四（{table['carried_out'][column]}）= {right}，不相等")
        for group, prefix in GROUP_ROWS.items():
            items = sum(v[column] for k, v in table.items() if k.startswith(prefix))
            if items != table[group][column]:
                problems.append(f"“{label}”列：{group} 小计与分项之和不相等")
        leaves = ["disclosed", "partly", *GROUP_ROWS]
        if sum(table[k][column] for k in leaves) != table["total"][column]:
            problems.append(f"“{label}”列：三（七）总计与（一）至（六）之和不相等")
    for row, values in table.items():
        if sum(values[c] for c in COLUMNS if c != "total") != values["total"]:
            problems.append(f"第“{dict((k, l) for k, l, _ in ROWS)[row]}”行：总计与各类申请人之和不相等")
    return problems


def ensure_table3_balances(table: dict[str, dict[str, int]]) -> None:
    problems = table3_check(table)
    if problems:
        raise Table3Error(problems)


def _table2_own(report: AnnualReport) -> dict:
    return {**{f: getattr(report, f) for f in TABLE2_FIELDS}, "fees_wan": str(report.fees_wan)}


def _table4_own(report: AnnualReport) -> dict:
    return {g: {r: getattr(report, f"{g}_{r}") for r in TABLE4_RESULTS} for g in TABLE4_GROUPS}


NORMATIVE_FIELDS = ("normative_made", "normative_repealed", "normative_valid")


def register_counts(*, agency_id: int, year: int) -> dict[str, int] | None:
    """行政规范性文件 rows of table 2 from the normative documents register (gongkai.results), or None when the
    register is not installed or holds no published document of this agency (then the staff-entered counts apply).

    本年制发件数: documents published (registered and numbered) in the year — the publication date, or the date written
    when no publication date is recorded. 本年废止件数: documents repealed by a registered document that took effect
    in the year. 现行有效件数: documents in force on 31 December — effective by then, not repealed and not expired
    (an amended document stays in force as amended).
    """
    if not apps.is_installed("gongkai.results"):
        return None
    try:
        from gongkai.implementation.models import PubState
        from gongkai.results.models import DocStatus, NormativeDocument
    except ImportError:  # pragma: no cover - the register's app is optional
        return None
    published = NormativeDocument.objects.filter(agency_id=agency_id, state=PubState.PUBLISHED)
    if not published.exists():
        return None
    year_end = dt.date(year, 12, 31)
    made = published.filter(Q(published_on__year=year) | Q(published_on__isnull=True, written_on__year=year)).count()
    repealed = published.filter(repealed_by__state=PubState.PUBLISHED, repealed_by__effective_on__year=year).distinct().count()
    valid = (published.filter(effective_on__lte=year_end).with_status(year_end)
             .filter(status_code__in=[DocStatus.VALID, DocStatus.AMENDED]).count())
    return {"normative_made": made, "normative_repealed": repealed, "normative_valid": valid}


def table2(reports: list[AnnualReport], *, year: int | None = None, agency_ids: Iterable[int] = ()) -> dict:
    """Table 2 summed over the reports (one report, or an agency and those below it).

    The 行政规范性文件 rows come from the normative documents register for every agency in `agency_ids` that has
    documents there; the staff-entered counts are used only for an agency whose register is empty. The other rows
    (规章, licensing, penalties, enforcement, fees) are staff-entered. `normative_source` says where the rows came
    from: "register", "staff" or "mixed".
    """
    result: dict = dict.fromkeys(TABLE2_FIELDS, 0)
    fees = Decimal(0)
    by_agency = {report.agency_id: report for report in reports}
    from_register: dict[int, dict[str, int]] = {}
    if year is not None:
        for agency_id in sorted(set(agency_ids) | set(by_agency)):
            counts = register_counts(agency_id=agency_id, year=year)
            if counts is not None:
                from_register[agency_id] = counts
    for agency_id, counts in from_register.items():
        for f in NORMATIVE_FIELDS:
            result[f] += counts[f]
    for report in reports:
        for f in TABLE2_FIELDS:
            if f in NORMATIVE_FIELDS and report.agency_id in from_register:
                continue
            result[f] += getattr(report, f)
        fees += report.fees_wan
    result["fees_wan"] = str(fees.normalize()) if fees else "0"
    staff_used = any(r.agency_id not in from_register for r in reports)
    result["normative_source"] = ("mixed" if staff_used else "register") if from_register else "staff"
    return result


def table4(reports: list[AnnualReport]) -> dict:
    result = {g: dict.fromkeys([*TABLE4_RESULTS, "total"], 0) for g in TABLE4_GROUPS}
    for report in reports:
        for g in TABLE4_GROUPS:
            for r in TABLE4_RESULTS:
                value = getattr(report, f"{g}_{r}")
                result[g][r] += value
                result[g]["total"] += value
    return result


def figures(tables: dict) -> dict[str, str]:
    """Figures the text sections may cite as {名称}; inserted when the report is shown."""
    t3, t2, t4 = tables["table3"], tables["table2"], tables["table4"]
    return {
        "新收申请数": str(t3["new"]["total"]),
        "上年结转数": str(t3["carried_in"]["total"]),
        "办结数": str(t3["total"]["total"]),
        "结转下年数": str(t3["carried_out"]["total"]),
        "予以公开数": str(t3["disclosed"]["total"]),
        "部分公开数": str(t3["partly"]["total"]),
        "不予公开数": str(t3["withheld"]["total"]),
        "制发规范性文件数": str(t2["normative_made"]),
        "现行有效规范性文件数": str(t2["normative_valid"]),
        "行政复议数": str(t4["review"]["total"]),
        "行政诉讼数": str(t4["direct"]["total"] + t4["after_review"]["total"]),
    }


def fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text
