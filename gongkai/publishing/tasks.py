"""Background work: outbox deliveries (with retries) and the ledger catch-up."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def deliver(delivery_id: int) -> None:
    """First try of a delivery, right after it is queued."""
    services.delivery_attempt(delivery_id=delivery_id)


@db_periodic_task(crontab(minute="*"))
def deliveries_retry_due() -> int:
    """Every minute: try again each delivery whose backoff has passed (catches up after downtime)."""
    ids = services.deliveries_due()
    for delivery_id in ids:
        services.delivery_attempt(delivery_id=delivery_id)
    return len(ids)


@db_periodic_task(crontab(minute="*/10"))
def ledger_catch_up() -> int:
    """Every ten minutes: append ledger entries a failure may have left out."""
    return services.ledger_catch_up()


@db_periodic_task(crontab(minute="*", hour="6-22"))
def digest_send() -> int:
    """Every minute from 6:00: the next chunk (GONGKAI_DIGEST_BATCH, 500) of today's digest; a no-op once done."""
    return services.digest_send_batch()
