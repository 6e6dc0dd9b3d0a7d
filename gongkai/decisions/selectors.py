"""Reads: who may see which decision, the legality gate, counts, timelines and survey results."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.core.models import User
from gongkai.core.workflow import history

from . import conf
from .models import (
    GATE_KINDS,
    STAGE_ORDER,
    AttachmentState,
    Comment,
    CommentAttachment,
    CommentState,
    Decision,
    Meeting,
    ProcedureRecord,
    QuestionKind,
    RecordKind,
    Stage,
    Survey,
)


# ---- public -----------------------------------------------------------------------------------


def public_decisions() -> QuerySet[Decision]:
    """Every decision that is not secret by law, with its agency."""
    return Decision.objects.filter(secret=False).select_related("agency")


def public_decision(pk: int) -> Decision:
    """One public decision, or 404."""
    try:
        return public_decisions().select_related("disclosure_item", "adoption_report").get(pk=pk)
    except Decision.DoesNotExist as exc:
        raise Http404("未找到该决策事项。") from exc


def catalogue(year: int) -> QuerySet[Decision]:
    """The year's list of planned major decisions (决策事项目录, Decree 713 Art. 3)."""
    return public_decisions().filter(year=year).order_by("agency__sort_order", "id")


def catalogue_years() -> list[int]:
    return list(public_decisions().order_by("-year").values_list("year", flat=True).distinct())


def consultations() -> QuerySet[Decision]:
    """Public decisions whose draft has been published for comment, newest period first."""
    later = STAGE_ORDER[STAGE_ORDER.index(Stage.CONSULTATION) :]
    return (
        public_decisions()
        .filter(stage__in=later, comment_opens_on__isnull=False)
        .annotate(comment_total=Count("comments"))
        .order_by("-comment_opens_on", "-id")
    )


def shown_comments(decision: Decision) -> QuerySet[Comment]:
    """Comments shown publicly (exact duplicates folded into the first), with their fold count."""
    return (
        decision.comments.filter(state=CommentState.SHOWN, duplicate_of__isnull=True)
        .select_related("paragraph")
        .annotate(fold_count=Count("duplicates", distinct=True))
        .prefetch_related(Prefetch("attachments", queryset=CommentAttachment.objects.filter(state__in=PUBLIC_ATTACHMENT_STATES), to_attr="public_attachments"))
        .order_by("created_at", "id")
    )


PUBLIC_ATTACHMENT_STATES = (AttachmentState.CLEAR, AttachmentState.APPROVED)


def public_attachment(pk: int) -> CommentAttachment:
    """A cleared attachment of a shown comment of a public decision, or 404."""
    try:
        return CommentAttachment.objects.get(
            pk=pk, state__in=PUBLIC_ATTACHMENT_STATES, comment__state=CommentState.SHOWN,
            comment__duplicate_of__isnull=True, comment__decision__secret=False,
        )
    except CommentAttachment.DoesNotExist as exc:
        raise Http404("未找到该附件。") from exc


def staff_attachment(user: User, pk: int) -> CommentAttachment:
    try:
        return CommentAttachment.objects.select_related("comment__decision").get(pk=pk, comment__decision__agency_id=user.agency_id)
    except CommentAttachment.DoesNotExist as exc:
        raise Http404("未找到该附件。") from exc


def paragraph_counts(decision: Decision) -> dict[int | None, int]:
    """Comments received per paragraph id (None: on the whole draft)."""
    rows = decision.comments.values("paragraph_id").annotate(n=Count("id"))
    return {r["paragraph_id"]: r["n"] for r in rows}


def comment_by_code(code: str) -> Comment | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return Comment.objects.select_related("decision", "paragraph", "duplicate_of").filter(tracking_code=code, decision__secret=False).first()


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(decision__secret=False).select_related("decision", "decision__agency")


def public_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(decision__secret=False).select_related("decision")


# ---- the legality gate (D2) ---------------------------------------------------------------------


