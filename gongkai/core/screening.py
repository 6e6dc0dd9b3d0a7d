"""Screening text for personal information and secrecy marks before publication (SPEC L2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_SECRECY_MARKS: tuple[str, ...] = ("绝密", "机密", "秘密", "内部资料", "内部文件", "不宜公开", "内部使用", "注意保密")

LABELS: dict[str, str] = {
    "id_card": "身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "secrecy_mark": "保密标识",
}

CONTEXT_CHARS = 12

# When two matches overlap, the longer one wins; on equal spans the lower number wins.
_PRIORITY = {"id_card": 0, "bank_card": 1, "mobile": 2, "email": 3, "secrecy_mark": 4}

# GB/T 2260 province-level codes: the first two digits of every resident ID; 81-83 are the
# residence permits of Hong Kong, Macao and Taiwan residents.
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Full-width forms (０-９, Ｘ, ＠, －, ＋ …) and the ideographic space map one-to-one to ASCII,
# so offsets found in the translated text are offsets in the original.
_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# A number is only a candidate when it is not part of a longer letter/digit code (credit codes,
# index numbers, serials), not the integer part of a decimal, and not an amount of money.
_LEFT = r"(?<![0-9A-Za-z¥￥$])"
_RIGHT = r"(?![0-9A-Za-z])(?!\.\d)(?!\s?(?:元|万|亿|千|百|美元|%|‰))"

_ID18_RE = re.compile(_LEFT + r"\d{17}[0-9Xx]" + _RIGHT, re.ASCII)
_ID15_RE = re.compile(_LEFT + r"\d{15}" + _RIGHT, re.ASCII)
_BANK_RE = re.compile(_LEFT + r"(?:\d{16,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?)" + _RIGHT, re.ASCII)
_MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z+¥￥$])(?:(?:\(\+?86\)|(?:\+|00)?86)[ -]?)?"
    r"1[3-9]\d(?:\d{8}|([ -])\d{4}\1\d{4})" + _RIGHT,
    re.ASCII,
)
_EMAIL_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL_DOMAIN_RE = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])", re.ASCII)
_NON_DIGIT = re.compile(r"\D", re.ASCII)
_LAYOUT_WS = re.compile(r"\s")


@dataclass(frozen=True)
class Hit:
    """One finding: what it is, where it is, a masked excerpt and a stable fingerprint."""

    kind: str
    label: str
    source: str
    start: int
    end: int
    excerpt: str
    fingerprint: str


def scan_text(text: str, *, source: str, secrecy_marks: Iterable[str] = DEFAULT_SECRECY_MARKS) -> list[Hit]:
    """Return the hits in one text, ordered by position, overlapping matches reported once."""
    if not text:
        return []
    normal = text.translate(_HALFWIDTH)
    spans = _resolve(_candidates(normal, _marks_pattern(tuple(secrecy_marks))))
    masked = [_mask(text[s:e], kind) for s, e, kind in spans]
    hits = []
    for i, (start, end, kind) in enumerate(spans):
        raw = _normalise(normal[start:end], kind)
        digest = hashlib.sha256(f"{kind}\x1f{raw}\x1f{source}".encode()).hexdigest()
        excerpt = _excerpt(text, i, spans, masked)
        hits.append(Hit(kind, LABELS[kind], source, start, end, excerpt, digest))
    return hits


def scan_sources(
    sources: Iterable[tuple[str, str]], *, secrecy_marks: Iterable[str] = DEFAULT_SECRECY_MARKS
) -> list[Hit]:
    """Scan (source, text) pairs; hits come in the order of the sources, then by position."""
    marks = tuple(secrecy_marks)
    hits: list[Hit] = []
    for source, text in sources:
        hits.extend(scan_text(text, source=source, secrecy_marks=marks))
    return hits


@lru_cache(maxsize=32)
def _marks_pattern(marks: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of the marks, longest first so "内部资料" beats a shorter overlapping mark."""
    words = sorted({m.strip() for m in marks if m and m.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


def _candidates(text: str, marks: re.Pattern[str] | None) -> list[tuple[int, int, str]]:
    """Every plausible match of every kind, possibly overlapping."""
    found: list[tuple[int, int, str]] = []
    for m in _ID18_RE.finditer(text):
        if _valid_id18(m.group()):
            found.append((m.start(), m.end(), "id_card"))
    for m in _ID15_RE.finditer(text):
        if _valid_id15(m.group()):
            found.append((m.start(), m.end(), "id_card"))
    for m in _BANK_RE.finditer(text):
        digits = _NON_DIGIT.sub("", m.group())
        if digits[0] != "0" and _luhn_ok(digits):
            found.append((m.start(), m.end(), "bank_card"))
    for m in _MOBILE_RE.finditer(text):
        found.append((m.start(), m.end(), "mobile"))
    found.extend(_emails(text))
    if marks is not None:
        found.extend((m.start(), m.end(), "secrecy_mark") for m in marks.finditer(text))
    return found


def _emails(text: str) -> list[tuple[int, int, str]]:
    """E-mail addresses, found by walking out from each "@" (a plain regex is slow on long ASCII runs)."""
    found: list[tuple[int, int, str]] = []
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and at - start < 64 and text[start - 1] in _EMAIL_LOCAL_CHARS:
            start -= 1
        while start < at and text[start] in "._%+-":
            start += 1
        domain = _EMAIL_DOMAIN_RE.match(text, at + 1)
        if start < at and domain:
            found.append((start, domain.end(), "email"))
        at = text.find("@", at + 1)
    return found


def _resolve(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep one match per overlapping group: longer first, then by kind priority."""
    kept: list[tuple[int, int, str]] = []
    cluster: list[tuple[int, int, str]] = []
    cluster_end = -1
    for cand in sorted(candidates):
        if cluster and cand[0] >= cluster_end:
            kept.extend(_pick(cluster))
            cluster = []
        cluster.append(cand)
        cluster_end = max(cluster_end, cand[1])
    if cluster:
        kept.extend(_pick(cluster))
    return sorted(kept)


def _pick(cluster: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Greedy choice inside one chain of overlapping matches (clusters are tiny)."""
    if len(cluster) == 1:
        return cluster
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(cluster, key=lambda c: (-(c[1] - c[0]), _PRIORITY[c[2]], c[0])):
        if all(end <= s or e <= start for s, e, _ in chosen):
            chosen.append((start, end, kind))
    return chosen


def _valid_id18(value: str) -> bool:
    """GB 11643: province, real birth date 1900-2099, check character."""
    if value[:2] not in _PROVINCES or not _real_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
        return False
    total = sum(int(ch) * w for ch, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17].upper()


def _valid_id15(value: str) -> bool:
    """Pre-1999 15-digit ID: province and a real YYMMDD birth date in the 1900s."""
    return value[:2] in _PROVINCES and _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def _real_date(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= 2099:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _normalise(raw: str, kind: str) -> str:
    """The value as it would be written plainly, so spacing or prefixes do not change the fingerprint."""
    if kind == "id_card":
        return raw.upper()
    if kind == "bank_card":
        return _NON_DIGIT.sub("", raw)
    if kind == "mobile":
        return _NON_DIGIT.sub("", raw)[-11:]
    if kind == "email":
        return raw.lower()
    return raw


def _mask(raw: str, kind: str) -> str:
    """Hide the middle of a value; secrecy marks are shown as they are."""
    if kind == "secrecy_mark":
        return raw
    if kind == "email":
        local, _, domain = raw.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = sum(1 for ch in raw if ch.isdigit() or ch in "Xx")
    if kind == "mobile":
        # the national number is the last 11 digits: keep 3 and 4 of them, whatever the prefix
        keep_head, keep_tail = digits - 8, 4
    else:
        keep_head, keep_tail = 4, 4
    out = []
    index = 0
    for ch in raw:
        if ch.isdigit() or ch in "Xx":
            out.append(ch if index < keep_head or index >= digits - keep_tail else "*")
            index += 1
        else:
            out.append(ch)
    return "".join(out)


def _excerpt(
    text: str,
    index: int,
    spans: list[tuple[int, int, str]],
    masked: list[str],
) -> str:
    """About 12 characters each side of the hit, every hit inside it masked, layout whitespace flattened."""
    start, end, _ = spans[index]
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    first = last = index
    while first > 0 and spans[first - 1][1] > lo:
        first -= 1
    while last + 1 < len(spans) and spans[last + 1][0] < hi:
        last += 1
    # never cut a neighbouring hit in half: its visible half would be unmasked
    lo = min(lo, spans[first][0])
    hi = max(hi, spans[last][1])
    parts = ["…"] if lo > 0 else []
    cursor = lo
    for i in range(first, last + 1):
        s, e, _ = spans[i]
        parts.append(_LAYOUT_WS.sub(" ", text[cursor:s]))
        parts.append(masked[i])
        cursor = e
    parts.append(_LAYOUT_WS.sub(" ", text[cursor:hi]))
    if hi < len(text):
        parts.append("…")
    return "".join(parts)
