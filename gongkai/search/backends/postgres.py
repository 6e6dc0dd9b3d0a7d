"""PostgreSQL: tsvector columns built from the same tokens ('simple' lexemes, never re-parsed), GIN-indexed.

The tsvectors and tsqueries are written as literals, so PostgreSQL's own parser (which cannot
split Chinese) never sees the text: each jieba token is one lexeme, positions are token
positions, and the weight says where the token stood (A title, B keywords/document number/agency,
C body, D attachments). Two more things keep searches off the toasted vectors, whose reading
costs microseconds per row:

- `tsv_title` (the title alone, small enough to stay in the row) answers "every word in the title";
- `tsv` also holds, without positions, each pair of adjacent tokens ("申请|公开"), so a quoted
  phrase is first narrowed by the index to the items that have all its pairs, and only those are
  checked for the exact run.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from ..documents import Entry
from ..query import Clause, ParsedQuery
from ..text import is_word
from .base import DOC_TABLE, Answer, Backend, Filters, SearchSpec

DDL = [
    f"ALTER TABLE {DOC_TABLE} ADD COLUMN IF NOT EXISTS tsv tsvector",
    f"ALTER TABLE {DOC_TABLE} ADD COLUMN IF NOT EXISTS tsv_title tsvector",
    f"CREATE INDEX IF NOT EXISTS search_doc_tsv ON {DOC_TABLE} USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS search_doc_tsv_title ON {DOC_TABLE} USING gin (tsv_title)",
]
DROP = [
    "DROP INDEX IF EXISTS search_doc_tsv",
    "DROP INDEX IF EXISTS search_doc_tsv_title",
    f"ALTER TABLE {DOC_TABLE} DROP COLUMN IF EXISTS tsv",
    f"ALTER TABLE {DOC_TABLE} DROP COLUMN IF EXISTS tsv_title",
]
# Weights of D, C, B, A (attachments, body, meta, title); normalisation 1 divides by 1 + log(length).
RANK = "ts_rank('{0.05, 0.2, 0.5, 1.0}', d.tsv, q.query, 1)"
MAX_POSITION = 16383  # PostgreSQL's limit; later tokens share the last position
MAX_POSITIONS_PER_LEXEME = 255
MAX_LEXEME_CHARS = 100  # PostgreSQL allows 2 kB; longer tokens are cut alike in documents and queries
PAIR = "|"  # never inside a jieba token


def _lexeme(token: str) -> str:
    return "'" + token[:MAX_LEXEME_CHARS].replace("\\", "\\\\").replace("'", "''") + "'"


def _vector(fields) -> tuple[str, str]:
    """(positions and weights of the tokens, position-free adjacent pairs) as tsvector text."""
    positions: dict[str, list[str]] = {}
    pairs: set[str] = set()
    pos = 0
    for tokens, weight in fields:
        previous = None
        for token in tokens:
            if not is_word(token):
                continue
            pos = min(pos + 1, MAX_POSITION)
            found = positions.get(token)
            if found is None:
                positions[token] = [f"{pos}{weight}"]
            elif len(found) < MAX_POSITIONS_PER_LEXEME:
                found.append(f"{pos}{weight}")
            if previous is not None:
                pairs.add(previous + PAIR + token)
            previous = token
    words = " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())
    return words, " ".join(_lexeme(p) for p in pairs)


def tsvector_literal(entry: Entry) -> str:
    words, pairs = _vector(((entry.title, "A"), (entry.meta, "B"), (entry.body, "C"), (entry.attachments, "D")))
    return f"{words} {pairs}"


def title_literal(entry: Entry) -> str:
    return _vector(((entry.title, "A"),))[0]


def _clause(clause: Clause, *, pairs: bool) -> str:
    alts = []
    for tokens in clause.alternatives:
        if clause.kind == "phrase":
            run = " <-> ".join(_lexeme(t) for t in tokens)
            narrowing = [_lexeme(a + PAIR + b) for a, b in zip(tokens, tokens[1:], strict=False)] if pairs else []
            alts.append("(" + " & ".join([*narrowing, f"({run})"]) + ")")
        else:
            alts.append("(" + " & ".join(_lexeme(t) for t in tokens) + ")")
    return "(" + " | ".join(alts) + ")"


def tsquery_literal(query: ParsedQuery, *, pairs: bool = True) -> str:
    """The words, without the excluded ones (pairs: also require the adjacent pairs of each phrase,
    which only `tsv` has)."""
    expr = " & ".join(_clause(c, pairs=pairs) for c in query.must)
    for clause in query.must_not:
        expr = f"({expr}) & !{_clause(clause, pairs=False)}"
    return expr


class PostgresBackend(Backend):
    vendor = "postgresql"
    # Ranking reads each match's vector (toasted): keep it to fewer matches than on SQLite.
    rank_limit = 1000

    def ensure_schema(self) -> bool:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT (SELECT COUNT(*) FROM information_schema.columns WHERE table_name = %s "
                "AND column_name IN ('tsv', 'tsv_title')), "
                "(SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('search_doc_tsv', 'search_doc_tsv_title'))",
                [DOC_TABLE],
            )
            columns, indexes = cur.fetchone()
            if columns == 2 and indexes == 2:
                return False
            self._ddl(cur, DDL)
            return columns < 2

    def reset(self) -> None:
        with connection.cursor() as cur:
            self._ddl(cur, [*DROP, *DDL])

    @staticmethod
    def _ddl(cur, statements: list[str]) -> None:
        # Django's foreign keys are deferred: inside a transaction that wrote rows, ALTER TABLE is
        # refused while their checks are pending, so run the checks now and defer again after.
        in_transaction = connection.in_atomic_block
        if in_transaction:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cur.execute(sql)
        if in_transaction:
            cur.execute("SET CONSTRAINTS ALL DEFERRED")

    def is_damaged(self, *, thorough: bool = False) -> bool:
        try:
            with connection.cursor() as cur:
                cur.execute(f"SELECT COUNT(*) FROM {DOC_TABLE} WHERE tsv IS NULL OR tsv_title IS NULL")
                missing = cur.fetchone()[0]
                cur.execute(
                    "SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('search_doc_tsv', 'search_doc_tsv_title')"
                )
                indexed = cur.fetchone()[0] == 2
        except Exception:
            return True
        return bool(missing) or not indexed

    def write_tokens(self, entries: list[Entry]) -> None:
        with connection.cursor() as cur:
            cur.executemany(
                f"UPDATE {DOC_TABLE} SET tsv = %s::tsvector, tsv_title = %s::tsvector WHERE item_id = %s",
                [(tsvector_literal(e), title_literal(e), e.doc.item_id) for e in entries],
            )

    def delete_tokens(self, item_ids: Sequence[int]) -> None:
        pass  # the tokens live in the document row

    # --- reads --------------------------------------------------------------------------------

    def answer(self, spec: SearchSpec, *, facets: bool = True) -> Answer:
        # The planner takes a sequential scan for a word in most items, reading every toasted
        # vector (seconds); the GIN bitmap answers such a count from the index alone.
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
            return self._answer(spec, facets=facets)

    def _answer(self, spec: SearchSpec, *, facets: bool) -> Answer:
        query, filters = spec.query, spec.filters
        if not query.needs_text_match:
            return self._plain_answer(spec, facets=facets)
        wide = filters.for_facets()
        # One pass over the index gives the exact facets, and the count under every filter.
        rows = self.facet_rows(query, wide)
        wide_total = sum(r[3] for r in rows)
        count = sum(r[3] for r in rows if filters.admits(r))
        answer = Answer(count, facet_rows=rows if facets else [])
        if not count:
            return answer
        if wide_total <= self.rank_limit:
            answer.ids = self._ranked_page(spec)
        else:
            answer.ids = self._newest_page(spec, count)
        return answer

    def _ranked_page(self, spec: SearchSpec) -> list[int]:
        kept = [r for r in self.all_matches(spec.query, spec.filters)]
        if spec.sort == "date":
            kept.sort(key=lambda r: r[1], reverse=True)
        else:
            kept.sort(key=lambda r: (-r[2], -r[1]))
        ids = [r[0] for r in kept]
        if spec.sort != "date":
            ids = self.adjacent_first(spec.query, ids)
        return ids[spec.offset : spec.offset + spec.limit]

    def _where(self, query: ParsedQuery, filters: Filters, *, tier: str = "") -> tuple[str, list]:
        where, params = self.filter_sql(filters, query)
        if tier == "title":
            return f"d.tsv_title @@ %s::tsquery {where}", [tsquery_literal(query, pairs=False), *params]
        if tier == "rest":
            return (
                f"d.tsv @@ %s::tsquery AND NOT d.tsv_title @@ %s::tsquery {where}",
                [tsquery_literal(query), tsquery_literal(query, pairs=False), *params],
            )
        return f"d.tsv @@ %s::tsquery {where}", [tsquery_literal(query), *params]

    def count(self, query: ParsedQuery, filters: Filters, *, tier: str = "") -> int:
        if not query.needs_text_match:
            return self._plain_count(query, filters)
        where, params = self._where(query, filters, tier=tier)
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(f"SELECT COUNT(*) FROM {DOC_TABLE} d WHERE {where}", params)
            return cur.fetchone()[0]

    def facet_rows(self, query: ParsedQuery, filters: Filters) -> list[tuple]:
        where, params = self._where(query, filters)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT d.column_id, d.agency_id, d.year, COUNT(*) FROM {DOC_TABLE} d WHERE {where} "
                "GROUP BY d.column_id, d.agency_id, d.year",
                params,
            )
            return cur.fetchall()

    def all_matches(self, query: ParsedQuery, filters: Filters) -> list[tuple]:
        where, params = self._where(query, filters)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT d.item_id, d.sort_key, {RANK}, d.column_id, d.agency_id, d.year "
                f"FROM {DOC_TABLE} d, (SELECT %s::tsquery AS query) q WHERE {where}",
                [tsquery_literal(query, pairs=False), *params],
            )
            return cur.fetchall()

    def newest(self, query: ParsedQuery, filters: Filters, *, tier: str, limit: int, offset: int) -> list[int]:
        where, params = self._where(query, filters, tier=tier)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT d.item_id FROM {DOC_TABLE} d WHERE {where} ORDER BY d.sort_key DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [r[0] for r in cur.fetchall()]

    def sampled_facets(self, query: ParsedQuery, filters: Filters, factor: int) -> list[tuple]:
        return self.facet_rows(query, filters)  # exact: one index pass is cheap here
