"""The self-evaluation scorer and the monitoring light (CYCLE.md §1–2), at their edges."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from g60desk.domain import scoring
from g60desk.domain.cycle import Result
from g60desk.domain.model import Indicator
from g60desk.domain.scoring import ScoringSettings, score_indicator


def s(target: str, actual: str, w: str = "10", clerk: str | None = None,
      reverse: str = "ratio") -> D | None:
    return score_indicator(0, target, actual, D(w), D(clerk) if clerk else None, reverse).score


# ---------------------------------------------------------------- 预算执行率

def test_published_examples() -> None:
    rate = scoring.execution_rate(D("215457.6"), D("250000"))
    assert scoring.execution_score(rate, D(10)) == D("8.62")
    assert scoring.percent(rate) == D("86.18")
    assert scoring.execution_score(scoring.execution_rate(D(9034), D(20000)), D(10)) == D("4.52")


@pytest.mark.parametrize(("executed", "budget", "expected"), [
    ("250000", "250000", "10.00"),      # exactly spent
    ("300000", "250000", "10.00"),      # over 100% capped
    ("0", "250000", "0.00"),
    ("100", "0", "0"),                  # zero budget: no rate, no points
    (None, "250000", "0"),
    ("124999.5", "250000", "5.00"),     # 4.99999 rounds half up to 5.00
])
def test_execution_score_edges(executed: str | None, budget: str, expected: str) -> None:
    rate = scoring.execution_rate(D(executed) if executed else None, D(budget))
    assert scoring.execution_score(rate, D(10)) == D(expected)


def test_execution_rate_none_without_budget() -> None:
    assert scoring.execution_rate(D(1), None) is None
    assert scoring.execution_rate(D(1), D(0)) is None


# ---------------------------------------------------------------- 正向

@pytest.mark.parametrize(("target", "actual", "expected"), [
    (">=90%", "90%", "10"),          # exactly on target
    (">=90%", "95%", "10"),          # over-achievement capped at 分值
    (">=90%", "85%", "9.44"),        # 10 × 85 / 90 = 9.444…
    (">90%", "90%", "10"),           # > treated as ≥ at the boundary
    ("12个", "6个", "5.00"),          # no operator: 正向
    (">=0个", "0个", "10"),           # zero target: anything reaches it
    (">=20%", "0%", "0.00"),
    (">=3", "2.9999", "10.00"),     # 9.9997 rounds half up
])
def test_positive(target: str, actual: str, expected: str) -> None:
    assert s(target, actual) == D(expected)


def test_positive_actual_without_unit_reads_in_target_unit() -> None:
    assert s("=3 堂", "3") == D(10)
    assert s(">=85%", "80") == D("9.41")


# ---------------------------------------------------------------- 等于

@pytest.mark.parametrize(("target", "actual", "expected"), [
    ("=3堂", "3堂", "10"),
    ("=3堂", "4堂", "10"),           # over the target counts as reached
    ("=4场", "3场", "7.50"),
    ("=0起", "0起", "10"),           # zero target: full marks only at ≤ 0
    ("=0起", "1起", "0"),
])
def test_equal(target: str, actual: str, expected: str) -> None:
    assert s(target, actual) == D(expected)


# ---------------------------------------------------------------- 反向

@pytest.mark.parametrize(("actual", "ratio", "linear"), [
    ("100元", "10", "10"),           # exactly on target
    ("80元", "10", "10"),            # under the cap
    ("125元", "8.00", "7.50"),       # 10 × 100/125; 10 × (200-125)/100
    ("200元", "5.00", "0.00"),       # linear reaches 0 at 2t
    ("300元", "3.33", "0"),          # linear never below 0
])
def test_reverse_both_settings(actual: str, ratio: str, linear: str) -> None:
    assert s("<=100元", actual) == D(ratio)
    assert s("<=100元", actual, reverse="linear") == D(linear)
    assert s("<100元", actual, reverse="linear") == D(linear)


def test_reverse_zero_target() -> None:
    assert s("<=0起", "0起") == D(10)
    assert s("<=0起", "2起") == D(0)
    assert s("<=0起", "2起", reverse="linear") == D(0)


# ---------------------------------------------------------------- 定性

def test_qualitative_equal_defaults_to_full() -> None:
    assert s("及时", "及时") == D(10)
    assert s("完成", " 完成 ") == D(10)


def test_qualitative_clerk_score_overrides_default() -> None:
    assert s("完成", "完成", clerk="8") == D("8.00")


def test_qualitative_needs_score_when_different() -> None:
    r = score_indicator(0, "完成", "基本完成", D(10))
    assert r.score is None and r.problem == scoring.NEEDS_SCORE
    assert s("完成", "基本完成", clerk="7.5") == D("7.50")


@pytest.mark.parametrize(("score", "band"), [
    ("10", "达成"), ("8", "达成"), ("7.99", "部分达成并具有一定效果"),
    ("6", "部分达成并具有一定效果"), ("5.99", "未达成且效果较差"), ("0", "未达成且效果较差"),
])
def test_qualitative_bands(score: str, band: str) -> None:
    assert scoring.band(D(score), D(10)) == band


def test_band_ranges() -> None:
    assert scoring.band_range("达成", D(10)) == (D("8.00"), D("10.00"))
    assert scoring.band_range("部分达成并具有一定效果", D(5)) == (D("3.00"), D("4.00"))
    assert scoring.band_range("未达成且效果较差", D(20)) == (D("0.00"), D("12.00"))


@pytest.mark.parametrize("clerk", ["10.01", "-1"])
def test_clerk_score_outside_range(clerk: str) -> None:
    r = score_indicator(0, "完成", "部分完成", D(10), D(clerk))
    assert r.score is None and r.problem == scoring.SCORE_OUT_OF_RANGE


# ---------------------------------------------------------------- problems

def test_missing_actual() -> None:
    r = score_indicator(0, ">=90%", "  ", D(10))
    assert r.score is None and r.problem == scoring.MISSING_ACTUAL


def test_unit_mismatch_is_not_scored() -> None:
    r = score_indicator(0, "=10场", "12个", D(10))
    assert r.score is None and r.problem == scoring.UNIT_MISMATCH
    assert s("=10％", "10%") == D(10)      # full-width percent is the same unit


def test_text_actual_against_number_needs_clerk() -> None:
    r = score_indicator(0, "=3堂", "已完成", D(10))
    assert r.problem == scoring.NEEDS_SCORE and r.method == "manual"


# ---------------------------------------------------------------- weights, totals, grade

def _ind(level1: str, target: str, actual: str, weight: str | None = None) -> Indicator:
    return Indicator(level1, "x", "n", target,
                     result=Result(actual=actual, weight=D(weight) if weight else None))


def test_default_weights_split_evenly_and_add_up() -> None:
    rows = [(0, _ind("产出指标", "=1", "1")), (1, _ind("产出指标", "=1", "1")),
            (2, _ind("产出指标", "=1", "1")), (3, _ind("效益指标", "完成", "完成")),
            (4, _ind("满意度指标", ">=85%", "90%"))]
    w = scoring.default_weights(rows, scoring.DEFAULT_SETTINGS)
    assert w[0] == w[1] == D("16.67") and w[2] == D("16.66")
    assert w[3] == D(30) and w[4] == D(10)
    result = scoring.score_project(rows, D(250000), D(250000), None)
    assert result.weight_total == D(100)
    assert result.total == D(100) and result.grade == "优"


def test_explicit_weights_take_their_share_of_the_level() -> None:
    rows = [(0, _ind("产出指标", "=1", "1", "20")), (1, _ind("产出指标", "=1", "1")),
            (2, _ind("产出指标", "=1", "1"))]
    w = scoring.default_weights(rows, scoring.DEFAULT_SETTINGS)
    assert (w[0], w[1], w[2]) == (D(20), D(15), D(15))


def test_unknown_level_weighs_nothing() -> None:
    rows = [(0, _ind("其他指标", "=1", "1"))]
    assert scoring.default_weights(rows, ScoringSettings())[0] == D(0)


@pytest.mark.parametrize(("total", "grade"), [
    ("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
    ("60", "中"), ("59.99", "差"), ("0", "差")])
def test_grades(total: str, grade: str) -> None:
    assert scoring.grade(D(total)) == grade


def test_total_is_sum_of_parts() -> None:
    rows = [(0, _ind("产出指标", ">=90%", "85%")), (1, _ind("效益指标", "完成", "完成")),
            (2, _ind("满意度指标", ">=85%", "80%"))]
    r = scoring.score_project(rows, D("215457.6"), D(250000), None)
    assert r.execution_score == D("8.62")
    assert r.total == r.execution_score + sum(x.score or 0 for x in r.indicators)
    assert [x.score for x in r.indicators] == [D("47.22"), D(30), D("9.41")]
    assert r.grade == "优"


# ---------------------------------------------------------------- pace and light

@pytest.mark.parametrize(("executed", "month", "light"), [
    ("50", 6, "green"),      # 50% at mid-year: pace 100
    ("40", 6, "green"),      # pace exactly 80
    ("39.99", 6, "yellow"),
    ("30", 6, "yellow"),     # pace exactly 60
    ("29.99", 6, "red"),
    ("0", 7, "red"),
])
def test_light(executed: str, month: int, light: str) -> None:
    p = scoring.pace(D(executed), D(100), month)
    assert scoring.light(p) == light


def test_pace_value_and_missing_data() -> None:
    assert scoring.pace(D(25), D(100), 6) == D(50)
    assert scoring.pace(D(25), D(100), 13) is None
    assert scoring.pace(None, D(100), 6) is None
    assert scoring.light(None) is None


# ---------------------------------------------------------------- no input raises

_texts = st.one_of(st.text(max_size=12),
                   st.from_regex(r"[<>=≥≤±]{0,2}\d{0,30}(\.\d{0,8})?[%个场元]?", fullmatch=True))
_decimals = st.one_of(st.none(), st.decimals(allow_nan=True, allow_infinity=True),
                      st.decimals(min_value=-1000, max_value=1000, places=3))


@settings(max_examples=400, deadline=None)
@given(_texts, _texts, st.decimals(min_value=0, max_value=100, places=2), _decimals,
       st.sampled_from(scoring.REVERSE_SETTINGS))
def test_scorer_never_raises(target: str, actual: str, weight: D, clerk: D | None,
                             reverse: str) -> None:
    r = score_indicator(0, target, actual, weight, clerk, reverse)
    if r.score is not None:
        assert D(0) <= r.score <= weight


@settings(max_examples=200, deadline=None)
@given(_decimals, _decimals, _decimals, st.integers(min_value=-5, max_value=20))
def test_project_and_pace_never_raise(executed: D | None, budget: D | None, weight: D | None,
                                      month: int) -> None:
    def finite(x: D | None) -> D | None:
        return x if x is not None and x.is_finite() else None
    rows = [(0, _ind("产出指标", ">=1", "1"))]
    r = scoring.score_project(rows, finite(executed), finite(budget), finite(weight))
    assert r.grade in ("优", "良", "中", "差")
    scoring.light(scoring.pace(finite(executed), finite(budget), month))
