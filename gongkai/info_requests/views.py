"""Public application form and status page; the staff register, queue and actions. Thin: selector, service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import idempotency
from gongkai.core.models import Role, User
from gongkai.core.workflow import WorkflowError, history
from gongkai.disclosures.selectors import guide_agency
from gongkai.workspace.views import staff_required

from . import selectors, services
from .crypto import decrypt_id
from .forms import (ApplicationForm, ConsultForm, DateReasonForm, ExtendForm, FeeForm, ReasonsAcceptForm, ReplyForm,
                    StaffApplicationForm)
from .models import InfoRequest, RequestState
from .outcomes import OUTCOMES
from .workflow import request_workflow

GK = ("政务公开", "/gk/")
REQUEST_SCOPE = "info_requests.request"  # idempotency scope of an online application (form and API)


def _crumbs(*extra):
    return [GK, ("依申请公开", reverse("info_requests:apply")), *extra]


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The public application form (Art. 29); a receipt page with the tracking code on success."""
    default = guide_agency(settings.GONGKAI_SITE["title"])
    form = ApplicationForm(request.POST or None, initial={"agency": default})
    error = ""
    status = 200  # a form with errors is shown again as before; a refused key reuse answers 422
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.payload().items() if k != "agency"}
        agency = form.cleaned_data["agency"]
        try:
            outcome = idempotency.submit(
                scope=REQUEST_SCOPE,
                key=form.cleaned_data[idempotency.FORM_FIELD],
                payload={**data, "agency": agency.pk},
                create=lambda: services.request_submit_online(agency=agency, data=data),
                answer=lambda req: {"tracking_code": req.tracking_code},
            )
        except idempotency.IdempotencyError as exc:
            error, status = exc.message, 422
            form.renew_key()
        except WorkflowError as exc:
            error = exc.message
        else:
            req = outcome.obj or selectors.public_request(outcome.answer["tracking_code"])
            state = services.clock_of(req)
            return render(request, "info_requests/receipt.html", {
                "req": req, "due": state.due, "nav_active": "gk",
                "breadcrumbs": _crumbs(("申请回执", None))})
    return render(request, "info_requests/apply.html", {
        "form": form, "error": error, "nav_active": "gk", "breadcrumbs": _crumbs(("在线申请", None))},
        status=status)


@require_GET
def query(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("code") or "").strip().upper()
    if "/" in code:  # no tracking code holds one, and the status URL cannot be built with it
        raise Http404("未找到该查询码对应的申请。")
    if code:
        return redirect("info_requests:status", code=code)
    return redirect("info_requests:apply")


@require_GET
def status(request: HttpRequest, code: str) -> HttpResponse:
    req = selectors.public_request(code)
    state = services.clock_of(req)
    return render(request, "info_requests/status.html", {
        "req": req, "clock": state, "state_text": selectors.PUBLIC_STATE_TEXT[req.state],
        "outcome": OUTCOMES.get(req.outcome), "files": list(req.files.all()) if req.concluded_on else [],
        "nav_active": "gk", "breadcrumbs": _crumbs(("办理状态", None))})


def _download(field_file, name: str) -> FileResponse:
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)


@require_GET
def status_letter(request: HttpRequest, code: str) -> HttpResponse:
    req = selectors.public_request(code)
    if not req.reply_letter:
        raise Http404("尚无答复书。")
    return _download(req.reply_letter, f"答复书-{req.tracking_code}.docx")


# Notices to the applicant, by URL key: (model field, download name).
NOTICES = {"correction": ("correction_notice", "补正告知书"), "extension": ("extension_notice", "延期答复告知书")}


def _notice(req: InfoRequest, kind: str) -> FileResponse:
    if kind not in NOTICES:
        raise Http404("未找到。")
    field, label = NOTICES[kind]
    field_file = getattr(req, field)
    if not field_file:
        raise Http404(f"尚无{label}。")
    return _download(field_file, f"{label}-{req.tracking_code}.docx")


