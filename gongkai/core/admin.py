"""Django admin for system administrators: agencies, staff and roles, secrecy marks, the calendar, the audit trail."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Agency, AuditEvent, CalendarDay, CalendarYear, RoleGrant, SecrecyMark, User
from gongkai.core.workflow import record_event


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "credit_code", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name", "short_name", "credit_code", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    list_select_related = ["parent"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleGrantInline]
    list_display = ["username", "display_name", "agency", "is_active", "is_staff", "is_superuser"]
    list_filter = ["agency", "is_active", "is_staff", "is_superuser", "role_grants__role"]
    search_fields = ["username", "display_name", "phone", "email"]
    list_select_related = ["agency"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "agency", "phone", "email")}),
        (_("权限"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("时间"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "display_name", "agency", "password1", "password2")}),
    )


@admin.register(SecrecyMark)
class SecrecyMarkAdmin(admin.ModelAdmin):
    list_display = ["word", "active", "note"]
    list_filter = ["active"]
    search_fields = ["word", "note"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail is evidence: it can be read here, never changed."""

    list_display = ["at", "actor", "agency", "content_type", "object_id", "action_label", "from_state", "to_state"]
    list_filter = ["action", "content_type", "agency"]
    search_fields = ["action", "action_label", "comment", "actor__username", "actor__display_name"]
    date_hierarchy = "at"
    list_select_related = ["actor", "agency", "content_type"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _EnteredByAdmin(admin.ModelAdmin):
    """Calendar edits record who made them, here and in the audit trail (deadlines depend on them)."""

    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
        record_event(
            obj,
            action="calendar_changed" if change else "calendar_added",
            label="修改工作日历" if change else "新增工作日历",
            by=request.user,
            agency_id=request.user.agency_id,
            comment=str(obj),
            data={"fields": form.changed_data},
        )

    def delete_model(self, request, obj):
        record_event(obj, action="calendar_deleted", label="删除工作日历", by=request.user,
                     agency_id=request.user.agency_id, comment=str(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarYear)
class CalendarYearAdmin(_EnteredByAdmin):
    list_display = ["year", "arrangement_entered", "source", "entered_by", "entered_at"]
    list_filter = ["arrangement_entered"]


@admin.register(CalendarDay)
class CalendarDayAdmin(_EnteredByAdmin):
    list_display = ["date", "is_workday", "note", "entered_by", "entered_at"]
    list_filter = ["is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"
