"""The ledger and the outbox follow the disclosures: these run after the publisher's transaction commits."""

from __future__ import annotations

from gongkai.disclosures import signals

from . import services


def on_version_published(sender, version, **kwargs) -> None:
    services.record_published(version=version)


def on_item_withdrawn(sender, item, **kwargs) -> None:
    services.record_withdrawn(item=item)


def connect() -> None:
    signals.version_published.connect(on_version_published, dispatch_uid="publishing.version_published")
    signals.item_withdrawn.connect(on_item_withdrawn, dispatch_uid="publishing.item_withdrawn")
