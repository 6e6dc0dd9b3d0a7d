"""`manage.py restore ARCHIVE`: verify an archive of `backup`, restore database and files, check the result."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import backup


class Command(BaseCommand):
    help = "从 backup 生成的归档恢复数据库和上传文件：先核对校验和，恢复后核对行数、迁移状态和公开账本"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="归档文件（gongkai-backup-*.tar 或 .tar.gz）")
        parser.add_argument("--force", action="store_true", help="目标数据库已有数据时仍然覆盖")
        parser.add_argument("--verify-only", action="store_true", help="只核对归档的完整性，不做恢复")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, archive, force=False, verify_only=False, database="default", **options):
        try:
            if verify_only:
                manifest = backup.archive_verify(path=archive)
                self.stdout.write(self.style.SUCCESS(_summary("归档完好", manifest)))
                return
            result = backup.backup_restore(path=archive, force=force, using=database)
        except backup.BackupError as e:
            raise CommandError(str(e)) from e
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(f"上传文件：写入 {result.files_written} 个，{result.files_unchanged} 个已相同")
        if result.ledger_entries is not None:
            self.stdout.write(f"公开账本核对通过：{result.ledger_entries} 条")
        self.stdout.write(self.style.SUCCESS(_summary("恢复完成，行数和迁移状态与清单一致", result.manifest)))


def _summary(head: str, manifest: dict) -> str:
    gk = manifest.get("gongkai") or {}
    commit = (gk.get("commit") or "")[:12]
    return (
        f"{head}：备份于 {manifest['created_at']}，{manifest['database']['vendor']}，"
        f"{len(manifest['row_counts'])} 张表、{sum(manifest['row_counts'].values())} 行，"
        f"{len(manifest['files']['members'])} 个上传文件"
        + (f"，Gongkai {gk.get('version')} {commit}".rstrip() if gk.get("version") else "")
    )
