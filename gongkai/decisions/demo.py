"""Demo: two decisions of the office (one in consultation with comments, one decided and published with
its adoption report), a survey with results, a symposium and a hearing. Built through the services;
idempotent by (agency, title)."""

from __future__ import annotations

import datetime as dt
import os

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Agency, Role, RoleGrant, User
from gongkai.disclosures.models import DisclosureItem

from . import services
from .models import Decision, RecordKind, SmsMessage

OPEN_TITLE = "坊子区高标准农田建后管护办法（征求意见稿）"
DONE_TITLE = "坊子区农业综合开发项目区群众议事规则"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

OPEN_DRAFT = """第一条 为加强高标准农田建后管护，确保工程长期发挥效益，制定本办法。
第二条 本办法适用于本区范围内已建成的高标准农田项目。
第三条 管护经费按每亩每年20元标准列入区级财政预算。
第四条 项目所在村集体经济组织为管护主体，负责日常巡查和小型维修。
第五条 区农业综合开发办公室每年对管护情况进行考核，考核结果向社会公开。"""

DONE_DRAFT = """第一条 为保障群众对项目建设的知情权、参与权和监督权，制定本规则。
第二条 项目立项前，应召开群众议事会，听取项目区群众意见。
第三条 议事会由村民代表、种植大户和村集体经济组织代表参加。
第四条 议事结果应在村务公开栏公示五日。"""

DONE_FINAL = """第一条 为保障群众对项目建设的知情权、参与权和监督权，制定本规则。
第二条 项目立项前，应召开群众议事会，听取项目区群众意见，议事会应有妇女代表参加。
第三条 议事会由村民代表、种植大户、家庭农场和村集体经济组织代表参加。
第四条 议事结果应在村务公开栏和区政府网站同时公示七日。"""

COMMENTS = (
    (3, "建议将管护经费标准提高到每亩每年30元，20元不够维修灌溉设施。", "13900000001"),
    (4, "村集体人手不足，建议允许委托专业合作社管护。", "13900000002"),
    (5, "考核结果除公开外，建议与下一年度项目安排挂钩。", "13900000003"),
    (None, "总体赞成，希望尽快出台。", "13900000004"),
    (3, "建议将管护经费标准提高到每亩每年30元，20元不够维修灌溉设施。", "13900000005"),
)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _handler(agency: Agency) -> User:
    user, created = User.objects.get_or_create(
        username="nongfa_handler",
        defaults={
            "agency": agency,
            "display_name": "孙明",
            "password": make_password(os.environ.get("DEMO_PASSWORD") or "gongkai-demo-2026"),
        },
    )
    for role in (Role.HANDLER, Role.MODERATOR):
        RoleGrant.objects.get_or_create(user=user, role=role)
    user._roles_cache = None
    return user


def _backdate(decision: Decision, opens_on: dt.date) -> Decision:
    Decision.objects.filter(pk=decision.pk).update(comment_opens_on=opens_on, comment_closes_on=opens_on + dt.timedelta(days=30))
    decision.refresh_from_db()
    return decision


def seed(*, verbose: bool, stdout) -> None:
    agency = Agency.objects.filter(slug="nongfa").first()
    if agency is None:
        return
    try:
        editor, signer = User.objects.get(username="nongfa_editor"), User.objects.get(username="nongfa_signer")
    except User.DoesNotExist:
        return
    handler = _handler(agency)
    today = timezone.localdate()
    created = 0
    if not Decision.objects.filter(agency=agency, title=OPEN_TITLE).exists():
        with transaction.atomic():
            _seed_open(agency, editor, handler, today)
        created += 1
    if not Decision.objects.filter(agency=agency, title=DONE_TITLE).exists():
        with transaction.atomic():
            _seed_done(agency, editor, signer, handler, today)
        created += 1
    if verbose and created:
        stdout.write(f"重大决策演示：新建{created}项（意见办理账号 nongfa_handler，兼评论审核）。\n")


def _seed_open(agency, editor, handler, today) -> None:
    d = services.decision_create(by=editor, title=OPEN_TITLE, year=today.year, department="区农业综合开发办公室", summary="规范高标准农田建成后的管护责任、经费和考核。")
    services.decision_advance(decision=d, by=editor, action="start_drafting")
    services.decision_update(
        decision=d, by=editor, draft_text=OPEN_DRAFT,
        explanation="近年来部分已建成项目因管护不到位出现渠道淤塞、机井损坏，起草本办法明确管护主体、经费和考核。",
        basis="《农田建设项目管理办法》（农业农村部令2019年第4号）\n《山东省高标准农田建设管护办法》",
    )
    services.consultation_open(decision=d, by=editor, opens_on=today)
    d = _backdate(d, today - dt.timedelta(days=10))
    for i, (paragraph, content, phone) in enumerate(COMMENTS):
        c = services.comment_submit(decision=d, content=content, name=f"演示{i + 1}", phone=phone, paragraph_number=paragraph, show_name=False)
        if c.duplicate_of_id is None and i < 3:
            services.comment_moderate(comment=c, by=handler, action="approve")
    services.meeting_create(
        decision=d, by=editor, kind="hearing", title="高标准农田建后管护办法听证会",
        starts_at=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=12), dt.time(9, 30))),
        ends_at=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=12), dt.time(11, 30))),
        place="坊子区农业综合开发办公室三楼会议室", agenda="一、介绍草案\n二、听证参加人发言\n三、答复", materials_sent_on=today,
    )
    survey = services.survey_create(
        decision=d, by=editor, title="高标准农田建后管护民意调查", intro="了解项目区群众对管护办法的意见。",
        opens_on=today, closes_on=today + dt.timedelta(days=20),
        questions=[
            {"kind": "single", "text": "您是否支持出台本办法？", "options": ["支持", "不支持", "说不清"]},
            {"kind": "multiple", "text": "您最关心哪些方面？", "options": ["管护经费", "管护主体", "考核公开"]},
            {"kind": "scale", "text": "您对现有农田设施管护情况的满意程度", "options": []},
            {"kind": "text", "text": "其他建议", "options": [], "required": False},
        ],
    )
    questions = list(survey.questions.all())
    for n, (single, multiple, scale) in enumerate(((0, [0, 1], 3), (0, [0], 2), (1, [2], 4), (0, [0, 2], 3))):
        phone = f"1380000{n:04d}"
        services.survey_code_send(survey=survey, phone=phone)
        code = SmsMessage.objects.filter(phone=phone).first().text.split("验证码为")[1][:6]
        answers = {questions[0].pk: {"choices": [single]}, questions[1].pk: {"choices": multiple}, questions[2].pk: {"choices": [scale]}, questions[3].pk: {}}
        services.survey_respond(survey=survey, phone=phone, code=code, answers=answers)
    services.survey_publish_results(survey=survey, by=editor)


