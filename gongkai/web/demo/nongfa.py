"""The office's own series: farmland projects, plans, lists, service guides, responses."""

from __future__ import annotations

import datetime as dt

from .agencies import AGENCY_BY_SLUG, HOURS, OFFICE
from .base import TOWNS, Builder, add_workdays, cn_date

A = AGENCY_BY_SLUG[OFFICE]
CONTACT = f"联系电话：{A.phone}；地址：{A.address}。"

TECHS = ("水肥一体化技术", "测土配方施肥技术", "小麦玉米绿色高产高效技术", "喷灌、滴灌等高效节水灌溉技术", "农作物秸秆还田技术")


def _project_name(year: int) -> str:
    return "农业综合开发高标准农田建设项目" if year <= 2018 else "高标准农田建设项目"


def _basis(year: int) -> str:
    return "《国家农业综合开发资金和项目管理办法》" if year <= 2018 else "《农田建设项目管理办法》"


def farmland_notice(b: Builder, year: int) -> None:
    published = b.day(year, 7 if year == 2016 else b.pick((4, 5, 6)), 5, 26)
    towns = b.sample(TOWNS, 2)
    area = b.num(8, 30) / 10
    invest = round(area * b.num(1350, 2400), 2)
    central = round(invest * b.rng.uniform(0.45, 0.6), 2)
    provincial = round(invest * b.rng.uniform(0.15, 0.25), 2)
    local = round(invest - central - provincial, 2)
    end = add_workdays(published, 5)
    title = (
        f"关于{year}年农业综合开发高标准农田建设项目的公示"
        if year <= 2018
        else f"关于坊子区{year}年高标准农田建设项目的公示"
    )
    b.add(
        agency=OFFICE,
        title=title,
        column="results",
        topic="0504",
        published_on=published,
        keywords="高标准农田 项目公示",
        blocks=[
            f"根据{_basis(year)}和省、市有关要求，经实地踏勘、专家评审，坊子区{year}年{_project_name(year)}已确定，现将有关情况予以公示。",
            f"项目区位于{towns[0]}、{towns[1]}，涉及{b.num(6, 19)}个行政村，建设规模{area:.1f}万亩。项目总投资{invest:.2f}万元，"
            f"其中中央财政资金{central:.2f}万元，省级财政资金{provincial:.2f}万元，市、区财政资金{local:.2f}万元。",
            f"主要建设内容：新打（修）机井{b.num(20, 90)}眼，铺设地下输水管道{b.num(30, 140)}公里，新建、维修生产路{b.num(8, 35)}公里，"
            f"配套变压器{b.num(6, 28)}台，栽植农田防护林{b.num(2, 9) * 1000}株，推广{b.pick(TECHS)}。",
            f"公示期为{cn_date(published)}至{cn_date(end)}。公示期内，对项目有异议的，可以通过来电、来信或来访方式向区农业综合开发办公室反映。"
            + CONTACT,
        ],
    )


def acceptance_notice(b: Builder, year: int) -> None:
    """Acceptance results of the previous year's project."""
    built = year - 1
    published = b.day(year, b.pick((1, 2, 3)), 8, 26)
    checked = published - dt.timedelta(days=b.num(7, 20))
    area = b.num(8, 30) / 10
    done = b.rng.uniform(0.97, 1.0)
    b.add(
        agency=OFFICE,
        title=(
            f"{built}年度农业综合开发土地治理项目竣工验收结果公示"
            if built <= 2018
            else f"坊子区{built}年高标准农田建设项目竣工验收结果公示"
        ),
        column="results",
        topic="0504",
        published_on=published,
        keywords="竣工验收 公示",
        blocks=[
            f"{cn_date(checked)}，区农业综合开发办公室会同区财政局等部门，对坊子区{built}年{_project_name(built)}进行了竣工验收。"
            "现将验收结果公示如下。",
            f"项目建设规模{area:.1f}万亩，完成投资占计划投资的{done:.1%}，工程质量符合设计和规范要求，"
            f"财务管理和资料档案基本规范。经综合评定，验收结论为合格。",
            "验收中发现的少量田间道路路肩未压实、个别井房门窗未安装等问题，已责成施工单位限期整改。",
            f"公示期为5个工作日。对公示内容有异议的，请在公示期内向区农业综合开发办公室反映。{CONTACT}",
        ],
    )


