"""Factories for interpretations."""

from __future__ import annotations

from gongkai.core.models import User
from gongkai.disclosures.models import DisclosureItem
from gongkai.interpretations import services
from gongkai.interpretations.models import Form, Interpretation

SECTIONS_FILLED = {
    "background": "依据《农田建设项目管理办法》制定。",
    "purpose": "规范项目资金管理。",
    "main_content": "共五章二十条。",
    "scope": "适用于本区农业综合开发项目。",
    "criteria": "以项目批复文件为准。",
    "attention": "申报材料须真实完整。",
    "differences": "本办法为首次制定。",
}


def interpretation_draft(editor: User, *policies: DisclosureItem, form: str = Form.TEXT, **fields) -> Interpretation:
    fields.setdefault("title", "《项目资金管理办法》政策解读")
    if form == Form.TEXT:
        for key, value in SECTIONS_FILLED.items():
            fields.setdefault(key, value)
    else:
        fields.setdefault("summary", "一图读懂项目资金管理办法。")
    return services.interpretation_create(by=editor, policies=policies, form=form, **fields)


def interpretation_published(editor: User, reviewer: User, signer: User, *policies: DisclosureItem, **fields) -> Interpretation:
    interpretation = interpretation_draft(editor, *policies, **fields)
    services.interpretation_submit(interpretation=interpretation, by=editor)
    services.interpretation_approve(interpretation=interpretation, by=reviewer)
    services.interpretation_sign(interpretation=interpretation, by=signer)
    interpretation.refresh_from_db()
    return interpretation
