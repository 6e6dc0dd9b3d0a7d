"""Excel in and out for list versions (openpyxl): typed validation with a per-row error report."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from .models import ColumnKind, ListColumn

MAX_ROWS = 5000


@dataclass
class RowError:
    row: int  # the Excel row number the user sees
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"第{self.row}行：" + "；".join(self.messages)


class ImportRejected(Exception):
    """The file cannot be imported; nothing was imported. `errors` names every bad row."""

    def __init__(self, errors: list[RowError]):
        super().__init__("；".join(str(e) for e in errors))
        self.errors = errors

    @property
    def message(self) -> str:
        rows = [e.row for e in self.errors if e.row > 1]
        if rows:
            return f"导入失败：共{len(rows)}行有错误（第{'、'.join(map(str, rows))}行），未导入任何内容。请修改后重新导入。"
        return "导入失败：" + "；".join(str(e) for e in self.errors) + "。未导入任何内容。"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    return str(value).strip()


def clean_value(column: ListColumn, value) -> tuple[str, str | None]:
    """The stored text of a cell and an error message (None when valid)."""
    if column.kind == ColumnKind.DATE and isinstance(value, dt.datetime | dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat(), None
    text = _text(value)
    if not text:
        return "", (f"“{column.label}”不能为空" if column.required else None)
    if column.kind == ColumnKind.INTEGER:
        if not text.lstrip("-").isdigit():
            return text, f"“{column.label}”应为整数，现为“{text}”"
        return str(int(text)), None
    if column.kind == ColumnKind.DECIMAL:
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text, f"“{column.label}”应为数值，现为“{text}”"
        if not number.is_finite():
            return text, f"“{column.label}”应为数值，现为“{text}”"
        return format(number.normalize(), "f"), None
    if column.kind == ColumnKind.DATE:
        try:
            return dt.date.fromisoformat(text.replace("/", "-")).isoformat(), None
        except ValueError:
            return text, f"“{column.label}”应为日期（如2026-05-08），现为“{text}”"
    if column.kind == ColumnKind.CHOICE:
        options = column.choice_list()
        if text not in options:
            return text, f"“{column.label}”应为{'、'.join(options)}之一，现为“{text}”"
    if len(text) > 2000:
        return text[:2000], f"“{column.label}”过长（最多2000字）"
    return text, None


def read_rows(data: bytes, columns: list[ListColumn]) -> list[dict]:
    """Validate an uploaded workbook against the typed columns; every bad row is reported at once."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRejected([RowError(0, ["文件不是有效的 Excel（XLSX）文件"])]) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    missing = [c.label for c in columns if c.label not in header]
    if missing:
        raise ImportRejected([RowError(1, [f"表头缺少列：{'、'.join(missing)}（第1行应为各列名称）"])])
    index = {c.key: header.index(c.label) for c in columns}
    key_col = next(c for c in columns if c.is_key)
    errors: list[RowError] = []
    result: list[dict] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise ImportRejected([RowError(number, [f"超过{MAX_ROWS}行的上限"])])
        values = list(values or ())
        if not any(_text(v) for v in values):
            continue
        data_row, messages = {}, []
        for column in columns:
            i = index[column.key]
            cell = values[i] if i < len(values) else None
            text, error = clean_value(column, cell)
            data_row[column.key] = text
            if error:
                messages.append(error)
        key = data_row[key_col.key]
        if key and key in seen:
            messages.append(f"“{key_col.label}”{key}与第{seen[key]}行重复")
        elif key:
            seen[key] = number
        if messages:
            errors.append(RowError(number, messages))
        else:
            result.append(data_row)
    workbook.close()
    if errors:
        raise ImportRejected(errors)
    if not result:
        raise ImportRejected([RowError(2, ["文件中没有数据行"])])
    return result


def write_rows(title: str, columns: list[ListColumn], rows: list[dict]) -> bytes:
    """An XLSX workbook: header of column labels, then the rows (the same format import reads)."""
    workbook = openpyxl.Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31] or "清单"
    sheet.append([c.label for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(c.key, "") for c in columns])
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = 40 if column.kind == ColumnKind.TEXT else 14
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
