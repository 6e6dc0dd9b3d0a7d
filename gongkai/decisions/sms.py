"""Pluggable SMS gateway for one-time codes.

GONGKAI_SMS_GATEWAY = "database" (default): the message is stored in SmsMessage and logged, for the
demo and tests. "http": POST {"phone", "text"} as JSON to GONGKAI_SMS_HTTP_URL with a bearer token.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Protocol

from . import conf

log = logging.getLogger(__name__)


class SmsError(Exception):
    pass


class Gateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class DatabaseGateway:
    """Stores the message instead of sending it (and logs it, for the console in development)."""

    def send(self, *, phone: str, text: str) -> None:
        from .models import SmsMessage

        SmsMessage.objects.create(phone=phone, text=text)
        log.info("SMS to %s: %s", phone[:3] + "****" + phone[-4:], text)


class HttpGateway:
    """Posts to the operator's SMS service."""

    def __init__(self, url: str, token: str):
        if not url:
            raise SmsError("未配置短信网关地址（GONGKAI_SMS_HTTP_URL）。")
        self.url, self.token = url, token

    def send(self, *, phone: str, text: str) -> None:
        body = json.dumps({"phone": phone, "text": text}).encode()
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - operator-configured URL
                if response.status >= 300:
                    raise SmsError("短信发送失败，请稍后再试。")
        except OSError as exc:
            raise SmsError("短信发送失败，请稍后再试。") from exc


def gateway() -> Gateway:
    kind = conf.get("GONGKAI_SMS_GATEWAY")
    if kind == "http":
        return HttpGateway(conf.get("GONGKAI_SMS_HTTP_URL"), conf.get("GONGKAI_SMS_HTTP_TOKEN"))
    return DatabaseGateway()
