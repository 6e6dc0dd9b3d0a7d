"""Django admin for system administrators: calendar edits are audited, the audit trail is read-only."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core import workdays
from gongkai.core.models import AuditEvent, CalendarDay, Role
from gongkai.core.tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", password="x" * 12)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "url",
    [
        "/admin/core/agency/",
        "/admin/core/user/",
        "/admin/core/secrecymark/",
        "/admin/core/auditevent/",
        "/admin/core/calendaryear/",
        "/admin/core/calendarday/",
        "/admin/core/calendarday/add/",
    ],
)
def test_system_admin_pages_open(client, root, url):
    assert client.get(url).status_code == 200


def test_user_page_has_the_role_inline(client, root):
    user = staff(AgencyFactory(), Role.EDITOR)
    html = client.get(f"/admin/core/user/{user.pk}/change/").content.decode()
    assert "role_grants-TOTAL_FORMS" in html


def test_audit_events_cannot_be_added_or_changed(client, root):
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    event = AuditEvent.objects.create(actor=root, content_type_id=1, object_id=1, action="x")
    response = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"action": "y"})
    assert response.status_code in (200, 403)
    event.refresh_from_db()
    assert event.action == "x"
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403


def test_adding_a_day_in_admin_changes_the_calendar_and_is_audited(client, root):
    assert workdays.is_workday(dt.date(2025, 10, 13))
    response = client.post(
        "/admin/core/calendarday/add/", {"date": "2025-10-13", "is_workday": "", "note": "临时放假"}
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=dt.date(2025, 10, 13))
    assert day.entered_by == root
    assert not workdays.is_workday(dt.date(2025, 10, 13))
    assert AuditEvent.objects.filter(object_id=day.pk, action="calendar_added", actor=root).exists()


def test_a_day_before_2004_is_refused_in_admin(client, root):
    response = client.post("/admin/core/calendarday/add/", {"date": "2003-10-13", "note": ""})
    assert response.status_code == 200
    assert "年份须在2004年至2099年之间" in response.content.decode()
    assert not CalendarDay.objects.exists()
