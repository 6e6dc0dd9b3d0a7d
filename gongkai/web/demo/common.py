"""Demo items every agency publishes: annual reports, budgets and final accounts, disclosure guides."""

from __future__ import annotations

import datetime as dt

from .agencies import AGENCY_BY_SLUG
from .base import Builder

DUTIES = {
    "nongfa": "贯彻执行国家、省、市农业综合开发方针政策；编制全区农业综合开发中长期规划和年度实施计划；"
    "负责农业综合开发项目的申报、评审、实施、验收和资金管理；组织开展高标准农田建设和农业产业化发展项目建设。",
    "nyj": "贯彻落实党中央关于“三农”工作的方针政策和决策部署；统筹研究和组织实施全区乡村振兴有关工作；"
    "负责种植业、畜牧业、渔业、农业机械化等农业各产业的监督管理；负责农田建设、耕地质量管理和农业防灾减灾工作。",
    "czj": "贯彻执行财税方针政策和法律法规；拟订全区财政发展规划和政策；编制年度区级预决算草案并组织执行；"
    "负责政府非税收入管理、政府采购监督管理和行政事业单位国有资产管理。",
    "fgj": "拟订并组织实施全区国民经济和社会发展战略、中长期规划和年度计划；统筹协调经济社会发展；"
    "负责固定资产投资综合管理和重大项目建设推进；承担价格管理和粮食物资储备有关工作。",
}

# (basic expenditure range, project expenditure range) in 万元
BUDGET_SCALE = {
    "nongfa": ((150, 260), (220, 680)),
    "nyj": ((900, 1500), (2600, 7800)),
    "czj": ((800, 1300), (400, 1200)),
    "fgj": ((420, 760), (150, 600)),
}

PROJECT_SPENDING = {
    "nongfa": ("高标准农田建设项目前期工作经费", "项目评审及竣工验收经费", "农业综合开发项目管护补助"),
    "nyj": ("耕地地力保护补贴", "动物疫病防控经费", "农机购置补贴配套资金", "农产品质量安全监管经费"),
    "czj": ("预算绩效评价经费", "政府采购监督管理经费", "财政信息化建设运维经费"),
    "fgj": ("重点项目推进经费", "价格监测工作经费", "粮食风险基金"),
}


def budget(b: Builder, agency: str, year: int) -> None:
    a = AGENCY_BY_SLUG[agency]
    (blo, bhi), (plo, phi) = BUDGET_SCALE[agency]
    basic, project = b.money(blo, bhi), b.money(plo, phi)
    personnel = round(basic * b.rng.uniform(0.72, 0.85), 2)
    public = round(basic - personnel, 2)
    total = round(basic + project, 2)
    other = round(b.money(0, total * 0.04), 2) if b.rng.random() < 0.4 else 0.0
    appropriation = round(total - other, 2)
    hospitality, cars = b.money(0.3, 2.5), b.money(0, 6.0) if agency != "nongfa" else 0.0
    three = round(hospitality + cars, 2)
    change = b.money(0.05, 0.9)
    published = b.day(year, 2, 5, 24)
    items = b.sample(PROJECT_SPENDING[agency], 2)
    b.add(
        agency=agency,
        title=f"{a.name}{year}年部门预算公开",
        column="budgets",
        topic="0301",
        published_on=published,
        written_on=published - dt.timedelta(days=b.num(2, 7)),
        keywords="部门预算 三公经费",
        blocks=[
            f"根据《中华人民共和国预算法》和区财政局关于做好部门预算公开工作的要求，现将{a.name}{year}年部门预算公开如下。",
            ("h", "一、部门主要职责"),
            DUTIES[agency],
            ("h", "二、收支预算总体情况"),
            f"{year}年收入预算{total:.2f}万元，其中一般公共预算拨款收入{appropriation:.2f}万元，其他收入{other:.2f}万元。"
            f"支出预算{total:.2f}万元，其中基本支出{basic:.2f}万元，占{basic / total:.1%}；项目支出{project:.2f}万元，占{project / total:.1%}。",
            ("table", ("项目", "金额（万元）"), (
                ("支出合计", f"{total:.2f}"),
                ("基本支出：人员经费", f"{personnel:.2f}"),
                ("基本支出：公用经费", f"{public:.2f}"),
                ("项目支出", f"{project:.2f}"),
            )),
            f"项目支出主要用于{items[0]}、{items[1]}等方面。",
            ("h", "三、“三公”经费预算情况"),
            f"{year}年“三公”经费预算{three:.2f}万元，其中因公出国（境）费0万元，公务接待费{hospitality:.2f}万元，"
            f"公务用车购置及运行维护费{cars:.2f}万元，比上年减少{change:.2f}万元，主要原因是严格落实中央八项规定精神，继续压减一般性支出。",
            ("h", "四、其他重要事项的说明"),
            f"{year}年机关运行经费预算{public:.2f}万元，主要用于办公、印刷、水电、差旅等日常公用开支。"
            f"{year}年政府采购预算{b.money(3, 60):.2f}万元。所有项目支出均已编制绩效目标，纳入预算绩效管理。",
        ],
    )


