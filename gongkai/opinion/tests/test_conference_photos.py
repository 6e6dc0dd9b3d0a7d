"""Press conference photos: PNG/JPEG judged by content, alt text required, shown on the public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError

from .. import services
from ..models import ConferencePhoto

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def conference(spokesperson):
    return services.conference_schedule(
        by=spokesperson,
        title="高标准农田建设新闻发布会",
        scheduled_at=timezone.now() - dt.timedelta(hours=2),
        first_spokesperson="主任 张某某",
    )


def upload(name="photo.png", data=PNG):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_png_and_a_jpeg_with_alt_text_show_on_the_public_page(client, conference, spokesperson):
    services.conference_photo_add(conference=conference, by=spokesperson, upload=upload("a.bin", PNG), alt="发言人介绍进展")
    services.conference_photo_add(
        conference=conference, by=spokesperson, upload=upload("b", JPEG), alt="记者提问", caption="现场提问环节"
    )
    png, jpeg = ConferencePhoto.objects.order_by("order")
    assert (png.kind, jpeg.kind) == ("png", "jpeg")
    assert png.file.name.endswith(".png") and jpeg.file.name.endswith(".jpg")  # stored name from content, not upload
    page = client.get(reverse("opinion:conference", kwargs={"pk": conference.pk})).text
    assert f'<img src="{png.get_absolute_url()}" alt="发言人介绍进展"' in page
    assert f'<img src="{jpeg.get_absolute_url()}" alt="记者提问"' in page and "<figcaption>现场提问环节</figcaption>" in page
    response = client.get(png.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert client.get(jpeg.get_absolute_url())["Content-Type"] == "image/jpeg"
    assert AuditEvent.objects.filter(action="photo_add").count() == 2


@pytest.mark.parametrize(
    ("name", "data", "alt", "message"),
    [
        ("fake.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "图", "PNG 或 JPEG"),
        ("report.jpg", b"%PDF-1.7 not an image", "图", "PNG 或 JPEG"),
        ("photo.png", PNG, "   ", "替代文本"),
        ("photo.png", PNG, "长" * 201, "200字"),
    ],
)
def test_a_photo_that_is_not_png_or_jpeg_or_lacks_alt_text_is_refused(conference, spokesperson, media, name, data, alt, message):
    with pytest.raises(WorkflowError, match=message):
        services.conference_photo_add(conference=conference, by=spokesperson, upload=upload(name, data), alt=alt)
    assert ConferencePhoto.objects.count() == 0
    assert not any(p.is_file() for p in media.rglob("*"))


def test_only_press_staff_of_the_agency_may_upload(conference, agency, handler):
    from django.http import Http404

    with pytest.raises(WorkflowError, match="权限"):
        services.conference_photo_add(conference=conference, by=handler, upload=upload(), alt="图")
    outsider = staff(AgencyFactory(slug="czj"), "spokesperson")
    with pytest.raises(Http404):
        services.conference_photo_add(conference=conference, by=outsider, upload=upload(), alt="图")
    assert ConferencePhoto.objects.count() == 0


def test_staff_upload_form_keeps_the_alt_text_on_error_and_removal_takes_the_photo_off(client, conference, spokesperson, media, django_capture_on_commit_callbacks):
    client.force_login(spokesperson)
    url = reverse("opinion:staff_conference", kwargs={"pk": conference.pk})
    page = client.post(url, {"op": "photo", "alt": "发言人答问", "upload": upload("x.png", b"GIF89a....")}).text
    assert "只能上传 PNG 或 JPEG" in page and 'value="发言人答问"' in page
    assert ConferencePhoto.objects.count() == 0

    response = client.post(url, {"op": "photo", "alt": "", "upload": upload()})
    assert "替代文本" in response.text and ConferencePhoto.objects.count() == 0

    assert client.post(url, {"op": "photo", "alt": "发言人答问", "upload": upload()}).status_code == 302
    photo = ConferencePhoto.objects.get()
    stored = media / photo.file.name
    assert stored.read_bytes() == PNG
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"op": "photo_remove", "photo": str(photo.pk)}).status_code == 302
    assert ConferencePhoto.objects.count() == 0 and not stored.exists()
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_a_photo_of_another_conference_or_a_cancelled_one_is_not_served(client, conference, spokesperson):
    photo = services.conference_photo_add(conference=conference, by=spokesperson, upload=upload(), alt="图")
    other = services.conference_schedule(
        by=spokesperson, title="另一场", scheduled_at=timezone.now(), first_spokesperson="副主任 李某"
    )
    assert client.get(reverse("opinion:conference_photo", kwargs={"pk": other.pk, "photo_pk": photo.pk})).status_code == 404
    from ..workflow import conference_flow

    conference_flow.advance(conference, action="cancel", by=spokesperson, reason="改期", agency_id=conference.agency_id)
    assert client.get(photo.get_absolute_url()).status_code == 404


# ---- linked policies (a relation to disclosure items) ----------------------------------------


@pytest.fixture
def policy(agency):
    from gongkai.disclosures.tests.factories import published

    return published(
        staff(agency, "editor"), staff(agency, "reviewer"), staff(agency, "signer"), title="高标准农田建设补助办法"
    ).item


def test_a_conference_links_published_policies_shown_on_its_public_page(client, agency, spokesperson, policy):
    conference = services.conference_schedule(
        by=spokesperson, title="政策吹风会", scheduled_at=timezone.now(), first_spokesperson="主任 张某某", policies=[policy]
    )
    assert list(conference.policies.all()) == [policy] and list(policy.press_conferences.all()) == [conference]
    page = client.get(reverse("opinion:conference", kwargs={"pk": conference.pk})).text
    assert f'<a href="{reverse("disclosures:item", kwargs={"pk": policy.pk})}">高标准农田建设补助办法</a>' in page


def test_linking_a_draft_or_another_agencys_item_is_refused(agency, spokesperson, policy):
    from gongkai.disclosures.tests.factories import draft, published

    unpublished = draft(staff(agency, "editor")).item
    foreign_agency = AgencyFactory(slug="czj")
    foreign = published(
        staff(foreign_agency, "editor"), staff(foreign_agency, "reviewer"), staff(foreign_agency, "signer")
    ).item
    for item, message in ((unpublished, "尚未发布"), (foreign, "本机构或下级机构")):
        with pytest.raises(WorkflowError, match=message):
            services.conference_schedule(
                by=spokesperson, title="吹风会", scheduled_at=timezone.now(), first_spokesperson="主任", policies=[item]
            )
    from ..models import PressConference

    assert PressConference.objects.count() == 0


def test_staff_schedule_form_offers_the_agencys_published_items(client, spokesperson, policy):
    client.force_login(spokesperson)
    url = reverse("opinion:staff_conferences")
    assert "高标准农田建设补助办法" in client.get(url).text
    response = client.post(
        url,
        {
            "kind": "briefing",
            "title": "补助办法吹风会",
            "scheduled_at": "2026-11-20T10:00",
            "first_spokesperson": "主任 张某某",
            "policies": [str(policy.pk)],
        },
    )
    assert response.status_code == 302
    from ..models import PressConference

    assert list(PressConference.objects.get().policies.all()) == [policy]


def test_the_migration_moves_item_links_into_the_relation_and_keeps_other_lines(agency, spokesperson, policy):
    import importlib

    from django.apps import apps

    from gongkai.disclosures.tests.factories import draft

    migration = importlib.import_module("gongkai.opinion.migrations.0004_conference_policies_from_links")
    unpublished = draft(staff(agency, "editor")).item
    links = f"/gk/i/{policy.pk}/\n/gk/i/{unpublished.pk}/\n/gk/i/999999/\n/opinion/conferences/\n/gk/i/{policy.pk}/#top"
    conference = services.conference_schedule(
        by=spokesperson, title="旧数据", scheduled_at=timezone.now(), first_spokesperson="主任", related_links=links
    )
    untouched = services.conference_schedule(
        by=spokesperson, title="无链接", scheduled_at=timezone.now(), first_spokesperson="主任"
    )

    migration.links_to_policies(apps, None)

    conference.refresh_from_db()
    assert list(conference.policies.all()) == [policy]
    assert conference.related_links == f"/gk/i/{unpublished.pk}/\n/gk/i/999999/\n/opinion/conferences/"
    assert untouched.policies.count() == 0 and untouched.related_links == ""

    migration.policies_to_links(apps, None)
    conference.refresh_from_db()
    assert conference.policies.count() == 0
    assert conference.related_links.splitlines()[0] == f"/gk/i/{policy.pk}/"
    assert conference.related_links.endswith("/opinion/conferences/")
