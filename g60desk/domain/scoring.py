"""Scoring the year: 执行率 and its score, each indicator's 得分, 总分 and grade; the
monitoring sheet's spending pace and light. The rules are CYCLE.md §1–2:

- 预算执行率: rate = 全年执行数 ÷ 全年预算数; score = w × min(rate, 1);
- 正向 (``≥``, ``>``, no operator): full marks when a ≥ t, else w × a ÷ t;
- 等于 (``=``): as 正向; when t = 0 full marks only when a ≤ 0 (else 0);
- 反向 (``≤``, ``<``): full marks when a ≤ t, else by the template's setting
  ``ratio`` (w × t ÷ a) or ``linear`` (straight line to 0 at a = 2t);
- 定性 (text targets, and values the scorer cannot compare): an actual equal to the
  target is full marks, otherwise the clerk's 得分, which must lie in [0, w];
- scores have two decimals, rounded half up; grade 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差.

Nothing here raises on any input: problems are reported in :attr:`IndicatorScore.problem`
and become findings in :mod:`g60desk.rules.cycle`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from g60desk.domain.cycle import Monitoring
from g60desk.domain.form import FormShape
from g60desk.domain.model import Indicator, Project
from g60desk.domain.targets import NEGATIVE_OPERATORS, Target, TargetKind, parse_target

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
REVERSE_SETTINGS = ("ratio", "linear")
# 定性 bands as fractions of the 分值 (CYCLE.md §2); a score on a boundary takes the upper band.
BANDS: tuple[tuple[str, Decimal, Decimal], ...] = (
    ("达成", Decimal("0.8"), Decimal(1)),
    ("部分达成并具有一定效果", Decimal("0.6"), Decimal("0.8")),
    ("未达成且效果较差", ZERO, Decimal("0.6")),
)
GRADES: tuple[tuple[str, Decimal], ...] = (("优", Decimal(90)), ("良", Decimal(80)),
                                          ("中", Decimal(60)), ("差", ZERO))
LIGHTS = ("green", "yellow", "red")
LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}

# Problems an indicator's score can have (keys of IndicatorScore.problem).
MISSING_ACTUAL = "missing-actual"
UNIT_MISMATCH = "unit"
NEEDS_SCORE = "needs-score"
SCORE_OUT_OF_RANGE = "score-range"


def round2(value: Decimal) -> Decimal:
    """Two decimals, half up; never raises for finite values."""
    with localcontext() as ctx:
        ctx.prec = max(60, len(value.as_tuple().digits) + 10)
        return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _div(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return a / b


@dataclass(frozen=True)
class ScoringSettings:
    """What a self-evaluation template sets: default 分值 and the 反向 rule."""

    execution_weight: Decimal = Decimal(10)
    # 一级指标 → its share of 100; split evenly among that level's indicators.
    level_weights: Mapping[str, Decimal] = field(default_factory=lambda: {
        "产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)})
    reverse: str = "ratio"


DEFAULT_SETTINGS = ScoringSettings()


@dataclass(frozen=True)
class IndicatorScore:
    index: int                    # position in project.indicators
    weight: Decimal
    score: Decimal | None         # None: cannot be scored yet (see problem); counts 0
    method: str                   # positive / equal / reverse / qualitative / manual
    problem: str | None = None

    @property
    def full(self) -> bool:
        return self.score is not None and self.score >= self.weight


@dataclass(frozen=True)
class ProjectScore:
    execution_rate: Decimal | None   # a fraction (0.8618…), None when no 全年预算数
    execution_weight: Decimal
    execution_score: Decimal
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    grade: str

    @property
    def weight_total(self) -> Decimal:
        return self.execution_weight + sum((s.weight for s in self.indicators), ZERO)

    @property
    def indicator_rate(self) -> Decimal | None:
        """Σ indicator 得分 ÷ Σ their 分值 (a fraction), None when they weigh nothing."""
        weights = sum((s.weight for s in self.indicators), ZERO)
        if weights <= 0:
            return None
        return _div(sum((s.score or ZERO for s in self.indicators), ZERO), weights)


# ---------------------------------------------------------------- pieces

def execution_rate(executed: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """全年执行数 ÷ 全年预算数 as a fraction; None when either is missing or the budget is 0."""
    if executed is None or budget is None or budget <= 0 or executed < 0:
        return None
    return _div(executed, budget)


def execution_score(rate: Decimal | None, weight: Decimal) -> Decimal:
    """w × min(rate, 1), two decimals half up (215,457.6 / 250,000 with w = 10 → 8.62)."""
    if rate is None or weight <= 0:
        return ZERO
    return round2(weight * min(rate, Decimal(1)))


def grade(total: Decimal) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below."""
    return next(name for name, floor in GRADES if total >= floor)


