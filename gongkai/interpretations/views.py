"""Public interpretation pages and the staff pages of interpretations (thin: selector, service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import workflow as core_workflow
from gongkai.core.workflow import WorkflowError
from gongkai.workspace.views import staff_required

from . import selectors, services
from .forms import FormFilter, InterpretationForm, PlanForm, ReasonForm
from .models import Form, PolicyPlan
from .workflow import editorial

PER_PAGE = 20


def _crumbs(*tail):
    return [("政策解读", reverse("interpretations:index")), *tail]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Published interpretations, browsable by form."""
    filters = FormFilter(request.GET or None)
    form = filters.cleaned_data["form"] if filters.is_valid() else ""
    page = Paginator(selectors.public_interpretations(form=form or None), PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.form_counts()
    forms_nav = [{"value": v, "label": label, "count": counts.get(v, 0)} for v, label in Form.choices]
    return render(
        request,
        "interpretations/index.html",
        {
            "page": page,
            "form_active": form,
            "forms_nav": forms_nav,
            "total": sum(counts.values()),
            "nav_active": "interpretations",
            "breadcrumbs": [("政策解读", None)] if not form else _crumbs((Form(form).label, None)),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation = selectors.public_interpretation(pk)
    return render(
        request,
        "interpretations/detail.html",
        {
            "interpretation": interpretation,
            "policies": selectors.public_policies_of(interpretation),
            "nav_active": "interpretations",
            "breadcrumbs": _crumbs((interpretation.get_form_display(), f"{reverse('interpretations:index')}?form={interpretation.form}"),
                                   (interpretation.title, None)),
        },
    )


# --- staff ---------------------------------------------------------------------------------------


@staff_required
@require_GET
def staff_board(request: HttpRequest) -> HttpResponse:
    """Due soon, overdue, policies still without an interpretation, and the agency's interpretations."""
    board = selectors.staff_board(request.user)
    page = Paginator(selectors.staff_interpretations(request.user), PER_PAGE).get_page(request.GET.get("page"))
    pending = selectors.pending_items(request.user)
    return render(request, "interpretations/staff_board.html", {"board": board, "page": page, "pending": pending})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("policy", "").isdigit():
        initial["policies"] = [int(request.GET["policy"])]
    form = InterpretationForm(request.POST or None, initial=initial, policies_qs=selectors.policy_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            interpretation = services.interpretation_create(by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已新建解读草稿。")
            return redirect("interpretations:staff_detail", pk=interpretation.pk)
    return render(request, "interpretations/staff_form.html", {"form": form, "interpretation": None})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation = selectors.staff_interpretation(request.user, pk)
    form = InterpretationForm(
        request.POST or None, initial=InterpretationForm.initial_from(interpretation), policies_qs=selectors.policy_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interpretation_update(interpretation=interpretation, by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已保存。")
            return redirect("interpretations:staff_detail", pk=interpretation.pk)
    return render(request, "interpretations/staff_form.html", {"form": form, "interpretation": interpretation})


@staff_required
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation = selectors.staff_interpretation(request.user, pk)
    return render(
        request,
        "interpretations/staff_detail.html",
        {
            "interpretation": interpretation,
            "policies": list(interpretation.policies.select_related("live_version")),
            "actions": editorial.allowed(interpretation, by=request.user, authors=interpretation.author_ids),
            "history": core_workflow.history(interpretation),
        },
    )


@staff_required
@require_POST
def staff_action(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation = selectors.staff_interpretation(request.user, pk)
    form = ReasonForm(request.POST)
    action = request.POST.get("action", "")
    service = services.ACTIONS.get(action)
    if not form.is_valid() or service is None:
        messages.error(request, "未知的操作。")
        return redirect("interpretations:staff_detail", pk=pk)
    reason = form.cleaned_data["reason"]
    kwargs = {}
    if action in ("return", "withdraw"):
        kwargs["reason"] = reason
    elif action in ("approve", "sign"):
        kwargs["comment"] = reason
    try:
        service(interpretation=interpretation, by=request.user, **kwargs)
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "操作已完成。")
    return redirect("interpretations:staff_detail", pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_plan(request: HttpRequest, item_pk: int) -> HttpResponse:
    """Mark a policy as needing interpretation and record its plan."""
    item = selectors.staff_item(request.user, item_pk)
    row = PolicyPlan.objects.filter(item=item).first()
    initial = {"needs_interpretation": row.needs_interpretation if row else True, "plan": row.plan if row else ""}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_set(item=item, by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "解读方案已保存。")
            return redirect("interpretations:staff_plan", item_pk=item.pk)
    return render(
        request,
        "interpretations/staff_plan.html",
        {"item": item, "form": form, "row": row, "linked": list(item.interpretations.all()), "has_plan": services.has_plan(item)},
    )
