"""Backups: one archive holding a consistent copy of the database, the uploaded files and a manifest.

An archive is a tar file (gzip-compressed when asked), written under a hidden name and renamed
when complete, so a crashed backup never looks like a finished one:

    database/gongkai.sqlite3   SQLite: a copy taken with the online backup API (one read snapshot;
                               with WAL the site keeps serving and writing meanwhile)
    database/gongkai.pgdump    PostgreSQL: pg_dump custom format, taken in an exported snapshot
    media/<path>               every uploaded file under MEDIA_ROOT (local file storage only)
    manifest.json              what the archive holds: created_at, Gongkai version and commit,
                               database vendor, migrations applied per app, row count per table
                               (read in the same snapshot as the dump), size and SHA-256 of every
                               other member
    manifest.json.sha256       the manifest's own checksum

Restoring checks every checksum before anything is changed, then replaces the database (SQLite:
the backup API copies the archived file into the live database in one transaction; PostgreSQL:
pg_restore --clean --if-exists in a single transaction), writes the files, and checks the result:
row counts and migrations equal to the manifest's and the publication ledger verifying.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from .files import human_size

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
MEDIA_PREFIX = "media/"
DB_MEMBER = {"sqlite": "database/gongkai.sqlite3", "postgresql": "database/gongkai.pgdump"}
NAME_PREFIX = "gongkai-backup-"
_NAME_RE = re.compile(r"^gongkai-backup-(\d{8}-\d{6})(?:-(\d+))?\.tar(?:\.gz)?$")
SHANGHAI = ZoneInfo("Asia/Shanghai")
_CHUNK = 1024 * 1024
# Tables a fresh `migrate` fills by itself: rows there do not make a database "hold data".
_BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
# pg_restore waits at most this long for a lock (the site still connected), then gives up.
_PG_LOCK_TIMEOUT = "60s"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    manifest: dict[str, Any]
    pruned: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    files_written: int
    files_unchanged: int
    ledger_entries: int | None
    notes: list[str] = field(default_factory=list)


# --- backup ------------------------------------------------------------------------------------


def backup_create(
    *,
    dest_dir: Path | str | None = None,
    keep: int | None = None,
    compress: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    connection: BaseDatabaseWrapper | None = None,
) -> BackupResult:
    """Write one archive (database, uploaded files, manifest) into dest_dir; keep only the newest `keep`.

    The database is `connections[using]`, or `connection` when given (any other wrapper).
    """
    connection = connection if connection is not None else connections[using]
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"不支持备份该类型的数据库：{vendor}（只支持 SQLite 和 PostgreSQL）。")
    if keep is not None and keep < 1:
        raise BackupError("--keep 必须是不小于 1 的整数。")
    dest = Path(dest_dir) if dest_dir is not None else Path(settings.GONGKAI_BACKUP_DIR)
    dest.mkdir(parents=True, exist_ok=True)
    created = timezone.localtime(timezone.now(), SHANGHAI)
    final = _archive_name(dest, created, compress)
    partial = dest / f".{final.name}.partial"
    notes: list[str] = []

    # The uncompressed copy waits beside the archive (same disk), not in a possibly small /tmp.
    with tempfile.TemporaryDirectory(prefix=".gongkai-backup-", dir=dest) as work:
        db_file = Path(work) / PurePosixPath(DB_MEMBER[vendor]).name
        if vendor == "sqlite":
            db_info = _sqlite_dump(connection, db_file)
        else:
            db_info = _pg_dump(connection, db_file)
        try:
            with tarfile.open(partial, "w:gz" if compress else "w", format=tarfile.PAX_FORMAT) as tar:
                size, digest = _add_file(tar, DB_MEMBER[vendor], db_file)
                db_file.unlink()  # free the space before the files are copied
                files_section = _add_media(tar, notes)
                manifest = {
                    "format": FORMAT,
                    "created_at": created.isoformat(timespec="seconds"),
                    "gongkai": _gongkai_version(),
                    "database": {
                        "vendor": vendor,
                        "member": DB_MEMBER[vendor],
                        "size": size,
                        "sha256": digest,
                        **db_info["about"],
                    },
                    "migrations": db_info["migrations"],
                    "row_counts": db_info["row_counts"],
                    "files": files_section,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                _add_bytes(tar, MANIFEST, body)
                _add_bytes(tar, MANIFEST_SUM, f"{_sha256(body)}  {MANIFEST}\n".encode())
            with open(partial, "rb") as f:
                os.fsync(f.fileno())
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    _fsync_dir(dest)
    pruned = backups_prune(dest_dir=dest, keep=keep) if keep else []
    return BackupResult(path=final, size=final.stat().st_size, manifest=manifest, pruned=pruned, notes=notes)


def backups_list(*, dest_dir: Path | str) -> list[Path]:
    """Finished archives in dest_dir, oldest first (by the time in their names)."""
    found = []
    for path in Path(dest_dir).iterdir():
        m = _NAME_RE.match(path.name)
        if m and path.is_file():
            found.append(((m.group(1), int(m.group(2) or 0)), path))
    return [p for _, p in sorted(found)]


def backups_prune(*, dest_dir: Path | str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives in dest_dir; return the deleted paths."""
    if keep < 1:
        raise BackupError("--keep 必须是不小于 1 的整数。")
    old = backups_list(dest_dir=dest_dir)[:-keep]
    for path in old:
        path.unlink()
    return old


