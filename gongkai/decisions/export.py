"""Comment exports streamed in bounded memory: CSV row by row, XLSX through openpyxl's write-only mode."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from .models import Comment, Decision
from .privacy import mask_name, mask_phone

HEADER = ["查询码", "收到时间", "渠道", "针对", "意见内容", "姓名", "手机号码", "状态", "采纳情况", "理由", "重复于"]
CHUNK = 2000


def _rows(decision: Decision, *, full_contact: bool) -> Iterator[list]:
    qs = (
        Comment.objects.filter(decision=decision)
        .order_by("id")
        .values_list(
            "tracking_code", "created_at", "channel", "paragraph__number", "content", "name", "phone", "state",
            "classification", "reason", "duplicate_of__tracking_code",
        )
    )
    from .models import Channel, Classification, CommentState

    channels, states, classes = dict(Channel.choices), dict(CommentState.choices), dict(Classification.choices)
    for code, at, channel, number, content, name, phone, state, cls, reason, dup in qs.iterator(chunk_size=CHUNK):
        yield [
            code,
            at.strftime("%Y-%m-%d %H:%M"),
            str(channels.get(channel, channel)),
            f"第{number}段" if number else "整体",
            _safe(content),
            _safe(name) if full_contact else mask_name(name),
            phone if full_contact else mask_phone(phone),
            str(states.get(state, state)),
            str(classes.get(cls, "")) if cls else "",
            _safe(reason),
            dup or "",
        ]


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula is prefixed with an apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Echo:
    def write(self, value):
        return value


def csv_response(decision: Decision, *, full_contact: bool) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # so that Excel opens it as UTF-8
        yield writer.writerow(HEADER)
        for row in _rows(decision, full_contact=full_contact):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="comments-{decision.pk}.csv"'
    return response


def xlsx_response(decision: Decision, *, full_contact: bool) -> StreamingHttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # rows go to a temporary file, not into memory
    sheet = workbook.create_sheet("意见")
    sheet.append(HEADER)
    for row in _rows(decision, full_contact=full_contact):
        sheet.append(row)
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)

    def stream():
        try:
            while chunk := spool.read(64 * 1024):
                yield chunk
        finally:
            spool.close()

    response = StreamingHttpResponse(stream(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="comments-{decision.pk}.xlsx"'
    return response
