"""PostgreSQL: tsvector columns built from the same tokens ('simple' lexemes, never re-parsed), GIN-indexed.

The tsvectors and tsqueries are written as literals, so PostgreSQL's own parser (which cannot
split Chinese) never sees the text: each jieba token is one lexeme, positions are token
positions, and the weight says where the token stood (A title, B keywords/document number/agency,
C attachments, D body). Reading a toasted vector back costs microseconds per row, so the
searches are shaped to be answered from the GIN indexes: `search_pg_title` (the title alone)
answers "every word in the title", and only the matches of a quoted phrase (whose run must be
checked in the vector) or the few ranked ones read the vector itself. The vector and the facet
columns live in a narrow table of their own, `search_pg_index`, so that counting many matches
visits few pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from ..documents import Entry
from ..query import Clause, ParsedQuery
from ..text import is_word
from .base import DOC_TABLE, Answer, Backend, Filters, SearchSpec

# The matching runs on a narrow table of its own (what filters and facets need, and the vector):
# counting tens of thousands of matches visits a sixth of the pages the document table has.
INDEX_TABLE = "search_pg_index"
TITLE_TABLE = "search_pg_title"
DDL = [
    f"CREATE TABLE IF NOT EXISTS {INDEX_TABLE} (item_id bigint PRIMARY KEY, sort_key bigint NOT NULL, "
    "column_id bigint NOT NULL, agency_id bigint NOT NULL, topic_id bigint NOT NULL, year smallint NOT NULL, "
    "validity varchar(20) NOT NULL, tsv tsvector NOT NULL)",
    # Stored out of line but not compressed: cheaper to write and to read back for ranking.
    f"ALTER TABLE {INDEX_TABLE} ALTER COLUMN tsv SET STORAGE EXTERNAL",
    f"CREATE TABLE IF NOT EXISTS {TITLE_TABLE} (item_id bigint PRIMARY KEY, tsv tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS search_pg_index_tsv ON {INDEX_TABLE} USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS search_pg_title_tsv ON {TITLE_TABLE} USING gin (tsv)",
]
DROP = [f"DROP TABLE IF EXISTS {INDEX_TABLE}", f"DROP TABLE IF EXISTS {TITLE_TABLE}"]
# Weights of D, C, B, A (body, attachments, meta, title); normalisation 1 divides by 1 + log(length).
RANK = "ts_rank('{0.2, 0.05, 0.5, 1.0}', i.tsv, q.query, 1)"
MAX_POSITION = 16383  # PostgreSQL's limit; later tokens share the last position
MAX_POSITIONS_PER_LEXEME = 255
MAX_LEXEME_CHARS = 100  # PostgreSQL allows 2 kB; longer tokens are cut alike in documents and queries


def _lexeme(token: str) -> str:
    if len(token) > MAX_LEXEME_CHARS:
        token = token[:MAX_LEXEME_CHARS]
    if "'" in token or "\\" in token:
        token = token.replace("\\", "\\\\").replace("'", "''")
    return f"'{token}'"


def _vector(fields) -> str:
    """Positions and weights of the tokens, as tsvector text.

    Hot code (every item, hundreds of tokens): the body takes weight D, which needs no suffix.
    """
    positions: dict[str, list[str]] = {}
    pos = 0
    for tokens, weight in fields:
        words = [t for t in tokens if t.isalnum() or is_word(t)]
        suffix = "" if weight == "D" else weight
        for p, token in enumerate(words, pos + 1):
            entry = f"{p if p < MAX_POSITION else MAX_POSITION}{suffix}"
            found = positions.get(token)
            if found is None:
                positions[token] = [entry]
            else:
                found.append(entry)
        pos += len(words)
    return " ".join(
        f"{_lexeme(t)}:{','.join(p if len(p) <= MAX_POSITIONS_PER_LEXEME else p[:MAX_POSITIONS_PER_LEXEME])}"
        for t, p in positions.items()
    )


def tsvector_literal(entry: Entry) -> str:
    return _vector(((entry.title, "A"), (entry.meta, "B"), (entry.body, "D"), (entry.attachments, "C")))


def title_literal(entry: Entry) -> str:
    return _vector(((entry.title, "A"),))


def _clause(clause: Clause) -> str:
    alts = []
    for tokens in clause.alternatives:
        joiner = " <-> " if clause.kind == "phrase" else " & "
        alts.append("(" + joiner.join(_lexeme(t) for t in tokens) + ")")
    return "(" + " | ".join(alts) + ")"


def tsquery_literal(query: ParsedQuery) -> str:
    """The words, without the excluded ones."""
    expr = " & ".join(_clause(c) for c in query.must)
    for clause in query.must_not:
        expr = f"({expr}) & !{_clause(clause)}"
    return expr


def _filter_conditions(alias: str, filters: Filters, *, topic: bool) -> tuple[list[str], list]:
    """SQL conditions (on the table `alias`) and their parameters for the column, agency, year
    (and, where the table has it, topic) filters."""
    sql, params = [], []
    fields = [("column_id", filters.column_ids), ("agency_id", filters.agency_ids)]
    if topic:
        fields.append(("topic_id", filters.topic_ids))
    for name, values in fields:
        if values is not None:
            sql.append(f"{alias}.{name} = ANY(%s)")
            params.append(sorted(values))
    for op, value in ((">=", filters.year_from), ("<=", filters.year_to)):
        if value is not None:
            sql.append(f"{alias}.year {op} %s")
            params.append(value)
    return sql, params


class PostgresBackend(Backend):
    vendor = "postgresql"
    # Ranking reads each match's vector (toasted): keep it to fewer matches than on SQLite.
    rank_limit = 1000

    def ensure_schema(self) -> bool:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL, "
                "(SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('search_pg_index_tsv', 'search_pg_title_tsv'))",
                [INDEX_TABLE, TITLE_TABLE],
            )
            has_tables, indexes = cur.fetchone()
            if has_tables and indexes == 2:
                return False
            self._ddl(cur, DDL)
            return not has_tables

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
                cur.execute(
                    f"SELECT (SELECT COUNT(*) FROM {INDEX_TABLE}), (SELECT COUNT(*) FROM {TITLE_TABLE}), "
                    f"(SELECT COUNT(*) FROM {DOC_TABLE}), "
                    "(SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('search_pg_index_tsv', 'search_pg_title_tsv'))"
                )
                vectors, titles, docs, indexes = cur.fetchone()
        except Exception:
            return True
        return not vectors == titles == docs or indexes != 2

    def clear_if_orphaned(self) -> None:
        """Empty the index table when the document table is empty (after a test database flush,
        which truncates Django's tables only)."""
        with connection.cursor() as cur:
            cur.execute("SELECT to_regclass(%s) IS NOT NULL", [INDEX_TABLE])
            if not cur.fetchone()[0]:
                return
            cur.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC_TABLE})")
            if not cur.fetchone()[0]:
                cur.execute(f"DELETE FROM {INDEX_TABLE}")
                cur.execute(f"DELETE FROM {TITLE_TABLE}")

    def prepare(self, entry: Entry) -> Entry:
        entry.prepared = (tsvector_literal(entry), title_literal(entry))
        return entry

    def write_tokens(self, entries: list[Entry]) -> None:
        vectors, titles = [], []
        for e in entries:
            vector, title = e.prepared or self.prepare(e).prepared
            d = e.doc
            vectors.append((d.item_id, d.sort_key, d.column_id, d.agency_id, d.topic_id, d.year, d.validity, vector))
            titles.append((d.item_id, title))
        with connection.cursor() as cur:
            # The index is derived data: a crash that loses the last commits is repaired by the
            # periodic task (it compares indexed and live versions), so do not wait for the disk.
            cur.execute("SET LOCAL synchronous_commit = off")
            cur.executemany(
                f"INSERT INTO {INDEX_TABLE} (item_id, sort_key, column_id, agency_id, topic_id, year, validity, tsv) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s::tsvector) "
                "ON CONFLICT (item_id) DO UPDATE SET sort_key = EXCLUDED.sort_key, column_id = EXCLUDED.column_id, "
                "agency_id = EXCLUDED.agency_id, topic_id = EXCLUDED.topic_id, year = EXCLUDED.year, "
                "validity = EXCLUDED.validity, tsv = EXCLUDED.tsv",
                vectors,
            )
            cur.executemany(
                f"INSERT INTO {TITLE_TABLE} (item_id, tsv) VALUES (%s, %s::tsvector) "
                "ON CONFLICT (item_id) DO UPDATE SET tsv = EXCLUDED.tsv",
                titles,
            )

    def delete_tokens(self, item_ids: Sequence[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {INDEX_TABLE} WHERE item_id = ANY(%s)", [list(item_ids)])
            cur.execute(f"DELETE FROM {TITLE_TABLE} WHERE item_id = ANY(%s)", [list(item_ids)])

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
        # Up to rank_limit matches: read them once (without their vectors), then rank just those.
        probe = self._probe(query, wide, limit=self.rank_limit + 1)
        if len(probe) <= self.rank_limit:
            kept = [r for r in probe if filters.admits(r[2:])]
            tally: dict[tuple, int] = {}
            for r in probe:
                tally[r[2:]] = tally.get(r[2:], 0) + 1
            answer = Answer(len(kept), facet_rows=[(*k, n) for k, n in tally.items()] if facets else [])
            if spec.sort == "date":
                kept.sort(key=lambda r: r[1], reverse=True)
                ids = [r[0] for r in kept]
            else:
                ranks = self._ranks(query, [r[0] for r in kept])
                kept.sort(key=lambda r: (-ranks.get(r[0], 0.0), -r[1]))
                ids = self.adjacent_first(query, [r[0] for r in kept])
            answer.ids = ids[spec.offset : spec.offset + spec.limit]
            return answer
        # More: one pass over the index gives the exact facets, the count under every filter and
        # the page: items with every word in the title first, then the rest, newest first.
        return self._large_answer(spec, wide, facets=facets)

    def _where(self, query: ParsedQuery, filters: Filters) -> tuple[str, list]:
        """Conditions on the index table `i`: the words and the filters."""
        conditions, filter_params = _filter_conditions("i", filters, topic=True)
        sql, params = ["i.tsv @@ %s::tsquery", *conditions], [tsquery_literal(query), *filter_params]
        if filters.validity:
            sql.append("i.validity = %s")
            params.append(filters.validity)
        if query.index_numbers:
            sql.append(f"i.item_id IN (SELECT item_id FROM {DOC_TABLE} WHERE index_number = ANY(%s))")
            params.append(list(query.index_numbers))
        return " AND ".join(sql), params

    def _probe(self, query: ParsedQuery, filters: Filters, *, limit: int) -> list[tuple]:
        where, params = self._where(query, filters)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT i.item_id, i.sort_key, i.column_id, i.agency_id, i.year FROM {INDEX_TABLE} i WHERE {where} LIMIT %s",
                [*params, limit],
            )
            return cur.fetchall()

    def _ranks(self, query: ParsedQuery, item_ids: list[int]) -> dict[int, float]:
        if not item_ids:
            return {}
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT i.item_id, {RANK} FROM {INDEX_TABLE} i, (SELECT %s::tsquery AS query) q "
                "WHERE i.item_id = ANY(%s)",
                [tsquery_literal(query), item_ids],
            )
            return dict(cur.fetchall())

    def _large_answer(self, spec: SearchSpec, wide: Filters, *, facets: bool) -> Answer:
        query, filters = spec.query, spec.filters
        where, params = self._where(query, wide)
        cond, cond_params = _filter_conditions("m", filters, topic=False)
        order = "m.sort_key DESC" if spec.sort == "date" else "m.in_title DESC, m.sort_key DESC"
        sql = (
            f"WITH t AS MATERIALIZED (SELECT item_id FROM {TITLE_TABLE} WHERE tsv @@ %s::tsquery), "
            "m AS MATERIALIZED ("
            "SELECT i.item_id, i.sort_key, i.column_id, i.agency_id, i.year, i.item_id IN (SELECT item_id FROM t) AS in_title "
            f"FROM {INDEX_TABLE} i WHERE {where}) "
            "SELECT 0, m.column_id, m.agency_id, m.year, COUNT(*), false FROM m GROUP BY m.column_id, m.agency_id, m.year "
            "UNION ALL "
            f"(SELECT 1, m.item_id, m.sort_key, 0, 0, m.in_title FROM m WHERE {' AND '.join(['true', *cond])} "
            f"ORDER BY {order} LIMIT %s OFFSET %s)"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [tsquery_literal(query), *params, *cond_params, spec.limit, spec.offset])
            result = cur.fetchall()
        rows = [r[1:5] for r in result if r[0] == 0]
        page = [r for r in result if r[0] == 1]
        if spec.sort == "date":
            page.sort(key=lambda r: -r[2])
        else:
            page.sort(key=lambda r: (not r[5], -r[2]))
        count = sum(r[3] for r in rows if filters.admits(r))
        return Answer(count, [r[1] for r in page], rows if facets else [])

    def count(self, query: ParsedQuery, filters: Filters, *, tier: str = "") -> int:
        if not query.needs_text_match:
            return self._plain_count(query, filters)
        where, params = self._where(query, filters)
        if tier == "title":
            where += f" AND i.item_id IN (SELECT item_id FROM {TITLE_TABLE} WHERE tsv @@ %s::tsquery)"
            params.append(tsquery_literal(query))
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(f"SELECT COUNT(*) FROM {INDEX_TABLE} i WHERE {where}", params)
            return cur.fetchone()[0]
