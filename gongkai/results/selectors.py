"""Reads of results openness: indicator statuses and series, and the normative documents register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.core.models import User
from gongkai.implementation.models import PubState

from . import conf
from .models import BudgetDisclosure, Evaluation, BudgetKind, BudgetTableKind, DevelopmentPlan, DocStatus, Indicator, IndicatorStatus, IndicatorValue, NormativeDocument, ResultAttachment, ResultCategory, ResultReport

BADGES = {
    IndicatorStatus.ACHIEVED: "ok",
    IndicatorStatus.ON_TRACK: "info",
    IndicatorStatus.BEHIND: "danger",
    IndicatorStatus.NO_DATA: "muted",
    DocStatus.VALID: "ok",
    DocStatus.EXPIRED: "muted",
    DocStatus.REPEALED: "danger",
    DocStatus.AMENDED: "warn",
}


def _meets(value: Decimal, goal: Decimal, higher_is_better: bool) -> bool:
    return value >= goal if higher_is_better else value <= goal


def path_target(*, baseline: Decimal | None, target: Decimal, start_year: int, end_year: int, year: int) -> Decimal:
    """Where a straight path from the baseline (the year before the plan starts) to the end target stands in `year`."""
    if baseline is None:
        return target
    span = end_year - start_year + 1
    done = min(max(year - start_year + 1, 0), span)
    return baseline + (target - baseline) * Decimal(done) / Decimal(span)


def indicator_status(indicator: Indicator, values: list[IndicatorValue], plan: DevelopmentPlan) -> tuple[str, IndicatorValue | None]:
    """Status from the latest year with an actual value: achieved, on track (meets that year's target) or behind."""
    reported = [v for v in values if v.actual is not None]
    if not reported:
        return IndicatorStatus.NO_DATA, None
    latest = max(reported, key=lambda v: v.year)
    if _meets(latest.actual, indicator.target, indicator.higher_is_better):
        return IndicatorStatus.ACHIEVED, latest
    year_goal = latest.target if latest.target is not None else path_target(
        baseline=indicator.baseline, target=indicator.target, start_year=plan.start_year, end_year=plan.end_year, year=latest.year
    )
    if _meets(latest.actual, year_goal, indicator.higher_is_better):
        return IndicatorStatus.ON_TRACK, latest
    return IndicatorStatus.BEHIND, latest


@dataclass
class Cell:
    year: int
    target: Decimal | None  # the year's target as set, or the straight-path one when none is set
    derived: bool  # True when `target` is the straight-path value, not one set in the plan
    actual: Decimal | None


@dataclass
class IndicatorRow:
    indicator: Indicator
    by_year: dict[int, IndicatorValue]
    status: str
    latest: IndicatorValue | None
    cell_list: list[Cell]

    @property
    def status_label(self) -> str:
        return str(IndicatorStatus(self.status).label)

    @property
    def badge(self) -> str:
        return BADGES[self.status]


def indicator_rows(plan: DevelopmentPlan) -> list[IndicatorRow]:
    """Every indicator of a plan with its values by year and derived status (two queries)."""
    rows = []
    for ind in plan.indicators.prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))):
        values = list(ind.values.all())
        status, latest = indicator_status(ind, values, plan)
        by_year = {v.year: v for v in values}
        cells = []
        for y in plan.years:
            v = by_year.get(y)
            if v is not None and v.target is not None:
                cells.append(Cell(y, v.target, False, v.actual))
            else:
                path = path_target(baseline=ind.baseline, target=ind.target, start_year=plan.start_year, end_year=plan.end_year, year=y)
                cells.append(Cell(y, path.quantize(Decimal("0.01")), True, v.actual if v else None))
        rows.append(IndicatorRow(indicator=ind, by_year=by_year, status=status, latest=latest, cell_list=cells))
    return rows


def num(value: Decimal | None) -> float | None:
    return None if value is None else float(value.normalize())


def indicator_series(plan: DevelopmentPlan, rows: list[IndicatorRow]) -> list[dict]:
    """Per indicator: years, targets and actuals, for the charts (the table shows the same numbers)."""
    return [
        {
            "name": r.indicator.name,
            "unit": r.indicator.unit,
            "years": plan.years,
            "target": [num(c.target) for c in r.cell_list],
            "actual": [num(c.actual) for c in r.cell_list],
            "baseline": num(r.indicator.baseline),
            "end_target": num(r.indicator.target),
        }
        for r in rows
    ]


def public_plans() -> QuerySet[DevelopmentPlan]:
    return DevelopmentPlan.objects.filter(state=PubState.PUBLISHED).select_related("agency")


def public_plan(pk: int) -> DevelopmentPlan:
    try:
        return public_plans().get(pk=pk)
    except DevelopmentPlan.DoesNotExist:
        raise Http404("未找到该规划。") from None


def public_documents(*, status: str = "", today: dt.date | None = None) -> QuerySet[NormativeDocument]:
    """The register: registered documents with their derived status, optionally one status only."""
    qs = NormativeDocument.objects.filter(state=PubState.PUBLISHED).select_related("agency", "amends", "repeals").with_status(today)
    if status in DocStatus.values:
        qs = qs.filter(status_code=status)
    return qs


def public_document(pk: int) -> NormativeDocument:
    try:
        return public_documents().get(pk=pk)
    except NormativeDocument.DoesNotExist:
        raise Http404("未找到该文件。") from None


