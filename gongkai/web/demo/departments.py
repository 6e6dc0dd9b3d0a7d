"""Series of the district government and the three departments."""

from __future__ import annotations

import datetime as dt

from .agencies import AGENCY_BY_SLUG, ROOT
from .base import TOWNS, Builder, cn_date

GOV = AGENCY_BY_SLUG[ROOT]
NYJ = AGENCY_BY_SLUG["nyj"]
CZJ = AGENCY_BY_SLUG["czj"]
FGJ = AGENCY_BY_SLUG["fgj"]


# -- 区政府 ---------------------------------------------------------------------------------------

def work_report(b: Builder, year: int) -> None:
    published = b.day(year, b.pick((1, 2)), 8, 26)
    growth = b.num(50, 85) / 10
    b.add(
        agency=ROOT,
        title=f"{year}年坊子区人民政府工作报告",
        column="results",
        topic="0101",
        published_on=published,
        keywords="政府工作报告",
        blocks=[
            f"（{cn_date(published - dt.timedelta(days=b.num(3, 12)))}在坊子区人民代表大会会议上）",
            ("h", f"一、{year - 1}年工作回顾"),
            f"过去一年，全区上下坚持稳中求进工作总基调，经济社会保持健康发展。全区地区生产总值增长{growth:.1f}%，"
            f"一般公共预算收入增长{b.num(30, 110) / 10:.1f}%，城乡居民人均可支配收入分别增长{b.num(50, 90) / 10:.1f}%和{b.num(60, 100) / 10:.1f}%。",
            f"农业基础更加巩固，新建高标准农田{b.num(8, 30) / 10:.1f}万亩，粮食总产保持稳定；"
            f"民生投入持续加大，民生支出占一般公共预算支出的比重达到{b.num(76, 82)}%。",
            ("h", f"二、{year}年主要目标和重点工作"),
            f"{year}年全区经济社会发展的主要预期目标是：地区生产总值增长{b.num(55, 75) / 10:.1f}%左右，"
            "一般公共预算收入稳定增长，城乡居民收入增长与经济增长基本同步。",
            "重点抓好以下工作：推动项目建设提质增效；加快乡村振兴步伐；深化重点领域改革；持续改善生态环境；"
            "办好民生实事；加强政府自身建设，深入推进政务公开，自觉接受人大法律监督、政协民主监督和社会监督。",
        ],
    )


def gov_decision_list(b: Builder, year: int) -> None:
    items = b.sample((
        ("坊子区国土空间总体规划", "区自然资源局"),
        ("城区老旧小区改造实施方案", "区住房城乡建设局"),
        ("农村生活污水治理实施方案", "区生态环境分局"),
        ("高标准农田建设年度实施方案", "区农业农村局"),
        ("中小学校布局调整规划", "区教育和体育局"),
        ("城乡公交一体化实施方案", "区交通运输局"),
        ("养老服务设施布局规划", "区民政局"),
    ), 3)
    b.add(
        agency=ROOT,
        title=f"坊子区人民政府{year}年度重大行政决策事项目录",
        column="decisions",
        topic="0101",
        published_on=b.day(year, b.pick((2, 3)), 3, 26),
        keywords="重大行政决策 事项目录",
        blocks=[
            f"根据《重大行政决策程序暂行条例》，经区政府研究，确定{year}年度重大行政决策事项目录，现予以公布。",
            ("table", ("序号", "决策事项", "承办单位", "计划完成时间"), [
                (i + 1, name, dept, f"{year}年{b.num(6, 12)}月") for i, (name, dept) in enumerate(items)
            ]),
            "承办单位应当严格履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序，"
            "决策草案公开征求意见的期限一般不少于30日。",
        ],
    )


