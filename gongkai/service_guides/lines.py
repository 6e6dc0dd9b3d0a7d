"""The line format staff type structured guide fields in: one entry a line, parts split by ｜ or |.

    办事依据   法律名称｜条款            《农田建设项目管理办法》｜第二十条
    办理流程   步骤名称｜说明            受理｜窗口当场审查材料
    申请材料   名称｜原件/复印件｜份数｜填写说明
    常见问题   问题｜解答
"""

from __future__ import annotations

import re

from gongkai.core.workflow import WorkflowError

from .models import Copy

_SPLIT = re.compile(r"\s*[｜|]\s*")
_COPY_WORDS = {str(label): value for value, label in Copy.choices} | {"复印件": Copy.COPY, "原件": Copy.ORIGINAL}


def _rows(text: str) -> list[tuple[int, list[str]]]:
    return [(n, _SPLIT.split(line.strip())) for n, line in enumerate((text or "").splitlines(), 1) if line.strip()]


def parse_pairs(text: str, *, what: str, keys: tuple[str, str], second_required: bool = True) -> list[dict]:
    result, errors = [], []
    for n, parts in _rows(text):
        if len(parts) > 2 or (second_required and (len(parts) < 2 or not parts[1])) or not parts[0]:
            errors.append(f"{what}第{n}行格式不正确，应为“{keys[0]}｜{keys[1]}”")
            continue
        result.append({keys[0]: parts[0], keys[1]: parts[1] if len(parts) > 1 else ""})
    if errors:
        raise WorkflowError("；".join(errors) + "。")
    return result


def parse_basis(text: str) -> list[dict]:
    rows = parse_pairs(text, what="办事依据", keys=("law", "article"), second_required=False)
    return rows


def parse_steps(text: str) -> list[dict]:
    return parse_pairs(text, what="办理流程", keys=("title", "detail"), second_required=False)


def parse_faqs(text: str) -> list[dict]:
    return [{"q": r["q"], "a": r["a"]} for r in parse_pairs(text, what="常见问题", keys=("q", "a"))]


def parse_materials(text: str) -> list[dict]:
    result, errors = [], []
    for n, parts in _rows(text):
        parts += [""] * (4 - len(parts))
        name, copy, count, note = parts[:4]
        if len(parts) > 4 or not name:
            errors.append(f"申请材料第{n}行格式不正确，应为“名称｜原件/复印件｜份数｜填写说明”")
            continue
        if copy and copy not in _COPY_WORDS:
            errors.append(f"申请材料第{n}行：“{copy}”应为原件、复印件、原件和复印件或电子材料")
            continue
        if count and not count.isdigit():
            errors.append(f"申请材料第{n}行：份数应为整数")
            continue
        result.append({"name": name, "copy_kind": _COPY_WORDS.get(copy, Copy.ORIGINAL), "count": int(count or 1), "note": note})
    if errors:
        raise WorkflowError("；".join(errors) + "。")
    return result


def basis_text(rows: list[dict]) -> str:
    return "\n".join(f"{r['law']}｜{r['article']}" if r.get("article") else r["law"] for r in rows)


def steps_text(rows: list[dict]) -> str:
    return "\n".join(f"{r['title']}｜{r['detail']}" if r.get("detail") else r["title"] for r in rows)


def faqs_text(rows: list[dict]) -> str:
    return "\n".join(f"{r['q']}｜{r['a']}" for r in rows)


def materials_text(materials) -> str:
    return "\n".join(f"{m.name}｜{m.get_copy_kind_display()}｜{m.count}｜{m.note}".rstrip("｜") for m in materials)
