"""Realistic Chinese government text for the search benchmark, from jieba's dictionary and the demo vocabulary.

Bodies mix the 20,000 most frequent words of jieba's dictionary (weighted by their frequency, so
the common words are as common as in real text) with the vocabulary of a district agriculture
office's disclosures; titles follow the patterns of real notices, plans and announcements.
Everything is drawn from one seeded random generator, so a run is repeatable.

GOV_TERM_SHARE is calibrated on the demo data (manage.py seed_demo, written after real
documents): there the terms below cover about 12% of the characters of a body, and a term is in
5% of the items on average. The generated bodies are twice as long and come out denser (about
13% of the characters; a term in about a quarter of the items), which errs on the slow side.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The demo site's vocabulary: what a district agriculture office publishes about.
GOV_TERMS = """
农业综合开发 高标准农田 土地治理 产业化经营 财政补助 项目验收 项目申报 资金使用 绩效评价 政务公开
信息公开 依申请公开 主动公开 重大决策 决策公开 执行公开 管理公开 服务公开 结果公开 政策解读
回应关切 预算公开 决算公开 三公经费 政府采购 招标公告 中标公告 农田水利 节水灌溉 小型水利
中低产田改造 生态综合治理 农村基础设施 乡村振兴 农民专业合作社 家庭农场 种植大户 现代农业园区
农业产业化 龙头企业 贷款贴息 财政资金 专项资金 资金拨付 资金分配 审计整改 监督检查 责任追究
安全生产 防汛抗旱 森林防火 动物防疫 农产品质量安全 耕地保护 永久基本农田 土地流转 农村集体
扶贫开发 精准扶贫 脱贫攻坚 就业创业 技能培训 人才引进 营商环境 放管服 一网通办 权力清单
责任清单 行政许可 行政处罚 行政复议 信访工作 人大代表建议 政协委员提案 建议提案办理 规范性文件
合法性审查 公平竞争审查 政府信息 年度报告 工作要点 实施方案 工作总结 通知公告 征求意见
听证会 新闻发布会 舆情回应 专家论证 风险评估 集体讨论决定 坊子区 潍坊市 坊子区人民政府
凤凰街道 九龙街道 黄旗堡街道 坊安街道 坊城街道 王家庄街道 荆山洼街道 项目区 示范区 产业园
""".split()

TYPES = [
    "通知",
    "公告",
    "实施方案",
    "工作方案",
    "意见",
    "办法",
    "规定",
    "报告",
    "总结",
    "公示",
    "通报",
    "批复",
    "决定",
    "函",
]
TITLE_PATTERNS = [
    "关于{a}{b}的{t}",
    "关于印发《{a}{b}{t2}》的通知",
    "{agency}关于{a}工作的{t}",
    "{year}年{a}{b}{t}",
    "关于做好{year}年{a}工作的{t}",
    "{agency}{year}年{a}情况{t3}",
    "关于{a}项目{b}情况的{t}",
    "{a}与{b}{t}",
]
DOC_PREFIXES = [
    "坊政发",
    "坊政办发",
    "坊政字",
    "坊农发",
    "坊农开字",
    "坊财农",
    "坊发改",
    "潍政发",
    "潍农开发",
    "坊办发",
]
FUNCTION_WORDS = [
    "的",
    "了",
    "和",
    "在",
    "对",
    "按照",
    "根据",
    "进一步",
    "加强",
    "做好",
    "全面",
    "推进",
    "落实",
    "认真",
]
GOV_TERM_SHARE = 0.06  # of the words of a body
FUNCTION_WORD_SHARE = 0.08
PUNCTUATION_EVERY = (6, 14)
SENTENCES_PER_PARAGRAPH = (2, 5)


def _load_words() -> tuple[list[str], list[float]]:
    words, weights = [], []
    for line in (HERE / "jieba_words.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word, freq, _tag = line.split(" ")
        words.append(word)
        weights.append(int(freq) ** 0.8)  # flatten the head a little: fewer 是/在 runs
    return words, list(itertools.accumulate(weights))


@dataclass
class Doc:
    title: str
    body: str
    keywords: str
    doc_number: str
    attachment: str


class Corpus:
    def __init__(self, seed: int = 20160624):
        self.rng = random.Random(seed)
        self.words, self.cum = _load_words()
        self.doc_serials: dict[tuple[str, int], int] = {}

    def sentence(self) -> str:
        rng = self.rng
        n = rng.randint(8, 24)
        parts = rng.choices(self.words, cum_weights=self.cum, k=n)
        for i in range(len(parts)):
            r = rng.random()
            if r < GOV_TERM_SHARE:
                parts[i] = rng.choice(GOV_TERMS)
            elif r < GOV_TERM_SHARE + FUNCTION_WORD_SHARE:
                parts[i] = rng.choice(FUNCTION_WORDS)
        out = []
        next_comma = rng.randint(*PUNCTUATION_EVERY)
        for i, w in enumerate(parts, 1):
            out.append(w)
            if i == next_comma and i < n:
                out.append("，")
                next_comma += rng.randint(*PUNCTUATION_EVERY)
        return "".join(out) + rng.choice("。。。。；！")

    def paragraph(self) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(*SENTENCES_PER_PARAGRAPH)))

    def body(self, chars: int) -> list[str]:
        paragraphs, total = [], 0
        while total < chars:
            p = self.paragraph()
            paragraphs.append(p)
            total += len(p)
        return paragraphs

    def doc_number(self, year: int) -> str:
        prefix = self.rng.choice(DOC_PREFIXES)
        serial = self.doc_serials.get((prefix, year), 0) + 1
        self.doc_serials[(prefix, year)] = serial
        return f"{prefix}〔{year}〕{serial}号"

    def doc(self, *, agency: str, year: int) -> Doc:
        rng = self.rng
        a, b = rng.sample(GOV_TERMS, 2)
        title = rng.choice(TITLE_PATTERNS).format(
            a=a,
            b=b,
            t=rng.choice(TYPES),
            t2=rng.choice(["实施方案", "管理办法", "工作方案", "实施细则"]),
            t3=rng.choice(["报告", "总结", "通报"]),
            agency=agency,
            year=year,
        )
        # Government texts run from a short notice to a long plan: 200 to 2,000 characters.
        paragraphs = self.body(int(rng.lognormvariate(6.4, 0.55)) + 150)
        cited = ""
        if rng.random() < 0.15:
            cited = f"根据《{rng.choice(GOV_TERMS)}管理办法》（{self.doc_number(rng.randint(2010, year))}）规定，"
        body = "".join(f"<p>{cited if i == 0 else ''}{p}</p>" for i, p in enumerate(paragraphs))
        keywords = " ".join(rng.sample(GOV_TERMS, 2))
        doc_number = self.doc_number(year) if rng.random() < 0.4 else ""
        attachment = "".join(self.body(1500)) if rng.random() < 0.05 else ""
        return Doc(title, body, keywords, doc_number, attachment)

    def phrase_from(self, text: str, length: int) -> str:
        """A run of `length` CJK characters from a text (for exact-phrase queries)."""
        for _ in range(20):
            start = self.rng.randrange(0, max(1, len(text) - length))
            run = text[start : start + length]
            if len(run) == length and all("\u4e00" <= ch <= "\u9fff" for ch in run):
                return run
        return text[:length]
