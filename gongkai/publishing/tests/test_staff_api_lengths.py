"""Found by the stored-XSS test on PostgreSQL: the staff API let a 文号 of up to 100 characters through to
a column of 80, so the insert failed with a server error (SQLite does not enforce lengths). The API's
limits now match the columns they fill, and a longer value is refused with a Chinese message."""

from __future__ import annotations

import pytest

from gongkai.disclosures.models import DisclosureItem, ItemVersion
from gongkai.publishing import services
from gongkai.publishing.staff_api import ItemIn

pytestmark = pytest.mark.django_db


def test_no_item_field_accepts_more_than_its_column_holds():
    for name, field in ItemIn.model_fields.items():
        limits = [m.max_length for m in field.metadata if getattr(m, "max_length", None)]
        column = ItemVersion._meta.get_field(name)
        if limits and getattr(column, "max_length", None):
            assert limits[0] <= column.max_length, name


def test_a_too_long_doc_number_is_refused_with_a_chinese_message(client, team, column, topic):
    raw = services.api_token_create(by=team.editor, name="对接系统")[1]
    body = {"title": "关于农田建设的通知", "column": column.slug, "topic": topic.code, "doc_number": "坊" * 81}
    response = client.post("/api/v1/staff/items", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 422
    assert "doc_number" in response.json()["message"] and "过长" in response.json()["message"]
    assert not DisclosureItem.objects.exists()
