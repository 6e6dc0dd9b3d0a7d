"""Factories for lists: a power-list type with typed columns and workbooks to import."""

from __future__ import annotations

import io

import openpyxl

from gongkai.catalogs import services
from gongkai.catalogs.models import ColumnKind, ListColumn, ListType, ListVersion

COLUMNS = (
    ("code", "事项编码", ColumnKind.TEXT, True, True, ""),
    ("name", "事项名称", ColumnKind.TEXT, True, False, ""),
    ("kind", "权力类型", ColumnKind.CHOICE, True, False, "行政许可、行政处罚、行政确认、其他行政权力"),
    ("basis", "设定依据", ColumnKind.TEXT, False, False, ""),
    ("days", "承诺时限（工作日）", ColumnKind.INTEGER, False, False, ""),
    ("since", "实施日期", ColumnKind.DATE, False, False, ""),
)
HEADER = [c[1] for c in COLUMNS]


def power_list_type() -> ListType:
    list_type, _ = ListType.objects.get_or_create(slug="power", defaults={"name": "权力清单"})
    for order, (key, label, kind, required, is_key, choices) in enumerate(COLUMNS):
        ListColumn.objects.get_or_create(
            list_type=list_type, key=key,
            defaults={"label": label, "kind": kind, "required": required, "is_key": is_key, "choices": choices, "sort_order": order},
        )
    return list_type


def workbook(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def publish(version: ListVersion, editor, reviewer, signer) -> ListVersion:
    services.version_submit(version=version, by=editor)
    services.version_approve(version=version, by=reviewer)
    services.version_sign(version=version, by=signer)
    version.refresh_from_db()
    return version
