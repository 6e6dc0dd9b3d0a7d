from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from gongkai.pagecache import nginx

DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"


class Command(BaseCommand):
    help = "生成 nginx 整页缓存配置片段（pagecache-maps.conf 与 pagecache.conf）。"

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="写入 deploy/nginx/，而不是打印")

    def handle(self, *args, write: bool = False, **options):
        files = {"pagecache-maps.conf": nginx.maps_conf(), "pagecache.conf": nginx.location_conf()}
        for name, text in files.items():
            if write:
                DEPLOY.mkdir(parents=True, exist_ok=True)
                (DEPLOY / name).write_text(text)
                self.stdout.write(f"已写入 {DEPLOY / name}")
            else:
                self.stdout.write(f"# ---- {name} ----\n{text}")