def final_accounts(b: Builder, agency: str, year: int) -> None:
    """The final accounts (决算) of `year`, published in the summer of the next year."""
    a = AGENCY_BY_SLUG[agency]
    (blo, bhi), (plo, phi) = BUDGET_SCALE[agency]
    basic, project = b.money(blo, bhi), b.money(plo, phi)
    total = round(basic + project, 2)
    carry = b.money(0, total * 0.03)
    income = round(total + carry, 2)
    hospitality, cars = b.money(0.2, 2.2), b.money(0, 5.5) if agency != "nongfa" else 0.0
    published = b.day(year + 1, b.pick((7, 8, 9)), 3, 27)
    b.add(
        agency=agency,
        title=f"{a.name}{year}年度部门决算公开",
        column="budgets",
        topic="0301",
        published_on=published,
        written_on=published - dt.timedelta(days=b.num(3, 10)),
        keywords="部门决算 三公经费",
        blocks=[
            f"根据预算法和区财政局统一部署，现将{a.name}{year}年度部门决算公开如下。",
            ("h", "一、收入支出决算总体情况"),
            f"{year}年度收入总计{income:.2f}万元，支出总计{total:.2f}万元，年末结转和结余{carry:.2f}万元。"
            f"其中基本支出{basic:.2f}万元，项目支出{project:.2f}万元。",
            ("table", ("项目", "决算数（万元）"), (
                ("收入总计", f"{income:.2f}"),
                ("支出总计", f"{total:.2f}"),
                ("其中：基本支出", f"{basic:.2f}"),
                ("其中：项目支出", f"{project:.2f}"),
                ("年末结转和结余", f"{carry:.2f}"),
            )),
            ("h", "二、“三公”经费支出决算情况"),
            f"{year}年度“三公”经费支出{hospitality + cars:.2f}万元，完成预算的{b.rng.uniform(0.62, 0.98):.1%}。"
            f"其中因公出国（境）费0万元；公务接待费{hospitality:.2f}万元，主要用于上级部门检查指导工作的接待；"
            f"公务用车购置及运行维护费{cars:.2f}万元。",
            ("h", "三、预算绩效情况说明"),
            f"本单位对{year}年度全部项目支出开展了绩效自评，项目绩效目标总体完成较好。"
            "下一步将加强预算执行管理，提高财政资金使用效益。",
        ],
    )


def annual_report(b: Builder, agency: str, year: int) -> None:
    """The annual report on government-information disclosure for `year`, published in January of the next."""
    a = AGENCY_BY_SLUG[agency]
    published = b.day(year + 1, 1, 8, 27)
    proactive = b.num(35, 160) if agency != "fangzi" else b.num(300, 900)
    new = b.num(0, 6) if agency != "fangzi" else b.num(8, 40)
    blocks = _report_new(b, a, year, proactive, new) if year >= 2019 else _report_old(b, a, year, proactive, new)
    b.add(
        agency=agency,
        title=f"{a.name}{year}年政府信息公开工作年度报告",
        column="annual-reports",
        topic="0101",
        published_on=published,
        written_on=published - dt.timedelta(days=b.num(1, 6)),
        keywords="政府信息公开 年度报告",
        blocks=blocks,
    )


def _split(b: Builder, total: int, parts: int) -> list[int]:
    cuts = sorted(b.rng.randint(0, total) for _ in range(parts - 1))
    return [hi - lo for lo, hi in zip([0, *cuts], [*cuts, total], strict=True)]


