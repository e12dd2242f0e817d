"""Money parsing and printing (g60desk.domain.money).

Covers what staff type or paste into amount fields (grouping, PDF-style spaces,
万/亿, full-width digits, currency signs), the Chinese rejections, and the
元/万元 printing with round-half-up. Not covered: where amounts are checked
against each other (that is rules).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from g60desk.domain.errors import InputError
from g60desk.domain.money import (
    MAX_YUAN,
    format_plain,
    format_wan,
    format_yuan,
    parse_money,
    to_wan,
    try_parse_money,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5,100,000.00", "5100000.00"),
        ("5, 100, 000. 00", "5100000.00"),  # as the seed's PDF text prints it
        ("510万", "5100000.00"),
        ("510万元", "5100000.00"),
        ("１．５万", "15000.00"),
        ("５１００", "5100.00"),
        ("￥1,000", "1000.00"),
        ("¥ 1,000.5", "1000.50"),
        ("1.2亿", "120000000.00"),
        ("1.2亿元", "120000000.00"),
        ("141500", "141500.00"),
        ("0.00", "0.00"),
        ("0", "0.00"),
        ("  1,518,500.00  ", "1518500.00"),
        ("1.2345万", "12345.00"),
        ("0.0001万", "1.00"),
        ("人民币100元", "100.00"),
        ("+5", "5.00"),
        ("5１，０００", "51000.00"),  # full-width comma
        ("9999999999999.99", "9999999999999.99"),
    ],
)
def test_parse_money_accepts(text: str, expected: str) -> None:
    value = parse_money(text)
    assert value == Decimal(expected)
    # Always exactly two places, so printing never shows 5100000 or 5100000.0.
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-5", "负数"),
        ("−100", "负数"),
        ("(100)", "负数"),
        ("1.234", "两位小数"),
        ("0.0000001万", "两位小数"),
        ("1.000000000000000000000000000001", "两位小数"),
        ("abc", "文字或字母"),
        ("12abc", "文字或字母"),
        ("1e5", "文字或字母"),
        ("NaN", "文字或字母"),
        ("五百", "请用数字书写"),
        ("5,10,000", "无法识别"),
        ("1,000,00", "无法识别"),
        (",100", "无法识别"),
        (".", "无法识别"),
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("\u3000", "不能为空"),
        ("99999999999999", "过大"),
        ("10000000000000.01", "过大"),
        ("1" * 30, "过大"),
        ("1" * 5000, "过大"),
        ("100001亿", "过大"),
    ],
)
def test_parse_money_rejects_with_chinese_message(text: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_money(text)
    assert words in info.value.message
    assert CJK.search(info.value.message)
    assert str(info.value) == info.value.message


def test_message_quotes_what_was_typed() -> None:
    with pytest.raises(InputError) as info:
        parse_money("  5,10,000 ")
    assert "「5,10,000」" in info.value.message


def test_try_parse_money() -> None:
    assert try_parse_money("510万") == (Decimal("5100000.00"), None)
    value, message = try_parse_money("abc")
    assert value is None
    assert message is not None and CJK.search(message)


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        ("12345", "1.23"),        # 1.2345 → 1.23
        ("12350", "1.24"),        # 1.235 → 1.24 (half up, not to even)
        ("12250", "1.23"),        # 1.225 → 1.23 (banker's rounding would give 1.22)
        ("50", "0.01"),           # 0.005 → 0.01
        ("49.99", "0.00"),        # 0.004999 → 0.00
        ("150", "0.02"),          # 0.015 → 0.02
        ("7960000", "796.00"),    # the seed's total
        ("226145100", "22614.51"),
        ("0", "0.00"),
    ],
)
def test_to_wan_rounds_half_up(yuan: str, wan: str) -> None:
    assert to_wan(Decimal(yuan)) == Decimal(wan)


def test_format_yuan() -> None:
    assert format_yuan(Decimal("5100000")) == "5,100,000.00"
    assert format_yuan(Decimal("141500.5")) == "141,500.50"
    assert format_yuan(Decimal("0.005")) == "0.01"
    assert format_yuan(Decimal("0.004")) == "0.00"
    assert format_yuan(Decimal("2.675")) == "2.68"
    assert format_yuan(None) == ""
    assert format_yuan(Decimal(0), zero="0") == "0"
    assert format_yuan(Decimal("0.001"), zero="0") == "0"
    assert format_yuan(Decimal(1), zero="0") == "1.00"


def test_format_wan() -> None:
    assert format_wan(Decimal("7960000")) == "796.00"
    assert format_wan(Decimal("226145100")) == "22,614.51"
    assert format_wan(Decimal("226145100"), grouping=False) == "22614.51"
    assert format_wan(Decimal("12350")) == "1.24"
    assert format_wan(None) == ""


def test_format_plain() -> None:
    assert format_plain(Decimal("5100000")) == "5100000.00"
    assert format_plain(Decimal("0.005")) == "0.01"
    assert format_plain(None) == ""


# ------------------------------------------------------------------ properties

# Amounts as the program stores them: non-negative, two places, up to the limit.
amounts = st.decimals(min_value=0, max_value=MAX_YUAN, places=2,
                      allow_nan=False, allow_infinity=False)

money_alphabet = st.sampled_from(list("0123456789,.， 。万亿元¥￥-+()e１２٥%/年abc"))


@given(st.one_of(st.text(), st.text(money_alphabet, max_size=30)))
def test_parse_money_raises_only_input_error(text: str) -> None:
    try:
        value = parse_money(text)
    except InputError as exc:
        assert CJK.search(exc.message)
    else:
        assert Decimal(0) <= value <= MAX_YUAN
        assert value == value.quantize(Decimal("0.01"))


@given(amounts)
def test_format_yuan_round_trip(amount: Decimal) -> None:
    printed = format_yuan(amount)
    assert format_yuan(parse_money(printed)) == printed
    assert parse_money(printed) == amount


@given(amounts)
def test_format_plain_round_trip(amount: Decimal) -> None:
    printed = format_plain(amount)
    assert parse_money(printed) == amount
    assert format_plain(parse_money(printed)) == printed


@given(amounts)
def test_format_wan_reads_back_within_half_a_cent_of_wan(amount: Decimal) -> None:
    # 万元 printing loses precision by design; reading it back with 万 is within 50 元.
    back = parse_money(format_wan(amount, grouping=False) + "万")
    assert abs(back - amount) <= Decimal(50)


@pytest.mark.parametrize("text", ["五万", "五百一十万", "伍万元"])
def test_money_in_chinese_words_says_what_to_type(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_money(text)
    assert "请用数字书写,如 5万 或 50000" in caught.value.message
    assert text in caught.value.message
