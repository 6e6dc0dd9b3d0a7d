"""Budget workbooks for tests and the demo, in the import layout (amounts in 万元)."""

from __future__ import annotations

import io

from openpyxl import Workbook


def budget_tables(scale: float = 1.0) -> dict[str, tuple[list[str], list[list]]]:
    s = scale

    def r(v):
        return round(v * s, 2)

    return {
        "收支总表": (["金额"], [
            [None, "一般公共预算拨款收入", r(860)], [None, "政府性基金预算拨款收入", r(120)], [None, "收入总计", r(980)],
            [None, "一般公共服务支出", r(300)], [None, "农林水支出", r(680)], [None, "支出总计", r(980)],
        ]),
        "支出总表": (["合计", "基本支出", "项目支出"], [
            [None, "合计", r(980), r(400), r(580)],
            ["201", "一般公共服务支出", r(300), r(250), r(50)],
            ["20103", "政府办公厅（室）及相关机构事务", r(300), r(250), r(50)],
            ["213", "农林水支出", r(680), r(150), r(530)],
            ["21301", "农业农村", r(480), r(150), r(330)],
            ["21303", "水利", r(200), 0, r(200)],
        ]),
        "三公经费支出表": (["合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费"], [
            [None, "合计", r(12.5), 0, r(4.5), r(8)],
        ]),
    }


def workbook(tables=None, explanation="一、部门职责\n本部门负责农业综合开发。\n二、收支预算总体情况", broken: tuple[str, str, object] | None = None) -> bytes:
    """A valid workbook; `broken=(sheet, cell, value)` overwrites one cell."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, (columns, rows) in (tables or budget_tables()).items():
        ws = wb.create_sheet(name)
        ws.append(["科目编码", "项目", *columns])
        for row in rows:
            ws.append(row)
    ws = wb.create_sheet("说明")
    for line in explanation.splitlines():
        ws.append([line])
    if broken:
        wb[broken[0]][broken[1]] = broken[2]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
