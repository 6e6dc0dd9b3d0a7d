"""Public ledger pages, robots.txt, and the staff outbox. Thin: selector, at most one service call, render."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import idempotency
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import selectors as gk
from gongkai.workspace.views import staff_required

from . import ledger, selectors, services
from .models import Delivery, DeliveryState

PER_PAGE = 50
MAX_UPLOAD = 50 * 1024 * 1024


def _crumbs(*extra):
    return [("公开账本", reverse("publishing:ledger")), *extra]


@require_GET
def ledger_list(request: HttpRequest) -> HttpResponse:
    """Every ledger entry, newest first, with the chain head and the download link."""
    paginator = Paginator(selectors.ledger_entries(), PER_PAGE)
    raw = request.GET.get("page", "1")
    page = paginator.get_page(raw if raw.isdigit() else 1)
    return render(
        request,
        "publishing/ledger.html",
        {"page": page, "head": selectors.ledger_head(), "breadcrumbs": [("公开账本", None)], "nav_active": "gk"},
    )


@require_GET
def ledger_download(request: HttpRequest) -> StreamingHttpResponse:
    """The whole chain as JSON Lines, oldest first: one entry per line, as hashed (see ledger.py)."""

    def lines():
        for entry in selectors.ledger_entries().order_by("position").iterator(chunk_size=1000):
            yield json.dumps({**ledger.entry_fields(entry), "entry_hash": entry.entry_hash}, ensure_ascii=False) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gongkai-ledger.jsonl"'
    return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Check a file (uploaded, hashed here, not kept) against every published attachment."""
    context = {"breadcrumbs": _crumbs(("核验", None)), "nav_active": "gk"}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = "请选择要核验的文件。"
        elif upload.size > MAX_UPLOAD:
            context["error"] = "文件过大：最大50MB。"
        else:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            sha = digest.hexdigest()
            context.update(file_sha=sha, file_name=upload.name, matches=selectors.file_matches(sha))
    return render(request, "publishing/verify.html", context)