def gov_plans(b: Builder) -> None:
    b.add(
        agency=ROOT,
        title="坊子区国民经济和社会发展第十三个五年规划纲要",
        column="plans",
        topic="02",
        published_on=b.day(2016, 3, 10, 28),
        validity="expired",
        keywords="十三五 规划纲要",
        blocks=[
            "本纲要根据《中共坊子区委关于制定坊子区国民经济和社会发展第十三个五年规划的建议》编制，"
            "主要阐明“十三五”时期全区发展的指导思想、主要目标、重点任务和重大举措。",
            "到2020年，地区生产总值年均增长8%左右，城乡居民人均可支配收入年均增长8%以上，全面建成小康社会。",
            "坚持农业基础地位，加快建设高标准农田，推进农业综合开发，提高农业综合生产能力和抗风险能力。",
        ],
    )
    b.add(
        agency=ROOT,
        title="坊子区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
        column="plans",
        topic="02",
        published_on=b.day(2021, 3, 10, 28),
        validity="valid",
        keywords="十四五 规划纲要",
        blocks=[
            "本纲要主要阐明“十四五”时期全区经济社会发展的指导思想、主要目标、重点任务和重大举措，展望二〇三五年远景目标。",
            "“十四五”时期，全区地区生产总值年均增长6%左右，粮食综合生产能力稳步提升，高标准农田建设持续推进。",
            "全面推进乡村振兴，加快农业农村现代化，建设宜居宜业和美乡村。",
        ],
    )


def gov_execution(b: Builder, year: int) -> None:
    published = b.day(year, b.pick((7, 8)), 3, 26)
    done = b.num(52, 68)
    b.add(
        agency=ROOT,
        title=f"{year}年区政府工作报告重点任务落实情况（上半年）",
        column="execution",
        topic="0103",
        published_on=published,
        keywords="重点任务 落实情况",
        blocks=[
            f"为推动{year}年区政府工作报告确定的各项任务落实，现将上半年进展情况公开如下。",
            ("h", "目标任务和责任分工"),
            f"政府工作报告确定重点任务{b.num(40, 70)}项，已全部分解到区政府各部门和各街道，明确牵头领导、责任单位和完成时限。",
            ("h", "工作进展"),
            f"截至6月底，已完成或达到序时进度的任务占{done}%，其余任务正在按计划推进。",
            ("h", "存在问题和后续举措"),
            "个别项目受土地、资金等要素制约进度滞后。下一步将实行清单化管理，每月调度，对进度滞后的任务开展专项督查。",
            ("h", "监督方式"),
            "区政府督查室定期督查，督查结果在本网站公开，接受社会监督。",
        ],
    )


GOV_RESPONSES = (
    (2018, 11, "关于网民关注城区集中供暖有关问题的回应", "09",
     "近日有网民关注今冬城区集中供暖开始时间和供暖质量问题。",
     "经与供热企业核实，今冬供暖将于11月15日正式开始，试运行已提前启动。供暖期间设立服务热线，对群众反映的问题24小时内上门处理。"),
    (2020, 2, "关于我区新冠肺炎疫情防控工作有关情况的通报", "0102",
     "为回应社会关切，现将我区疫情防控工作有关情况通报如下。",
     "全区各级各部门严格落实各项防控措施，生活必需品供应充足、价格稳定。请广大群众以官方发布的信息为准，不信谣、不传谣。"),
    (2022, 9, "关于群众关心的农村道路提升工程有关问题的回应", "06",
     "有群众询问本年度农村道路提升工程的实施范围和完工时间。",
     "本年度农村道路提升工程涉及全区6个街道，计划于11月底前全部完工，工程质量接受群众监督。"),
    (2024, 7, "关于网民反映汛期部分路段积水问题的回应", "09",
     "汛期以来，有网民反映城区部分路段降雨后积水。",
     "区住房城乡建设部门已对积水路段进行排查，完成了雨水管网清淤，并在低洼路段增设排水设施。"),
)


def gov_responses(b: Builder) -> None:
    for year, month, title, topic, question, answer in GOV_RESPONSES:
        b.add(
            agency=ROOT,
            title=title,
            column="responses",
            topic=topic,
            published_on=b.day(year, month, 3, 26),
            keywords="回应关切 政务舆情",
            blocks=[question, answer, f"区人民政府办公室　联系电话：{GOV.phone}"],
        )


# -- 区农业农村局 ----------------------------------------------------------------------------------

