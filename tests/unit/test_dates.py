"""Date parsing and printing (g60desk.domain.dates).

Covers the four ways staff type a date, impossible and out-of-range dates, and
that each template date style reads back. Not covered: whether a date lies in
the project period (rules).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from g60desk.domain.dates import DATE_STYLES, format_date, parse_date, try_parse_date
from g60desk.domain.errors import InputError

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    "text",
    [
        "2022-01-01",
        "2022/1/1",
        "2022年1月1日",
        "20220101",
        "2022/01/01",
        "2022.1.1",
        "2022年01月01日",
        "2022年1月1",
        " 2022 - 01 - 01 ",
        "2022年 1 月 1 日",
        "２０２２年１月１日",
        "２０２２－０１－０１",
    ],
)
def test_formats_staff_type(text: str) -> None:
    assert parse_date(text) == date(2022, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-12-31", date(2022, 12, 31)),
        ("2024-02-29", date(2024, 2, 29)),   # leap year
        ("2000/2/29", date(2000, 2, 29)),    # divisible by 400: leap
        ("20261231", date(2026, 12, 31)),
        ("2026年6月30日", date(2026, 6, 30)),
    ],
)
def test_valid_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2022-02-30", "不存在"),
        ("2021-02-29", "不存在"),   # not a leap year
        ("1900-02-29", "不存在"),   # divisible by 100, not 400
        ("2022-04-31", "不存在"),
        ("2022-13-01", "不存在"),
        ("2022-00-10", "不存在"),
        ("20221301", "不存在"),
        ("1899-12-31", "年份不合理"),
        ("2201-01-01", "年份不合理"),
        ("0000-01-01", "年份不合理"),
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("abc", "无法识别"),
        ("2022-1", "无法识别"),
        ("22-1-1", "无法识别"),
        ("2022-01-01T00:00", "无法识别"),
        ("2022年1月1日前", "无法识别"),
        ("1/1/2022", "无法识别"),
        ("明年", "无法识别"),
    ],
)
def test_rejections(text: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_date(text)
    assert words in info.value.message
    assert CJK.search(info.value.message)


def test_try_parse_date() -> None:
    assert try_parse_date("2022/1/1") == (date(2022, 1, 1), None)
    value, message = try_parse_date("2022-02-30")
    assert value is None
    assert message is not None and "不存在" in message


def test_format_date_styles() -> None:
    d = date(2022, 1, 5)
    assert format_date(d) == "2022-01-05"
    assert format_date(d, "iso") == "2022-01-05"
    assert format_date(d, "slash") == "2022/1/5"
    assert format_date(d, "chinese") == "2022年1月5日"
    assert format_date(None) == ""
    assert format_date(None, "chinese") == ""


# ------------------------------------------------------------------ properties

dates_in_range = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(dates_in_range, st.sampled_from(DATE_STYLES))
def test_every_style_reads_back(value: date, style: str) -> None:
    assert parse_date(format_date(value, style)) == value


@given(st.one_of(st.text(), st.text(st.sampled_from(list("0123456789-/.年月日 ２٣")),
                                    max_size=16)))
def test_parse_date_raises_only_input_error(text: str) -> None:
    try:
        value = parse_date(text)
    except InputError as exc:
        assert CJK.search(exc.message)
    else:
        assert 1900 <= value.year <= 2200
