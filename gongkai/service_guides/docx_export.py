"""A service guide as a Word document (python-docx), for the service hall and for download."""

from __future__ import annotations

import io

import docx
from docx.shared import Pt

from .models import GuideVersion, ServiceItem


def _table(document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value or "—"


def guide_docx(item: ServiceItem, version: GuideVersion) -> bytes:
    """The whole guide, every field, as DOCX bytes."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    document.add_heading(f"{version.name}服务指南", level=0)
    _table(document, [
        ("事项名称", version.name), ("事项编码", item.code), ("事项类型", version.get_service_type_display()),
        ("实施机构", item.agency.name),
    ])
    document.add_heading("一、办事依据", level=1)
    for b in version.legal_basis:
        document.add_paragraph(f"{b['law']}{b['article']}", style="List Bullet")
    document.add_heading("二、办理条件", level=1)
    for line in version.conditions.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.add_heading("三、办理流程", level=1)
    for step in version.steps:
        document.add_paragraph(f"{step['title']}：{step['detail']}" if step["detail"] else step["title"], style="List Number")
    document.add_heading("四、申请材料", level=1)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "材料名称", "原件/复印件", "份数", "说明"), strict=True):
        cell.text = text
    for n, m in enumerate(version.materials.all(), 1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(n), m.name, m.get_copy_kind_display(), str(m.count), m.note or "—"), strict=True):
            cell.text = text
    document.add_heading("五、收费标准", level=1)
    document.add_paragraph(version.fee_text)
    document.add_heading("六、办理时限", level=1)
    _table(document, [
        ("法定办结时限", f"{version.statutory_days}个工作日" if version.statutory_days is not None else ""),
        ("承诺办结时限", f"{version.promised_days}个工作日" if version.promised_days is not None else ""),
    ])
    document.add_heading("七、办理地点和时间", level=1)
    _table(document, [
        ("办理地点", version.location), ("办理时间", version.hours), ("咨询电话", version.consult_phone),
        ("监督投诉电话", version.complaint_phone), ("网上办理", version.online_url),
    ])
    if version.faqs:
        document.add_heading("八、常见问题", level=1)
        for f in version.faqs:
            document.add_paragraph(f"问：{f['q']}")
            document.add_paragraph(f"答：{f['a']}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