def band(score: Decimal, weight: Decimal) -> str:
    """The 定性 band a score falls in (达成 / 部分达成并具有一定效果 / 未达成且效果较差)."""
    if weight <= 0:
        return BANDS[0][0]
    share = _div(score, weight)
    return next(name for name, low, _ in BANDS if share >= low) if share >= 0 else BANDS[-1][0]


def band_range(name: str, weight: Decimal) -> tuple[Decimal, Decimal]:
    """The scores (low, high) of a 定性 band for an indicator of 分值 ``weight``."""
    for n, low, high in BANDS:
        if n == name:
            return round2(weight * low), round2(weight * high)
    raise KeyError(name)


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _unit(t: Target) -> str:
    return _fold(t.unit)


def score_indicator(index: int, target_text: str, actual_text: str, weight: Decimal,
                    clerk_score: Decimal | None = None, reverse: str = "ratio") -> IndicatorScore:
    """One indicator's 得分 against ``target_text`` (its approved target)."""
    w = max(weight, ZERO)
    if not actual_text.strip():
        return IndicatorScore(index, w, None, "manual", MISSING_ACTUAL)
    t = parse_target(target_text)
    a = parse_target(actual_text)
    if (t.kind is TargetKind.QUANTITATIVE and t.operator != "±" and t.number is not None
            and a.kind is TargetKind.QUANTITATIVE and a.number is not None):
        if _unit(a) and _unit(a) != _unit(t):
            return IndicatorScore(index, w, None, "manual", UNIT_MISMATCH)
        return _quantitative(index, t, a.number, w, reverse)
    # 定性, or values the rules cannot compare: equal texts are full marks unless the
    # clerk judged otherwise; anything else needs the clerk's 得分.
    method = "qualitative" if t.kind is not TargetKind.QUANTITATIVE else "manual"
    if clerk_score is None:
        if _fold(target_text) == _fold(actual_text):
            return IndicatorScore(index, w, w, method)
        return IndicatorScore(index, w, None, method, NEEDS_SCORE)
    if not clerk_score.is_finite() or clerk_score < 0 or clerk_score > w:
        return IndicatorScore(index, w, None, method, SCORE_OUT_OF_RANGE)
    return IndicatorScore(index, w, round2(clerk_score), method)


def _quantitative(index: int, t: Target, a: Decimal, w: Decimal, reverse: str) -> IndicatorScore:
    assert t.number is not None
    goal = t.number
    if t.operator in NEGATIVE_OPERATORS:
        if a <= goal:
            return IndicatorScore(index, w, w, "reverse")
        if goal <= 0:
            return IndicatorScore(index, w, ZERO, "reverse")
        # ratio: w × t ÷ a; linear: a straight line from w at t to 0 at 2t.
        share = max(ZERO, _div(2 * goal - a, goal)) if reverse == "linear" else _div(goal, a)
        return IndicatorScore(index, w, round2(w * min(share, Decimal(1))), "reverse")
    method = "equal" if t.operator == "=" else "positive"
    if goal == 0:
        full = a >= 0 if method == "positive" else a <= 0
        return IndicatorScore(index, w, w if full else ZERO, method)
    if a >= goal:
        return IndicatorScore(index, w, w, method)
    return IndicatorScore(index, w, round2(w * _div(a, goal)), method)


