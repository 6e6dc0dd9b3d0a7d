"""Public service catalogue and guide pages, and the staff pages of guides."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import workflow as core_workflow
from gongkai.core.models import Agency
from gongkai.core.workflow import WorkflowError
from gongkai.workspace.views import staff_required

from . import selectors, services
from .docx_export import guide_docx
from .forms import GuideForm, MaterialFileForm, ReasonForm
from .models import Theme, ThemeKind
from .workflow import editorial

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _crumbs(*tail):
    return [("办事服务", reverse("service_guides:index")), *tail]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The service catalogue, by theme (life events, enterprise services) and by agency."""
    theme = Theme.objects.filter(slug=request.GET.get("theme", "")).first()
    agency = Agency.objects.filter(slug=request.GET.get("agency", "")).first()
    items = list(selectors.public_items(theme=theme, agency=agency))
    all_themes = selectors.themes()
    groups = [(label, [t for t in all_themes if t.kind == kind]) for kind, label in ThemeKind.choices]
    heading = theme.name if theme else (agency.name if agency else "")
    return render(
        request,
        "service_guides/index.html",
        {
            "items": items, "theme": theme, "agency": agency, "groups": groups,
            "agencies": selectors.agencies_with_items(), "heading": heading,
            "nav_active": "services",
            "breadcrumbs": _crumbs((heading, None)) if heading else [("办事服务", None)],
        },
    )


BOX_H, GAP = 56, 36


def _flow(steps: list[dict]) -> dict:
    """Geometry of the SVG flow chart: one box per step, arrows between (no script needed)."""
    boxes = []
    for n, step in enumerate(steps):
        y = n * (BOX_H + GAP)
        title = step["title"] if len(step["title"]) <= 14 else step["title"][:13] + "…"
        boxes.append({"n": n + 1, "title": title, "y": y, "text_y": y + BOX_H // 2 + 7,
                      "arrow_from": y + BOX_H, "arrow_to": y + BOX_H + GAP - 4, "last": n == len(steps) - 1})
    return {"boxes": boxes, "height": max(len(steps) * (BOX_H + GAP) - GAP, BOX_H)}


@require_GET
def guide(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.public_guide(code)
    version = item.live_version
    return render(
        request,
        "service_guides/guide.html",
        {"item": item, "version": version, "materials": list(version.materials.all()), "flow": _flow(version.steps),
         "nav_active": "services", "breadcrumbs": _crumbs((version.name, None))},
    )


@require_GET
def guide_download(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.public_guide(code)
    response = HttpResponse(guide_docx(item, item.live_version), content_type=DOCX_MIME)
    response["Content-Disposition"] = f"attachment; filename=\"guide-{item.code}.docx\"; filename*=UTF-8''{item.code}.docx"
    return response


def _material_file(material, slot: str) -> FileResponse:
    field = getattr(material, slot, None) if slot in ("template", "example") else None
    if not field:
        raise Http404("未找到。")
    return FileResponse(field.open("rb"), as_attachment=True, filename=getattr(material, f"{slot}_name") or "表格")


@require_GET
def material_file(request: HttpRequest, pk: int, slot: str) -> HttpResponse:
    return _material_file(selectors.public_material(pk), slot)


# --- staff ---------------------------------------------------------------------------------------


@staff_required
@require_GET
def staff_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.staff_versions(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "service_guides/staff_index.html", {"page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    form = GuideForm(request.POST or None, initial={"fee_free": True})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.guide_create(by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已新建服务指南草稿。")
            return redirect("service_guides:staff_version", pk=version.pk)
    return render(request, "service_guides/staff_form.html", {"form": form, "version": None})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    form = GuideForm(request.POST or None, initial=GuideForm.initial_from(version), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_update(version=version, by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已保存。")
            return redirect("service_guides:staff_version", pk=version.pk)
    return render(request, "service_guides/staff_form.html", {"form": form, "version": version})


@staff_required
@require_GET
def staff_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    return render(
        request,
        "service_guides/staff_version.html",
        {
            "version": version, "item": version.item, "materials": list(version.materials.all()),
            "actions": editorial.allowed(version, by=request.user, authors=version.author_ids),
            "history": core_workflow.history(version), "file_form": MaterialFileForm(),
            "missing": version.missing_fields() if version.state == "draft" else [],
        },
    )


@staff_required
@require_POST
def staff_action(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    form = ReasonForm(request.POST)
    action = request.POST.get("action", "")
    service = services.ACTIONS.get(action)
    if not form.is_valid() or service is None:
        messages.error(request, "未知的操作。")
        return redirect("service_guides:staff_version", pk=pk)
    reason = form.cleaned_data["reason"]
    kwargs = {"reason": reason} if action in ("return", "withdraw") else ({"comment": reason} if action in ("approve", "sign") else {})
    try:
        service(version=version, by=request.user, **kwargs)
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "操作已完成。")
    return redirect("service_guides:staff_version", pk=pk)


@staff_required
@require_POST
def staff_revise(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    try:
        copy = services.guide_revise(item=version.item, by=request.user)
    except WorkflowError as err:
        messages.error(request, err.message)
        return redirect("service_guides:staff_version", pk=pk)
    return redirect("service_guides:staff_version", pk=copy.pk)


@staff_required
@require_POST
def staff_material_file(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.staff_material(request.user, pk)
    form = MaterialFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择文件类别和文件。")
    else:
        try:
            services.material_file_set(material=material, by=request.user, slot=form.cleaned_data["slot"], upload=form.cleaned_data["file"])
        except WorkflowError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, "文件已上传。")
    return redirect("service_guides:staff_version", pk=material.version_id)


@staff_required
@require_GET
def staff_material_download(request: HttpRequest, pk: int, slot: str) -> HttpResponse:
    return _material_file(selectors.staff_material(request.user, pk), slot)
