"""Test corpus for screening: generators of valid personal data and realistic government text."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from gongkai.core.credit_code import make_credit_code

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# Province-level codes (GB/T 2260) plus 81/82/83 for Hong Kong, Macao and Taiwan residence permits.
PROVINCES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)


def id_check_char(first17: str) -> str:
    """GB 11643 check character of the first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def make_id(region: str, birth: dt.date, seq: int) -> str:
    """An 18-digit resident ID with a correct check character."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def make_id15(region: str, birth: dt.date, seq: int) -> str:
    """A pre-1999 15-digit ID (no check digit)."""
    return f"{region}{birth:%y%m%d}{seq:03d}"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def make_card(prefix: str, length: int, rng: random.Random) -> str:
    """A card number of the given length starting with prefix whose last digit satisfies Luhn."""
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


def make_mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def id_with_x(region: str, birth: dt.date) -> str:
    """A valid ID whose check character is X."""
    return next(make_id(region, birth, s) for s in range(1000) if make_id(region, birth, s).endswith("X"))


def id_also_luhn_valid(region: str, birth: dt.date) -> str:
    """A valid numeric ID that also passes Luhn, i.e. could be mistaken for a bank card."""
    return next(
        v for s in range(1000) if (v := make_id(region, birth, s))[-1] != "X" and luhn_ok(v)
    )


def group(digits: str, size: int, sep: str) -> str:
    return sep.join(digits[i : i + size] for i in range(0, len(digits), size))


@dataclass(frozen=True)
class Planted:
    kind: str
    start: int
    end: int
    value: str


class Builder:
    """Concatenate text while recording where each planted value lands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.planted: list[Planted] = []

    def text(self, s: str) -> Builder:
        self.parts.append(s)
        self.length += len(s)
        return self

    def plant(self, kind: str, value: str) -> Builder:
        self.planted.append(Planted(kind, self.length, self.length + len(value), value))
        return self.text(value)

    def build(self) -> tuple[str, list[Planted]]:
        return "".join(self.parts), list(self.planted)


# Strings that must never be flagged, each embedded in ordinary text.
NEGATIVES: tuple[str, ...] = (
    "坊政发〔2015〕22号",
    "鲁政办字[2019]12号",
    "索引号：11370704MB28574X9Q/2026-00012",
    "索引号：000014349/2017-00110",
    "2016年5月1日",
    "2016-05-01",
    "20160501",
    "联系电话：0536-7601234",
    "(0536)7601234",
    "（0536）7601234",
    "0536 7601234",
    "400-050-0827",
    "服务热线12345",
    "123,456.78元",
    "1234567890元",
    "12.5万元",
    "统一社会信用代码：" + make_credit_code("91370700MA3C1234X"),
    "统一社会信用代码：" + make_credit_code("12370700MB2857412"),
    "增长45.6%",
    "2026年",
    "同比增长12.35%，完成投资98765.43万元",
    "邮编261041",
    "12345678901",  # 11 digits but 12x is no mobile prefix
    "138123456789",  # 12 digits: not a mobile
    "1381234567",  # 10 digits
    "3.1415926535897932384",  # decimal fraction
)


def negatives_with_traps() -> tuple[str, ...]:
    """Negatives built from valid values made invalid by their surroundings."""
    valid = make_id("370704", dt.date(1980, 1, 1), 123)
    bad_check = valid[:17] + ("0" if valid[17] != "0" else "1")
    bad_date = "37070419800230123"
    bad_date += id_check_char(bad_date)
    rng = random.Random(7)
    card = make_card("622202", 19, rng)
    bad_card = card[:-1] + str((int(card[-1]) + 1) % 10)
    return (
        "编号" + valid + "7",  # 19-digit run containing a valid ID
        "流水号9" + valid + "2",  # 20-digit run
        "证号" + bad_check,  # wrong check digit
        "证号" + bad_date,  # February 30
        "证号" + "99" + valid[2:17] + id_check_char("99" + valid[2:17]),  # no such province
        "卡号" + bad_card,  # fails Luhn
        "卡号" + group(bad_card, 4, " "),
        "订单号" + card + "0",  # 20 digits
        "编码AB" + valid,  # part of a longer letter/digit code
        "合计" + make_card("6", 16, rng) + "元",  # an amount, even if Luhn happens to pass
        "编号" + make_card("0", 16, rng),  # leading zero: no card
    )


def government_notice(seed: int = 0) -> tuple[str, list[Planted]]:
    """A realistic 公示 mixing planted personal data, secrecy marks and harmless numbers."""
    rng = random.Random(seed)
    b = Builder()
    b.text("潍坊市奎文区人民政府办公室\n").text("关于2026年度困难群众临时救助资金发放情况的公示\n")
    b.text("坊政发〔2015〕22号  索引号：11370704MB28574X9Q/2026-00012\n")
    b.text("根据《山东省临时救助办法》（鲁政办字[2019]12号）规定，经审核，现将2026年5月1日至2026-05-31救助对象公示如下：\n")
    b.text("一、申请人张某某，身份证号码：").plant("id_card", make_id("370704", dt.date(1985, 3, 17), 42))
    b.text("，联系电话：").plant("mobile", make_mobile(rng))
    b.text("，救助金额12.5万元，打入其社保卡").plant("bank_card", make_card("622202", 19, rng)).text("。\n")
    b.text("二、申请人李某（港澳居民居住证号").plant("id_card", make_id("810000", dt.date(1990, 12, 31), 7))
    b.text("），手机 ").plant("mobile", _spaced_mobile(make_mobile(rng), " "))
    b.text("。\n")
    b.text("三、申请人王某，身份证").plant("id_card", id_with_x("440305", dt.date(2001, 2, 28)).lower())
    b.text("，银行账号").plant("bank_card", group(make_card("6217", 16, rng), 4, " "))
    b.text("；备用卡").plant("bank_card", group(make_card("4367", 19, rng), 4, "-"))
    b.text("。\n")
    b.text("四、申请人赵某，老身份证").plant("id_card", make_id15("370705", dt.date(1962, 7, 9), 318))
    b.text("，联系方式").plant("mobile", "+86 " + _spaced_mobile(make_mobile(rng), " "))
    b.text("、").plant("mobile", "86" + make_mobile(rng))
    b.text("、").plant("mobile", _spaced_mobile(make_mobile(rng), "-"))
    b.text("、").plant("mobile", make_mobile(rng).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}))
    b.text("，电子邮箱").plant("email", "zhao.mou_2026@example.com.cn").text("。\n")
    b.text("五、复核人员信箱：").plant("email", f"{make_mobile(rng)}@163.com").text("；卡号").plant(
        "bank_card", make_card("6228", 16, rng)
    )
    b.text("。\n")
    b.text("本公示材料属").plant("secrecy_mark", "内部资料").text("，其中附件二为").plant("secrecy_mark", "机密")
    b.text("★1年。\n")
    b.text("公示期为2026年6月1日至6月7日。如有异议，请拨打0536-7601234或(0536)7601234，也可拨打400-050-0827、12345。\n")
    b.text("本年度共发放资金123,456.78元，占预算的45.6%。\n")
    b.text("统一社会信用代码：" + make_credit_code("11370704MB28574X9") + "  索引号：000014349/2017-00110\n")
    return b.build()


def _spaced_mobile(mobile: str, sep: str) -> str:
    return f"{mobile[:3]}{sep}{mobile[3:7]}{sep}{mobile[7:]}"
