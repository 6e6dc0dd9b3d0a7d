"""Demo data of execution openness: one plan with five steps and several updates (one step overdue),
an inspection with findings in every rectification status, and accountability cases.

Dates are relative to today so the overdue step stays overdue whenever the demo is loaded.
Idempotent: nothing is created when the plan already exists.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Agency, User

from . import services
from .models import ImplementationPlan

PLAN_TITLE = "坊子区2026年度高标准农田建设项目实施方案"


def _users(slug: str) -> tuple[User, User, User]:
    by = {u.username: u for u in User.objects.filter(username__in=[f"{slug}_editor", f"{slug}_reviewer", f"{slug}_signer"])}
    return by[f"{slug}_editor"], by[f"{slug}_reviewer"], by[f"{slug}_signer"]


def _publish(record, editor, reviewer, signer):
    for action, who in (("submit", editor), ("approve", reviewer), ("sign", signer)):
        record = services.record_advance(record=record, action=action, by=who)
    return record


def _decision(agency: Agency):
    """The demo decision this plan carries out, when the decisions app is installed and has one."""
    if not apps.is_installed("gongkai.decisions"):
        return None
    try:
        decision_model = apps.get_model("decisions", "Decision")
    except LookupError:
        return None
    qs = decision_model._default_manager.all()
    field_names = {f.name for f in decision_model._meta.get_fields()}
    if "agency" in field_names:
        qs = qs.filter(agency=agency)
    if "title" in field_names:
        qs = qs.filter(title__contains="农田") or qs
    return qs.first()


@transaction.atomic
def seed(*, verbose: bool = False, stdout=None) -> None:
    if ImplementationPlan.objects.filter(title=PLAN_TITLE).exists():
        return
    agencies = {a.slug: a for a in Agency.objects.filter(slug__in=["nongfa", "nyj", "czj", "fangzi"])}
    if "nongfa" not in agencies:
        return
    office = agencies["nongfa"]
    editor, reviewer, signer = _users("nongfa")
    today = timezone.localdate()

    def day(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    decision = _decision(office)
    plan = services.plan_create(
        by=editor,
        title=PLAN_TITLE,
        subject=decision,
        subject_title="" if decision else "关于实施2026年度高标准农田建设项目的决定",
        goals="新建高标准农田1.2万亩，实现田成方、林成网、渠相通、路相连、旱能浇、涝能排；项目区亩均粮食产能提高100公斤。",
        measures="一是土地平整和土壤改良；二是灌溉与排水工程，新打机井60眼、铺设管道45公里；三是田间道路18公里；四是农田防护林网；五是建后管护机制。",
        supervision_method="区政府督查室按季度督查；项目进展每月在本网站公开；群众可通过“互动交流”栏目反映问题，监督电话见网站底部。",
        lead_unit=office,
        cooperating_units=[a for s, a in agencies.items() if s in ("nyj", "czj")],
    )
    steps = [
        ("项目选址和规划设计", day(-150), day(-110), office),
        ("初步设计和预算评审", day(-110), day(-60), agencies.get("czj", office)),
        ("工程招标和合同签订", day(-60), day(-10), office),
        ("田间工程施工", day(-20), day(40), agencies.get("nyj", office)),
        ("竣工验收和移交管护", day(30), day(120), office),
    ]
    step_objs = [services.step_add(plan=plan, by=editor, title=t, starts_on=s, due_on=d, unit=u) for t, s, d, u in steps]
    plan = _publish(plan, editor, reviewer, signer)
    s1, s2, s3, s4, _s5 = (s.pk for s in step_objs)
    updates = [
        (day(-112), {s1: 100, s2: 10}, "完成项目区选址和规划设计，涉及3个街道12个行政村。", "", "抓紧开展初步设计。"),
        (day(-62), {s2: 100, s3: 30}, "初步设计和预算通过区财政局评审，招标文件已编制。", "部分村庄土地流转协议签订进度慢。", "街道包村干部逐户做工作。"),
        (day(-5), {s3: 80, s4: 15}, "三个标段已完成两个标段的招标，田间工程先行开工。",
         "第三标段因投标人不足3家流标，招标步骤已超过时限。", "已重新发布招标公告，预计15日内完成；同步加快已开工标段施工。"),
    ]
    for as_of, percents, narrative, problems, follow_up in updates:
        u = services.update_create(plan=plan, by=editor, as_of=as_of, narrative=narrative, problems=problems, follow_up=follow_up, percents=percents)
        _publish(u, editor, reviewer, signer)
    pending = services.update_create(plan=plan, by=editor, as_of=today, narrative="第三标段重新招标已开标，待公示。", percents={s3: 95})
    services.record_advance(record=pending, action="submit", by=editor)

    inspection = services.inspection_create(
        by=editor, title="2026年第一季度农业综合开发项目专项督查", scope="在建高标准农田项目的进度、质量、资金使用和公示公开情况",
        inspected_on=day(-40), inspector="坊子区人民政府督查室",
    )
    findings = [
        ("项目区公示牌未标明监督电话和建设内容。", day(-25), "verified"),
        ("部分项目资金拨付台账不完整。", day(-10), "done"),
        ("第二标段机井施工进度滞后于计划。", day(-3), "in_progress"),
        ("建后管护责任未落实到村。", day(20), "open"),
    ]
    created = [
        (services.finding_add(inspection=inspection, by=editor, problem=p, requirement="限期整改并报送整改材料。", deadline=d, responsible_unit=office), target)
        for p, d, target in findings
    ]
    _publish(inspection, editor, reviewer, signer)
    for finding, target in created:
        if target == "open":
            continue
        services.finding_advance(finding=finding, action="start", by=editor)
        if target in ("done", "verified"):
            services.finding_advance(finding=finding, action="complete", by=editor, evidence="已按要求整改，整改材料已报送督查室。")
        if target == "verified":
            services.finding_advance(finding=finding, action="verify", by=signer)

    cases = [
        ("slow", "项目资金拨付台账长期未更新，影响资金监管。", "责令作出书面检查", "", False),
        ("inaction", "对群众反映的机井漏水问题一个月未处理。", "通报批评", "王某某", True),
        ("wrong", "未经批准擅自变更施工内容。", "诫勉谈话", "内部人员", False),
    ]
    for n, (kind, facts, measure, person, publish_name) in enumerate(cases):
        case = services.case_create(by=editor, case_type=kind, unit=office, facts=facts, measure=measure, decided_on=day(-30 + 7 * n),
                                    person_name=person, publish_name=publish_name)
        _publish(case, editor, reviewer, signer)
    if verbose and stdout is not None:
        stdout.write("执行公开演示数据：实施方案1个（5个步骤，1个逾期），督查1次（4个问题），问责案例3起。")
