"""Public and staff pages of letters. Each view: selector, at most one service call, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import idempotency
from gongkai.core import workflow as core_workflow
from gongkai.core.models import Role
from gongkai.core.workdays import CalendarRangeError
from gongkai.core.workflow import WorkflowError
from gongkai.workspace.views import staff_required

from . import notifications, selectors, services
from .forms import (
    AssignForm,
    FollowupForm,
    LetterForm,
    PreferenceForm,
    PublicationForm,
    RateForm,
    ReasonForm,
    ReassignForm,
    ReplyForm,
    TrackForm,
)
from .models import LetterState, Notification, NotificationPreference, PublicationState
from .workflow import handling, publication

PAGE_SIZE = 20
LETTER_SCOPE = "letters.letter"  # idempotency scope of a public letter (form and API)
STAFF_ROLES = {Role.HANDLER, Role.REVIEWER, Role.SIGNER, Role.AGENCY_ADMIN, Role.SUPERVISOR}


def _crumbs(*extra):
    return [("互动交流", reverse("letters:interaction")), *extra]


# ---- public ------------------------------------------------------------------------------------


@require_GET
def interaction(request: HttpRequest) -> HttpResponse:
    """互动交流: letters, and consultations when the decisions area is installed."""
    try:
        consultations_url = reverse("decisions:index")
    except NoReverseMatch:
        consultations_url = None
    return render(
        request,
        "letters/interaction.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": [("互动交流", None)],
            "consultations_url": consultations_url,
            "latest": list(selectors.published_letters()[:5]),
        },
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_letters(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "letters/index.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs(("建言献策与领导信箱", None)),
            "page": page,
            "track_form": TrackForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest) -> HttpResponse:
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        outcome = form.submit_once(
            scope=LETTER_SCOPE,
            create=lambda: services.letter_submit(
                agency=d["agency"],
                box=d["box"],
                topic_kind=d["topic_kind"],
                topic=d["topic"],
                subject=d["subject"],
                content=d["content"],
                name=d["name"],
                phone=d["phone"],
                email=d["email"],
                publish_consent=d["publish_consent"],
                attachments=d["attachments"],
                idempotency_key=d[idempotency.FORM_FIELD] or None,
            )[0],
            answer=lambda letter: {"tracking_code": letter.tracking_code},
            refused=(WorkflowError, CalendarRangeError),
        )
        if outcome is not None:
            return redirect("letters:receipt", code=outcome.answer["tracking_code"])
    return render(
        request,
        "letters/new.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs(("建言献策与领导信箱", reverse("letters:index")), ("我要写信", None)),
            "form": form,
        },
        status=(422 if form.key_refused else 400) if form.is_bound and form.errors else 200,
    )


@require_GET
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    letter = selectors.letter_by_code(code)
    return render(
        request,
        "letters/receipt.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs(("建言献策与领导信箱", reverse("letters:index")), ("来信回执", None)),
            "letter": letter,
            "shown_subject": services.mask_personal_data(letter.subject, letter=letter),
            "deadline": selectors.letter_deadline(letter),
            "limit": selectors.reply_workdays(letter.agency_id),
        },
    )


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"].strip().upper().replace(" ", "")
        if selectors.Letter.objects.filter(tracking_code=code).exists():
            return redirect("letters:track_detail", code=code)
        form.add_error("code", "未找到该查询码对应的来信，请核对后重新输入。")
    return render(
        request,
        "letters/track.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs(("建言献策与领导信箱", reverse("letters:index")), ("来信查询", None)),
            "form": form,
        },
        status=404 if form.is_bound and form.errors else 200,
    )


def _track_context(letter, **forms):
    ctx = {
        "nav_active": "interaction",
        "breadcrumbs": _crumbs(
            ("建言献策与领导信箱", reverse("letters:index")), (f"来信 {letter.tracking_code}", None)
        ),
        "letter": letter,
        # the page is open to anyone holding the code: contact data the sender typed into the text is masked
        "shown_subject": services.mask_personal_data(letter.subject, letter=letter),
        "shown_content": services.mask_personal_data(letter.content, letter=letter),
        "shown_followup": services.mask_personal_data(letter.followup, letter=letter),
        "deadline": selectors.letter_deadline(letter) if letter.state in selectors.OPEN_STATES else None,
        "can_respond": letter.state == LetterState.REPLIED,
        "rate_form": forms.get("rate_form") or RateForm(),
        "followup_form": forms.get("followup_form") or FollowupForm(),
    }
    return ctx


@require_GET
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    letter = selectors.letter_by_code(code)
    return render(request, "letters/track_detail.html", _track_context(letter))


@require_POST
def letter_rate(request: HttpRequest, code: str) -> HttpResponse:
    letter = selectors.letter_by_code(code)
    form = RateForm(request.POST)
    if letter.state != LetterState.REPLIED:  # the page no longer shows the form, so say why at the top
        messages.error(request, "该来信当前不能评价（尚未答复或已办结）。")
    elif form.is_valid():
        try:
            services.letter_rate(
                letter=letter, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "感谢您的评价，来信已办结。")
            return redirect("letters:track_detail", code=letter.tracking_code)
    return render(request, "letters/track_detail.html", _track_context(letter, rate_form=form), status=400)


@require_POST
def letter_followup(request: HttpRequest, code: str) -> HttpResponse:
    letter = selectors.letter_by_code(code)
    form = FollowupForm(request.POST)
    if letter.state != LetterState.REPLIED or letter.followup:  # as in letter_rate: the form is not shown
        messages.error(request, "该来信当前不能追问（每件来信限追问一次，答复后可追问）。")
    elif form.is_valid():
        try:
            services.letter_followup(letter=letter, text=form.cleaned_data["text"])
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已收到您的追问，办理机构将再次答复。")
            return redirect("letters:track_detail", code=letter.tracking_code)
    return render(request, "letters/track_detail.html", _track_context(letter, followup_form=form), status=400)


@require_GET
def published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.published_letter(pk)
    return render(
        request,
        "letters/published_detail.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs(("建言献策与领导信箱", reverse("letters:index")), (letter.public_subject, None)),
            "letter": letter,
        },
    )


@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    rows = selectors.monthly_stats(months=12)
    chart = {
        "months": [r.month for r in rows],
        "received": [r.received for r in rows],
        "replied": [r.replied for r in rows],
        "on_time": [r.on_time for r in rows],
        "satisfaction": [r.satisfaction for r in rows],
    }
    totals = {
        "received": sum(r.received for r in rows),
        "replied": sum(r.replied for r in rows),
        "on_time": sum(r.on_time for r in rows),
    }
    return render(
        request,
        "letters/stats.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs(("建言献策与领导信箱", reverse("letters:index")), ("办理情况统计", None)),
            "rows": rows,
            "totals": totals,
            "chart": chart,
        },
    )


# ---- staff -------------------------------------------------------------------------------------


def _may_view(user) -> bool:
    return bool(user.roles & STAFF_ROLES)


@staff_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    if not _may_view(request.user):
        return render(request, "workspace/no_agency.html", status=403)
    qs = selectors.staff_letters(request.user)
    view = request.GET.get("view", "open")
    views = {
        "open": ("待办来信", qs.filter(state__in=selectors.OPEN_STATES).order_by("received_at")),
        "publication": ("待审核公开", qs.filter(pub_state=PublicationState.PROPOSED)),
        "all": ("全部来信", qs),
    }
    if view not in views:
        view = "open"
    title, rows = views[view]
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    limit = selectors.reply_workdays(request.user.agency_id)
    items = [
        {
            "letter": letter,
            "deadline": selectors.letter_deadline(letter, limit=limit)
            if letter.state in selectors.OPEN_STATES
            else None,
            "overdue": selectors.is_overdue(letter),
        }
        for letter in page
    ]
    counts = {key: q.count() for key, (_t, q) in views.items()}
    return render(
        request,
        "letters/staff_list.html",
        {"view": view, "title": title, "page": page, "items": items, "counts": counts},
    )


@staff_required
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_view(request.user):
        return render(request, "workspace/no_agency.html", status=403)
    letter = selectors.staff_letter(request.user, pk)
    return render(request, "letters/staff_detail.html", _staff_context(request, letter))


def _staff_context(request, letter, **forms):
    user = request.user
    return {
        "letter": letter,
        "show_contact": user.has_role(Role.HANDLER),
        "deadline": selectors.letter_deadline(letter) if letter.state in selectors.OPEN_STATES else None,
        "overdue": selectors.is_overdue(letter),
        "actions": [t.action for t in handling.allowed(letter, by=user)],
        "pub_actions": [
            t.action
            for t in publication.allowed(
                letter, by=user, authors=[letter.proposed_by_id] if letter.proposed_by_id else []
            )
        ],
        "assign_form": forms.get("assign_form") or AssignForm(initial={"unit": letter.unit}),
        "reassign_form": forms.get("reassign_form") or ReassignForm(targets=selectors.reassign_targets(letter.agency)),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "publication_form": forms.get("publication_form")
        or PublicationForm(
            initial={
                "public_subject": letter.public_subject,
                "public_content": letter.public_content,
                "public_reply": letter.public_reply,
            }
        ),
        "history": core_workflow.history(letter),
        "attachments": list(letter.attachments.all()) if user.has_role(Role.HANDLER) else [],
    }


def _form_error(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@staff_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    letter = selectors.staff_letter(request.user, pk)
    user = request.user
    done = {
        "assign": "已受理交办。",
        "reassign": "已转办。",
        "reply": "已答复，来信人可凭查询码查看。",
        "close": "已办结。",
        "propose": "已选登，公开文本已自动去除个人信息，待审核。",
        "approve": "已审核并公开。",
        "reject": "已决定不予公开。",
        "withdraw": "已撤下。",
    }
    try:
        if action == "assign":
            form = AssignForm(request.POST)
            form.is_valid()
            services.letter_assign(letter=letter, by=user, unit=form.cleaned_data.get("unit", ""))
        elif action == "reassign":
            form = ReassignForm(request.POST, targets=selectors.reassign_targets(letter.agency))
            if not form.is_valid():
                raise WorkflowError(_form_error(form))
            d = form.cleaned_data
            services.letter_reassign(
                letter=letter, by=user, to_agency=d["to_agency"], unit=d["unit"], reason=d["reason"]
            )
        elif action == "reply":
            form = ReplyForm(request.POST)
            if not form.is_valid():
                raise WorkflowError("请填写答复内容。")
            services.letter_reply(letter=letter, by=user, text=form.cleaned_data["text"])
        elif action == "close":
            services.letter_close(letter=letter, by=user)
        elif action == "propose":
            services.letter_publication_propose(letter=letter, by=user)
        elif action == "approve":
            form = PublicationForm(request.POST)
            if not form.is_valid():
                raise WorkflowError("公开的标题、来信内容和答复内容都不能为空。")
            services.letter_publication_approve(letter=letter, by=user, **form.cleaned_data)
        elif action in ("reject", "withdraw"):
            reason = request.POST.get("reason", "")
            fn = services.letter_publication_reject if action == "reject" else services.letter_publication_withdraw
            fn(letter=letter, by=user, reason=reason)
        else:
            raise WorkflowError("未知的操作。")
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, done[action])
    if action == "reassign" and not selectors.staff_letters(user).filter(pk=letter.pk).exists():
        return redirect("letters:staff_list")
    return redirect("letters:staff_detail", pk=letter.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_notifications(request: HttpRequest) -> HttpResponse:
    user = request.user
    pref = NotificationPreference.objects.filter(user=user).first()
    form = PreferenceForm(request.POST or None, initial={"email_kinds": pref.email_kinds if pref else []})
    if request.method == "POST":
        if request.POST.get("op") == "read":
            notifications.notifications_mark_read(user=user)
            messages.success(request, "已全部标为已读。")
            return redirect("letters:staff_notifications")
        if form.is_valid():
            notifications.preference_set(user=user, email_kinds=form.cleaned_data["email_kinds"])
            messages.success(request, "已保存邮件通知设置。")
            return redirect("letters:staff_notifications")
    page = Paginator(Notification.objects.filter(user=user), 30).get_page(request.GET.get("page"))
    return render(request, "letters/staff_notifications.html", {"page": page, "form": form})