def _archive_name(dest: Path, created: dt.datetime, compress: bool) -> Path:
    stamp = created.strftime("%Y%m%d-%H%M%S")
    ext = ".tar.gz" if compress else ".tar"
    n = 0
    while True:
        name = f"{NAME_PREFIX}{stamp}{f'-{n}' if n else ''}{ext}"
        if not (dest / name).exists() and not (dest / f".{name}.partial").exists():
            return dest / name
        n += 1


def _sqlite_dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    """Copy the live database with the online backup API, then read counts and migrations from the copy."""
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as dst:
        # pages=-1: the whole database in one step, inside one read transaction of the source: a
        # consistent snapshot. Under WAL, writers of other connections are not blocked meanwhile.
        connection.connection.backup(dst)
    with closing(sqlite3.connect(target)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # the archived file stands alone (no -wal)
        cur = copy.cursor()
        about = {"server_version": sqlite3.sqlite_version}
        return {
            "about": about,
            "row_counts": _row_counts(cur, _sqlite_tables(cur)),
            "migrations": _migrations(cur, "sqlite"),
        }


def _pg_dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    """pg_dump (custom format) in an exported snapshot; counts and migrations read in that same snapshot."""
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    tool, tool_major = _pg_tool("pg_dump", at_least=server_major)
    # A connection of our own: the snapshot must stay open while pg_dump runs, whatever the
    # caller's connection is doing.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with closing(raw.cursor()) as cur:
            cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cur.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cur.fetchone()
            _run_pg(
                connection,
                [str(tool), "--format=custom", f"--snapshot={snapshot}", "--lock-wait-timeout=120s"]
                + [f"--file={target}"],
                what="pg_dump",
            )
            counts = _row_counts(cur, _pg_tables(cur))
            migrations = _migrations(cur, "postgresql")
            cur.execute("COMMIT")
    finally:
        raw.close()
    about = {"server_version": server_version, "tool": _tool_version(tool), "tool_major": tool_major}
    return {"about": about, "row_counts": counts, "migrations": migrations}


def _add_media(tar: tarfile.TarFile, notes: list[str]) -> dict[str, Any]:
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        kind = type(storage).__module__ + "." + type(storage).__name__
        if kind.startswith("storages.backends.s3"):
            note = "上传文件存放在 S3 对象存储中，由存储桶自身的版本控制（Versioning）备份，本次未打包文件。"
        else:
            note = f"默认文件存储不是本地文件系统（{kind}），本次未打包上传文件，请用该存储自身的手段备份。"
        notes.append(note)
        return {"storage": kind, "skipped": note, "members": []}
    root = Path(storage.location)
    members = []
    vanished = 0
    for rel, path in _walk_files(root):
        try:
            size, digest = _add_file(tar, MEDIA_PREFIX + rel, path)
        except FileNotFoundError:  # deleted by the site since the folder was listed
            vanished += 1
            continue
        members.append({"path": rel, "size": size, "sha256": digest})
    if vanished:
        notes.append(f"{vanished} 个上传文件在备份过程中被删除，未打包。")
    return {"storage": "filesystem", "members": members}


def _walk_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Regular files under root (symbolic links are not followed), sorted, as (posix relative path, path)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


class _HashingReader(io.RawIOBase):
    """Reads from a file while hashing what was read (the file is read once, into the archive)."""

    def __init__(self, f: IO[bytes]):
        self.f = f
        self.hash = hashlib.sha256()
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.hash.update(data)
        self.count += len(data)
        return data


def _add_file(tar: tarfile.TarFile, arcname: str, path: Path) -> tuple[int, str]:
    with open(path, "rb") as f:
        info = tar.gettarinfo(arcname=arcname, fileobj=f)
        _normalise(info)
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    return reader.count, reader.hash.hexdigest()


def _add_bytes(tar: tarfile.TarFile, arcname: str, data: bytes) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    _normalise(info)
    tar.addfile(info, io.BytesIO(data))


def _normalise(info: tarfile.TarInfo) -> None:
    info.mode = 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""


# --- verify ------------------------------------------------------------------------------------


def archive_verify(*, path: Path | str) -> dict[str, Any]:
    """Read the whole archive and check every member against the manifest; return the manifest.

    Raises BackupError (nothing is changed) when the archive is unreadable, incomplete or altered.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"备份文件不存在：{path}")
    seen: dict[str, tuple[int, str]] = {}
    small: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r|*") as tar:
            for info in tar:
                name = info.name
                if name in seen:
                    raise BackupError(f"备份文件已损坏或被改动：成员 {name} 出现了两次。")
                if not info.isfile():
                    raise BackupError(f"备份文件已损坏或被改动：{name} 不是普通文件。")
                _check_member_name(name)
                f = tar.extractfile(info)
                assert f is not None
                h = hashlib.sha256()
                n = 0
                keep = name in (MANIFEST, MANIFEST_SUM)
                buf = bytearray()
                while chunk := f.read(_CHUNK):
                    h.update(chunk)
                    n += len(chunk)
                    if keep:
                        buf += chunk
                seen[name] = (n, h.hexdigest())
                if keep:
                    small[name] = bytes(buf)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as e:
        raise BackupError(f"备份文件已损坏，无法读取（{type(e).__name__}: {e}）。未做任何更改。") from e

    if MANIFEST not in small or MANIFEST_SUM not in small:
        raise BackupError("备份文件已损坏或不完整：缺少清单 manifest.json。未做任何更改。")
    expected_sum = small[MANIFEST_SUM].decode("ascii", "replace").split()[:1]
    if expected_sum != [_sha256(small[MANIFEST])]:
        raise BackupError("备份文件已损坏：清单 manifest.json 的校验和不符。未做任何更改。")
    try:
        manifest = json.loads(small[MANIFEST])
        vendor = manifest["database"]["vendor"]
        wanted = {manifest["database"]["member"]: (manifest["database"]["size"], manifest["database"]["sha256"])}
        for m in manifest["files"]["members"]:
            wanted[MEDIA_PREFIX + m["path"]] = (m["size"], m["sha256"])
        manifest["row_counts"], manifest["migrations"]  # noqa: B018 (present)
    except (ValueError, KeyError, TypeError) as e:
        raise BackupError(f"备份文件的清单格式不正确（{e}）。未做任何更改。") from e
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式版本：{manifest.get('format')}。未做任何更改。")
    if DB_MEMBER.get(vendor) != manifest["database"]["member"]:
        raise BackupError("备份文件的清单格式不正确（数据库条目）。未做任何更改。")

    for name, (size, digest) in wanted.items():
        if name not in seen:
            raise BackupError(f"备份文件不完整：缺少 {name}。未做任何更改。")
        if seen[name] != (size, digest):
            raise BackupError(f"备份文件已损坏：{name} 的大小或 SHA-256 校验和与清单不符。未做任何更改。")
    extra = sorted(set(seen) - set(wanted) - {MANIFEST, MANIFEST_SUM})
    if extra:
        raise BackupError(f"备份文件被改动：含有清单以外的成员 {extra[0]}。未做任何更改。")
    return manifest


def _check_member_name(name: str) -> None:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or "\\" in name or not p.parts or name != p.as_posix():
        raise BackupError(f"备份文件被改动：成员路径不安全（{name}）。未做任何更改。")


# --- restore -----------------------------------------------------------------------------------


def backup_restore(*, path: Path | str, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Restore the database and the files of an archive, then check the result against its manifest."""
    path = Path(path)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("不能在事务中恢复数据库。")
    manifest = archive_verify(path=path)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"该备份来自 {names.get(vendor, vendor)} 数据库，当前配置的是 "
            f"{names.get(connection.vendor, connection.vendor)}，不能直接恢复。未做任何更改。"
        )
    storage = storages["default"]
    file_members = manifest["files"]["members"]
    media_root = Path(storage.location) if isinstance(storage, FileSystemStorage) else None
    if not force:
        held = _tables_with_rows(connection)
        if held:
            shown = "、".join(f"{t}（{n} 行）" for t, n in held[:5])
            more = f" 等 {len(held)} 张表" if len(held) > 5 else ""
            raise BackupError(
                f"目标数据库已有数据：{shown}{more}。恢复会覆盖这些数据；确认要覆盖请加 --force。未做任何更改。"
            )
        if media_root is not None:
            differing = [m["path"] for m in file_members if _differs(media_root / m["path"], m)]
            if differing:
                raise BackupError(
                    f"上传文件目录中已有 {len(differing)} 个同名但内容不同的文件（如 {differing[0]}）。"
                    "确认要覆盖请加 --force。未做任何更改。"
                )

    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix=".gongkai-restore-", dir=_work_dir()) as work:
        db_file = Path(work) / PurePosixPath(manifest["database"]["member"]).name
        _extract_checked(path, manifest["database"]["member"], db_file, manifest["database"])
        if vendor == "sqlite":
            _sqlite_restore(connection, db_file)
        else:
            _pg_restore(connection, db_file, dump_major=manifest["database"].get("tool_major"))

    written = unchanged = 0
    if media_root is not None:
        written, unchanged = _restore_media(path, media_root, file_members)
        kept = _walk_count(media_root) - len(file_members)
        if kept > 0:
            notes.append(f"上传文件目录中另有 {kept} 个备份里没有的文件，已原样保留。")
    elif file_members:
        notes.append(
            f"当前默认文件存储不是本地文件系统，备份中的 {len(file_members)} 个上传文件未恢复"
            "（可从归档的 media/ 目录取出后上传到对象存储）。"
        )
    elif manifest["files"].get("skipped"):
        notes.append(manifest["files"]["skipped"])

    ledger_entries = _check_restored(connection, manifest, notes)
    return RestoreResult(
        manifest=manifest,
        files_written=written,
        files_unchanged=unchanged,
        ledger_entries=ledger_entries,
        notes=notes,
    )


