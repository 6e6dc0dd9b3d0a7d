"""Reads: the public search, its facets and suggestions. The public sees published, proactively
disclosed items only, because nothing else is ever in the index."""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from dataclasses import dataclass, field, replace

from django.db import DatabaseError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from gongkai.core.models import Agency
from gongkai.disclosures.models import CatalogColumn, Topic, Validity

from . import highlight
from .backends import Filters, SearchSpec, get_backend
from .backends.base import guarded
from .models import PopularSearch, SearchDocument, SynonymGroup
from .query import ParsedQuery, parse
from .segmenter import get_segmenter

logger = logging.getLogger("gongkai.search")

PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_PAGES = 100  # deeper pages are not served: narrow the search instead
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class SearchParams:
    """What the visitor asked for, as given in the URL (unknown filter values are ignored)."""

    q: str = ""
    column: str = ""  # catalogue column slug (its sub-columns included)
    topic: str = ""  # topic code (its sub-topics included)
    agency: str = ""  # agency id or slug
    year_from: int | None = None
    year_to: int | None = None
    validity: str = ""
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    def without(self, name: str) -> SearchParams:
        """These parameters with one filter removed (year removes both ends) and page 1."""
        if name == "year":
            return replace(self, year_from=None, year_to=None, page=1)
        return replace(self, **{name: ""}, page=1)


@dataclass
class Hit:
    item_id: int
    title: str
    title_html: SafeString
    url: str
    snippet: SafeString
    index_number: str
    document_number: str
    agency: str
    column: str
    published_at: dt.datetime
    validity: str

    @property
    def published_on(self) -> str:
        """The publication date in the site's time zone, as YYYY-MM-DD."""
        return timezone.localtime(self.published_at).date().isoformat()


@dataclass
class FacetValue:
    value: str  # the URL parameter value
    label: str
    count: int
    selected: bool


@dataclass
class Relaxation:
    """An active filter, and how many results there would be without it."""

    name: str
    label: str
    count: int
    params: SearchParams


@dataclass
class SearchResults:
    params: SearchParams
    query: ParsedQuery
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    relaxations: list[Relaxation] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    facets_approximate: bool = False  # counted on a sample of a very large result set
    degraded: bool = False  # the token index was unavailable; a plain scan answered

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGES, max(1, math.ceil(self.count / self.params.page_size)))


# --- reference data (small tables, cached briefly per process) ----------------------------------

_cache_lock = threading.Lock()
_cache: dict[str, tuple[float, object]] = {}
CACHE_SECONDS = 30.0


def _cached(key: str, load):
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    value = load()
    with _cache_lock:
        _cache[key] = (now, value)
    return value


def clear_caches() -> None:
    """Forget cached synonyms and catalogue (after staff edited them in this process; in tests)."""
    with _cache_lock:
        _cache.clear()


def synonym_map() -> dict[str, tuple[str, ...]]:
    """Folded word → its synonym group, for the active groups."""
    from .text import fold

    def load():
        mapping: dict[str, tuple[str, ...]] = {}
        for group in SynonymGroup.objects.filter(active=True):
            words = tuple(dict.fromkeys(fold(w) for w in group.word_list() if len(w) >= 2))
            if len(words) < 2:
                continue
            for w in words:
                mapping[w] = tuple(dict.fromkeys((*mapping.get(w, ()), *words)))
        return mapping

    return _cached("synonyms", load)


@dataclass(frozen=True)
class _Reference:
    columns: dict[int, CatalogColumn]
    column_by_slug: dict[str, CatalogColumn]
    topics: dict[int, Topic]
    topic_by_code: dict[str, Topic]
    agencies: dict[int, Agency]
    agency_by_slug: dict[str, Agency]

    def below(self, nodes: dict, root_id: int) -> frozenset[int]:
        ids, frontier = {root_id}, [root_id]
        while frontier:
            frontier = [n.pk for n in nodes.values() if n.parent_id in frontier and n.pk not in ids]
            ids.update(frontier)
        return frozenset(ids)


def _reference() -> _Reference:
    def load():
        columns = {c.pk: c for c in CatalogColumn.objects.all()}
        topics = {t.pk: t for t in Topic.objects.all()}
        agencies = {a.pk: a for a in Agency.objects.only("pk", "name", "short_name", "slug", "parent_id", "sort_order")}
        return _Reference(
            columns,
            {c.slug: c for c in columns.values()},
            topics,
            {t.code: t for t in topics.values()},
            agencies,
            {a.slug: a for a in agencies.values()},
        )

    return _cached("reference", load)


