"""The search page's parameters, read leniently from the URL: a bad value is dropped, never an error."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote_plus

from .selectors import MAX_PAGE_SIZE, PAGE_SIZE, SORTS, SearchParams


def _int(value, low: int, high: int) -> int | None:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if low <= n <= high else None


def params_from(data: Mapping[str, str]) -> SearchParams:
    """SearchParams from a query string (the HTML page) or the API's validated arguments."""
    sort = (data.get("sort") or "relevance").strip()
    return SearchParams(
        q=(data.get("q") or "").strip()[:100],
        column=(data.get("column") or "").strip()[:60],
        topic=(data.get("topic") or "").strip()[:20],
        agency=(data.get("agency") or "").strip()[:40],
        year_from=_int(data.get("year_from"), 1949, 2100),
        year_to=_int(data.get("year_to"), 1949, 2100),
        validity=(data.get("validity") or "").strip()[:20],
        sort=sort if sort in SORTS else "relevance",
        page=_int(data.get("page"), 1, 10_000) or 1,
        page_size=_int(data.get("page_size"), 1, MAX_PAGE_SIZE) or PAGE_SIZE,
    )


def _pair(key: str, value) -> str:
    return "" if value in ("", None) else f"{key}={quote_plus(str(value))}"


class QueryStrings:
    """URL queries of one search's parameters with some changed (the links of a results page:
    facets, pages, sorts); each unchanged value is encoded once, not once per link."""

    def __init__(self, params: SearchParams):
        values = {
            "q": params.q,
            "column": params.column,
            "topic": params.topic,
            "agency": params.agency,
            "year_from": params.year_from,
            "year_to": params.year_to,
            "validity": params.validity,
            "sort": params.sort if params.sort != "relevance" else "",
            "page": params.page if params.page != 1 else "",
        }
        self.pairs = {k: _pair(k, v) for k, v in values.items()}

    def __call__(self, **changes) -> str:
        pairs = self.pairs
        if changes:
            pairs = {**pairs, **{k: _pair(k, v) for k, v in changes.items()}}
        return "&".join(p for p in pairs.values() if p)


def query_string(params: SearchParams, **changes) -> str:
    """The URL query of these parameters with some changed; empty and default values left out."""
    return QueryStrings(params)(**changes)
