"""Personal data out of public text: masking through the platform's screening (core.screening)."""

from __future__ import annotations

import re

from gongkai.core.screening import scan_text

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def mask_personal(text: str, *, names: tuple[str, ...] = ()) -> str:
    """The text with phone, ID, bank card and e-mail numbers (and the given names) replaced by a note."""
    hits = [h for h in scan_text(text, source="comment") if h.kind != "secrecy_mark"]
    out = []
    cursor = 0
    for hit in hits:
        out.append(text[cursor : hit.start])
        out.append(f"［{hit.label}已隐去］")
        cursor = hit.end
    out.append(text[cursor:])
    masked = "".join(out)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2:
            masked = masked.replace(name, "［姓名已隐去］")
    return masked


def normalise_phone(raw: str) -> str:
    digits = re.sub(r"[\s-]", "", (raw or "").strip().translate({cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def is_mobile(phone: str) -> bool:
    return bool(_MOBILE.match(phone))


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def mask_name(name: str) -> str:
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
