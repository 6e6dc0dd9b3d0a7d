"""Demo data of results openness: a five-year plan with ten indicators and their values, and twenty
normative documents in every validity status.

Historical documents are backdated: they are written, submitted and approved through the services,
then registered with the number of the year they were really registered in (the sign-before-effect
check of record_advance is what a backdated record cannot pass). Idempotent: skipped when present.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Agency, User

import io

from openpyxl import Workbook

from . import services
from .models import BudgetDisclosure, DevelopmentPlan, Evaluation, NormativeDocument, NormativePrefix
from .workflow import document_workflow

PLAN_TITLE = "坊子区农业农村现代化“十四五”规划"
PREFIXES = {"fangzi": "坊规", "nongfa": "坊农发规", "nyj": "坊农规", "czj": "坊财规", "fgj": "坊发改规"}

# name, unit, nature, higher is better, baseline (2020), target (2025), actuals 2021–2025 (None = not yet reported)
INDICATORS = (
    ("粮食总产量", "万吨", "binding", True, "35.2", "36", ("35.4", "35.7", "35.9", "36.1", "36.2")),
    ("高标准农田面积", "万亩", "binding", True, "20", "30", ("22", "23.5", "25", "26", "27")),
    ("农业科技进步贡献率", "%", "expected", True, "63", "66", ("63.8", "64.5", "65.2", "66", "66.4")),
    ("农作物耕种收综合机械化率", "%", "expected", True, "88", "92", ("88.5", "89", "89.6", "90", None)),
    ("农村居民人均可支配收入", "元", "expected", True, "21000", "28000", ("22600", "23900", "25100", "26300", "27400")),
    ("化肥使用量", "吨", "binding", False, "21000", "19500", ("20800", "20500", "20300", "20200", "20100")),
    ("农药使用量", "吨", "binding", False, "620", "560", ("605", "590", "575", "562", "555")),
    ("规模以上农产品加工企业", "家", "expected", True, "96", "120", ("101", "106", "110", "113", "118")),
    ("农村自来水普及率", "%", "expected", True, "97.5", "99", ("98", "98.4", "98.8", "99", "99.2")),
    ("畜禽粪污综合利用率", "%", "binding", True, "88", "92", ("89", "89.5", "89.8", "90.1", None)),
)

# key, agency, title, effective (years ago, month, day) or (days from today,), validity years, amends key, repeals key
# Statuses follow from the dates and links: expired (old), amended/repealed (by later documents), valid (the rest).
DOCUMENTS = (
    ("d01", "fangzi", "坊子区农业综合开发项目管理暂行办法", (-9, 3, 1), 2, None, None),
    ("d02", "fangzi", "坊子区农田水利设施管护办法", (-8, 6, 1), 3, None, None),
    ("d03", "nongfa", "坊子区农业综合开发资金使用管理规定", (-7, 1, 1), 5, None, None),
    ("d04", "fangzi", "坊子区土地流转服务管理办法", (-6, 5, 1), 3, None, None),
    ("d05", "fangzi", "坊子区政务公开工作规范", (-4, 2, 1), 5, None, None),
    ("d06", "fangzi", "关于修改《坊子区政务公开工作规范》的决定", (-2, 7, 1), 5, "d05", None),
    ("d07", "nongfa", "坊子区高标准农田建设项目管理办法", (-4, 4, 1), 5, None, None),
    ("d08", "nongfa", "关于修改《坊子区高标准农田建设项目管理办法》的决定", (-1, 3, 1), 5, "d07", None),
    ("d09", "czj", "坊子区涉农资金统筹整合管理办法", (-3, 1, 1), 5, None, None),
    ("d10", "czj", "关于废止《坊子区涉农资金统筹整合管理办法》的决定", (-1, 9, 1), 5, None, "d09"),
    ("d11", "nyj", "坊子区农产品质量安全监管办法（试行）", (-3, 6, 1), 5, None, None),
    ("d12", "nyj", "关于废止《坊子区农产品质量安全监管办法（试行）》的决定", (-1, 6, 1), 5, None, "d11"),
    ("d13", "fangzi", "坊子区重大行政决策程序规定", (-2, 3, 1), 5, None, None),
    ("d14", "fangzi", "坊子区行政规范性文件管理办法", (-2, 9, 1), 5, None, None),
    ("d15", "nongfa", "坊子区农业综合开发项目公示办法", (-1, 5, 1), 3, None, None),
    ("d16", "nyj", "坊子区家庭农场认定管理办法", (-1, 1, 1), 5, None, None),
    ("d17", "fgj", "坊子区政府投资项目管理办法", (-2, 10, 1), 5, None, None),
    ("d18", "nongfa", "坊子区农田建设项目建后管护暂行办法", (45 - 730,), 2, None, None),  # expires within 90 days
    ("d19", "czj", "坊子区财政专项资金绩效管理暂行办法", (150 - 730,), 2, None, None),  # in the 6-month evaluation window
    ("d20", "nongfa", "坊子区农业社会化服务项目管理办法", (30,), 5, None, None),  # registered, effective next month
)


def _users(slug: str) -> tuple[User, User, User]:
    by = {u.username: u for u in User.objects.filter(username__in=[f"{slug}_editor", f"{slug}_reviewer", f"{slug}_signer"])}
    return by[f"{slug}_editor"], by[f"{slug}_reviewer"], by[f"{slug}_signer"]


def _effective(spec: tuple, today: dt.date) -> dt.date:
    if len(spec) == 1:
        return today + dt.timedelta(days=spec[0])
    years, month, day = spec
    return dt.date(today.year + years, month, day)


def _plan(today: dt.date) -> None:
    if DevelopmentPlan.objects.filter(title=PLAN_TITLE).exists():
        return
    editor, reviewer, signer = _users("fangzi")
    plan = services.development_plan_create(
        by=editor, title=PLAN_TITLE, start_year=2021, end_year=2025,
        summary="规划提出到2025年，粮食综合生产能力稳步提升，农业质量效益和竞争力明显增强，农民收入持续较快增长。",
    )
    for name, unit, nature, up, base, target, actuals in INDICATORS:
        values = {2021 + i: (None, Decimal(a) if a else None) for i, a in enumerate(actuals) if a is not None}
        services.indicator_save(plan=plan, by=editor, name=name, unit=unit, nature=nature, higher_is_better=up,
                                baseline=Decimal(base), target=Decimal(target), values=values)
    for action, who in (("submit", editor), ("approve", reviewer), ("sign", signer)):
        plan = services.record_advance(record=plan, action=action, by=who)


def _documents(today: dt.date) -> None:
    if NormativeDocument.objects.filter(title=DOCUMENTS[0][2]).exists():
        return
    agencies = {a.slug: a for a in Agency.objects.filter(slug__in=PREFIXES)}
    for slug, prefix in PREFIXES.items():
        if slug in agencies:
            NormativePrefix.objects.get_or_create(agency=agencies[slug], defaults={"prefix": prefix})
    made: dict[str, NormativeDocument] = {}
    # registered in date order, so serials follow the calendar (amending documents always come later)
    for key, slug, title, when, years, amends, repeals in sorted(DOCUMENTS, key=lambda d: _effective(d[3], today)):
        if slug not in agencies:
            continue
        editor, reviewer, signer = _users(slug)
        effective = _effective(when, today)
        registered = min(effective - dt.timedelta(days=10), today)
        doc = services.document_create(
            by=editor, title=title, doc_number=f"{PREFIXES[slug][:-1]}发〔{registered.year}〕{len(made) + 3}号",
            written_on=registered - dt.timedelta(days=5), effective_on=effective, validity_years=years,
            amends=made.get(amends), repeals=made.get(repeals),
        )
        services.record_advance(record=doc, action="submit", by=editor)
        doc = services.record_advance(record=doc, action="approve", by=reviewer)
        # Backdated registration: the sign move and its number as of the year it was registered.
        document_workflow.advance(doc, action="sign", by=signer, authors=[editor.pk], agency_id=doc.agency_id,
                                  data={"backdated_to": registered.isoformat()})
        doc.reg_number = services.reg_number_next(agency=doc.agency, year=registered.year)
        doc.published_on = registered
        doc.save(update_fields=["reg_number", "published_on"])
        made[key] = doc


def budget_workbook(scale: float, *, year: int, kind: str) -> bytes:
    """The eight standard tables and the explanation of one year, in the import layout (万元)."""

    def r(v: float) -> float:
        return round(v * scale, 2)

    basic_staff, basic_public = r(330), r(70)
    tables = {
        "收支总表": (["金额"], [
            [None, "一般公共预算拨款收入", r(860)], [None, "政府性基金预算拨款收入", r(120)], [None, "收入总计", r(980)],
            [None, "一般公共服务支出", r(300)], [None, "农林水支出", r(680)], [None, "支出总计", r(980)]]),
        "收入总表": (["合计", "一般公共预算拨款收入", "政府性基金预算拨款收入"], [
            [None, "合计", r(980), r(860), r(120)], ["201", "一般公共服务支出", r(300), r(300), 0], ["213", "农林水支出", r(680), r(560), r(120)]]),
        "支出总表": (["合计", "基本支出", "项目支出"], [
            [None, "合计", r(980), r(400), r(580)],
            ["201", "一般公共服务支出", r(300), r(250), r(50)], ["20103", "政府办公厅（室）及相关机构事务", r(300), r(250), r(50)],
            ["213", "农林水支出", r(680), r(150), r(530)], ["21301", "农业农村", r(480), r(150), r(330)], ["21303", "水利", r(200), 0, r(200)]]),
        "财政拨款收支总表": (["金额"], [
            [None, "一般公共预算拨款", r(860)], [None, "政府性基金预算拨款", r(120)], [None, "收入总计", r(980)],
            [None, "一般公共预算财政拨款支出", r(860)], [None, "政府性基金预算财政拨款支出", r(120)], [None, "支出总计", r(980)]]),
        "一般公共预算财政拨款支出表": (["合计", "基本支出", "项目支出"], [
            [None, "合计", r(860), r(400), r(460)],
            ["201", "一般公共服务支出", r(300), r(250), r(50)], ["213", "农林水支出", r(560), r(150), r(410)]]),
        "一般公共预算财政拨款基本支出表": (["合计", "人员经费", "公用经费"], [
            [None, "合计", r(400), basic_staff, basic_public],
            ["301", "工资福利支出", r(300), r(300), 0], ["302", "商品和服务支出", r(70), 0, r(70)], ["303", "对个人和家庭的补助", r(30), r(30), 0]]),
        "三公经费支出表": (["合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费"], [
            [None, "合计", r(12.5), 0, r(4.5), r(8)]]),
        "政府性基金预算财政拨款收支表": (["金额"], [
            [None, "国有土地使用权出让收入安排的支出", r(120)], [None, "支出合计", r(120)]]),
    }
    name = "部门预算" if kind == "budget" else "部门决算"
    explanation = (
        f"坊子区农业综合开发办公室{year}年{name}说明\n一、部门职责\n负责全区农业综合开发项目的规划、申报、实施和监督管理。\n"
        f"二、收支总体情况\n{year}年收支总计{r(980):.2f}万元，其中一般公共预算拨款{r(860):.2f}万元，政府性基金预算拨款{r(120):.2f}万元。\n"
        f"三、“三公”经费情况\n“三公”经费{r(12.5):.2f}万元，其中公务接待费{r(4.5):.2f}万元，公务用车购置及运行费{r(8):.2f}万元，无因公出国（境）费。"
    )
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, (columns, rows) in tables.items():
        ws = wb.create_sheet(sheet)
        ws.append(["科目编码", "项目", *columns])
        for row in rows:
            ws.append(row)
    ws = wb.create_sheet("说明")
    for line in explanation.splitlines():
        ws.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _budgets(today: dt.date) -> None:
    office = Agency.objects.filter(slug="nongfa").first()
    if office is None or BudgetDisclosure.objects.filter(agency=office).exists():
        return
    editor, reviewer, signer = _users("nongfa")
    # scales chosen so that every amount is a whole number of cents
    for year, kind, scale in ((today.year - 2, "budget", 0.96), (today.year - 2, "final", 0.92), (today.year - 1, "budget", 1.0), (today.year - 1, "final", 0.98)):
        d = services.budget_import(by=editor, year=year, kind=kind, data=budget_workbook(scale, year=year, kind=kind))
        for action, who in (("submit", editor), ("approve", reviewer), ("sign", signer)):
            d = services.record_advance(record=d, action=action, by=who)


def _evaluation(today: dt.date) -> None:
    title = f"{today.year - 1}年度农业综合开发项目第三方绩效评估"
    if Evaluation.objects.filter(title=title).exists() or not User.objects.filter(username="nongfa_editor").exists():
        return
    editor, reviewer, signer = _users("nongfa")
    e = services.evaluation_create(
        by=editor, title=title, evaluator="潍坊某工程咨询有限公司（第三方）", third_party=True,
        method="资料核查、实地查看12个项目区、农户问卷调查300份、座谈访谈。",
        period_start=dt.date(today.year - 1, 1, 1), period_end=dt.date(today.year - 1, 12, 31),
        conclusions="项目总体完成年度目标，新增和改善灌溉面积0.8万亩，农户满意度92%；个别项目建后管护责任不清。",
        recommendations="一是建立建后管护台账并落实到村；二是提高项目公示的完整性。",
        response="已制定《建后管护暂行办法》并列入规范性文件登记；公示牌内容已统一规范。",
        subject_title="关于实施2026年度高标准农田建设项目的决定",
    )
    for action, who in (("submit", editor), ("approve", reviewer), ("sign", signer)):
        e = services.record_advance(record=e, action=action, by=who)


RESULTS = (
    ("higher_decision", "落实省市粮食安全党政同责部署情况", "完成全年粮食播种面积和产量目标，压实区镇两级责任。", [("粮食播种面积", "58.6", "万亩"), ("粮食总产量", "36.2", "万吨")]),
    ("work_report", "政府工作报告“新建高标准农田”任务完成情况", "新建高标准农田项目全部通过区级验收，建后管护落实到村。", [("新建高标准农田", "1.2", "万亩"), ("完成投资", "1800", "万元")]),
    ("decided_item", "区政府常务会议议定农田水利设施管护事项落实情况", "出台建后管护办法，明确管护主体、经费和考核。", [("落实管护协议", "46", "份")]),
    ("livelihood", "农村供水保障民生实事完成情况", "改造老旧供水管网，农村自来水普及率保持在99%以上。", [("改造供水管网", "32", "公里"), ("受益群众", "2.1", "万人")]),
)


def _results(today: dt.date) -> None:
    from .models import ResultReport

    if not User.objects.filter(username="nongfa_editor").exists():
        return
    editor, reviewer, signer = _users("nongfa")
    for category, title, summary, figures in RESULTS:
        if ResultReport.objects.filter(title=title).exists():
            continue
        r = services.result_create(
            by=editor, category=category, title=title, summary=summary, reported_on=today - dt.timedelta(days=30),
            figures=[{"name": n, "value": v, "unit": u} for n, v, u in figures],
            links=[{"title": "政务公开目录：结果公开", "url": "/results/"}],
        )
        for action, who in (("submit", editor), ("approve", reviewer), ("sign", signer)):
            r = services.record_advance(record=r, action=action, by=who)


@transaction.atomic
def seed(*, verbose: bool = False, stdout=None) -> None:
    if not User.objects.filter(username="fangzi_editor").exists():
        return
    today = timezone.localdate()
    _plan(today)
    _documents(today)
    _budgets(today)
    _evaluation(today)
    _results(today)
    if verbose and stdout is not None:
        stdout.write("结果公开演示数据：“十四五”规划1个（10个指标），规范性文件20件，两年预决算，结果公开4条。")
