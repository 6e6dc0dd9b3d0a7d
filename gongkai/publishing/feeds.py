"""RSS 2.0 and Atom feeds (Django's syndication framework): the whole site, one column, one agency.

The site feeds carry the ledger's chain head (<gk:ledgerHead>) so that outsiders can keep copies of it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from gongkai.core.models import Agency
from gongkai.disclosures import selectors as gk
from gongkai.disclosures.models import ItemVersion

from . import selectors

NS = "https://gongkai.example/ns/ledger"
LIMIT = 50


class _HeadMixin:
    def root_attributes(self):
        attrs = super().root_attributes()
        if self.feed.get("ledger_head"):
            attrs["xmlns:gk"] = NS
        return attrs

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        head = self.feed.get("ledger_head")
        if head:
            handler.addQuickElement("gk:ledgerHead", head["hash"], {"position": str(head["position"]), "algorithm": "sha256"})


class LedgerRss(_HeadMixin, Rss201rev2Feed):
    pass


class LedgerAtom(_HeadMixin, Atom1Feed):
    pass


class SiteRss(Feed):
    feed_type = LedgerRss
    with_head = True

    def title(self, obj=None):
        return f"{settings.GONGKAI_SITE['title']} · 政府信息公开"

    def link(self, obj=None):
        return reverse("disclosures:index")

    def description(self, obj=None):
        return "最新主动公开的政府信息"

    subtitle = description

    def items(self, obj=None):
        return list(gk.public_versions().select_related("item__agency", "column")[:LIMIT])

    def item_title(self, v: ItemVersion):
        return v.title

    def item_description(self, v: ItemVersion):
        return v.summary or v.title

    def item_link(self, v: ItemVersion):
        return v.item.get_absolute_url()

    def item_guid(self, v: ItemVersion):
        return f"{v.item.index_number}#v{v.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, v: ItemVersion):
        return v.published_at

    def item_updateddate(self, v: ItemVersion):
        return v.published_at

    def item_author_name(self, v: ItemVersion):
        return v.item.agency.name

    def item_categories(self, v: ItemVersion):
        return [v.column.name]

    def feed_extra_kwargs(self, obj):
        if not self.with_head:
            return {}
        head = selectors.ledger_head()
        return {"ledger_head": {"position": head.position, "hash": head.entry_hash}} if head else {}


class SiteAtom(SiteRss):
    feed_type = LedgerAtom


class ColumnRss(SiteRss):
    with_head = False

    def get_object(self, request, slug: str):
        columns = gk.public_columns()
        column = next((c for c in columns if c.slug == slug), None)
        if column is None:
            raise Http404("该栏目不存在。")
        column.ids = gk.column_ids_below(columns, column)
        return column

    def title(self, obj=None):
        return f"{settings.GONGKAI_SITE['title']} · {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return list(gk.public_versions().filter(column_id__in=obj.ids)[:LIMIT])


class ColumnAtom(ColumnRss):
    feed_type = LedgerAtom


class AgencyRss(SiteRss):
    with_head = False

    def get_object(self, request, slug: str):
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise Http404("该机构不存在。")
        return agency

    def title(self, obj=None):
        return f"{obj.name} · 政府信息公开"

    def link(self, obj=None):
        return f"{reverse('disclosures:list')}?agency={obj.slug}"

    def items(self, obj=None):
        return list(gk.public_versions(gk.PublicFilters(agency_id=obj.pk))[:LIMIT])


class AgencyAtom(AgencyRss):
    feed_type = LedgerAtom


class DecisionRss(Feed):
    """The public updates of one major decision: each stage it reached and each procedure record."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, pk: int):
        from gongkai.decisions import selectors as decisions

        return decisions.public_decision(pk)

    def title(self, obj):
        return f"重大决策：{obj.title}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"{obj.agency.name}“{obj.title}”的决策进展"

    subtitle = description

    def items(self, obj):
        return selectors.decision_updates(decision_ids=[obj.pk], limit=LIMIT)

    def item_title(self, u):
        return u.title

    def item_description(self, u):
        return f"{u.decision_title}：{u.title}"

    def item_link(self, u):
        return u.link

    def item_guid(self, u):
        return u.guid

    item_guid_is_permalink = False

    def item_pubdate(self, u):
        return u.at

    def item_updateddate(self, u):
        return u.at


class DecisionAtom(DecisionRss):
    feed_type = Atom1Feed
