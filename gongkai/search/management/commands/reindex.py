"""Rebuild the search index from the published items, in batches, while the site keeps serving."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gongkai.search import services


class ProgressBar:
    """A one-line progress bar on a terminal (plain progress lines elsewhere)."""

    def __init__(self, stream, width: int = 30):
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_line = 0.0

    def __call__(self, done: int, total: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        share = done / total if total else 1.0
        filled = int(self.width * share)
        eta = (total - done) / rate if rate else 0
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {share:4.0%}  {rate:,.0f} 条/秒  剩余约 {eta:,.0f} 秒"
        if self.tty:
            self.stream.write("\r" + line)
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif done >= total or time.monotonic() - self.last_line > 5 or done == 0:
            self.stream.write(line + "\n")
            self.stream.flush()
            self.last_line = time.monotonic()


class Command(BaseCommand):
    help = "重建全文检索索引（分批进行，网站可照常访问）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--reset", action="store_true", help="先清空并重建词项索引（索引损坏时）")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")

    def handle(self, *args, batch_size: int, reset: bool, quiet: bool, **options):
        self.stderr.ending = ""  # the bar ends its own lines
        progress = None if quiet or options.get("verbosity", 1) == 0 else ProgressBar(self.stderr)
        report = services.index_rebuild(batch_size=batch_size, reset=reset, progress=progress)
        rate = report.indexed / report.seconds if report.seconds else 0
        self.stdout.write(
            f"已索引 {report.indexed} 条，移除 {report.removed} 条，用时 {report.seconds:.1f} 秒（{rate:,.0f} 条/秒）。"
        )
