"""The seed document: the office's 2016 plan for open government, as the first published item.

RAW is the plan exactly as text extraction gave it (from /work/shared/seed/000_2d87c250d4ffc89d.txt,
from the title up to the point where the archived copy breaks off; the hosting site's lines before
and after it are not part of the plan and are not kept). Each string below is one line of the
original page, so the spaces PDF extraction left at line ends are still visible.

`paragraphs()` rebuilds readable paragraphs from it:

* every space is an extraction artefact (line ends, stray gaps between characters), so all go;
* half-width "," "(" ")" and "[" "]" of the extraction become the full-width forms of the original
  typesetting (，（）〔〕);
* two characters the extraction misread are corrected: "广《之" → "广泛", "特另U" → "特别";
* the text is cut at the plan's headings (一、 …, （一） …) and at the lead sentences with which its
  paragraphs start (the original's paragraph breaks were lost with the line breaks);
* the sentence cut off in the archived copy ("…确保不失声、不缺位,") ends with "。"; the archived
  copy itself stops mid-sentence ("积极为媒体采访提供"), which is marked with "……" rather than
  completed with words the source does not have.

`paragraphs()` checks that the paragraphs put together again are exactly the cleaned text, so no
word of the plan is lost or added by the splitting.
"""

from __future__ import annotations

import datetime as dt
import html
import re

TITLE = "坊子区农业综合开发办公室关于推进政务公开工作的实施方案"
DOC_NUMBER = "坊农发〔2016〕5号"
WRITTEN_ON = dt.date(2016, 6, 20)
PUBLISHED_ON = dt.date(2016, 6, 24)
KEYWORDS = "政务公开 实施方案"
COLUMN = "guide"  # 公开指南: the office's own rules for openness
TOPIC = "0101"  # 综合政务/政务公开

