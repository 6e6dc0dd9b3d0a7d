"""Requests for tests."""

from __future__ import annotations

import datetime as dt

from gongkai.core.models import Agency
from gongkai.info_requests.crypto import encrypt_id, id_digest
from gongkai.info_requests.models import ClockEvent, InfoRequest
from gongkai.info_requests.services import new_tracking_code

APPLICANT = {
    "applicant_type": "natural_person",
    "name": "张三",
    "id_number": "370704199001011234",
    "phone": "13800000000",
    "description": "2025年农业综合开发项目资金分配文件",
    "delivery": "online",
}


def request_row(agency: Agency, *, received_on: dt.date, concluded_on: dt.date | None = None, outcome: str = "",
                applicant_type: str = "natural_person", state: str | None = None) -> InfoRequest:
    """A request written straight into the table, for counting tests (no workflow)."""
    req = InfoRequest.objects.create(
        agency=agency, tracking_code=new_tracking_code(received_on.year), channel="online", arrived_on=received_on,
        received_on=received_on, applicant_type=applicant_type, name="申请人", phone="1", description="某信息",
        id_number_encrypted=encrypt_id("370704199001011234"), id_digest=id_digest("370704199001011234"),
        outcome=outcome, concluded_on=concluded_on,
        state=state or ("replied" if concluded_on else "handling"),
    )
    ClockEvent.objects.create(request=req, kind="received", on=received_on)
    if concluded_on:
        ClockEvent.objects.create(request=req, kind="concluded", on=concluded_on)
    return req
