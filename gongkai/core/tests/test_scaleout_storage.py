"""Uploaded files on S3-compatible object storage (django-storages), against a real S3 HTTP server
on loopback (moto's server): upload through the staff workspace, text extraction, the object in
the bucket, staff and public downloads, removal; nothing lands in the local MEDIA_ROOT."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

import boto3
import docx
import pytest
from botocore.exceptions import ClientError
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from storages.backends.s3 import S3Storage

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures import services
from gongkai.disclosures.models import Attachment
from gongkai.disclosures.tests.factories import draft

from . import servers

pytestmark = pytest.mark.django_db

SENTENCE = "坊子区二〇二六年高标准农田建设项目资金安排表"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def make_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def s3_endpoint():
    with servers.s3_server() as url:
        yield url


@dataclass
class Bucket:
    """The test's view of the bucket, straight through the S3 API (not through Django)."""

    name: str
    client: Any

    def keys(self) -> list[str]:
        return sorted(o["Key"] for o in self.client.list_objects_v2(Bucket=self.name).get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, tmp_path, settings) -> Bucket:
    """A fresh bucket; the default storage as settings.py makes it from the S3_* variables."""
    env = servers.s3_env(s3_endpoint, f"gongkai-{uuid.uuid4().hex[:12]}")
    conf = servers.settings_from_env(monkeypatch, tmp_path, env)
    s3 = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        aws_access_key_id=env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
        region_name=env["S3_REGION"],
    )
    s3.create_bucket(Bucket=env["S3_BUCKET"])
    settings.STORAGES = {**settings.STORAGES, "default": conf["STORAGES"]["default"]}
    return Bucket(name=env["S3_BUCKET"], client=s3)


@pytest.fixture
def team():
    agency = AgencyFactory()
    return type("Team", (), {r: staff(agency, r) for r in ("editor", "reviewer", "signer")})


def local_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


def test_s3_variables_switch_the_default_storage_to_a_private_bucket(monkeypatch, tmp_path):
    local = servers.settings_from_env(monkeypatch, tmp_path, {})["STORAGES"]
    assert local["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"

    env = servers.s3_env("http://minio.internal:9000", "gongkai-files") | {"S3_PREFIX": "/prod/"}
    conf = servers.settings_from_env(monkeypatch, tmp_path, env)["STORAGES"]
    options = conf["default"]["OPTIONS"]
    assert conf["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "gongkai-files", "http://minio.internal:9000", "us-east-1",
    )
    assert (options["access_key"], options["secret_key"]) == ("gongkai-test", "gongkai-test-secret")
    assert options["location"] == "prod" and options["addressing_style"] == "path"
    # Private: no ACL on objects, signed URLs only, never overwrite an existing object.
    assert options["default_acl"] is None and options["querystring_auth"] is True and options["file_overwrite"] is False
    assert conf["staticfiles"] == local["staticfiles"]  # static files stay with collectstatic and nginx


def test_attachment_upload_text_and_downloads_go_through_the_bucket(bucket, team, client, settings):
    assert isinstance(storages["default"], S3Storage) and default_storage.bucket_name == bucket.name
    anonymous = Client()
    version = draft(team.editor)
    data = make_docx(SENTENCE)
    client.force_login(team.editor)
    response = client.post(
        reverse("workspace:attachment_add", kwargs={"pk": version.pk}),
        {"files": _upload("资金安排.docx", data)},
    )
    assert response.status_code == 302

    attachment = Attachment.objects.get(version=version)
    assert attachment.original_name == "资金安排.docx" and attachment.kind == "docx" and attachment.size == len(data)
    assert SENTENCE in attachment.text  # extracted from the upload, searchable and screened
    assert bucket.keys() == [attachment.file.name] and attachment.file.name.startswith("attachments/")
    assert bucket.read(attachment.file.name) == data
    assert local_files(settings) == []  # nothing in the local MEDIA_ROOT

    staff_copy = client.get(reverse("workspace:attachment", kwargs={"pk": attachment.pk}))
    assert staff_copy.status_code == 200 and b"".join(staff_copy.streaming_content) == data

    anonymous_before = anonymous.get(reverse("disclosures:attachment", kwargs={"pk": attachment.pk}))
    assert anonymous_before.status_code == 404  # a draft's file is not public, bucket or not

    services.version_submit(version=version, by=team.editor)
    services.version_approve(version=version, by=team.reviewer)
    services.version_sign(version=version, by=team.signer)

    public = anonymous.get(reverse("disclosures:attachment", kwargs={"pk": attachment.pk}))
    assert public.status_code == 200
    assert public["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment;" in public["Content-Disposition"]
    assert b"".join(public.streaming_content) == data

    bucket.client.delete_object(Bucket=bucket.name, Key=attachment.file.name)
    gone = anonymous.get(reverse("disclosures:attachment", kwargs={"pk": attachment.pk}))
    assert gone.status_code == 404


def test_removing_a_draft_attachment_deletes_its_object(bucket, team, client, django_capture_on_commit_callbacks):
    version = draft(team.editor)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.attachment_add(version=version, by=team.editor, upload=_upload("图.png", PNG))
    assert bucket.keys() == [attachment.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=attachment, by=team.editor)

    assert bucket.keys() == [] and not Attachment.objects.filter(pk=attachment.pk).exists()
    with pytest.raises(ClientError):
        bucket.client.head_object(Bucket=bucket.name, Key=attachment.file.name)


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
