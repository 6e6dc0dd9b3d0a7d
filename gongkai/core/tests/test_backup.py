"""`manage.py backup` and `manage.py restore`: round trips, damaged archives, refusals, concurrent writes.

The tests commit (a backup is read by pg_dump from another connection), so they are transactional.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections

from gongkai.core import backup
from gongkai.core.models import Role, User
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures import services as disclosure_services
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory, draft
from gongkai.publishing.models import LedgerEntry
from gongkai.publishing.selectors import ledger_verify

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _page_cache_dir(settings, tmp_path):
    """A restore forgets every cached page: keep that to a temporary folder."""
    settings.GONGKAI_PAGECACHE_DIR = tmp_path / "pagecache"


def _publish_with_attachment(title: str) -> tuple:
    agency = AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa")
    editor = staff(agency, Role.EDITOR)
    reviewer = staff(agency, Role.REVIEWER)
    signer = staff(agency, Role.SIGNER)
    version = draft(editor, title=title, column=ColumnFactory(slug="policies"), topic=TopicFactory(code="A01"))
    disclosure_services.attachment_add(
        version=version, by=editor, upload=SimpleUploadedFile("实施方案附件.png", PNG + title.encode())
    )
    version = disclosure_services.version_submit(version=version, by=editor)
    version = disclosure_services.version_approve(version=version, by=reviewer)
    version = disclosure_services.version_sign(version=version, by=signer)
    return version, editor, reviewer, signer


def _database() -> dict:
    """Every row of every model, and the row count of every table (the search index tables too).

    Not the page cache's index: a restore forgets every cached page (and bumps its generation).
    """
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy and model._meta.app_label != "pagecache":
            rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
    with connection.cursor() as cur:
        tables = backup._sqlite_tables(cur) if connection.vendor == "sqlite" else backup._pg_tables(cur)
        counts = backup._row_counts(cur, [t for t in tables if not t.startswith("pagecache_")])
    return {"rows": rows, "counts": counts}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _backup(dest: Path, *args: str) -> Path:
    out = io.StringIO()
    call_command("backup", "--dir", str(dest), *args, stdout=out)
    archives = backup.backups_list(dest_dir=dest)
    assert str(archives[-1]) in out.getvalue()
    return archives[-1]


def _restore(archive: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *args, stdout=out)
    return out.getvalue()


def test_round_trip_restores_the_database_and_the_uploaded_files(tmp_path, settings):
    version, editor, reviewer, signer = _publish_with_attachment("关于推进政务公开工作的实施方案")
    media = Path(settings.MEDIA_ROOT)
    (media / "其他").mkdir()
    (media / "其他" / "说明.txt").write_bytes("备份测试".encode())
    before_db, before_files = _database(), _files(media)
    assert before_db["counts"]["publishing_ledgerentry"] == 1
    assert len(before_files) == 2

    archive = _backup(tmp_path / "backups")

    manifest = backup.archive_verify(path=archive)
    assert manifest["database"]["vendor"] == connection.vendor
    counts = {t: n for t, n in manifest["row_counts"].items() if not t.startswith("pagecache_")}
    assert counts == before_db["counts"]
    assert set(manifest["migrations"]) >= {"core", "disclosures", "publishing"}
    assert {m["path"]: m["size"] for m in manifest["files"]["members"]} == {
        p: len(b) for p, b in before_files.items()
    }
    assert manifest["gongkai"]["version"]
    assert manifest["created_at"].endswith("+08:00")
    with tarfile.open(archive) as tar:
        body = tar.extractfile("manifest.json").read()
        assert tar.extractfile("manifest.json.sha256").read().decode().split()[0] == backup._sha256(body)
        assert tar.getnames()[0] == manifest["database"]["member"]

    # Everything changes after the backup: a revision is published, a user goes, files change.
    revision = disclosure_services.item_revise(item=version.item, by=editor)
    disclosure_services.version_update(version=revision, by=editor, title="关于推进政务公开工作的实施方案（修订）")
    revision = disclosure_services.version_submit(version=revision, by=editor)
    revision = disclosure_services.version_approve(version=revision, by=reviewer)
    disclosure_services.version_sign(version=revision, by=signer)
    User.objects.filter(pk=reviewer.pk).update(is_active=False)
    attachment_path = next(p for p in before_files if p.startswith("attachments/"))
    (media / attachment_path).write_bytes(b"overwritten")
    (media / "其他" / "说明.txt").unlink()
    (media / "new.txt").write_bytes(b"uploaded after the backup")
    assert LedgerEntry.objects.count() == 2
    assert _database() != before_db
    cached = Path(settings.GONGKAI_PAGECACHE_DIR) / "e0c0s0" / "index.html"
    cached.parent.mkdir(parents=True)
    cached.write_text("<h1>关于推进政务公开工作的实施方案（修订）</h1>")

    out = _restore(archive, "--force")

    assert _database() == before_db
    after_files = _files(media)
    assert {p: after_files[p] for p in before_files} == before_files
    assert after_files["new.txt"] == b"uploaded after the backup"  # not in the backup: kept, and said so
    assert "另有 1 个备份里没有的文件" in out
    assert "写入 2 个" in out
    assert "公开账本核对通过：1 条" in out
    assert ledger_verify().ok
    assert not cached.exists()  # pages cached before the restore are forgotten


def _damage(archive: Path, kind: str, target: Path) -> Path:
    data = bytearray(archive.read_bytes())
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
    if kind == "database byte flipped":
        offset = members[next(n for n in members if n.startswith("database/"))].offset_data + 100
        data[offset] ^= 0xFF
    elif kind == "uploaded file byte flipped":
        offset = members[next(n for n in members if n.startswith("media/"))].offset_data
        data[offset] ^= 0x01
    elif kind == "truncated":
        data = data[: members["manifest.json"].offset_data - 700]
    elif kind == "manifest edited":
        m = members["manifest.json"]
        body = bytes(data[m.offset_data : m.offset_data + m.size])
        edited = body.replace(b'"row_counts": {', b'"row_counts":{ ', 1)  # same length, other checksum
        assert edited != body and len(edited) == len(body)
        data[m.offset_data : m.offset_data + m.size] = edited
    target.write_bytes(bytes(data))
    return target


DAMAGES = {
    "database byte flipped": "database/gongkai.",
    "uploaded file byte flipped": "media/attachments/",
    "truncated": "备份文件已损坏，无法读取",
    "manifest edited": "清单 manifest.json 的校验和不符",
}


def test_a_damaged_archive_is_refused_and_nothing_changes(tmp_path, settings):
    _publish_with_attachment("关于推进政务公开工作的实施方案")
    archive = _backup(tmp_path / "backups")
    assert "归档完好" in _restore(archive, "--verify-only")
    staff(AgencyFactory(slug="later"), Role.EDITOR, username="added-after-backup")
    media = Path(settings.MEDIA_ROOT)
    for path in media.rglob("*.png"):
        path.write_bytes(b"changed after backup")
    before_db, before_files = _database(), _files(media)

    for kind, said in DAMAGES.items():
        damaged = _damage(archive, kind, tmp_path / "damaged.tar")
        with pytest.raises(CommandError) as refused:
            _restore(damaged, "--force")
        assert said in str(refused.value), kind
        assert "未做任何更改" in str(refused.value), kind
        assert _database() == before_db, kind
        assert _files(media) == before_files, kind


def test_restore_over_data_or_different_files_is_refused_without_force(tmp_path, settings):
    _publish_with_attachment("关于推进政务公开工作的实施方案")
    archive = _backup(tmp_path / "backups")
    backed_up = _database()
    staff(AgencyFactory(slug="later"), Role.EDITOR, username="added-after-backup")
    before_db = _database()

    with pytest.raises(CommandError) as refused:
        _restore(archive)

    assert "目标数据库已有数据" in str(refused.value) and "--force" in str(refused.value)
    assert _database() == before_db

    # An emptied database (only what migrate fills itself) is no obstacle, a different file under
    # an archived file's name is.
    call_command("flush", interactive=False, verbosity=0)
    media = Path(settings.MEDIA_ROOT)
    png = next(media.rglob("*.png"))
    original = png.read_bytes()
    png.write_bytes(b"another file under the same name")
    before_db = _database()

    with pytest.raises(CommandError) as refused:
        _restore(archive)

    assert "同名但内容不同" in str(refused.value) and "--force" in str(refused.value)
    assert png.read_bytes() == b"another file under the same name"
    assert _database() == before_db

    png.unlink()
    _restore(archive)
    assert _database()["rows"] == backed_up["rows"]
    assert png.read_bytes() == original


def test_keep_deletes_all_but_the_newest_archives(tmp_path):
    dest = tmp_path / "backups"
    dest.mkdir()
    for name in [
        "gongkai-backup-20261201-020000.tar",
        "gongkai-backup-20261202-020000.tar.gz",
        "gongkai-backup-20261203-020000.tar",
        "notes.txt",
    ]:
        (dest / name).write_bytes(b"x")

    newest = _backup(dest, "--keep", "2")

    kept = sorted(p.name for p in dest.iterdir())
    assert kept == sorted(["gongkai-backup-20261203-020000.tar", newest.name, "notes.txt"])
    with pytest.raises(CommandError, match="--keep"):
        _backup(dest, "--keep", "0")
    assert backup.backups_list(dest_dir=dest) == [dest / "gongkai-backup-20261203-020000.tar", newest]


def test_uploaded_files_on_s3_are_left_to_the_buckets_versioning(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "gongkai-media"}},
    }
    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path), stdout=out)

    assert "S3 对象存储" in out.getvalue() and "版本控制" in out.getvalue()
    manifest = backup.archive_verify(path=backup.backups_list(dest_dir=tmp_path)[-1])
    assert manifest["files"]["members"] == []
    assert manifest["files"]["storage"].startswith("storages.backends.s3")


def test_the_nightly_backup_runs_at_the_configured_hour_shanghai_time_and_only_when_switched_on(tmp_path, settings):
    from gongkai.core import tasks

    at_two = dt.datetime(2026, 12, 7, 2, 0)  # naive local time, as Huey (utc=False) passes it
    assert settings.GONGKAI_BACKUP_NIGHTLY is False  # off under tests
    assert not tasks.nightly_backup_due(at_two)

    settings.GONGKAI_BACKUP_NIGHTLY = True
    settings.GONGKAI_BACKUP_HOUR = 2
    assert tasks.nightly_backup_due(at_two)
    assert not tasks.nightly_backup_due(at_two.replace(minute=1))
    assert not tasks.nightly_backup_due(at_two.replace(hour=18))

    settings.GONGKAI_BACKUP_DIR = tmp_path
    settings.GONGKAI_BACKUP_KEEP = 1
    (tmp_path / "gongkai-backup-20261206-020000.tar").write_bytes(b"last night's")
    written = tasks.backup_nightly.call_local()
    assert backup.backups_list(dest_dir=tmp_path) == [Path(written)]
    assert backup.archive_verify(path=written)["database"]["vendor"] == connection.vendor


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the SQLite online backup API")
def test_backup_takes_a_consistent_copy_while_another_thread_writes(tmp_path):
    """A file database in WAL mode, as served; each write transaction adds one row to two tables."""
    path = tmp_path / "live.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT)")
        db.execute("CREATE TABLE order_lines (id INTEGER PRIMARY KEY, order_id INTEGER, body TEXT)")
        pad = "政务公开" * 100
        db.executemany("INSERT INTO orders (body) VALUES (?)", [(pad,)] * 5000)
        db.execute("INSERT INTO order_lines (order_id, body) SELECT id, body FROM orders")
    db.close()

    stop = threading.Event()
    committed = []
    errors = []

    def write():
        w = sqlite3.connect(path, timeout=20, isolation_level=None)
        w.execute("PRAGMA busy_timeout=20000")
        try:
            while not stop.is_set():
                w.execute("BEGIN IMMEDIATE")
                cur = w.execute("INSERT INTO orders (body) VALUES ('新')")
                w.execute("INSERT INTO order_lines (order_id, body) VALUES (?, '新')", (cur.lastrowid,))
                w.execute("COMMIT")
                committed.append(time.monotonic())
        except Exception as e:  # pragma: no cover - reported by the assertion below
            errors.append(e)
        finally:
            w.close()

    # A database of its own, beside the test database (Django's options: WAL, busy timeout).
    default = connections["default"]
    live = type(default)({**default.settings_dict, "NAME": str(path)}, alias="backup_live_test")
    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(committed) < 50:
            time.sleep(0.001)
        results = []
        for _ in range(3):
            start = len(committed)
            results.append((start, backup.backup_create(dest_dir=tmp_path / "backups", connection=live)))
        stop.set()
        writer.join()
    finally:
        stop.set()
        writer.join()
        live.close()

    assert errors == []
    for start, result in results:
        counts = result.manifest["row_counts"]
        # One snapshot: both tables at the same transaction, somewhere while the writer wrote.
        assert counts["orders"] == counts["order_lines"]
        assert 5000 + start <= counts["orders"] <= 5000 + len(committed)
        with tarfile.open(result.path) as tar:
            copy = tmp_path / "copy.sqlite3"
            copy.write_bytes(tar.extractfile(result.manifest["database"]["member"]).read())
        with sqlite3.connect(copy) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == counts["orders"]
        copy.unlink()
    assert len(committed) > results[-1][0]  # the writer went on during and after the backups
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 5000 + len(committed)

