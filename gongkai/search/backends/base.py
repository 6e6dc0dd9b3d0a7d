"""What a search backend does, and the SQL that is the same on both databases.

`answer()` gives the count, one page and the facet counts of a search:

- When at most RANK_LIMIT items match (under the topic and validity filters; divided by the
  number of words of the query, see rank_limit_for), every match is read once, with its
  relevance score and facet values: the count, the facets and the ranking (title above body,
  then newest; then, among the best RERANK_WINDOW, items where each term stands as written) all
  come from those rows.
- Beyond that, ranking every match (bm25, ts_rank) would cost about a microsecond per match, too
  much for a word in most of 100,000 items. Relevance is then judged by where the words stand:
  items with every word in the title first, then the rest, each newest first (the spec's "title
  and recent items first at equal relevance"), which the indexes answer without reading every
  match; the count stays exact and the facets are counted on a sample of about
  FACET_EXACT_LIMIT matches (shown as approximate).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.db import connection, transaction

from ..documents import Entry
from ..models import SearchDocument, SearchText
from ..query import ParsedQuery
from ..text import fold, needs_folding

DOC_TABLE = SearchDocument._meta.db_table
_DOC_FIELDS = [f.name for f in SearchDocument._meta.concrete_fields if f.name != "item"]

RANK_LIMIT = 2000  # for a query of one word (rank_limit_for); 3000 cost bench/load about 0.8 ms more a search
FACET_EXACT_LIMIT = 2000
RERANK_WINDOW = 50


@dataclass
class Answer:
    count: int
    ids: list[int] = field(default_factory=list)  # one page, best first
    # (column_id, agency_id, year, count) under the topic and validity filters only (see Filters.for_facets)
    facet_rows: list[tuple] = field(default_factory=list)
    facet_factor: int = 1  # k: counted on one match in k


@dataclass(frozen=True)
class Filters:
    """Restrictions on the result set; None means no restriction."""

    column_ids: frozenset[int] | None = None
    topic_ids: frozenset[int] | None = None
    agency_ids: frozenset[int] | None = None
    year_from: int | None = None
    year_to: int | None = None
    validity: str | None = None

    def admits(self, row: Sequence, *, skip: str = "") -> bool:
        """Whether (column, agency, year, …) passes the column, agency and year filters but `skip`."""
        column_id, agency_id, year = row[:3]
        if skip != "column" and self.column_ids is not None and column_id not in self.column_ids:
            return False
        if skip != "agency" and self.agency_ids is not None and agency_id not in self.agency_ids:
            return False
        if skip != "year":
            if self.year_from is not None and year < self.year_from:
                return False
            if self.year_to is not None and year > self.year_to:
                return False
        return True

    def admits_all(self) -> bool:
        """Whether `admits` is true of every row (no column, agency or year filter)."""
        return self.column_ids is None and self.agency_ids is None and self.year_from is None and self.year_to is None

    def for_facets(self) -> Filters:
        """The filters the facet rows are counted under: topic and validity (the others are applied
        to the rows, so that each facet can show its values as if its own filter were not set)."""
        return Filters(topic_ids=self.topic_ids, validity=self.validity)

    def without(self, name: str) -> Filters:
        """These filters with one removed: "column", "topic", "agency", "year" or "validity"."""
        fields = {
            "column": ["column_ids"],
            "topic": ["topic_ids"],
            "agency": ["agency_ids"],
            "year": ["year_from", "year_to"],
            "validity": ["validity"],
        }[name]
        return replace(self, **dict.fromkeys(fields))


@dataclass(frozen=True)
class SearchSpec:
    query: ParsedQuery
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"  # or "date"
    offset: int = 0
    limit: int = 10


class Backend:
    """Keeps the token index beside SearchDocument and answers queries against both."""

    vendor = ""
    rank_limit = RANK_LIMIT
    facet_exact_limit = FACET_EXACT_LIMIT

    # --- schema -------------------------------------------------------------------------------
    def ensure_schema(self) -> bool:
        """Create the token index if it is missing; True if it had to be created."""
        raise NotImplementedError

    def is_damaged(self, *, thorough: bool = False) -> bool:
        """Whether the token index is missing, corrupt or out of step with the documents."""
        raise NotImplementedError

    def reset(self) -> None:
        """Drop and recreate the token index, empty."""
        raise NotImplementedError

    def clear_if_orphaned(self) -> None:
        """Empty the backend's own tables when the document table is empty (after a test flush)."""

    # --- writes (inside the caller's transaction) ----------------------------------------------
    def write(self, entries: list[Entry]) -> None:
        """Insert or replace the documents and their tokens."""
        if not entries:
            return
        self.delete_tokens([e.doc.item_id for e in entries])
        SearchDocument.objects.bulk_create(
            [e.doc for e in entries], update_conflicts=True, unique_fields=["item"], update_fields=_DOC_FIELDS
        )
        SearchText.objects.bulk_create(
            [e.text for e in entries],
            update_conflicts=True,
            unique_fields=["document"],
            update_fields=["body", "attachments"],
        )
        self.write_tokens(entries)

    def write_tokens(self, entries: list[Entry]) -> None:
        raise NotImplementedError

    def prepare(self, entry: Entry) -> Entry:
        """Turn the tokens into what write_tokens sends to the database (run ahead, in the
        reindex worker thread, so that the writing thread only writes)."""
        return entry

    def delete(self, item_ids: Sequence[int]) -> None:
        """Remove items from the index (no error for items not in it)."""
        if not item_ids:
            return
        self.delete_tokens(item_ids)
        SearchText.objects.filter(document_id__in=list(item_ids)).delete()
        SearchDocument.objects.filter(item_id__in=list(item_ids)).delete()

    def delete_tokens(self, item_ids: Sequence[int]) -> None:
        """Drop the tokens of these items (called before their document rows change or go)."""
        raise NotImplementedError

    # --- reads --------------------------------------------------------------------------------
    def answer(self, spec: SearchSpec, *, facets: bool = True) -> Answer:
        """Count, one page of item ids and the facet rows of a search."""
        query, filters = spec.query, spec.filters
        if not query.needs_text_match:
            return self._plain_answer(spec, facets=facets)
        wide = filters.for_facets()
        wide_total = self.count(query, wide)
        if wide_total <= self.rank_limit_for(query):
            # Few enough to read every match once: count, facets and ranking from the same rows.
            rows = self.all_matches(query, wide)
            kept = list(rows) if filters.admits_all() else [r for r in rows if filters.admits(r[3:])]
            if spec.sort == "date":
                kept.sort(key=lambda r: r[1], reverse=True)
            else:
                kept.sort(key=lambda r: (-r[2], -r[1]))
            ids = [r[0] for r in kept]
            if spec.sort != "date":
                ids = self.adjacent_first(query, ids)
            tally = Counter(r[3:] for r in rows)
            return Answer(len(kept), ids[spec.offset : spec.offset + spec.limit], [(*k, n) for k, n in tally.items()])
        count = wide_total if filters == wide else self.count(query, filters)
        answer = Answer(count)
        if count:
            answer.ids = self._newest_page(spec, count)
        if facets:
            factor = self.sample_factor(wide_total)
            answer.facet_rows, answer.facet_factor = self.sampled_facets(query, wide, factor), factor
        return answer

    def rank_limit_for(self, query: ParsedQuery) -> int:
        """The most matches of this query ranked one by one. Scoring a match costs the more, the
        more words of the query it holds (on SQLite about 1.2 µs a match for one word, 8 µs for
        four): a query of n words ranks up to rank_limit / n matches."""
        words = sum(len(alt) if clause.kind == "words" else 1 for clause in query.must for alt in clause.alternatives)
        return self.rank_limit // max(1, words)

    def _newest_page(self, spec: SearchSpec, count: int) -> list[int]:
        """Too many matches to rank: for relevance, items with every word in the title first, then
        the rest, each tier newest first; for date, newest first. The indexes answer this without
        reading every match."""
        query, filters = spec.query, spec.filters
        if spec.sort == "date":
            return self.newest(query, filters, tier="", limit=spec.limit, offset=spec.offset)
        ids = self.newest(query, filters, tier="title", limit=spec.limit, offset=spec.offset)
        if len(ids) < spec.limit:
            # the title tier ended on this page (or before it: only then is it counted)
            in_title = spec.offset + len(ids) if ids or not spec.offset else self.count(query, filters, tier="title")
            ids += self.newest(
                query, filters, tier="rest", limit=spec.limit - len(ids), offset=max(0, spec.offset - in_title)
            )
        return ids

    def adjacent_first(self, query: ParsedQuery, ids: list[int]) -> list[int]:
        """Among the best RERANK_WINDOW, items where each unquoted term stands as written (综合开发,
        not 综合…开发) come first, in their order."""
        terms = [c.text for c in query.must if c.adjacent]
        if not terms or len(ids) < 2:
            return ids
        head = ids[:RERANK_WINDOW]
        texts = {
            item_id: f"{title}\n{body}"
            for item_id, title, body in SearchText.objects.filter(document_id__in=head).values_list(
                "document_id", "document__title", "body"
            )
        }

        fold_texts = needs_folding(terms)

        def stands_as_written(item_id: int) -> bool:
            text = texts.get(item_id, "")
            # fold maps character to character and the terms are folded, so a term found in the
            # text as stored is also in its folded form: fold (a long body) only when one is not,
            # and never for Chinese words, which folding leaves as they are.
            return all(t in text for t in terms) or (fold_texts and all(t in fold(text) for t in terms))

        together = [i for i in head if stands_as_written(i)]
        first = set(together)
        apart = [i for i in head if i not in first]
        return together + apart + ids[RERANK_WINDOW:]

    def count(self, query: ParsedQuery, filters: Filters, *, tier: str = "") -> int:
        """The exact number of matches under the filters (tier "title": with every word in the title)."""
        raise NotImplementedError

    def all_matches(self, query: ParsedQuery, filters: Filters) -> list[tuple]:
        """Every match: (item_id, newest-first key, relevance score (higher is better), column_id, agency_id, year)."""
        raise NotImplementedError

    def newest(self, query: ParsedQuery, filters: Filters, *, tier: str, limit: int, offset: int) -> list[int]:
        """Item ids of matches newest first; tier "title" (every word in the title), "rest" or "" (all)."""
        raise NotImplementedError

    def sampled_facets(self, query: ParsedQuery, filters: Filters, factor: int) -> list[tuple]:
        """(column_id, agency_id, year, count) over one match in `factor` (by item id)."""
        raise NotImplementedError

    # --- helpers ------------------------------------------------------------------------------
    def sample_factor(self, total: int) -> int:
        factor = 1
        while total / factor > self.facet_exact_limit:
            factor *= 2
        return factor

    @staticmethod
    def filter_sql(filters: Filters, query: ParsedQuery, alias: str = "d") -> tuple[str, list]:
        """WHERE conditions on the document table (each prefixed with AND)."""
        sql, params = [], []

        def ids(name: str, values: frozenset[int] | None) -> None:
            if values is None:
                return
            if not values:
                sql.append("AND 1 = 0")
                return
            sql.append(f"AND {alias}.{name} IN ({', '.join(['%s'] * len(values))})")
            params.extend(sorted(values))

        ids("column_id", filters.column_ids)
        ids("topic_id", filters.topic_ids)
        ids("agency_id", filters.agency_ids)
        if filters.year_from is not None:
            sql.append(f"AND {alias}.year >= %s")
            params.append(filters.year_from)
        if filters.year_to is not None:
            sql.append(f"AND {alias}.year <= %s")
            params.append(filters.year_to)
        if filters.validity:
            sql.append(f"AND {alias}.validity = %s")
            params.append(filters.validity)
        if query.index_numbers:
            sql.append(f"AND {alias}.index_number IN ({', '.join(['%s'] * len(query.index_numbers))})")
            params.extend(query.index_numbers)
        return " ".join(sql), params

    def _plain_count(self, query: ParsedQuery, filters: Filters) -> int:
        where, params = self.filter_sql(filters, query)
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {DOC_TABLE} d WHERE 1 = 1 {where}", params)
            return cur.fetchone()[0]

    def _plain_answer(self, spec: SearchSpec, *, facets: bool) -> Answer:
        """Searches without words (index numbers alone) read the document table only."""
        where, params = self.filter_sql(spec.filters, spec.query)
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {DOC_TABLE} d WHERE 1 = 1 {where}", params)
            answer = Answer(cur.fetchone()[0])
            cur.execute(
                f"SELECT d.item_id FROM {DOC_TABLE} d WHERE 1 = 1 {where} "
                "ORDER BY d.published_at DESC, d.item_id DESC LIMIT %s OFFSET %s",
                [*params, spec.limit, spec.offset],
            )
            answer.ids = [r[0] for r in cur.fetchall()]
            if facets:
                where, params = self.filter_sql(spec.filters.for_facets(), spec.query)
                cur.execute(
                    f"SELECT d.column_id, d.agency_id, d.year, COUNT(*) FROM {DOC_TABLE} d WHERE 1 = 1 {where} "
                    "GROUP BY d.column_id, d.agency_id, d.year",
                    params,
                )
                answer.facet_rows = cur.fetchall()
        return answer


def guarded(fn):
    """Run a read so that a database error does not break an enclosing transaction (PostgreSQL)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with transaction.atomic():
            return fn()
    return fn()
