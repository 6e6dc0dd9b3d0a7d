"""Calendar pages: the public deadline calculator and the staff page for holiday arrangements."""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.core import workdays

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]
MAX_DAYS = 366


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    days: int | None
    hint: str


PRESETS = [
    Preset("reply", "依申请公开答复", 20, "自收到申请之日起20个工作日内答复（《政府信息公开条例》第三十三条）。"),
    Preset("extend", "延期答复", 20, "延长答复期限最长不超过20个工作日；起算日期请填原答复期限届满之日。"),
    Preset("correction", "补正告知", 7, "申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正（条例第三十条）。"),
    Preset("interpretation", "政策解读", 3, "政策文件公开后3个工作日内发布解读。"),
    Preset("suggestion", "建议答复", 15, "自收到建议之日起15个工作日内答复。"),
    Preset("custom", "其他", None, "自行填写工作日数（0–366）。"),
]
PRESETS_BY_KEY = {p.key: p for p in PRESETS}


def _weekday_name(day: dt.date) -> str:
    return "星期" + WEEKDAYS[day.weekday()]


# --- public deadline calculator ------------------------------------------------------------------


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label="起算日期（收到申请等的日期）",
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写起算日期。", "invalid": "请按“2025-10-08”的格式填写起算日期。"},
        help_text="当日不计入，次日起的第1个工作日为第1天。",
    )
    kind = forms.ChoiceField(
        label="事项",
        choices=[(p.key, f"{p.label}（{p.days}个工作日）" if p.days is not None else p.label) for p in PRESETS],
        widget=forms.RadioSelect,
        initial="reply",
        required=False,
    )
    days = forms.IntegerField(
        label="工作日数",
        min_value=0,
        max_value=MAX_DAYS,
        required=False,
        help_text="选择“其他”时填写；填写后按所填天数计算。",
        error_messages={
            "invalid": "工作日数应为整数。",
            "min_value": "工作日数不能小于0。",
            "max_value": f"工作日数不能大于{MAX_DAYS}。",
        },
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or "reply"
        data["kind"] = kind
        if data.get("days") is None and "days" not in self.errors:
            preset = PRESETS_BY_KEY[kind]
            if preset.days is None:
                self.add_error("days", "选择“其他”时请填写工作日数。")
            else:
                data["days"] = preset.days
        return data


@dataclass(frozen=True)
class Cell:
    info: workdays.DayInfo
    number: int | None  # n when this is the n-th working day counted
    is_start: bool
    is_due: bool

    @property
    def day(self) -> int:
        return self.info.date.day


def _month_grid(year: int, month: int, start: dt.date, due: dt.date, numbers: dict[dt.date, int]) -> dict:
    weeks = []
    for week in std_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            if day.month != month:
                row.append(None)
            else:
                row.append(Cell(workdays.day_info(day), numbers.get(day), day == start, day == due))
        weeks.append(row)
    return {"year": year, "month": month, "weeks": weeks}


def _months_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def deadline(request):
    """The public calculator: when must my request be answered?"""
    form = DeadlineForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        start: dt.date = form.cleaned_data["start"]
        days: int = form.cleaned_data["days"]
        try:
            due = workdays.add_workdays_info(start, days)
            numbers: dict[dt.date, int] = {}
            day, n = start, 0
            while n < days:
                day += dt.timedelta(days=1)
                if workdays.is_workday(day):
                    n += 1
                    numbers[day] = n
            months = [_month_grid(y, m, start, due.date, numbers) for y, m in _months_between(start, due.date)]
            provisional_years = sorted(
                {y for y in range(start.year, due.date.year + 1) if workdays.is_provisional(y)}
            )
        except workdays.CalendarRangeError as exc:
            form.add_error("start" if start.year < workdays.FIRST_YEAR else None, exc.message)
        else:
            preset = PRESETS_BY_KEY[form.cleaned_data["kind"]]
            result = {
                "start": start,
                "start_weekday": _weekday_name(start),
                "days": days,
                "preset": preset if preset.days == days else None,
                "due": due.date,
                "due_weekday": _weekday_name(due.date),
                "provisional": due.provisional,
                "provisional_years": [y for y in provisional_years if due.provisional],
                "months": months,
            }
    return render(
        request,
        "core/deadline.html",
        {
            "form": form,
            "result": result,
            "presets": PRESETS,
            "weekdays": WEEKDAYS,
            "breadcrumbs": [("期限计算", None)],
        },
    )


# --- staff: holiday arrangements ------------------------------------------------------------------

_DATE = r"(?:\d{4}\s*(?:年|[-/.])\s*)?\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}\s*日?"
_ITEM = re.compile(rf"(?P<start>{_DATE})(?:\s*(?:至|到|~|～|—|–|－|-)\s*(?P<end>{_DATE}|\d{{1,2}}\s*日?))?")
_PARTS = re.compile(r"(?:(\d{4})\s*(?:年|[-/.])\s*)?(?:(\d{1,2})\s*(?:月|[-/.])\s*)?(\d{1,2})\s*日?")
_PAREN = re.compile(r"[（(][^）)]*[）)]")
_NOISE = re.compile(r"放假调休|调休上班|放假|上班|调休|共\s*\d+\s*天|^[一二三四五六七八九十]+、|[休班]$")
_PUNCT = " \t,，、;；:：。.!！~～-—–"
MAX_RANGE_DAYS = 31


def _date_from(text: str, *, year: int, month: int | None) -> dt.date:
    match = _PARTS.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    y, m, d = match.groups()
    if m is None and month is None:
        raise ValueError(text)
    return dt.date(int(y) if y else year, int(m) if m else month, int(d))


def parse_date_lines(text: str, *, year: int, workday: bool, box: str) -> dict[dt.date, str]:
    """Dates and ranges, one line each, with an optional note: "2027-02-05 至 2027-02-11 春节", "2月20日".

    Raises ValidationError naming every line that cannot be read.
    """
    result: dict[dt.date, str] = {}
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _PAREN.sub("", raw).strip()
        if not line:
            continue
        where = f"{box}第{number}行“{raw.strip()}”"
        if workday and ((line.endswith("休") and not line.endswith("调休")) or "放假" in line):
            errors.append(f"{where}是放假日期，请填入“放假日期”一栏。")
            continue
        if not workday and (line.endswith("班") or "上班" in line):
            errors.append(f"{where}是上班日期，请填入“调休上班日期”一栏。")
            continue
        items = list(_ITEM.finditer(line))
        if not items:
            errors.append(f"{where}：没有可识别的日期（应为 2027-02-05 或 2月5日 的形式）。")
            continue
        note = _ITEM.sub(" ", line)
        note = _NOISE.sub("", note.strip(_PUNCT)).strip(_PUNCT)
        note = _NOISE.sub("", note).strip(_PUNCT)
        line_days: list[dt.date] = []
        try:
            for item in items:
                first = _date_from(item["start"], year=year, month=None)
                last = first
                if item["end"]:
                    last = _date_from(item["end"], year=first.year, month=first.month)
                if last < first:
                    raise ValueError(f"结束日期早于开始日期：{item.group(0).strip()}")
                if (last - first).days >= MAX_RANGE_DAYS:
                    raise ValueError(f"日期范围超过{MAX_RANGE_DAYS}天：{item.group(0).strip()}")
                line_days.extend(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
        except ValueError as exc:
            detail = str(exc) if any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)) else "日期不存在"
            errors.append(f"{where}：{detail}。")
            continue
        outside = [d for d in line_days if d.year != year]
        if outside:
            errors.append(f"{where}：日期不在{year}年。")
            continue
        for day in line_days:
            result[day] = note[:100]
    if errors:
        raise ValidationError(errors)
    return result