def _tables_with_rows(connection: BaseDatabaseWrapper) -> list[tuple[str, int]]:
    """Tables of the project's models that hold rows (beyond what `migrate` fills by itself)."""
    from django.apps import apps

    existing = set(connection.introspection.table_names())
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and m._meta.db_table in existing
        }
        - _BOOKKEEPING_TABLES
    )
    held = []
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            n = cur.fetchone()[0]
            if n:
                held.append((table, n))
    return held


def _differs(path: Path, member: dict[str, Any]) -> bool:
    if not path.exists():
        return False
    return not path.is_file() or path.stat().st_size != member["size"] or _file_sha256(path) != member["sha256"]


@contextmanager
def _open_member(archive: Path, names: set[str]) -> Iterator[Iterator[tuple[tarfile.TarInfo, IO[bytes]]]]:
    with tarfile.open(archive, "r|*") as tar:

        def members() -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
            for info in tar:
                if info.name in names and info.isfile():
                    f = tar.extractfile(info)
                    assert f is not None
                    yield info, f

        yield members()


def _copy_checked(src: IO[bytes], dst: IO[bytes], member: dict[str, Any], name: str) -> None:
    h = hashlib.sha256()
    n = 0
    while chunk := src.read(_CHUNK):
        h.update(chunk)
        n += len(chunk)
        dst.write(chunk)
    if (n, h.hexdigest()) != (member["size"], member["sha256"]):
        raise BackupError(f"备份文件在恢复过程中发生变化：{name} 的校验和不符。")
    dst.flush()
    os.fsync(dst.fileno())