ENTERPRISES = (
    ("坊子区绿源果蔬专业合作社", "设施蔬菜基地改造"),
    ("潍坊丰泽农业发展有限公司", "农产品冷藏保鲜库建设"),
    ("坊子区金穗粮食种植专业合作社", "粮食烘干设备购置"),
    ("潍坊鸿瑞农业科技有限公司", "食用菌生产车间改造"),
    ("坊子区凤鸣生姜专业合作社", "生姜贮藏窖建设"),
    ("潍坊康禾食品有限公司", "农产品初加工生产线升级"),
)


def industrial_projects(b: Builder, year: int) -> None:
    published = b.day(year, 10 if year == 2016 else b.pick((5, 6)), 3, 26)
    chosen = b.sample(ENTERPRISES, 3)
    rows = []
    for name, what in chosen:
        rows.append((name, what, f"{b.num(80, 260)}", f"{b.num(30, 90)}"))
    b.add(
        agency=OFFICE,
        title=f"关于{year}年农业综合开发产业化发展项目拟扶持名单的公示",
        column="results",
        topic="0501",
        published_on=published,
        keywords="产业化发展项目 公示",
        blocks=[
            f"根据《国家农业综合开发资金和项目管理办法》，经项目申报、专家评审和实地考察，确定{year}年农业综合开发产业化发展项目拟扶持名单，现予以公示。",
            ("table", ("项目单位", "建设内容", "总投资（万元）", "财政补助（万元）"), rows),
            f"公示期为{cn_date(published)}至{cn_date(add_workdays(published, 5))}。如有异议，请以书面形式署名向区农业综合开发办公室反映。{CONTACT}",
        ],
    )


TASKS = (
    "高质量完成年度高标准农田建设任务，确保按时竣工、按期验收",
    "扎实做好下一年度项目前期工作，提高项目储备质量",
    "加强项目资金监管，严格执行县级报账制，确保资金安全",
    "落实建后管护责任，确保工程设施长期发挥效益",
    "深化政务公开，及时公开项目立项、实施和验收信息",
    "加强干部队伍建设，提升依法行政和业务工作水平",
    "推进农田建设项目绩效管理，开展项目绩效自评",
    "配合做好项目审计和督查发现问题的整改落实",
)


def work_plan(b: Builder, year: int) -> None:
    published = b.day(year, b.pick((2, 3)), 5, 26)
    tasks = b.sample(TASKS, b.num(3, 5))
    ordinal = "一二三四五"
    b.add(
        agency=OFFICE,
        title=f"坊子区农业综合开发办公室{year}年工作要点",
        column="plans",
        topic="0504",
        published_on=published,
        doc_number=b.doc_number(OFFICE, year),
        keywords="工作要点 年度计划",
        blocks=[
            f"{year}年全区农业综合开发工作的总体要求是：以提高农业综合生产能力为目标，以高标准农田建设为重点，"
            f"计划建设高标准农田{b.num(8, 30) / 10:.1f}万亩，着力做好以下工作。",
            *(f"{ordinal[i]}、{task}。" for i, task in enumerate(tasks)),
        ],
    )


def work_summary(b: Builder, year: int) -> None:
    published = b.day(year + 1, 1, 5, 26)
    b.add(
        agency=OFFICE,
        title=f"坊子区农业综合开发办公室{year}年工作总结",
        column="results",
        topic="0504",
        published_on=published,
        keywords="工作总结",
        blocks=[
            f"{year}年，区农业综合开发办公室在区委、区政府的正确领导下，紧紧围绕年度目标任务，扎实推进各项工作。",
            f"一、项目建设任务全面完成。全年完成高标准农田建设{b.num(8, 30) / 10:.1f}万亩，完成投资{b.num(1500, 6000)}万元，"
            f"新打（修）机井{b.num(20, 90)}眼，铺设地下管道{b.num(30, 140)}公里。",
            "二、资金管理更加规范。严格执行县级报账制和资金公示制，全年未发生违规使用资金问题。",
            f"三、政务公开扎实推进。全年主动公开各类信息{b.num(30, 120)}条，项目立项、实施和验收情况全部向社会公开。",
            f"{year + 1}年，将继续围绕高标准农田建设主线，抓好项目建设、资金管理和建后管护，为乡村振兴提供有力支撑。",
        ],
    )


