"""Staff pages of major decisions (extend the workspace). A view: selector, one service call, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.models import Role
from gongkai.core.workflow import WorkflowError, history
from gongkai.disclosures.models import DisclosureItem
from gongkai.workspace.views import staff_required

from . import export, selectors, services
from .clocks import report_due
from .forms import (
    AttendeeForm,
    ClassifyForm,
    ConsultationForm,
    DecideForm,
    DecisionForm,
    DocumentForm,
    DrawForm,
    EvaluateForm,
    MeetingForm,
    PeriodChangeForm,
    RecordForm,
    RegistrationPeriodForm,
    SelectionForm,
    StaffCommentForm,
    SummaryForm,
    SurveyForm,
)
from .models import Answer, CommentState, Registration
from .privacy import mask_name, mask_phone
from .workflow import decision_flow


@staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rows = selectors.staff_decisions(request.user)
    return render(request, "decisions/staff/index.html", {"rows": rows})


@staff_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    form = DecisionForm(request.POST or None, initial={"year": __import__("datetime").date.today().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_create(
                by=request.user, title=data["title"], year=data["year"], summary=data["summary"], department=data["department"], secret=data["secret"]
            )
            rest = {k: data[k] for k in ("explanation", "basis", "draft_text") if data[k]}
            if rest:
                services.decision_update(decision=decision, by=request.user, **rest)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已立项。")
            return redirect("decisions:staff_detail", pk=decision.pk)
    return render(request, "decisions/staff/form.html", {"form": form, "heading": "新建重大决策事项"})


@staff_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.staff_decision(request.user, pk)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(decision=decision, by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已保存。")
            return redirect("decisions:staff_detail", pk=decision.pk)
    return render(request, "decisions/staff/form.html", {"form": form, "heading": f"修改：{decision.title}", "decision": decision})


# Several forms share one page: prefixes keep their field names and ids apart.
PREFIX = {
    "consultation_form": "c",
    "record_form": "r",
    "decide_form": "d",
    "document_form": "doc",
    "evaluate_form": "e",
    "meeting_form": "m",
    "survey_form": "s",
    "period_form": "pc",
}


def _detail(request: HttpRequest, decision, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    defaults = {
        "consultation_form": ConsultationForm(prefix=PREFIX["consultation_form"]),
        "record_form": RecordForm(prefix=PREFIX["record_form"]),
        "decide_form": DecideForm(prefix=PREFIX["decide_form"], initial={"final_text": decision.final_text or decision.draft_text}),
        "document_form": DocumentForm(prefix=PREFIX["document_form"]),
        "evaluate_form": EvaluateForm(prefix=PREFIX["evaluate_form"]),
        "meeting_form": MeetingForm(prefix=PREFIX["meeting_form"]),
        "survey_form": SurveyForm(prefix=PREFIX["survey_form"]),
        "period_form": PeriodChangeForm(prefix=PREFIX["period_form"]),
    }
    defaults.update(forms)
    try:
        due = report_due(decision)
    except Exception:  # noqa: BLE001 - calendar year unknown: shown as unknown
        due = None
    context = {
        "decision": decision,
        "actions": decision_flow.allowed(decision, by=user),
        "missing": selectors.gate_missing(decision),
        "records": decision.records.all(),
        "events": history(decision),
        "report": getattr(decision, "adoption_report", None),
        "report_due": due,
        "report_due_days": selectors.report_due_workdays(),
        "meetings": decision.meetings.all(),
        "surveys": decision.surveys.all(),
        "counts": selectors.paragraph_counts(decision),
        "is_editor": user.has_role(Role.EDITOR),
        "is_signer": user.has_role(Role.SIGNER),
        "is_handler": user.has_role(Role.HANDLER),
        **defaults,
    }
    return render(request, "decisions/staff/detail.html", context, status=status)


@staff_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.staff_decision(request.user, pk))


def _done(request: HttpRequest, decision, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("decisions:staff_detail", pk=decision.pk)


@staff_required
@require_POST
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """The moves of the state table that take nothing but an optional reason."""
    decision = selectors.staff_decision(request.user, pk)
    name = request.POST.get("action", "")
    try:
        if name == "start_review":
            services.review_start(decision=decision, by=request.user)
        elif name == "submit_deliberation":
            services.deliberation_submit(decision=decision, by=request.user)
        elif name == "publish":
            services.decision_publish(decision=decision, by=request.user)
        else:
            services.decision_advance(decision=decision, by=request.user, action=name, reason=request.POST.get("reason", ""))
    except WorkflowError as err:
        messages.error(request, err.message)
        return redirect("decisions:staff_detail", pk=decision.pk)
    return _done(request, decision, "操作已完成。")


def _form_post(request, pk, form_class, key, call):
    decision = selectors.staff_decision(request.user, pk)
    form = form_class(request.POST, request.FILES, prefix=PREFIX[key])
    if form.is_valid():
        try:
            message = call(decision, form)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            return _done(request, decision, message)
    return _detail(request, decision, status=400, **{key: form})


@staff_required
@require_POST
def open_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    def call(decision, form):
        d = form.cleaned_data
        services.consultation_open(decision=decision, by=request.user, opens_on=d["opens_on"], closes_on=d["closes_on"], short_reason=d["short_reason"])
        return "草案已发布征求意见。"

    return _form_post(request, pk, ConsultationForm, "consultation_form", call)


@staff_required
@require_POST
def record_add(request: HttpRequest, pk: int) -> HttpResponse:
    def call(decision, form):
        d = form.cleaned_data
        services.record_add(
            decision=decision, by=request.user, kind=d["kind"], held_on=d["held_on"], summary=d["summary"], passed=form.passed_value(), upload=d["file"]
        )
        return "已登记。"

    return _form_post(request, pk, RecordForm, "record_form", call)


@staff_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    def call(decision, form):
        d = form.cleaned_data
        services.decision_decide(decision=decision, by=request.user, final_text=d["final_text"], decided_on=d["decided_on"], meeting=d["meeting"], dissent=d["dissent"])
        return "已记录决定。"

    return _form_post(request, pk, DecideForm, "decide_form", call)


@staff_required
@require_POST
def link_document(request: HttpRequest, pk: int) -> HttpResponse:
    def call(decision, form):
        item = DisclosureItem.objects.filter(index_number=form.cleaned_data["index_number"].strip(), agency_id=request.user.agency_id).first()
        if item is None:
            raise WorkflowError("本机构没有该索引号的公开信息。")
        services.decision_link_document(decision=decision, by=request.user, item=item)
        return "已关联决策文件。"

    return _form_post(request, pk, DocumentForm, "document_form", call)


@staff_required
@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    def call(decision, form):
        services.decision_evaluate(decision=decision, by=request.user, evaluation=form.cleaned_data["evaluation"])
        return "已记录决策后评估。"

    return _form_post(request, pk, EvaluateForm, "evaluate_form", call)


@staff_required
@require_POST
def report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.staff_decision(request.user, pk)
    try:
        services.adoption_report_generate(decision=decision, by=request.user)
    except WorkflowError as err:
        messages.error(request, err.message)
        return redirect("decisions:staff_comments", pk=decision.pk)
    return _done(request, decision, "已生成意见采纳情况说明，并在决策页面公开。")


@staff_required
@require_POST
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    def call(decision, form):
        services.meeting_create(decision=decision, by=request.user, **form.cleaned_data)
        return "已安排会议。"

    return _form_post(request, pk, MeetingForm, "meeting_form", call)


@staff_required
@require_POST
def survey_new(request: HttpRequest, pk: int) -> HttpResponse:
    def call(decision, form):
        services.survey_create(decision=decision, by=request.user, **form.cleaned_data)
        return "已发布问卷。"

    return _form_post(request, pk, SurveyForm, "survey_form", call)


# ---- comments -----------------------------------------------------------------------------------


def _comments_page(request: HttpRequest, decision, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    handler = user.has_role(Role.HANDLER)
    qs = decision.comments.select_related("paragraph", "duplicate_of").prefetch_related("attachments").order_by("id")
    state = request.GET.get("state", "")
    if state in CommentState.values:
        qs = qs.filter(state=state, duplicate_of__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for c in page:
        c.contact_name = c.name if handler else mask_name(c.name)
        c.contact_phone = c.phone if handler else mask_phone(c.phone)
    context = {
        "decision": decision,
        "page": page,
        "state": state,
        "states": CommentState.choices,
        "can_moderate": user.has_role(Role.MODERATOR),
        "can_classify": handler and decision.period_state() == "closed",
        "can_enter": user.has_role(Role.EDITOR) or handler,
        "classify_form": ClassifyForm(),
        "enter_form": forms.get("enter_form") or StaffCommentForm(),
        "error_comment": forms.get("error_comment"),
        "error_form": forms.get("error_form"),
        "report": getattr(decision, "adoption_report", None),
    }
    return render(request, "decisions/staff/comments.html", context, status=status)


@staff_required
@require_GET
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    return _comments_page(request, selectors.staff_decision(request.user, pk))


@staff_required
@require_POST
def comment_enter(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.staff_decision(request.user, pk)
    form = StaffCommentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            c = services.comment_enter(
                decision=decision, by=request.user, channel=d["channel"], content=d["content"], name=d["name"], phone=d["phone"],
                received_on=d["received_on"], paragraph_number=d["paragraph"],
            )
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, f"已录入，查询码 {c.tracking_code}。")
            return redirect("decisions:staff_comments", pk=decision.pk)
    return _comments_page(request, decision, status=400, enter_form=form)


@staff_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.staff_comment(request.user, pk)
    try:
        services.comment_moderate(comment=comment, by=request.user, action=request.POST.get("action", ""), reason=request.POST.get("reason", ""))
    except WorkflowError as err:
        messages.error(request, f"{comment.tracking_code}：{err.message}")
    else:
        messages.success(request, f"{comment.tracking_code}：已处理。")
    return redirect("decisions:staff_comments", pk=comment.decision_id)


@staff_required
@require_POST
def comment_classify(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.staff_comment(request.user, pk)
    form = ClassifyForm(request.POST)
    if form.is_valid():
        try:
            services.comment_classify(comment=comment, by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            messages.error(request, f"{comment.tracking_code}：{err.message}")
        else:
            messages.success(request, f"{comment.tracking_code}：已办理。")
    else:
        messages.error(request, f"{comment.tracking_code}：请选择采纳情况并填写理由。")
    return redirect("decisions:staff_comments", pk=comment.decision_id)


@staff_required
@require_GET
def comments_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    decision = selectors.staff_decision(request.user, pk)
    full = request.user.has_role(Role.HANDLER)
    if fmt == "xlsx":
        return export.xlsx_response(decision, full_contact=full)
    return export.csv_response(decision, full_contact=full)


# ---- meetings and surveys -----------------------------------------------------------------------


def _meeting_page(request: HttpRequest, m, status: int = 200, **forms) -> HttpResponse:
    handler = request.user.has_role(Role.HANDLER)
    registrations = list(m.registrations.all())
    for r in registrations:
        r.shown_name = r.name
        r.shown_phone = r.phone if handler else mask_phone(r.phone)
    context = {
        "meeting": m,
        "attendee_form": forms.get("attendee_form") or AttendeeForm(),
        "summary_form": forms.get("summary_form") or SummaryForm(initial={"summary": m.summary}),
        "period_form": forms.get("period_form") or RegistrationPeriodForm(initial={"closes_on": m.registration_closes_on}),
        "draw_form": forms.get("draw_form") or DrawForm(),
        "selection_form": SelectionForm(),
        "registrations": registrations,
    }
    return render(request, "decisions/staff/meeting.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    m = selectors.staff_meeting(request.user, pk)
    attendee_form, summary_form = None, None
    if request.method == "POST":
        try:
            if request.POST.get("form") == "attendee":
                attendee_form = AttendeeForm(request.POST)
                if attendee_form.is_valid():
                    services.attendee_add(meeting=m, by=request.user, **attendee_form.cleaned_data)
                    messages.success(request, "已登记参会人员。")
                    return redirect("decisions:staff_meeting", pk=m.pk)
            else:
                summary_form = SummaryForm(request.POST)
                if summary_form.is_valid():
                    services.meeting_summary_publish(meeting=m, by=request.user, summary=summary_form.cleaned_data["summary"])
                    messages.success(request, "已发布会议纪要。")
                    return redirect("decisions:staff_meeting", pk=m.pk)
        except WorkflowError as err:
            messages.error(request, err.message)
    return _meeting_page(request, m, attendee_form=attendee_form, summary_form=summary_form)


@staff_required
@require_POST
def meeting_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    """Hearing registration: set the closing date, draw at random, publish the participant list."""
    m = selectors.staff_meeting(request.user, pk)
    which = request.POST.get("form")
    forms = {}
    try:
        if which == "period":
            form = forms["period_form"] = RegistrationPeriodForm(request.POST)
            if form.is_valid():
                services.meeting_registration_set(meeting=m, by=request.user, closes_on=form.cleaned_data["closes_on"])
                messages.success(request, "已开放公开报名。")
                return redirect("decisions:staff_meeting", pk=m.pk)
        elif which == "draw":
            form = forms["draw_form"] = DrawForm(request.POST)
            if form.is_valid():
                drawn = services.registrations_draw(meeting=m, by=request.user, **form.cleaned_data)
                messages.success(request, f"已随机抽选{len(drawn)}人。")
                return redirect("decisions:staff_meeting", pk=m.pk)
        elif which == "publish":
            services.participants_publish(meeting=m, by=request.user)
            messages.success(request, "已公布参加人名单。")
            return redirect("decisions:staff_meeting", pk=m.pk)
        else:
            messages.error(request, "未知的操作。")
    except WorkflowError as err:
        messages.error(request, err.message)
    m.refresh_from_db()
    return _meeting_page(request, m, status=400, **forms)


@staff_required
@require_POST
def registration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("meeting"), pk=pk, meeting__decision__agency_id=request.user.agency_id)
    form = SelectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择遴选结果和方式，并填写理由。")
    else:
        data = form.cleaned_data
        try:
            services.registration_decide(
                registration=registration, by=request.user, selected=data["outcome"] == "selected", method=data["method"], reason=data["reason"]
            )
        except WorkflowError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, "已记录遴选结果。")
    return redirect("decisions:staff_meeting", pk=registration.meeting_id)


@staff_required
@require_http_methods(["GET", "POST"])
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the file for staff of the agency; POST: a moderator shows or withholds it."""
    item = selectors.staff_attachment(request.user, pk)
    if request.method == "GET":
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file_name)
    try:
        services.attachment_moderate(attachment=item, by=request.user, approve=request.POST.get("approve") == "1", reason=request.POST.get("reason", ""))
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已处理附件。")
    return redirect(reverse("decisions:staff_comments", kwargs={"pk": item.comment.decision_id}) + f"#c{item.comment_id}")


@staff_required
@require_POST
def period_change(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.staff_decision(request.user, pk)
    form = PeriodChangeForm(request.POST, prefix=PREFIX["period_form"])
    if form.is_valid():
        try:
            change = services.comment_period_change(decision=decision, by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            return _done(request, decision, f"已{change.get_kind_display()}至{change.new_closes_on:%Y年%m月%d日}。")
    return _detail(request, decision, status=400, period_form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.staff_survey(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "publish":
                services.survey_publish_results(survey=s, by=request.user)
            else:
                answer = get_object_or_404(Answer, pk=request.POST.get("answer"), response__survey=s)
                services.answer_approve(answer=answer, by=request.user, approve=request.POST.get("approve") == "1")
        except WorkflowError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, "已处理。")
        return redirect("decisions:staff_survey", pk=s.pk)
    texts = Answer.objects.filter(response__survey=s).exclude(text="").select_related("question").order_by("id")[:500]
    return render(
        request,
        "decisions/staff/survey.html",
        {"survey": s, "results": selectors.survey_results(s), "total": s.responses.count(), "texts": texts, "can_moderate": request.user.has_role(Role.MODERATOR)},
    )