def expiring_documents(user: User, *, today: dt.date | None = None, days: int | None = None) -> QuerySet[NormativeDocument]:
    """The agency's documents in force whose validity ends within the next `days` (90 by default)."""
    today = today or timezone.localdate()
    days = conf.expiring_days() if days is None else days
    return (
        public_documents(today=today)
        .filter(agency_id=user.agency_id, status_code=DocStatus.VALID, expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=days))
        .order_by("expires_on")
    )


def staff_plans(user: User) -> QuerySet[DevelopmentPlan]:
    return DevelopmentPlan.objects.filter(agency_id=user.agency_id)


def staff_plan(user: User, pk: int) -> DevelopmentPlan:
    try:
        return staff_plans(user).get(pk=pk)
    except DevelopmentPlan.DoesNotExist:
        raise Http404("未找到。") from None


def staff_documents(user: User) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.filter(agency_id=user.agency_id).with_status()


def staff_document(user: User, pk: int) -> NormativeDocument:
    try:
        return staff_documents(user).get(pk=pk)
    except NormativeDocument.DoesNotExist:
        raise Http404("未找到。") from None


def public_budgets(*, agency_id: int | None = None) -> QuerySet[BudgetDisclosure]:
    qs = BudgetDisclosure.objects.filter(state=PubState.PUBLISHED).select_related("agency")
    return qs if agency_id is None else qs.filter(agency_id=agency_id)


def public_budget(pk: int) -> BudgetDisclosure:
    try:
        return public_budgets().prefetch_related("tables").get(pk=pk)
    except BudgetDisclosure.DoesNotExist:
        raise Http404("未找到该预决算。") from None


def _table_total(disclosure: BudgetDisclosure, kind: str) -> Decimal | None:
    """The first total line's first amount of one table (e.g. 支出总表 合计)."""
    for t in disclosure.tables.all():
        if t.kind == kind:
            for r in t.rows:
                if r["total"] and r["values"] and r["values"][0] is not None:
                    return Decimal(r["values"][0])
    return None


def budget_series(disclosures: list[BudgetDisclosure]) -> dict:
    """Year-over-year totals: expenditure (支出总表) and 三公经费, budget and final accounts; feeds chart and table."""
    years = sorted({d.year for d in disclosures})
    by = {(d.year, d.kind): d for d in disclosures}

    def series(kind: str, table: str) -> list[float | None]:
        return [num(_table_total(by[(y, kind)], table)) if (y, kind) in by else None for y in years]

    return {
        "years": years,
        "expenditure": {"budget": series(BudgetKind.BUDGET, BudgetTableKind.EXPENDITURE), "final": series(BudgetKind.FINAL, BudgetTableKind.EXPENDITURE)},
        "three_public": {"budget": series(BudgetKind.BUDGET, BudgetTableKind.THREE_PUBLIC), "final": series(BudgetKind.FINAL, BudgetTableKind.THREE_PUBLIC)},
    }


def staff_budgets(user: User) -> QuerySet[BudgetDisclosure]:
    return BudgetDisclosure.objects.filter(agency_id=user.agency_id)


def staff_budget(user: User, pk: int) -> BudgetDisclosure:
    try:
        return staff_budgets(user).get(pk=pk)
    except BudgetDisclosure.DoesNotExist:
        raise Http404("未找到。") from None


def public_evaluations() -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(state=PubState.PUBLISHED).select_related("agency")


def public_evaluation(pk: int) -> Evaluation:
    try:
        return public_evaluations().get(pk=pk)
    except Evaluation.DoesNotExist:
        raise Http404("未找到该评估。") from None


def evaluations_for(obj) -> QuerySet[Evaluation]:
    """Published evaluations of one decision (for the decision's own page)."""
    from django.contrib.contenttypes.models import ContentType

    return public_evaluations().filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)


def staff_evaluations(user: User) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(agency_id=user.agency_id)


def staff_evaluation(user: User, pk: int) -> Evaluation:
    try:
        return staff_evaluations(user).get(pk=pk)
    except Evaluation.DoesNotExist:
        raise Http404("未找到。") from None


def public_results(*, category: str = "") -> QuerySet[ResultReport]:
    qs = ResultReport.objects.filter(state=PubState.PUBLISHED).select_related("agency")
    return qs.filter(category=category) if category in ResultCategory.values else qs


def public_result(pk: int) -> ResultReport:
    try:
        return public_results().select_related("disclosure_item__live_version", "implementation_plan").prefetch_related("attachments").get(pk=pk)
    except ResultReport.DoesNotExist:
        raise Http404("未找到该结果。") from None


def public_result_attachment(pk: int) -> ResultAttachment:
    try:
        return ResultAttachment.objects.get(pk=pk, report__state=PubState.PUBLISHED)
    except ResultAttachment.DoesNotExist:
        raise Http404("未找到该文件。") from None


def results_by_category(*, limit: int = 5) -> list[tuple[str, str, list[ResultReport]]]:
    """(category value, label, latest published results) for each category, for the landing page."""
    return [(value, label, list(public_results(category=value)[:limit])) for value, label in ResultCategory.choices]


def staff_results(user: User) -> QuerySet[ResultReport]:
    return ResultReport.objects.filter(agency_id=user.agency_id)


def staff_result(user: User, pk: int) -> ResultReport:
    try:
        return staff_results(user).get(pk=pk)
    except ResultReport.DoesNotExist:
        raise Http404("未找到。") from None
