"""Writes on the search index, the dictionary, synonyms and search statistics."""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.core import screening
from gongkai.disclosures.models import DisclosureItem, ItemVersion

from .backends import get_backend
from .documents import document_for, entry_for, public_version_of
from .models import PendingUpdate, PopularSearch, SearchDocument, UserWord
from .segmenter import get_segmenter, reload_segmenter

logger = logging.getLogger("gongkai.search")

Progress = Callable[[int, int], None]


@transaction.atomic
def index_refresh(*, item_id: int) -> bool:
    """Bring one item's index entry in line with the item: index its public version, or remove it.

    Reads the item afresh, so running it twice, late or out of order leaves the right state.
    Returns whether the item is now in the index.
    """
    backend = get_backend()
    item = DisclosureItem.objects.select_related("agency", "live_version").filter(pk=item_id).first()
    version = public_version_of(item) if item is not None else None
    if version is None:
        backend.delete([item_id])
    else:
        version.item = item
        backend.write([entry_for(document_for(version), get_segmenter())])
    PendingUpdate.objects.filter(item_id=item_id).delete()
    return version is not None


def index_refresh_safely(*, item_id: int) -> bool:
    """index_refresh for signal receivers: never raises. A failure is logged and the item is
    recorded as stale for the repair task, so the editor's action is never undone or turned into an error."""
    try:
        index_refresh(item_id=item_id)
        return True
    except Exception as exc:
        logger.exception("search index update failed for item %s; left for the repair task", item_id)
        try:
            _mark_stale(item_id, repr(exc))
        except Exception:
            logger.exception("could not record the failed index update of item %s", item_id)
        return False


def _mark_stale(item_id: int, error: str) -> None:
    with transaction.atomic():
        updated = PendingUpdate.objects.filter(item_id=item_id).update(
            attempts=F("attempts") + 1, error=error[:2000], failed_at=timezone.now()
        )
        if not updated:
            PendingUpdate.objects.create(item_id=item_id, error=error[:2000])


@dataclass
class RebuildReport:
    indexed: int = 0
    removed: int = 0
    seconds: float = 0.0


def index_rebuild(*, batch_size: int = 500, reset: bool = False, progress: Progress | None = None) -> RebuildReport:
    """Index every public item again, in short batches so the site keeps serving, then drop
    entries of items that are no longer public. With reset, the token index is recreated first
    (a damaged index); searches fall back to a plain scan until it is filled again."""
    import time

    started = time.monotonic()
    backend = get_backend()
    backend.ensure_schema()
    if reset:
        with transaction.atomic():
            backend.reset()
    segmenter = reload_segmenter()
    public_ids = list(ItemVersion.objects.public().order_by("item_id").values_list("item_id", flat=True))
    batches = [public_ids[i : i + batch_size] for i in range(0, len(public_ids), batch_size)]
    report = RebuildReport()
    total = len(public_ids)
    if progress:
        progress(0, total)
    done = 0
    for batch, entries in _prepared(batches, segmenter):
        with transaction.atomic():
            # A publication or withdrawal since we read the batch is indexed by its own signal; keep it.
            live = dict(DisclosureItem.objects.filter(pk__in=batch).values_list("pk", "live_version_id"))
            entries = [e for e in entries if live.get(e.doc.item_id) == e.doc.version_id]
            backend.write(entries)
            PendingUpdate.objects.filter(item_id__in=[e.doc.item_id for e in entries]).delete()
        report.indexed += len(entries)
        done += len(batch)
        if progress:
            progress(done, total)
    report.removed = index_remove_unpublished()
    report.seconds = time.monotonic() - started
    return report


def _entries(batch: list[int], segmenter) -> list:
    versions = (
        ItemVersion.objects.public()
        .filter(item_id__in=batch)
        .select_related("item__agency")
        .prefetch_related("attachments")
    )
    backend = get_backend()
    return [backend.prepare(entry_for(document_for(v), segmenter)) for v in versions]


def _prepared(batches: list[list[int]], segmenter):
    """(batch, entries) in order. Outside a transaction the next batches are read and segmented in a
    second thread (its own database connection; jieba releases the GIL) while this one writes."""
    if connection.in_atomic_block or len(batches) < 2:
        for batch in batches:
            yield batch, _entries(batch, segmenter)
        return
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    def work(batch):
        try:
            return _entries(batch, segmenter)
        finally:
            connection.close()  # this thread's connection

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reindex") as pool:
        pending = deque()
        it = iter(batches)
        for batch in it:
            pending.append((batch, pool.submit(work, batch)))
            if len(pending) >= 2:
                break
        while pending:
            batch, future = pending.popleft()
            nxt = next(it, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(work, nxt)))
            yield batch, future.result()


def index_remove_unpublished() -> int:
    """Drop index entries of items that are no longer public (withdrawn, deleted, not proactive)."""
    public = set(ItemVersion.objects.public().values_list("item_id", flat=True))
    gone = [i for i in SearchDocument.objects.values_list("item_id", flat=True) if i not in public]
    backend = get_backend()
    for start in range(0, len(gone), 500):
        with transaction.atomic():
            backend.delete(gone[start : start + 500])
    return len(gone)


@dataclass
class RepairReport:
    rebuilt: bool = False
    refreshed: int = 0
    removed: int = 0