@require_GET
def status_notice(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    return _notice(selectors.public_request(code), kind)


@require_GET
def status_file(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    req = selectors.public_request(code)
    if not req.concluded_on:
        raise Http404("未找到。")
    reply_file = req.files.filter(pk=pk).first()
    if reply_file is None:
        raise Http404("未找到。")
    return _download(reply_file.file, reply_file.original_name)


# --- staff ---------------------------------------------------------------------------------------


def _require_requests(user: User) -> None:
    if not selectors.can_see_requests(user):
        raise Http404("未找到。")


@staff_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_requests(request.user)
    qs = selectors.staff_requests(request.user)
    state = request.GET.get("state", "")
    if state in RequestState.values:
        qs = qs.filter(state=state)
    rows = [(req, services.clock_of(req)) for req in qs.prefetch_related("clock_events")[:200]]
    return render(request, "info_requests/staff_list.html", {
        "rows": rows, "states": RequestState.choices, "state": state})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    _require_requests(request.user)
    form = StaffApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        data = {k: v for k, v in cd.items() if k not in ("channel", "arrived_on", "signed_on", "confirmed_on")}
        try:
            req = services.request_register(by=request.user, channel=cd["channel"], arrived_on=cd["arrived_on"],
                                            signed_on=cd["signed_on"], confirmed_on=cd["confirmed_on"], data=data)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记，查询码 {req.tracking_code}。")
            return redirect(req)
    return render(request, "info_requests/staff_new.html", {"form": form})


def _approvers(user: User):
    return User.objects.filter(agency_id=user.agency_id, role_grants__role__in=[Role.SIGNER, Role.AGENCY_ADMIN]).distinct()


@staff_required
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.staff_request(request.user, pk)
    state = services.clock_of(req)
    handler = selectors.can_see_identity(request.user)
    return render(request, "info_requests/staff_detail.html", {
        "req": req, "clock": state, "handler": handler,
        "id_number": decrypt_id(req.id_number_encrypted) if handler else "",
        "outcome": OUTCOMES.get(req.outcome), "events": req.clock_events.select_related("approved_by"),
        "history": history(req), "allowed": {t.action for t in request_workflow.allowed(req, by=request.user)},
        "can_extend": handler and req.is_open and not state.extended,
        "can_fee": handler and req.state == RequestState.HANDLING,
        "can_reply": handler and req.state in (RequestState.REGISTERED, RequestState.HANDLING),
        "can_ask_reasons": handler and req.state in (RequestState.REGISTERED, RequestState.HANDLING)
        and not state.reasons_requested,
        "can_accept_reasons": handler and req.is_open and req.state != RequestState.CORRECTION and state.reasons_requested
        and not state.excessive_days,
        "accept_form": ReasonsAcceptForm(),
        "reason_form": DateReasonForm(), "extend_form": ExtendForm(approvers=_approvers(request.user)),
        "consult_form": ConsultForm(), "fee_form": FeeForm(), "reply_form": ReplyForm()})


@staff_required
@require_POST
def staff_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    req: InfoRequest = selectors.staff_request(request.user, pk)
    by = request.user
    form_class = {"extend": ExtendForm, "consult": ConsultForm, "fee_notice": FeeForm, "reply": ReplyForm,
                  "accept_reasons": ReasonsAcceptForm}.get(action, DateReasonForm)
    kwargs = {"approvers": _approvers(by)} if action == "extend" else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        messages.error(request, "请检查填写的内容：" + "；".join(str(e[0]) for e in form.errors.values()))
        return redirect(req)
    cd = form.cleaned_data
    on, reason = cd.get("on"), cd.get("reason") or ""
    calls = {
        "review": lambda: services.request_review(req=req, by=by),
        "request_correction": lambda: services.request_correction_ask(req=req, by=by, reason=reason, on=on),
        "receive_correction": lambda: services.request_correction_receive(req=req, by=by, on=on, note=reason),
        "extend": lambda: services.request_extend(req=req, by=by, approved_by=cd["approved_by"], days=cd["days"],
                                                  reason=reason, on=on),
        "ask_reasons": lambda: services.request_reasons_ask(req=req, by=by, reason=reason, on=on),
        "accept_reasons": lambda: services.request_reasons_accept(req=req, by=by, reasons=reason, days=cd["days"], on=on),
        "consult": lambda: services.request_consult(req=req, by=by, party=cd["party"], reason=reason, on=on),
        "consultation_answered": lambda: services.request_consultation_answer(req=req, by=by, on=on, note=reason),
        "fee_notice": lambda: services.request_fee_notice(req=req, by=by, method=cd["method"], count=cd["count"], on=on),
        "fee_paid": lambda: services.request_fee_paid(req=req, by=by, on=on),
        "reply": lambda: services.request_reply(req=req, by=by, outcome=cd["outcome"], note=reason, on=on,
                                                uploads=request.FILES.getlist("files"), other_agency=cd["other_agency"]),
        "archive": lambda: services.request_archive(req=req, by=by),
    }
    if action not in calls:
        raise Http404("未知的操作。")
    try:
        calls[action]()
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已办理。")
    return redirect(req)


@staff_required
@require_GET
def staff_letter(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.staff_request(request.user, pk)
    if not req.reply_letter:
        raise Http404("尚无答复书。")
    return _download(req.reply_letter, f"答复书-{req.tracking_code}.docx")


@staff_required
@require_GET
def staff_notice(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    return _notice(selectors.staff_request(request.user, pk), kind)
