"""Demo letters to the office (坊子区农业综合开发办公室) in every state, a handler account, and two
published letters. Letters go through the real services (backdated where the story needs it).
Idempotent: letters are keyed by their idempotency key; the handler by username."""

from __future__ import annotations

import datetime as dt
import os

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Agency, Role, RoleGrant, User

from . import services
from .models import Letter, LetterBox, Rating, TopicKind

OFFICE = "nongfa"
HANDLER = ("nongfa_handler", "周慧敏")  # handles letters and opinion incidents, speaks for the office
DEFAULT_PASSWORD = "gongkai-demo-2026"

# key, days ago, box, topic kind, topic, subject, content, name, phone, consent, story
LETTERS = (
    (
        "demo-letter-1",
        1,
        LetterBox.SUGGESTION,
        TopicKind.POLICY,
        "高标准农田建设项目管理办法",
        "建议公开项目验收结果",
        "建议将高标准农田建设项目的验收结果在网站上逐项公开，方便群众监督。",
        "刘建华",
        "13805361234",
        True,
        "received",
    ),
    (
        "demo-letter-2",
        4,
        LetterBox.LEADER,
        TopicKind.SERVICE,
        "项目申报",
        "合作社申报项目需要哪些材料",
        "我们合作社想申报明年的农业综合开发项目，请问需要准备哪些材料？我的电话13905367788。",
        "陈立军",
        "13905367788",
        False,
        "assigned",
    ),
    (
        "demo-letter-3",
        25,
        LetterBox.SUGGESTION,
        TopicKind.FREE,
        "",
        "村里的灌溉渠年久失修",
        "九龙街道某村的灌溉渠年久失修，雨季漏水严重，希望列入改造计划。联系人王桂芳，电话13665361122。",
        "王桂芳",
        "13665361122",
        True,
        "overdue",
    ),
    (
        "demo-letter-4",
        30,
        LetterBox.SUGGESTION,
        TopicKind.POLICY,
        "农业综合开发资金管理",
        "建议简化资金拨付流程",
        "项目资金拨付环节多、周期长，建议简化流程。我的邮箱zhang.nong@example.com。",
        "张宏伟",
        "15006361234",
        True,
        "published",
    ),
    (
        "demo-letter-5",
        40,
        LetterBox.LEADER,
        TopicKind.DECISION,
        "2026年度农业综合开发计划",
        "对年度计划的意见",
        "希望年度计划向丘陵地区倾斜。",
        "李秀英",
        "18653661234",
        True,
        "followup",
    ),
    (
        "demo-letter-6",
        50,
        LetterBox.SUGGESTION,
        TopicKind.SERVICE,
        "",
        "咨询电话经常占线",
        "办公室的咨询电话经常占线，建议增加线路或开通网上咨询。",
        "赵明",
        "13153661234",
        False,
        "closed",
    ),
)

REPLIES = {
    "demo-letter-3": "您反映的灌溉渠问题已转交属地街道核实，拟列入明年高标准农田建设项目统筹改造。",
    "demo-letter-4": "感谢您的建议。我办已优化资金拨付流程，项目验收合格后10个工作日内拨付资金。",
    "demo-letter-5": "年度计划已统筹考虑丘陵地区的需求，具体项目清单将于计划批复后公开。",
    "demo-letter-6": "我办已开通网上咨询，并在工作日增加一名值班人员接听咨询电话。",
}


def _handler(agency: Agency) -> User:
    user = User.objects.filter(username=HANDLER[0]).first()
    if user is None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        user = User.objects.create(
            username=HANDLER[0], display_name=HANDLER[1], agency=agency, password=make_password(password)
        )
    for role in (Role.HANDLER, Role.SPOKESPERSON):
        RoleGrant.objects.get_or_create(user=user, role=role)
    user._roles_cache = None
    return user


def seed(*, verbose: bool = False, stdout=None) -> None:
    agency = Agency.objects.filter(slug=OFFICE).first()
    if agency is None:
        return
    handler = _handler(agency)
    existing = set(
        Letter.objects.filter(idempotency_key__startswith="demo-letter-").values_list("idempotency_key", flat=True)
    )
    reviewer = User.objects.filter(username=f"{OFFICE}_reviewer").first()
    if reviewer is not None and not reviewer.has_role(Role.REVIEWER):
        reviewer = None
    now = timezone.now()
    made = 0
    for key, days, box, kind, topic, subject, content, name, phone, consent, story in LETTERS:
        if key in existing:
            continue
        received = now - dt.timedelta(days=days, hours=2)
        with transaction.atomic():
            letter, _ = services.letter_submit(
                agency=agency,
                box=box,
                topic_kind=kind,
                topic=topic,
                subject=subject,
                content=content,
                name=name,
                phone=phone,
                publish_consent=consent,
                idempotency_key=key,
                now=received,
            )
            if story == "received":
                continue
            services.letter_assign(letter=letter, by=handler, unit="项目管理科")
            if story in ("assigned", "overdue"):
                continue
            services.letter_reply(letter=letter, by=handler, text=REPLIES[key], now=received + dt.timedelta(days=6))
            if story == "followup":
                services.letter_followup(
                    letter=letter, text="丘陵地区的项目大约占多少比例？", now=received + dt.timedelta(days=9)
                )
            elif story == "closed":
                services.letter_rate(letter=letter, rating=Rating.FAIR, now=received + dt.timedelta(days=8))
            elif story == "published":
                if reviewer is not None:
                    services.letter_publication_propose(letter=letter, by=handler)
                    letter.refresh_from_db()
                    services.letter_publication_approve(
                        letter=letter,
                        by=reviewer,
                        public_subject=letter.public_subject,
                        public_content=letter.public_content,
                        public_reply=letter.public_reply,
                        now=received + dt.timedelta(days=10),
                    )
        made += 1
    if verbose and stdout is not None:
        stdout.write(f"来信：新建 {made} 件；办理人员账号 {HANDLER[0]}（办理人员、新闻发言人）。")