def _seed_done(agency, editor, signer, handler, today) -> None:
    d = services.decision_create(by=editor, title=DONE_TITLE, year=today.year, department="区农业综合开发办公室", summary="项目立项前听取群众意见的议事规则。")
    services.decision_advance(decision=d, by=editor, action="start_drafting")
    services.decision_update(decision=d, by=editor, draft_text=DONE_DRAFT, explanation="落实政务公开“五公开”要求，让群众参与项目决策。", basis="《重大行政决策程序暂行条例》")
    services.consultation_open(decision=d, by=editor, opens_on=today)
    comments = [
        services.comment_submit(decision=d, content="建议议事会要有妇女代表。", name="演示甲", phone="13900000011", paragraph_number=2),
        services.comment_submit(decision=d, content="家庭农场也应参加议事会。", name="演示乙", phone="13900000012", paragraph_number=3),
        services.comment_submit(decision=d, content="公示五日太短，建议七日，并在网站公示。", name="演示丙", phone="13900000013", paragraph_number=4),
        services.comment_submit(decision=d, content="建议取消议事会，由村委会直接决定。", name="演示丁", phone="13900000014"),
    ]
    for c in comments:
        services.comment_moderate(comment=c, by=handler, action="approve")
    d = _backdate(d, today - dt.timedelta(days=60))
    services.review_start(decision=d, by=editor)
    held = today - dt.timedelta(days=25)
    meeting = services.meeting_create(
        decision=d, by=editor, kind="symposium", title="项目区群众代表座谈会",
        starts_at=timezone.make_aware(dt.datetime.combine(held, dt.time(9))), ends_at=timezone.make_aware(dt.datetime.combine(held, dt.time(11))),
        place="凤凰街道便民服务中心",
    )
    for category, name, public in (("npc", "人大代表王某", True), ("cppcc", "政协委员李某", True), ("public", "村民代表", False), ("expert", "农业大学专家", True), ("staff", "工作人员", False)):
        services.attendee_add(meeting=meeting, by=editor, category=category, name=name, name_public=public)
    services.meeting_summary_publish(meeting=meeting, by=editor, summary="与会代表赞成建立群众议事规则，建议扩大参加人员范围、延长公示期。")
    for kind, text, passed in (
        (RecordKind.PUBLIC_PARTICIPATION, "网上征求意见30日，收到意见4条；召开座谈会1次。", None),
        (RecordKind.EXPERT_ARGUMENTATION, "邀请3名农业、法律专家论证，认为规则可行。", None),
        (RecordKind.RISK_ASSESSMENT, "社会稳定风险评估为低风险。", None),
        (RecordKind.LEGALITY_REVIEW, "经区司法局合法性审查，符合法律法规规定。", True),
    ):
        services.record_add(decision=d, by=editor, kind=kind, held_on=held, summary=text, passed=passed, upload=_pdf(f"{RecordKind(kind).label}.pdf"))
    services.deliberation_submit(decision=d, by=editor)
    services.decision_decide(decision=d, by=signer, final_text=DONE_FINAL, decided_on=today - dt.timedelta(days=5), meeting="区农业综合开发办公室主任办公会")
    for c, cls, reason in zip(
        comments,
        ("adopted", "adopted", "partly", "not_adopted"),
        ("已在第二条增加妇女代表。", "已在第三条增加家庭农场。", "公示期延长至七日并在网站公示；公示方式保留村务公开栏。", "群众议事是保障参与权的必要程序，不予取消。"),
        strict=True,
    ):
        services.comment_classify(comment=c, by=handler, classification=cls, reason=reason)
    services.adoption_report_generate(decision=d, by=handler)
    item = (
        DisclosureItem.objects.filter(agency=agency, live_version__isnull=False, live_version__disclosure_mode="proactive")
        .order_by("-first_published_at")
        .first()
    )
    if item is not None:
        services.decision_link_document(decision=d, by=editor, item=item)
        services.decision_publish(decision=d, by=signer)
