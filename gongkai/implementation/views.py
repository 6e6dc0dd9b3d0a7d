"""Public execution pages (plans, supervision, accountability) and the staff pages that feed them."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.workflow import WorkflowError, history
from gongkai.workspace.views import staff_required

from . import selectors, services
from .forms import ActionForm, CaseForm, FindingForm, InspectionForm, PlanForm, StepForm, UpdateForm
from .models import Evidence, PubState, RectState
from .workflow import case_workflow, inspection_workflow, plan_workflow, rectification, update_workflow

NAV = "data"
ROOT = ("执行公开", "/execution/")


def _crumbs(*more):
    return [ROOT, *more]


# Public pages

@require_GET
def index(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.public_plans())
    for p in plans:
        rows = selectors.step_rows(p)
        p.percent = selectors.overall_percent(rows)
        p.n_overdue = sum(r.overdue for r in rows)
    return render(request, "implementation/index.html", {
        "plans": plans, "nav_active": NAV, "breadcrumbs": _crumbs(),
        "inspections": selectors.public_inspections()[:5], "cases": selectors.public_cases()[:5],
    })


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.public_plan(pk)
    today = timezone.localdate()
    rows = selectors.step_rows(plan, today=today)
    updates = selectors.published_updates(plan)
    return render(request, "implementation/plan.html", {
        "plan": plan,
        "rows": rows,
        "timeline": selectors.timeline(rows, today=today),
        "percent": selectors.overall_percent(rows),
        "n_overdue": sum(r.overdue for r in rows),
        "latest": updates[0] if updates else None,
        "earlier": updates[1:],
        "series": selectors.progress_series(plan, updates),
        "today": today,
        "subject": selectors.subject_of(plan),
        "nav_active": NAV,
        "breadcrumbs": _crumbs((plan.title, None)),
    })


@require_GET
def inspections(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(request, "implementation/inspections.html", {
        "inspections": selectors.public_inspections(),
        "findings": selectors.public_findings(status=status),
        "status": status, "statuses": RectState.choices, "today": timezone.localdate(),
        "nav_active": NAV, "breadcrumbs": _crumbs(("督查整改", None)),
    })


@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.public_inspection(pk)
    return render(request, "implementation/inspection.html", {
        "inspection": inspection,
        "findings": selectors.public_findings().filter(inspection=inspection),
        "today": timezone.localdate(),
        "nav_active": NAV,
        "breadcrumbs": _crumbs(("督查整改", reverse("implementation:inspections")), (inspection.title, None)),
    })


@require_GET
def accountability(request: HttpRequest) -> HttpResponse:
    return render(request, "implementation/accountability.html", {
        "cases": selectors.public_cases(), "nav_active": NAV, "breadcrumbs": _crumbs(("问责情况", None)),
    })


@require_GET
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        ev = Evidence.objects.select_related("update", "finding__inspection").get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404 from None
    public = (ev.update is not None and ev.update.state == PubState.PUBLISHED) or (
        ev.finding is not None and ev.finding.inspection.state == PubState.PUBLISHED
    )
    staff_own = request.user.is_authenticated and request.user.agency_id is not None and request.user.agency_id == (
        ev.update.plan.agency_id if ev.update else ev.finding.inspection.agency_id
    )
    if not (public or staff_own):
        raise Http404
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.original_name)


# Staff pages

def _ws(request, template, context):
    return render(request, f"implementation/staff/{template}", context)


@staff_required
@require_GET
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    cases = list(selectors.staff_cases(user))
    for c in cases:
        c.moves = case_workflow.allowed(c, by=user, authors=[c.created_by_id])
    return _ws(request, "home.html", {
        "plans": selectors.staff_plans(user),
        "inspections": selectors.staff_inspections(user),
        "cases": cases,
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
    return _ws(request, "form.html", {"form": form, "title": title})


@staff_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)

    def save(d):
        plan = services.plan_create(by=request.user, **d)
        return reverse("implementation:staff_plan", kwargs={"pk": plan.pk})

    return _form_page(request, form, "新建实施方案", save)


@staff_required
@require_http_methods(["GET", "POST"])
def plan_staff(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.staff_plan(request.user, pk)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_add(plan=plan, by=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已添加步骤。")
            return redirect("implementation:staff_plan", pk=plan.pk)
    updates = list(plan.updates.all())
    for u in updates:
        u.moves = update_workflow.allowed(u, by=request.user, authors=[u.created_by_id])
    events = list(history(plan))
    returned = [e for e in events if e.action == "return"]
    return _ws(request, "plan.html", {
        "plan": plan, "form": form, "rows": selectors.step_rows(plan, include_unpublished=True), "updates": updates,
        "moves": plan_workflow.allowed(plan, by=request.user, authors=[plan.created_by_id]), "events": events,
        "return_reason": returned[-1].comment if returned else "",
    })


@staff_required
@require_http_methods(["GET", "POST"])
def update_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.staff_plan(request.user, pk)
    form = UpdateForm(request.POST or None, request.FILES or None, steps=plan.steps.all(), initial={"as_of": timezone.localdate()})

    def save(d):
        update = services.update_create(
            plan=plan, by=request.user, as_of=d["as_of"], narrative=d["narrative"], problems=d["problems"],
            follow_up=d["follow_up"], percents=form.percents(),
        )
        if d.get("evidence"):
            services.update_evidence_add(update=update, by=request.user, upload=d["evidence"])
        return reverse("implementation:staff_plan", kwargs={"pk": plan.pk})

    return _form_page(request, form, f"填报工作进展：{plan.title}", save)


@staff_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.staff_plan(request.user, pk)
    if plan.state != PubState.DRAFT:
        messages.error(request, "只有草稿（含退回修改的）可以修改。")
        return redirect("implementation:staff_plan", pk=plan.pk)
    initial = {
        "title": plan.title, "subject_title": plan.subject_title, "subject_url": plan.subject_url, "goals": plan.goals,
        "measures": plan.measures, "supervision_method": plan.supervision_method, "lead_unit": plan.lead_unit_id,
        "cooperating_units": list(plan.cooperating_units.values_list("pk", flat=True)),
    }
    form = PlanForm(request.POST or None, initial=initial)

    def save(d):
        services.plan_edit(plan=plan, by=request.user, **d)
        return reverse("implementation:staff_plan", kwargs={"pk": plan.pk})

    return _form_page(request, form, f"修改实施方案：{plan.title}", save)


@staff_required
@require_http_methods(["GET", "POST"])
def update_edit(request: HttpRequest, pk: int) -> HttpResponse:
    update = selectors.staff_update(request.user, pk)
    plan = update.plan
    if update.state != PubState.DRAFT:
        messages.error(request, "只有草稿（含退回修改的）可以修改。")
        return redirect("implementation:staff_plan", pk=plan.pk)
    initial = {"as_of": update.as_of, "narrative": update.narrative, "problems": update.problems, "follow_up": update.follow_up}
    initial.update({f"step_{sp.step_id}": sp.percent for sp in update.step_progress.all()})
    form = UpdateForm(request.POST or None, request.FILES or None, steps=plan.steps.all(), initial=initial)

    def save(d):
        services.update_edit(
            update=update, by=request.user, as_of=d["as_of"], narrative=d["narrative"], problems=d["problems"],
            follow_up=d["follow_up"], percents=form.percents(),
            notes={sp.step_id: sp.note for sp in update.step_progress.all()},
        )
        if d.get("evidence"):
            services.update_evidence_add(update=update, by=request.user, upload=d["evidence"])
        return reverse("implementation:staff_plan", kwargs={"pk": plan.pk})

    return _form_page(request, form, f"修改工作进展：{plan.title}", save)


RECORDS = {
    "plan": lambda user, pk: selectors.staff_plan(user, pk),
    "update": lambda user, pk: selectors.staff_update(user, pk),
    "inspection": lambda user, pk: selectors.staff_inspection(user, pk),
    "case": lambda user, pk: selectors.staff_case(user, pk),
}


@staff_required
@require_POST
def record_action(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in RECORDS:
        raise Http404
    record = RECORDS[kind](request.user, pk)
    form = ActionForm(request.POST)
    form.is_valid()
    try:
        services.record_advance(record=record, action=form.cleaned_data.get("action", ""), by=request.user, reason=form.cleaned_data.get("reason", ""))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "操作已完成。")
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/execution/staff/") else reverse("implementation:staff_home"))


@staff_required
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest) -> HttpResponse:
    form = InspectionForm(request.POST or None)

    def save(d):
        inspection = services.inspection_create(by=request.user, **d)
        return reverse("implementation:staff_inspection", kwargs={"pk": inspection.pk})

    return _form_page(request, form, "登记督查", save)


@staff_required
@require_http_methods(["GET", "POST"])
def inspection_staff(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.staff_inspection(request.user, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_add(inspection=inspection, by=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记问题。")
            return redirect("implementation:staff_inspection", pk=inspection.pk)
    findings = list(inspection.findings.select_related("responsible_unit"))
    for f in findings:
        f.moves = rectification.allowed(f, by=request.user, authors=[f.done_by_id] if f.done_by_id else [])
    return _ws(request, "inspection.html", {
        "inspection": inspection, "form": form, "findings": findings,
        "moves": inspection_workflow.allowed(inspection, by=request.user, authors=[inspection.created_by_id]),
    })


@staff_required
@require_POST
def finding_action(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.staff_finding(request.user, pk)
    form = ActionForm(request.POST, request.FILES)
    form.is_valid()
    d = form.cleaned_data
    try:
        services.finding_advance(
            finding=finding, action=d.get("action", ""), by=request.user, reason=d.get("reason", ""),
            evidence=d.get("evidence", ""), upload=d.get("file"),
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "整改状态已更新。")
    return redirect("implementation:staff_inspection", pk=finding.inspection_id)


@staff_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)

    def save(d):
        services.case_create(by=request.user, **d)
        return reverse("implementation:staff_home")

    return _form_page(request, form, "登记问责案例", save)

