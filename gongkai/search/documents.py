"""What is indexed for an item: its live version's title, text, attachments and metadata."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from gongkai.core.sanitize import html_to_text
from gongkai.disclosures.models import DisclosureItem, ItemVersion

from .models import SearchDocument, SearchText
from .segmenter import Segmenter
from .text import fold

# Attachments can be whole reports; beyond this much text the rest adds little but index size.
MAX_ATTACHMENT_CHARS = 200_000
MAX_BODY_CHARS = 200_000
SORT_KEY_ID_BITS = 24


def sort_key(published_at, item_id: int) -> int:
    """SearchDocument.sort_key: orders by publication time, then item id; unique for any item
    ids that differ in their low 24 bits (16 million items) or were published in different seconds."""
    return (int(published_at.timestamp()) << SORT_KEY_ID_BITS) | (item_id & ((1 << SORT_KEY_ID_BITS) - 1))


@dataclass
class Entry:
    """A document row plus its search-mode tokens per field (punctuation still in), ready for a backend."""

    doc: SearchDocument
    text: SearchText
    title: list[str]
    body: list[str]
    attachments: list[str]
    meta: list[str]
    prepared: tuple | None = None  # the backend's rows for this entry, made ahead (Backend.prepare)


def public_version_of(item: DisclosureItem) -> ItemVersion | None:
    """The version the public sees, or None when the item is not public (draft, withdrawn, not proactive)."""
    version = item.live_version
    if version is None or not item.is_public or version.published_at is None:
        return None
    return version


def document_for(version: ItemVersion) -> tuple[SearchDocument, SearchText]:
    """The rows for a live version (unsaved); reads the version's attachments."""
    item = version.item
    body = "\n".join(p for p in (version.summary, html_to_text(version.body)) if p)[:MAX_BODY_CHARS]
    attachments = "\n".join(f"{a.original_name}\n{a.text}" for a in version.attachments.all())[:MAX_ATTACHMENT_CHARS]
    published = timezone.localtime(version.published_at)
    doc = SearchDocument(
        item_id=item.pk,
        version_id=version.pk,
        sort_key=sort_key(version.published_at, item.pk),
        title=version.title,
        keywords=version.keywords,
        doc_number=version.doc_number,
        index_number=item.index_number,
        agency_id=item.agency_id,
        agency_name=item.agency.name,
        column_id=version.column_id,
        topic_id=version.topic_id,
        validity=version.validity,
        published_at=version.published_at,
        year=published.year,
        indexed_at=timezone.now(),
    )
    return doc, SearchText(document_id=item.pk, body=body, attachments=attachments)


def agency_token(name: str) -> str:
    """An agency's name as one token: a search for the agency (by full or short name) finds its
    items, while the words inside the name (农业 in 农业综合开发办公室) do not match every item."""
    return "".join(ch for ch in fold(name) if ch.isalnum())


def entry_for(rows: tuple[SearchDocument, SearchText], segmenter: Segmenter) -> Entry:
    """Segment a document's fields."""
    doc, text = rows
    return Entry(
        doc=doc,
        text=text,
        title=segmenter.raw_tokens(doc.title),
        body=segmenter.raw_tokens(text.body),
        attachments=segmenter.raw_tokens(text.attachments),
        # The index number is matched exactly in SQL, never through tokens (its digits would match years).
        meta=[*segmenter.raw_tokens(f"{doc.keywords}\n{doc.doc_number}"), agency_token(doc.agency_name)],
    )
