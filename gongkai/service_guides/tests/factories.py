"""Factories for service guides: a guide with every field filled."""

from __future__ import annotations

from gongkai.core.models import User
from gongkai.service_guides import services
from gongkai.service_guides.models import Copy, GuideVersion, ServiceType

FULL = {
    "name": "农业综合开发项目申报受理",
    "service_type": ServiceType.PUBLIC_SERVICE,
    "legal_basis": [{"law": "《农田建设项目管理办法》", "article": "第十二条"}, {"law": "《山东省农田建设项目管理实施细则》", "article": "第八条"}],
    "conditions": "本区内依法登记的农民专业合作社、家庭农场。",
    "steps": [{"title": "申请", "detail": "申请人向窗口提交材料"}, {"title": "受理", "detail": "窗口当场审查"},
              {"title": "审核", "detail": "组织现场核查"}, {"title": "办结", "detail": "出具审核意见"}],
    "fee_free": True,
    "statutory_days": 20,
    "promised_days": 10,
    "location": "坊子区政务服务中心二楼农业窗口",
    "hours": "工作日上午9:00—12:00，下午13:30—17:00",
    "consult_phone": "0536-7601234",
    "complaint_phone": "0536-12345",
    "online_url": "https://zwfw.example.gov.cn/nf/001",
    "faqs": [{"q": "可以网上申报吗？", "a": "可以，在山东政务服务网提交。"}],
}
MATERIALS = [
    {"name": "项目申报书", "copy_kind": Copy.ORIGINAL, "count": 2, "note": "加盖公章"},
    {"name": "营业执照", "copy_kind": Copy.COPY, "count": 1, "note": ""},
]


def guide_draft(editor: User, code: str = "370704-NF-001", **fields) -> GuideVersion:
    data = {**FULL, **fields}
    data.setdefault("materials", MATERIALS)
    return services.guide_create(by=editor, code=code, **data)


def guide_published(editor: User, reviewer: User, signer: User, code: str = "370704-NF-001", **fields) -> GuideVersion:
    version = guide_draft(editor, code, **fields)
    services.guide_submit(version=version, by=editor)
    services.guide_approve(version=version, by=reviewer)
    services.guide_sign(version=version, by=signer)
    version.refresh_from_db()
    return version
