"""Demo lists: the office's power list and responsibility list, two published versions each
(the second adjusts the first, so the public diff shows added, removed and changed entries).
List types are created with their typed columns. Idempotent."""

from __future__ import annotations

from django.db import transaction

from gongkai.core.models import User

from . import services
from .models import ColumnKind, ListColumn, ListType, ListVersion, State
from .xlsx import write_rows

OFFICE = "nongfa"

TYPES = (
    ("power", "权力清单", "行政权力事项、设定依据和实施主体", (
        ("code", "事项编码", ColumnKind.TEXT, True, True, ""),
        ("name", "事项名称", ColumnKind.TEXT, True, False, ""),
        ("kind", "权力类型", ColumnKind.CHOICE, True, False, "行政许可、行政处罚、行政强制、行政征收、行政给付、行政检查、行政确认、行政奖励、其他行政权力"),
        ("basis", "设定依据", ColumnKind.TEXT, True, False, ""),
        ("unit", "实施主体", ColumnKind.TEXT, True, False, ""),
        ("days", "承诺时限（工作日）", ColumnKind.INTEGER, False, False, ""),
    )),
    ("responsibility", "责任清单", "主要职责、具体工作事项和追责情形", (
        ("code", "编号", ColumnKind.TEXT, True, True, ""),
        ("duty", "主要职责", ColumnKind.TEXT, True, False, ""),
        ("tasks", "具体工作事项", ColumnKind.TEXT, True, False, ""),
        ("office", "责任科室", ColumnKind.TEXT, True, False, ""),
        ("liability", "追责情形", ColumnKind.TEXT, False, False, ""),
    )),
    ("public-services", "公共服务事项清单", "公共服务事项名称、服务对象和办理时限", (
        ("code", "事项编码", ColumnKind.TEXT, True, True, ""),
        ("name", "事项名称", ColumnKind.TEXT, True, False, ""),
        ("target", "服务对象", ColumnKind.CHOICE, True, False, "自然人、法人、自然人和法人"),
        ("days", "办理时限（工作日）", ColumnKind.INTEGER, False, False, ""),
    )),
)

UNIT = "坊子区农业综合开发办公室"
POWER_V1 = [
    {"code": "NF-QL-001", "name": "农业综合开发项目立项审批", "kind": "行政许可", "basis": "《农田建设项目管理办法》第十二条", "unit": UNIT, "days": "20"},
    {"code": "NF-QL-002", "name": "农业综合开发项目变更审批", "kind": "行政许可", "basis": "《农田建设项目管理办法》第二十条", "unit": UNIT, "days": "20"},
    {"code": "NF-QL-003", "name": "项目竣工验收", "kind": "行政确认", "basis": "《农田建设项目管理办法》第二十五条", "unit": UNIT, "days": "30"},
    {"code": "NF-QL-004", "name": "项目资金使用监督检查", "kind": "行政检查", "basis": "《农田建设补助资金管理办法》第二十二条", "unit": UNIT, "days": ""},
    {"code": "NF-QL-005", "name": "农业产业化经营项目贴息", "kind": "行政给付", "basis": "《农田建设补助资金管理办法》第十五条", "unit": UNIT, "days": "20"},
]
POWER_V2 = [
    {**POWER_V1[0], "days": "15"},
    POWER_V1[1],
    {**POWER_V1[2], "name": "项目竣工验收确认", "days": "20"},
    POWER_V1[3],
    {"code": "NF-QL-006", "name": "高标准农田建设项目质量检查", "kind": "行政检查", "basis": "《山东省高标准农田建设项目管理实施细则》第三十条", "unit": UNIT, "days": ""},
]  # NF-QL-005 moved to the district agriculture bureau
RESP_V1 = [
    {"code": "ZR-01", "duty": "拟订农业综合开发规划和年度计划", "tasks": "编制项目规划；组织年度项目申报", "office": "综合科", "liability": "规划编制严重失误造成损失的"},
    {"code": "ZR-02", "duty": "组织项目实施和监督管理", "tasks": "项目评审、批复、调度和验收", "office": "项目科", "liability": "未按规定组织验收的"},
    {"code": "ZR-03", "duty": "管理项目资金", "tasks": "资金拨付审核；绩效评价", "office": "财务科", "liability": "违规拨付资金的"},
    {"code": "ZR-04", "duty": "推进政务公开", "tasks": "公开项目信息和资金使用情况", "office": "综合科", "liability": "应公开未公开的"},
]
RESP_V2 = [
    RESP_V1[0],
    {**RESP_V1[1], "tasks": "项目评审、批复、调度、验收和管护移交"},
    {**RESP_V1[2], "liability": "违规拨付或截留、挪用资金的"},
    RESP_V1[3],
    {"code": "ZR-05", "duty": "高标准农田建设质量监管", "tasks": "工程质量抽检；问题整改督办", "office": "项目科", "liability": "对质量问题监管不力的"},
]
VERSIONS = {"power": ((POWER_V1, "首次发布"), (POWER_V2, "依据机构职能调整，农业产业化贴息划转区农业农村局；压缩承诺时限")),
            "responsibility": ((RESP_V1, "首次发布"), (RESP_V2, "新增质量监管职责，细化工作事项"))}


def _types() -> dict[str, ListType]:
    result = {}
    for order, (slug, name, description, columns) in enumerate(TYPES):
        list_type, _ = ListType.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "sort_order": order})
        for n, (key, label, kind, required, is_key, choices) in enumerate(columns):
            ListColumn.objects.get_or_create(
                list_type=list_type, key=key,
                defaults={"label": label, "kind": kind, "required": required, "is_key": is_key, "choices": choices, "sort_order": n},
            )
        result[slug] = list_type
    return result


def seed(*, verbose: bool, stdout) -> None:
    types = _types()
    try:
        editor, reviewer, signer = (User.objects.get(username=f"{OFFICE}_{r}") for r in ("editor", "reviewer", "signer"))
    except User.DoesNotExist:
        return
    created = 0
    with transaction.atomic():
        for slug, versions in VERSIONS.items():
            list_type = types[slug]
            done = ListVersion.objects.filter(list_type=list_type, agency_id=editor.agency_id, state__in=[State.PUBLISHED, State.SUPERSEDED]).count()
            for rows, note in versions[done:]:
                data = write_rows(list_type.name, list(list_type.columns.all()), rows)
                version = services.version_import(by=editor, list_type=list_type, data=data, source_name=f"{list_type.name}.xlsx", change_note=note)
                services.version_submit(version=version, by=editor)
                services.version_approve(version=version, by=reviewer)
                services.version_sign(version=version, by=signer)
                created += 1
    if verbose and created:
        stdout.write(f"清单：发布 {created} 个版本（权力清单、责任清单各两版）。\n")