def _filters(params: SearchParams, ref: _Reference) -> Filters:
    column = ref.column_by_slug.get(params.column) if params.column else None
    topic = ref.topic_by_code.get(params.topic) if params.topic else None
    agency = None
    if params.agency:
        agency = (
            ref.agencies.get(int(params.agency)) if params.agency.isdigit() else ref.agency_by_slug.get(params.agency)
        )
    return Filters(
        column_ids=ref.below(ref.columns, column.pk) if column else None,
        topic_ids=ref.below(ref.topics, topic.pk) if topic else None,
        agency_ids=frozenset({agency.pk}) if agency else None,
        year_from=params.year_from,
        year_to=params.year_to,
        validity=params.validity if params.validity in Validity.values else None,
    )


# --- the search ---------------------------------------------------------------------------------


def agency_names() -> dict[str, str]:
    """Folded full and short names of agencies → the token their items are indexed under."""
    from .documents import agency_token
    from .text import fold

    def load():
        mapping: dict[str, str] = {}
        for name, short in Agency.objects.values_list("name", "short_name"):
            token = agency_token(name)
            for n in (name, short):
                if n and len(n) >= 2 and token:
                    mapping[fold(n)] = token
        return mapping

    return _cached("agency_names", load)


def parse_query(q: str) -> ParsedQuery:
    """The visitor's query as clauses, segmented, with synonyms and agency names."""
    return parse(q, segmenter=get_segmenter(), synonyms=synonym_map(), names=agency_names())


def search_public(params: SearchParams, *, facets: bool = True) -> SearchResults:
    """One page of public search results with highlighted snippets, facet counts and, when
    nothing is found, suggestions and the filters to relax."""
    query = parse_query(params.q)
    results = SearchResults(params=params, query=query)
    if query.is_empty:
        return results
    ref = _reference()
    filters = _filters(params, ref)
    backend = get_backend()
    page = min(max(1, params.page), MAX_PAGES)
    spec = SearchSpec(
        query=query,
        filters=filters,
        sort=params.sort if params.sort in SORTS else "relevance",
        offset=(page - 1) * params.page_size,
        limit=params.page_size,
    )
    try:
        answer = guarded(lambda: backend.answer(spec, facets=facets))
        results.count, ids = answer.count, answer.ids
        if facets and results.count:
            results.facets = _facets(answer.facet_rows, answer.facet_factor, filters, params, ref)
            results.facets_approximate = answer.facet_factor > 1
        if not results.count:
            results.relaxations = _relaxations(backend, query, filters, params, ref)
    except DatabaseError:
        logger.exception("search index unavailable; answering with a plain scan and scheduling a repair")
        _schedule_repair()
        return _fallback(results, spec)
    results.hits = _hits(ids, query, ref)
    if not results.count:
        results.suggestions = suggestions_for(query)
    return results


def _hits(ids: list[int], query: ParsedQuery, ref: _Reference) -> list[Hit]:
    if not ids:
        return []
    fields = ("item_id", "title", "text__body", "text__attachments", "keywords", "doc_number", "index_number",
              "agency_name", "column_id", "published_at", "validity")  # fmt: skip
    # Plain rows, not model instances: only these fields are shown.
    docs = {row[0]: row for row in SearchDocument.objects.filter(item_id__in=ids).values_list(*fields)}
    terms = query.highlight_terms()
    # One reverse for the page: every item URL is the same pattern with another id.
    placeholder = 987654321
    url_head, _, url_tail = reverse("disclosures:item", kwargs={"pk": placeholder}).partition(str(placeholder))
    hits = []
    for item_id in ids:
        row = docs.get(item_id)
        if row is None:
            continue
        (_id, title, body, attachments, keywords, doc_number, index_number, agency_name, column_id, published_at,
         validity) = row  # fmt: skip
        column = ref.columns.get(column_id)
        hits.append(
            Hit(
                item_id=item_id,
                title=title,
                title_html=highlight.highlight(title, terms),
                url=f"{url_head}{item_id}{url_tail}",
                snippet=highlight.snippet(
                    [body, attachments, "　".join(x for x in (keywords, doc_number) if x)],
                    terms,
                ),
                index_number=index_number,
                document_number=doc_number,
                agency=agency_name,
                column=column.name if column else "",
                published_at=published_at,
                validity=validity,
            )
        )
    return hits