def openness_plan(b: Builder, year: int) -> None:
    published = b.day(year, b.pick((3, 4)), 5, 26)
    focus = b.sample((
        "做好项目立项、实施、验收全过程公开",
        "落实政策解读与政策文件同步起草、同步审签、同步发布",
        "及时回应群众关于项目建设的咨询和诉求",
        "推进财政预决算和项目资金分配结果公开",
        "规范依申请公开办理工作，严格执行法定时限",
        "加强公开前保密审查，依法保护个人信息",
        "更新完善政府信息公开指南和公开目录",
    ), 3)
    b.add(
        agency=OFFICE,
        title=f"坊子区农业综合开发办公室{year}年政务公开工作要点",
        column="plans",
        topic="0101",
        published_on=published,
        keywords="政务公开 工作要点",
        blocks=[
            f"为深入落实《坊子区农业综合开发办公室关于推进政务公开工作的实施方案》，结合区政府{year}年政务公开工作安排，"
            "制定本工作要点。",
            f"一是{focus[0]}。",
            f"二是{focus[1]}。",
            f"三是{focus[2]}。",
            "各科室要按照职责分工抓好落实，政务公开工作完成情况纳入年度考核。",
        ],
    )


def long_plans(b: Builder) -> None:
    b.add(
        agency=OFFICE,
        title="坊子区农业综合开发“十三五”规划",
        column="plans",
        topic="0504",
        published_on=b.day(2016, 12, 5, 25),
        doc_number=b.doc_number(OFFICE, 2016),
        validity="expired",
        keywords="十三五 规划",
        blocks=[
            "“十三五”时期是全面建成小康社会的决胜阶段，也是推进农业现代化的关键时期。为科学指导全区农业综合开发工作，编制本规划。",
            ("h", "一、发展目标"),
            "到2020年，全区累计改造中低产田、建设高标准农田5万亩以上，项目区粮食综合生产能力明显提高。",
            ("h", "二、重点任务"),
            "以高标准农田建设为重点，集中连片开发，完善农田水利、田间道路和农田防护林体系；扶持农业产业化龙头企业和农民合作社发展。",
            ("h", "三、保障措施"),
            "加强组织领导，完善投入机制，强化资金和项目监管，落实项目公示制和建后管护责任。",
        ],
    )
    b.add(
        agency=OFFICE,
        title="坊子区“十四五”高标准农田建设实施方案",
        column="plans",
        topic="0504",
        published_on=b.day(2021, 6, 5, 25),
        doc_number=b.doc_number(OFFICE, 2021),
        validity="valid",
        keywords="十四五 高标准农田",
        blocks=[
            "为贯彻落实国家和省、市关于高标准农田建设的部署，加快补齐农业基础设施短板，制定本实施方案。",
            "“十四五”期间，全区计划新建高标准农田6万亩、改造提升3万亩，建成后项目区亩均粮食产能提高100公斤以上。",
            "按照“集中连片、整体推进”的原则，优先在粮食生产功能区和永久基本农田保护区内布局项目。",
            "建立健全建设、管护、利用一体化机制，确保建成一片、管好一片、用好一片。",
        ],
    )
    b.add(
        agency=OFFICE,
        title="坊子区高标准农田建设规划（2021—2030年）",
        column="plans",
        topic="0504",
        published_on=b.day(2022, 5, 5, 25),
        validity="valid",
        keywords="高标准农田 建设规划",
        blocks=[
            "本规划依据全国和山东省高标准农田建设规划编制，规划期为2021—2030年，是指导全区高标准农田建设的基本依据。",
            ("h", "一、建设目标"),
            "到2025年累计建成高标准农田15万亩，到2030年累计建成高标准农田18万亩，改造提升已建高标准农田5万亩。",
            ("h", "二、建设布局"),
            "在全区6个街道划分平原井灌区、丘陵旱作区两个建设类型区，因地制宜确定建设内容和标准。",
            ("h", "三、建设内容"),
            "主要包括田块整治、灌溉排水、田间道路、农田防护和生态环境保持、农田输配电、土壤改良等。",
        ],
    )


