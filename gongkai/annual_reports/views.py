"""Public report pages and the staff editor."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.workflow import WorkflowError
from gongkai.workspace.views import staff_required

from . import render as report_render
from . import selectors, services
from .forms import ReportForm, StartForm
from .tables import figures

CRUMB = [("政务公开", "/gk/"), ("公开年报", "/nianbao/")]


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "annual_reports/list.html", {
        "reports": selectors.published_reports(), "nav_active": "gk", "breadcrumbs": [CRUMB[0], (CRUMB[1][0], None)]})


@require_GET
def public_report(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = selectors.published_report(agency_id, year)
    return render(request, "annual_reports/report.html", {
        **report_render.context(report), "nav_active": "gk", "breadcrumbs": [*CRUMB, (f"{year}年", None)]})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_start(by=request.user, year=form.cleaned_data["year"])
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("annual_reports:staff_edit", pk=report.pk)
    return render(request, "annual_reports/staff_list.html", {"reports": selectors.staff_reports(request.user), "form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.staff_report(request.user, pk)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, by=request.user, **{f: form.cleaned_data[f] for f in form.fields})
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect("annual_reports:staff_edit", pk=report.pk)
        report.refresh_from_db()
    ctx = {"report": report, "form": form}
    if report.tables:
        ctx.update(report_render.context(report))
        ctx["figures"] = figures(report.tables)
    return render(request, "annual_reports/staff_edit.html", ctx)


@staff_required
def staff_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = selectors.staff_report(request.user, pk)
    if action == "docx" and request.method == "GET":
        if not report.docx:
            raise Http404("尚未生成。")
        return FileResponse(report.docx.open("rb"), as_attachment=True, filename=f"{report.title}.docx")
    if request.method != "POST" or action not in ("generate", "submit"):
        raise Http404("未知的操作。")
    try:
        if action == "generate":
            services.report_generate(report=report, by=request.user)
            messages.success(request, "已按当前数据生成表格，表三勾稽关系校验通过。")
        else:
            services.report_submit(report=report, by=request.user)
            messages.success(request, "已提交公开流程（待审核、签发）。")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("annual_reports:staff_edit", kwargs={"pk": report.pk}))
