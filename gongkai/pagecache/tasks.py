from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import store


@db_periodic_task(crontab(minute="*"))
@lock_task("pagecache-purge")
def purge_expired_pages() -> int:
    """Every minute: delete pages past their expiry, which nginx would otherwise keep serving."""
    return store.purge_expired()
