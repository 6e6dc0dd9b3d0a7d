from django.contrib import admin

from .models import PolicyPlan


@admin.register(PolicyPlan)
class PolicyPlanAdmin(admin.ModelAdmin):
    list_display = ("item", "needs_interpretation", "updated_at")
    raw_id_fields = ("item", "updated_by")
