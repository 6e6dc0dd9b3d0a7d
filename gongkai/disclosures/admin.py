"""Django admin for system administrators: the catalogue and topic trees are edited here."""

from django.contrib import admin

from .models import CatalogColumn, DisclosureItem, ItemVersion, Topic


@admin.register(CatalogColumn)
class CatalogColumnAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "parent", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("name", "slug")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "sort_order")
    search_fields = ("name", "code")


class VersionInline(admin.TabularInline):
    model = ItemVersion
    fields = ("number", "state", "title", "published_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(DisclosureItem)
class DisclosureItemAdmin(admin.ModelAdmin):
    """Read-only: content changes go through the editorial workflow in the staff workspace."""

    list_display = ("index_number", "agency", "live_version", "first_published_at", "withdrawn_at")
    list_filter = ("agency",)
    search_fields = ("index_number", "versions__title")
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
