"""Letters for tests, made through the service like the public form does."""

from __future__ import annotations

import datetime as dt
import uuid

from gongkai.core.models import Agency

from .. import services
from ..models import Letter


def letter(agency: Agency, *, received_at: dt.datetime | None = None, **fields) -> Letter:
    """A received letter from 王小明 (phone 13912345678), optionally received at a given time."""
    values = {
        "subject": "建议增加农田水利设施",
        "content": "希望在王家庄增加灌溉设施。",
        "name": "王小明",
        "phone": "13912345678",
        "email": "",
        "publish_consent": True,
        "idempotency_key": uuid.uuid4().hex,
    }
    values.update(fields)
    made, _ = services.letter_submit(agency=agency, now=received_at, **values)
    return made
