"""Building blocks of the demo items: the spec of one item, dates, numbers and HTML."""

from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongkai.core import workdays

from .agencies import AGENCY_BY_SLUG

TZ = ZoneInfo("Asia/Shanghai")

TOWNS = ("凤凰街道", "坊安街道", "坊城街道", "九龙街道", "黄旗堡街道", "王家庄街道")

# A block of a body: a paragraph (str), a heading ("h", text), or a table ("table", header, rows).
Block = str | tuple


@dataclass
class ItemSpec:
    """One demo item: what item_create gets, plus the historical dates it is backdated to."""

    agency: str  # agency slug
    title: str
    column: str  # catalogue column slug
    topic: str  # topic code
    blocks: list[Block]
    published_on: dt.date
    written_on: dt.date | None = None
    doc_number: str = ""
    validity: str = "na"
    keywords: str = ""
    summary: str = ""
    time: tuple[int, int] = (10, 0)
    html: str = ""  # a ready body, used instead of `blocks` (the seed plan)

    @property
    def published_at(self) -> dt.datetime:
        return dt.datetime.combine(self.published_on, dt.time(*self.time), tzinfo=TZ)

    @property
    def year(self) -> int:
        return self.published_on.year

    def body_html(self) -> str:
        return self.html or render(self.blocks)

    def create_fields(self) -> dict:
        """Keyword arguments of services.item_create, apart from by/column/topic."""
        return {
            "title": self.title,
            "summary": self.summary or make_summary(self.blocks),
            "body": self.body_html(),
            "doc_number": self.doc_number,
            "written_on": self.written_on or self.published_on,
            "validity": self.validity,
            "keywords": self.keywords,
        }


def render(blocks: list[Block]) -> str:
    out = []
    for block in blocks:
        if isinstance(block, str):
            out.append(f"<p>{html.escape(block)}</p>")
        elif block[0] == "h":
            out.append(f"<h3>{html.escape(block[1])}</h3>")
        elif block[0] == "table":
            _, header, rows = block
            head = "".join(f"<th scope=\"col\">{html.escape(str(c))}</th>" for c in header)
            body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:  # pragma: no cover - a programming error in the demo data
            raise ValueError(f"unknown block {block!r}")
    return "".join(out)


def make_summary(blocks: list[Block], limit: int = 100) -> str:
    """The first paragraph, cut at a sentence end that fits in `limit` characters."""
    first = next((b for b in blocks if isinstance(b, str)), "")
    if len(first) <= limit:
        return first
    cut = first[:limit]
    end = max(cut.rfind("。"), cut.rfind("；"))
    if end >= 30:
        return cut[: end + 1]
    return cut[: limit - 1] + "…"


def workday(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the next working day (official calendar)."""
    return day if workdays.is_workday(day) else workdays.add_workdays(day, 1)


def add_workdays(day: dt.date, n: int) -> dt.date:
    """Demo dates are counted on the one working-day calendar, like every deadline."""
    return workdays.add_workdays(day, n)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class Builder:
    """Collects the specs; deterministic for a given seed so re-runs produce the same titles."""

    def __init__(self, *, today: dt.date, seed: int = 20160624):
        self.rng = random.Random(seed)
        self.today = today
        self.specs: list[ItemSpec] = []
        self._doc_serial: dict[tuple[str, int], int] = {("nongfa", 2016): 5}  # 坊农发〔2016〕5号 is the seed plan
        self._norm_serial: dict[int, int] = {}

    # -- randomness -------------------------------------------------------------------------
    def pick(self, seq):
        return self.rng.choice(seq)

    def sample(self, seq, k: int) -> list:
        return self.rng.sample(list(seq), k)

    def num(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def money(self, lo: float, hi: float) -> float:
        return round(self.rng.uniform(lo, hi), 2)

    def day(self, year: int, month: int, lo: int = 1, hi: int = 28) -> dt.date:
        return workday(dt.date(year, month, self.rng.randint(lo, hi)))

    def time(self) -> tuple[int, int]:
        return (self.rng.choice((8, 9, 10, 11, 14, 15, 16, 17)), self.rng.randrange(0, 60))

    # -- numbering --------------------------------------------------------------------------
    def doc_number(self, agency: str, year: int) -> str:
        key = (agency, year)
        self._doc_serial[key] = self._doc_serial.get(key, 0) + self.rng.randint(1, 4)
        return f"{AGENCY_BY_SLUG[agency].doc_prefix}〔{year}〕{self._doc_serial[key]}号"

    def norm_number(self, year: int) -> str:
        """Normative documents are numbered district-wide (统一编号), e.g. 坊规〔2026〕001."""
        self._norm_serial[year] = self._norm_serial.get(year, 0) + self.rng.randint(1, 3)
        return f"坊规〔{year}〕{self._norm_serial[year]:03d}"

    # -- collecting -------------------------------------------------------------------------
    def add(self, **kwargs) -> ItemSpec:
        kwargs.setdefault("time", self.time())
        spec = ItemSpec(**kwargs)
        self.specs.append(spec)
        return spec
