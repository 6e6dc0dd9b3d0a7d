"""The index follows the disclosures: these receivers run after the editor's transaction commits.

They update the index at once (synchronously, so a withdrawn item is gone from the next search);
a failure is logged and recorded for the repair task, never raised into the editor's request.
"""

from __future__ import annotations

from gongkai.disclosures import signals

from .services import index_refresh_safely


def on_version_published(sender, version, **kwargs) -> None:
    index_refresh_safely(item_id=version.item_id)


def on_item_withdrawn(sender, item, **kwargs) -> None:
    index_refresh_safely(item_id=item.pk)


def connect() -> None:
    signals.version_published.connect(on_version_published, dispatch_uid="search.version_published")
    signals.item_withdrawn.connect(on_item_withdrawn, dispatch_uid="search.item_withdrawn")
