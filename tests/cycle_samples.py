"""The Songjiang sample carried through the year: approved, monitored and self-evaluated."""

from __future__ import annotations

from decimal import Decimal as D

from g60desk.domain import approval
from g60desk.domain.cycle import Cause, Evaluation, Monitoring
from g60desk.domain.model import Declaration
from g60desk.exchange.bundle import read_bundle
from tests.factories import SAMPLE

# The sample's first project's indicators and what was achieved (CYCLE.md's published
# figures for the money: 215,457.6 of 250,000).
ACTUALS = ["3堂", "10个", "3场", "1场", "完成", "完成", "25%", "及时", "完成", "基本完成",
           "完成", "90"]


def sample() -> Declaration:
    return read_bundle(SAMPLE)


def full_year() -> Declaration:
    """The sample, 已批复 with one 调整, its first project monitored at month 6 and
    self-evaluated; the other projects untouched."""
    d = sample()
    approval.approve(d, "2022-03-15")
    p = d.projects[0]
    approval.adjust_target(d, p, 2, "=3 场", "疫情影响,活动场次调减", "2022-07-10")
    p.monitoring = Monitoring(6, D("250000"), D("100000"), D("240000"),
                              Cause("经费", "部分活动延后举办"), "下半年集中举办")
    for ind in p.indicators:
        ind.progress.current = "按计划推进"
        ind.progress.likelihood = "确定能"
    p.indicators[3].progress.likelihood = "有可能"
    p.indicators[3].progress.cause = Cause("其他", "场地未落实")
    p.indicators[3].progress.measures = "协调区内场馆"
    p.evaluation = Evaluation(D("250000"), D("250000"), D("215457.6"), None,
                              "完成课程开发与研讨活动。")
    for ind, actual in zip(p.indicators, ACTUALS, strict=True):
        ind.result.actual = actual
    p.indicators[9].result.score = D("2.5")
    p.indicators[9].result.deviation = "部分调研成果尚在转化中,明年继续推进。"
    p.indicators[1].result.weight = D("6")
    return d
