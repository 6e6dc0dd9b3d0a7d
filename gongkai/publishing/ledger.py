"""The publication ledger's hashing rules, in one place.

content_sha256 = SHA-256 of the canonical JSON of a version's published content and metadata
(published_at is left out: it is a display date, the entry's recorded_at is the ledger's time).
entry_hash     = SHA-256 of the canonical JSON of the entry's own fields including prev_hash.
The chain starts from GENESIS. Canonical JSON: sorted keys, no spaces, UTF-8.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from gongkai.disclosures.models import ItemVersion

GENESIS = "0" * 64


def canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def version_content(version: ItemVersion) -> dict[str, Any]:
    """What a reader sees of a version, as hashed into the ledger."""
    return {
        "index_number": version.item.index_number,
        "number": version.number,
        "title": version.title,
        "summary": version.summary,
        "body": version.body,
        "column": version.column.slug,
        "topic": version.topic.code,
        "doc_number": version.doc_number,
        "written_on": version.written_on.isoformat() if version.written_on else None,
        "validity": version.validity,
        "keywords": version.keywords,
        "disclosure_mode": version.disclosure_mode,
        "change_note": version.change_note,
    }


def version_content_hash(version: ItemVersion) -> str:
    return sha256(canonical(version_content(version)))


def version_attachments(version: ItemVersion) -> list[dict[str, Any]]:
    return [{"name": a.original_name, "size": a.size, "sha256": a.sha256} for a in version.attachments.all()]


def entry_fields(entry) -> dict[str, Any]:
    return {
        "position": entry.position,
        "item": entry.item_id,
        "index_number": entry.index_number,
        "version": entry.version_number,
        "action": entry.action,
        "recorded_at": entry.recorded_at.isoformat(),
        "title": entry.title,
        "content_sha256": entry.content_sha256,
        "attachments": entry.attachments,
        "prev_hash": entry.prev_hash,
    }


def entry_hash(entry) -> str:
    return sha256(canonical(entry_fields(entry)))


@dataclass(frozen=True)
class Broken:
    """The first entry that does not check out, and why."""

    position: int
    item_id: int
    version_number: int
    action: str
    reason: str


def check_entry(entry, *, prev_hash: str, check_content: bool = True) -> str | None:
    """Why `entry` is broken, or None when it checks out."""
    if entry.prev_hash != prev_hash:
        return "前一条哈希与链不一致（条目被删除、插入或改动）"
    if entry_hash(entry) != entry.entry_hash:
        return "条目内容与其哈希不一致（账本条目被改动）"
    if check_content:
        version = entry.version
        if version.number != entry.version_number or version.item_id != entry.item_id:
            return "条目指向的版本不一致"
        if version_content_hash(version) != entry.content_sha256:
            return "已发布内容与账本记录的哈希不一致（发布后被改动）"
        if version_attachments(version) != entry.attachments:
            return "附件与账本记录的哈希不一致（发布后被改动）"
    return None
