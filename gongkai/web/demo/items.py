"""All demo items, as specs: the seed plan first, then the generated series, oldest first."""

from __future__ import annotations

import datetime as dt

from . import common, departments, nongfa, policies, seed_plan
from .agencies import AGENCIES, OFFICE, ROOT
from .base import Builder, ItemSpec

FIRST_YEAR = 2016
LAST_YEAR = 2026


def seed_plan_spec() -> ItemSpec:
    return ItemSpec(
        agency=OFFICE,
        title=seed_plan.TITLE,
        column=seed_plan.COLUMN,
        topic=seed_plan.TOPIC,
        blocks=[],
        html=seed_plan.body_html(),
        summary=seed_plan.summary(),
        published_on=seed_plan.PUBLISHED_ON,
        written_on=seed_plan.WRITTEN_ON,
        doc_number=seed_plan.DOC_NUMBER,
        validity="valid",
        keywords=seed_plan.KEYWORDS,
        time=(9, 30),
    )


def build_specs(today: dt.date) -> list[ItemSpec]:
    """The published demo items, deterministic for a given day.

    Items dated today or later are left out (a demo item is never published in the future), and so
    are the office's items dated before its plan: the plan is the office's first published item.
    """
    b = Builder(today=today)
    nongfa.build(b)
    departments.build(b)
    policies.policies(b)
    for a in AGENCIES:
        common.disclosure_guides(b, a.slug)
        # Annual reports and budgets: the district government and the office show every year;
        # the three departments the recent years only (the demo stays quick to load).
        first_report = {ROOT: FIRST_YEAR - 1, OFFICE: FIRST_YEAR}.get(a.slug, 2019)
        for year in range(first_report, LAST_YEAR):
            common.annual_report(b, a.slug, year)
        if a.slug == ROOT:
            continue
        first_accounts = FIRST_YEAR if a.slug == OFFICE else 2019
        for year in range(first_accounts, LAST_YEAR):
            common.final_accounts(b, a.slug, year)
        for year in range(first_accounts + 1, LAST_YEAR + 1):
            common.budget(b, a.slug, year)

    first = seed_plan_spec()
    kept = [
        s
        for s in b.specs
        if s.published_on < today
        and FIRST_YEAR <= s.published_on.year <= LAST_YEAR
        and not (s.agency == OFFICE and s.published_on <= first.published_on)
    ]
    kept.sort(key=lambda s: (s.published_at, s.agency, s.title))
    specs = [first, *kept]
    seen: set[tuple[str, str]] = set()
    for s in specs:
        key = (s.agency, s.title)
        if key in seen:  # pragma: no cover - a mistake in the demo data
            raise ValueError(f"duplicate demo title {key}")
        seen.add(key)
        if s.written_on and s.written_on > s.published_on:  # pragma: no cover
            raise ValueError(f"written after publication: {key}")
    return specs
