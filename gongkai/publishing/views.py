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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import selectors as gk

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
