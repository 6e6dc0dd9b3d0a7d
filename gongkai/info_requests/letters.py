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


def _opening(doc: Document, req: InfoRequest) -> str:
    number = doc.add_paragraph(f"查询码：{req.tracking_code}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{req.name}：")
    return req.info_title or req.description[:60]


def _sign(doc: Document, req: InfoRequest, on: dt.date) -> None:
    sign = doc.add_paragraph(f"{req.agency.name}\n{_cn_date(on)}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def correction_notice(req: InfoRequest, *, on: dt.date, reason: str, deadline: dt.date) -> bytes:
    """补正告知书 (Art. 30): what to correct, the applicant's deadline, and what happens if it passes."""
    doc = _doc("政府信息公开申请补正告知书")
    wanted = _opening(doc, req)
    doc.add_paragraph(
        f"本机关于{_cn_date(req.received_on)}收到您提出的政府信息公开申请，申请获取“{wanted}”。经审查，您的申请内容不明确，"
        f"根据《中华人民共和国政府信息公开条例》第三十条的规定，现一次性告知您作出补正。")
    doc.add_paragraph(f"需要补正的事项：{reason.strip()}")
    doc.add_paragraph(
        f"请于{_cn_date(deadline)}前（含当日）向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起重新计算。"
        "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。")
    doc.add_paragraph(f"补正后的申请可在查询页面凭查询码{req.tracking_code}查看办理进度。")
    _sign(doc, req, on)
    return _save(doc)


def extension_notice(req: InfoRequest, *, on: dt.date, reason: str, days: int, old_due: dt.date | None,
                     new_due: dt.date | None) -> bytes:
    """延期答复告知书 (Art. 33 para. 2): approved by the head of the office, at most 20 WD, the new deadline."""
    doc = _doc("政府信息公开申请延期答复告知书")
    wanted = _opening(doc, req)
    doc.add_paragraph(
        f"本机关于{_cn_date(req.received_on)}收到您提出的政府信息公开申请，申请获取“{wanted}”。"
        f"因{reason.strip().rstrip('。')}，本机关不能在法定期限内作出答复。")
    before = f"原答复期限为{_cn_date(old_due)}，" if old_due else ""
    after = f"延长后的答复期限为{_cn_date(new_due)}" if new_due else "延长后的答复期限在暂停计算的期间结束后相应顺延"
    doc.add_paragraph(
        f"根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
        f"答复期限延长{days}个工作日。{before}{after}（征求第三方或者其他机关意见所需时间不计算在内）。")
    doc.add_paragraph("特此告知。")
    _sign(doc, req, on)
    return _save(doc)