def _facets(rows, factor: int, filters: Filters, params: SearchParams, ref: _Reference) -> dict[str, list[FacetValue]]:
    """Counts per column, agency and year; each ignores its own filter, so the other values stay
    visible (rows counted on one match in `factor` are scaled up)."""

    # One pass over the rows: each row is tested once per filter, and counts for a facet when the
    # other two filters admit it (what Filters.admits(row, skip=facet) answers, without a call per row and facet).
    columns, agencies = filters.column_ids, filters.agency_ids
    year_from, year_to = filters.year_from, filters.year_to
    by_column: dict[int, int] = {}
    by_agency: dict[int, int] = {}
    by_year: dict[int, int] = {}
    for column_id, agency_id, year, n in rows:
        column_ok = columns is None or column_id in columns
        agency_ok = agencies is None or agency_id in agencies
        year_ok = (year_from is None or year >= year_from) and (year_to is None or year <= year_to)
        n *= factor
        if agency_ok and year_ok:
            by_column[column_id] = by_column.get(column_id, 0) + n
        if column_ok and year_ok:
            by_agency[agency_id] = by_agency.get(agency_id, 0) + n
        if column_ok and agency_ok:
            by_year[year] = by_year.get(year, 0) + n

    selected_agency = next(iter(filters.agency_ids)) if filters.agency_ids else None
    out: dict[str, list[FacetValue]] = {}
    out["column"] = [
        FacetValue(c.slug, c.name, by_column[c.pk], c.slug == params.column)
        for c in sorted((ref.columns[i] for i in by_column if i in ref.columns), key=lambda c: (c.sort_order, c.pk))
    ]
    out["agency"] = [
        FacetValue(str(a.pk), a.name, by_agency[a.pk], a.pk == selected_agency)
        for a in sorted((ref.agencies[i] for i in by_agency if i in ref.agencies), key=lambda a: (a.sort_order, a.pk))
    ]
    out["year"] = [
        FacetValue(str(y), f"{y}年", n, params.year_from == y and params.year_to == y)
        for y, n in sorted(by_year.items(), reverse=True)
    ]
    return out


def _relaxations(backend, query, filters: Filters, params: SearchParams, ref: _Reference) -> list[Relaxation]:
    """The active filters of a search that found nothing, each with the number of results without it."""
    active = []
    if filters.column_ids is not None and params.column in ref.column_by_slug:
        active.append(("column", f"栏目：{ref.column_by_slug[params.column].name}"))
    if filters.topic_ids is not None and params.topic in ref.topic_by_code:
        active.append(("topic", f"主题：{ref.topic_by_code[params.topic].name}"))
    if filters.agency_ids is not None:
        agency = ref.agencies.get(next(iter(filters.agency_ids)))
        active.append(("agency", f"发布机构：{agency.name if agency else ''}"))
    if filters.year_from is not None or filters.year_to is not None:
        span = f"{filters.year_from or '…'}–{filters.year_to or '…'}"
        if filters.year_from == filters.year_to:
            span = str(filters.year_from)
        active.append(("year", f"年份：{span}"))
    if filters.validity:
        active.append(("validity", f"有效性：{Validity(filters.validity).label}"))
    return [
        Relaxation(
            name, label, guarded(lambda name=name: backend.count(query, filters.without(name))), params.without(name)
        )
        for name, label in active
    ]


def suggestions_for(query: ParsedQuery, *, limit: int = 6) -> list[str]:
    """Searches to try when one found nothing: popular searches that share a word with it first,
    then the words of the query on their own when they find something."""
    wanted = {t for c in query.must for alt in c.alternatives for t in alt}
    scored = []
    for i, (text, tokens) in enumerate(_popular_tokens()):
        overlap = len(wanted & tokens) if wanted else 0
        scored.append((-overlap, i, text))
    out = [t for _o, _i, t in sorted(scored) if t.strip() != query.raw.strip()][:limit]
    if len(query.must) > 1:
        backend = get_backend()
        for clause in query.must:
            if len(out) >= limit + 2:
                break
            alone = ParsedQuery(raw=clause.text, must=(clause,))
            try:
                if guarded(lambda alone=alone: backend.count(alone, Filters())) and clause.text not in out:
                    out.insert(0, clause.text)
            except DatabaseError:
                break
    return out[: limit + 2]


