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


class IndicatorPlanOut(Schema):  # not PlanOut: OpenAPI component names are global
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


@router.get("/plans/{plan_id}", response=IndicatorPlanOut, summary="规划指标：目标、实际值和完成状态")
def plan(request, plan_id: int):
    p = selectors.public_plan(plan_id)
    return IndicatorPlanOut(
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


class BudgetRowOut(Schema):
    code: str
    name: str
    values: list[str | None]
    total: bool


class BudgetTableOut(Schema):
    kind: str
    name: str
    columns: list[str]
    rows: list[BudgetRowOut]


class BudgetBriefOut(Schema):
    id: int
    agency: str
    agency_slug: str
    year: int
    kind: str
    kind_label: str
    published_at: dt.datetime | None
    url: str


class BudgetOut(BudgetBriefOut):
    explanation: str
    download_url: str
    tables: list[BudgetTableOut]


class BudgetList(Schema):
    count: int
    results: list[BudgetBriefOut]


def _budget_brief(d) -> dict:
    return dict(
        id=d.pk, agency=d.agency.name, agency_slug=d.agency.slug, year=d.year, kind=d.kind, kind_label=d.get_kind_display(),
        published_at=d.published_at, url=d.get_absolute_url(),
    )


@router.get("/budgets", response=BudgetList, summary="预决算公开：已发布的部门预算和部门决算（可按机构、年度、类型筛选）")
def budget_list(request, agency: str = "", year: int | None = None, kind: str = ""):
    qs = selectors.public_budgets().order_by("-year", "kind", "agency__sort_order")
    if agency:
        qs = qs.filter(agency__slug=agency)
    if year is not None:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    items = [BudgetBriefOut(**_budget_brief(d)) for d in qs]
    return BudgetList(count=len(items), results=items)


@router.get("/budgets/{budget_id}", response=BudgetOut, summary="一份预决算：标准表格（金额单位万元）和说明")
def budget_detail(request, budget_id: int):
    from django.urls import reverse

    d = selectors.public_budget(budget_id)
    return BudgetOut(
        **_budget_brief(d), explanation=d.explanation, download_url=reverse("results:budget_download", kwargs={"pk": d.pk}),
        tables=[
            BudgetTableOut(
                kind=t.kind, name=t.get_kind_display(), columns=[str(c) for c in t.columns],
                rows=[BudgetRowOut(code=str(r.get("code") or ""), name=str(r.get("name") or ""),
                                   values=[None if v is None else str(v) for v in r.get("values", [])], total=bool(r.get("total")))
                      for r in t.rows],
            )
            for t in d.tables.all()
        ],
    )
