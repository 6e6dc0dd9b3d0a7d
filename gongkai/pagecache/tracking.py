"""What a page read and what a write changed, in one vocabulary.

A *dependency* is `(table, conditions)`: the rows of `table` whose columns equal the given values
(`(("decision_id", "7"),)`), or every row (`()`). While a cacheable page renders, every ORM query
is analysed (its WHERE tree: equality and IN conditions joined by AND) and every model instance
loaded adds its own primary-key dependency. Every write the ORM makes (save, QuerySet.update and
delete, bulk_create, cascades) is turned into the changed rows' old and new values; a write that
bypasses the ORM (raw SQL) counts as a change to the whole table. On commit the changed rows are
matched against the dependencies stored with each page (store.invalidate).

Dropping a condition only widens a dependency, so anything the analysis does not understand
(OR, NOT, ranges, expressions, subqueries) is handled by depending on more rows, never fewer.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.db.models.expressions import Col
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.db.models.lookups import Exact, In
from django.db.models.signals import post_init
from django.db.models.sql import compiler as sql_compiler
from django.db.models.sql.datastructures import Join
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode

from . import conf

Conditions = tuple[tuple[str, str], ...]  # sorted (column, normalised value)
Dependency = tuple[str, Conditions]
Row = dict[str, str]  # column -> normalised value, supported columns only

MAX_CONJUNCTIONS = 64  # IN lists multiply; past this the widest IN condition is dropped
MAX_ROWS = 1000  # a write touching more rows than this invalidates its whole table
OWN_APP = "pagecache"

_recorder: ContextVar[Recorder | None] = ContextVar("pagecache_recorder", default=None)
_internal: ContextVar[bool] = ContextVar("pagecache_internal", default=False)  # our own queries
_orm_tables: ContextVar[frozenset[str] | None] = ContextVar("pagecache_orm_tables", default=None)  # ORM writes
_orm_sql: ContextVar[list[str] | None] = ContextVar("pagecache_orm_sql", default=None)  # ORM reads: their SQL


@dataclass
class Recorder:
    """The dependencies of one rendering; `wrote` marks a render with side effects (never stored)."""

    deps: set[Dependency] = field(default_factory=set)
    wrote: bool = False


@contextlib.contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    token = _recorder.set(recorder)
    try:
        yield recorder
    finally:
        _recorder.reset(token)


@contextlib.contextmanager
def internal() -> Iterator[None]:
    """The cache's own queries: neither recorded as reads nor treated as content writes."""
    token = _internal.set(True)
    try:
        yield
    finally:
        _internal.reset(token)


# --- values -------------------------------------------------------------------------------

_INT = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField",
}  # fmt: skip
_STR = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}


def _kind(f) -> str | None:
    while f.is_relation and (f.many_to_one or f.one_to_one) and not isinstance(f, ForeignObjectRel):
        f = f.target_field
    t = f.get_internal_type()
    if t in _INT:
        return "int"
    if t in _STR:
        return "str"
    if t == "BooleanField":
        return "bool"
    return None


def normalise(f, value) -> str | None:
    """The comparable text of a column value; None for NULL or a column type we do not track."""
    if value is None or isinstance(value, Model):
        value = getattr(value, "pk", None)
        if value is None:
            return None
    kind = _kind(f)
    try:
        if kind == "int":
            return str(int(value))
        if kind == "str":
            return str(value)
        if kind == "bool":
            return "1" if value else "0"
    except (TypeError, ValueError):
        return None
    return None


def _table_models() -> dict[str, type[Model]]:
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy}


_tables_cache: dict[str, type[Model]] | None = None


def table_models() -> dict[str, type[Model]]:
    global _tables_cache
    if _tables_cache is None:
        _tables_cache = _table_models()
    return _tables_cache


_IDENT = re.compile(r'"([^"]+)"|`([^`]+)`')


def tables_in(sql: str) -> set[str]:
    known = table_models()
    return {name for m in _IDENT.finditer(sql) for name in m.groups() if name and name in known}


def _own(table: str) -> bool:
    return table.startswith(OWN_APP + "_")


# --- reads ------------------------------------------------------------------------------------


def _query_tables(query: Query) -> set[str]:
    """Every table a (sub)query touches, for dependencies on whole tables."""
    tables = {t.table_name for t in query.alias_map.values()}
    for inner in _subqueries(query):
        tables |= _query_tables(inner)
    return tables


