"""Reply letters and notices as DOCX (python-docx), one template per outcome (outcomes.py)."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .models import InfoRequest
from .outcomes import OUTCOMES

REMEDY = (
    "如对本答复不服，可以自收到本答复之日起六十日内向上一级主管部门或者本级人民政府申请行政复议，"
    "或者自收到本答复之日起六个月内向人民法院提起行政诉讼。"
)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _doc(title: str) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(14)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(20)
    return doc


def _save(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def reply_letter(req: InfoRequest, *, on: dt.date, other_agency: str = "") -> bytes:
    """The reply letter for the request's outcome, citing the decree article."""
    outcome = OUTCOMES[req.outcome]
    doc = _doc("政府信息公开申请答复书")
    number = doc.add_paragraph(f"查询码：{req.tracking_code}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{req.name}：")
    wanted = req.info_title or req.description[:60]
    doc.add_paragraph(
        f"本机关于{_cn_date(req.received_on)}收到您提出的政府信息公开申请，申请获取“{wanted}”。"
        f"经审查，根据{outcome.article}的规定，现答复如下："
    )
    doc.add_paragraph(outcome.decision)
    if other_agency:
        doc.add_paragraph(f"负责公开该信息的机关：{other_agency}。")
    if req.outcome_note:
        doc.add_paragraph(req.outcome_note)
    if outcome.gives_files and req.pk and req.files.exists():
        doc.add_paragraph("提供的政府信息：" + "；".join(f.original_name for f in req.files.all()) + "。可在申请查询页面下载。")
    doc.add_paragraph(f"处理结果类别：{outcome.group}（{outcome.label}）。")
    doc.add_paragraph(REMEDY)
    sign = doc.add_paragraph(f"{req.agency.name}\n{_cn_date(on)}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _save(doc)