def gate_missing(decision: Decision) -> list[str]:
    """What is still missing before collective deliberation, in words; empty when the gate is open."""
    records = list(decision.records.all())
    missing = []
    for kind in GATE_KINDS:
        found = [r for r in records if r.kind == kind]
        if not found:
            missing.append(f"{RecordKind(kind).label}记录")
        elif not any(r.file for r in found):
            missing.append(f"{RecordKind(kind).label}的文件材料")
    reviews = [r for r in records if r.kind == RecordKind.LEGALITY_REVIEW]
    if not reviews:
        missing.append("合法性审查意见")
    elif not any(r.passed and r.file for r in reviews):
        missing.append("合法性审查通过的意见（附审查意见书）")
    return missing


# ---- staff --------------------------------------------------------------------------------------


def staff_decisions(user: User) -> QuerySet[Decision]:
    """The decisions of the user's agency, secret ones included."""
    return Decision.objects.filter(agency_id=user.agency_id).annotate(
        comment_total=Count("comments"),
        pending_total=Count("comments", filter=Q(comments__state__in=[CommentState.PENDING, CommentState.HIDDEN], comments__duplicate_of__isnull=True)),
    )


def staff_decision(user: User, pk: int) -> Decision:
    """One decision of the user's agency; another agency's decision does not exist (404)."""
    try:
        return Decision.objects.select_related("agency", "disclosure_item").get(pk=pk, agency_id=user.agency_id)
    except Decision.DoesNotExist as exc:
        raise Http404("未找到该决策事项。") from exc


def staff_comment(user: User, pk: int) -> Comment:
    try:
        return Comment.objects.select_related("decision", "paragraph").get(pk=pk, decision__agency_id=user.agency_id)
    except Comment.DoesNotExist as exc:
        raise Http404("未找到该意见。") from exc


def staff_meeting(user: User, pk: int) -> Meeting:
    try:
        return Meeting.objects.select_related("decision").get(pk=pk, decision__agency_id=user.agency_id)
    except Meeting.DoesNotExist as exc:
        raise Http404("未找到该会议。") from exc


def staff_survey(user: User, pk: int) -> Survey:
    try:
        return Survey.objects.select_related("decision").get(pk=pk, decision__agency_id=user.agency_id)
    except Survey.DoesNotExist as exc:
        raise Http404("未找到该问卷。") from exc


def staff_record(user: User | None, pk: int, *, public: bool) -> ProcedureRecord:
    qs = ProcedureRecord.objects.select_related("decision")
    qs = qs.filter(decision__secret=False) if public else qs.filter(decision__agency_id=getattr(user, "agency_id", -1))
    try:
        return qs.get(pk=pk)
    except ProcedureRecord.DoesNotExist as exc:
        raise Http404("未找到该文件。") from exc


# ---- timeline and text comparison ---------------------------------------------------------------


@dataclass
class Step:
    stage: str
    label: str
    reached_at: object = None
    current: bool = False
    done: bool = False
    records: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_RECORD_STEP = {
    RecordKind.PUBLIC_PARTICIPATION: Stage.CONSULTATION,
    RecordKind.RESEARCH: Stage.DRAFTING,
    RecordKind.CONSULTATION_NEGOTIATION: Stage.REVIEW,
    RecordKind.EXPERT_ARGUMENTATION: Stage.REVIEW,
    RecordKind.RISK_ASSESSMENT: Stage.REVIEW,
    RecordKind.LEGALITY_REVIEW: Stage.REVIEW,
}


def timeline(decision: Decision) -> list[Step]:
    """One step per stage, from proposal to evaluation, with the date it was reached and its records."""
    reached: dict[str, object] = {Stage.PROPOSED: decision.created_at}
    for event in history(decision):
        if event.to_state and event.to_state not in reached:
            reached[event.to_state] = event.at
    steps = []
    for stage in Stage:
        step = Step(stage=stage.value, label=str(stage.label), reached_at=reached.get(stage.value))
        step.done = decision.stage_index > STAGE_ORDER.index(stage.value)
        step.current = decision.stage == stage.value
        steps.append(step)
    by_stage = {s.stage: s for s in steps}
    for record in decision.records.all():
        by_stage[_RECORD_STEP.get(record.kind, Stage.REVIEW)].records.append(record)
    if decision.comment_opens_on:
        by_stage[Stage.CONSULTATION].notes.append(
            f"征求意见期：{decision.comment_opens_on:%Y年%m月%d日}至{decision.comment_closes_on:%Y年%m月%d日}"
        )
    for change in decision.period_changes.all():
        by_stage[Stage.CONSULTATION].notes.append(
            f"{change.changed_on:%Y年%m月%d日}{change.get_kind_display()}至{change.new_closes_on:%Y年%m月%d日}（理由：{change.reason}）"
        )
    if decision.decided_on:
        by_stage[Stage.DECIDED].notes.append(f"{decision.decided_on:%Y年%m月%d日}经{decision.decision_meeting or '集体讨论'}决定")
    return steps


