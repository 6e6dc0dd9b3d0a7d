"""Demo requests of the office (坊子区农业综合开发办公室): a year of 2025 in every outcome class, requests carried
over from 2024 and into 2026, and open 2026 requests in every state (one of them overdue).

Everything goes through the services with the statutory dates of each step, so clocks, letters and the audit
trail are real. Idempotent: nothing is done when the office already has requests.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from gongkai.core.models import Agency, Role, RoleGrant, User
from gongkai.core.workdays import add_workdays

from . import services
from .models import InfoRequest
from .outcomes import OUTCOMES, SYSTEM_OUTCOMES

OFFICE = "nongfa"
HANDLER = ("nongfa_requests", "孙明", (Role.REQUEST_HANDLER,))
SUPERVISOR = ("fangzi_supervisor", "贾红梅", (Role.SUPERVISOR,))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TYPES = ["natural_person", "natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
         "legal_service_org", "other_org", "natural_person"]
TOPICS = ["高标准农田建设项目立项批复", "农业综合开发项目资金分配方案", "土地治理项目验收报告", "产业化经营项目申报名单",
          "财政补助资金拨付明细", "项目招标投标结果", "年度工作计划", "项目区农户补偿标准"]
D = dt.date


def _user(username: str, name: str, roles, agency: Agency) -> User:
    import os

    user, created = User.objects.get_or_create(username=username, defaults={"display_name": name, "agency": agency})
    if created:
        user.set_password(os.environ.get("DEMO_PASSWORD") or "gongkai-demo-2026")
        user.save()
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    user._roles_cache = None
    return user


def _data(i: int) -> dict:
    topic = TOPICS[i % len(TOPICS)]
    kind = TYPES[i % len(TYPES)]
    return {
        "applicant_type": kind,
        "name": f"申请人{i + 1:02d}" if kind == "natural_person" else f"潍坊某{['公司', '研究院', '公益基金会', '律师事务所', '协会'][i % 5]}",
        "id_number": f"3707041980{i % 12 + 1:02d}{i % 28 + 1:02d}{1000 + i:04d}"[:18],
        "phone": f"0536-76{i:05d}",
        "description": f"申请公开：{topic}（{2025}年）",
        "info_title": topic,
        "delivery": "online",
    }


def _received(i: int, day: dt.date, handler: User, agency: Agency) -> InfoRequest:
    if i % 3 == 0:
        return services.request_submit_online(agency=agency, data=_data(i), today=day)
    channel = ["in_person", "registered_mail", "ordinary_letter", "fax"][i % 4]
    extra = {"signed_on": day} if channel == "registered_mail" else {"confirmed_on": day} if channel in ("ordinary_letter", "fax") else {}
    return services.request_register(by=handler, channel=channel, arrived_on=day, data=_data(i), **extra)


def _reply(req: InfoRequest, handler: User, outcome: str, on: dt.date) -> None:
    spec = OUTCOMES[outcome]
    uploads = [SimpleUploadedFile(f"{req.info_title}.pdf", PDF)] if spec.gives_files and outcome != "already_public" else []
    services.request_reply(req=req, by=handler, outcome=outcome, on=on, uploads=uploads,
                           note="可在本网站政府信息公开栏目查阅。" if outcome == "already_public" else "",
                           other_agency="潍坊市坊子区财政局" if outcome == "other_agency" else "")


@transaction.atomic
def seed(*, verbose: bool = False, stdout=None) -> None:
    agency = Agency.objects.filter(slug=OFFICE).first()
    root = Agency.objects.filter(slug="fangzi").first()
    if agency is None:
        return
    handler = _user(*HANDLER, agency)
    if root is not None:
        _user(*SUPERVISOR, root)
    head = User.objects.filter(username=f"{OFFICE}_signer").first()
    if InfoRequest.objects.filter(agency=agency).exists():
        return
    i = 0
    # Carried over from 2024: one answered in January 2025 after a third-party consultation.
    req = _received(i, D(2024, 12, 16), handler, agency)
    services.request_review(req=req, by=handler)
    services.request_consult(req=req, by=handler, party="third_party", reason="涉及企业商业信息，征求第三方意见", on=D(2024, 12, 20))
    services.request_consultation_answer(req=req, by=handler, on=D(2025, 1, 6), note="第三方同意公开")
    _reply(req, handler, "disclosed", D(2025, 1, 15))
    i += 1
    # 2025: every staff-chosen outcome, spread over the year, most on time, one late.
    staff_outcomes = [o for o in OUTCOMES if o not in SYSTEM_OUTCOMES]
    for n, outcome in enumerate(staff_outcomes + ["disclosed", "partly", "disclosed", "not_held"]):
        day = D(2025, 1 + n % 11, 3 + (n * 5) % 20)
        req = _received(i, day, handler, agency)
        services.request_review(req=req, by=handler)
        if n == 4 and head is not None:
            services.request_extend(req=req, by=handler, approved_by=head, days=15, reason="需调取档案，经负责人同意延期",
                                    on=add_workdays(day, 15))
            reply_on = add_workdays(day, 30)
        else:
            reply_on = add_workdays(day, 25 if n == 7 else 5 + n % 12)  # n == 7: answered late
        if outcome == "excessive":  # Art. 35: reasons asked first; none given
            services.request_reasons_ask(req=req, by=handler, reason="本月已提出同类申请40余件，明显超过合理范围",
                                         on=add_workdays(day, 1))
            reply_on = max(reply_on, add_workdays(day, 2))
        _reply(req, handler, outcome, reply_on)
        if n % 2 == 0:
            services.request_archive(req=req, by=handler)
        i += 1
    # 2025: the applicant never corrected; a fee notice never paid.
    req = _received(i, D(2025, 6, 9), handler, agency)
    services.request_correction_ask(req=req, by=handler, reason="请写明所需信息的名称或文号", on=D(2025, 6, 11))
    i += 1
    req = _received(i, D(2025, 8, 4), handler, agency)
    services.request_review(req=req, by=handler)
    services.request_fee_notice(req=req, by=handler, method="pages", count=150, on=D(2025, 8, 6))
    services.requests_lapse(today=D(2025, 12, 31))
    i += 1
    # Carried into 2026: received in December 2025, answered in January 2026.
    req = _received(i, D(2025, 12, 22), handler, agency)
    services.request_review(req=req, by=handler)
    _reply(req, handler, "partly", D(2026, 1, 12))
    i += 1
    # Open now, in every state (the handling one received long ago: overdue).
    today = dt.date.today()
    for state in ("registered", "handling", "overdue", "correction", "consulting", "fee_pending"):
        day = add_workdays(today, -40 if state == "overdue" else -3)
        req = _received(i, day, handler, agency)
        if state != "registered":
            if state == "correction":
                services.request_correction_ask(req=req, by=handler, reason="请补充所需信息的时间范围", on=add_workdays(day, 1))
            else:
                services.request_review(req=req, by=handler)
        if state == "consulting":
            services.request_consult(req=req, by=handler, party="agency", reason="信息由财政局共同制作，征求意见", on=add_workdays(day, 2))
        if state == "fee_pending":
            services.request_fee_notice(req=req, by=handler, method="pages", count=120, on=add_workdays(day, 2))
        i += 1
    if verbose and stdout is not None:
        stdout.write(f"依申请公开：{InfoRequest.objects.filter(agency=agency).count()} 件演示申请（{HANDLER[0]} 可办理）。\n")
