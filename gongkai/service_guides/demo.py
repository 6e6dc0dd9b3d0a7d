"""Ten service guides of the office (坊子区农业综合开发办公室), every field filled, published
through the real workflow; themes for life events and enterprise services. Idempotent by code."""

from __future__ import annotations

from django.db import transaction

from gongkai.core.models import User

from . import services
from .models import Copy, ServiceItem, ServiceType, Theme, ThemeKind

OFFICE = "nongfa"
THEMES = (
    (ThemeKind.LIFE, "农业生产", "farming", 1),
    (ThemeKind.LIFE, "农村生活", "rural-life", 2),
    (ThemeKind.ENTERPRISE, "项目申报", "project-application", 1),
    (ThemeKind.ENTERPRISE, "资金补助", "subsidies", 2),
    (ThemeKind.ENTERPRISE, "合作社和家庭农场", "cooperatives", 3),
)
LOCATION = "潍坊市坊子区政务服务中心二楼农业农村窗口（坊子区北海路1号）"
HOURS = "法定工作日上午9:00—12:00，下午13:30—17:00（夏季下午14:00—17:30）"
CONSULT = "0536-7661234"
COMPLAINT = "0536-12345"
BASIS_FARMLAND = ("《农田建设项目管理办法》（农业农村部令2019年第4号）", "第十二条")
BASIS_FUNDS = ("《农田建设补助资金管理办法》（财农〔2023〕12号）", "第十五条")
BASIS_SD = ("《山东省高标准农田建设项目管理实施细则》", "第八条")

# code suffix, name, type, themes, conditions, steps, materials, statutory/promised days, fee, basis, faq
GUIDES = (
    ("001", "高标准农田建设项目申报受理", ServiceType.PUBLIC_SERVICE, ("project-application", "farming"),
     "项目区位于本区永久基本农田保护区内，土地权属清晰，群众建设意愿强烈，已纳入高标准农田建设规划。",
     ("申请", "受理", "现场踏勘", "评审", "公示", "批复"), ("项目申报书", "项目区土地权属证明", "村民代表会议纪要"), 20, 15,
     (BASIS_FARMLAND, BASIS_SD), ("项目申报有时间限制吗？", "每年一季度集中申报，具体以申报通知为准。")),
    ("002", "农业综合开发项目竣工验收申请", ServiceType.CONFIRMATION, ("project-application",),
     "项目已按批复内容全部建成，工程质量自检合格，资金决算已完成。",
     ("申请", "受理", "组织验收", "出具验收意见"), ("竣工验收申请书", "项目决算报告", "工程质量自检报告"), 30, 20,
     (BASIS_FARMLAND,), ("验收不合格怎么办？", "按验收意见整改后可重新申请验收。")),
    ("003", "农田建设补助资金拨付申请", ServiceType.BENEFIT, ("subsidies",),
     "项目已完成相应进度并经监理确认，资金使用符合批复用途。",
     ("申请", "审核", "财政拨付"), ("资金拨付申请表", "监理进度确认单", "银行账户信息"), 15, 10,
     (BASIS_FUNDS,), ("资金多久能到账？", "审核通过后10个工作日内拨付至项目单位账户。")),
    ("004", "农民专业合作社财政补助项目申报", ServiceType.BENEFIT, ("cooperatives", "subsidies"),
     "依法登记满两年的农民专业合作社，运行规范，带动农户增收效果明显。",
     ("申请", "受理", "审核", "公示", "下达计划"), ("项目申报书", "营业执照", "合作社章程", "近两年财务报表"), 20, 15,
     (BASIS_FUNDS, ("《中华人民共和国农民专业合作社法》", "第六十五条")), ("社员人数有要求吗？", "成员应不少于5名，其中农民成员占80%以上。")),
    ("005", "家庭农场示范场认定申请", ServiceType.CONFIRMATION, ("cooperatives", "farming"),
     "经营者为本区户籍农民，土地经营规模适度且流转合同规范，生产经营状况良好。",
     ("申请", "镇街初审", "区级审核", "公示", "认定"), ("认定申请表", "土地流转合同", "经营者身份证"), 30, 20,
     (("《山东省家庭农场示范场认定办法》", "第五条"),), ("认定后有什么支持？", "可优先申报财政补助项目和农业保险保费补贴。")),
    ("006", "农业项目变更调整审批", ServiceType.PERMIT, ("project-application",),
     "已批复项目因客观原因确需调整建设内容、地点或投资，且调整后仍符合项目建设要求。",
     ("申请", "受理", "审核", "批复"), ("项目变更申请", "变更前后对比说明", "项目主管部门意见"), 20, 10,
     (BASIS_FARMLAND,), ("可以变更项目地点吗？", "原则上不得变更，确需变更的须重新履行论证程序。")),
    ("007", "农田水利设施管护主体登记", ServiceType.PUBLIC_SERVICE, ("farming", "rural-life"),
     "项目已竣工验收并移交，管护主体明确且有能力履行管护责任。",
     ("申请", "受理", "登记"), ("管护主体登记表", "资产移交清单", "管护协议"), 10, 5,
     (BASIS_FARMLAND,), ("管护经费从哪里来？", "按规定从村集体收益和财政管护资金中列支。")),
    ("008", "农业综合开发项目信息查询", ServiceType.PUBLIC_SERVICE, ("rural-life",),
     "公民、法人或其他组织均可查询已公开的项目信息。",
     ("提出查询", "窗口查询", "答复"), ("查询申请表",), 5, 1,
     (("《中华人民共和国政府信息公开条例》", "第二十条"),), ("能查询哪些信息？", "项目名称、建设地点、建设内容、投资和进度等已公开信息。")),
    ("009", "农业产业化经营项目贴息申请", ServiceType.BENEFIT, ("subsidies", "project-application"),
     "申请主体为本区农业产业化龙头企业，贷款用于农业生产经营且已按期付息。",
     ("申请", "受理", "审核", "公示", "拨付"), ("贴息申请表", "借款合同", "付息凭证", "营业执照"), 20, 15,
     (BASIS_FUNDS,), ("贴息比例是多少？", "按当年实际支付利息的一定比例给予补助，具体以年度通知为准。")),
    ("010", "农业项目工程质量投诉受理", ServiceType.PUBLIC_SERVICE, ("rural-life", "farming"),
     "对本区农业综合开发项目工程质量有异议的单位和个人。",
     ("投诉", "登记", "调查核实", "答复"), ("投诉书", "相关证据材料"), 15, 10,
     (BASIS_FARMLAND, ("《建设工程质量管理条例》", "第五十三条")), ("可以匿名投诉吗？", "可以，但实名投诉便于我们反馈处理结果。")),
)