def decision_list(b: Builder, year: int) -> None:
    published = b.day(year, b.pick((2, 3)), 3, 26)
    items = b.sample((
        ("年度高标准农田建设项目实施方案", "项目科"),
        ("农田建设项目管理制度修订", "综合科"),
        ("高标准农田建后管护考核办法", "项目科"),
        ("农田建设补助资金分配方案", "财务科"),
        ("高标准农田改造提升试点方案", "项目科"),
    ), 2)
    b.add(
        agency=OFFICE,
        title=f"坊子区农业综合开发办公室{year}年度重大行政决策事项目录",
        column="decisions",
        topic="0101",
        published_on=published,
        keywords="重大行政决策 事项目录",
        blocks=[
            f"根据《重大行政决策程序暂行条例》，经研究确定{year}年度重大行政决策事项目录，现予以公布。",
            ("table", ("序号", "决策事项", "承办科室", "计划完成时间"), [
                (i + 1, name, dept, f"{year}年{b.num(6, 11)}月") for i, (name, dept) in enumerate(items)
            ]),
            "目录内事项将严格履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。确需调整的，将及时向社会公布。",
        ],
    )


def progress_report(b: Builder, year: int) -> None:
    published = b.day(year, 10 if year == 2016 else b.pick((7, 8, 9)), 3, 26)
    percent = b.num(45, 85)
    towns = b.sample(TOWNS, 2)
    b.add(
        agency=OFFICE,
        title=f"{year}年高标准农田建设项目实施进展情况",
        column="execution",
        topic="0504",
        published_on=published,
        keywords="项目进展 执行公开",
        blocks=[
            f"按照重大决策执行过程公开的要求，现将{year}年高标准农田建设项目实施进展情况公开如下。",
            ("h", "目标任务"),
            f"建设高标准农田{b.num(8, 30) / 10:.1f}万亩，项目区位于{towns[0]}、{towns[1]}，年底前完成全部建设内容。",
            ("h", "主要措施和实施步骤"),
            "项目实行法人制、招投标制、工程监理制、资金报账制和公示制。4月底前完成招标，5月开工建设，10月底前完成主体工程，12月组织初验。",
            ("h", "责任分工和监督方式"),
            "区农业综合开发办公室负责项目组织实施，项目区街道负责群众协调，监理单位负责工程质量监督；项目区设立公示牌，接受群众监督。",
            ("h", "工作进展"),
            f"截至{cn_date(published - dt.timedelta(days=3))}，项目完成投资占计划的{percent}%，机井、管道等主体工程已基本完工。",
            ("h", "存在问题和后续举措"),
            b.pick((
                "受降雨影响，部分田间道路施工进度滞后。下一步将合理调整施工计划，确保按期完工。",
                "个别地块青苗补偿协调难度较大。下一步将会同街道做好群众工作，保障施工顺利进行。",
                "部分施工单位现场管理不够规范。下一步将加大巡查频次，督促落实质量和安全责任。",
            )),
        ],
    )


def rectification(b: Builder, year: int) -> None:
    published = b.day(year, b.pick((11, 12)), 3, 22)
    found = b.num(3, 9)
    b.add(
        agency=OFFICE,
        title=f"关于{year}年农田建设项目督查发现问题整改落实情况的通报",
        column="execution",
        topic="0103",
        published_on=published,
        doc_number=b.doc_number(OFFICE, year),
        keywords="督查 整改",
        blocks=[
            f"{year}年，区农业综合开发办公室对在建农田建设项目开展了专项督查，共发现问题{found}个，现将整改落实情况通报如下。",
            f"一、已整改{found - 1}个，主要涉及工程资料不齐全、部分井房建设不规范、公示牌内容不完整等问题。",
            "二、正在整改1个，为个别项目区管道试压未完成，已明确整改时限，将于年底前完成。",
            "三、问责情况。对督查中发现的工作不力问题，对相关施工单位进行了约谈，并在履约评价中予以扣分。",
            "下一步，将建立问题整改台账，实行销号管理，坚决防止不作为、慢作为、乱作为。",
        ],
    )


