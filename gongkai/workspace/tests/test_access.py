"""Every staff URL, walked as every role of another agency and as an anonymous visitor.

Objects of agency B must not exist for staff of agency A: each URL answers 404
(or 405 for a method the view does not take), shows nothing of B, and changes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory, UserFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import services
from gongkai.disclosures.models import Attachment, DisclosureItem, ItemVersion, ScreeningHit
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory, draft
from gongkai.workspace.urls import urlpatterns

from .helpers import docx_upload, resident_id, walk

pytestmark = pytest.mark.django_db

# Which of agency B's objects fill <int:pk> of each URL. A new URL pattern must be added here,
# with the objects it acts on, or test_every_url_is_covered fails.
TARGETS: dict[str, tuple[str, ...]] = {
    "login": (),
    "logout": (),
    "otp_verify": (),  # the code step and enrolment act only on the user's own devices
    "otp_setup": (),
    "home": (),
    "item_new": (),
    "version": ("draft", "submitted", "reviewed", "scheduled", "published"),
    "version_edit": ("draft",),
    "version_action": ("draft", "submitted", "reviewed", "scheduled", "published"),
    "attachment_add": ("draft",),
    "attachment": ("attachment",),
    "attachment_remove": ("attachment",),
    "hit_override": ("hit",),
    "item_withdraw": ("published_item",),
    "item_revise": ("published_item",),
}

ACTIONS = ("submit", "approve", "return", "sign", "schedule", "unschedule", "withdraw")


def _names() -> set[str]:
    return {p.name for p in urlpatterns}


def _post_payloads(name: str, column, topic) -> list[dict]:
    """Data that would change the target if the view let it through."""
    if name == "version_action":
        return [{"action": a, "reason": "越权尝试", "publish_at": ""} for a in ACTIONS]
    if name == "version_edit":
        return [{"title": "被篡改的标题", "column": column.pk, "topic": topic.pk, "validity": "valid", "disclosure_mode": "proactive"}]
    if name == "attachment_add":
        return [{"files": [docx_upload("越权.docx", "越权上传")]}]
    if name in ("hit_override", "item_withdraw"):
        return [{"reason": "越权尝试"}]
    return [{}]


@pytest.fixture
def world_b():
    """Agency B with a version in every state, an attachment and an open screening hit."""
    agency = AgencyFactory(name="坊子区财政局", slug="caizheng")
    editor = staff(agency, "editor")
    reviewer = staff(agency, "reviewer")
    signer = staff(agency, "signer")
    objects: dict = {}

    v = draft(editor, title="乙机构草稿", body=f"<p>联系人身份证号{resident_id()}</p>")
    services.attachment_add(version=v, by=editor, upload=docx_upload("乙附件.docx", "乙机构附件"))
    with pytest.raises(WorkflowError):
        services.version_submit(version=v, by=editor)
    objects["draft"] = v
    objects["attachment"] = v.attachments.get()
    objects["hit"] = v.screening_hits.get()

    objects["submitted"] = walk(draft(editor, title="乙机构待审核"), editor=editor)
    objects["reviewed"] = walk(draft(editor, title="乙机构待签发"), editor=editor, reviewer=reviewer)
    in_three_days = timezone.now() + dt.timedelta(days=3)
    objects["scheduled"] = walk(
        draft(editor, title="乙机构定时发布"), editor=editor, reviewer=reviewer, signer=signer, publish_at=in_three_days
    )
    v = objects["published"] = walk(draft(editor, title="乙机构已发布"), editor=editor, reviewer=reviewer, signer=signer)
    objects["published_item"] = v.item
    return objects


@pytest.fixture
def staff_a():
    """Every kind of staff member of agency A: each single role and all roles at once."""
    agency = AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa")
    return [
        staff(agency, "editor"),
        staff(agency, "reviewer"),
        staff(agency, "signer"),
        staff(agency, "editor", "reviewer", "signer", "agency_admin"),
    ]


def _snapshot() -> dict:
    """Everything the workspace could change, row by row."""
    snap = {
        model.__name__: [model_to_dict(obj) | {"pk": obj.pk} for obj in model.objects.order_by("pk")]
        for model in (DisclosureItem, ItemVersion, Attachment, ScreeningHit)
    }
    snap["files"] = [(a.file.name, a.file.storage.exists(a.file.name)) for a in Attachment.objects.order_by("pk")]
    snap["events"] = list(AuditEvent.objects.order_by("pk").values_list("pk", "action"))
    return snap


def _b_texts(world: dict) -> list[str]:
    texts = [world[k].title for k in ("draft", "submitted", "reviewed", "scheduled", "published")]
    return [*texts, world["published_item"].index_number, world["attachment"].original_name]


def test_every_url_is_covered():
    missing = _names() - set(TARGETS)
    assert not missing, f"add the new URL patterns {sorted(missing)} to TARGETS in {__file__}"
    assert not set(TARGETS) - _names(), "TARGETS names a URL pattern that no longer exists"
    for p in urlpatterns:
        takes_pk = "<int:pk>" in str(p.pattern)
        assert takes_pk == bool(TARGETS[p.name]), f"{p.name}: pk in URL and TARGETS disagree"


def test_staff_of_another_agency_get_404_everywhere_and_change_nothing(client, world_b, staff_a):
    column, topic = ColumnFactory(), TopicFactory()
    before = _snapshot()
    secrets = _b_texts(world_b)
    checked = 0
    for user in staff_a:
        client.force_login(user)
        for name, targets in TARGETS.items():
            if not targets:
                if name in ("login", "logout", "otp_verify", "otp_setup"):
                    continue
                response = client.get(reverse(f"workspace:{name}"))
                assert response.status_code == 200, name
                for text in secrets:
                    assert text not in response.content.decode(), (name, text)
                continue
            for key in targets:
                url = reverse(f"workspace:{name}", args=[world_b[key].pk])
                get = client.get(url)
                assert get.status_code in (404, 405), (user.roles, name, key, get.status_code)
                posts = [client.post(url, data) for data in _post_payloads(name, column, topic)]
                for response in [get, *posts]:
                    assert response.status_code in (404, 405), (user.roles, name, key, response.status_code)
                    body = b"".join(response) if hasattr(response, "streaming_content") else response.content
                    for text in secrets:
                        assert text.encode() not in body, (name, key, text)
                assert any(r.status_code == 404 for r in [get, *posts]), (name, key)
                checked += 1
    assert checked == 4 * sum(len(t) for t in TARGETS.values())
    assert _snapshot() == before


def test_anonymous_visitors_are_sent_to_login_from_every_staff_url(client, world_b):
    login = reverse("workspace:login")
    before = _snapshot()
    assert client.get(login).status_code == 200
    for name, targets in TARGETS.items():
        if name == "login":
            continue
        for key in targets or (None,):
            url = reverse(f"workspace:{name}", args=[world_b[key].pk] if key else [])
            for response in (client.get(url), client.post(url, {"action": "submit", "reason": "x"})):
                assert response.status_code == 302, (name, response.status_code)
                assert response["Location"].startswith(login + "?next="), (name, response["Location"])
    assert _snapshot() == before


def test_user_without_agency_is_sent_to_admin(client, world_b):
    admin = UserFactory(agency=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    before = _snapshot()

    response = client.get(reverse("workspace:home"))
    assert response.status_code == 403
    assert 'href="/admin/"' in response.content.decode()
    for name in ("version_action", "item_withdraw"):
        key = TARGETS[name][-1]
        response = client.post(reverse(f"workspace:{name}", args=[world_b[key].pk]), {"action": "withdraw", "reason": "x"})
        assert response.status_code == 403
    assert _snapshot() == before


def test_login_page_logs_staff_in(client, staff_a, settings):
    user = staff_a[0]
    page = client.get(reverse("workspace:login")).content.decode()
    assert settings.GONGKAI_SITE["title"] in page and settings.GONGKAI_SITE["host_org"] in page  # header text and footer
    response = client.post(reverse("workspace:login"), {"username": user.username, "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    response = client.post(reverse("workspace:login"), {"username": user.username, "password": "correct-horse-42"})
    assert response.status_code == 302 and response["Location"] == reverse("workspace:home")
    assert client.get(reverse("workspace:home")).status_code == 200
    response = client.post(reverse("workspace:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("workspace:login")
    assert client.get(reverse("workspace:home")).status_code == 302