def land_subsidy(b: Builder, year: int) -> None:
    rate = b.num(118, 135)
    shares = [b.num(5200, 9800) for _ in TOWNS]
    amounts = [round(n * rate / 10000, 2) for n in shares]
    area, total = sum(shares), round(sum(amounts), 2)
    b.add(
        agency="nyj",
        title=f"坊子区{year}年耕地地力保护补贴发放情况公示",
        column="results",
        topic="0501",
        published_on=b.day(year, b.pick((6, 7, 8)), 3, 26),
        keywords="耕地地力保护补贴 惠农补贴",
        blocks=[
            f"根据上级关于做好{year}年耕地地力保护补贴工作的通知要求，现将我区补贴发放情况公示如下。",
            f"全区核定补贴面积{area}亩，补贴标准为每亩{rate}元，补贴资金{total:.2f}万元，"
            "已通过惠农“一卡通”全部发放到户。",
            ("table", ("街道", "补贴面积（亩）", "补贴资金（万元）"), [
                *((t, n, f"{m:.2f}") for t, n, m in zip(TOWNS, shares, amounts, strict=True)),
                ("合计", area, f"{total:.2f}"),
            ]),
            f"各户补贴明细已在各村村务公开栏公示。如有疑问，请向所在街道或区农业农村局咨询，联系电话：{NYJ.phone}。",
        ],
    )


def machinery_subsidy(b: Builder, year: int) -> None:
    units = b.num(180, 520)
    money = b.money(300, 900)
    b.add(
        agency="nyj",
        title=f"坊子区{year}年农机购置补贴资金兑付情况公示",
        column="results",
        topic="0501",
        published_on=b.day(year, b.pick((9, 10, 11)), 3, 24),
        keywords="农机购置补贴",
        blocks=[
            f"{year}年，全区共兑付农机购置补贴资金{money:.2f}万元，补贴机具{units}台（套），"
            "主要为小麦、玉米收获机械，拖拉机及植保无人机等。",
            "补贴资金兑付情况已通过全国农机购置补贴辅助管理系统公开，购机者信息已按规定作隐私处理。",
            f"对公示内容有异议的，可在公示之日起7日内向区农业农村局反映，联系电话：{NYJ.phone}。",
        ],
    )


def machinery_guide(b: Builder) -> None:
    for i, year in enumerate((2017, 2020, 2023)):
        b.add(
            agency="nyj",
            title=f"农机购置补贴申请办事指南（{year}年版）",
            column="services",
            topic="0501",
            published_on=b.day(year, 3, 1, 20),
            validity="valid" if i == 2 else "expired",
            keywords="农机购置补贴 办事指南",
            blocks=[
                ("h", "一、办事依据"),
                f"农业农村部办公厅、财政部办公厅关于农机购置补贴实施的有关规定，《山东省农机购置补贴实施方案》（{year}年）。",
                ("h", "二、申请条件"),
                "从事农业生产的个人和农业生产经营组织，购置列入补贴范围的农机具。",
                ("h", "三、基本流程"),
                "自主购机 → 申请补贴 → 区农业农村局核验机具 → 公示 → 区财政局兑付资金。",
                ("h", "四、申请材料"),
                "补贴申请表、购机发票、身份证明材料（原件核验后退还）。",
                ("h", "五、收费标准和办理时限"),
                "不收取任何费用。自受理之日起15个工作日内完成核验，核验通过的按批次兑付。",
                ("h", "六、咨询电话"),
                f"{NYJ.phone}",
            ],
        )


def inspections(b: Builder, year: int) -> None:
    checked = b.num(12, 36)
    b.add(
        agency="nyj",
        title=f"坊子区农业农村局{year}年“双随机、一公开”抽查结果公示",
        column="management",
        topic="08",
        published_on=b.day(year, b.pick((10, 11, 12)), 3, 20),
        keywords="双随机一公开 抽查结果",
        blocks=[
            f"根据{year}年度“双随机、一公开”抽查计划，区农业农村局对农药、种子、兽药经营单位开展了随机抽查。",
            f"共抽查市场主体{checked}家，检查结果为：未发现问题{checked - b.num(0, 3)}家，其余发现问题的已责令限期整改。",
            "抽查结果已同时在国家企业信用信息公示系统公示。",
        ],
    )


