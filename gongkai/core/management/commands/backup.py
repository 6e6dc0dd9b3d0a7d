"""`manage.py backup`: one archive with the database, the uploaded files and a manifest (gongkai/core/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.core import backup
from gongkai.core.files import human_size


class Command(BaseCommand):
    help = "备份数据库和上传文件（SQLite 在线备份或 pg_dump），生成带清单和校验和的归档"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help=f"归档存放目录（默认 {settings.GONGKAI_BACKUP_DIR}）",
        )
        parser.add_argument("--keep", type=int, default=None, help="只保留最新的 N 个归档，删除更早的")
        parser.add_argument("--gzip", action="store_true", help="用 gzip 压缩归档（.tar.gz）")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, dir=None, keep=None, gzip=False, database="default", **options):
        try:
            result = backup.backup_create(dest_dir=dir, keep=keep, compress=gzip, using=database)
        except backup.BackupError as e:
            raise CommandError(str(e)) from e
        for note in result.notes:
            self.stdout.write(note)
        m = result.manifest
        self.stdout.write(
            f"数据库表 {len(m['row_counts'])} 张、共 {sum(m['row_counts'].values())} 行；"
            f"上传文件 {len(m['files']['members'])} 个"
        )
        for path in result.pruned:
            self.stdout.write(f"已删除旧备份：{path}")
        self.stdout.write(self.style.SUCCESS(f"备份完成：{result.path}（{human_size(result.size)}）"))
