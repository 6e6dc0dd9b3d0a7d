"""Background work of core: purging expired idempotency keys, the nightly backup."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, lock_task

from . import backup
from .idempotency import keys_purge

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="17"))
def purge_idempotency_keys() -> int:
    """Hourly: delete idempotency keys older than GONGKAI_IDEMPOTENCY_TTL_HOURS (idempotent)."""
    return keys_purge()


def nightly_backup_due(when: dt.datetime) -> bool:
    """Huey's schedule check: at GONGKAI_BACKUP_HOUR:00 Asia/Shanghai time, when GONGKAI_BACKUP_NIGHTLY is on.

    Huey passes a naive time, in UTC or in the consumer's local time depending on its `utc` setting.
    """
    if not settings.GONGKAI_BACKUP_NIGHTLY:
        return False
    aware = when.replace(tzinfo=dt.UTC) if HUEY.utc else when.astimezone()
    local = aware.astimezone(backup.SHANGHAI)
    return local.hour == settings.GONGKAI_BACKUP_HOUR and local.minute == 0


@db_periodic_task(nightly_backup_due)
@lock_task("backup-nightly")
def backup_nightly() -> str:
    """Nightly: one archive into GONGKAI_BACKUP_DIR, keeping the newest GONGKAI_BACKUP_KEEP."""
    result = backup.backup_create(keep=settings.GONGKAI_BACKUP_KEEP)
    logger.warning("nightly backup written: %s", backup.describe(result))
    return str(result.path)