def _extract_checked(archive: Path, name: str, target: Path, member: dict[str, Any]) -> None:
    with _open_member(archive, {name}) as found:
        for _info, f in found:
            with open(target, "wb") as out:
                _copy_checked(f, out, member, name)
            return
    raise BackupError(f"备份文件在恢复过程中发生变化：找不到 {name}。")


def _sqlite_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Copy the archived database into the configured one with the backup API: one write transaction
    on the destination, so readers see the old database or the new one, never a mixture, and a crash
    midway leaves the old one (SQLite's journal rolls the copy back). Unlike replacing the file, this
    is also safe with a -wal file beside the live database."""
    connection.ensure_connection()
    with closing(sqlite3.connect(source)) as src:
        try:
            src.backup(connection.connection)
        except sqlite3.Error as e:
            raise BackupError(f"恢复 SQLite 数据库失败（{e}）：请先停止网站和后台任务后再试。") from e


def _pg_restore(connection: BaseDatabaseWrapper, dump: Path, *, dump_major: int | None) -> None:
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    tool, _major = _pg_tool("pg_restore", at_least=max(server_major, dump_major or 0))
    _run_pg(
        connection,
        [
            str(tool),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",  # all or nothing: a failure leaves the database as it was
            "--exit-on-error",
            # Without --dbname pg_restore would print SQL instead of restoring.
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        what="pg_restore",
        extra_env={"PGOPTIONS": f"-c lock_timeout={_PG_LOCK_TIMEOUT}"},
    )


def _restore_media(archive: Path, root: Path, members: list[dict[str, Any]]) -> tuple[int, int]:
    by_name = {MEDIA_PREFIX + m["path"]: m for m in members}
    todo = {name for name, m in by_name.items() if _differs(root / m["path"], m) or not (root / m["path"]).exists()}
    written = 0
    root.mkdir(parents=True, exist_ok=True)
    resolved_root = root.resolve()
    with _open_member(archive, todo) as found:
        for info, f in found:
            m = by_name[info.name]
            target = root / m["path"]
            if not target.resolve().is_relative_to(resolved_root):
                raise BackupError(f"备份文件被改动：成员路径不安全（{info.name}）。")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".restoring")
            try:
                with os.fdopen(fd, "wb") as out:
                    _copy_checked(f, out, m, info.name)
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            written += 1
    if written != len(todo):
        raise BackupError("备份文件在恢复过程中发生变化：部分上传文件缺失。")
    return written, len(members) - written


def _walk_count(root: Path) -> int:
    return sum(1 for _ in _walk_files(root))


def _check_restored(connection: BaseDatabaseWrapper, manifest: dict[str, Any], notes: list[str]) -> int | None:
    """Compare the restored database with the manifest and verify the ledger; raise on a mismatch."""
    with connection.cursor() as cur:
        tables = _sqlite_tables(cur) if connection.vendor == "sqlite" else _pg_tables(cur)
        counts = _row_counts(cur, tables)
        migrations = _migrations(cur, connection.vendor)
    want = manifest["row_counts"]
    wrong = [f"{t}：应为 {n} 行，实为 {counts.get(t, '（表不存在）')}" for t, n in sorted(want.items()) if counts.get(t) != n]
    if wrong:
        raise BackupError("恢复后的数据与备份清单不符：" + "；".join(wrong[:5]))
    extra = sorted(set(counts) - set(want))
    if extra:
        notes.append(f"数据库中另有备份里没有的表（恢复前就存在）：{'、'.join(extra[:5])}。")
    if migrations != manifest["migrations"]:
        raise BackupError("恢复后的迁移状态与备份清单不符。")

    _forget_cached_pages(notes)
    pending, unknown = _migration_drift(connection)
    if unknown:
        notes.append(
            f"备份来自较新的 Gongkai：数据库中有当前代码不认识的迁移（如 {unknown[0]}），请先升级代码再启动网站。"
        )
    if pending:
        notes.append(f"当前代码有 {len(pending)} 个迁移尚未应用到恢复的数据库：请运行 manage.py migrate。")
        notes.append("迁移后请运行 manage.py verify_ledger 核对公开账本。")
        return None
    if unknown:
        return None
    from gongkai.publishing.selectors import ledger_verify

    result = ledger_verify()
    if not result.ok:
        b = result.first_broken
        raise BackupError(
            "数据库和文件已恢复，行数和迁移状态与清单一致，但公开账本核对失败："
            f"第 {b.position} 条（事项 {b.item_id}，第 {b.version_number} 版）：{b.reason}。"
            "请运行 manage.py verify_ledger 查看；若备份前账本已不一致，问题来自备份之前。"
        )
    return result.entries


def _forget_cached_pages(notes: list[str]) -> None:
    """Pages cached before the restore show what the database no longer holds: forget them all
    (the restore bypassed the page cache's invalidation)."""
    from django.apps import apps
    from django.db import DatabaseError

    if not apps.is_installed("gongkai.pagecache"):
        return
    from gongkai.pagecache import store

    try:
        store.clear()
    except DatabaseError:
        notes.append("未能清空整页缓存（缓存表尚未迁移）：迁移后请运行 manage.py pagecache_clear 或删除缓存目录。")


def _migration_drift(connection: BaseDatabaseWrapper) -> tuple[list[str], list[str]]:
    """(migrations the code has but the database lacks, migrations the database has but the code lacks)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    pending = sorted(f"{a}.{n}" for a, n in set(loader.disk_migrations) - set(loader.applied_migrations))
    known_apps = {a for a, _ in loader.disk_migrations}
    unknown = sorted(
        f"{a}.{n}" for a, n in set(loader.applied_migrations) - set(loader.disk_migrations) if a in known_apps
    )
    return pending, unknown


# --- database helpers ----------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(cur: Any) -> list[str]:
    cur.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    return sorted(r[0] for r in cur.fetchall())


def _pg_tables(cur: Any) -> list[str]:
    cur.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    )
    return sorted(r[0] for r in cur.fetchall())


def _row_counts(cur: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cur.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cur.fetchone()[0]
    return counts


def _migrations(cur: Any, vendor: str) -> dict[str, list[str]]:
    tables = _sqlite_tables(cur) if vendor == "sqlite" else _pg_tables(cur)
    if "django_migrations" not in tables:
        return {}
    cur.execute("SELECT app, name FROM django_migrations")
    state: dict[str, list[str]] = {}
    for app, name in cur.fetchall():
        state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


# --- PostgreSQL client tools -------------------------------------------------------------------

# Connection settings passed to libpq through the environment (never on the command line).
_PG_ENV = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    s = connection.settings_dict
    env = dict(os.environ)
    for key, var in _PG_ENV.items():
        if s.get(key):
            env[var] = str(s[key])
    for key, var in _PG_OPTION_ENV.items():
        if s.get("OPTIONS", {}).get(key):
            env[var] = str(s["OPTIONS"][key])
    return env


def _run_pg(
    connection: BaseDatabaseWrapper,
    argv: list[str],
    *,
    what: str,
    extra_env: dict[str, str] | None = None,
) -> None:
    env = _pg_env(connection) | (extra_env or {})
    proc = subprocess.run(argv, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        tail = "\n".join(detail[-8:])
        hint = "（数据库未做更改）" if what == "pg_restore" else ""
        if "lock timeout" in proc.stderr or "canceling statement due to lock timeout" in proc.stderr:
            hint += "：有其他连接占用数据库，请先停止网站和后台任务再恢复"
        raise BackupError(f"{what} 失败{hint}：\n{tail}")


def _pg_tool(name: str, *, at_least: int) -> tuple[Path, int]:
    """The client tool from /usr/lib/postgresql/<major>/bin with the smallest major >= at_least (an
    older pg_dump refuses a newer server; a newer one may write settings an older server lacks)."""
    found: list[tuple[int, Path]] = []
    for p in glob.glob(f"/usr/lib/postgresql/*/bin/{name}"):
        major = PurePosixPath(p).parts[-3]
        if major.isdigit() and os.access(p, os.X_OK):
            found.append((int(major), Path(p)))
    on_path = shutil.which(name) if not found else None  # Debian's /usr/bin one is a version-picking wrapper
    if on_path:
        m = re.search(r"\) (\d+)", _tool_version(Path(on_path)))
        if m:
            found.append((int(m.group(1)), Path(on_path)))
    fitting = sorted(f for f in found if f[0] >= at_least)
    if not fitting:
        have = "、".join(sorted({str(f[0]) for f in found})) or "无"
        raise BackupError(
            f"找不到版本不低于 {at_least} 的 {name}（已安装：{have}）：请安装 postgresql-client-{at_least}。"
        )
    major, path = fitting[0]
    return path, major


def _tool_version(tool: Path) -> str:
    try:
        return subprocess.run([str(tool), "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return ""


# --- small helpers -----------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _work_dir() -> str | None:
    """Where a restore unpacks the database: var/ (on the data disk) when writable, else the system's."""
    var = Path(settings.VAR_DIR)
    return str(var) if var.is_dir() and os.access(var, os.W_OK) else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _gongkai_version() -> dict[str, str | None]:
    base = Path(settings.BASE_DIR)
    version = None
    try:
        with open(base / "pyproject.toml", "rb") as f:
            version = tomllib.load(f)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        pass
    commit = os.environ.get("GONGKAI_COMMIT") or None
    if commit is None and (base / ".git").exists():
        try:
            out = subprocess.run(
                ["git", "-C", str(base), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
            )
            commit = out.stdout.strip() or None if out.returncode == 0 else None
        except OSError:
            commit = None
    return {"version": version, "commit": commit}


def describe(result: BackupResult) -> str:
    """One line for people: where the archive is and how big."""
    return f"{result.path}（{human_size(result.size)}）"

