"""Public and staff pages of public-opinion response. Thin: selector, one service call, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import workflow as core_workflow
from gongkai.core.models import Role
from gongkai.core.workflow import WorkflowError
from gongkai.workspace.views import staff_required

from . import reports, selectors, services
from .clocks import incident_clocks
from .forms import (
    AssignDownForm,
    ConferenceForm,
    GradeForm,
    HoldForm,
    IncidentForm,
    PhotoForm,
    QuestionForm,
    ReasonForm,
    ReportForm,
    StatementForm,
)
from .models import IncidentState, Statement, StatementState
from .workflow import conference_flow, incident_flow, statement_flow


def _crumbs(*extra):
    return [("互动交流", reverse("letters:interaction")), ("舆情回应与新闻发布", reverse("opinion:index")), *extra]


# ---- public ------------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_incidents(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "opinion/index.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs()[:-1] + [("舆情回应与新闻发布", None)],
            "page": page,
            "conferences": list(selectors.public_conferences()[:10]),
        },
    )


@require_GET
def incident(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.public_incident(pk)
    return render(
        request,
        "opinion/incident.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs((item.title, None)),
            "incident": item,
            "statements": item.statements.filter(state=StatementState.PUBLISHED).order_by("published_at"),
            "conferences": selectors.public_conferences().filter(incidents=item),
        },
    )


@require_GET
def conferences(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_conferences(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "opinion/conferences.html",
        {"nav_active": "interaction", "breadcrumbs": _crumbs(("新闻发布会", None)), "page": page},
    )


@require_GET
def conference(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.public_conference(pk)
    return render(
        request,
        "opinion/conference.html",
        {
            "nav_active": "interaction",
            "breadcrumbs": _crumbs(("新闻发布会", reverse("opinion:conferences")), (item.title, None)),
            "conference": item,
            "questions": item.questions.all(),
            "photos": item.photos.all(),
            "policies": selectors.public_policies(item),
            "incidents": [i for i in item.incidents.all() if selectors.public_incidents().filter(pk=i.pk).exists()],
            "links": [line.strip() for line in item.related_links.splitlines() if line.strip().startswith("/")],
        },
    )


@require_GET
def conference_photo(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    """A photo of a public conference, served inline with the type its content was judged to be."""
    item = selectors.public_conference(pk)
    photo = item.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404("未找到。")
    mime = "image/png" if photo.kind == "png" else "image/jpeg"
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404("未找到。") from None
    response = FileResponse(handle, content_type=mime)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response


# ---- staff -------------------------------------------------------------------------------------


@staff_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    qs = selectors.staff_incidents(request.user)
    show = request.GET.get("show", "open")
    if show != "all":
        qs = qs.exclude(state=IncidentState.CLOSED)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = [{"incident": i, "clocks": incident_clocks(i)} for i in page]
    return render(request, "opinion/staff_list.html", {"page": page, "rows": rows, "now": now, "show": show})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.incident_raise(agency=request.user.agency, by=request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已登记舆情，时限开始计算。")
            return redirect("opinion:staff_incident", pk=item.pk)
    return render(request, "opinion/staff_new.html", {"form": form})


@staff_required
@require_GET
def staff_incident(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.staff_incident(request.user, pk)
    user = request.user
    statements = list(item.statements.all())
    return render(
        request,
        "opinion/staff_incident.html",
        {
            "incident": item,
            "clocks": incident_clocks(item),
            "now": timezone.now(),
            "actions": [t.action for t in incident_flow.allowed(item, by=user)],
            "statements": [
                (
                    s,
                    s.state == StatementState.DRAFT
                    and bool(statement_flow.allowed(s, by=user, authors=[s.author_id] if s.author_id else [])),
                )
                for s in statements
            ],
            "statement_form": StatementForm(),
            "grade_form": GradeForm(initial={"grade": item.grade}),
            "assign_down_form": AssignDownForm(agency=item.agency),
            "reason_form": ReasonForm(),
            "conferences": item.press_conferences.all(),
            "history": core_workflow.history(item),
            "can_schedule": bool(user.roles & {Role.SPOKESPERSON, Role.SIGNER}),
        },
    )


@staff_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = selectors.staff_incident(request.user, pk)
    user = request.user
    post = request.POST
    try:
        if action == "assign":
            services.incident_assign(incident=item, by=user)
            done = "已受理处置。"
        elif action == "assign_down":
            form = AssignDownForm(post, agency=item.agency)
            if not form.is_valid():
                raise WorkflowError("请选择下级机构并填写交办说明。")
            services.incident_assign(
                incident=item, by=user, to_agency=form.cleaned_data["to_agency"], reason=form.cleaned_data["reason"]
            )
            done = "已交下级机构办理。"
        elif action == "escalate":
            services.incident_escalate(incident=item, by=user, reason=post.get("reason", ""))
            done = "已报上级机构处置。"
        elif action == "grade":
            form = GradeForm(post)
            if not form.is_valid():
                raise WorkflowError("请选择等级并填写理由。")
            services.incident_grade(
                incident=item, by=user, grade=form.cleaned_data["grade"], reason=form.cleaned_data["reason"]
            )
            done = "已调整等级。"
        elif action == "close":
            services.incident_close(incident=item, by=user)
            done = "已办结。"
        elif action == "statement":
            form = StatementForm(post)
            if not form.is_valid():
                raise WorkflowError("请填写回应的类别、标题和正文。")
            services.statement_draft(incident=item, by=user, **form.cleaned_data)
            done = "已保存回应草稿，请值班领导签发。"
        else:
            raise WorkflowError("未知的操作。")
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, done)
    if not selectors.staff_incidents(user).filter(pk=item.pk).exists():
        return redirect("opinion:staff_list")
    return redirect("opinion:staff_incident", pk=item.pk)


@staff_required
@require_POST
def statement_publish(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    item = selectors.staff_incident(request.user, pk)
    statement = Statement.objects.filter(incident=item, pk=statement_pk).first()
    if statement is None:
        return render(request, "web/404.html", status=404)
    try:
        services.statement_publish(statement=statement, by=request.user)
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已签发，回应已在网站发布。")
    return redirect("opinion:staff_incident", pk=item.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_conferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    incidents = selectors.staff_incidents(user).exclude(state=IncidentState.CLOSED)
    form = ConferenceForm(
        request.POST or None,
        incidents=incidents,
        policies=selectors.policy_choices(user),
        initial={"incidents": request.GET.getlist("incident")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.conference_schedule(by=user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已安排发布会。")
            return redirect("opinion:staff_conference", pk=item.pk)
    return render(
        request, "opinion/staff_conferences.html", {"form": form, "items": selectors.staff_conferences(user)[:50]}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_conference(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.staff_conference(user, pk)
    hold_form = HoldForm(initial={"held_at": timezone.localtime().replace(second=0, microsecond=0)})
    question_form = QuestionForm()
    photo_form = PhotoForm()
    if request.method == "POST":
        try:
            if request.POST.get("op") == "hold":
                hold_form = HoldForm(request.POST)
                if not hold_form.is_valid():
                    raise WorkflowError("请填写召开时间。")
                services.conference_hold(conference=item, by=user, **hold_form.cleaned_data)
                messages.success(request, "已记录发布会召开；关联舆情的发布会时限已停止。")
            elif request.POST.get("op") == "question":
                question_form = QuestionForm(request.POST)
                if not question_form.is_valid():
                    raise WorkflowError("请填写提问媒体、提问、回答人和回答。")
                services.conference_question_add(conference=item, by=user, **question_form.cleaned_data)
                messages.success(request, "已录入问答。")
            elif request.POST.get("op") == "photo":
                photo_form = PhotoForm(request.POST, request.FILES)
                if not photo_form.is_valid():
                    raise WorkflowError("请选择照片并填写替代文本（描述照片内容）。")
                services.conference_photo_add(conference=item, by=user, **photo_form.cleaned_data)
                messages.success(request, "已上传照片。")
            elif request.POST.get("op") == "photo_remove":
                photo_pk = request.POST.get("photo", "")
                photo = item.photos.filter(pk=int(photo_pk)).first() if photo_pk.isdigit() else None
                if photo is None:
                    raise WorkflowError("照片不存在或已删除。")
                services.conference_photo_remove(photo=photo, by=user)
                messages.success(request, "已删除照片。")
            else:
                raise WorkflowError("未知的操作。")
        except WorkflowError as err:
            messages.error(request, err.message)
        else:
            return redirect("opinion:staff_conference", pk=item.pk)
    return render(
        request,
        "opinion/staff_conference.html",
        {
            "conference": item,
            "can_hold": bool(conference_flow.allowed(item, by=user)),
            "hold_form": hold_form,
            "question_form": question_form,
            "questions": item.questions.all(),
            "photo_form": photo_form,
            "photos": item.photos.all(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_reports(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ReportForm(request.POST or None, initial={"period": "month", "day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.report_generate(by=user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "已生成研判报告。")
            return redirect("opinion:staff_report", pk=report.pk)
    return render(
        request,
        "opinion/staff_reports.html",
        {"form": form, "items": selectors.staff_reports(user).select_related("agency")[:50]},
    )


@staff_required
@require_GET
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.staff_report(request.user, pk)
    f = report.figures
    chart = {"grades": [r[0] for r in f.get("by_grade", [])], "counts": [r[1] for r in f.get("by_grade", [])]}
    return render(request, "opinion/staff_report.html", {"report": report, "f": f, "chart": chart})


@staff_required
@require_GET
def staff_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.staff_report(request.user, pk)
    response = HttpResponse(
        reports.report_docx(report),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="opinion-report-{report.period}-{report.start:%Y%m%d}.docx"'
    )
    return response
