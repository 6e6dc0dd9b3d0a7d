"""Public results pages (landing, plan indicators, normative register) and their staff pages."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.workflow import WorkflowError
from gongkai.implementation import selectors as execution
from gongkai.workspace.views import staff_required

from . import budgets as budgets_io
from . import excel, selectors, services
from .forms import AttachmentForm, BudgetImportForm, DocumentForm, EvaluationForm, ImportForm, PlanForm, ResultForm
from .models import DocStatus, ResultCategory
from .workflow import budget_workflow, document_workflow, evaluation_workflow, plan_workflow, result_workflow

NAV = "data"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(*more):
    return [("数据发布", reverse("results:index")), *more]


RESULT_COLUMNS = ("results", "plans", "budgets", "normative")


def _column_blocks() -> list[dict]:
    """R1: the latest items of the catalogue's result columns (结果公开 …), each linking to its evidence."""
    from gongkai.disclosures import selectors as disclosures

    columns = disclosures.public_columns()
    by_slug = {c.slug: c for c in columns}
    return [
        {"column": by_slug[slug], "versions": disclosures.public_latest(limit=5, column_ids=disclosures.column_ids_below(columns, by_slug[slug]))}
        for slug in RESULT_COLUMNS
        if slug in by_slug
    ]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    docs = selectors.public_documents()
    counts = dict(docs.order_by().values_list("status_code").annotate(n=Count("id")))
    return render(request, "results/index.html", {
        "plans": selectors.public_plans(),
        "doc_counts": [(v, label, counts.get(v, 0)) for v, label in DocStatus.choices],
        "recent_docs": docs.order_by("-published_on", "-id")[:5],
        "execution_plans": execution.public_plans()[:5],
        "inspections": execution.public_inspections()[:3],
        "column_blocks": _column_blocks(),
        "result_groups": selectors.results_by_category(),
        "nav_active": NAV, "breadcrumbs": [("数据发布", None)],
    })


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.public_plan(pk)
    rows = selectors.indicator_rows(plan)
    counts = {}
    for r in rows:
        counts[r.status_label] = counts.get(r.status_label, 0) + 1
    return render(request, "results/plan.html", {
        "plan": plan, "rows": rows, "years": plan.years, "series": selectors.indicator_series(plan, rows), "counts": counts,
        "nav_active": NAV, "breadcrumbs": _crumbs((plan.title, None)),
    })


@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(request, "results/documents.html", {
        "documents": selectors.public_documents(status=status), "status": status, "statuses": DocStatus.choices,
        "badges": selectors.BADGES, "nav_active": NAV, "breadcrumbs": _crumbs(("规范性文件", None)),
    })


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.public_document(pk)
    related = selectors.public_documents().filter(pk__in=[*doc.amended_by.values_list("pk", flat=True), *doc.repealed_by.values_list("pk", flat=True)])
    return render(request, "results/document.html", {
        "doc": doc, "related": related, "badge": selectors.BADGES[doc.status_code],
        "nav_active": NAV, "breadcrumbs": _crumbs(("规范性文件", reverse("results:documents")), (doc.title, None)),
    })


# Staff

@staff_required
@require_GET
def staff_home(request: HttpRequest) -> HttpResponse:
    docs = list(selectors.staff_documents(request.user))
    for d in docs:
        d.moves = document_workflow.allowed(d, by=request.user, authors=[d.created_by_id])
    evaluations = list(selectors.staff_evaluations(request.user))
    for e in evaluations:
        e.moves = evaluation_workflow.allowed(e, by=request.user, authors=[e.created_by_id])
    results = list(selectors.staff_results(request.user))
    for r in results:
        r.moves = result_workflow.allowed(r, by=request.user, authors=[r.created_by_id])
    return render(request, "results/staff/home.html", {
        "plans": selectors.staff_plans(request.user), "documents": docs, "evaluations": evaluations, "results": results,
        "n_expiring": selectors.expiring_documents(request.user).count(),
    })


def _form_page(request, form, title, on_valid):
    if request.method == "POST" and form.is_valid():
        try:
            target = on_valid(form.cleaned_data)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect(target)
    return render(request, "implementation/staff/form.html", {"form": form, "title": title})


