"""Demo interpretations of the office's policies: on time, late, and still missing (P1).

Each policy of the office gets an interpretation plan; interpretations go through the
real workflow and are then dated back to the demo history (the publication time is what
the 3-working-day clock reads). Idempotent: existing titles are skipped.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core import workdays
from gongkai.core.models import User
from gongkai.disclosures.models import DisclosureItem

from . import services
from .models import Form, Interpretation, PolicyPlan

OFFICE = "nongfa"
# (offset in working days after the policy, form) per policy, newest policies first; None: still missing.
PLAN = (
    None,  # the newest policy: interpretation still missing (due soon or overdue, by today's date)
    (5, Form.TEXT),  # late
    (1, Form.TEXT),
    (0, Form.GRAPHIC),
    (2, Form.QA),
    None,  # an older policy never interpreted: overdue
    (2, Form.TEXT),
    (3, Form.INTERVIEW),
)


def _sections(title: str) -> dict[str, str]:
    name = title.replace("关于印发", "").replace("的通知", "")
    return {
        "background": f"为贯彻落实上级关于农业综合开发和高标准农田建设的部署，依据有关法律法规和规章，制定{name}。",
        "purpose": "规范项目申报、实施、验收和资金管理，提高财政资金使用效益。",
        "main_content": f"{name}明确了适用范围、职责分工、项目管理、资金管理、监督检查等内容。",
        "scope": "适用于坊子区行政区域内使用财政资金的农业综合开发项目。",
        "criteria": "项目以区农发办批复文件为准；资金按项目进度拨付，验收合格后结算。",
        "attention": "申报主体应如实提供材料；项目变更须按程序报批；资金不得挪作他用。",
        "differences": "与原规定相比，新增了绩效评价和信息公开要求，进一步明确了各方责任。",
    }


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def seed(*, verbose: bool, stdout) -> None:
    policies = list(
        DisclosureItem.objects.filter(agency__slug=OFFICE, live_version__column__slug="normative", first_published_at__isnull=False)
        .select_related("live_version")
        .order_by("-first_published_at")[: len(PLAN)]
    )
    if not policies:
        return
    try:
        editor, reviewer, signer = (User.objects.get(username=f"{OFFICE}_{r}") for r in ("editor", "reviewer", "signer"))
    except User.DoesNotExist:
        return
    existing = set(Interpretation.objects.filter(agency_id=editor.agency_id).values_list("title", flat=True))
    planned = set(PolicyPlan.objects.filter(item__in=policies).values_list("item_id", flat=True))
    created = 0
    with transaction.atomic():
        for policy, plan in zip(policies, PLAN, strict=False):
            title = policy.live_version.title
            if policy.pk not in planned:
                form_label = Form(plan[1]).label if plan else "文字解读"
                services.plan_set(item=policy, by=editor, needs_interpretation=True,
                                  plan=f"{form_label}，由区农发办主要负责人作为第一解读人，文件发布后3个工作日内在政府网站发布。")
            if plan is None:
                continue
            offset, form = plan
            name = title.replace("关于印发", "").replace("的通知", "")
            heading = {Form.TEXT: f"{name}政策解读", Form.GRAPHIC: f"图解：一图读懂{name}", Form.QA: f"{name}问答",
                       Form.INTERVIEW: f"访谈：区农发办负责人解读{name}"}[form]
            if heading in existing:
                continue
            fields = _sections(title) if form == Form.TEXT else {
                "summary": f"问：{name}适用于哪些项目？\n答：适用于本区使用财政资金的农业综合开发项目。\n问：资金如何拨付？\n答：按项目进度拨付，验收合格后结算。"
            }
            if form == Form.INTERVIEW:
                fields["interpreter"] = "区农发办主要负责人（第一解读人）"
            interpretation = services.interpretation_create(by=editor, title=heading, policies=[policy], form=form, **fields)
            services.interpretation_submit(interpretation=interpretation, by=editor)
            services.interpretation_approve(interpretation=interpretation, by=reviewer)
            services.interpretation_sign(interpretation=interpretation, by=signer)
            published_on = workdays.add_workdays(timezone.localtime(policy.first_published_at).date(), offset)
            # Demo history: the interpretation is dated back to when it was published in the story.
            Interpretation.objects.filter(pk=interpretation.pk).update(published_at=_at(published_on, 15))
            created += 1
    if verbose and created:
        stdout.write(f"政策解读：新建 {created} 篇（按期、逾期和缺失的解读各有示例）。\n")