def poverty_funds(b: Builder, year: int) -> None:
    b.add(
        agency="nyj",
        title=f"坊子区{year}年财政专项扶贫资金项目计划完成情况公示",
        column="execution",
        topic="1601",
        published_on=b.day(year, 12, 1, 22),
        keywords="扶贫资金 项目公示",
        blocks=[
            f"根据扶贫资金公告公示制度要求，现将{year}年财政专项扶贫资金项目完成情况公示如下。",
            f"全年安排财政专项扶贫资金{b.money(300, 900):.2f}万元，实施产业扶贫项目{b.num(4, 12)}个，已全部完工并投入使用，"
            "项目收益按规定用于村集体公益事业和帮扶对象增收。",
            f"公示期为10天，监督电话：{NYJ.phone}。",
        ],
    )


def duty_list(b: Builder, agency: str, years: tuple[int, ...]) -> None:
    a = AGENCY_BY_SLUG[agency]
    for i, year in enumerate(years):
        b.add(
            agency=agency,
            title=f"{a.name}权责清单（{year}年版）",
            column="management",
            topic="0101",
            published_on=b.day(year, b.pick((4, 5, 6)), 3, 26),
            validity="valid" if i == len(years) - 1 else "expired",
            keywords="权责清单 清单管理",
            blocks=[
                f"根据区政府关于权责清单动态调整的要求，现将{a.name}{year}年版权责清单予以公布。",
                f"本版清单共列权责事项{b.num(20, 140)}项，其中行政许可{b.num(2, 15)}项、行政处罚{b.num(10, 90)}项、行政检查{b.num(2, 10)}项，"
                "其余为其他行政权力和公共服务事项。",
                "权责清单实行动态管理，因法律法规立改废释和机构职能调整需要变更的，将及时更新并公开。",
            ],
        )


NYJ_RESPONSES = (
    (2019, 9, "关于群众咨询非洲猪瘟防控措施的回应", "0501",
     "近期有养殖户咨询非洲猪瘟防控有关政策和措施。",
     "区农业农村局已组织技术人员深入养殖场户开展防控指导，落实生猪调运监管和无害化处理措施。发现疑似病例的，请立即向当地畜牧兽医站报告。"),
    (2021, 6, "关于网民反映秸秆焚烧问题的答复", "09",
     "网民反映夏收期间个别地块存在秸秆焚烧现象。",
     "区农业农村局会同各街道加强巡查，推广秸秆机械化还田和综合利用，对发现的焚烧行为已依法处理。"),
    (2023, 4, "关于小麦“一喷三防”补助政策的答复", "0501",
     "网民咨询今年小麦“一喷三防”补助政策。",
     "今年全区小麦“一喷三防”实行统防统治，补助资金用于购买药剂和作业服务，农户无需缴纳费用。"),
)


def nyj_responses(b: Builder) -> None:
    for year, month, title, topic, question, answer in NYJ_RESPONSES:
        b.add(
            agency="nyj",
            title=title,
            column="responses",
            topic=topic,
            published_on=b.day(year, month, 3, 26),
            keywords="回应关切",
            blocks=[question, answer, f"区农业农村局　联系电话：{NYJ.phone}"],
        )


# -- 区财政局 -------------------------------------------------------------------------------------

def budget_report(b: Builder, year: int) -> None:
    income = b.num(180, 320) / 10
    b.add(
        agency="czj",
        title=f"关于坊子区{year}年预算执行情况和{year + 1}年预算草案的报告",
        column="budgets",
        topic="0301",
        published_on=b.day(year + 1, 2, 3, 26),
        keywords="预算执行 预算草案",
        blocks=[
            ("h", f"一、{year}年预算执行情况"),
            f"{year}年，全区一般公共预算收入完成{income:.1f}亿元，增长{b.num(20, 90) / 10:.1f}%；"
            f"一般公共预算支出完成{income * b.num(140, 175) / 100:.1f}亿元，其中民生支出占比{b.num(76, 82)}%。",
            f"农林水支出{b.num(25, 45) / 10:.1f}亿元，重点保障了高标准农田建设、耕地地力保护补贴和农村人居环境整治等支出。",
            ("h", f"二、{year + 1}年预算草案"),
            f"{year + 1}年全区一般公共预算收入预期增长{b.num(30, 70) / 10:.1f}%。支出安排坚持保基本民生、保工资、保运转，"
            "继续压减一般性支出，“三公”经费只减不增。",
            ("h", "三、完成预算任务的主要措施"),
            "全面实施预算绩效管理，加强财政资金直达监控，深化预决算公开，自觉接受人大监督和社会监督。",
        ],
    )


