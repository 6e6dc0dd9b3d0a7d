"""Public API of results openness: plan indicators with derived status, and the normative documents register."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from . import selectors
from .models import DocStatus

router = Router(tags=["结果公开"])


class ValueOut(Schema):
    year: int
    target: float | None
    actual: float | None


class IndicatorOut(Schema):
    name: str
    unit: str
    nature: str
    baseline: float | None
    target: float
    status: str
    status_label: str
    values: list[ValueOut]


class PlanOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    indicators: list[IndicatorOut]


class DocumentOut(Schema):
    id: int
    reg_number: str
    title: str
    agency: str
    effective_on: dt.date
    expires_on: dt.date
    status: str
    status_label: str


@router.get("/plans/{plan_id}", response=PlanOut, summary="规划指标：目标、实际值和完成状态")
def plan(request, plan_id: int):
    p = selectors.public_plan(plan_id)
    return PlanOut(
        id=p.pk, title=p.title, start_year=p.start_year, end_year=p.end_year,
        indicators=[
            IndicatorOut(
                name=r.indicator.name, unit=r.indicator.unit, nature=r.indicator.get_nature_display(),
                baseline=selectors.num(r.indicator.baseline), target=selectors.num(r.indicator.target),
                status=r.status, status_label=r.status_label,
                values=[ValueOut(year=v.year, target=selectors.num(v.target), actual=selectors.num(v.actual)) for v in r.by_year.values()],
            )
            for r in selectors.indicator_rows(p)
        ],
    )


@router.get("/documents", response=list[DocumentOut], summary="规范性文件统一公布（有效性按当天计算）")
def documents(request, status: str = ""):
    return [
        DocumentOut(id=d.pk, reg_number=d.reg_number, title=d.title, agency=d.agency.name, effective_on=d.effective_on,
                    expires_on=d.expires_on, status=d.status_code, status_label=str(DocStatus(d.status_code).label))
        for d in selectors.public_documents(status=status)
    ]
