"""The report as HTML (public page, disclosure item body) and as DOCX (python-docx)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gongkai.info_requests.outcomes import TABLE3_RESULT_ROWS

from .models import AnnualReport
from .tables import COLUMN_LABELS, COLUMNS, ROWS, figures, fill

TABLE2_ROWS = [
    ("第二十条第（一）项", None),
    ("规章", ("regulations_made", "regulations_repealed", "regulations_valid")),
    ("行政规范性文件", ("normative_made", "normative_repealed", "normative_valid")),
]
TABLE4_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
TABLE4_KEYS = ["upheld", "corrected", "other", "pending", "total"]
SECTIONS = [
    ("一、总体情况", "text_overview"),
    ("二、主动公开政府信息情况", "text_proactive"),
    ("三、收到和处理政府信息公开申请情况", "text_requests"),
    ("四、政府信息公开行政复议、行政诉讼情况", "text_review"),
    ("五、存在的主要问题及改进情况", "text_problems"),
    ("六、其他需要报告的事项", "text_other"),
]


def context(report: AnnualReport) -> dict:
    tables = report.tables
    values = figures(tables)
    t3 = tables["table3"]
    t4 = tables["table4"]
    return {
        "report": report,
        "sections": [(title, fill(getattr(report, field), values), field) for title, field in SECTIONS],
        "t2": tables["table2"],
        "t3_columns": [COLUMN_LABELS[c] for c in COLUMNS],
        "t3_rows": _t3_rows(t3),
        "t4_head": TABLE4_HEAD,
        "t4_row": [t4[g][k] for g in ("review", "direct", "after_review") for k in TABLE4_KEYS],
    }


def _t3_rows(t3: dict) -> list[tuple[str, int, list[int] | None]]:
    rows = []
    for key, label, level in ROWS:
        rows.append((label, level, None if key == "results" else [t3[key][c] for c in COLUMNS]))
    return rows


def report_html(report: AnnualReport) -> str:
    """The body: the six sections with the three tables."""
    return render_to_string("annual_reports/_report.html", context(report))


def _table(doc, rows: list[list[str]], caption: str):
    doc.add_paragraph(caption).alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = str(value)
    return table


def report_docx(report: AnnualReport) -> bytes:
    ctx = context(report)
    doc = Document()
    doc.styles["Normal"].font.size = Pt(12)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(report.title)
    run.bold = True
    run.font.size = Pt(18)
    t2, t4row = ctx["t2"], ctx["t4_row"]
    for heading, text, field in ctx["sections"]:
        doc.add_heading(heading, level=2)
        for para in [p for p in text.splitlines() if p.strip()]:
            doc.add_paragraph(para)
        if field == "text_proactive":
            _table(doc, [
                ["第二十条第（一）项", "", "", ""],
                ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                ["规章", t2["regulations_made"], t2["regulations_repealed"], t2["regulations_valid"]],
                ["行政规范性文件", t2["normative_made"], t2["normative_repealed"], t2["normative_valid"]],
                ["第二十条第（五）项", "", "", ""],
                ["信息内容", "本年处理决定数量", "", ""],
                ["行政许可", t2["licensing"], "", ""],
                ["第二十条第（六）项", "", "", ""],
                ["信息内容", "本年处理决定数量", "", ""],
                ["行政处罚", t2["penalties"], "", ""],
                ["行政强制", t2["enforcement"], "", ""],
                ["第二十条第（八）项", "", "", ""],
                ["信息内容", "本年收费金额（单位：万元）", "", ""],
                ["行政事业性收费", t2["fees_wan"], "", ""],
            ], "表二 主动公开政府信息情况")
        elif field == "text_requests":
            rows = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", *ctx["t3_columns"]]]
            for label, _level, values in ctx["t3_rows"]:
                rows.append([label, *(values if values is not None else [""] * len(ctx["t3_columns"]))])
            _table(doc, rows, "表三 收到和处理政府信息公开申请情况")
        elif field == "text_review":
            _table(doc, [
                ["行政复议"] * 5 + ["行政诉讼：未经复议直接起诉"] * 5 + ["行政诉讼：复议后起诉"] * 5,
                TABLE4_HEAD * 3,
                t4row,
            ], "表四 政府信息公开行政复议、行政诉讼情况")
    sign = doc.add_paragraph(report.agency.name)
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


__all__ = ["TABLE3_RESULT_ROWS", "report_docx", "report_html", "context"]
