"""Policy chains: draft for comment → adoption of comments → normative document → interpretation.

Each chain shows the decision-openness path of the seed plan (D1, R5, P1): the draft and its basis
are published for at least 30 days of comment, the adoption of comments is explained, the adopted
document is published with a district-wide number (坊规〔年〕号) and a validity status, and its
interpretation follows within 3 working days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .agencies import AGENCY_BY_SLUG, ROOT
from .base import Builder, add_workdays, cn_date, workday


@dataclass(frozen=True)
class Policy:
    agency: str
    name: str  # without 《》
    topic: str
    keyword: str
    consult: tuple[int, int] | None  # (year, month) of the call for comments; None: no public draft
    issue: tuple[int, int]  # (year, month) the document is issued
    purpose: str  # 为……
    basis: str  # legal basis, a phrase
    content: str  # main content, one or two sentences
    articles: tuple[str, ...]  # articles after the first (第二条 … ), without numbers
    scope: str
    criteria: str
    term_years: int = 5
    replaces: str | None = None  # name of the policy this one replaces
    changes: str = ""  # differences from the replaced policy
    validity: str | None = None  # forced status (repealed / amended); else from the term
    graphic: bool = False


_NUMERALS = "一二三四五六七八九十"


def _article(n: int) -> str:
    if n <= 10:
        return f"第{_NUMERALS[n - 1]}条"
    return f"第十{_NUMERALS[n - 11]}条"


def _kind(name: str) -> str:
    """What the document calls itself: 本办法, 本规定, 本细则."""
    base = name.replace("（试行）", "")
    return next((k for k in ("规定", "细则") if base.endswith(k)), "办法")


def policy_chain(b: Builder, p: Policy, issued: dict[str, tuple[str, dt.date]]) -> None:
    """Add the chain's items; `issued` maps policy names to (number, date) for later references."""
    a = AGENCY_BY_SLUG[p.agency]
    kind = _kind(p.name)
    decree = (
        "《重大行政决策程序暂行条例》和《坊子区重大行政决策程序规定》"
        if p.consult and p.consult[0] >= 2020
        else "《坊子区重大行政决策程序规定（试行）》（坊政发〔2015〕22号）"
    )
    if p.consult:
        start = b.day(*p.consult, 3, 20)
        end = start + dt.timedelta(days=30)
        b.add(
            agency=p.agency,
            title=f"关于公开征求《{p.name}（征求意见稿）》意见的公告",
            column="decisions",
            topic=p.topic,
            published_on=start,
            keywords=f"征求意见 {p.keyword}",
            blocks=[
                f"为{p.purpose}，{a.name}起草了《{p.name}（征求意见稿）》。根据{decree}有关要求，现将征求意见稿及起草说明"
                "全文公布，向社会公开征求意见。",
                f"征求意见时间：{cn_date(start)}至{cn_date(end)}。",
                f"意见反馈方式：（一）信函：寄至{a.address}{a.name}，并在信封上注明“征求意见”字样；"
                f"（二）传真：{a.fax}；（三）通过本平台“意见征集”栏目在线提交。",
                ("h", "起草说明"),
                f"一、起草依据。{p.basis}。",
                f"二、主要内容。{p.content}",
                "三、公众参与。征求意见期间，将通过座谈会、实地调研等方式听取项目区群众、人大代表、政协委员和有关专家的意见，"
                "并对征求意见稿进行合法性审查。",
            ],
        )
        adopted_on = workday(end + dt.timedelta(days=b.num(5, 14)))
        total = b.num(4, 23)
        taken = b.num(1, max(1, total // 2))
        partly = b.num(0, (total - taken) // 2)
        b.add(
            agency=p.agency,
            title=f"《{p.name}（征求意见稿）》公开征求意见采纳情况的说明",
            column="decisions",
            topic=p.topic,
            published_on=adopted_on,
            keywords=f"意见采纳 {p.keyword}",
            blocks=[
                f"{cn_date(start)}至{cn_date(end)}，{a.name}就《{p.name}（征求意见稿）》向社会公开征求意见，"
                f"共收到意见建议{total}条，其中通过网站提交{b.num(1, total)}条，其余通过信函、座谈会等方式提出。",
                f"经逐条研究，采纳{taken}条，部分采纳{partly}条，未采纳{total - taken - partly}条。",
                "采纳的意见主要涉及：" + b.pick((
                    "进一步明确各方职责分工、细化办理时限；",
                    "增加群众参与监督的有关内容、完善公示程序；",
                    "简化申报材料、优化办理流程；",
                ))[:-1] + "。",
                "未采纳的意见主要是超出本文件调整范围或与上位法规定不一致的内容，已向意见提出人作出说明。",
            ],
        )
        issue_from = adopted_on + dt.timedelta(days=15)
    else:
        issue_from = dt.date(*p.issue, 1)
    issued_on = b.day(*p.issue, 1, 28)
    if issued_on < issue_from:
        issued_on = workday(issue_from + dt.timedelta(days=b.num(0, 10)))
    number = b.norm_number(issued_on.year)
    effective = (issued_on.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    until = effective.replace(year=effective.year + p.term_years) - dt.timedelta(days=1)
    validity = p.validity or ("expired" if until < b.today else "valid")
    addressees = (
        "各街道办事处，区政府各部门、各直属机构："
        if p.agency == ROOT
        else "各街道办事处，区直有关部门、单位："
    )
    articles = [
        f"{_article(1)}　为{p.purpose}，根据{p.basis}，结合本区实际，制定本{kind}。",
        *(f"{_article(i + 2)}　{text}" for i, text in enumerate(p.articles)),
    ]
    if p.replaces and p.replaces in issued:
        old_number, _ = issued[p.replaces]
        tail = f"本{kind}自{cn_date(effective)}起施行，有效期至{cn_date(until)}。《{p.replaces}》（{old_number}）同时废止。"
    else:
        tail = f"本{kind}自{cn_date(effective)}起施行，有效期至{cn_date(until)}。"
    articles.append(f"{_article(len(articles) + 1)}　{tail}")
    b.add(
        agency=p.agency,
        title=f"关于印发《{p.name}》的通知",
        column="normative",
        topic=p.topic,
        published_on=issued_on,
        written_on=issued_on - dt.timedelta(days=b.num(1, 6)),
        doc_number=number,
        validity=validity,
        keywords=f"规范性文件 {p.keyword}",
        time=(9, b.num(0, 59)),
        blocks=[
            addressees,
            f"现将《{p.name}》印发给你们，请结合实际，认真贯彻执行。",
            ("h", p.name),
            *articles,
        ],
    )
    issued[p.name] = (number, issued_on)

    explained_on = add_workdays(issued_on, b.num(0, 2)) if b.rng.random() < 0.8 else issued_on
    if p.replaces and p.replaces in issued:
        diff = f"本{kind}施行后，《{p.replaces}》同时废止。与原办法相比，主要变化：{p.changes}"
    else:
        diff = f"本{kind}为首次制定。"
    b.add(
        agency=p.agency,
        title=f"《{p.name}》政策解读",
        column="interpretations",
        topic=p.topic,
        published_on=explained_on,
        keywords=f"政策解读 {p.keyword}",
        time=(15, b.num(0, 59)),  # after the document it explains, even on the same day
        blocks=[
            f"近日，{a.name}印发了《{p.name}》（{number}）。现就有关内容解读如下。",
            ("h", "一、制定背景和依据"),
            f"为{p.purpose}，依据{p.basis}，制定本{kind}。",
            ("h", "二、主要内容"),
            p.content,
            ("h", "三、适用范围"),
            p.scope,
            ("h", "四、执行口径和注意事项"),
            p.criteria + f"本{kind}自{cn_date(effective)}起施行，有效期至{cn_date(until)}。",
            ("h", "五、新旧政策差异"),
            diff,
            ("h", "六、解读机关及联系方式"),
            f"解读机关：{a.name}；联系电话：{a.phone}。",
        ],
    )
    if p.graphic:
        b.add(
            agency=p.agency,
            title=f"图解：一图读懂《{p.name}》",
            column="interpretations",
            topic=p.topic,
            published_on=explained_on,
            keywords=f"图解 政策解读 {p.keyword}",
            time=(16, b.num(0, 59)),
            blocks=[
                f"【文件名称】《{p.name}》（{number}）",
                f"【为什么制定】为{p.purpose}。",
                f"【主要内容】{p.content}",
                f"【适用范围】{p.scope}",
                f"【何时施行】{cn_date(effective)}起施行，有效期至{cn_date(until)}。",
                f"【咨询电话】{a.phone}",
            ],
        )


_NONGFA_BASIS_OLD = "《国家农业综合开发资金和项目管理办法》（财政部令第84号）及省、市有关规定"
_NONGFA_BASIS_NEW = "《农田建设项目管理办法》（农业农村部令2019年第4号）及省、市有关规定"

POLICIES: tuple[Policy, ...] = (
    Policy(
        agency="nongfa",
        name="坊子区农业综合开发项目资金管理办法",
        topic="0504",
        keyword="项目资金",
        consult=(2017, 3),
        issue=(2017, 5),
        purpose="加强农业综合开发项目资金管理，提高资金使用效益",
        basis=_NONGFA_BASIS_OLD,
        content="办法共五章二十八条，明确了资金使用范围、资金分配与下达、资金拨付与报账、监督检查等内容，"
        "规定项目资金实行专人管理、专账核算、专款专用。",
        articles=(
            "本办法所称农业综合开发项目资金，是指中央、省、市、区各级财政安排用于本区农业综合开发的资金。",
            "项目资金实行专人管理、专账核算、专款专用，实行县级报账制。",
            "项目资金按照工程进度和合同约定拨付，任何单位和个人不得截留、挤占、挪用。",
        ),
        scope="本区范围内使用各级财政农业综合开发资金的项目及其项目实施单位。",
        criteria="项目资金报账时须提供工程进度、监理意见和阶段验收资料；工程质量保证金按合同约定预留。",
        validity="repealed",
    ),
    Policy(
        agency="nongfa",
        name="坊子区农业综合开发项目公示制管理办法",
        topic="0504",
        keyword="项目公示",
        consult=(2018, 4),
        issue=(2018, 6),
        purpose="规范农业综合开发项目公示工作，保障群众的知情权、参与权、表达权和监督权",
        basis="国家和省关于农业综合开发项目和资金公示的有关规定",
        content="办法明确了项目立项、实施、竣工验收三个阶段的公示内容、公示方式和公示时限，"
        "规定公示期不少于5个工作日，并建立了异议处理和反馈机制。",
        articles=(
            "项目公示分为立项公示、实施公示和竣工验收公示。",
            "公示采取政府网站公布和项目区村务公开栏张贴相结合的方式，公示期不少于5个工作日。",
            "公示期间收到异议的，区农业综合开发办公室应当及时调查核实，并向异议人反馈处理结果。",
        ),
        scope="本区实施的农业综合开发土地治理项目和产业化发展项目。",
        criteria="公示内容应当包括项目名称、建设地点、建设内容、投资规模、资金来源和监督电话；涉及个人信息的应当依法处理后公示。",
    ),
    Policy(
        agency="nongfa",
        name="坊子区高标准农田建后管护办法（试行）",
        topic="0504",
        keyword="建后管护",
        consult=(2020, 6),
        issue=(2020, 9),
        purpose="加强高标准农田建后管护，确保工程设施长期发挥效益",
        basis=_NONGFA_BASIS_NEW,
        content="办法按照“谁受益、谁管护，谁使用、谁管护”的原则，明确了管护主体、管护责任、管护经费和考核奖惩。",
        articles=(
            "高标准农田项目竣工验收后，及时办理资产移交手续，明确管护主体。",
            "街道办事处负责本辖区项目工程设施的管护监督，村集体经济组织为具体管护主体。",
            "区财政按照项目建成面积安排管护补助资金，用于工程设施的日常维修养护。",
        ),
        scope="本区已建成的高标准农田项目工程设施，包括灌溉排水、田间道路、农田防护林和农田输配电设施等。",
        criteria="管护补助资金根据年度考核结果拨付，考核不合格的扣减下一年度管护补助。",
        term_years=2,
        validity="amended",
        graphic=True,
    ),
    Policy(
        agency="nongfa",
        name="坊子区农田建设补助资金管理办法",
        topic="0301",
        keyword="补助资金",
        consult=(2022, 2),
        issue=(2022, 5),
        purpose="规范农田建设补助资金管理，提高资金使用的规范性、安全性和有效性",
        basis="《农田建设补助资金管理办法》及省、市有关规定",
        content="办法明确了补助资金的支出范围、分配方式、预算下达、资金拨付和绩效管理，列出了资金支出负面清单。",
        articles=(
            "农田建设补助资金主要用于高标准农田建设和农田建设项目管理。",
            "补助资金不得用于兴建楼堂馆所、弥补预算支出缺口等与农田建设无关的支出。",
            "补助资金实行全过程预算绩效管理，绩效评价结果作为资金分配的重要依据。",
        ),
        scope="中央、省、市、区各级财政安排用于本区农田建设的补助资金。",
        criteria="资金支付实行国库集中支付，项目实施单位应当建立资金台账，按规定公开资金分配和使用情况。",
        replaces="坊子区农业综合开发项目资金管理办法",
        changes="一是资金范围由农业综合开发资金调整为农田建设补助资金；二是增加了全过程预算绩效管理要求；三是明确了资金支出负面清单。",
    ),
    Policy(
        agency="nongfa",
        name="坊子区高标准农田建设项目竣工验收实施细则",
        topic="0504",
        keyword="竣工验收",
        consult=(2023, 6),
        issue=(2023, 9),
        purpose="规范高标准农田建设项目竣工验收工作，保证工程质量",
        basis="《农田建设项目管理办法》和《高标准农田建设 通则》（GB/T 30600）",
        content="细则规定了竣工验收的条件、程序、内容和结论，明确初步验收由区级组织、竣工验收结果向社会公示。",
        articles=(
            "项目完成批复的建设内容，编制完成竣工决算，方可申请竣工验收。",
            "竣工验收采取查阅资料、实地查看、随机抽检相结合的方式进行。",
            "竣工验收结果在政府网站和项目区进行公示，公示期不少于5个工作日。",
        ),
        scope="本区实施的各类高标准农田建设项目。",
        criteria="验收时须对工程量进行实地抽查，抽查比例不低于单项工程数量的30%。",
    ),
    Policy(
        agency="nongfa",
        name="坊子区高标准农田建后管护办法",
        topic="0504",
        keyword="建后管护",
        consult=(2024, 3),
        issue=(2024, 6),
        purpose="进一步加强高标准农田建后管护，巩固建设成果",
        basis=_NONGFA_BASIS_NEW,
        content="办法在试行办法基础上，完善了管护责任体系，建立了管护工作信息化台账和群众监督机制。",
        articles=(
            "建立区、街道、村三级管护责任体系，逐项目明确管护责任人。",
            "管护主体应当建立管护台账，记录设施巡查、维修和使用情况。",
            "在项目区设立管护公示牌，公开管护责任人和监督电话，接受群众监督。",
        ),
        scope="本区已建成的高标准农田项目工程设施。",
        criteria="设施损毁的，管护主体应当在发现后及时修复；因人为原因损毁的，由责任人承担修复费用。",
        replaces="坊子区高标准农田建后管护办法（试行）",
        changes="一是建立区、街道、村三级管护责任体系；二是增加管护台账和公示牌要求；三是完善了考核奖惩办法。",
        graphic=True,
    ),
    Policy(
        agency="nongfa",
        name="坊子区农田建设项目绩效评价办法",
        topic="0504",
        keyword="绩效评价",
        consult=(2025, 7),
        issue=(2025, 10),
        purpose="科学评价农田建设项目实施效果，提高财政资金使用效益",
        basis="预算绩效管理有关规定和《农田建设项目管理办法》",
        content="办法明确了绩效评价的指标体系、评价方式和结果运用，引入第三方评估机构开展评价，评价结果向社会公开。",
        articles=(
            "绩效评价坚持客观公正、注重实效的原则，采取项目单位自评和第三方评价相结合的方式。",
            "评价指标包括项目决策、过程管理、产出和效益四个方面。",
            "绩效评价结果向社会公开，并作为下一年度资金分配的重要依据。",
        ),
        scope="本区使用财政资金实施的农田建设项目。",
        criteria="第三方评估机构通过公开方式选定，评价报告应当在评价完成后20个工作日内公开。",
    ),
    Policy(
        agency="nongfa",
        name="坊子区高标准农田建设项目库管理办法",
        topic="0504",
        keyword="项目库",
        consult=(2026, 7),
        issue=(2026, 10),
        purpose="规范高标准农田建设项目储备管理，提高项目前期工作质量",
        basis="《农田建设项目管理办法》和省、市关于项目库建设的有关规定",
        content="办法明确了项目入库条件、申报程序、动态调整和出库管理，实行“谁申报、谁负责”。",
        articles=(
            "项目库实行分级储备、动态管理，每年集中申报一次。",
            "入库项目应当符合高标准农田建设规划，群众建设意愿强烈，具备实施条件。",
            "入库项目名单在政府网站公开，接受社会监督。",
        ),
        scope="本区拟申报的各类高标准农田建设项目。",
        criteria="连续两年未安排实施的入库项目，应当重新核实建设条件后方可保留。",
    ),
    # 区政府
    Policy(
        agency=ROOT,
        name="坊子区全面推进政务公开工作实施办法",
        topic="0101",
        keyword="政务公开",
        consult=None,
        issue=(2016, 9),
        purpose="全面推进政务公开，保障人民群众的知情权、参与权、表达权和监督权",
        basis="《中华人民共和国政府信息公开条例》和中央、省、市关于全面推进政务公开工作的意见",
        content="办法围绕决策、执行、管理、服务、结果“五公开”，明确了各部门的公开责任、公开内容和工作要求。",
        articles=(
            "各部门应当将政务公开贯穿政务运行全过程，推进决策、执行、管理、服务和结果公开。",
            "各部门应当建立政策解读、回应关切和舆情处置工作机制。",
            "区政府办公室负责全区政务公开工作的组织协调和监督考核。",
        ),
        scope="区政府各部门、各直属机构和各街道办事处。",
        criteria="政务公开工作纳入年度综合考核，考核结果向社会公开。",
    ),
    Policy(
        agency=ROOT,
        name="坊子区加快推进高标准农田建设实施办法",
        topic="0504",
        keyword="高标准农田",
        consult=(2019, 1),
        issue=(2019, 4),
        purpose="加快推进全区高标准农田建设，提升农业综合生产能力",
        basis="国家和省、市关于切实加强高标准农田建设的意见",
        content="实施意见明确了全区高标准农田建设的目标任务、建设标准、资金投入、建后管护和保障措施。",
        articles=(
            "到2022年，全区累计建成高标准农田面积达到规划目标。",
            "统筹整合各类涉农资金，集中投入高标准农田建设。",
            "将高标准农田建设任务完成情况纳入街道年度考核。",
        ),
        scope="全区各街道办事处和区直有关部门。",
        criteria="各街道应当于每年11月底前报送下一年度项目建设计划。",
    ),
    Policy(
        agency=ROOT,
        name="坊子区行政规范性文件制定和监督管理办法",
        topic="0101",
        keyword="规范性文件管理",
        consult=(2021, 6),
        issue=(2021, 9),
        purpose="规范行政规范性文件制定和监督管理，维护法制统一",
        basis="《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》和山东省有关规定",
        content="办法规定行政规范性文件实行统一登记、统一编号、统一公布，明确了有效期制度和清理评估要求。",
        articles=(
            "行政规范性文件实行统一登记、统一编号、统一公布制度。",
            "行政规范性文件有效期一般为5年，名称冠以“暂行”“试行”的，有效期一般为1至2年。",
            "制定机关应当在有效期届满前6个月内开展评估，决定是否继续施行。",
        ),
        scope="区政府及其工作部门、各街道办事处制定的行政规范性文件。",
        criteria="未经合法性审核、集体审议或者未向社会公开发布的，不得作为行政管理的依据。",
        graphic=True,
    ),
    Policy(
        agency=ROOT,
        name="坊子区重大行政决策程序规定",
        topic="0101",
        keyword="重大行政决策",
        consult=(2022, 5),
        issue=(2022, 8),
        purpose="规范重大行政决策程序，提高决策质量和效率",
        basis="《重大行政决策程序暂行条例》（国务院令第713号）",
        content="规定明确了重大行政决策事项目录管理，以及公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序。",
        articles=(
            "区政府每年公布重大行政决策事项目录，并根据实际情况调整。",
            "决策草案征求意见期限一般不少于30日；因情况紧急等原因需要缩短期限的，应当予以说明。",
            "决策草案未经合法性审查或者经审查不合法的，不得提交讨论。",
        ),
        scope="区政府作出的重大行政决策。",
        criteria="合法性审查时间一般不少于7个工作日；决策作出后，应当及时公布决策结果并进行解读。",
    ),
    Policy(
        agency=ROOT,
        name="坊子区扶持村级集体经济发展办法",
        topic="0501",
        keyword="集体经济",
        consult=(2023, 3),
        issue=(2023, 6),
        purpose="发展壮大村级集体经济，增强村级组织服务群众能力",
        basis="中央、省、市关于发展壮大村级集体经济的有关规定",
        content="办法明确了扶持对象、扶持方式、项目管理和收益分配，重点支持村集体发展特色种植、农业社会化服务等产业。",
        articles=(
            "扶持资金采取项目申报、竞争立项的方式分配。",
            "扶持项目形成的资产归村集体所有，收益主要用于村内公益事业。",
            "扶持项目实行公示制，立项和验收结果在村务公开栏公开。",
        ),
        scope="全区各村集体经济组织。",
        criteria="扶持项目原则上当年申报、当年实施，确需跨年度实施的应当报批。",
    ),
    # 区农业农村局
    Policy(
        agency="nyj",
        name="坊子区农业生产救灾资金管理办法",
        topic="1602",
        keyword="救灾资金",
        consult=None,
        issue=(2018, 4),
        purpose="规范农业生产救灾资金管理，及时恢复农业生产",
        basis="《农业生产发展资金管理办法》和省、市有关规定",
        content="办法明确了救灾资金的使用范围、申请程序、分配方式和监督管理。",
        articles=(
            "救灾资金主要用于农作物重大病虫害防控、灾后恢复生产所需物资补助。",
            "街道办事处在灾情发生后及时核实灾情并报送资金申请。",
            "救灾资金的分配结果在政府网站公开。",
        ),
        scope="全区因自然灾害造成农业生产损失的农业经营主体。",
        criteria="灾情核实应当实地查看，资金补助对象和标准应当公示。",
    ),
    Policy(
        agency="nyj",
        name="坊子区耕地地力保护补贴实施办法",
        topic="0501",
        keyword="耕地地力保护补贴",
        consult=(2021, 2),
        issue=(2021, 4),
        purpose="做好耕地地力保护补贴发放工作，调动农民保护耕地的积极性",
        basis="财政部、农业农村部关于耕地地力保护补贴的有关规定",
        content="办法明确了补贴对象、补贴面积核定、补贴标准、发放程序和监督检查。",
        articles=(
            "补贴对象为拥有耕地承包权的种地农民。",
            "补贴面积以二轮承包面积为基础，已改变用途的耕地不予补贴。",
            "补贴资金通过惠农“一卡通”直接发放到户。",
        ),
        scope="全区享受耕地地力保护补贴的农户。",
        criteria="补贴面积和金额在村务公开栏公示不少于7天，公示无异议后发放。",
        graphic=True,
    ),
    Policy(
        agency="nyj",
        name="坊子区动物防疫专项资金管理办法",
        topic="0501",
        keyword="动物防疫",
        consult=(2024, 5),
        issue=(2024, 8),
        purpose="规范动物防疫专项资金管理，提升动物疫病防控能力",
        basis="《中华人民共和国动物防疫法》和动物防疫等补助经费管理有关规定",
        content="办法明确了强制免疫、强制扑杀和养殖环节无害化处理补助的范围、标准和程序。",
        articles=(
            "专项资金用于强制免疫、强制扑杀和养殖环节无害化处理等补助。",
            "补助对象和补助金额按规定公示。",
            "专项资金实行专款专用，年度结束后开展绩效评价。",
        ),
        scope="全区畜禽养殖场户和承担动物防疫工作的单位。",
        criteria="无害化处理补助按照实际处理数量核定，须有处理记录和影像资料。",
    ),
    # 区财政局
    Policy(
        agency="czj",
        name="坊子区财政专项资金管理办法",
        topic="0301",
        keyword="专项资金",
        consult=None,
        issue=(2017, 3),
        purpose="加强财政专项资金管理，提高资金使用效益",
        basis="《中华人民共和国预算法》及省、市财政专项资金管理有关规定",
        content="办法明确了专项资金的设立、分配、使用、绩效评价和监督检查。",
        articles=(
            "专项资金实行目录管理，未列入目录的不得安排。",
            "专项资金分配结果除涉及依法不予公开的内容外，一律向社会公开。",
            "专项资金设立期限一般不超过5年。",
        ),
        scope="区级财政预算安排的各类专项资金。",
        criteria="专项资金应当在预算批准后规定时限内分配下达。",
    ),
    Policy(
        agency="czj",
        name="坊子区全面实施预算绩效管理办法",
        topic="0301",
        keyword="预算绩效",
        consult=(2025, 3),
        issue=(2025, 6),
        purpose="全面实施预算绩效管理，提高财政资源配置效率和使用效益",
        basis="《中共中央 国务院关于全面实施预算绩效管理的意见》及省、市有关规定",
        content="办法建立了事前绩效评估、绩效目标管理、绩效运行监控、绩效评价和结果应用的全过程管理机制。",
        articles=(
            "新增重大政策和项目应当开展事前绩效评估。",
            "预算部门应当对绩效目标实现程度和预算执行进度实行“双监控”。",
            "绩效评价结果与预算安排挂钩，并按规定向社会公开。",
        ),
        scope="区级各预算部门和单位的全部预算资金。",
        criteria="绩效自评覆盖全部项目支出，重点项目绩效评价报告随部门决算一并公开。",
    ),
    # 区发展和改革局
    Policy(
        agency="fgj",
        name="坊子区政府投资项目管理办法",
        topic="02",
        keyword="政府投资",
        consult=(2019, 5),
        issue=(2019, 8),
        purpose="规范政府投资行为，提高政府投资效益",
        basis="《政府投资条例》（国务院令第712号）",
        content="办法明确了政府投资项目的决策、建设实施、监督管理和法律责任。",
        articles=(
            "政府投资资金按项目安排，以直接投资方式为主。",
            "政府投资项目应当编制项目建议书、可行性研究报告和初步设计，按程序报批。",
            "政府投资项目不得由施工单位垫资建设。",
        ),
        scope="在本区使用区级预算安排资金的固定资产投资建设活动。",
        criteria="政府投资年度计划应当明确项目名称、建设内容、投资额和资金来源。",
    ),
    Policy(
        agency="fgj",
        name="坊子区重点项目建设推进办法",
        topic="02",
        keyword="重点项目",
        consult=(2023, 2),
        issue=(2023, 4),
        purpose="加快推进重点项目建设，发挥重点项目对经济发展的支撑作用",
        basis="省、市关于重点项目建设管理的有关规定",
        content="办法明确了重点项目的遴选、调度、服务保障和考核评价。",
        articles=(
            "区重点项目名单每年公布一次，实行动态调整。",
            "建立重点项目建设月调度制度，协调解决项目推进中的问题。",
            "重点项目建设进展情况定期向社会公开。",
        ),
        scope="列入区重点项目名单的建设项目。",
        criteria="重点项目实行“一个项目、一名领导、一个专班”推进机制。",
    ),
)


def policies(b: Builder) -> None:
    issued: dict[str, tuple[str, dt.date]] = {}
    for p in sorted(POLICIES, key=lambda p: p.issue):
        policy_chain(b, p, issued)
