"""Items of the office in every workflow state, so the staff workspace has something to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .base import TZ


@dataclass(frozen=True)
class WorkspaceSpec:
    state: str  # draft, screening_hit, submitted, reviewed, scheduled, revised, withdrawn
    title: str
    column: str
    topic: str
    paragraphs: tuple[str, ...]
    keywords: str = ""
    doc_number: str = ""
    published_at: dt.datetime | None = None  # for revised / withdrawn: when version 1 went online
    revised_at: dt.datetime | None = None  # for revised: when version 2 went online
    change_note: str = ""
    revised_paragraphs: tuple[str, ...] = ()
    reason: str = ""  # withdrawal reason, shown publicly


def _at(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


WORKSPACE: tuple[WorkspaceSpec, ...] = (
    WorkspaceSpec(
        state="draft",
        title="关于做好2027年度高标准农田建设项目前期工作的通知",
        column="execution",
        topic="0504",
        keywords="项目前期工作",
        paragraphs=(
            "各街道办事处：",
            "为加快推进2027年度高标准农田建设项目前期工作，确保项目按时开工，现将有关事项通知如下。",
            "一、请于12月底前完成项目区实地踏勘和群众意愿调查，并报送项目区现状图。",
            "二、请落实项目区建后管护主体，签订管护承诺书。",
        ),
    ),
    WorkspaceSpec(
        state="draft",
        title="坊子区农业综合开发办公室2026年政府信息公开工作年度报告",
        column="annual-reports",
        topic="0101",
        keywords="政府信息公开 年度报告",
        paragraphs=(
            "一、总体情况（待补充全年数据）",
            "2026年，坊子区农业综合开发办公室认真贯彻《中华人民共和国政府信息公开条例》，持续推进决策、执行、管理、服务、结果公开。",
            "二、主动公开政府信息情况（待统计）",
        ),
    ),
    WorkspaceSpec(
        state="screening_hit",
        title="关于召开项目区群众代表座谈会的通知",
        column="decisions",
        topic="0504",
        keywords="座谈会 公众参与",
        paragraphs=(
            "为听取项目区群众对2027年度高标准农田建设项目的意见建议，定于12月10日召开项目区群众代表座谈会。",
            # Planted on purpose: the confidentiality scan must stop this draft (a mobile number and a
            # secrecy mark), so the workspace can show its hit list. Never published.
            "会务联系人：项目科王同志，手机13800138000。会议材料为内部资料，会后收回。",
        ),
    ),
    WorkspaceSpec(
        state="submitted",
        title="关于开展2026年高标准农田建设项目初步验收的通知",
        column="execution",
        topic="0504",
        keywords="初步验收",
        paragraphs=(
            "各项目实施单位：",
            "2026年高标准农田建设项目主体工程已基本完工。经研究，定于12月中旬开展项目初步验收。",
            "请各施工单位于12月8日前完成工程资料整理，监理单位出具质量评估报告。",
        ),
    ),
    WorkspaceSpec(
        state="reviewed",
        title="坊子区2027年度高标准农田建设储备项目名单（第二批）",
        column="management",
        topic="0504",
        keywords="储备项目 项目库",
        paragraphs=(
            "经街道申报、实地踏勘和评审论证，确定第二批2027年度高标准农田建设储备项目2个，现予以公布。",
            "一、坊安街道2027年高标准农田建设项目，建设规模0.8万亩。",
            "二、九龙街道2027年高标准农田建设项目，建设规模0.6万亩。",
        ),
    ),
    WorkspaceSpec(
        state="scheduled",
        title="坊子区2026年度高标准农田建后管护工作考核结果",
        column="results",
        topic="0504",
        keywords="建后管护 考核结果",
        paragraphs=(
            "根据《坊子区高标准农田建后管护办法》，区农业综合开发办公室对各街道2026年度建后管护工作进行了考核。",
            "考核结果：凤凰街道、坊安街道、九龙街道为优秀，其余街道为合格。",
            "考核结果将作为2027年度管护补助资金分配的依据。",
        ),
    ),
    WorkspaceSpec(
        state="revised",
        title="关于坊子区2025年高标准农田建设项目调整情况的说明",
        column="results",
        topic="0504",
        keywords="项目调整",
        published_at=_at(2025, 9, 15, 10, 20),
        revised_at=_at(2025, 9, 22, 15, 5),
        change_note="更正项目区涉及的行政村数量（由12个更正为11个）。",
        paragraphs=(
            "因项目区内部分地块纳入城镇开发边界，经报上级主管部门同意，对坊子区2025年高标准农田建设项目进行调整。",
            "调整后，项目区涉及王家庄街道、黄旗堡街道12个行政村，建设规模1.5万亩，总投资不变。",
        ),
        revised_paragraphs=(
            "因项目区内部分地块纳入城镇开发边界，经报上级主管部门同意，对坊子区2025年高标准农田建设项目进行调整。",
            "调整后，项目区涉及王家庄街道、黄旗堡街道11个行政村，建设规模1.5万亩，总投资不变。",
        ),
    ),
    WorkspaceSpec(
        state="withdrawn",
        title="关于2025年高标准农田建设项目施工单位中标结果的公示",
        column="results",
        topic="0504",
        keywords="中标结果 公示",
        published_at=_at(2025, 5, 20, 16, 40),
        reason="公示中施工标段划分与招标文件不一致，本公示撤回，核实后重新发布。",
        paragraphs=(
            "坊子区2025年高标准农田建设项目施工招标已完成评标，现将中标结果公示如下。",
            "第一标段、第二标段中标单位及中标价详见招标公告平台。公示期为3日。",
        ),
    ),
)
