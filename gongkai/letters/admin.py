from django.contrib import admin

from .models import LetterSetting


@admin.register(LetterSetting)
class LetterSettingAdmin(admin.ModelAdmin):
    list_display = ("agency", "reply_workdays")
