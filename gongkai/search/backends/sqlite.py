"""SQLite: an FTS5 table of pre-segmented text (tokens joined by spaces).

Its rowid is SearchDocument.sort_key (publication order), so "newest first" is the order FTS5
reads its index in and stops after one page. The filters are tokens in a `facets` column
(gkc<column id>, gkt<topic id>, gka<agency id>, gkv<validity>) and the year range is a rowid
range, so counting and paging never join the document table. A narrow table `search_facet`
(rowid = sort key: item id, column, agency, year) gives the facet values of the matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from ..documents import SORT_KEY_ID_BITS, Entry
from ..query import Clause, ParsedQuery
from .base import DOC_TABLE, Backend, Filters

FTS_TABLE = "search_fts"
# unicode61 splits on the spaces we put between tokens and drops punctuation; CJK characters are
# token characters, so each jieba token stays one FTS token.
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, body, attachments, meta, facets, tokenize = 'unicode61 remove_diacritics 0')"
)
FACET_TABLE = "search_facet"
CREATE_FACETS = (
    f"CREATE TABLE IF NOT EXISTS {FACET_TABLE} (sort_key INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, "
    "column_id INTEGER NOT NULL, agency_id INTEGER NOT NULL, year INTEGER NOT NULL)"
)
# bm25 weights of the columns: a word in the title counts ten times a word in the body.
RANK = f"bm25({FTS_TABLE}, 10.0, 1.0, 0.5, 4.0, 0.0)"


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _clause(clause: Clause) -> str:
    alts = []
    for tokens in clause.alternatives:
        if clause.kind == "phrase":
            alts.append(_quote(" ".join(tokens)))
        else:
            alts.append("(" + " AND ".join(_quote(t) for t in tokens) + ")")
    return "(" + " OR ".join(alts) + ")"


def facet_tokens(entry: Entry) -> str:
    d = entry.doc
    return f"gkc{d.column_id} gkt{d.topic_id} gka{d.agency_id} gkv{d.validity}"


def _any_token(prefix: str, values) -> str:
    return "(" + " OR ".join(f"{prefix}{v}" for v in sorted(values)) + ")"


def match_expression(query: ParsedQuery, filters: Filters, *, tier: str = "") -> str:
    """The MATCH expression: the words, without the excluded ones, within the filters.

    tier "title": only items with every word in the title; "rest": the others.
    """
    positive = " AND ".join(_clause(c) for c in query.must)
    if tier == "title":
        expr = "{title} : (" + positive + ")"
    elif tier == "rest":
        expr = f"({positive}) NOT ({{title}} : ({positive}))"
    else:
        expr = positive
    for clause in query.must_not:
        expr = f"({expr}) NOT {_clause(clause)}"
    conditions = []
    if filters.column_ids is not None:
        conditions.append(_any_token("gkc", filters.column_ids))
    if filters.topic_ids is not None:
        conditions.append(_any_token("gkt", filters.topic_ids))
    if filters.agency_ids is not None:
        conditions.append(_any_token("gka", filters.agency_ids))
    if filters.validity:
        conditions.append(f"gkv{filters.validity}")
    if conditions:
        expr = f"({expr}) AND {{facets}} : ({' AND '.join(conditions)})"
    return expr


def _year_start(year: int) -> int:
    start = dt.datetime(year, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return int(start.timestamp()) << SORT_KEY_ID_BITS


class SqliteBackend(Backend):
    vendor = "sqlite"

    def ensure_schema(self) -> bool:
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM sqlite_master WHERE name IN (%s, %s)", [FTS_TABLE, FACET_TABLE])
            if cur.fetchone()[0] == 2:
                return False
            cur.execute(CREATE_FTS)
            cur.execute(CREATE_FACETS)
            return True

    def is_damaged(self, *, thorough: bool = False) -> bool:
        try:
            with connection.cursor() as cur:
                if thorough:
                    cur.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 0)")
                # One statement, one snapshot: both counts agree unless rows are really missing.
                cur.execute(
                    f"SELECT (SELECT COUNT(*) FROM {FTS_TABLE}), (SELECT COUNT(*) FROM {FACET_TABLE}), "
                    f"(SELECT COUNT(*) FROM {DOC_TABLE})"
                )
                tokens, facets, docs = cur.fetchone()
        except Exception:
            return True
        return not tokens == facets == docs

    def clear_if_orphaned(self) -> None:
        """Empty the token tables when the document table is empty (after a test database flush,
        which knows only Django's tables)."""
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM sqlite_master WHERE name IN (%s, %s)", [FTS_TABLE, FACET_TABLE])
            if cur.fetchone()[0] != 2:
                return
            cur.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC_TABLE})")
            if not cur.fetchone()[0]:
                cur.execute(f"DELETE FROM {FTS_TABLE}")
                cur.execute(f"DELETE FROM {FACET_TABLE}")

    def reset(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            cur.execute(f"DROP TABLE IF EXISTS {FACET_TABLE}")
            cur.execute(CREATE_FTS)
            cur.execute(CREATE_FACETS)

    def write_tokens(self, entries: list[Entry]) -> None:
        rows = [
            (
                e.doc.sort_key,
                " ".join(e.title),
                " ".join(e.body),
                " ".join(e.attachments),
                " ".join(e.meta),
                facet_tokens(e),
            )
            for e in entries
        ]
        with connection.cursor() as cur:
            cur.executemany(
                # REPLACE: a row left behind without its document (a crash, a hand edit) is overwritten.
                f"INSERT OR REPLACE INTO {FTS_TABLE}(rowid, title, body, attachments, meta, facets) VALUES (%s, %s, %s, %s, %s, %s)",
                rows,
            )
            cur.executemany(
                f"INSERT OR REPLACE INTO {FACET_TABLE}(sort_key, item_id, column_id, agency_id, year) VALUES (%s, %s, %s, %s, %s)",
                [(e.doc.sort_key, e.doc.item_id, e.doc.column_id, e.doc.agency_id, e.doc.year) for e in entries],
            )

    def delete_tokens(self, item_ids: Sequence[int]) -> None:
        ids = list(item_ids)
        with connection.cursor() as cur:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                keys = f"(SELECT sort_key FROM {DOC_TABLE} WHERE item_id IN ({', '.join(['%s'] * len(chunk))}))"
                cur.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN {keys}", chunk)
                cur.execute(f"DELETE FROM {FACET_TABLE} WHERE sort_key IN {keys}", chunk)

    # --- reads --------------------------------------------------------------------------------

    def _where(self, query: ParsedQuery, filters: Filters, *, tier: str = "") -> tuple[str, list]:
        sql = [f"{FTS_TABLE} MATCH %s"]
        params: list = [match_expression(query, filters, tier=tier)]
        if filters.year_from is not None:
            sql.append(f"{FTS_TABLE}.rowid >= %s")
            params.append(_year_start(filters.year_from))
        if filters.year_to is not None:
            sql.append(f"{FTS_TABLE}.rowid < %s")
            params.append(_year_start(filters.year_to + 1))
        if query.index_numbers:
            marks = ", ".join(["%s"] * len(query.index_numbers))
            sql.append(f"{FTS_TABLE}.rowid IN (SELECT sort_key FROM {DOC_TABLE} WHERE index_number IN ({marks}))")
            params.extend(query.index_numbers)
        return " AND ".join(sql), params

    def count(self, query: ParsedQuery, filters: Filters, *, tier: str = "") -> int:
        if not query.needs_text_match:
            return self._plain_count(query, filters)
        where, params = self._where(query, filters, tier=tier)
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {where}", params)
            return cur.fetchone()[0]

    def all_matches(self, query: ParsedQuery, filters: Filters) -> list[tuple]:
        where, params = self._where(query, filters)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT x.item_id, {FTS_TABLE}.rowid, -{RANK}, x.column_id, x.agency_id, x.year "
                f"FROM {FTS_TABLE} JOIN {FACET_TABLE} x ON x.sort_key = {FTS_TABLE}.rowid WHERE {where}",
                params,
            )
            return cur.fetchall()

    def newest(self, query: ParsedQuery, filters: Filters, *, tier: str, limit: int, offset: int) -> list[int]:
        where, params = self._where(query, filters, tier=tier)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT x.item_id FROM {FTS_TABLE} JOIN {FACET_TABLE} x ON x.sort_key = {FTS_TABLE}.rowid "
                f"WHERE {where} ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [r[0] for r in cur.fetchall()]

    def sampled_facets(self, query: ParsedQuery, filters: Filters, factor: int) -> list[tuple]:
        where, params = self._where(query, filters)
        if factor > 1:  # one match in `factor`, by the low bits of the item id
            where += f" AND ({FTS_TABLE}.rowid & {factor - 1}) = 0"
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT x.column_id, x.agency_id, x.year, COUNT(*) FROM {FTS_TABLE} "
                f"JOIN {FACET_TABLE} x ON x.sort_key = {FTS_TABLE}.rowid WHERE {where} "
                "GROUP BY x.column_id, x.agency_id, x.year",
                params,
            )
            return cur.fetchall()