@require_GET
def verify_item(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's ledger entries, each checked against what the site holds now."""
    item = selectors.public_item_for_ledger(pk)
    checks = selectors.item_verify(item)
    return render(
        request,
        "publishing/verify_item.html",
        {
            "item": item,
            "checks": checks,
            "all_ok": all(c.reason is None for c in checks),
            "breadcrumbs": _crumbs(("核验", reverse("publishing:verify")), (item.index_number, None)),
            "nav_active": "gk",
        },
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('publishing:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- staff: the outbox ---------------------------------------------------------------------------


@login_required
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    """Each delivery of the agency with its status; dead ones can be retried."""
    qs = selectors.staff_deliveries(request.user)
    state = request.GET.get("state", "")
    if state in DeliveryState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page") if (request.GET.get("page") or "").isdigit() else 1)
    return render(
        request,
        "publishing/outbox.html",
        {"page": page, "state": state, "states": DeliveryState.choices, "channels": selectors.staff_channels(request.user)},
    )


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.staff_delivery(request.user, pk)
    try:
        services.delivery_retry(delivery=delivery, by=request.user)
        messages.success(request, "已重新投递。")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("publishing:outbox")


@login_required
@require_POST
def channel_create(request: HttpRequest) -> HttpResponse:
    try:
        services.channel_create(
            by=request.user,
            kind=request.POST.get("kind", ""),
            name=request.POST.get("name", ""),
            url=request.POST.get("url", ""),
            secret=request.POST.get("secret", ""),
        )
        messages.success(request, "已添加发布渠道。")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("publishing:outbox")


__all__ = ["Delivery", "gk"]


# --- e-mail subscriptions ------------------------------------------------------------------------


def _sub_crumbs(label):
    return [("订阅", reverse("publishing:subscribe")), (label, None)] if label else [("订阅", None)]


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Ask for the daily e-mail digest of a column, an agency or a decision (double opt-in)."""

    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "column")
    target = data.get("target", "")
    if kind == "decision" and not target.isdigit():
        target = ""
    context = {
        "email": data.get("email", "") if request.method == "POST" else "",
        "kind": kind,
        "target": target,
        "targets": selectors.subscription_targets(),
        "breadcrumbs": _sub_crumbs(None),
        "nav_active": "gk",
    }
    if kind == "decision" and target:
        from gongkai.decisions.models import Decision

        context["decision"] = Decision.objects.filter(pk=int(target), secret=False).first()
    if request.method == "POST":
        if request.POST.get("choice"):  # the select on the form carries "kind:target"
            kind, _, target = request.POST["choice"].partition(":")
            context.update(kind=kind, target=target)
        try:
            services.subscription_request(email=request.POST.get("email", ""), kind=kind, target=target)
        except WorkflowError as exc:
            context["error"] = exc.message
            return render(request, "publishing/subscribe.html", context, status=400)
        return render(request, "publishing/subscribe_done.html", {"email": context["email"].strip(), "breadcrumbs": _sub_crumbs("已提交"), "nav_active": "gk"})
    return render(request, "publishing/subscribe.html", context)


@require_http_methods(["GET", "POST"])
def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms."""
    context = {"token": token, "breadcrumbs": _sub_crumbs("确认订阅"), "nav_active": "gk"}
    if request.method == "POST":
        try:
            context["subscription"] = services.subscription_confirm(token=token)
        except WorkflowError as exc:
            context["error"] = exc.message
    return render(request, "publishing/subscribe_confirm.html", context, status=400 if "error" in context else 200)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe: mail clients POST here (RFC 8058, List-Unsubscribe-Post); a reader gets a button.

    CSRF-exempt on purpose: the signed token in the address is the authority, and the POST only ends mail."""
    context = {"token": token, "breadcrumbs": _sub_crumbs("退订"), "nav_active": "gk"}
    try:
        if request.method == "POST":
            context["cancelled"] = services.subscriber_unsubscribe(token=token)
            context["done"] = True
        else:
            services.subscriber_for_token(token)
    except WorkflowError as exc:
        context["error"] = exc.message
    return render(request, "publishing/unsubscribe.html", context, status=400 if "error" in context else 200)


# --- media interview requests (public) and media contacts (staff) -----------------------------------

INTERVIEW_SCOPE = "publishing.interview"  # idempotency scope of the public interview request form
INTERVIEW_FIELDS = ("agency", "outlet", "reporter", "email", "phone", "subject", "questions", "preferred_date")


def _parse_date(raw: str):
    import datetime as dt

    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise WorkflowError("日期格式不正确，请按“2026-05-01”的格式填写。") from None


@require_http_methods(["GET", "POST"])
def interview_form(request: HttpRequest) -> HttpResponse:
    """The public media interview request form (采访申请); a receipt page with the tracking code."""
    from gongkai.core.models import Agency

    crumbs = [("采访申请", None)]
    context = {
        "agencies": Agency.objects.order_by("sort_order", "id"),
        "data": {k: request.POST.get(k, "") for k in INTERVIEW_FIELDS} if request.method == "POST" else {"agency": request.GET.get("agency", "")},
        "breadcrumbs": crumbs,
        "nav_active": "gk",
    }
    context["idem"] = request.POST.get(idempotency.FORM_FIELD, "") if request.method == "POST" else idempotency.new_key()
    if request.method == "POST":
        d = context["data"]
        try:
            outcome = idempotency.submit(
                scope=INTERVIEW_SCOPE, key=context["idem"], payload=d,
                create=lambda: services.interview_submit(
                    agency_slug=d["agency"], outlet=d["outlet"], reporter=d["reporter"], email=d["email"], phone=d["phone"],
                    subject=d["subject"], questions=d["questions"], preferred_date=_parse_date(d["preferred_date"]),
                ),
                answer=lambda req: {"tracking_code": req.tracking_code},
            )
        except idempotency.IdempotencyError as exc:
            context.update(error=exc.message, idem=idempotency.new_key())
            return render(request, "publishing/interview_form.html", context, status=422)
        except WorkflowError as exc:
            context["error"] = exc.message
            return render(request, "publishing/interview_form.html", context, status=400)
        return render(request, "publishing/interview_receipt.html", {"req": outcome.obj, "breadcrumbs": [("采访申请", reverse("publishing:interview")), ("已提交", None)], "nav_active": "gk"})
    return render(request, "publishing/interview_form.html", context)


@require_GET
def interview_track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "")
    req = selectors.interview_by_code(code) if code else None
    return render(request, "publishing/interview_track.html", {
        "code": code, "req": req, "breadcrumbs": [("采访申请", reverse("publishing:interview")), ("查询", None)], "nav_active": "gk",
    })


@login_required
@require_GET
def staff_interviews(request: HttpRequest) -> HttpResponse:
    from .models import InterviewState

    qs = selectors.staff_interviews(request.user)
    state = request.GET.get("state", "")
    if state in InterviewState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page") if (request.GET.get("page") or "").isdigit() else 1)
    return render(request, "publishing/staff_interviews.html", {"page": page, "state": state, "states": InterviewState.choices})


@login_required
@require_http_methods(["GET", "POST"])
def staff_interview(request: HttpRequest, pk: int) -> HttpResponse:
    """One request with its history; the allowed moves as forms (accept / schedule / decline with reason)."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.core.workflow import history

    from .workflow import interview as interview_flow

    req = selectors.staff_interview(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            scheduled_at = None
            if action == "schedule":
                raw = request.POST.get("scheduled_at", "").strip()
                try:
                    scheduled_at = timezone.make_aware(dt.datetime.fromisoformat(raw)) if raw else None
                except ValueError:
                    raise WorkflowError("采访时间格式不正确。") from None
            services.interview_handle(
                interview_id=req.pk, by=request.user, action=action, reason=request.POST.get("reason", ""),
                scheduled_at=scheduled_at, place=request.POST.get("place", ""), interviewee=request.POST.get("interviewee", ""),
            )
            messages.success(request, "已办理，并已通知申请人。")
            return redirect("publishing:staff_interview", pk=req.pk)
        except WorkflowError as exc:
            messages.error(request, exc.message)
    allowed = {t.action for t in interview_flow.allowed(req, by=request.user)}
    return render(request, "publishing/staff_interview.html", {"req": req, "allowed": allowed, "events": history(req), "post": request.POST})


@login_required
@require_http_methods(["GET", "POST"])
def media_contacts(request: HttpRequest) -> HttpResponse:
    """The agency's media contact list (receives the e-mail channel's notices): list and add."""
    data = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in ("name", "outlet", "email", "phone")}
        try:
            services.media_contact_create(by=request.user, **data)
            messages.success(request, "已添加媒体联系人。")
            return redirect("publishing:media_contacts")
        except WorkflowError as exc:
            messages.error(request, exc.message)
    return render(request, "publishing/media_contacts.html", {"contacts": selectors.staff_media_contacts(request.user), "data": data})


@login_required
@require_http_methods(["GET", "POST"])
def media_contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import Http404

    contact = selectors.staff_media_contacts(request.user).filter(pk=pk).first()
    if contact is None:
        raise Http404("未找到。")
    if request.method == "POST":
        try:
            services.media_contact_update(
                contact_id=pk, by=request.user, name=request.POST.get("name", ""), outlet=request.POST.get("outlet", ""),
                email=request.POST.get("email", ""), phone=request.POST.get("phone", ""), active=request.POST.get("active") == "on",
            )
            messages.success(request, "已保存。")
            return redirect("publishing:media_contacts")
        except WorkflowError as exc:
            messages.error(request, exc.message)
    return render(request, "publishing/media_contact_edit.html", {"contact": contact, "post": request.POST})


@login_required
@require_POST
def media_contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.media_contact_delete(contact_id=pk, by=request.user)
        messages.success(request, "已删除。")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("publishing:media_contacts")


# --- staff: personal API tokens --------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """One's own API tokens; creating one shows the token once, on this response only (never stored in clear)."""
    created = None
    name = ""
    status = 200
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            token, raw = services.api_token_create(by=request.user, name=name)
            created = {"token": token, "raw": raw}
            name = ""
        except WorkflowError as exc:
            messages.error(request, exc.message)
            status = 400
    response = render(
        request,
        "publishing/api_tokens.html",
        {"tokens": selectors.staff_api_tokens(request.user), "created": created, "name": name},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = services.api_token_revoke(token_id=pk, by=request.user)
        messages.success(request, f"已吊销令牌“{token.name}”，使用它的请求将被拒绝。")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("publishing:api_tokens")
