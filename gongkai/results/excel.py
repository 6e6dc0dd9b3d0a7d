"""Indicators as an Excel workbook: the export format is the import format, so export → edit → import round-trips."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from openpyxl import Workbook, load_workbook

from gongkai.core.models import User
from gongkai.core.workflow import WorkflowError

from . import services
from .models import DevelopmentPlan, Nature
from .selectors import indicator_rows

FIXED = ("序号", "指标名称", "单位", "属性", "方向", "基期值", "规划目标值")
DIRECTIONS = {"越大越好": True, "越小越好": False}
NATURES = {str(label): value for value, label in Nature.choices}


def headers(plan: DevelopmentPlan) -> list[str]:
    cols = list(FIXED)
    for y in plan.years:
        cols += [f"{y}年目标", f"{y}年实际"]
    return cols


def _cell(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def export_indicators(plan: DevelopmentPlan) -> bytes:
    """The plan's indicators and values as an .xlsx workbook."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(headers(plan))
    for i, r in enumerate(indicator_rows(plan), start=1):
        ind = r.indicator
        row = [i, ind.name, ind.unit, ind.get_nature_display(), "越大越好" if ind.higher_is_better else "越小越好", _cell(ind.baseline), _cell(ind.target)]
        for y in plan.years:
            v = r.by_year.get(y)
            row += [_cell(v.target) if v else None, _cell(v.actual) if v else None]
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class ImportReport:
    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (Excel row number, message)


def _decimal(value, what: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{what}“{value}”不是数字") from None


def import_indicators(*, plan: DevelopmentPlan, by: User, data: bytes) -> ImportReport:
    """Read the workbook; if any row is wrong nothing is saved and every wrong row is reported."""
    report = ImportReport()
    try:
        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # noqa: BLE001 - any unreadable upload is the same error to the user
        raise WorkflowError("无法读取该文件：请上传从本页导出的 Excel（.xlsx）文件。") from None
    rows = list(ws.iter_rows(values_only=True))
    expected = headers(plan)
    head = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else ())][: len(expected)]
    if head != expected:
        raise WorkflowError("表头与导出格式不一致：请先导出本规划的指标表，在其中修改后再导入。")
    parsed = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (len(expected) - len(row))
        if all(c is None or str(c).strip() == "" for c in row):
            continue
        try:
            name = str(row[1] or "").strip()
            if not name:
                raise ValueError("指标名称为空")
            if name in seen:
                raise ValueError(f"指标“{name}”重复")
            seen.add(name)
            nature = NATURES.get(str(row[3] or "").strip())
            if nature is None:
                raise ValueError("属性应为“约束性”或“预期性”")
            direction = DIRECTIONS.get(str(row[4] or "").strip())
            if direction is None:
                raise ValueError("方向应为“越大越好”或“越小越好”")
            target = _decimal(row[6], "规划目标值")
            if target is None:
                raise ValueError("规划目标值为空")
            values = {}
            for i, y in enumerate(plan.years):
                values[y] = (_decimal(row[7 + 2 * i], f"{y}年目标"), _decimal(row[8 + 2 * i], f"{y}年实际"))
            parsed.append(dict(name=name, unit=str(row[2] or "").strip(), nature=nature, higher_is_better=direction,
                               baseline=_decimal(row[5], "基期值"), target=target, values=values))
        except ValueError as exc:
            report.errors.append((number, str(exc)))
    if report.errors:
        return report
    with transaction.atomic():
        for p in parsed:
            services.indicator_save(plan=plan, by=by, **p)
    report.saved = len(parsed)
    return report
