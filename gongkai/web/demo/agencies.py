"""Demo agencies and their staff (fictional people; the offices' landlines are invented too)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.credit_code import make_credit_code

# 11 = 机关 (registration authority 1: 机构编制, type 1: 机关); 370704 = 山东省潍坊市坊子区.
CREDIT_PREFIX = "11370704"

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code(first8: str) -> str:
    """A 9-character organisation code (GB 11714): 8 digits and their check character."""
    total = sum(int(ch, 36) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return first8 + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(org8: str) -> str:
    """The unified social credit code of a Fangzi district body with the given organisation code."""
    return make_credit_code(CREDIT_PREFIX + org_code(org8))


HOURS = "周一至周五 上午8:30—12:00，下午13:30—17:30（法定节假日除外）"


@dataclass(frozen=True)
class AgencySpec:
    slug: str
    name: str
    short_name: str
    org8: str
    address: str
    phone: str
    fax: str
    email: str
    parent: str | None
    sort_order: int
    doc_prefix: str  # 发文字号 prefix, e.g. 坊农发

    @property
    def credit_code(self) -> str:
        return credit_code(self.org8)


ROOT = "fangzi"
OFFICE = "nongfa"

AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        slug=ROOT,
        name="潍坊市坊子区人民政府",
        short_name="区政府",
        org8="00440001",
        address="山东省潍坊市坊子区崇文街1号",
        phone="0536-7612001",
        fax="0536-7612002",
        email="zwgk@fangzi.gov.cn",
        parent=None,
        sort_order=0,
        doc_prefix="坊政发",
    ),
    AgencySpec(
        slug=OFFICE,
        name="坊子区农业综合开发办公室",
        short_name="区农发办",
        org8="00440215",
        address="山东省潍坊市坊子区凤凰街道北海南路1566号",
        phone="0536-7653216",
        fax="0536-7653218",
        email="fznfb@fangzi.gov.cn",
        parent=ROOT,
        sort_order=1,
        doc_prefix="坊农发",
    ),
    AgencySpec(
        slug="nyj",
        name="坊子区农业农村局",
        short_name="区农业农村局",
        org8="00440107",
        address="山东省潍坊市坊子区凤凰街道北海南路1568号",
        phone="0536-7653101",
        fax="0536-7653105",
        email="fznyj@fangzi.gov.cn",
        parent=ROOT,
        sort_order=2,
        doc_prefix="坊农字",
    ),
    AgencySpec(
        slug="czj",
        name="坊子区财政局",
        short_name="区财政局",
        org8="00440036",
        address="山东省潍坊市坊子区崇文街9号",
        phone="0536-7612321",
        fax="0536-7612325",
        email="fzczj@fangzi.gov.cn",
        parent=ROOT,
        sort_order=3,
        doc_prefix="坊财字",
    ),
    AgencySpec(
        slug="fgj",
        name="坊子区发展和改革局",
        short_name="区发展改革局",
        org8="00440028",
        address="山东省潍坊市坊子区崇文街7号",
        phone="0536-7612218",
        fax="0536-7612219",
        email="fzfgj@fangzi.gov.cn",
        parent=ROOT,
        sort_order=4,
        doc_prefix="坊发改字",
    ),
)

AGENCY_BY_SLUG = {a.slug: a for a in AGENCIES}

# Staff: (username suffix, roles, display name) per agency slug. Names are invented.
ROLE_SUFFIXES = (
    ("editor", ("editor",)),
    ("reviewer", ("reviewer",)),
    ("signer", ("signer",)),
    ("admin", ("agency_admin",)),
    ("spokesperson", ("spokesperson",)),
    ("moderator", ("moderator",)),
    ("handler", ("handler",)),
    ("request_handler", ("request_handler",)),
)

# The district's open-government office reads every agency's dashboards: one supervisor at the root.
SUPERVISOR = ("supervisor", ("supervisor",), "黄慧敏")

STAFF_NAMES: dict[str, tuple[str, ...]] = {
    # editor, reviewer, signer, agency admin, spokesperson, moderator, handler, request handler
    ROOT: ("孙丽娟", "赵文博", "高志远", "马晓东", "钱宇航", "蒋丽华", "沈国栋", "韦晓琳"),
    OFFICE: ("王晓燕", "李建国", "张志强", "刘海涛", "孔繁星", "严秀英", "华建军", "金晓梅"),
    "nyj": ("陈静", "杨明辉", "周广平", "吴俊杰", "魏书豪", "陶玉兰", "姜德明", "戚雨欣"),
    "czj": ("郑雪梅", "冯立新", "韩振华", "曹颖", "谢天宇", "邹春燕", "喻长青", "柏雪莹"),
    "fgj": ("许文静", "邓宏伟", "田国庆", "彭思远", "水志刚", "窦红梅", "章立军", "云佳怡"),
}

SUPERUSER = ("admin", "系统管理员")
