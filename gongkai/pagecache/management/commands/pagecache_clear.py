from django.core.management.base import BaseCommand

from gongkai.pagecache import store


class Command(BaseCommand):
    help = "清空整页缓存（全部缓存文件及其索引）。"

    def handle(self, *args, **options):
        store.clear()
        self.stdout.write("整页缓存已清空。")
