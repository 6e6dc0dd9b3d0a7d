"""Signals other apps listen to (search index, feeds, ledger, caches). Sent on commit."""

from django.dispatch import Signal

# sender=ItemVersion class, version=the version now live (published or revised)
version_published = Signal()
# sender=DisclosureItem class, item=the item taken down
item_withdrawn = Signal()
