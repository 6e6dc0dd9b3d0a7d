"""The working-day calendar over HTTP: /api/v1/calendar/…"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from ninja import Field, Query, Router, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from gongkai.core import workdays

router = Router(tags=["工作日历"])

MAX_DAYS = 366

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would also take timestamps and datetimes."""
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if not _ISO_DATE.fullmatch(text):
        raise PydanticCustomError("date_format", "日期格式应为 YYYY-MM-DD，例如 2025-10-08。")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("date_invalid", "日期 {value} 不存在。", {"value": text}) from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class AddWorkdaysQuery(Schema):
    start: IsoDate = Field(description="起算日期（收到申请等事件发生之日），YYYY-MM-DD；当日不计入")
    days: int = Field(ge=0, le=MAX_DAYS, description="工作日数，0–366")


class IsWorkdayQuery(Schema):
    date: IsoDate = Field(description="日期，YYYY-MM-DD")


class DeadlineOut(Schema):
    date: dt.date = Field(description="第 N 个工作日")
    provisional: bool = Field(description="计算用到的年份尚无正式放假安排，结果为暂定")


class WorkdayOut(Schema):
    workday: bool
    provisional: bool


class ErrorOut(Schema):
    code: str
    message: str


@router.get("/add-workdays", response={200: DeadlineOut, 422: ErrorOut}, summary="起算日期后第 N 个工作日")
def add_workdays(request, query: Query[AddWorkdaysQuery]):
    deadline = workdays.add_workdays_info(query.start, query.days)
    return {"date": deadline.date, "provisional": deadline.provisional}


@router.get("/is-workday", response={200: WorkdayOut, 422: ErrorOut}, summary="是否工作日")
def is_workday(request, query: Query[IsWorkdayQuery]):
    return {"workday": workdays.is_workday(query.date), "provisional": workdays.is_provisional(query.date.year)}
