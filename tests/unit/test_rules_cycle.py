"""Monitoring (M), self-evaluation (S) and approval (A) findings; 已批复 and 调整."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from g60desk.domain import approval
from g60desk.domain.cycle import Cause, Evaluation, Monitoring
from g60desk.domain.errors import InputError
from g60desk.domain.model import Declaration
from g60desk.domain.operations import roll_forward
from g60desk.rules import cycle
from g60desk.rules.checker import check_declaration
from tests import factories as f

ACTUALS = ["120个", "100%", "及时", "99.5%", "90%"]


def evaluated() -> Declaration:
    """The clean declaration with a full-marks self-evaluation: no cycle findings."""
    d = f.declaration()
    p = d.projects[0]
    p.evaluation = Evaluation(D("141500"), D("141500"), D("141500"), None, "已完成")
    for ind, actual in zip(p.indicators, ACTUALS, strict=True):
        ind.result.actual = actual
    return d


def monitored(executed: str = "70750") -> Declaration:
    d = f.declaration()
    p = d.projects[0]
    p.monitoring = Monitoring(6, None, D(executed), D("141500"))
    for ind in p.indicators:
        ind.progress.current = "过半"
        ind.progress.likelihood = "确定能"
    return d


def codes(d: Declaration) -> list[str]:
    return [x.code for x in check_declaration(d, f.template())
            if x.code[0] in "MSA"]


def findings(d: Declaration, code: str) -> list[str]:
    return [x.path for x in check_declaration(d, f.template()) if x.code == code]


def test_clean_declaration_has_no_cycle_findings() -> None:
    assert codes(f.declaration()) == []


def test_full_marks_evaluation_is_clean_and_scores_100() -> None:
    d = evaluated()
    assert codes(d) == []
    score = cycle.project_score(d.projects[0], d, f.template())
    assert score.total == D(100) and score.grade == "优"


def test_missing_actual_S001() -> None:
    d = evaluated()
    d.projects[0].indicators[1].result.actual = ""
    assert findings(d, "S001") == ["projects[0].indicators[1].actual"]


def test_below_full_marks_needs_deviation_S002() -> None:
    d = evaluated()
    ind = d.projects[0].indicators[0]
    ind.result.actual = "100个"
    assert findings(d, "S002") == ["projects[0].indicators[0].deviation"]
    ind.result.deviation = "部分点位因装修推迟,明年一季度完成。"
    assert findings(d, "S002") == []


def test_unit_mismatch_S003() -> None:
    d = evaluated()
    d.projects[0].indicators[0].result.actual = "120场"
    assert findings(d, "S003") == ["projects[0].indicators[0].actual"]


def test_score_ahead_of_spending_S004() -> None:
    d = evaluated()
    assert d.projects[0].evaluation is not None
    d.projects[0].evaluation.executed = D("70750")   # 50% spent, every target met
    assert findings(d, "S004") == ["projects[0].evaluation.executed"]


def test_weights_not_100_S005() -> None:
    d = evaluated()
    d.projects[0].indicators[0].result.weight = D(30)   # 产出 now 30 + 12.5 + 12.5 … ≠ 50
    d.projects[0].indicators[1].result.weight = D(30)
    d.projects[0].indicators[2].result.weight = D(5)
    assert findings(d, "S005") == ["projects[0].evaluation.execution_weight"]


def test_qualitative_needs_score_S006_and_range_S007() -> None:
    d = evaluated()
    ind = d.projects[0].indicators[2]
    ind.result.actual = "基本及时"
    ind.result.deviation = "个别环节延后。"
    assert findings(d, "S006") == ["projects[0].indicators[2].score"]
    ind.result.score = D(99)
    assert findings(d, "S007") == ["projects[0].indicators[2].score"]
    ind.result.score = D(12)
    assert findings(d, "S006") == findings(d, "S007") == []


def test_missing_money_S008_and_overspent_S009() -> None:
    d = evaluated()
    ev = d.projects[0].evaluation
    assert ev is not None
    ev.executed = None
    assert findings(d, "S008") == ["projects[0].evaluation.executed"]
    ev.executed = D("150000")
    assert findings(d, "S009") == ["projects[0].evaluation.executed"]


def test_green_light_needs_no_cause() -> None:
    d = monitored("70750")    # 50% at month 6: pace 100
    assert codes(d) == []
    pace = cycle.monitoring_pace(d.projects[0], f.template())
    assert pace.light == "green" and pace.pace == D(100)


@pytest.mark.parametrize(("executed", "light"), [("50000", "yellow"), ("10000", "red")])
def test_yellow_or_red_needs_cause_and_measures(executed: str, light: str) -> None:
    d = monitored(executed)
    assert cycle.monitoring_pace(d.projects[0], f.template()).light == light
    assert codes(d) == ["M003", "M004"]
    m = d.projects[0].monitoring
    assert m is not None
    m.cause = Cause("经费", "资金拨付滞后")
    m.measures = "加快采购与支付"
    assert codes(d) == []


def test_month_and_missing_execution() -> None:
    d = monitored()
    m = d.projects[0].monitoring
    assert m is not None
    m.month = 13
    assert "M001" in codes(d)
    m.month, m.executed_to_date = 6, None
    assert findings(d, "M002") == ["projects[0].monitoring.executed_to_date"]


def test_indicator_likelihood_rules() -> None:
    d = monitored()
    inds = d.projects[0].indicators
    inds[0].progress.likelihood = ""
    inds[1].progress.likelihood = "大概"
    inds[2].progress.likelihood = "有可能"
    inds[3].progress.likelihood = "完全不可能"
    inds[3].progress.cause = Cause("天气", "")
    got = [(x.code, x.path) for x in check_declaration(d, f.template()) if x.code[0] == "M"]
    assert got == [
        ("M005", "projects[0].indicators[0].progress.likelihood"),
        ("M006", "projects[0].indicators[1].progress.likelihood"),
        ("M007", "projects[0].indicators[2].progress.cause"),
        ("M008", "projects[0].indicators[2].progress.measures"),
        ("M009", "projects[0].indicators[3].progress.cause"),
        ("M008", "projects[0].indicators[3].progress.measures"),
    ]


def test_monitoring_uses_declared_annual_when_no_adjusted_budget() -> None:
    d = monitored("70750")
    assert cycle.monitoring_pace(d.projects[0], f.template()).budget == D("141500")
    m = d.projects[0].monitoring
    assert m is not None
    m.budget_adjusted = D("283000")     # 25% of the adjusted budget at month 6: pace 50
    assert cycle.monitoring_pace(d.projects[0], f.template()).light == "red"


# ---------------------------------------------------------------- 已批复 and 调整

def test_approval_freezes_targets_and_adjustment_records_difference() -> None:
    d = f.declaration()
    p = d.projects[0]
    approval.approve(d, "2022-03-01")
    assert approval.is_locked(d, p.indicators[0])
    assert p.indicators[0].approved == "=120个"
    with pytest.raises(InputError):
        approval.adjust_target(d, p, 0, "=100个", "  ", "2022-07-01")
    adj = approval.adjust_target(d, p, 0, "=100个", "预算调减", "2022-07-01")
    assert p.indicators[0].target == p.indicators[0].approved == "=100个"
    assert adj.changes[0].before == "=120个" and adj.changes[0].after == "=100个"
    assert "=120个 → =100个" in p.adjustments[0].describe()
    assert codes(d) == []


def test_plain_edit_after_approval_is_A001_and_scores_against_approved() -> None:
    d = evaluated()
    approval.approve(d, "2022-03-01")
    ind = d.projects[0].indicators[0]
    ind.target = "=200个"
    assert findings(d, "A001") == ["projects[0].indicators[0].target"]
    # 120个 against the approved =120个: still full marks
    assert cycle.project_score(d.projects[0], d, f.template()).total == D(100)


def test_adjust_needs_approval() -> None:
    d = f.declaration()
    with pytest.raises(InputError):
        approval.adjust_target(d, d.projects[0], 0, "=1个", "x", "2022-07-01")


def test_next_year_starts_from_approved_targets_without_actuals() -> None:
    d = evaluated()
    approval.approve(d, "2022-03-01")
    d.projects[0].indicators[0].target = "=999个"     # unapproved edit
    nxt = roll_forward(d, shape=f.template().shape)
    p = nxt.projects[0]
    assert p.indicators[0].target == "=120个"
    assert p.indicators[0].approved is None and p.indicators[0].result.actual == ""
    assert p.evaluation is None and p.monitoring is None and nxt.approved == ""


def test_a_copied_project_starts_without_the_year() -> None:
    from g60desk.domain.operations import copy_project
    d = evaluated()
    approval.approve(d, "2022-03-01")
    p = d.projects[0]
    p.indicators[0].target = "=130个"
    dup = copy_project(p)
    assert dup.id != p.id and dup.evaluation is None and dup.adjustments == []
    assert dup.indicators[0].target == "=120个" and dup.indicators[0].approved is None
    assert all(i.result.is_empty() and i.progress.is_empty() for i in dup.indicators)