def duty_lists(b: Builder) -> None:
    for i, year in enumerate((2016, 2019, 2022, 2025)):
        published = b.day(year, (11, 6, 3, 5)[i], 3, 26)
        b.add(
            agency=OFFICE,
            title=f"坊子区农业综合开发办公室权责清单（{year}年版）",
            column="management",
            topic="0101",
            published_on=published,
            validity="valid" if year == 2025 else "expired",
            keywords="权责清单 清单管理",
            blocks=[
                f"根据区政府关于权责清单动态调整的要求，经审核确认，现公布{year}年版权责清单。"
                + ("" if i == 0 else f"与上一版相比，调整事项{b.num(1, 5)}项，主要是根据法律法规修改和机构职能调整作出的相应变更。"),
                ("table", ("序号", "事项名称", "事项类型", "实施依据"), (
                    (1, "农田建设项目立项审核", "其他行政权力", "《农田建设项目管理办法》" if year >= 2019 else "《国家农业综合开发资金和项目管理办法》"),
                    (2, "农田建设项目竣工验收", "其他行政权力", "《农田建设项目管理办法》" if year >= 2019 else "《国家农业综合开发资金和项目管理办法》"),
                    (3, "项目资金监督检查", "行政检查", "《中华人民共和国预算法》"),
                )),
                "权责清单实行动态管理，事项发生变化的，将及时在网站更新。",
            ],
        )
    for i, year in enumerate((2016, 2019)):
        published = b.day(year, (8, 7)[i], 3, 26)
        b.add(
            agency=OFFICE,
            title=f"坊子区农业综合开发办公室主要职责和内设机构（{year}年）",
            column="management",
            topic="0101",
            published_on=published,
            validity="expired" if i == 0 else "valid",
            keywords="机构职能 内设机构",
            blocks=[
                "一、主要职责：" + "贯彻执行国家、省、市农业综合开发方针政策；编制全区农业综合开发中长期规划和年度实施计划；"
                "负责农业综合开发项目的申报、评审、实施、验收和资金管理。",
                "二、内设机构：综合科、项目科、财务科。",
                f"三、办公地址：{A.address}；办公电话：{A.phone}；办公时间：{HOURS}。",
            ],
        )


def project_pool(b: Builder, year: int) -> None:
    published = b.day(year, b.pick((10, 11)), 3, 24)
    rows = [(i + 1, f"{town}{year + 1}年高标准农田建设项目", f"{b.num(5, 20) / 10:.1f}") for i, town in enumerate(b.sample(TOWNS, 3))]
    b.add(
        agency=OFFICE,
        title=f"坊子区{year + 1}年度高标准农田建设储备项目名单",
        column="management",
        topic="0504",
        published_on=published,
        keywords="项目库 储备项目",
        blocks=[
            f"经街道申报、实地踏勘和评审论证，确定{year + 1}年度高标准农田建设储备项目{len(rows)}个，现予以公布。",
            ("table", ("序号", "项目名称", "建设规模（万亩）"), rows),
            "入库项目实行动态管理，具备实施条件的优先安排。",
        ],
    )


def application_guide(b: Builder, year: int) -> None:
    published = b.day(year, b.pick((9, 10)), 3, 24)
    target = year + 1
    b.add(
        agency=OFFICE,
        title=f"坊子区{target}年度高标准农田建设项目申报指南",
        column="services",
        topic="0504",
        published_on=published,
        keywords="申报指南 办事指南",
        blocks=[
            f"为做好{target}年度高标准农田建设项目申报工作，现将申报有关事项公布如下。",
            ("h", "一、办事依据"),
            f"{_basis(target)}及省、市年度项目申报通知。",
            ("h", "二、申报条件"),
            "项目区应当相对集中连片，水资源有保障，土地权属清晰，群众建设意愿强烈，街道和村集体承诺落实建后管护责任。",
            ("h", "三、基本流程"),
            "街道申报 → 区农业综合开发办公室组织实地踏勘 → 专家评审 → 结果公示 → 纳入项目库。",
            ("h", "四、申请材料"),
            "项目申报书、项目区现状图、村民代表会议纪要、建后管护承诺书。",
            ("h", "五、收费标准和办理时限"),
            f"不收取任何费用。申报截止时间为{cn_date(published + dt.timedelta(days=b.num(30, 45)))}，评审结果于截止后20个工作日内公布。",
            ("h", "六、咨询电话"),
            f"{A.phone}（工作日上午8:30—12:00，下午13:30—17:30）。",
        ],
    )