POPULAR_LIMIT = 200


def _popular() -> list[str]:
    """The most searched queries that may be suggested, most popular first (cached briefly per process)."""

    def load():
        return list(
            PopularSearch.objects.filter(hidden=False, last_results__gt=0)
            .filter(Q(pinned=True) | Q(count__gte=3))
            .order_by("-pinned", "-count")
            .values_list("query", flat=True)[:POPULAR_LIMIT]
        )

    return _cached("popular", load)


def _popular_tokens() -> list[tuple[str, frozenset[str]]]:
    """The popular queries with their index tokens (segmenting 200 queries per search that found
    nothing cost milliseconds)."""
    popular = _popular()
    key = "popular_tokens"
    hit = _cache.get(key)
    if hit is not None and hit[1][0] is popular and hit[1][1] is get_segmenter():
        return hit[1][2]
    segmenter = get_segmenter()
    value = [(text, frozenset(segmenter.index_tokens(text))) for text in popular]
    with _cache_lock:
        _cache[key] = (time.monotonic(), (popular, segmenter, value))
    return value


def popular_searches(*, limit: int = 8) -> list[str]:
    """What people search for most (shown on the empty search page)."""
    return _popular()[:limit]


# --- degraded mode ------------------------------------------------------------------------------

_last_repair = 0.0


def _schedule_repair() -> None:
    """Ask the background worker to rebuild the index (at most once a minute per process)."""
    global _last_repair
    now = time.monotonic()
    if now - _last_repair < 60:
        return
    _last_repair = now
    try:
        from .tasks import repair_search_index

        repair_search_index()
    except Exception:
        logger.exception("could not schedule the search index repair")


def _fallback(results: SearchResults, spec: SearchSpec) -> SearchResults:
    """Answer from the document table without the token index: every word as a substring, newest first."""
    results.degraded = True
    try:
        qs = SearchDocument.objects.all()
        for clause in results.query.must:
            cond = Q()
            for alt_text in {clause.text, *("".join(a) for a in clause.alternatives if clause.kind == "phrase")}:
                cond |= (
                    Q(title__icontains=alt_text) | Q(text__body__icontains=alt_text) | Q(doc_number__icontains=alt_text)
                )
            qs = qs.filter(cond)
        if results.query.index_numbers:
            qs = qs.filter(index_number__in=results.query.index_numbers)
        f = spec.filters
        if f.column_ids is not None:
            qs = qs.filter(column_id__in=f.column_ids)
        if f.topic_ids is not None:
            qs = qs.filter(topic_id__in=f.topic_ids)
        if f.agency_ids is not None:
            qs = qs.filter(agency_id__in=f.agency_ids)
        if f.year_from is not None:
            qs = qs.filter(year__gte=f.year_from)
        if f.year_to is not None:
            qs = qs.filter(year__lte=f.year_to)
        if f.validity:
            qs = qs.filter(validity=f.validity)
        results.count = guarded(qs.count)
        ids = guarded(
            lambda: list(
                qs.order_by("-published_at", "-item_id").values_list("item_id", flat=True)[
                    spec.offset : spec.offset + spec.limit
                ]
            )
        )
        results.hits = _hits(ids, results.query, _reference())
    except DatabaseError:
        logger.exception("search unavailable even without the token index")
        results.count, results.hits = 0, []
    return results


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """Options of the filter form: (value, label), sub-columns and sub-topics indented under their parents
    (cached like the catalogue they are made of)."""
    return _cached("choices", _filter_choices)


def _filter_choices() -> dict[str, list[tuple[str, str]]]:
    ref = _reference()

    def tree(nodes: dict, value, label) -> list[tuple[str, str]]:
        children: dict[int | None, list] = {}
        for n in nodes.values():
            children.setdefault(n.parent_id, []).append(n)
        out: list[tuple[str, str]] = []

        def walk(parent_id, depth):
            for n in sorted(children.get(parent_id, []), key=lambda n: (n.sort_order, n.pk)):
                out.append((value(n), "　" * depth + label(n)))
                walk(n.pk, depth + 1)

        walk(None, 0)
        return out

    return {
        "column": tree(ref.columns, lambda c: c.slug, lambda c: c.name),
        "topic": tree(ref.topics, lambda t: t.code, lambda t: t.name),
        "agency": tree(ref.agencies, lambda a: str(a.pk), lambda a: a.name),
    }
