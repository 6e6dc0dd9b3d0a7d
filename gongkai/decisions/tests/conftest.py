"""Every public response of this app's tests is scanned for the planted personal data."""

from __future__ import annotations

import pytest
from django.core.handlers.base import BaseHandler

from .factories import PLANTED_NAMES, PLANTED_PHONES

STAFF_PREFIXES = ("/staff/", "/admin/")


@pytest.fixture(autouse=True)
def no_personal_data_in_public_responses(monkeypatch):
    """Wraps Django's request handling (test client and live server alike) and records public responses."""
    seen: list[tuple[str, str]] = []
    original = BaseHandler.get_response

    def recording(self, request):
        body = request.body.decode("utf-8", errors="replace") if request.method == "POST" else ""
        response = original(self, request)
        if not request.path.startswith(STAFF_PREFIXES) and not getattr(response, "streaming", False):
            # A form shown again with the visitor's own typed input is not a leak: it goes back to them.
            own = body + (" ".join(v for _, values in request.POST.lists() for v in values) if request.method == "POST" else "")
            seen.append((request.path, response.content.decode("utf-8", errors="replace"), own))
        return response

    monkeypatch.setattr(BaseHandler, "get_response", recording)
    yield seen
    leaks = [(path, value) for path, body, own in seen for value in (*PLANTED_PHONES, *PLANTED_NAMES) if value in body and value not in own]
    assert not leaks, f"personal data in public responses: {leaks}"
