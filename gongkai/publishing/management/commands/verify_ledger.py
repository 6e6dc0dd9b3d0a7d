"""`manage.py verify_ledger`: recompute the publication hash chain and check each entry's content.

Exit status 0 when the chain holds, 1 with the first broken entry named otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing.selectors import ledger_verify


class Command(BaseCommand):
    help = "重新计算公开账本哈希链，并核对每条记录与已发布内容是否一致"

    def add_arguments(self, parser):
        parser.add_argument("--chain-only", action="store_true", help="只核对哈希链，不核对已发布内容")

    def handle(self, *args, chain_only=False, **options):
        result = ledger_verify(check_content=not chain_only)
        if result.ok:
            self.stdout.write(f"OK: {result.entries} entries, chain intact")
            return
        b = result.first_broken
        raise CommandError(
            f"BROKEN at entry #{b.position} (item {b.item_id}, version {b.version_number}, {b.action}): {b.reason}"
        )