def _subqueries_of(expr) -> Iterator[Query]:
    if isinstance(expr, Query):
        yield expr
        return
    inner = getattr(expr, "query", None)
    if isinstance(inner, Query):
        yield inner
    if hasattr(expr, "get_source_expressions"):
        for child in expr.get_source_expressions():
            if child is not None:
                yield from _subqueries_of(child)
    if isinstance(expr, WhereNode):
        for child in expr.children:
            yield from _subqueries_of(child)
    rhs = getattr(expr, "rhs", None)
    if rhs is not None and not isinstance(expr, WhereNode) and (isinstance(rhs, Query) or hasattr(rhs, "get_source_expressions")):
        yield from _subqueries_of(rhs)


def _subqueries(query: Query) -> Iterator[Query]:
    yield from _subqueries_of(query.where)
    for annotation in query.annotations.values():
        yield from _subqueries_of(annotation)
    for q in getattr(query, "combined_queries", ()) or ():
        yield q


def _cols(expr) -> Iterator[Col]:
    if isinstance(expr, Col):
        yield expr
        return
    if isinstance(expr, WhereNode):
        for child in expr.children:
            yield from _cols(child)
        return
    if hasattr(expr, "get_source_expressions"):
        for child in expr.get_source_expressions():
            if child is not None:
                yield from _cols(child)
    for side in ("lhs", "rhs"):
        value = getattr(expr, side, None)
        if value is not None and (isinstance(value, Col) or hasattr(value, "get_source_expressions")) and not isinstance(value, Query):
            yield from _cols(value)


def _conditions(node: WhereNode, found: dict[str, list[tuple[str, list[str]]]]) -> None:
    """Equality/IN conditions on plain columns reachable through AND only."""
    if node.negated or (node.connector != "AND" and len(node.children) > 1):
        return
    for child in node.children:
        if isinstance(child, WhereNode):
            _conditions(child, found)
        elif isinstance(child, (Exact, In)) and isinstance(child.lhs, Col) and not hasattr(child.rhs, "resolve_expression"):
            target = child.lhs.target
            values = child.rhs if isinstance(child, In) else [child.rhs]
            if isinstance(values, Query) or not isinstance(values, (list, tuple, set, frozenset)):
                continue
            normalised = [normalise(target, v) for v in values]
            if not normalised or any(v is None for v in normalised):
                continue
            found.setdefault(child.lhs.alias, []).append((target.column, sorted(set(normalised))))


def _conjunctions(conds: list[tuple[str, list[str]]]) -> list[Conditions]:
    conds = list(conds)
    while conds:
        size = 1
        for _, values in conds:
            size *= len(values)
        if size <= MAX_CONJUNCTIONS:
            break
        conds.remove(max(conds, key=lambda c: len(c[1])))
    if not conds:
        return [()]
    result = []
    for combo in itertools.product(*[[(col, v) for v in values] for col, values in conds]):
        merged: dict[str, str] = {}
        for col, v in combo:
            if merged.get(col, v) != v:  # col = a AND col = b: matches nothing
                break
            merged[col] = v
        else:
            result.append(tuple(sorted(merged.items())))
    return result or [()]


def _related_ordering(query: Query) -> bool:
    ordering = list(query.order_by) or (list(query.get_meta().ordering or ()) if query.default_ordering else [])
    return any(not isinstance(o, str) or "__" in o for o in ordering)


def analyse(query: Query, sql: list[str]) -> tuple[set[Dependency], set[str]]:
    """The dependencies of one read query, and the tables it accounted for.

    `sql` is what ran: compiling resets the join refcounts, so a join counts if its alias is in the SQL.
    """
    inner = getattr(query, "inner_query", None)
    if isinstance(inner, Query):  # count() over a sliced/distinct queryset
        return analyse(inner, sql)
    deps: set[Dependency] = set()
    found: dict[str, list[tuple[str, list[str]]]] = {}
    _conditions(query.where, found)
    in_where = {c.alias for c in _cols(query.where)}
    in_annotations = {c.alias for a in query.annotations.values() for c in _cols(a)}
    related_order = _related_ordering(query)
    base = next(iter(query.alias_map), None)  # not query.base_table: a cached_property, None before compiling
    accounted: set[str] = set()
    for alias, join in query.alias_map.items():
        if alias != base and not any(f'"{alias}"' in text for text in sql):
            continue
        table = join.table_name
        accounted.add(table)
        forward = isinstance(join, Join) and not isinstance(join.join_field, ForeignObjectRel)
        if alias == base or alias in found or alias in in_where:
            for conj in _conjunctions(found.get(alias, [])):
                deps.add((table, conj))
        elif forward and query.select_related and alias not in in_annotations and not related_order:
            pass  # a to-one row fetched alongside: the instance loaded records its own pk (see _loaded)
        else:
            deps.add((table, ()))
    for sub in _subqueries(query):
        for table in _query_tables(sub):
            deps.add((table, ()))
    return deps, accounted


