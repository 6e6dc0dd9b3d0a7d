import datetime as dt
import random

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from gongkai.core.screening import DEFAULT_SECRECY_MARKS, LABELS, Hit, scan_sources, scan_text
from gongkai.core.tests.screening_corpus import (
    NEGATIVES,
    PROVINCES,
    government_notice,
    id_also_luhn_valid,
    id_with_x,
    luhn_ok,
    make_card,
    make_id,
    make_id15,
    make_mobile,
    negatives_with_traps,
)




def spans(hits: list[Hit]) -> list[tuple[str, int, int]]:
    return [(h.kind, h.start, h.end) for h in hits]


def test_every_planted_value_is_found_with_its_kind_and_position_and_nothing_else():
    for seed in range(20):
        text, planted = government_notice(seed)
        hits = scan_text(text, source="正文")
        assert spans(hits) == [(p.kind, p.start, p.end) for p in planted]
        for hit, p in zip(hits, planted, strict=True):
            assert text[hit.start : hit.end] == p.value
            assert hit.label == LABELS[p.kind]
            assert hit.source == "正文"


def test_excerpts_mask_the_value_and_keep_context():
    text, planted = government_notice(3)
    for hit, p in zip(scan_text(text, source="正文"), planted, strict=True):
        if p.kind == "secrecy_mark":
            assert p.value in hit.excerpt
        else:
            assert p.value not in hit.excerpt
            assert "*" in hit.excerpt
        assert len(hit.excerpt) < 80


@pytest.mark.parametrize("negative", NEGATIVES + negatives_with_traps())
def test_harmless_numbers_are_not_flagged(negative):
    assert scan_text(f"经研究决定，{negative}，特此公告。", source="正文") == []
    assert scan_text(negative, source="正文") == []


def test_negatives_together_in_one_text_are_not_flagged():
    text = "\n".join(f"第{i}项：{n}。" for i, n in enumerate(NEGATIVES + negatives_with_traps(), start=1))
    assert scan_text(text, source="正文") == []


def test_id_card_mask_format():
    value = make_id("370704", dt.date(1980, 1, 1), 123)
    (hit,) = scan_text(f"身份证号{value}。", source="正文")
    assert hit.excerpt == f"身份证号3707**********{value[-4:]}。"


def test_mobile_mask_format():
    (hit,) = scan_text("手机13812345678", source="正文")
    assert hit.excerpt == "手机138****5678"


def test_bank_card_mask_format():
    card = make_card("6222", 16, random.Random(1))
    spaced = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    (hit,) = scan_text(f"卡号{spaced}", source="正文")
    assert hit.excerpt == f"卡号6222 **** **** {card[-4:]}"


def test_email_mask_format():
    (hit,) = scan_text("邮箱zhangsan@example.com", source="正文")
    assert hit.excerpt == "邮箱z***@example.com"


def test_long_context_is_trimmed_to_about_twelve_characters_each_side():
    (hit,) = scan_text("甲" * 50 + "13812345678" + "乙" * 50, source="正文")
    assert hit.excerpt == "…" + "甲" * 12 + "138****5678" + "乙" * 12 + "…"


def test_a_neighbouring_hit_inside_the_excerpt_is_masked_too():
    first, second = make_id("370704", dt.date(1980, 1, 1), 1), make_id("370704", dt.date(1981, 2, 2), 2)
    hits = scan_text(f"{first}、{second}", source="正文")
    assert [h.kind for h in hits] == ["id_card", "id_card"]
    for hit in hits:
        assert first not in hit.excerpt and second not in hit.excerpt
        assert first[10:14] not in hit.excerpt and second[10:14] not in hit.excerpt


def test_id_check_character_x_is_accepted_in_either_case():
    value = id_with_x("110105", dt.date(1999, 9, 9))
    for written in (value, value.lower()):
        assert spans(scan_text(written, source="正文")) == [("id_card", 0, 18)]


def test_residence_permit_ids_of_hong_kong_macao_taiwan_are_found():
    for region in ("810000", "820000", "830000"):
        value = make_id(region, dt.date(1975, 6, 30), 5)
        assert spans(scan_text(value, source="正文")) == [("id_card", 0, 18)]


def test_old_fifteen_digit_id_is_found_only_with_a_real_date():
    good = make_id15("370702", dt.date(1960, 2, 29), 11)
    assert spans(scan_text(good, source="正文")) == [("id_card", 0, 15)]
    assert scan_text("370702610229011", source="正文") == []  # 1961 had no 29 February


def test_an_id_that_also_passes_luhn_is_reported_as_id_only():
    value = id_also_luhn_valid("370704", dt.date(1988, 8, 8))
    assert luhn_ok(value)
    assert spans(scan_text(f"号码{value}", source="正文")) == [("id_card", 2, 20)]


def test_email_containing_a_mobile_is_reported_once():
    assert spans(scan_text("13812345678@qq.com", source="正文")) == [("email", 0, 18)]


