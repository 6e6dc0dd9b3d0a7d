"""Background work of opinion: the feed watcher."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .intake import feeds_watch


@db_periodic_task(crontab(minute="*/5"))
@lock_task("opinion-feeds")
def watch_feeds() -> int:
    """Every 5 minutes: new matching feed entries become incidents (or fold into one)."""
    return feeds_watch()
