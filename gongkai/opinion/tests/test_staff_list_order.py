"""Found by the fuzz runs (an UnorderedObjectListWarning): the staff list of incidents is annotated with
aggregates, which drops Meta.ordering, so its pages came in no defined order. Newest first, as declared."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from django.core.paginator import UnorderedObjectListWarning
from django.utils import timezone

from .. import selectors, services

pytestmark = pytest.mark.django_db


def test_the_staff_list_is_newest_first_and_paginates_an_ordered_list(client, agency, handler):
    now = timezone.now()
    for days, title in ((3, "三天前"), (1, "一天前"), (2, "两天前")):
        services.incident_raise(agency=agency, by=handler, title=title, discovered_at=now - dt.timedelta(days=days))
    assert [i.title for i in selectors.staff_incidents(handler)] == ["一天前", "两天前", "三天前"]

    client.force_login(handler)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        page = client.get("/opinion/staff/").content.decode()
    assert page.index("一天前") < page.index("两天前") < page.index("三天前")