@pytest.mark.parametrize(
    "written",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+8613812345678", "+86 138 1234 5678", "+86-13812345678",
     "8613812345678", "(+86)13812345678", "008613812345678"],
)
def test_mobile_forms(written):
    assert spans(scan_text(f"电话：{written}。", source="正文")) == [("mobile", 3, 3 + len(written))]


@pytest.mark.parametrize("written", ["138 12345678", "1381 234 5678", "138-1234 5678", "11812345678", "10012345678"])
def test_mobile_lookalikes_are_not_flagged(written):
    assert scan_text(f"编号：{written}。", source="正文") == []


@pytest.mark.parametrize("length", [16, 17, 18, 19])
def test_bank_cards_of_every_length_are_found(length):
    card = make_card("62", length, random.Random(length))
    assert spans(scan_text(f"账号{card}", source="正文")) == [("bank_card", 2, 2 + length)]


def test_secrecy_marks_are_substring_matches_and_configurable():
    text = "依照保守国家秘密法，本件为内部使用，注意保密。"
    assert [text[h.start : h.end] for h in scan_text(text, source="标题")] == ["秘密", "内部使用", "注意保密"]
    assert spans(scan_text(text, source="标题", secrecy_marks=["国家秘密"])) == [("secrecy_mark", 4, 8)]
    assert scan_text(text, source="标题", secrecy_marks=[]) == []
    assert DEFAULT_SECRECY_MARKS == ("绝密", "机密", "秘密", "内部资料", "内部文件", "不宜公开", "内部使用", "注意保密")


def test_fingerprint_is_stable_across_rescans_and_edits_but_bound_to_source():
    value = make_id("370704", dt.date(1980, 1, 1), 123)
    (a,) = scan_text(f"身份证{value}", source="正文")
    (b,) = scan_text(f"修订后的正文，申请人身份证号码为{value.lower()}", source="正文")
    (c,) = scan_text(f"身份证{value}", source="附件：通知.docx")
    assert a.fingerprint == b.fingerprint != c.fingerprint
    assert len(a.fingerprint) == 64
    (m1,) = scan_text("13812345678", source="正文")
    (m2,) = scan_text("+86 138-1234-5678", source="正文")
    assert m1.fingerprint == m2.fingerprint


def test_hits_are_immutable():
    (hit,) = scan_text("13812345678", source="正文")
    with pytest.raises(AttributeError):
        hit.start = 3


def test_scan_sources_labels_each_hit_with_its_source():
    hits = scan_sources([("标题", "关于内部资料的通知"), ("正文", "联系人13812345678"), ("附件：名单.xlsx", "")])
    assert [(h.source, h.kind) for h in hits] == [("标题", "secrecy_mark"), ("正文", "mobile")]


def test_empty_text_has_no_hits():
    assert scan_text("", source="正文") == []


def test_full_width_digits_are_found():
    assert spans(scan_text("电话：１３８１２３４５６７８", source="正文")) == [("mobile", 3, 14)]


regions = st.builds(lambda p, rest: p + f"{rest:04d}", st.sampled_from(PROVINCES), st.integers(0, 9999))
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@hypothesis_settings(max_examples=300, deadline=None)
@given(region=regions, birth=births, seq=st.integers(0, 999), before=st.text(max_size=20), lower=st.booleans())
def test_any_valid_id_is_found_exactly_and_never_shown_in_full(region, birth, seq, before, lower):
    value = make_id(region, birth, seq)
    if lower:
        value = value.lower()
    # keep the surroundings from extending the number or adding findings of their own
    prefix = "".join(ch for ch in before if not ch.isalnum() and ch not in "@¥￥$") + "申请人身份证号码："
    text = f"{prefix}{value}，现住潍坊市奎文区。"
    hits = scan_text(text, source="正文")
    assert spans(hits) == [("id_card", len(prefix), len(prefix) + 18)]
    assert value not in hits[0].excerpt
    assert value[4:14] not in hits[0].excerpt


@hypothesis_settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32), length=st.integers(16, 19), grouped=st.booleans())
def test_any_luhn_valid_card_is_found(seed, length, grouped):
    rng = random.Random(seed)
    card = make_card(rng.choice(["62", "4", "5", "3", "9"]), length, rng)
    written = "-".join(card[i : i + 4] for i in range(0, length, 4)) if grouped else card
    hits = scan_text(f"退款账户{written}。", source="正文")
    # an 18-digit number that is also a valid ID is reported as ID, never twice
    assert len(hits) == 1 and hits[0].kind in ({"bank_card", "id_card"} if length == 18 and not grouped else {"bank_card"})
    assert (hits[0].start, hits[0].end) == (4, 4 + len(written))
    assert card not in hits[0].excerpt.replace("-", "")


@hypothesis_settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_any_mobile_is_found_and_masked(seed):
    mobile = make_mobile(random.Random(seed))
    (hit,) = scan_text(f"联系电话{mobile}", source="正文")
    assert (hit.kind, hit.start, hit.end) == ("mobile", 4, 15)
    assert hit.excerpt == f"联系电话{mobile[:3]}****{mobile[-4:]}"
