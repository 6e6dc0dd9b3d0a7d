"""The dashboard as XLSX (openpyxl, write-only)."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import Row


def rows_xlsx(rows: list[Row]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("时限监督")
    ws.append(["机构", "事项类型", "事项", "责任人", "起算时间", "期限", "状态", "完成时间"])
    for row in rows:
        c = row.clock
        ws.append([row.agency, c.kind_label, c.title, c.owner, timezone.localtime(c.started_at).strftime("%Y-%m-%d"),
                   timezone.localtime(c.due_at).strftime("%Y-%m-%d %H:%M"), row.status_label,
                   timezone.localtime(c.done_at).strftime("%Y-%m-%d") if c.done_at else ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = ["rows_xlsx", "Font"]