def _report_new(b: Builder, a, year: int, proactive: int, new: int) -> list:
    focus = b.pick((
        "围绕农业农村重点工作深化决策、执行、管理、服务、结果公开",
        "着力加强政策解读和回应关切",
        "持续推进基层政务公开标准化规范化建设",
        "不断提升政府网站和政务新媒体服务能力",
    ))
    # Table 3 per column (natural persons, legal persons): new + carried in = handled + carried out.
    person_new = b.num(0, new)
    columns = []
    for col_new in (person_new, new - person_new):
        carry_in = b.num(0, 1) if col_new and b.rng.random() < 0.3 else 0
        carry_out = b.num(0, 1) if col_new and b.rng.random() < 0.2 else 0
        columns.append((col_new, carry_in, _split(b, col_new + carry_in - carry_out, 6), carry_out))
    labels = ("（一）予以公开", "（二）部分公开", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")
    (pn, pi, pr, po), (ln, li, lr, lo) = columns
    table3 = (
        ("一、本年新收政府信息公开申请数量", pn, ln, pn + ln),
        ("二、上年结转政府信息公开申请数量", pi, li, pi + li),
        *((label, p, q, p + q) for label, p, q in zip(labels, pr, lr, strict=True)),
        ("（七）总计", sum(pr), sum(lr), sum(pr) + sum(lr)),
        ("四、结转下年度继续办理", po, lo, po + lo),
    )
    normative_new = b.num(0, 2)
    review = b.num(0, 1) if new else 0
    return [
        ("h", "一、总体情况"),
        f"{year}年，{a.name}深入贯彻《中华人民共和国政府信息公开条例》，认真落实区委、区政府关于政务公开工作的部署要求，"
        f"坚持以公开为常态、不公开为例外，{focus}，政务公开工作取得新的进展。",
        f"（一）主动公开。全年通过政府网站主动公开政府信息{proactive}条，涉及机构职能、政策文件、财政预决算、"
        "项目建设、公示公告等内容，重要政策文件均同步发布解读材料。",
        f"（二）依申请公开。全年共收到政府信息公开申请{new}件，均在法定期限内办理答复。",
        "（三）政府信息管理。严格执行公开前保密审查制度，落实“先审查、后公开”和“一事一审”要求，"
        "对拟公开信息中的个人信息进行处理，全年未发生泄密和侵犯个人隐私的情况。",
        "（四）平台建设。持续做好政府信息公开专栏的日常维护，及时更新栏目内容，确保信息发布准确、及时。",
        "（五）监督保障。将政务公开工作纳入年度重点工作，明确分管负责同志和具体工作人员，定期开展自查整改。",
        ("h", "二、主动公开政府信息情况"),
        ("table", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), (
            ("规章", 0, 0, 0),
            ("行政规范性文件", normative_new, b.num(0, 1), normative_new + b.num(0, 4)),
        )),
        ("table", ("信息内容", "本年处理决定数量"), (
            ("行政许可", b.num(0, 60) if a.slug in ("nyj", "fgj") else 0),
            ("行政处罚", b.num(0, 25) if a.slug == "nyj" else 0),
            ("行政强制", 0),
        )),
        ("table", ("信息内容", "本年收费金额（单位：万元）"), (("行政事业性收费", 0),)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", ("项目", "自然人", "法人或其他组织", "总计"), table3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", ("类别", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"), (
            ("行政复议", review, 0, 0, 0, review),
            ("行政诉讼（未经复议直接起诉）", 0, 0, 0, 0, 0),
            ("行政诉讼（复议后起诉）", 0, 0, 0, 0, 0),
        )),
        ("h", "五、存在的主要问题及改进情况"),
        b.pick((
            "存在的问题主要是：政策解读形式还比较单一，图解、视频等解读方式运用不多；部分栏目信息更新不够及时。"
            "改进措施：丰富解读形式，提高解读质量；建立栏目更新台账，明确责任人和更新时限。",
            "存在的问题主要是：公开内容的深度和广度仍需拓展，与群众的互动交流还不够。"
            "改进措施：围绕项目建设、资金使用等群众关注事项加大公开力度，及时回应群众关切。",
            "存在的问题主要是：工作人员业务能力有待提升。改进措施：加强政务公开业务培训，"
            "认真学习政府信息公开条例和相关标准目录，提升工作规范化水平。",
        )),
        ("h", "六、其他需要报告的事项"),
        f"本年度未收取信息处理费。{a.name}政务公开工作年度要点落实情况良好，政务公开年度任务均已完成。",
    ]


