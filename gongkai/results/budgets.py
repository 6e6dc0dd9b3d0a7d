"""Budget and final-accounts workbooks: read, validate (totals add up, the wrong cell named), write.

One sheet per standard table, named as the table (收支总表 …), and a sheet 说明 with the explanation
text in column A. Each table sheet: row 1 is the header 科目编码 | 项目 | one column per amount (万元);
then one row per line. A line whose 项目 ends in 合计 or 总计 is a total: as the first line it sums the
top-level lines below it (up to the next total), otherwise the top-level lines above it since the
previous total. Top-level lines are those without a code and those with the shortest code; a coded
line (201) also equals the sum of its children (20101, 20102 …). When the first amount column is
合计 or 小计, it equals the sum of the other amount columns on every line. The export writes exactly
this layout, so export → edit → import round-trips.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from gongkai.core.workflow import WorkflowError

from .models import BudgetDisclosure, BudgetTableKind

EXPLANATION_SHEET = "说明"
CENT = Decimal("0.01")
SHEET_NAMES = {str(label): value for value, label in BudgetTableKind.choices}


class WorkbookError(WorkflowError):
    """The workbook is refused; `problems` lists every wrong cell."""

    def __init__(self, problems: list[str]):
        super().__init__("预决算表校验未通过，未保存任何内容：" + "；".join(problems[:20]) + ("……" if len(problems) > 20 else ""))
        self.problems = problems


@dataclass
class ParsedTable:
    kind: str
    columns: list[str]
    rows: list[dict]


def _amount(value, where: str, problems: list[str]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip().replace(",", "")).quantize(CENT)
    except InvalidOperation:
        problems.append(f"{where} 不是数字（“{value}”）")
        return None


def _is_total(name: str) -> bool:
    return name.endswith("合计") or name.endswith("总计")


def _check(sheet: str, columns: list[str], rows: list[dict], problems: list[str]) -> None:
    def cell(row_index: int, col_index: int) -> str:
        return f"{sheet}!{get_column_letter(col_index + 3)}{rows[row_index]['line']}"

    coded = [len(r["code"]) for r in rows if r["code"] and not r["total"]]
    top_len = min(coded) if coded else None

    def top(r: dict) -> bool:
        return not r["total"] and (not r["code"] or len(r["code"]) == top_len)

    n = len(columns)
    # column totals
    for i, r in enumerate(rows):
        if not r["total"]:
            continue
        if i == 0:
            span = []
            for later in rows[i + 1:]:
                if later["total"]:
                    break
                span.append(later)
        else:
            span = []
            for earlier in reversed(rows[:i]):
                if earlier["total"]:
                    break
                span.append(earlier)
        for c in range(n):
            expected = sum((x["values"][c] or Decimal(0) for x in span if top(x)), Decimal(0))
            actual = r["values"][c] or Decimal(0)
            if span and expected != actual:
                problems.append(f"{cell(i, c)}（{r['name']}·{columns[c]}）应为{expected}，表中为{actual}")
    # parent codes equal the sum of their children
    for i, r in enumerate(rows):
        if not r["code"] or r["total"]:
            continue
        children = [x for x in rows if x["code"].startswith(r["code"]) and len(x["code"]) == len(r["code"]) + 2]
        if not children:
            continue
        for c in range(n):
            expected = sum((x["values"][c] or Decimal(0) for x in children), Decimal(0))
            actual = r["values"][c] or Decimal(0)
            if expected != actual:
                problems.append(f"{cell(i, c)}（{r['code']} {r['name']}·{columns[c]}）应为下级科目之和{expected}，表中为{actual}")
    # row totals
    if columns and columns[0] in ("合计", "小计") and n > 1:
        for i, r in enumerate(rows):
            expected = sum((v or Decimal(0) for v in r["values"][1:]), Decimal(0))
            actual = r["values"][0] or Decimal(0)
            if expected != actual:
                problems.append(f"{cell(i, 0)}（{r['name']}·{columns[0]}）应为本行各项之和{expected}，表中为{actual}")


def read_workbook(data: bytes) -> tuple[list[ParsedTable], str]:
    """Parse and validate; raise WorkbookError naming every wrong cell."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is the same error to the user
        raise WorkflowError("无法读取该文件：请上传 Excel（.xlsx）预决算表。") from None
    problems: list[str] = []
    tables: list[ParsedTable] = []
    explanation = ""
    for ws in wb.worksheets:
        title = ws.title.strip()
        if title == EXPLANATION_SHEET:
            explanation = "\n".join(str(r[0]).strip() for r in ws.iter_rows(values_only=True) if r and r[0] is not None)
            continue
        kind = SHEET_NAMES.get(title)
        if kind is None:
            problems.append(f"工作表“{title}”不是标准表名")
            continue
        lines = list(ws.iter_rows(values_only=True))
        if not lines:
            problems.append(f"{title} 是空表")
            continue
        header = [str(c).strip() if c is not None else "" for c in lines[0]]
        if header[:2] != ["科目编码", "项目"] or len(header) < 3:
            problems.append(f"{title}!A1 表头应为“科目编码、项目”和金额列")
            continue
        while header and not header[-1]:
            header.pop()
        columns = header[2:]
        rows = []
        for number, line in enumerate(lines[1:], start=2):
            line = list(line) + [None] * (len(header) - len(line))
            if all(v is None or str(v).strip() == "" for v in line[: len(header)]):
                continue
            name = str(line[1] or "").strip()
            if not name:
                problems.append(f"{title}!B{number} 项目名称为空")
                continue
            code = str(line[0] or "").strip()
            values = [_amount(line[2 + c], f"{title}!{get_column_letter(3 + c)}{number}", problems) for c in range(len(columns))]
            rows.append({"line": number, "code": code, "name": name, "values": values, "total": _is_total(name)})
        _check(title, columns, rows, problems)
        tables.append(ParsedTable(kind, columns, rows))
    if not tables and not problems:
        problems.append("工作簿中没有标准预决算表")
    if not explanation.strip():
        problems.append(f"缺少“{EXPLANATION_SHEET}”工作表（预决算说明）")
    if problems:
        raise WorkbookError(problems)
    return tables, explanation


def write_workbook(disclosure: BudgetDisclosure) -> bytes:
    """The disclosure as a workbook in the import layout."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in disclosure.tables.all():
        ws = wb.create_sheet(table.get_kind_display())
        ws.append(["科目编码", "项目", *table.columns])
        for r in table.rows:
            ws.append([r["code"] or None, r["name"], *[None if v is None else float(Decimal(v)) for v in r["values"]]])
    ws = wb.create_sheet(EXPLANATION_SHEET)
    for line in disclosure.explanation.splitlines():
        ws.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def stored_rows(rows: list[dict]) -> list[dict]:
    return [{"code": r["code"], "name": r["name"], "values": [None if v is None else str(v) for v in r["values"]], "total": r["total"]} for r in rows]