def index_repair(*, thorough: bool = False) -> RepairReport:
    """The periodic repair: rebuild a missing or damaged token index, retry failed updates, and
    index whatever is out of step with the public items (an update lost to a crash included)."""
    backend = get_backend()
    report = RepairReport()
    if backend.ensure_schema() or backend.is_damaged(thorough=thorough):
        logger.warning("search index missing or damaged: rebuilding")
        index_rebuild(reset=True)
        report.rebuilt = True
        return report
    public = dict(ItemVersion.objects.public().values_list("item_id", "pk"))
    indexed = dict(SearchDocument.objects.values_list("item_id", "version_id"))
    stale = {i for i, v in public.items() if indexed.get(i) != v}
    stale.update(PendingUpdate.objects.values_list("item_id", flat=True))
    for item_id in sorted(stale):
        if index_refresh_safely(item_id=item_id):
            report.refreshed += 1
    report.removed = index_remove_unpublished()
    return report


# --- the segmenter's user dictionary --------------------------------------------------------------


def user_dictionary_reload() -> None:
    """After staff changed the user dictionary: segment with it here now, and reindex everything
    in the background (other processes pick the words up within a minute)."""
    reload_segmenter()
    from .tasks import rebuild_search_index

    transaction.on_commit(rebuild_search_index)


def user_word_add(*, word: str, note: str = "") -> UserWord:
    """Add a word the segmenter keeps whole (坊子区)."""
    word = word.strip()
    if not word or any(ch.isspace() for ch in word):
        raise ValueError("词语不能为空，也不能包含空格。")
    obj, _ = UserWord.objects.update_or_create(word=word, defaults={"note": note})
    user_dictionary_reload()
    return obj


# --- popular searches --------------------------------------------------------------------------
#
# A search page must not write to the database: one UPDATE per search cost more than a millisecond
# and serialised every worker on the SQLite write lock. Searches are counted in a buffer of this
# process instead and written in one statement every FLUSH_EVERY searches or FLUSH_SECONDS (by the
# request that crosses the limit), and when the process exits. A crash loses at most that many
# counts of a statistic that only orders suggestions.

FLUSH_EVERY = 200
FLUSH_SECONDS = 60.0


@dataclass
class _Pending:
    count: int
    last_results: int
    last_searched_at: object


_pending_lock = threading.Lock()
_pending: dict[str, _Pending] = {}
_pending_total = 0
_pending_since = 0.0


def search_record(*, query: str, results: int) -> None:
    """Count a visitor's search for the suggestions shown when a search finds nothing.

    Only searches that found something are counted, and never one that looks like personal data
    (an ID card or phone number typed into the box must not become a public suggestion; checked
    when the buffer is written). The count reaches the database with `search_record_flush`.
    """
    global _pending_total, _pending_since
    text = " ".join((query or "").split())[:100]
    if not text or results <= 0:
        return
    now = time.monotonic()
    with _pending_lock:
        entry = _pending.get(text)
        if entry is None:
            _pending[text] = _Pending(1, results, timezone.now())
        else:
            entry.count += 1
            entry.last_results, entry.last_searched_at = results, timezone.now()
        if not _pending_total:
            _pending_since = now
        _pending_total += 1
        due = _pending_total >= FLUSH_EVERY or now - _pending_since >= FLUSH_SECONDS
    if due:
        search_record_flush()


def search_record_flush() -> int:
    """Write the buffered search counts of this process in one statement; returns the queries written."""
    global _pending_total
    with _pending_lock:
        if not _pending:
            return 0
        batch = dict(_pending)
        _pending.clear()
        _pending_total = 0
    try:
        stamp = connection.ops.adapt_datetimefield_value
        rows = [
            (text, p.count, p.last_results, stamp(p.last_searched_at))
            for text, p in batch.items()
            if not screening.scan_text(text, source="q")
        ]
        if rows:
            _upsert_popular(rows)
        return len(rows)
    except Exception:
        logger.exception("could not record %d searches", len(batch))
        return 0


def search_record_discard() -> None:
    """Forget the buffered counts without writing them (tests start from an empty buffer)."""
    global _pending_total
    with _pending_lock:
        _pending.clear()
        _pending_total = 0


def _upsert_popular(rows: list[tuple]) -> None:
    """Add the counts to existing rows, insert the others (INSERT … ON CONFLICT, SQLite and PostgreSQL)."""
    table = connection.ops.quote_name(PopularSearch._meta.db_table)
    col = {f.name: connection.ops.quote_name(f.column) for f in PopularSearch._meta.concrete_fields}
    sql = (
        f"INSERT INTO {table} ({col['query']}, {col['count']}, {col['last_results']}, {col['last_searched_at']}, "
        f"{col['hidden']}, {col['pinned']}) VALUES (%s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT ({col['query']}) DO UPDATE SET "
        f"{col['count']} = {table}.{col['count']} + excluded.{col['count']}, "
        f"{col['last_results']} = excluded.{col['last_results']}, "
        f"{col['last_searched_at']} = excluded.{col['last_searched_at']}"
    )
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(sql, [(*row, False, False) for row in rows])


def _flush_at_exit() -> None:
    try:
        search_record_flush()
    except Exception:  # the database may be gone at interpreter exit
        pass


atexit.register(_flush_at_exit)
