"""Public pages: consultations, the year's decision list, the decision page, comments, meetings, surveys."""

from __future__ import annotations

import csv
import io
import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import idempotency
from gongkai.core.workflow import WorkflowError

from . import selectors, services
from .clocks import report_due
from .forms import CommentForm, PhoneForm, RegistrationCodeForm, RegistrationForm, TrackForm
from .ical import calendar_feed
from .models import Comment, CommentState, QuestionKind, Registration, RegistrationState, SelectionMethod, Stage

NAV = "interaction"
# Idempotency scopes of the public submissions (gongkai.core.idempotency); the API uses the same.
COMMENT_SCOPE = "decisions.comment"
REGISTRATION_SCOPE = "decisions.registration"
SURVEY_SCOPE = "decisions.survey_response"


def _crumbs(*extra):
    return [("互动交流", reverse("decisions:index")), *extra]


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.consultations()[:100])
    context = {
        "open": [d for d in rows if d.period_state() == "open"],
        "upcoming": [d for d in rows if d.period_state() == "upcoming"],
        "closed": [d for d in rows if d.period_state() == "closed"],
        "years": selectors.catalogue_years(),
        "surveys": [s for s in selectors.public_surveys()[:20]],
        "breadcrumbs": [("互动交流", None)],
        "nav_active": NAV,
    }
    return render(request, "decisions/index.html", context)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    years = selectors.catalogue_years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    context = {
        "year": year,
        "years": years,
        "rows": selectors.catalogue(year),
        "breadcrumbs": _crumbs((f"{year}年重大行政决策事项目录", None)),
        "nav_active": NAV,
    }
    return render(request, "decisions/catalogue.html", context)


def _detail_context(decision, form=None) -> dict:
    paragraphs = list(decision.paragraphs.all())
    counts = selectors.paragraph_counts(decision)
    for p in paragraphs:
        p.comment_count = counts.get(p.pk, 0)
    report = getattr(decision, "adoption_report", None)
    try:
        due = report_due(decision)
    except Exception:  # noqa: BLE001 - a calendar year not yet known: the page still shows
        due = None
    if form is None and decision.is_open_for_comment:
        form = CommentForm(paragraphs=paragraphs)
    return {
        "decision": decision,
        "period": decision.period_state(),
        "paragraphs": paragraphs,
        "whole_count": counts.get(None, 0),
        "total_count": sum(counts.values()),
        "comments": selectors.shown_comments(decision),
        "steps": selectors.timeline(decision),
        "comparison": selectors.text_comparison(decision.draft_text, decision.final_text) if decision.final_text else None,
        "report": report,
        "report_due": due,
        "meetings": decision.meetings.all(),
        "surveys": decision.surveys.all(),
        "period_changes": list(decision.period_changes.all()),
        "execution": selectors.execution_links(decision),
        "form": form,
        "document": decision.disclosure_item if decision.disclosure_item and decision.disclosure_item.is_public else None,
        "breadcrumbs": _crumbs((decision.title, None)),
        "nav_active": NAV,
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.public_decision(pk)
    context = _detail_context(decision)
    if context["form"] is not None:
        try:
            context["form"].initial["paragraph"] = int(request.GET.get("p", ""))
        except ValueError:
            pass
    return render(request, "decisions/detail.html", context)


@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.public_decision(pk)
    form = CommentForm(request.POST, request.FILES, paragraphs=decision.paragraphs.all())
    if form.is_valid():
        data = form.cleaned_data
        outcome = form.submit_once(
            scope=COMMENT_SCOPE,
            create=lambda: services.comment_submit(
                decision=decision,
                content=data["content"],
                name=data["name"],
                phone=data["phone"],
                paragraph_number=data["paragraph"],
                show_name=data["show_name"],
                email=data["email"],
                ip=client_ip(request),
                upload=data.get("attachment"),
            ),
            answer=lambda c: {"tracking_code": c.tracking_code},
            decision=decision.pk,
        )
        if outcome is not None:
            return redirect(reverse("decisions:track") + f"?code={outcome.answer['tracking_code']}&new=1")
    context = _detail_context(decision, form=form)
    return render(request, "decisions/detail.html", context, status=422 if form.key_refused else 400)


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    comment = None
    if form.is_valid():
        comment = selectors.comment_by_code(form.cleaned_data["code"])
        if comment is None:
            form.add_error("code", "没有找到该查询码对应的意见，请核对后重试。")
    context = {"form": form, "comment": comment, "is_new": request.GET.get("new") == "1", "breadcrumbs": _crumbs(("意见查询", None)), "nav_active": NAV}
    if comment is not None:
        effective = comment.effective
        context.update(
            effective=effective,
            report=getattr(comment.decision, "adoption_report", None),
            report_due=report_due(comment.decision),
        )
    return render(request, "decisions/track.html", context)


@require_POST
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk, state=CommentState.SHOWN, decision__secret=False)
    try:
        services.comment_report(comment=comment, ip=client_ip(request))
    except WorkflowError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已收到您的举报，我们会尽快核查。")
    return redirect(reverse("decisions:detail", kwargs={"pk": comment.decision_id}) + "#comments")


