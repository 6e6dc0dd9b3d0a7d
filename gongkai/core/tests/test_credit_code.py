"""Unified social credit code (GB 32100-2015): 18 characters, the last a mod-31 check character."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.credit_code import credit_code_check_char, is_valid_credit_code, make_credit_code
from gongkai.core.models.agencies import validate_credit_code

# The standard's code table, written out here independently of the module under test:
# digits keep their value, then the letters without I, O, Z, S, V count on from 10.
CODE_VALUES = {ch: i for i, ch in enumerate("0123456789ABCDEFGHJKLMNPQRTUWXY")}
STANDARD_WEIGHTS = [3**i % 31 for i in range(17)]  # 1, 3, 9, 27, 19, 26, … as printed in the standard


def reference_check_char(first17: str) -> str:
    remainder = sum(CODE_VALUES[ch] * w for ch, w in zip(first17, STANDARD_WEIGHTS)) % 31
    value = (31 - remainder) % 31
    return next(ch for ch, v in CODE_VALUES.items() if v == value)


VALID = [
    "91350100M000100Y43",  # the example printed in GB 32100-2015
    make_credit_code("11370704MB0000000"),
    make_credit_code("12100000400000624"),
    make_credit_code("5137000050000000W"),
    make_credit_code("Y1110000MA0000000"),
]


def test_the_weights_are_those_of_the_standard():
    assert STANDARD_WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_are_accepted(code):
    assert len(code) == 18
    assert is_valid_credit_code(code)
    validate_credit_code(code)  # does not raise


def test_the_standard_example_has_check_character_3():
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert reference_check_char("91350100M000100Y4") == "3"


def test_a_remainder_of_zero_gives_check_character_0():
    # a body whose weighted sum is a multiple of 31 must end in "0", not in ALPHABET[31]
    body = "00000000000000000"
    assert credit_code_check_char(body) == "0"
    assert is_valid_credit_code(body + "0")


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_make_credit_code_agrees_with_the_standard_and_validates(first17):
    code = make_credit_code(first17)
    assert code[:17] == first17
    assert code[17] == reference_check_char(first17)
    assert is_valid_credit_code(code)


@given(
    st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17),
    st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY"),
)
def test_every_other_check_character_is_rejected(first17, check):
    code = first17 + check
    assert is_valid_credit_code(code) == (check == reference_check_char(first17))


@pytest.mark.parametrize("position", [0, 5, 8, 16])
def test_a_single_changed_character_is_caught(position):
    code = "91350100M000100Y43"
    for replacement in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if replacement == code[position]:
            continue
        changed = code[:position] + replacement + code[position + 1 :]
        assert not is_valid_credit_code(changed), changed


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "",
        "91350100M000100Y4 ",  # trailing space in place of the check character
        "９1350100M000100Y43",  # full-width digit
    ],
)
def test_wrong_checksum_or_length_is_rejected(code):
    assert not is_valid_credit_code(code)
    with pytest.raises(ValidationError):
        validate_credit_code(code)


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_letters_the_standard_leaves_out_are_rejected_anywhere(letter):
    body = "91350100M000100Y4"
    # in the body (where no check character could make it valid) …
    assert not is_valid_credit_code(body[:8] + letter + body[9:] + "3")
    # … and as the check character
    assert not is_valid_credit_code(body + letter)
    with pytest.raises(ValidationError):
        validate_credit_code(body[:8] + letter + body[9:] + "3")


@pytest.mark.parametrize("value", [None, 913501001000100443, b"91350100M000100Y43"])
def test_non_strings_are_rejected(value):
    assert not is_valid_credit_code(value)