def default_weights(indicators: Sequence[tuple[int, Indicator]],
                    settings: ScoringSettings) -> dict[int, Decimal]:
    """Each indicator's 分值: its own when set, else its 一级's share split evenly among
    that level's indicators without one (two decimals, the last takes the remainder)."""
    out: dict[int, Decimal] = {}
    by_level: dict[str, list[int]] = {}
    explicit: dict[str, Decimal] = {}
    for j, ind in indicators:
        if ind.result.weight is not None:
            out[j] = ind.result.weight
            explicit[ind.level1] = explicit.get(ind.level1, ZERO) + ind.result.weight
        else:
            by_level.setdefault(ind.level1, []).append(j)
    for level, rows in by_level.items():
        share = settings.level_weights.get(level, ZERO) - explicit.get(level, ZERO)
        share = max(share, ZERO)
        each = round2(_div(share, Decimal(len(rows))))
        for j in rows[:-1]:
            out[j] = each
        out[rows[-1]] = share - each * (len(rows) - 1)
    return out


def score_project(indicators: Sequence[tuple[int, Indicator]], executed: Decimal | None,
                  budget: Decimal | None, execution_weight: Decimal | None,
                  settings: ScoringSettings = DEFAULT_SETTINGS) -> ProjectScore:
    """Score a project: ``indicators`` are (index, indicator) of the scored side."""
    weights = default_weights(indicators, settings)
    ew = settings.execution_weight if execution_weight is None else execution_weight
    rate = execution_rate(executed, budget)
    escore = execution_score(rate, ew)
    scores = tuple(score_indicator(j, ind.reference_target, ind.result.actual, weights[j],
                                   ind.result.score, settings.reverse)
                   for j, ind in indicators)
    total = escore + sum((s.score or ZERO for s in scores), ZERO)
    return ProjectScore(rate, ew, escore, scores, total, grade(total))


# ---------------------------------------------------------------- monitoring

def pace(executed: Decimal | None, budget: Decimal | None, month: int) -> Decimal | None:
    """执行率 ÷ (X / 12) × 100; None when it cannot be computed."""
    rate = execution_rate(executed, budget)
    if rate is None or not 1 <= month <= 12:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return rate * 12 / month * HUNDRED


def light(pace_value: Decimal | None) -> str | None:
    """green (≥ 80), yellow (60 to under 80), red (< 60); None without a pace."""
    if pace_value is None:
        return None
    if pace_value < 60:
        return "red"
    if pace_value < 80:
        return "yellow"
    return "green"


def percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction as a percentage with two decimals (0.8618304 → 86.18)."""
    return None if fraction is None else round2(fraction * HUNDRED)



@dataclass(frozen=True)
class Pace:
    month: int
    budget: Decimal | None
    rate: Decimal | None          # fraction
    pace: Decimal | None          # percentage
    light: str | None


def project_pace(p: Project, shape: FormShape) -> Pace:
    """The spending pace of a project's monitoring block (budget: 调整后预算数, else the
    declared 年度资金)."""
    m = p.monitoring or Monitoring()
    budget = m.budget_adjusted if m.budget_adjusted is not None else shape.annual_amount(p)
    value = pace(m.executed_to_date, budget, m.month)
    return Pace(m.month, budget, execution_rate(m.executed_to_date, budget), value, light(value))


def project_score(p: Project, shape: FormShape,
                  settings: ScoringSettings = DEFAULT_SETTINGS) -> ProjectScore:
    """The self-evaluation score of a project on its form's scored indicator side."""
    ev = p.evaluation
    return score_project(shape.rules_indicators(p), ev.executed if ev else None,
                         ev.budget_full_year if ev else None,
                         ev.execution_weight if ev else None, settings)
