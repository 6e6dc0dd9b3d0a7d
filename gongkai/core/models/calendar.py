"""The working-day calendar as staff keep it: per-date overrides and per-year arrangements.

Everything else about working days (chinesecalendar, the provisional calendar from the
holiday law, the caches) lives in `gongkai.core.workdays`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2004  # chinesecalendar's first year; the calendar refuses anything earlier
LAST_YEAR = 2099  # far enough for any statutory clock; refuses absurd dates instead of guessing


def validate_calendar_year(value: int) -> None:
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(_("年份须在%(first)s年至%(last)s年之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR})


class CalendarYear(models.Model):
    """One year's State Council holiday arrangement, once staff have entered it."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True, validators=[validate_calendar_year])
    arrangement_entered = models.BooleanField(
        _("已录入国务院放假安排"),
        default=False,
        help_text=_("勾选后该年度的工作日历视为正式安排，期限不再标注“暂定”。"),
    )
    source = models.CharField(_("依据文件"), max_length=200, blank=True, help_text=_("如：国办发明电〔2025〕7号"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("录入人")
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A staff override for one date: a holiday or a make-up working day (调休上班)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"), help_text=_("勾选表示当天上班（如调休上班日）；不勾选表示放假。"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：春节、国庆节调休"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("录入人")
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("日期调整")
        verbose_name_plural = _("日期调整")

    def __str__(self) -> str:
        kind = _("上班") if self.is_workday else _("放假")
        return f"{self.date:%Y-%m-%d} {kind}"

    def clean(self) -> None:
        if self.date is not None:
            try:
                validate_calendar_year(self.date.year)
            except ValidationError as exc:
                raise ValidationError({"date": exc.messages}) from exc