def _loaded(sender, instance, **kwargs) -> None:
    recorder = _recorder.get()
    if recorder is None or _internal.get() or instance.pk is None:
        return
    opts = instance._meta.concrete_model._meta
    value = normalise(opts.pk, instance.pk)
    if value is not None:
        recorder.deps.add((opts.db_table, ((opts.pk.column, value),)))


# --- writes -------------------------------------------------------------------------------------


@dataclass
class Change:
    """Rows of one table before and after a write; rows None = anything in the table may have changed."""

    table: str
    rows: list[Row] | None


def _row(model: type[Model], values: dict) -> Row:
    row: Row = {}
    for f in model._meta.concrete_fields:
        if f.attname in values:
            v = normalise(f, values[f.attname])
            if v is not None:
                row[f.column] = v
    return row


def _fetch(model: type[Model], query: Query, using: str) -> list[dict] | None:
    """The current rows a write query's WHERE selects, or None when there are too many."""
    select = query.chain(klass=Query)
    select.select_related = False
    select.clear_ordering(force=True)
    select.extra = {}
    select.select = ()
    select.default_cols = True
    qs = model._base_manager.using(using).all()
    qs.query = select
    names = [f.attname for f in model._meta.concrete_fields]
    with internal():
        rows = list(qs.values(*names)[: MAX_ROWS + 1])
    return None if len(rows) > MAX_ROWS else rows


def _by_pk(model: type[Model], pks: list, using: str) -> list[dict]:
    names = [f.attname for f in model._meta.concrete_fields]
    with internal():
        return list(model._base_manager.using(using).filter(pk__in=pks).values(*names))


def _emit(using: str, changes: list[Change]) -> None:
    if not changes:
        return
    recorder = _recorder.get()
    if recorder is not None:
        recorder.wrote = True
    from . import store

    transaction.on_commit(lambda: store.invalidate(changes), using=using)


paused = False  # set while `migrate` runs (apps.py)


def _active() -> bool:
    return conf.enabled() and not paused and not _internal.get()


_original_execute = sql_compiler.SQLCompiler.execute_sql
_original_insert = sql_compiler.SQLInsertCompiler.execute_sql
_original_update = sql_compiler.SQLUpdateCompiler.execute_sql

_WRITE_COMPILERS = (sql_compiler.SQLInsertCompiler, sql_compiler.SQLUpdateCompiler, sql_compiler.SQLDeleteCompiler)


def _execute(self, *args, **kwargs):
    """Reads: record the query's dependencies while a cacheable page renders.

    Analysed after running: compiling adds the joins (select_related, related ordering) to the query.
    """
    recorder = _recorder.get()
    if recorder is None or _internal.get() or isinstance(self, _WRITE_COMPILERS) or not conf.enabled():
        return _original_execute(self, *args, **kwargs)
    seen: list[str] = []
    token = _orm_sql.set(seen)
    try:
        return _original_execute(self, *args, **kwargs)
    finally:
        _orm_sql.reset(token)
        deps, accounted = analyse(self.query, seen)
        for sql in seen:
            deps |= {(t, ()) for t in tables_in(sql) - accounted}
        recorder.deps |= {d for d in deps if not _own(d[0])}


def _snapshot_and_run(self, original, args, kwargs):
    """The rows a delete or update will touch (None: a query we cannot mirror), then the write
    itself, its table marked as accounted for (its raw SQL is not counted again)."""
    model = self.query.model
    try:
        old = _fetch(model, self.query, self.using)
    except Exception:  # noqa: BLE001 - a query we cannot mirror: depend on the whole table instead
        old = None
    token = _orm_tables.set(frozenset({model._meta.db_table}))
    try:
        return old, original(self, *args, **kwargs)
    finally:
        _orm_tables.reset(token)


def _delete(self, *args, **kwargs):
    model = self.query.model
    if not _active() or _own(model._meta.db_table):
        return _original_execute(self, *args, **kwargs)
    old, result = _snapshot_and_run(self, _original_execute, args, kwargs)
    rows = None if old is None else [_row(model, r) for r in old]
    if old is None or old:
        _emit(self.using, [Change(model._meta.db_table, rows)])
    return result