STEP_DETAIL = {
    "申请": "申请人向窗口或网上提交申请材料",
    "受理": "窗口当场审查材料，齐全的予以受理并出具受理单",
    "现场踏勘": "组织技术人员到项目区现场核查",
    "评审": "组织专家对项目可行性进行评审",
    "公示": "在政府网站公示不少于5个工作日",
    "批复": "印发项目批复文件",
    "组织验收": "组织有关部门和专家开展竣工验收",
    "出具验收意见": "出具验收意见书",
    "审核": "对材料和项目情况进行审核",
    "财政拨付": "审核通过后由财政部门拨付资金",
    "镇街初审": "所在镇（街道）进行初审",
    "区级审核": "区农发办组织审核",
    "认定": "发文认定并授牌",
    "下达计划": "下达年度项目计划",
    "登记": "办理登记并出具登记证明",
    "提出查询": "到窗口或通过电话、网站提出查询",
    "窗口查询": "窗口人员现场查询",
    "答复": "当场或在承诺时限内答复",
    "拨付": "拨付贴息资金",
    "投诉": "通过窗口、电话或信函提出投诉",
    "调查核实": "组织人员调查核实",
}


def seed(*, verbose: bool, stdout) -> None:
    for order, (kind, name, slug, sort) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"kind": kind, "name": name, "sort_order": sort + order})
    codes = [f"11370704MB-NF-{g[0]}" for g in GUIDES]
    if ServiceItem.objects.filter(code__in=codes).count() == len(codes):
        return
    try:
        editor, reviewer, signer = (User.objects.get(username=f"{OFFICE}_{r}") for r in ("editor", "reviewer", "signer"))
    except User.DoesNotExist:
        return
    themes = {t.slug: t for t in Theme.objects.all()}
    existing = set(ServiceItem.objects.filter(code__in=codes).values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        for (suffix, name, stype, theme_slugs, conditions, steps, materials, statutory, promised, basis, faq), code in zip(GUIDES, codes, strict=True):
            if code in existing:
                continue
            version = services.guide_create(
                by=editor, code=code, name=name, service_type=stype, themes=[themes[s] for s in theme_slugs],
                legal_basis=[{"law": law, "article": article} for law, article in basis],
                conditions=conditions,
                steps=[{"title": s, "detail": STEP_DETAIL.get(s, "")} for s in steps],
                materials=[{"name": m, "copy_kind": Copy.COPY if "执照" in m or "身份证" in m or "合同" in m else Copy.ORIGINAL,
                            "count": 2 if "申报书" in m else 1, "note": "加盖公章" if "申请" in m or "申报" in m else ""} for m in materials],
                fee_free=True, statutory_days=statutory, promised_days=promised, location=LOCATION, hours=HOURS,
                consult_phone=CONSULT, complaint_phone=COMPLAINT,
                online_url=f"https://wf.sdzwfw.gov.cn/fz/nf/{suffix}",
                faqs=[{"q": faq[0], "a": faq[1]}, {"q": "办理需要收费吗？", "a": "不收费。"}],
            )
            services.guide_submit(version=version, by=editor)
            services.guide_approve(version=version, by=reviewer)
            services.guide_sign(version=version, by=signer)
            created += 1
    if verbose and created:
        stdout.write(f"办事指南：新建并发布 {created} 个事项的服务指南。\n")