@require_GET
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment of a shown comment, once screening (or a moderator) cleared it."""
    attachment = selectors.public_attachment(pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.public_name)


@require_GET
def record_file(request: HttpRequest, pk: int) -> FileResponse:
    record = selectors.staff_record(request.user if request.user.is_authenticated else None, pk, public=True)
    if not record.file:
        raise Http404("该记录没有文件。")
    response = FileResponse(record.file.open("rb"), as_attachment=True, filename=record.file_name)
    return response


@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": selectors.public_meetings().order_by("-starts_at")[:100],
        "breadcrumbs": _crumbs(("会议", None)),
        "nav_active": NAV,
    }
    return render(request, "decisions/meetings.html", context)


@require_GET
def meetings_ics(request: HttpRequest) -> HttpResponse:
    body = calendar_feed(selectors.public_meetings().order_by("starts_at"), base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


def _meeting_context(m, form=None) -> dict:
    groups = {}
    published_list = m.kind != "hearing" or m.participants_published_at is not None or not m.registrations.exists()
    if published_list:
        for a in m.attendees.all():
            g = groups.setdefault(a.category, {"label": a.get_category_display(), "count": 0, "names": []})
            g["count"] += 1
            if a.name_public:
                g["names"].append(f"{a.name}{'（' + a.organisation + '）' if a.organisation else ''}")
    is_open = services.registration_open(m)
    if form is None and is_open:
        form = RegistrationForm()
    regs = list(m.registrations.values_list("state", "method")) if m.participants_published_at else []
    selection = None
    if regs:
        selection = {
            "total": len(regs),
            "selected": sum(1 for st, _ in regs if st == RegistrationState.SELECTED),
            "drawn": sum(1 for st, me in regs if st == RegistrationState.SELECTED and me == SelectionMethod.DRAWN),
            "chosen": sum(1 for st, me in regs if st == RegistrationState.SELECTED and me == SelectionMethod.CHOSEN),
        }
    return {
        "meeting": m,
        "groups": list(groups.values()),
        "registration_open": is_open,
        "form": form,
        "selection": selection,
        "breadcrumbs": _crumbs((m.decision.title, m.decision.get_absolute_url()), (m.title, None)),
        "nav_active": NAV,
    }


@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(selectors.public_meetings(), pk=pk)
    return render(request, "decisions/meeting.html", _meeting_context(m))


@require_POST
def meeting_register(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(selectors.public_meetings(), pk=pk)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        fields = form.payload()
        outcome = form.submit_once(
            scope=REGISTRATION_SCOPE,
            create=lambda: services.registration_submit(meeting=m, **fields),
            answer=lambda r: {"tracking_code": r.tracking_code},
            meeting=m.pk,
        )
        if outcome is not None:
            return redirect(reverse("decisions:registration_status") + f"?code={outcome.answer['tracking_code']}&new=1")
    context = _meeting_context(m, form=form)
    if not context["registration_open"]:
        context["form"] = None
        messages.error(request, form.non_field_errors()[0] if form.non_field_errors() else "该听证会当前不接受报名。")
    return render(request, "decisions/meeting.html", context, status=422 if form.key_refused else 400)


@require_GET
def registration_status(request: HttpRequest) -> HttpResponse:
    """Receipt after registering, and the status look-up by code (the outcome is shown only to the code holder)."""
    form = RegistrationCodeForm(request.GET or None)
    registration = None
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        registration = Registration.objects.select_related("meeting__decision").filter(tracking_code=code, meeting__decision__secret=False).first()
        if registration is None:
            form.add_error("code", "没有找到该查询码对应的报名，请核对后重试。")
    context = {
        "form": form,
        "registration": registration,
        "is_new": request.GET.get("new") == "1",
        "breadcrumbs": _crumbs(("听证报名查询", None)),
        "nav_active": NAV,
    }
    return render(request, "decisions/registration.html", context)


# ---- surveys ------------------------------------------------------------------------------------


def _answers_from(request: HttpRequest, questions) -> dict[int, dict]:
    answers: dict[int, dict] = {}
    for q in questions:
        key = f"q{q.pk}"
        try:
            if q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
                raw = request.POST.get(key, "")
                answers[q.pk] = {"choices": [int(raw)] if raw else []}
            elif q.kind == QuestionKind.MULTIPLE:
                answers[q.pk] = {"choices": [int(v) for v in request.POST.getlist(key)]}
            elif q.kind == QuestionKind.RANKING:
                ranked = {}
                for i in range(len(q.options)):
                    raw = request.POST.get(f"{key}_{i}", "")
                    if raw:
                        ranked[int(raw)] = i
                answers[q.pk] = {"choices": [ranked[r] for r in sorted(ranked)] if len(ranked) == len(q.options) else []}
            else:
                answers[q.pk] = {"text": request.POST.get(key, "")}
        except ValueError:
            answers[q.pk] = {}
    return answers


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_object_or_404(selectors.public_surveys(), pk=pk)
    questions = list(s.questions.all())
    step = "phone"
    phone_form = PhoneForm(request.POST or None)
    error = ""
    status = 400
    # the answer form's idempotency key: kept while the same answers are corrected, new after a refused reuse
    idem = request.POST.get(idempotency.FORM_FIELD, "") if request.method == "POST" else ""
    if request.method == "POST" and s.is_open:
        if request.POST.get("step") == "send":
            if phone_form.is_valid():
                try:
                    services.survey_code_send(survey=s, phone=phone_form.cleaned_data["phone"])
                except WorkflowError as err:
                    error = err.message
                else:
                    step = "answer"
                    idem = idempotency.new_key()
        elif request.POST.get("step") == "answer":
            step = "answer"
            if phone_form.is_valid():
                phone, code, answers = phone_form.cleaned_data["phone"], request.POST.get("code", ""), _answers_from(request, questions)
                try:
                    idempotency.submit(
                        scope=SURVEY_SCOPE,
                        key=idem,
                        payload={"survey": s.pk, "phone": phone, "code": code, "answers": answers},
                        create=lambda: services.survey_respond(survey=s, phone=phone, code=code, answers=answers),
                        answer=lambda r: {"response": r.pk},
                    )
                except idempotency.IdempotencyError as err:
                    error, status, idem = err.message, 422, idempotency.new_key()
                except WorkflowError as err:
                    error = err.message
                else:
                    return render(request, "decisions/survey_done.html", {"survey": s, "breadcrumbs": _crumbs((s.title, None)), "nav_active": NAV})
    for q in questions:
        q.positions = range(1, len(q.options) + 1)
        q.posted = request.POST.getlist(f"q{q.pk}") if request.method == "POST" else []
    context = {
        "survey": s,
        "questions": questions,
        "step": step,
        "phone_form": phone_form,
        "error": error,
        "idem": idem or idempotency.new_key(),
        "scale": range(1, 6),
        "breadcrumbs": _crumbs((s.decision.title, s.decision.get_absolute_url()), (s.title, None)),
        "nav_active": NAV,
    }
    return render(request, "decisions/survey.html", context, status=status if error else 200)


def _published_survey(pk: int):
    s = get_object_or_404(selectors.public_surveys(), pk=pk)
    if not s.results_published:
        raise Http404("调查结果尚未公布。")
    return s


@require_GET
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    s = _published_survey(pk)
    context = {
        "survey": s,
        "total": s.responses.count(),
        "results": selectors.survey_results(s),
        "breadcrumbs": _crumbs((s.decision.title, s.decision.get_absolute_url()), (f"{s.title}：调查结果", None)),
        "nav_active": NAV,
    }
    return render(request, "decisions/survey_results.html", context)


class _Echo:
    def write(self, value):
        return value


RESULT_HEADER = ["题号", "题目", "选项", "计数或平均名次"]


def _result_rows(s):
    """The published results as rows (the same rows in CSV and XLSX); free text only when approved."""
    for r in selectors.survey_results(s):
        q = r["question"]
        for row in r["rows"]:
            yield [q.number, q.text, row["label"], row["count"]]
        if r.get("mean") is not None:
            yield [q.number, q.text, "平均分", r["mean"]]
        for text in r["texts"]:
            yield [q.number, q.text, "文字回答", text]


@require_GET
def survey_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook

    from .export import _safe

    s = _published_survey(pk)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("调查结果")
    sheet.append([f"{s.title}：调查结果（有效问卷{s.responses.count()}份）"])
    sheet.append(RESULT_HEADER)
    for row in _result_rows(s):
        sheet.append([_safe(v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="survey-{s.pk}-{dt.date.today():%Y%m%d}.xlsx"'
    return response


@require_GET
def survey_results_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    s = _published_survey(pk)
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow(RESULT_HEADER)
        for row in _result_rows(s):
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{s.pk}-{dt.date.today():%Y%m%d}.csv"'
    return response