def debt(b: Builder, year: int) -> None:
    limit = b.num(600, 900) / 10
    b.add(
        agency="czj",
        title=f"坊子区{year}年政府债务限额及余额情况",
        column="budgets",
        topic="0301",
        published_on=b.day(year + 1, b.pick((3, 4)), 3, 26),
        keywords="政府债务 限额 余额",
        blocks=[
            f"根据地方政府债务信息公开有关规定，现将坊子区{year}年政府债务限额及余额情况公开如下。",
            f"{year}年末，全区政府债务限额{limit:.1f}亿元，债务余额{limit * b.num(88, 98) / 100:.1f}亿元，控制在限额以内。",
            "新增债券资金主要用于农业农村、市政基础设施、社会事业等领域的公益性项目。",
        ],
    )


def farm_subsidies(b: Builder, year: int) -> None:
    b.add(
        agency="czj",
        title=f"坊子区{year}年惠民惠农财政补贴资金发放情况",
        column="results",
        topic="0301",
        published_on=b.day(year, 12, 1, 22),
        keywords="惠民惠农 补贴资金",
        blocks=[
            f"按照惠民惠农财政补贴资金“一卡通”管理要求，现将{year}年补贴资金发放情况公开如下。",
            f"全年通过“一卡通”发放补贴项目{b.num(12, 25)}项，发放资金{b.money(8000, 16000):.2f}万元，惠及群众{b.num(5, 12)}万人次。",
            "补贴政策清单和发放情况已在各村村务公开栏公示，群众可持本人社会保障卡查询到账情况。",
        ],
    )


# -- 区发展和改革局 --------------------------------------------------------------------------------

def plan_report(b: Builder, year: int) -> None:
    b.add(
        agency="fgj",
        title=f"关于坊子区{year}年国民经济和社会发展计划执行情况与{year + 1}年计划草案的报告",
        column="plans",
        topic="02",
        published_on=b.day(year + 1, 2, 3, 26),
        keywords="国民经济和社会发展计划",
        blocks=[
            ("h", f"一、{year}年计划执行情况"),
            f"{year}年，全区地区生产总值增长{b.num(45, 85) / 10:.1f}%，固定资产投资增长{b.num(30, 120) / 10:.1f}%，"
            f"社会消费品零售总额增长{b.num(40, 100) / 10:.1f}%，主要指标完成年度计划。",
            ("h", f"二、{year + 1}年主要预期目标"),
            f"地区生产总值增长{b.num(55, 75) / 10:.1f}%左右，粮食产量稳定，居民收入增长与经济增长基本同步。",
            ("h", "三、主要任务"),
            "扎实推进重点项目建设，加快农业农村现代化，持续保障和改善民生，深化重点领域改革。",
        ],
    )


def key_projects(b: Builder, year: int) -> None:
    names = b.sample((
        "高标准农田建设项目", "现代农业产业园项目", "农村供水管网改造工程", "城区道路改造提升工程",
        "智能制造产业园项目", "冷链物流中心项目", "污水处理厂提标改造工程", "中小学校舍改扩建工程",
    ), 4)
    b.add(
        agency="fgj",
        title=f"坊子区{year}年重点项目名单",
        column="results",
        topic="02",
        published_on=b.day(year, b.pick((3, 4)), 3, 26),
        keywords="重点项目 名单",
        blocks=[
            f"经区政府研究同意，现将坊子区{year}年重点项目名单予以公布。",
            ("table", ("序号", "项目名称", "年度计划投资（亿元）"), [
                (i + 1, f"坊子区{name}", f"{b.num(5, 60) / 10:.1f}") for i, name in enumerate(names)
            ]),
            "重点项目实行动态管理，建设进展情况定期向社会公开。",
        ],
    )


