"""Test data for the workspace: resident ID numbers and Word files."""

from __future__ import annotations

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(area: str = "370704", birth: str = "19850312", serial: str = "271") -> str:
    """A resident ID number (GB 11643) with a correct check digit."""
    body = area + birth + serial
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def docx_upload(name: str, *paragraphs: str) -> SimpleUploadedFile:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=DOCX_MIME)


def walk(version, *, editor=None, reviewer=None, signer=None, publish_at=None):
    """Move a draft on through the services, as far as the given people take it.

    Services work on a fresh locked copy, so each step continues from the copy returned by the last.
    """
    from gongkai.disclosures import services

    if editor is not None:
        version = services.version_submit(version=version, by=editor)
    if reviewer is not None:
        version = services.version_approve(version=version, by=reviewer)
    if signer is not None:
        version = services.version_sign(version=version, by=signer, publish_at=publish_at)
    version.refresh_from_db()
    return version
