"""Unified social credit code (统一社会信用代码, GB 32100-2015) checksum."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    if not isinstance(code, str) or len(code) != 18:
        return False
    code = code.upper()
    if any(ch not in ALPHABET for ch in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def make_credit_code(first17: str) -> str:
    """Complete 17 characters with their check character (for demo data and tests)."""
    return first17 + credit_code_check_char(first17)