def filing_guide(b: Builder) -> None:
    for i, year in enumerate((2018, 2022)):
        b.add(
            agency="fgj",
            title=f"企业投资项目备案办事指南（{year}年版）",
            column="services",
            topic="02",
            published_on=b.day(year, 5, 3, 26),
            validity="valid" if i == 1 else "expired",
            keywords="项目备案 办事指南",
            blocks=[
                ("h", "一、办事依据"),
                "《企业投资项目核准和备案管理条例》（国务院令第673号）。",
                ("h", "二、基本流程"),
                "企业通过投资项目在线审批监管平台填报备案信息 → 备案机关对信息完整性进行核对 → 出具备案证明。",
                ("h", "三、申请材料"),
                "项目单位基本情况、项目名称、建设地点、建设规模、建设内容、项目总投资额等信息。",
                ("h", "四、收费标准和办理时限"),
                "不收取任何费用。信息齐全的，当场或1个工作日内完成备案。",
                ("h", "五、咨询电话"),
                FGJ.phone,
            ],
        )


def evaluations(b: Builder) -> None:
    b.add(
        agency="fgj",
        title="坊子区“十三五”规划纲要实施情况第三方评估报告（摘要）",
        column="results",
        topic="02",
        published_on=b.day(2021, 1, 10, 28),
        keywords="第三方评估 十三五",
        blocks=[
            "受区发展和改革局委托，第三方评估机构对坊子区“十三五”规划纲要实施情况进行了评估。",
            f"评估显示，规划纲要确定的{b.num(30, 40)}项主要指标中，绝大多数已完成或超额完成，高标准农田建设等约束性指标全部完成。",
            "评估建议：进一步加大农业农村基础设施投入，提高公共服务均等化水平，完善规划实施监测评估机制。",
        ],
    )
    b.add(
        agency="fgj",
        title="坊子区“十四五”规划纲要实施中期评估报告",
        column="results",
        topic="02",
        published_on=b.day(2023, 11, 1, 24),
        keywords="中期评估 十四五",
        blocks=[
            "按照规划实施评估有关规定，区发展和改革局会同第三方评估机构对“十四五”规划纲要实施情况开展了中期评估。",
            "评估认为，规划纲要实施总体顺利，主要指标进展符合预期，粮食综合生产能力稳步提升。",
            "针对评估发现的问题，提出了加快重点项目建设、强化要素保障等对策建议。",
        ],
    )


FGJ_RESPONSES = (
    (2021, 10, "关于群众关心的重点项目建设进展的回应", "02",
     "有网民关注今年区重点项目建设进展情况。",
     "截至9月底，全区重点项目完成年度计划投资的80%以上，项目建设进展情况每季度在本网站公开。"),
    (2025, 5, "关于网民咨询粮食储备有关问题的答复", "07",
     "网民咨询我区地方储备粮的规模和轮换情况。",
     "我区地方储备粮规模按照上级下达的计划落实，实行均衡轮换，储存安全，质量良好。"),
)


def fgj_responses(b: Builder) -> None:
    for year, month, title, topic, question, answer in FGJ_RESPONSES:
        b.add(
            agency="fgj",
            title=title,
            column="responses",
            topic=topic,
            published_on=b.day(year, month, 3, 26),
            keywords="回应关切",
            blocks=[question, answer, f"区发展和改革局　联系电话：{FGJ.phone}"],
        )


def build(b: Builder) -> None:
    for year in range(2016, 2027):
        work_report(b, year)
        land_subsidy(b, year)
    for year in range(2019, 2027):
        gov_decision_list(b, year)
    for year in range(2018, 2027, 2):
        gov_execution(b, year)
        machinery_subsidy(b, year)
    for year in range(2016, 2021):
        poverty_funds(b, year)
    for year in range(2021, 2026):
        inspections(b, year)
    for year in range(2015, 2026):
        budget_report(b, year)
        plan_report(b, year)
    for year in (2019, 2022, 2025):
        debt(b, year)
    for year in (2021, 2023, 2025):
        farm_subsidies(b, year)
    for year in range(2017, 2027):
        key_projects(b, year)
    gov_plans(b)
    gov_responses(b)
    machinery_guide(b)
    duty_list(b, "nyj", (2016, 2019, 2023))
    duty_list(b, "fgj", (2016, 2020, 2024))
    duty_list(b, "czj", (2017, 2021, 2025))
    nyj_responses(b)
    filing_guide(b)
    evaluations(b)
    fgj_responses(b)
