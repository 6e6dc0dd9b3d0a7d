"""Public list pages (with what changed between versions, XLSX export) and the staff pages of lists."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import workflow as core_workflow
from gongkai.core.workflow import WorkflowError
from gongkai.workspace.views import staff_required

from . import selectors, services, xlsx
from .forms import ImportForm, ReasonForm
from .models import ListType, ListVersion
from .workflow import editorial

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(*tail):
    return [("政务公开", reverse("disclosures:index")), ("清单公开", reverse("catalogs:index")), *tail]


def _xlsx_response(content: bytes, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename=\"list.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogs/index.html", {"overview": selectors.public_overview(), "nav_active": "gk",
                                                   "breadcrumbs": _crumbs()[:1] + [("清单公开", None)]})


def _version_page(request: HttpRequest, version: ListVersion) -> HttpResponse:
    previous = selectors.previous_public(version)
    columns = selectors.columns_of(version)
    return render(
        request,
        "catalogs/version.html",
        {
            "version": version, "columns": columns, "previous": previous, "diff": selectors.version_diff(version, previous),
            "rows": [[e.data.get(c.key, "") for c in columns] for e in version.entries.all()],
            "history": selectors.public_history(version), "nav_active": "gk",
            "breadcrumbs": _crumbs((f"{version.agency.short_name or version.agency.name}{version.list_type.name}", None)),
        },
    )


@require_GET
def current(request: HttpRequest, slug: str, agency: str) -> HttpResponse:
    return _version_page(request, selectors.public_current(slug=slug, agency_slug=agency))


@require_GET
def version(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_page(request, selectors.public_version(pk))


@require_GET
def version_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    v = selectors.public_version(pk)
    columns = selectors.columns_of(v)
    content = xlsx.write_rows(v.list_type.name, columns, [e.data for e in v.entries.all()])
    return _xlsx_response(content, f"{v.agency.short_name or v.agency.name}{v.list_type.name}第{v.number}版.xlsx")


# --- staff ---------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def staff_index(request: HttpRequest) -> HttpResponse:
    """The agency's list versions and the import form (with its per-row error report)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    import_errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.version_import(
                by=request.user, list_type=form.cleaned_data["list_type"], data=upload.read(services.MAX_BYTES + 1),
                source_name=upload.name or "", change_note=form.cleaned_data["change_note"],
            )
        except xlsx.ImportRejected as err:
            form.add_error(None, err.message)
            import_errors = err.errors
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, f"已导入第{version.number}版草稿，共{version.entries.count()}条。")
            return redirect("catalogs:staff_version", pk=version.pk)
    return render(
        request,
        "catalogs/staff_index.html",
        {"form": form, "import_errors": import_errors, "versions": selectors.staff_versions(request.user), "types": ListType.objects.all()},
        status=422 if import_errors else 200,
    )


@staff_required
@require_GET
def staff_template(request: HttpRequest, slug: str) -> HttpResponse:
    """An empty workbook with the list type's column headers, to fill in and import."""
    list_type = get_object_or_404(ListType, slug=slug)
    return _xlsx_response(xlsx.write_rows(list_type.name, list(list_type.columns.all()), []), f"{list_type.name}导入模板.xlsx")


@staff_required
@require_GET
def staff_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    previous = selectors.staff_previous(version)
    columns = selectors.columns_of(version)
    return render(
        request,
        "catalogs/staff_version.html",
        {
            "version": version, "columns": columns, "previous": previous, "diff": selectors.version_diff(version, previous),
            "rows": [[e.data.get(c.key, "") for c in columns] for e in version.entries.all()],
            "actions": editorial.allowed(version, by=request.user, authors=version.author_ids),
            "history": core_workflow.history(version),
        },
    )


@staff_required
@require_POST
def staff_action(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    form = ReasonForm(request.POST)
    action = request.POST.get("action", "")
    if action == "delete":
        try:
            services.version_delete(version=version, by=request.user)
        except WorkflowError as err:
            messages.error(request, err.message)
            return redirect("catalogs:staff_version", pk=pk)
        messages.success(request, "草稿已删除。")
        return redirect("catalogs:staff_index")
    service = services.ACTIONS.get(action)
    if not form.is_valid() or service is None:
        messages.error(request, "未知的操作。")
        return redirect("catalogs:staff_version", pk=pk)
    reason = form.cleaned_data["reason"]
    kwargs = {"reason": reason} if action == "return" else ({"comment": reason} if action in ("approve", "sign") else {})
    try:
        service(version=version, by=request.user, **kwargs)
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "操作已完成。")
    return redirect("catalogs:staff_version", pk=pk)
