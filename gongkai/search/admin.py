"""Django admin: staff edit synonyms, the segmenter's user dictionary and which popular searches are suggested."""

from django.contrib import admin

from . import selectors, services
from .models import PendingUpdate, PopularSearch, SynonymGroup, UserWord


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ("__str__", "active", "note", "updated_at")
    list_filter = ("active",)
    search_fields = ("words", "note")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        selectors.clear_caches()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        selectors.clear_caches()


@admin.register(UserWord)
class UserWordAdmin(admin.ModelAdmin):
    """Saving or deleting a word reindexes every item in the background."""

    list_display = ("word", "note", "updated_at")
    search_fields = ("word", "note")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.user_dictionary_reload()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.user_dictionary_reload()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.user_dictionary_reload()


@admin.register(PopularSearch)
class PopularSearchAdmin(admin.ModelAdmin):
    list_display = ("query", "count", "last_results", "last_searched_at", "hidden", "pinned")
    list_editable = ("hidden", "pinned")
    list_filter = ("hidden", "pinned")
    search_fields = ("query",)


@admin.register(PendingUpdate)
class PendingUpdateAdmin(admin.ModelAdmin):
    list_display = ("item_id", "attempts", "failed_at")
    readonly_fields = ("item_id", "attempts", "failed_at", "error")

    def has_add_permission(self, request):
        return False
