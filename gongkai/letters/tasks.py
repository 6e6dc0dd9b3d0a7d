"""Background work: reminders for every statutory clock of the platform (letters, opinion, and any
app exposing `clocks.py`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .notifications import clock_reminders_run


@db_periodic_task(crontab(minute="*/5"))
@lock_task("clock-reminders")
def send_clock_reminders() -> int:
    """Every 5 minutes: remind at 50/80/100 % and escalate at 100 %; idempotent, catches up after downtime."""
    return clock_reminders_run()
