"""The staff workspace: queues, forms and the workflow actions of disclosure items.

Each view reads through a selector (which gives 404 for another agency's
objects), makes at most one service call, then redirects or renders. Refusals
come back from the services as WorkflowError and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import workflow as core_workflow
from gongkai.core.files import FileKind
from gongkai.core.models import Role
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import selectors, services
from gongkai.disclosures.models import ItemVersion, VersionState
from gongkai.disclosures.workflow import editorial

from . import otp
from .forms import AttachmentUploadForm, ReasonForm, SignForm, StaffLoginForm, VersionFilterForm, VersionForm

QUEUE_SIZE = 20
PAGE_SIZE = 25


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, and a member of an agency (system administrators work in /admin/)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.agency_id is None:
            return render(request, "workspace/no_agency.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django's `site` (the current host) would hide the site identity the header and footer show.
        context.pop("site", None)
        context.pop("site_name", None)
        return context


login = LoginView.as_view()
# Logging out is a POST; anonymous visitors of the URL are sent to the login page like everywhere else.
logout = login_required(auth_views.LogoutView.as_view(next_page="workspace:login"))


@staff_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    queues = []
    if user.has_role(Role.EDITOR):
        queues.append(("drafts", "我的草稿", selectors.my_drafts(user)))
    if user.has_role(Role.REVIEWER):
        queues.append(("review", "待我审核", selectors.review_queue(user)))
    if user.has_role(Role.SIGNER):
        queues.append(("sign", "待我签发", selectors.sign_queue(user)))
    queues.append(("scheduled", "定时发布", selectors.scheduled_versions(user)))
    queues = [
        {"key": key, "title": title, "count": qs.count(), "rows": list(qs[:QUEUE_SIZE]), "scheduled": key == "scheduled"}
        for key, title, qs in queues
    ]

    everything = selectors.staff_versions(user)
    filters = VersionFilterForm(request.GET or None)
    page = Paginator(filters.filter(everything), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"queues": queues, "filters": filters, "page": page, "total": everything.count()}
    return render(request, "workspace/home.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.item_create(by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, f"已新建草稿，索引号 {version.item.index_number}。")
            return redirect("workspace:version", pk=version.pk)
    return render(request, "workspace/item_form.html", {"form": form})


@staff_required
@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    return _version_page(request, version)


@staff_required
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    if request.method == "GET" and not version.is_editable:
        messages.error(request, f"当前状态为“{version.get_state_display()}”，只有草稿可以修改。")
        return redirect("workspace:version", pk=version.pk)
    form = VersionForm(request.POST or None, initial=VersionForm.initial_from(version), revision=version.number > 1)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(version=version, by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已保存。")
            return redirect("workspace:version", pk=version.pk)
    return render(request, "workspace/item_form.html", {"form": form, "version": version})


@staff_required
@require_POST
def version_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One editorial move of a version (submit, approve, return, sign, unschedule)."""
    version = selectors.staff_version(request.user, pk)
    action = request.POST.get("action", "")
    reason = ReasonForm(request.POST)
    reason.is_valid()
    text = reason.cleaned_data.get("reason", "")
    by = request.user
    if action in ("sign", "schedule") and not otp.is_verified(by):
        # OTPRequiredMiddleware already stops such sessions; signing checks again on its own.
        return _refused(request, version.pk, WorkflowError("签发前须完成两步验证（动态口令）。"), failed=action)
    try:
        if action == "submit":
            services.version_submit(version=version, by=by)
        elif action == "approve":
            services.version_approve(version=version, by=by, comment=text)
        elif action == "return":
            services.version_return(version=version, by=by, reason=text)
        elif action in ("sign", "schedule"):
            sign = SignForm(request.POST)
            if not sign.is_valid():
                raise WorkflowError(" ".join(e for errors in sign.errors.values() for e in errors))
            services.version_sign(version=version, by=by, publish_at=sign.cleaned_data["publish_at"], comment=text)
        elif action == "unschedule":
            services.version_unschedule(version=version, by=by)
        else:
            raise WorkflowError("未知的操作。")
    except WorkflowError as err:
        return _refused(request, version.pk, err, failed=action)
    version.refresh_from_db()
    messages.success(request, f"操作成功，当前状态：{version.get_state_display()}。")
    return redirect("workspace:version", pk=version.pk)


@staff_required
@require_POST
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.staff_item(request.user, pk)
    live_pk = item.live_version_id
    reason = ReasonForm(request.POST)
    reason.is_valid()
    try:
        services.item_withdraw(item=item, by=request.user, reason=reason.cleaned_data.get("reason", ""))
    except WorkflowError as err:
        return _refused(request, live_pk or _latest_pk(request, item.pk), err, failed="withdraw")
    messages.success(request, "已撤回，网站上将显示撤回原因。")
    return redirect("workspace:version", pk=live_pk)