@staff_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    return _form_page(request, form, "新建规划", lambda d: reverse(
        "results:staff_plan", kwargs={"pk": services.development_plan_create(by=request.user, **d).pk}))


@staff_required
@require_GET
def plan_staff(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.staff_plan(request.user, pk)
    return render(request, "results/staff/plan.html", {
        "plan": plan, "rows": selectors.indicator_rows(plan), "years": plan.years, "form": ImportForm(),
        "moves": plan_workflow.allowed(plan, by=request.user, authors=[plan.created_by_id]),
    })


@staff_required
@require_GET
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.staff_plan(request.user, pk)
    response = HttpResponse(excel.export_indicators(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="indicators-{plan.pk}.xlsx"'
    return response


@staff_required
@require_POST
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.staff_plan(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        try:
            report = excel.import_indicators(plan=plan, by=request.user, data=form.cleaned_data["workbook"].read())
        except WorkflowError as exc:
            form.add_error("workbook", exc.message)
        else:
            if not report.errors:
                messages.success(request, f"已导入{report.saved}个指标。")
                return redirect("results:staff_plan", pk=plan.pk)
    return render(request, "results/staff/plan.html", {
        "plan": plan, "rows": selectors.indicator_rows(plan), "years": plan.years, "form": form, "report": report,
        "moves": plan_workflow.allowed(plan, by=request.user, authors=[plan.created_by_id]),
    }, status=400)


@staff_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None, agency_id=request.user.agency_id, initial={"validity_years": 5})

    def save(d):
        services.document_create(by=request.user, **d)
        return reverse("results:staff_home")

    return _form_page(request, form, "登记规范性文件", save)


@staff_required
@require_POST
def record_action(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "budget":
        record = selectors.staff_budget(request.user, pk)
    elif kind == "evaluation":
        record = selectors.staff_evaluation(request.user, pk)
    elif kind == "plan":
        record = selectors.staff_plan(request.user, pk)
    elif kind == "document":
        record = selectors.staff_document(request.user, pk)
    elif kind == "result":
        record = selectors.staff_result(request.user, pk)
    else:
        raise Http404
    try:
        services.record_advance(record=record, action=request.POST.get("action", ""), by=request.user, reason=request.POST.get("reason", ""))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "操作已完成。")
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/results/staff/") else reverse("results:staff_home"))


@staff_required
@require_GET
def expiring(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    docs = list(selectors.expiring_documents(request.user, today=today))
    for d in docs:
        d.days_left = (d.expires_on - today).days
    return render(request, "results/staff/expiring.html", {"documents": docs, "today": today})




@require_GET
def budgets(request: HttpRequest) -> HttpResponse:
    all_public = list(selectors.public_budgets().order_by("agency__sort_order", "year"))
    agencies = list({d.agency_id: d.agency for d in all_public}.values())
    slug = request.GET.get("agency", "")
    agency = next((a for a in agencies if a.slug == slug), agencies[0] if agencies else None)
    mine = list(selectors.public_budgets(agency_id=agency.pk).prefetch_related("tables").order_by("year", "kind")) if agency else []
    series = selectors.budget_series(mine)
    return render(request, "results/budgets.html", {
        "agencies": agencies, "agency": agency, "disclosures": sorted(mine, key=lambda d: (-d.year, d.kind)),
        "series": series, "yoy": [(y, [series["expenditure"]["budget"][i], series["expenditure"]["final"][i], series["three_public"]["budget"][i], series["three_public"]["final"][i]]) for i, y in enumerate(series["years"])],
        "nav_active": NAV, "breadcrumbs": _crumbs(("预决算公开", None)),
    })


@require_GET
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = selectors.public_budget(pk)
    return render(request, "results/budget.html", {
        "d": disclosure, "nav_active": NAV,
        "breadcrumbs": _crumbs(("预决算公开", reverse("results:budgets") + f"?agency={disclosure.agency.slug}"), (str(disclosure), None)),
    })


@require_GET
def budget_download(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = selectors.public_budget(pk)
    response = HttpResponse(budgets_io.write_workbook(disclosure), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="budget-{disclosure.year}-{disclosure.kind}.xlsx"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def budget_import(request: HttpRequest) -> HttpResponse:
    form = BudgetImportForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    problems = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.budget_import(by=request.user, year=d["year"], kind=d["kind"], data=d["workbook"].read())
        except budgets_io.WorkbookError as exc:
            problems = exc.problems
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "预决算表已导入，请提交审核。")
            return redirect("results:staff_home")
    items = list(selectors.staff_budgets(request.user))
    for b in items:
        b.moves = budget_workflow.allowed(b, by=request.user, authors=[b.created_by_id])
    return render(request, "results/staff/budgets.html", {"form": form, "problems": problems, "budgets": items},
                  status=400 if problems else 200)


@require_GET
def evaluations(request: HttpRequest) -> HttpResponse:
    return render(request, "results/evaluations.html", {
        "evaluations": selectors.public_evaluations(), "nav_active": NAV, "breadcrumbs": _crumbs(("决策评估", None)),
    })


@require_GET
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    e = selectors.public_evaluation(pk)
    return render(request, "results/evaluation.html", {
        "e": e, "nav_active": NAV, "breadcrumbs": _crumbs(("决策评估", reverse("results:evaluations")), (e.title, None)),
    })


@require_GET
def evaluation_report(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import FileResponse

    e = selectors.public_evaluation(pk)
    if not e.report:
        raise Http404
    return FileResponse(e.report.open("rb"), as_attachment=True, filename=e.report_name)


@staff_required
@require_http_methods(["GET", "POST"])
def evaluation_new(request: HttpRequest) -> HttpResponse:
    form = EvaluationForm(request.POST or None, request.FILES or None)

    def save(d):
        services.evaluation_create(by=request.user, **d)
        return reverse("results:staff_home")

    return _form_page(request, form, "登记决策评估", save)


# R1: results of carrying out decisions, work-report tasks, decided items and livelihood measures

@require_GET
def results_list(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    if category and category not in ResultCategory.values:
        category = ""
    return render(request, "results/results.html", {
        "results": selectors.public_results(category=category), "category": category, "categories": ResultCategory.choices,
        "nav_active": NAV, "breadcrumbs": _crumbs(("结果公开", None)),
    })


@require_GET
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    r = selectors.public_result(pk)
    item = r.disclosure_item if r.disclosure_item_id and r.disclosure_item.is_public else None
    plan = r.implementation_plan if r.implementation_plan_id and r.implementation_plan.state == "published" else None
    return render(request, "results/result.html", {
        "r": r, "item": item, "plan": plan, "nav_active": NAV,
        "breadcrumbs": _crumbs(("结果公开", reverse("results:results")), (r.title, None)),
    })


@require_GET
def result_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import FileResponse

    att = selectors.public_result_attachment(pk)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name)


@staff_required
@require_http_methods(["GET", "POST"])
def result_new(request: HttpRequest) -> HttpResponse:
    form = ResultForm(request.POST or None, request.FILES or None, agency_id=request.user.agency_id, initial={"reported_on": timezone.localdate()})

    def save(d):
        r = services.result_create(by=request.user, **d)
        return reverse("results:staff_result", kwargs={"pk": r.pk})

    return _form_page(request, form, "登记结果公开", save)


@staff_required
@require_http_methods(["GET", "POST"])
def result_staff(request: HttpRequest, pk: int) -> HttpResponse:
    from gongkai.core.workflow import history

    r = selectors.staff_result(request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_attachment_add(report=r, by=request.user, upload=form.cleaned_data["attachment"])
        except WorkflowError as exc:
            form.add_error("attachment", exc.message)
        else:
            messages.success(request, "已添加证明材料。")
            return redirect("results:staff_result", pk=r.pk)
    return render(request, "results/staff/result.html", {
        "r": r, "form": form, "events": history(r),
        "moves": result_workflow.allowed(r, by=request.user, authors=[r.created_by_id]),
    }, status=400 if form.errors else 200)