def _update(self, *args, **kwargs):
    model = self.query.model
    if not _active() or _own(model._meta.db_table):
        return _original_update(self, *args, **kwargs)
    old, result = _snapshot_and_run(self, _original_update, args, kwargs)
    if old is None:
        _emit(self.using, [Change(model._meta.db_table, None)])
    elif old:
        pk = model._meta.pk.attname
        new = _by_pk(model, [r[pk] for r in old], self.using)
        _emit(self.using, [Change(model._meta.db_table, [_row(model, r) for r in old + new])])
    return result


def _insert(self, returning_fields=None):
    model = self.query.model
    if not _active() or _own(model._meta.db_table):
        return _original_insert(self, returning_fields)
    token = _orm_tables.set(frozenset({model._meta.db_table}))
    try:
        result = _original_insert(self, returning_fields)
    finally:
        _orm_tables.reset(token)
    table = model._meta.db_table
    pk = model._meta.pk
    pk_index = None
    if returning_fields:
        pk_index = next((i for i, f in enumerate(returning_fields) if f is pk or f.column == pk.column), None)
    rows: list[Row] | None = []
    if self.query.on_conflict is not None and getattr(self.query, "update_fields", None):
        rows = None  # an upsert may have changed rows we never saw
    else:
        for i, obj in enumerate(self.query.objs):
            values = {f.attname: getattr(obj, f.attname, None) for f in self.query.fields}
            if pk_index is not None and result and i < len(result):
                values[pk.attname] = result[i][pk_index]
            elif getattr(obj, pk.attname, None) is not None:
                values[pk.attname] = getattr(obj, pk.attname)
            else:
                rows = None  # primary key unknown
                break
            rows.append(_row(model, values))
    _emit(self.using, [Change(table, rows)])
    return result


_WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE)\b", re.IGNORECASE)
_READ_SQL = re.compile(r"^\s*(SELECT|WITH)\b", re.IGNORECASE)


def _raw_sql_net(execute, sql, params, many, context):
    """Statements the ORM did not build: writes invalidate whole tables, reads depend on whole tables."""
    if not isinstance(sql, str) or _internal.get() or paused or not conf.enabled():
        return execute(sql, params, many, context)
    accounted = _orm_tables.get()
    orm_sql = _orm_sql.get()
    recorder = _recorder.get()
    if orm_sql is not None:  # an ORM read being recorded: its tables are checked once it has run
        orm_sql.append(sql)
        return execute(sql, params, many, context)
    if accounted is None and _WRITE_SQL.match(sql):
        result = execute(sql, params, many, context)
        tables = [t for t in tables_in(sql) if not _own(t)]
        if tables:
            _emit(context["connection"].alias, [Change(t, None) for t in tables])
        return result
    if recorder is not None and accounted is None and _READ_SQL.match(sql):
        recorder.deps |= {(t, ()) for t in tables_in(sql) if not _own(t)}
    return execute(sql, params, many, context)


def _add_wrapper(connection, **kwargs) -> None:
    if _raw_sql_net not in connection.execute_wrappers:
        connection.execute_wrappers.append(_raw_sql_net)


_installed = False


def install() -> None:
    """Patch the ORM's compilers once and watch every database connection."""
    global _installed
    if _installed:
        return
    _installed = True
    sql_compiler.SQLCompiler.execute_sql = _execute
    sql_compiler.SQLDeleteCompiler.execute_sql = _delete
    sql_compiler.SQLUpdateCompiler.execute_sql = _update
    sql_compiler.SQLInsertCompiler.execute_sql = _insert
    post_init.connect(_loaded, dispatch_uid="pagecache_loaded")
    connection_created.connect(_add_wrapper, dispatch_uid="pagecache_wrapper")
    for conn in connections.all(initialized_only=True):
        _add_wrapper(conn)


def keys_for(table: str, schemes: Iterable[tuple[str, ...]], rows: list[Row]) -> set[Conditions]:
    """The dependency conditions on `table` that any of `rows` satisfies, for the known column sets."""
    result: set[Conditions] = {()}
    for cols in schemes:
        if not cols:
            continue
        for row in rows:
            if all(c in row for c in cols):
                result.add(tuple((c, row[c]) for c in cols))
    return result


__all__ = ["Change", "Recorder", "analyse", "install", "internal", "keys_for", "recording"]