RAW = (
    '坊子区农业综合开发办公室 '
    '关于推进政务公开工作的实施方案 '
    '为认真落实中央、省、市、区关于全面推进政务公开工 '
    '作的文件精神,大力推进决策公开、执行公开、管理公开、 '
    '服务公开和结果公开,确保权力在阳光下运行,保障人民群 '
    '众的知情权、参与权、表达权、监督权,结合我单位实际, '
    '现制定如下实施方案。 '
    '一、推进政务运行全过程公开 '
    '(一)推进决策公开 '
    '实行重大决策预公开制度。对涉及群众切身利益、需 '
    '要社会广泛知晓的重要改革方案、重大政策措施,除依法应 '
    '当保密的外,在决策前通过网站等向社会公布决策草案和依 '
    '据,采取听证座谈、调查研究、咨询协商等方式广泛听取公 '
    '众意见。决策做出后,在网站及时公开相关文件。 '
    '实行重大决策合法性审查制度。认真执行《坊子区重 '
    '大行政决策程序规定(试行)》(坊政发 '
    '[2015]22号),把 '
    '公众参与、专家论证、风险评估作为重大行政决策合法性审 '
    '查的必要条件。 '
    '健全行政决策多方参与机制。探索建立利益相关方、 '
    '人大代表、政协委员、公众代表、专家学者列席的会议制度, '
    '鼓励和引导社会各界参与议题研究讨论,增强决策透明度和 '
    '科学性。 '
    '推行重大民生决策民意调查制度。对农业综合开发领 '
    '域的重大民生决策事项,建立民意调查制度,引导公众广《之 '
    '参与政策制定工作,及时准确充分回应社会各方特别是利益 '
    '相关方的关切。 '
    '(二) '
    '推进执行公开 '
    '推动重大决策执行过程公开。对重要改革任务、重大 '
    '政策措施等决策部署, '
    '要将目标任务、主要措施、实施步骤、 '
    '责任分工、监督方式和工作进展、存在问题、后续举措等向 '
    '社会公开,接受公众监督,促进决策落实。 '
    '健全重大决策督查情况公开机制。加大重大决策部署 '
    '督查情况公开力度,主动公开督查发现的突出问题及整改落 '
    '实情况,以及对不作为、慢作为、乱作为的问责情况,进一 '
    '步强化决策执行力。 '
    '(三) '
    '推进管理公开 '
    '健全清单管理制度。各类清单目录发生变化后,在网站 '
    '及时更新,方便公众获取和监督。 '
    '(四) '
    '推进服务公开 '
    '编制公开公共服务事项清单。编制公开公共服务事项 '
    '目录和服务指南,通过网站、政务服务大厅等渠道,公开服 '
    '务事项名称、办事依据、基本流程、申请材料、收费标准、 '
    '办理时限、咨询电话等。 '
    '(五)推进结果公开 '
    '推进重大决策落实结果公开。按要求公开上级重大决 '
    '策部署落实情况,主动公开区政府工作报告、 '
    '政府决定事项、 '
    '重要民生举措等落实结果。 '
    '及时公开国民经济和社会发展“十 '
    '三五”规划纲要与年度发展目标落实结果。 '
    '建立健全重大决策跟踪反馈和评估制度。引入第三方 '
    '评估机构,及时跟进重大决策执行情况,科学评估决策落实 '
    '效果,并公开评估调查结果。 '
    '深化重点领域信息公开。进一步深化财政预决算等方 '
    '面的信息公开。 '
    '建立规范性文件相对集中公开机制。对涉及公民、法 '
    '人或其他组织权利义务的规范性文件,要按照政府信息公开 '
    '要求和程序予以公布。 '
    '二、扩大政务参与回应社会关切 '
    '(一)强化政策解读 '
    '将政策解读与政策制定同步考虑和安排,推动政策解 '
    '读制度化。重大政策出台前,要将文件和解读方案一并报批, '
    '相关解读材料应于文件公布后 '
    '3个工作日内主动发布,重点 '
    '解读政策的背景依据、宗旨任务、主要内容、涉及范围、执 '
    '行口径、注意事项以及新旧政策差异等,使公众更好地掌握 '
    '和落实政策。 '
    '抓好政策解读宣传宣讲。充分发挥政策参与制定者、 '
    '专家学者和新闻媒体的作用,提高政策解读的针对性、科学 '
    '性、权威性。采取新闻发布、政策吹风、安排访谈、发表文 '
    '章等多种方式,特另U是通过权威平台做好重要政策的发布和 '
    '解读工作。领导干部要带头宣讲政策,出台重要政策和遇有 '
    '重要社会关切时,主要负责同志要当好“第一新闻发言人”, '
    '带头接受媒体采访,表明立场态度,发出权威声音。 '
    '(二) '
    '加强政民互动 '
    '扩大公众参与。围绕重点工作、重要政策制定和社会 '
    '关注热点问题等,通过多种方式扩大公众参与渠道和范围, '
    '把人民群众的期盼融入决策和工作之中。 '
    '建立健全公众诉求反馈机制。创新建言建议收集、办 '
    '理和反馈办法,及时公开公众意见建议采纳情况。 '
    '(三) '
    '积极回应社会关切 '
    '健全政务舆情工作机制。建立政务舆情收集、处置和 '
    '回应体制,实行分级联动。及时掌握各方关切,加强舆情综 '
    '合研判。 '
    '加强重大政务舆情回应工作。对突发事件和媒体关切 '
    '的热点问题等,要落实责任、快速反应,按程序及时发布权 '
    '威信息,讲清事实真相、政策措施以及处置结果等,提升政 '
    '府公信力、增强社会凝聚力。特别重大或重大突发事件发生 '
    '后,应在24小时内举行新闻发布会,确保不失声、不缺位, '
    '三、优化融合政务公开渠道 '
    '对重要会议活动、重大决策部署等信息,要统筹运用传 '
    '统媒体、网络平台、新媒体做好发布、解读、回应工作。加 '
    '强与新闻媒体的沟通联系,充分发挥新闻媒体发布信息、解 '
    '读政策、引领舆论、澄清事实、推动工作的积极作用。畅通 '
    '媒体采访渠道,积极为媒体采访提供'
)

