from django.contrib import admin

from .models import ListColumn, ListType


class ListColumnInline(admin.TabularInline):
    model = ListColumn
    extra = 1


@admin.register(ListType)
class ListTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "sort_order")
    inlines = [ListColumnInline]
