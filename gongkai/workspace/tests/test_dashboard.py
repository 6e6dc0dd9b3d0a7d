"""The dashboard: queues with counts, and the agency's list that filters, searches, sorts and pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.disclosures.models import ItemVersion
from gongkai.disclosures.tests.factories import draft

from .helpers import walk

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [v.title for v in response.context["page"].object_list]


def test_queues_show_each_role_its_work(client, editor, reviewer, signer):
    mine = draft(editor, title="编辑的草稿")
    waiting = walk(draft(editor, title="等待审核的信息"), editor=editor)
    client.force_login(reviewer)
    queues = {q["key"]: q for q in client.get(reverse("workspace:home")).context["queues"]}
    assert set(queues) == {"review", "scheduled"}
    assert queues["review"]["count"] == 1 and queues["review"]["rows"] == [waiting]

    client.force_login(editor)
    response = client.get(reverse("workspace:home"))
    queues = {q["key"]: q for q in response.context["queues"]}
    assert queues["drafts"]["rows"] == [mine]
    html = response.content.decode()
    assert editor.display_name in html and editor.agency.name in html and "编辑" in html


def test_agency_list_filters_searches_and_sorts(client, editor, reviewer):
    old = draft(editor, title="关于春耕的通知")
    new = walk(draft(editor, title="关于秋收的通知"), editor=editor)
    ItemVersion.objects.filter(pk=old.pk).update(updated_at=new.updated_at.replace(year=2025))
    client.force_login(reviewer)
    url = reverse("workspace:home")

    assert _titles(client.get(url)) == ["关于秋收的通知", "关于春耕的通知"]
    assert _titles(client.get(url, {"sort": "updated"})) == ["关于春耕的通知", "关于秋收的通知"]
    assert _titles(client.get(url, {"state": "submitted"})) == ["关于秋收的通知"]
    assert _titles(client.get(url, {"q": "春耕"})) == ["关于春耕的通知"]
    assert _titles(client.get(url, {"column": old.column_id + 999})) == ["关于秋收的通知", "关于春耕的通知"]
    response = client.get(url, {"column": old.column_id, "sort": "updated"})
    assert _titles(response) == ["关于春耕的通知"]
    assert "aria-sort=\"ascending\"" in response.content.decode()