def service_catalogue(b: Builder) -> None:
    for i, year in enumerate((2017, 2020, 2023)):
        b.add(
            agency=OFFICE,
            title=f"坊子区农业综合开发办公室公共服务事项目录（{year}年）",
            column="services",
            topic="0101",
            published_on=b.day(year, (3, 4, 5)[i], 3, 26),
            validity="valid" if i == 2 else "expired",
            keywords="公共服务事项 目录",
            blocks=[
                "根据推进服务公开的要求，现将本单位公共服务事项目录予以公布。各事项的办事指南可在“服务公开”栏目查阅。",
                ("table", ("序号", "事项名称", "服务对象", "咨询电话"), (
                    (1, "高标准农田建设项目申报咨询", "街道、村集体经济组织", A.phone),
                    (2, "项目建设政策咨询", "公众", A.phone),
                    (3, "项目公示异议受理", "公众", A.phone),
                    *(((4, "建后管护问题受理", "项目区群众", A.phone),) if year >= 2020 else ()),
                )),
            ],
        )


RESPONSES = (
    (2017, 7, "关于网民反映黄旗堡街道项目区机井出水量不足问题的回复", "0503",
     "网民在区政府网站留言，反映黄旗堡街道项目区部分机井出水量不足，影响浇灌。",
     "经实地核查，所反映的机井因连续干旱导致地下水位下降，出水量有所减少。我办已协调施工单位对2眼机井进行了洗井处理，出水量已恢复正常。"),
    (2018, 11, "关于群众反映王家庄街道项目区生产路损坏问题的回应", "0504",
     "有群众来电反映王家庄街道项目区部分生产路因重型车辆碾压出现损坏。",
     "经核实，损坏路段约300米，尚在工程质保期内。我办已责成施工单位于两周内修复，并在路口设置限载标志。"),
    (2019, 5, "关于农业综合开发机构改革后项目办理渠道的说明", "0101",
     "近期有群众咨询机构改革后农业综合开发项目的申报和咨询渠道。",
     "机构改革期间，项目申报、公示异议和建后管护问题仍可向我办咨询，办公地址和联系电话不变，相关信息将在本网站及时更新。"),
    (2020, 3, "关于疫情防控期间高标准农田建设项目复工情况的回应", "0102",
     "有群众关心疫情防控期间高标准农田建设项目能否按期复工。",
     "在落实疫情防控措施的前提下，我办指导施工单位分批有序复工，目前在建项目已全部复工，预计可按计划完成年度建设任务。"),
    (2021, 8, "关于强降雨后项目区排水设施运行情况的回应", "0503",
     "近日我区出现强降雨天气，有网民关心项目区排水沟渠运行情况。",
     "降雨期间，我办会同街道对项目区排水设施进行了全面巡查，排水沟渠运行正常，对发现的2处淤堵已及时清理。"),
    (2022, 6, "关于网民咨询高标准农田建设项目申报条件的答复", "0504",
     "网民咨询村集体申报高标准农田建设项目需要具备哪些条件。",
     "项目区应当相对集中连片、水资源有保障、土地权属清晰、群众建设意愿强烈，具体可查阅本网站“服务公开”栏目发布的申报指南。"),
    (2023, 10, "关于群众反映坊安街道项目区防护林补植问题的回复", "0502",
     "有群众反映坊安街道项目区部分农田防护林苗木成活率不高。",
     "经核查，部分苗木受夏季干旱影响未能成活。我办已要求施工单位在今冬明春栽植季节按合同约定补植，并加强后期养护。"),
    (2024, 7, "关于项目区灌溉设施管护责任问题的回应", "0504",
     "有群众询问项目区灌溉设施损坏后应当由谁负责维修。",
     "根据《坊子区高标准农田建后管护办法》，项目区灌溉设施由村集体经济组织负责日常管护，损坏的可向村管护责任人或街道反映，我办负责监督检查。"),
    (2025, 4, "关于网民反映九龙街道项目区变压器未通电问题的回复", "0504",
     "网民反映九龙街道项目区新建变压器尚未通电，影响春灌。",
     "经核实，该变压器已完成安装，因供电部门验收手续尚未办结暂未通电。经协调，已于近日完成验收并正常供电。"),
    (2026, 6, "关于群众关心的高标准农田改造提升项目实施范围的回应", "0504",
     "近期有群众询问本年度高标准农田改造提升项目的实施范围。",
     "本年度改造提升项目主要安排在2016年以前建成、设施老化的项目区，具体范围已在本网站“结果公开”栏目公示。"),
)


