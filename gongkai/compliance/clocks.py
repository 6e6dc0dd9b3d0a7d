"""Clocks the dashboard itself owns: proactive disclosure (20 WD after formation), stale catalogue
columns, and the annual report due on 31 January."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from gongkai.annual_reports.models import AnnualReport
from gongkai.core.clocks import Clock
from gongkai.core.models import Agency
from gongkai.core.workdays import CalendarRangeError, add_workdays_info
from gongkai.disclosures.models import DisclosureMode, ItemVersion, VersionState

PROACTIVE_WD = 20  # 条例 第二十六条
UNPUBLISHED = (VersionState.DRAFT, VersionState.SUBMITTED, VersionState.REVIEWED, VersionState.SCHEDULED)


def column_stale_days() -> int:
    """Days after which a catalogue column counts as not updated (local practice; a setting)."""
    return int(getattr(settings, "GONGKAI_COLUMN_STALE_DAYS", 90))


def _aware(day: dt.date, end: bool = True) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time(0, 0)))


def proactive_clocks(agency_ids: set[int] | None) -> Iterator[Clock]:
    qs = ItemVersion.objects.filter(state__in=UNPUBLISHED, written_on__isnull=False,
                                    disclosure_mode=DisclosureMode.PROACTIVE).select_related("item")
    if agency_ids is not None:
        qs = qs.filter(item__agency_id__in=agency_ids)
    for version in qs.filter(number=1):
        try:
            due = add_workdays_info(version.written_on, PROACTIVE_WD)
        except CalendarRangeError:
            continue
        yield Clock(kind="proactive", kind_label="主动公开（形成后20个工作日）", title=version.title[:60],
                    agency_id=version.item.agency_id, owner="编辑、审核、签发人员", started_at=_aware(version.written_on, False),
                    due_at=_aware(due.date), url=reverse("workspace:version", kwargs={"pk": version.pk}),
                    provisional=due.provisional)


def column_clocks(agency_ids: set[int] | None, today: dt.date) -> Iterator[Clock]:
    qs = ItemVersion.objects.public()
    if agency_ids is not None:
        qs = qs.filter(item__agency_id__in=agency_ids)
    days = column_stale_days()
    for row in qs.values("item__agency_id", "column_id", "column__name").annotate(last=Max("published_at")):
        last = timezone.localtime(row["last"])
        yield Clock(kind="column_update", kind_label=f"栏目更新（{days}天内）", title=f"栏目“{row['column__name']}”",
                    agency_id=row["item__agency_id"], owner="编辑", started_at=last, due_at=last + dt.timedelta(days=days),
                    url=reverse("workspace:item_new"))


def annual_report_clocks(agency_ids: set[int] | None, today: dt.date) -> Iterator[Clock]:
    """The past year's report is due by 31 January; done when its disclosure item is published."""
    year = today.year - 1
    agencies = Agency.objects.all() if agency_ids is None else Agency.objects.filter(pk__in=agency_ids)
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(year=year).select_related("version")}
    for agency in agencies:
        report = reports.get(agency.pk)
        done = report.version.published_at if report and report.version and report.version.published_at else None
        yield Clock(kind="annual_report", kind_label="年度报告（1月31日前）", title=f"{year}年政府信息公开工作年度报告",
                    agency_id=agency.pk, owner="政府信息公开工作机构", started_at=_aware(dt.date(today.year, 1, 1), False),
                    due_at=_aware(dt.date(today.year, 1, 31)), url=reverse("annual_reports:staff_list"), done_at=done)


def open_clocks(*, agency_ids: set[int] | None = None, today: dt.date | None = None) -> Iterator[Clock]:
    today = today or timezone.localdate()
    yield from proactive_clocks(agency_ids)
    yield from column_clocks(agency_ids, today)
    yield from annual_report_clocks(agency_ids, today)
