"""Cached pages as files nginx can serve, indexed in the database so every worker can invalidate them.

Layout below the cache root (settings.GONGKAI_PAGECACHE_DIR, default var/pagecache):

    <variant>/<path>index.html     the body, exactly as Django sent it
    <variant>/<path>index.json     status headers and expiry, for the Django middleware

<variant> is e0c0s0 … e1c1s3 (elder mode, high contrast, font size); <path> is the request path,
which always ends with "/". A page is stored only after its index rows (one CachedPage and its
PageTags) are committed, and it is deleted again if an invalidation happened while it rendered
(the Generation counter moved): an invalidation either sees the index rows and deletes the files,
or bumps the counter before the writer checks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import conf, tracking
from .models import CachedPage, Generation, PageTag, TagScheme

logger = logging.getLogger(__name__)

BODY = "index.html"
META = "index.json"
CHUNK = 500


def tag_key(table: str, conditions: tracking.Conditions) -> str:
    text = table + "|" + "&".join(f"{c}={quote(v, safe='')}" for c, v in conditions)
    return hashlib.sha1(text.encode()).hexdigest()


def folder(key: str) -> Path:
    return conf.root() / key.lstrip("/")


def generation() -> int:
    with tracking.internal():
        value = Generation.objects.filter(pk=1).values_list("value", flat=True).first()
        if value is None:
            Generation.objects.get_or_create(pk=1)
            return 0
        return value


@dataclass
class Hit:
    body: bytes
    headers: list[tuple[str, str]]
    mtime: float


def lookup(key: str) -> Hit | None:
    """The stored page for this key, if present and not expired."""
    base = folder(key)
    try:
        meta = json.loads((base / META).read_text())
        with open(base / BODY, "rb") as fh:
            stat = os.fstat(fh.fileno())
            body = fh.read()
    except (OSError, ValueError):
        return None
    if meta.get("expires", 0) <= timezone.now().timestamp():
        return None
    return Hit(body=body, headers=[tuple(h) for h in meta["headers"]], mtime=stat.st_mtime)


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with _ignore():
            os.unlink(tmp)
        raise


class _ignore:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], OSError)


def _remove(key: str) -> None:
    base = folder(key)
    for name in (BODY, META):  # the body first: nginx stops serving it at once
        with _ignore():
            (base / name).unlink()


def save(*, key: str, body: bytes, headers: list[tuple[str, str]], deps: set[tracking.Dependency], started: int) -> os.stat_result | None:
    """Store a rendered page; None when an invalidation ran while it rendered (the page may be stale)."""
    now = timezone.now()
    expires = min(now + dt.timedelta(seconds=conf.max_age()), _next_midnight(now))
    with tracking.internal():
        with transaction.atomic():
            page = CachedPage.objects.create(key=key, expires_at=expires)
            PageTag.objects.bulk_create([PageTag(page=page, table=t, key=tag_key(t, c)) for t, c in deps])
            schemes = {(t, ",".join(col for col, _ in c)) for t, c in deps}
            TagScheme.objects.bulk_create([TagScheme(table=t, columns=cols) for t, cols in sorted(schemes)], ignore_conflicts=True)
        base = folder(key)
        base.mkdir(parents=True, exist_ok=True)
        _write(base / META, json.dumps({"headers": headers, "expires": expires.timestamp()}, ensure_ascii=False).encode())
        _write(base / BODY, body)
        stat = (base / BODY).stat()
        if generation() != started:
            _remove(key)
            CachedPage.objects.filter(pk=page.pk).delete()
            return None
    return stat


def _next_midnight(now: dt.datetime) -> dt.datetime:
    """Pages show "today" (open for comment, days left): none outlives the day it was rendered."""
    local = timezone.localtime(now)
    return timezone.make_aware(dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time.min))


def invalidate(changes: Iterable[tracking.Change]) -> int:
    """Delete every cached page that depends on a changed row; runs after the write commits."""
    changes = list(changes)
    whole: set[str] = {c.table for c in changes if c.rows is None}
    rows: dict[str, list[tracking.Row]] = {}
    for c in changes:
        if c.rows is not None and c.table not in whole:
            rows.setdefault(c.table, []).extend(c.rows)
    with tracking.internal():
        Generation.objects.get_or_create(pk=1)
        Generation.objects.filter(pk=1).update(value=F("value") + 1)
        schemes: dict[str, list[tuple[str, ...]]] = {}
        for table, columns in TagScheme.objects.filter(table__in=list(rows)).values_list("table", "columns"):
            schemes.setdefault(table, []).append(tuple(columns.split(",")) if columns else ())
        keys = {tag_key(t, conj) for t, table_rows in rows.items() for conj in tracking.keys_for(t, schemes.get(t, []), table_rows)}
        page_ids: set[int] = set()
        if whole:
            page_ids |= set(PageTag.objects.filter(table__in=list(whole)).values_list("page_id", flat=True))
        keys_list = sorted(keys)
        for i in range(0, len(keys_list), CHUNK):
            page_ids |= set(PageTag.objects.filter(key__in=keys_list[i : i + CHUNK]).values_list("page_id", flat=True))
        return _drop(page_ids)


def _drop(page_ids: set[int]) -> int:
    ids = sorted(page_ids)
    count = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        for key in set(CachedPage.objects.filter(pk__in=chunk).values_list("key", flat=True)):
            _remove(key)
            count += 1
        PageTag.objects.filter(page_id__in=chunk).delete()
        CachedPage.objects.filter(pk__in=chunk).delete()
    return count


def purge_expired(now: dt.datetime | None = None) -> int:
    """Remove pages past their expiry (nginx cannot tell); a newer rendering of the same path stays."""
    now = now or timezone.now()
    with tracking.internal():
        expired = CachedPage.objects.filter(expires_at__lte=now)
        keys = set(expired.values_list("key", flat=True))
        fresh = set(CachedPage.objects.filter(key__in=keys, expires_at__gt=now).values_list("key", flat=True)) if keys else set()
        for key in keys - fresh:
            _remove(key)
        ids = list(expired.values_list("pk", flat=True))
        for i in range(0, len(ids), CHUNK):
            PageTag.objects.filter(page_id__in=ids[i : i + CHUNK]).delete()
            CachedPage.objects.filter(pk__in=ids[i : i + CHUNK]).delete()
    return len(keys - fresh)


def clear() -> None:
    """Forget every cached page (files and index)."""
    with tracking.internal():
        Generation.objects.get_or_create(pk=1)
        Generation.objects.filter(pk=1).update(value=F("value") + 1)
        root = conf.root()
        if root.exists():
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    with _ignore():
                        child.unlink()
        PageTag.objects.all().delete()
        CachedPage.objects.all().delete()