def responses(b: Builder) -> None:
    for year, month, title, topic, question, answer in RESPONSES:
        b.add(
            agency=OFFICE,
            title=title,
            column="responses",
            topic=topic,
            published_on=b.day(year, month, 3, 26),
            keywords="回应关切",
            blocks=[question, answer, f"感谢您对农田建设工作的关心和支持。如有其他问题，欢迎来电咨询。{CONTACT}"],
        )


RULES = (
    (2016, 8, "坊子区农业综合开发办公室政府信息公开保密审查制度", "保密审查",
     ("拟公开的政府信息，由承办科室提出初审意见，经审核人员保密审查、分管负责同志签发后方可公开。",
      "保密审查重点审查拟公开信息是否属于依法不予公开的范围，对涉及个人信息的内容依法作区分处理。",
      "对是否可以公开难以确定的，依照法律法规和国家有关规定报有关主管部门确定。")),
    (2017, 2, "坊子区农业综合开发办公室新闻发言人制度", "新闻发言人",
     ("本单位主要负责同志为“第一新闻发言人”，分管负责同志为新闻发言人。",
      "遇有重要政策出台和社会关切时，新闻发言人应当及时发布权威信息，接受媒体采访。",
      "新闻发言人发布信息前，应当经过审核把关，确保信息准确。")),
    (2017, 5, "坊子区农业综合开发办公室政务舆情回应工作制度", "政务舆情",
     ("建立政务舆情收集、研判、处置和回应机制，明确专人负责日常舆情监测。",
      "对涉及本单位的政务舆情，一般应当在48小时内予以回应；重大舆情按照有关规定及时报告并回应。",
      "舆情回应情况纳入政务公开工作年度考核。")),
    (2019, 6, "坊子区农业综合开发办公室政府信息依申请公开工作规程", "依申请公开",
     ("依申请公开工作按照登记、审核、办理、答复、归档的程序办理。",
      "收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复。",
      "答复书应当载明答复依据、救济途径和期限，并及时归档备查。")),
)


def openness_rules(b: Builder) -> None:
    for year, month, title, keyword, articles in RULES:
        b.add(
            agency=OFFICE,
            title=title,
            column="guide",
            topic="0101",
            published_on=b.day(year, month, 3, 26),
            validity="valid",
            keywords=f"政务公开 {keyword}",
            blocks=[
                "为落实《坊子区农业综合开发办公室关于推进政务公开工作的实施方案》，规范相关工作，制定本制度。",
                *(f"{'一二三四'[i]}、{text}" for i, text in enumerate(articles)),
                "本制度自印发之日起施行。",
            ],
        )


def build(b: Builder) -> None:
    for year in range(2016, 2027):
        farmland_notice(b, year)
        progress_report(b, year)
    for year in range(2017, 2027):
        acceptance_notice(b, year)
        work_plan(b, year)
    for year in range(2017, 2027, 2):
        openness_plan(b, year)
    for year in range(2018, 2027):
        application_guide(b, year)
    for year in range(2016, 2019):
        industrial_projects(b, year)
    for year in range(2016, 2026):
        work_summary(b, year)
    for year in range(2020, 2027):
        decision_list(b, year)
    for year in range(2017, 2026, 2):
        rectification(b, year)
    for year in range(2020, 2027):
        project_pool(b, year)
    long_plans(b)
    duty_lists(b)
    service_catalogue(b)
    responses(b)
    openness_rules(b)
