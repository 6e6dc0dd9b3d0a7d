from django import template

from gongkai.publishing.models import LedgerEntry

register = template.Library()


@register.simple_tag
def ledger_entry_for(version):
    """The ledger entry that published `version` (publish or revise), or None."""
    if version is None:
        return None
    return LedgerEntry.objects.filter(version_id=version.pk, action__in=["publish", "revise"]).only(
        "position", "content_sha256", "entry_hash", "item_id"
    ).first()
