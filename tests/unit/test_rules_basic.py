"""Every basic rule: a clean project passes it, one targeted mistake trips it at the right path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from g60desk.domain.model import Declaration, Indicator
from g60desk.rules.checker import check_declaration, run_checks
from g60desk.rules.findings import Severity
from g60desk.rules.registry import RULES
from tests import factories as fx

Mutation = Callable[[Declaration], None]


def _p0(d: Declaration):  # the one project of the fixture
    return d.projects[0]


def _set_funding(key: str, value: str | None) -> Mutation:
    def mutate(d: Declaration) -> None:
        _p0(d).funding.set(key, None if value is None else Decimal(value))
    return mutate


def _set(attr: str, value: object) -> Mutation:
    def mutate(d: Declaration) -> None:
        fx.set_attr(_p0(d), attr, value)
    return mutate


def _section(key: str, value: str) -> Mutation:
    def mutate(d: Declaration) -> None:
        _p0(d).sections[key] = value
    return mutate


def _indicator(j: int, **changes: str) -> Mutation:
    def mutate(d: Declaration) -> None:
        for k, v in changes.items():
            setattr(_p0(d).indicators[j], k, v)
    return mutate


def _drop_level1(level1: str) -> Mutation:
    def mutate(d: Declaration) -> None:
        _p0(d).indicators = [x for x in _p0(d).indicators if x.level1 != level1]
    return mutate


def _append(ind: Indicator) -> Mutation:
    def mutate(d: Declaration) -> None:
        _p0(d).indicators.append(ind)
    return mutate


def _decl(**changes: object) -> Mutation:
    def mutate(d: Declaration) -> None:
        for k, v in changes.items():
            setattr(d, k, v)
    return mutate


def _dup_project(d: Declaration) -> None:
    other = fx.project()
    other.id = "clean2"
    d.projects.append(other)


P = "projects[0]."
# (code, template, mutation, expected path)
CASES: list[tuple[str, str, Mutation, str]] = [
    ("F001", "shanghai-2022", _set_funding("total", None), P + "funding.total"),
    ("F001", "shanghai-2022", _set_funding("annual_appropriation", None), P + "funding.annual_appropriation"),
    ("F002", "shanghai-2022", _set_funding("annual_carryover", None), P + "funding.annual_carryover"),
    ("F003", "shanghai-2022", _set_funding("total_other", "-1.00"), P + "funding.total_other"),
    ("F004", "shanghai-2022", _set_funding("annual_other", "0.001"), P + "funding.annual_other"),
    ("F010", "shanghai-2022", _set_funding("total", "141600.00"), P + "funding.total"),
    ("F010", "shanghai-2022", _set_funding("total_fiscal", "141400.00"), P + "funding.total_fiscal"),
    ("F010", "shanghai-2022", _set_funding("total_other", "5.00"), P + "funding.total_other"),
    ("F011", "shanghai-2022", _set_funding("annual", "141000.00"), P + "funding.annual"),
    ("F011", "shanghai-2022", _set_funding("annual_appropriation", "1.00"), P + "funding.annual_appropriation"),
    ("F011", "shanghai-2022", _set_funding("annual_carryover", "100.00"), P + "funding.annual_carryover"),
    ("F011", "shanghai-2022", _set_funding("annual_other", "100.00"), P + "funding.annual_other"),
    ("F012", "shanghai-2022", _set_funding("annual", "200000.00"), P + "funding.annual"),
    ("F013", "shanghai-2022", lambda d: [_set_funding(k, "0.00")(d) for k in
                                         ("annual", "annual_appropriation")], P + "funding.annual"),
    ("D001", "shanghai-2022", _set("start", None), P + "start"),
    ("D001", "shanghai-2022", _set("end", None), P + "end"),
    ("D002", "shanghai-2022", _set("end", date(2021, 12, 31)), P + "end"),
    ("D003", "shanghai-2022", lambda d: (_set("start", date(2023, 1, 1))(d),
                                         _set("end", date(2023, 12, 31))(d)), P + "start"),
    ("D004", "shanghai-2022", _set("end", date(2035, 12, 31)), P + "end"),
    ("I001", "shanghai-2022", _set("indicators", []), P + "indicators"),
    ("I002", "shanghai-2022", _indicator(0, level2=""), P + "indicators[0].level2"),
    ("I002", "shanghai-2022", _indicator(0, level1=""), P + "indicators[0].level1"),
    ("I003", "shanghai-2022", _append(Indicator("成本指标", "经济成本指标", "单位成本", "<=10元")),
     P + "indicators[5].level1"),
    ("I004", "shanghai-2022", _indicator(3, level2="数量指标"), P + "indicators[3].level2"),
    ("I005", "shanghai-2022", _drop_level1("效益指标"), P + "indicators"),
    ("I005", "shanghai-2026", _drop_level1("成本指标"), P + "indicators"),
    ("I006", "shanghai-2022", _indicator(2, level2="质量指标"), P + "indicators"),
    ("I007", "shanghai-2022", _indicator(1, name="  "), P + "indicators[1].name"),
    ("I008", "shanghai-2022", _append(Indicator("满意度指标", "服务对象满意度指标", "相关方满意度", ">=90%")),
     P + "indicators[4].name"),
    ("I009", "shanghai-2022", _indicator(0, target=""), P + "indicators[0].target"),
    ("I010", "shanghai-2022", _indicator(0, target=">=高"), P + "indicators[0].target"),
    ("I011", "shanghai-2022", _indicator(1, target="=120%"), P + "indicators[1].target"),
    ("I012", "shanghai-2022", _indicator(4, target=">=85"), P + "indicators[4].target"),
    ("I012", "shanghai-2022", _indicator(4, target="满意"), P + "indicators[4].target"),
    ("I013", "shanghai-2026", _indicator(0, target="≥141500元"), P + "indicators[0].target"),
    ("I013", "shanghai-2022", _append(Indicator("产出指标", "成本指标", "单位成本", ">=10元")),
     P + "indicators[5].target"),
    ("I014", "shanghai-2022", _indicator(4, target="<=85%"), P + "indicators[4].target"),
    ("I015", "shanghai-2026", _indicator(0, target="≤150.00(万元)"), P + "indicators[0].target"),
    ("I015", "shanghai-2022", _append(Indicator("产出指标", "成本指标", "设备购置成本", "<=150万元")),
     P + "indicators[5].target"),
    ("T001", "shanghai-2022", _set("name", ""), P + "name"),
    ("T001", "shanghai-2026", _set("nature", ""), P + "nature"),
    ("T002", "shanghai-2022", _set("category", "阶段性项目"), P + "category"),
    ("T002", "shanghai-2026", _set("category", "经常性项目"), P + "category"),
    ("T003", "shanghai-2022", _section("basis", " \n"), P + "sections.basis"),
    ("T004", "shanghai-2022", _set("annual_goal", ""), P + "annual_goal"),
    ("T005", "shanghai-2022", _set("overall_goal", "目标" * 2501), P + "overall_goal"),
    ("T005", "shanghai-2022", _indicator(0, name="指" * 101), P + "indicators[0].name"),
    ("T006", "national-2015", _set("department", "某市生态环境局"), P + "department"),
    ("D001", "national-2015", _set("period", ""), P + "period"),
    ("F010", "national-2015", _set_funding("mid_other", "70"), P + "funding.mid"),
    ("F011", "national-2015", _set_funding("annual_fiscal", "2900000"), P + "funding.annual"),
    ("F012", "national-2015", _set_funding("annual", "9000000"), P + "funding.annual"),
    ("I001", "national-2015", lambda d: _p0(d).indicators.__setitem__(
        slice(None), [x for x in _p0(d).indicators if x.side == "mid"]), P + "indicators"),
    ("C001", "shanghai-2022", _decl(projects=[]), "projects"),
    ("C002", "shanghai-2022", _decl(department=" "), "department"),
    ("C004", "shanghai-2022", _set("unit", "别的单位"), P + "unit"),
    ("C005", "shanghai-2022", _dup_project, P + "name"),
    ("C006", "shanghai-2022", _decl(units=[]), "units"),
]


def _national() -> Declaration:
    from g60desk.exchange.bundle import read_bundle
    return read_bundle(fx.ROOT / "assets" / "samples" / "national-2015-example.json")


def _clean(template_id: str) -> Declaration:
    if template_id == "national-2015":
        return _national()
    return fx.declaration(template_id, 2026 if template_id == "shanghai-2026" else 2022)


@pytest.mark.parametrize("template_id", ["shanghai-2022", "shanghai-2026", "national-2015"])
def test_clean_fixture_has_no_findings(template_id: str) -> None:
    d = _clean(template_id)
    assert check_declaration(d, fx.template(template_id)) == []


@pytest.mark.parametrize(("code", "template_id", "mutate", "path"), CASES,
                         ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_rule_trips_at_path(code: str, template_id: str, mutate: Mutation, path: str) -> None:
    d = _clean(template_id)
    assert not [f for f in check_declaration(d, fx.template(template_id)) if f.code == code]
    mutate(d)
    found = [f for f in check_declaration(d, fx.template(template_id)) if f.code == code]
    assert found, f"{code} not reported"
    assert path in {f.path for f in found}
    for f in found:
        assert f.severity is RULES[code].severity
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message)


def test_every_registered_basic_rule_has_a_case() -> None:
    covered = {c[0] for c in CASES} | {"C003"}
    basic_codes = {c for c in RULES if c[0] in "FDITC" and c[1:].isdigit()}
    assert basic_codes <= covered, basic_codes - covered


def test_unknown_template_is_one_error() -> None:
    d = _clean("shanghai-2022")
    d.template = "beijing-2030"
    result = run_checks(d, fx.templates())
    assert [f.code for f in result.findings] == ["C003"]
    assert result.errors == 1 and result.summary is None
    assert "shanghai-2022" in result.findings[0].message


def test_funding_blame_falls_back_to_the_total_on_multi_year_projects() -> None:
    d = _clean("shanghai-2022")
    f = _p0(d).funding
    f.set("total", Decimal("500000.00"))
    f.set("total_fiscal", Decimal("500000.00"))
    fx.set_day(d.projects[0], "end", date(2024, 12, 31))
    f.set("annual_appropriation", Decimal("100000.00"))  # annual stays 141,500: broken sum
    found = [x for x in check_declaration(d, fx.template()) if x.code == "F011"]
    assert [x.path for x in found] == ["projects[0].funding.annual"]
    assert "141,500.00" in found[0].message and "100,000.00" in found[0].message


def test_percentage_bound_is_not_applied_to_other_units() -> None:
    d = _clean("shanghai-2022")
    _p0(d).indicators[0].target = "=120个"
    assert not [f for f in check_declaration(d, fx.template()) if f.code == "I011"]


def test_duplicate_indicator_reported_once_naming_both_rows() -> None:
    d = _clean("shanghai-2022")
    _p0(d).indicators.append(Indicator("满意度指标", "服务对象满意度指标", "相关方满意度", ">=90%"))
    found = [f for f in check_declaration(d, fx.template()) if f.code == "I008"]
    assert len(found) == 1 and "5、6" in found[0].message


def test_summary_counts_units_projects_and_wan() -> None:
    d = _clean("shanghai-2022")
    second = fx.project()
    second.id, second.unit, second.name = "p2", "另一单位", "另一个项目"
    second.funding = fx.funding("654321.99")
    d.projects.append(second)
    d.units.append("另一单位")
    s = run_checks(d, fx.templates()).summary
    assert s is not None
    assert (s.units, s.projects, s.annual_total_wan) == (2, 2, "79.58")
    assert s.sentence.endswith("编报绩效目标的项目2个,涉及项目预算资金79.58万元。")
    assert "本部门2个预算单位开展了2022年" in s.sentence


def test_findings_have_known_severities_and_sorted_structure() -> None:
    d = _clean("shanghai-2022")
    _p0(d).funding.set("total", None)
    _p0(d).name = ""
    result = run_checks(d, fx.templates())
    assert result.errors == 2
    assert all(f.severity in Severity for f in result.findings)
    assert {f.project_index for f in result.findings} == {0}


def test_cost_in_money_is_compared_with_the_projects_funding() -> None:
    """I015: money totals above the largest funding amount; unit prices and amounts
    within the funding pass; a project without funding says nothing (F001 does)."""
    d = fx.declaration("shanghai-2026", 2026)
    p = _p0(d)
    tpl = fx.template("shanghai-2026")
    total = p.funding.get("total")
    assert total is not None
    cost = p.indicators[0]

    def i015() -> list[str]:
        return [f.message for f in check_declaration(d, tpl) if f.code == "I015"]

    for ok in (f"≤{total}元", f"≤{total / 10000}万元", "≤500元/平方米", "≤0.001亿元", "≤100%"):
        cost.target = ok
        assert i015() == [], ok
    cost.target = "≤150万元"
    (message,) = i015()
    assert "150万元" in message and "项目资金总额" in message and fx.template(
        "shanghai-2026").shape.money(total) in message
    cost.target = "≤0.5亿元"
    assert i015()
    # Not a 成本指标: a benefit in money is not compared.
    p.indicators.append(Indicator("效益指标", "经济效益指标", "带动社会投资额", "≥1000万元"))
    cost.target = f"≤{total}元"
    assert i015() == []
    for key in list(p.funding.amounts):
        p.funding.set(key, None)
    cost.target = "≤150万元"
    assert i015() == []
