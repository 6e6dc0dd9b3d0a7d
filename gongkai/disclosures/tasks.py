"""Background work of the disclosures app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import publish_due_versions


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_items() -> int:
    """Every minute: publish signed items whose scheduled time has come (catches up after downtime)."""
    return publish_due_versions()
