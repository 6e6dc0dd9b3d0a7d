from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import requests_lapse


@db_periodic_task(crontab(minute="15", hour="1"))
def close_lapsed_requests() -> int:
    """Nightly: requests whose applicant let the correction or payment deadline pass are closed (idempotent)."""
    return requests_lapse()