def _paras(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _mark(a: str, b: str) -> tuple[SafeString, SafeString]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{escape(a[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{escape(b[j1:j2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece is escaped


def text_comparison(draft: str, final: str) -> list[dict]:
    """Rows of (draft paragraph, final paragraph) with deletions and insertions marked."""
    a, b = _paras(draft), _paras(final)
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows.extend({"left": escape(x), "right": escape(x), "changed": False} for x in a[i1:i2])
        elif op == "replace" and i2 - i1 == j2 - j1:
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                left, right = _mark(x, y)
                rows.append({"left": left, "right": right, "changed": True})
        else:
            rows.extend({"left": mark_safe(f"<del>{escape(x)}</del>"), "right": "", "changed": True} for x in a[i1:i2])  # noqa: S308
            rows.extend({"left": "", "right": mark_safe(f"<ins>{escape(y)}</ins>"), "changed": True} for y in b[j1:j2])  # noqa: S308
    return rows


# ---- surveys ------------------------------------------------------------------------------------


def survey_results(survey: Survey) -> list[dict]:
    """Per question: option counts (choice questions), distribution and mean (scale), mean rank (ranking),
    approved free-text answers (text). Counted from the answers, nothing cached."""
    results = []
    answers_by_q: dict[int, list] = defaultdict(list)
    for qid, choices, text, approved in survey.responses.values_list("answers__question_id", "answers__choices", "answers__text", "answers__text_approved"):
        if qid is not None:
            answers_by_q[qid].append((choices or [], text, approved))
    for q in survey.questions.all():
        answers = answers_by_q.get(q.pk, [])
        row: dict = {"question": q, "answered": len(answers), "rows": [], "texts": []}
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            counts = Counter(i for choices, _, _ in answers for i in choices)
            row["rows"] = [{"label": opt, "count": counts.get(i, 0)} for i, opt in enumerate(q.options)]
        elif q.kind == QuestionKind.SCALE:
            counts = Counter(choices[0] for choices, _, _ in answers if choices)
            row["rows"] = [{"label": f"{v}分", "count": counts.get(v, 0)} for v in range(1, 6)]
            values = [choices[0] for choices, _, _ in answers if choices]
            row["mean"] = round(sum(values) / len(values), 2) if values else None
        elif q.kind == QuestionKind.RANKING:
            ranks: dict[int, list[int]] = defaultdict(list)
            for choices, _, _ in answers:
                for position, option in enumerate(choices, start=1):
                    ranks[option].append(position)
            row["rows"] = [
                {"label": opt, "count": round(sum(ranks[i]) / len(ranks[i]), 2) if ranks[i] else None}
                for i, opt in enumerate(q.options)
            ]
            row["ranking"] = True
        else:
            row["texts"] = [text for _, text, approved in answers if approved and text]
        results.append(row)
    return results


def report_due_workdays() -> int:
    return int(conf.get("GONGKAI_DECISIONS_REPORT_DUE_WORKDAYS"))


# ---- execution tracking and evaluations from other apps -----------------------------------------


def execution_links(decision: Decision) -> dict[str, list]:
    """Published implementation plans and evaluations of the decision, from the implementation and
    results apps when they are installed (imported lazily: this app works without them)."""
    from django.apps import apps

    links: dict[str, list] = {"plans": [], "evaluations": []}
    if apps.is_installed("gongkai.implementation"):
        from gongkai.implementation.selectors import plans_for

        links["plans"] = list(plans_for(decision))
    if apps.is_installed("gongkai.results"):
        from gongkai.results.selectors import evaluations_for

        links["evaluations"] = list(evaluations_for(decision))
    return links