@staff_required
@require_POST
def item_revise(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.staff_item(request.user, pk)
    try:
        version = services.item_revise(item=item, by=request.user)
    except WorkflowError as err:
        messages.error(request, err.message)
        return redirect("workspace:version", pk=item.live_version_id or _latest_pk(request, item.pk))
    messages.success(request, f"已开始修订：第{version.number}版草稿。已发布的版本在新版本发布前保持公开。")
    return redirect("workspace:version", pk=version.pk)


@staff_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version(request.user, pk)
    form = AttachmentUploadForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise WorkflowError(" ".join(e for errors in form.errors.values() for e in errors))
        added = services.attachments_add(version=version, by=request.user, uploads=form.cleaned_data["files"])
    except WorkflowError as err:
        return _refused(request, version.pk, err, failed="attach")
    messages.success(request, f"已上传{len(added)}个附件。")
    return redirect("workspace:version", pk=version.pk)


@staff_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.staff_attachment(request.user, pk)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"已删除附件“{attachment.original_name}”。")
    return redirect("workspace:version", pk=attachment.version_id)


@staff_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.staff_attachment(request.user, pk)
    try:
        content_type = FileKind(attachment.kind).mime
    except ValueError:
        content_type = "application/octet-stream"
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=content_type
    )


@staff_required
@require_POST
def hit_override(request: HttpRequest, pk: int) -> HttpResponse:
    hit = selectors.staff_hit(request.user, pk)
    reason = ReasonForm(request.POST)
    reason.is_valid()
    try:
        services.hit_override(hit=hit, by=request.user, reason=reason.cleaned_data.get("reason", ""))
    except WorkflowError as err:
        return _refused(request, hit.version_id, err, failed=f"hit-{hit.pk}")
    messages.success(request, f"已放行：{hit.label}（{hit.source}）。")
    return redirect("workspace:version", pk=hit.version_id)


# --- rendering -------------------------------------------------------------


def _latest_pk(request: HttpRequest, item_pk: int) -> int:
    return selectors.staff_versions(request.user).filter(item_id=item_pk).order_by("-number").values_list("pk", flat=True)[0]


def _refused(request: HttpRequest, version_pk: int, err: WorkflowError, *, failed: str) -> HttpResponse:
    """Show the version again with the refusal and what the user typed; nothing was changed."""
    version = selectors.staff_version(request.user, version_pk)
    messages.error(request, err.message)
    return _version_page(request, version, failed=failed, posted=request.POST)


def _version_page(request: HttpRequest, version: ItemVersion, *, failed: str = "", posted: Any = None) -> HttpResponse:
    user = request.user
    item = version.item
    posted = posted or {}
    is_editor = user.has_role(Role.EDITOR)
    actions = _actions(version, user, failed=failed, posted=posted)
    hits = list(version.screening_hits.select_related("overridden_by"))
    can_override = user.has_role(Role.REVIEWER) and user.pk not in version.author_ids
    context = {
        "version": version,
        "item": item,
        "actions": actions,
        "hits": hits,
        "open_hits": sum(1 for h in hits if h.is_open),
        "can_override": can_override,
        "failed": failed,
        "failed_hit": int(failed[4:]) if failed.startswith("hit-") else None,
        "posted": posted,
        "attachments": list(version.attachments.select_related("uploaded_by")),
        "history": [_event_row(e) for e in core_workflow.history(version)],
        "versions": list(selectors.staff_versions(user).filter(item_id=item.pk).order_by("-number")),
        "can_edit": version.is_editable and is_editor,
        "can_revise": is_editor and version.state in (VersionState.PUBLISHED, VersionState.WITHDRAWN),
        "public_url": item.get_absolute_url() if item.live_version_id == version.pk and item.is_public else "",
    }
    return render(request, "workspace/version.html", context)


def _actions(version: ItemVersion, user: Any, *, failed: str, posted: Any) -> list[dict[str, Any]]:
    """The buttons of the moves this user may make now; sign and schedule are one form."""
    allowed = editorial.allowed(version, by=user, authors=version.author_ids)
    names = {t.action for t in allowed}
    rows = []
    for t in allowed:
        if t.action == "schedule" and "sign" in names:
            continue
        kind = {"return": "reason", "withdraw": "reason", "approve": "comment", "sign": "sign", "schedule": "sign"}.get(t.action, "")
        rows.append(
            {
                "action": t.action,
                "label": t.label,
                "primary": t.primary,
                "danger": t.action in ("return", "withdraw"),
                "kind": kind,
                "reason_required": t.reason_required,
                "item_level": t.action == "withdraw",
                "reason": posted.get("reason", "") if failed == t.action else "",
                "publish_at": posted.get("publish_at", "") if failed == t.action else "",
            }
        )
    rows.sort(key=lambda r: not r["primary"])
    return rows


def _event_row(event: Any) -> dict[str, Any]:
    return {
        "at": event.at,
        "actor": event.actor or "系统",
        "label": event.action_label or event.action,
        "from": _state_label(event.from_state),
        "to": _state_label(event.to_state),
        "comment": event.comment,
        "data": event.data,
    }


def _state_label(state: str) -> str:
    if not state:
        return ""
    try:
        return editorial.state_label(state)
    except ValueError:
        return state
