"""sitemap.xml: the public pages (django.contrib.sitemaps)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.disclosures.models import CatalogColumn, DisclosureItem, DisclosureMode, VersionState


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["web:home", "disclosures:index", "disclosures:list", "web:guide", "web:sitemap", "publishing:ledger", "publishing:verify"]

    def location(self, name):
        return reverse(name)


class ColumnSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return CatalogColumn.objects.order_by("sort_order", "id")


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            DisclosureItem.objects.filter(
                live_version__state=VersionState.PUBLISHED, live_version__disclosure_mode=DisclosureMode.PROACTIVE
            )
            .select_related("live_version")
            .only("pk", "live_version__published_at")
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.live_version.published_at


SITEMAPS = {"pages": StaticSitemap, "columns": ColumnSitemap, "items": ItemSitemap}