class ArrangementForm(forms.Form):
    year = forms.IntegerField(
        label="年份",
        min_value=workdays.FIRST_YEAR,
        max_value=workdays.LAST_YEAR,
        error_messages={"required": "请填写年份。", "invalid": "年份应为四位数字。"},
    )
    source = forms.CharField(
        label="依据文件",
        max_length=200,
        help_text="国务院办公厅关于放假安排的通知文号，如：国办发明电〔2025〕7号。",
        error_messages={"required": "请填写依据文件。"},
    )
    holidays = forms.CharField(
        label="放假日期",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="每行一个日期或日期范围，可附节日名称，例如：“2027-02-05 至 2027-02-11 春节”或“10月1日至7日 国庆节”。",
        error_messages={"required": "请填写放假日期。"},
    )
    workdays = forms.CharField(
        label="调休上班日期",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="通知中周六、周日上班的日期，每行一个，例如：“2027-02-20 春节调休”。",
    )

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is None:
            return data
        for name, workday, box in (("holidays", False, "放假日期"), ("workdays", True, "调休上班日期")):
            if name in data:
                try:
                    data[name] = parse_date_lines(data[name] or "", year=year, workday=workday, box=box)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data


@login_required
def staff_calendar(request):
    """Years with their calendar status, staff overrides, and entering a year's arrangement."""
    can_edit = workdays.can_edit_calendar(request.user)
    today = timezone.localdate()
    missing = workdays.missing_arrangements(today)
    form = ArrangementForm(request.POST or None, initial={"year": missing[0] if missing else today.year + 1})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有机构管理员或系统管理员可以录入放假安排。")
        if form.is_valid():
            try:
                workdays.arrangement_enter(
                    year=form.cleaned_data["year"],
                    holidays=form.cleaned_data["holidays"],
                    workdays=form.cleaned_data["workdays"],
                    source=form.cleaned_data["source"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"{form.cleaned_data['year']}年放假安排已录入，相关期限已按正式安排重新计算。"
                )
                return redirect(reverse("core:staff_calendar"))
    statuses = workdays.year_statuses(today)
    return render(
        request,
        "core/staff_calendar.html",
        {
            "form": form,
            "can_edit": can_edit,
            "statuses": statuses,
            "has_overrides": any(s.overrides for s in statuses),
            "builtin_years": workdays.builtin_years(),
            "breadcrumbs": [("工作日历", None)],
        },
    )
