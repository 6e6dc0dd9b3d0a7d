"""Background work of the search index."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*/5"))
@lock_task("search-index-repair")
def repair_search_index_periodically() -> None:
    """Every five minutes: retry failed updates, index what is out of step, rebuild a broken index."""
    services.index_repair()


@db_periodic_task(crontab(hour="3", minute="40"))
@lock_task("search-index-repair")
def check_search_index_nightly() -> None:
    """Every night: the same, with the full FTS integrity check."""
    services.index_repair(thorough=True)


@db_task()
@lock_task("search-index-repair")
def repair_search_index() -> None:
    """On demand (a search found the index unusable)."""
    services.index_repair()


@db_task()
@lock_task("search-index-repair")
def rebuild_search_index() -> None:
    """On demand (the user dictionary changed): segment every item again."""
    services.index_rebuild()
