"""Indicator values (g60desk.domain.targets): parsing every notation seen in real
forms and re-printing in each template's style.

Covers the notations listed in DOMAIN.md (2022 plain, 2026 decimal-paren and
others), that parsing never raises, and render→parse round trips. Not covered:
judging whether a value is sensible (rules).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from g60desk.domain.targets import (
    NEGATIVE_OPERATORS,
    POSITIVE_OPERATORS,
    VALUE_STYLES,
    TargetKind,
    parse_target,
    render_target,
)

Q, L, M, E = (TargetKind.QUANTITATIVE, TargetKind.QUALITATIVE, TargetKind.MALFORMED,
              TargetKind.EMPTY)


@pytest.mark.parametrize(
    ("raw", "kind", "operator", "number", "unit", "qualifier"),
    [
        ("=3 堂", Q, "=", "3", "堂", ""),
        (">=85%", Q, "≥", "85", "%", ""),
        ("=100%", Q, "=", "100", "%", ""),
        ("=100.00(%)", Q, "=", "100.00", "%", ""),
        ("≥90.00(%)", Q, "≥", "90.00", "%", ""),
        ("985米", Q, None, "985", "米", ""),
        ("±3%以内", Q, "±", "3", "%", "以内"),
        (">=85", Q, "≥", "85", "", ""),
        ("≤50万元", Q, "≤", "50", "万元", ""),
        ("不低于90%", Q, "≥", "90", "%", ""),
        ("=10 个", Q, "=", "10", "个", ""),
        (">=20%", Q, "≥", "20", "%", ""),
        ("<=800元/人次", Q, "≤", "800", "元/人次", ""),
        ("＞＝８５％", Q, "≥", "85", "%", ""),
        ("=>85%", Q, "≥", "85", "%", ""),
        ("不超过100万元", Q, "≤", "100", "万元", ""),
        (">0", Q, ">", "0", "", ""),
        ("<5天", Q, "<", "5", "天", ""),
        ("=1,000人次", Q, "=", "1000", "人次", ""),
        ("90%以上", Q, None, "90", "%", "以上"),
    ],
)
def test_quantitative(raw: str, kind: TargetKind, operator: str | None, number: str,
                      unit: str, qualifier: str) -> None:
    t = parse_target(raw)
    assert t.kind is kind
    assert t.operator == operator
    assert t.number == Decimal(number)
    assert t.unit == unit
    assert t.qualifier == qualifier
    assert t.raw == raw  # what the user wrote is kept as is
    assert t.is_quantitative


@pytest.mark.parametrize(
    "raw", ["及时", "完成", "可控", "合理", "提升", "降低", "健全", "合规",
            "2022年12月31日前", "12月底前完成"])
def test_qualitative(raw: str) -> None:
    t = parse_target(raw)
    assert t.kind is L
    assert t.operator is None and t.number is None
    assert t.text == raw
    assert not t.is_quantitative


def test_operator_without_number_is_malformed() -> None:
    t = parse_target(">=高")
    assert t.kind is M
    assert t.operator == "≥"
    assert t.number is None
    assert t.text == "高"
    assert parse_target("=").kind is M


@pytest.mark.parametrize("raw", ["", "   ", "\u3000", "\n"])
def test_empty(raw: str) -> None:
    assert parse_target(raw).kind is E


def test_percent_and_direction() -> None:
    assert parse_target(">=85%").is_percent
    assert parse_target("≥90.00(%)").is_percent
    assert not parse_target(">=85").is_percent  # the seed's weakness: no unit
    assert parse_target(">=85%").operator in POSITIVE_OPERATORS
    assert parse_target("≤50万元").operator in NEGATIVE_OPERATORS


@pytest.mark.parametrize(
    ("raw", "plain", "paren"),
    [
        (">=85%", ">=85%", "≥85.00(%)"),
        ("≥85.00(%)", ">=85.00%", "≥85.00(%)"),
        ("=3 堂", "=3堂", "=3.00(堂)"),
        ("=100%", "=100%", "=100.00(%)"),
        ("≤50万元", "<=50万元", "≤50.00(万元)"),
        ("±3%以内", "±3%以内", "±3.00(%)以内"),
        (">=85", ">=85", "≥85.00"),
        ("不低于90%", ">=90%", "≥90.00(%)"),
        # Printed as written: no operator, qualitative, malformed, empty.
        ("985米", "985米", "985米"),
        ("及时", "及时", "及时"),
        (">=高", ">=高", ">=高"),
        ("", "", ""),
    ],
)
def test_render_in_both_styles(raw: str, plain: str, paren: str) -> None:
    assert render_target(raw, "plain") == plain
    assert render_target(raw) == plain  # plain is the default
    assert render_target(parse_target(raw), "decimal-paren") == paren


# ------------------------------------------------------------------ properties

@given(st.one_of(st.text(), st.text(st.sampled_from(
    list("0123456789.,=<>≥≤±%％()（）以上内下左右不低于超过堂个万元 ٣２")), max_size=20)))
def test_parse_target_never_raises(raw: str) -> None:
    t = parse_target(raw)
    assert t.raw == raw
    for style in VALUE_STYLES:
        assert isinstance(render_target(t, style), str)


operators = st.sampled_from(["=", ">=", "<=", ">", "<", "±", "≥", "≤", "不低于", "不超过"])
units = st.sampled_from(["", "%", "个", "堂", "场", "人次", "万元", "元/人次", "天", "小时",
                         "米", "篇", "家"])
qualifiers = st.sampled_from(["", "以上", "以内", "以下", "左右"])
numbers = st.decimals(min_value=0, max_value=10**9, places=2,
                      allow_nan=False, allow_infinity=False)
integers = st.integers(min_value=0, max_value=10**9).map(Decimal)


@given(operators, st.one_of(numbers, integers), units, qualifiers,
       st.sampled_from(VALUE_STYLES), st.sampled_from(["", " "]))
def test_render_parse_round_trip(op: str, number: Decimal, unit: str, qualifier: str,
                                 style: str, gap: str) -> None:
    raw = f"{op}{number:f}{gap}{unit}{qualifier}"
    first = parse_target(raw)
    assert first.kind is Q
    again = parse_target(render_target(first, style))
    assert again.kind is Q
    assert again.operator == first.operator
    assert again.number == first.number == number
    assert again.unit == first.unit == unit
    assert again.qualifier == first.qualifier == qualifier
    # Rendering is stable: a second render gives the same text.
    assert render_target(again, style) == render_target(first, style)