_TITLE_LINES = "坊子区农业综合开发办公室关于推进政务公开工作的实施方案"

# (level, text): level 2 = 一、…, level 3 = （一）…
HEADINGS = (
    (2, "一、推进政务运行全过程公开"),
    (3, "（一）推进决策公开"),
    (3, "（二）推进执行公开"),
    (3, "（三）推进管理公开"),
    (3, "（四）推进服务公开"),
    (3, "（五）推进结果公开"),
    (2, "二、扩大政务参与回应社会关切"),
    (3, "（一）强化政策解读"),
    (3, "（二）加强政民互动"),
    (3, "（三）积极回应社会关切"),
    (2, "三、优化融合政务公开渠道"),
)

# The opening words of each body paragraph, in order.
PARAGRAPH_STARTS = (
    "为认真落实中央",
    "实行重大决策预公开制度。",
    "实行重大决策合法性审查制度。",
    "健全行政决策多方参与机制。",
    "推行重大民生决策民意调查制度。",
    "推动重大决策执行过程公开。",
    "健全重大决策督查情况公开机制。",
    "健全清单管理制度。",
    "编制公开公共服务事项清单。",
    "推进重大决策落实结果公开。",
    "及时公开国民经济和社会发展",
    "建立健全重大决策跟踪反馈和评估制度。",
    "深化重点领域信息公开。",
    "建立规范性文件相对集中公开机制。",
    "将政策解读与政策制定同步考虑和安排",
    "抓好政策解读宣传宣讲。",
    "扩大公众参与。",
    "建立健全公众诉求反馈机制。",
    "健全政务舆情工作机制。",
    "加强重大政务舆情回应工作。",
    "对重要会议活动",
)

_FIXES = (
    ("广《之", "广泛"),
    ("特另U", "特别"),
    (",", "，"),
    ("(", "（"),
    (")", "）"),
    ("[", "〔"),
    ("]", "〕"),
)


def cleaned_text() -> str:
    """The plan's text without its title, every extraction artefact removed, as one string."""
    text = re.sub(r"\s+", "", RAW)
    if not text.startswith(_TITLE_LINES):
        raise ValueError("the seed text does not start with the plan's title")
    text = text[len(_TITLE_LINES) :]
    for old, new in _FIXES:
        text = text.replace(old, new)
    return text


def paragraphs() -> list[tuple[int, str]]:
    """(level, text) blocks: 2 and 3 for headings, 0 for body paragraphs, in the plan's order."""
    text = cleaned_text()
    markers = [(text.index(h), level, h) for level, h in HEADINGS]
    markers += [(text.index(p), 0, p) for p in PARAGRAPH_STARTS]
    markers.sort()
    if markers[0][0] != 0:
        raise ValueError("the plan does not start with a known paragraph")
    blocks: list[tuple[int, str]] = []
    for i, (start, level, marker) in enumerate(markers):
        end = markers[i + 1][0] if i + 1 < len(markers) else len(text)
        block = text[start:end]
        if level and block != marker:
            raise ValueError(f"heading {marker!r} is not followed by a paragraph start")
        blocks.append((level, block))
    if "".join(b for _, b in blocks) != text:
        raise ValueError("splitting the plan lost or added text")
    # Punctuation at the two places where the archived copy is broken (see the module docstring).
    out = []
    for level, block in blocks:
        if level == 0 and block.endswith("，"):
            block = block[:-1] + "。"
        out.append((level, block))
    if not out[-1][1].endswith("。"):
        out[-1] = (out[-1][0], out[-1][1] + "……")
    return out


def body_html() -> str:
    parts = []
    for level, block in paragraphs():
        tag = {2: "h2", 3: "h3"}.get(level, "p")
        parts.append(f"<{tag}>{html.escape(block)}</{tag}>")
    return "".join(parts)


def summary() -> str:
    return "结合本单位实际，从政务运行全过程公开、扩大政务参与回应社会关切、优化融合政务公开渠道三个方面推进政务公开工作的实施方案。"
