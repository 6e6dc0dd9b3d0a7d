from django.contrib import admin

from .models import FeedSource


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "url", "active", "last_checked_at", "last_error")
    list_filter = ("active", "agency")
