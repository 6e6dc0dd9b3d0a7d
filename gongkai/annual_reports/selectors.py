"""Reads on annual reports."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.models import User

from .models import AnnualReport


def staff_reports(user: User) -> QuerySet[AnnualReport]:
    if user.agency_id is None:
        return AnnualReport.objects.none()
    return AnnualReport.objects.filter(agency_id=user.agency_id).select_related("agency", "version")


def staff_report(user: User, pk: int) -> AnnualReport:
    try:
        return staff_reports(user).get(pk=pk)
    except AnnualReport.DoesNotExist:
        raise Http404("未找到。") from None


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(version__state="published").select_related("agency", "version")


def published_report(agency_id: int, year: int) -> AnnualReport:
    report = published_reports().filter(agency_id=agency_id, year=year).first()
    if report is None:
        raise Http404("该机构该年度的报告尚未发布。")
    return report


def published_agency_ids(year: int) -> set[int]:
    return set(published_reports().filter(year=year).values_list("agency_id", flat=True))