def _report_old(b: Builder, a, year: int, proactive: int, new: int) -> list:
    return [
        f"本报告根据《中华人民共和国政府信息公开条例》要求，由{a.name}编制。全文包括概述，主动公开政府信息情况，"
        "依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请行政复议、提起行政诉讼的情况，"
        f"存在的主要问题及改进措施。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"如对本报告有疑问，请与{a.name}联系（地址：{a.address}；电话：{a.phone}）。",
        ("h", "一、概述"),
        f"{year}年，{a.name}认真贯彻落实中央、省、市、区关于全面推进政务公开工作的部署，"
        "成立了政务公开工作领导小组，明确了分管负责同志和工作人员，健全了信息发布、保密审查、依申请公开等工作制度。",
        ("h", "二、主动公开政府信息情况"),
        f"全年主动公开政府信息{proactive}条，其中机构职能类{b.num(2, 8)}条，政策文件类{b.num(3, 15)}条，"
        f"财政预决算类{b.num(2, 4)}条，项目建设和公示公告类{b.num(10, 40)}条。",
        ("h", "三、依申请公开政府信息情况"),
        f"全年共受理政府信息公开申请{new}件，均按规定时限予以答复。" if new else "全年未收到政府信息公开申请。",
        ("h", "四、政府信息公开的收费及减免情况"),
        "本年度未收取任何费用。",
        ("h", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"),
        "本年度未发生因政府信息公开申请提起的行政复议和行政诉讼。",
        ("h", "六、存在的主要问题及改进措施"),
        "一是公开内容还不够全面，二是信息更新还不够及时。下一步将进一步完善公开制度，丰富公开内容，"
        "提高信息发布的时效性，更好地满足人民群众的信息需求。",
    ]


GUIDE_VERSIONS = {
    # agency: (version year, month) in order; earlier versions become 失效 when the next is issued
    "fangzi": ((2016, 8), (2019, 6), (2024, 3)),
    "nongfa": ((2016, 7), (2019, 5), (2024, 4)),
    "nyj": ((2016, 9), (2019, 6), (2024, 3)),
    "czj": ((2016, 9), (2019, 6), (2024, 4)),
    "fgj": ((2016, 10), (2019, 7), (2024, 5)),
}


def disclosure_guides(b: Builder, agency: str) -> None:
    a = AGENCY_BY_SLUG[agency]
    versions = GUIDE_VERSIONS[agency]
    for i, (year, month) in enumerate(versions):
        new_rules = year >= 2019
        published = b.day(year, month, 16 if (year, month) == (2019, 5) else 1, 28)
        limit = "20个工作日" if new_rules else "15个工作日"
        fee = (
            "行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
            "可以按照国家规定收取信息处理费。"
            if new_rules
            else "依申请提供政府信息，可以按照规定收取检索、复制、邮寄等成本费用；申请人确有经济困难的，可以减免。"
        )
        b.add(
            agency=agency,
            title=f"{a.name}政府信息公开指南（{year}年修订）" if i else f"{a.name}政府信息公开指南",
            column="guide",
            topic="0101",
            published_on=published,
            written_on=published - dt.timedelta(days=b.num(1, 5)),
            validity="valid" if i == len(versions) - 1 else "expired",
            keywords="政府信息公开 公开指南",
            blocks=[
                f"为更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》"
                f"{'（2019年修订）' if new_rules else ''}，编制本指南。公民、法人和其他组织需要获得{a.name}的政府信息，"
                "可以参阅本指南。本指南每年更新。",
                ("h", "一、主动公开"),
                "（一）公开范围。机构职能、政策文件、规划计划、财政预决算、项目建设、公示公告、"
                "政策解读和回应关切等信息，具体见本机关政府信息公开目录。",
                "（二）公开形式。主要通过政府网站政府信息公开专栏公开，同时通过政务新媒体、新闻发布会、"
                "政务服务大厅等渠道发布，并在区档案馆、区图书馆设置政府信息查阅点。",
                f"（三）公开时限。属于主动公开范围的政府信息，自该信息形成或者变更之日起{limit}内予以公开。",
                ("h", "二、依申请公开"),
                f"（一）受理机构：{a.name}政务公开工作领导小组办公室。地址：{a.address}；"
                f"办公时间：周一至周五上午8:30—12:00，下午13:30—17:30（法定节假日除外）；"
                f"联系电话：{a.phone}；传真：{a.fax}。",
                "（二）申请方式。申请人可以通过当面提交、邮寄、传真或本平台在线申请等方式提出申请。"
                "申请内容应当包括申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，"
                "以及获取信息的方式、途径。",
                f"（三）答复时限。能够当场答复的当场答复；不能当场答复的，自收到申请之日起{limit}内予以答复；"
                f"需要延长答复期限的，经负责人同意并告知申请人，延长期限最长不超过{limit}。",
                f"（四）收费标准。{fee}",
                ("h", "三、监督和救济"),
                "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者"
                "政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
            ],
        )
