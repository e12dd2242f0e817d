"""The department's roll-up: units, projects, totals, and every refusal and conflict."""

from __future__ import annotations

from decimal import Decimal

import pytest

from g60desk.domain.model import Declaration
from g60desk.domain.rollup import RollUpError, UnitBundle, roll_up, unit_rows
from g60desk.rules.summary import summarize
from tests import factories
from tests.store_samples import declaration

DEPT = "上海市松江区科学技术委员会"


def unit_bundle(unit: str, tag: str, *, projects: int = 1, year: int = 2022,
                department: str = DEPT) -> UnitBundle:
    decl = declaration(projects, year=year, unit=unit, department=department, decl_id=f"d{tag}")
    for k, p in enumerate(decl.projects):
        p.id = f"{tag}{k}"
        p.name = f"{unit}项目{k + 1}"
    return UnitBundle(f"{tag}.json", decl)


def test_two_units_make_one_declaration_counting_both() -> None:
    a, b = unit_bundle("甲中心", "a"), unit_bundle("乙中心", "b", projects=2)
    result = roll_up([a, b], annual_key="annual")
    decl = result.declaration
    assert decl.year == 2022 and decl.template == "shanghai-2022" and decl.department == DEPT
    assert decl.units == ["甲中心", "乙中心"]
    assert [p.id for p in decl.projects] == ["a0", "b0", "b1"]
    assert [p.unit for p in decl.projects] == ["甲中心", "乙中心", "乙中心"]
    assert decl.id not in ("da", "db")
    assert [(t.unit, t.projects) for t in result.units] == [("甲中心", 1), ("乙中心", 2)]
    total = a.declaration.annual_total("annual") + b.declaration.annual_total("annual")
    assert decl.annual_total("annual") == total == sum(t.annual_total for t in result.units)
    assert result.warnings == []
    s = summarize(decl, factories.template())
    assert s.units == 2 and s.projects == 3
    assert "本部门2个预算单位" in s.sentence and f"{total / 10000:.2f}万元" in s.sentence


def test_inputs_are_not_changed() -> None:
    a = unit_bundle("甲中心", "a")
    a.declaration.projects[0].unit = ""
    roll_up([a, unit_bundle("乙中心", "b")], annual_key="annual")
    assert a.declaration.projects[0].unit == ""


def test_a_project_without_unit_counts_under_its_bundles_unit() -> None:
    a = unit_bundle("甲中心", "a")
    a.declaration.projects[0].unit = ""
    result = roll_up([a, unit_bundle("乙中心", "b")], annual_key="annual")
    assert result.declaration.projects[0].unit == "甲中心"
    assert result.declaration.declaring_units() == ["甲中心", "乙中心"]


def test_different_years_are_refused() -> None:
    with pytest.raises(RollUpError, match=r"年度不同.*a\.json:2022年.*b\.json:2023年"):
        roll_up([unit_bundle("甲", "a"), unit_bundle("乙", "b", year=2023)], annual_key="annual")


def test_different_templates_are_refused() -> None:
    b = unit_bundle("乙", "b")
    b.declaration.template = "shanghai-2026"
    with pytest.raises(RollUpError, match="模板不同"):
        roll_up([unit_bundle("甲", "a"), b], annual_key="annual")


def test_same_project_id_from_two_units_is_a_conflict() -> None:
    a, b = unit_bundle("甲中心", "a"), unit_bundle("乙中心", "b")
    b.declaration.projects[0].id = "a0"
    with pytest.raises(RollUpError) as info:
        roll_up([a, b], annual_key="annual")
    assert len(info.value.conflicts) == 1
    assert "项目编号“a0”" in info.value.conflicts[0]
    assert "甲中心" in info.value.conflicts[0] and "乙中心" in info.value.conflicts[0]


def test_same_unit_in_two_bundles_is_a_conflict() -> None:
    old, new = unit_bundle("甲中心", "old"), unit_bundle("甲中心", "new")
    with pytest.raises(RollUpError) as info:
        roll_up([old, new], annual_key="annual")
    assert info.value.conflicts == [
        "单位“甲中心”同时出现在 old.json 和 new.json 中(同一单位只能给出一个数据包;"
        "要用较新的数据包替换旧的,请选择替换(命令行加 --replace))"]


def test_the_same_bundle_twice_lists_every_conflict() -> None:
    a = unit_bundle("甲中心", "a", projects=2)
    with pytest.raises(RollUpError) as info:
        roll_up([a, a], annual_key="annual")
    assert len(info.value.conflicts) == 3  # the unit and both project ids


def test_departments_must_agree_or_be_named() -> None:
    a, b = unit_bundle("甲", "a"), unit_bundle("乙", "b", department="别的局")
    with pytest.raises(RollUpError, match=r"主管部门不同.*--department"):
        roll_up([a, b], annual_key="annual")
    result = roll_up([a, b], annual_key="annual", department=" 区科委 ")
    assert result.declaration.department == "区科委"
    assert result.declaration.signatures.unit == "区科委"


def test_nothing_to_roll_up() -> None:
    with pytest.raises(RollUpError, match="没有给出"):
        roll_up([], annual_key="annual")


def test_department_level_warnings() -> None:
    a, b = unit_bundle("甲中心", "a"), unit_bundle("乙中心", "b")
    b.declaration.projects[0].name = a.declaration.projects[0].name
    empty = UnitBundle("c.json", Declaration(year=2022, template="shanghai-2022",
                                             department=DEPT, units=["丙中心"]))
    result = roll_up([a, b, empty], annual_key="annual")
    assert any("项目名称“甲中心项目1”同时出现在“甲中心”和“乙中心”" in w for w in result.warnings)
    assert any("单位“丙中心”(c.json)没有任何项目" in w for w in result.warnings)
    assert result.declaration.units == ["甲中心", "乙中心", "丙中心"]


def test_project_of_an_unlisted_unit_makes_the_totals_disagree() -> None:
    a, b = unit_bundle("甲中心", "a"), unit_bundle("乙中心", "b", projects=2)
    b.declaration.projects[1].unit = "丁中心"  # not in b's unit list
    result = roll_up([a, b], annual_key="annual")
    assert any("合计" in w and "不一致" in w for w in result.warnings)
    assert "丁中心" in result.declaration.units
    assert result.declaration.annual_total("annual") > sum(
        (t.annual_total for t in result.units), Decimal(0))


def test_unit_rows_sum_each_unit_then_all() -> None:
    a, b = unit_bundle("甲中心", "a", projects=2), unit_bundle("乙中心", "b")
    decl = roll_up([a, b], annual_key="annual").declaration
    decl.projects[1].funding.set("annual_other", Decimal("5.00"))
    rows = unit_rows(decl, ["annual", "annual_other"])
    assert [(r.unit, r.indices, r.is_total) for r in rows] == [
        ("甲中心", (0, 1), False), ("乙中心", (2,), False), ("合计", (0, 1, 2), True)]
    assert rows[0].amounts == (a.declaration.annual_total("annual"), Decimal("5.00"))
    assert rows[2].amounts[0] == decl.annual_total("annual")
    assert rows[2].indicators == sum(len(p.indicators) for p in decl.projects)


def test_stamps_order_bundles_across_time_zones() -> None:
    from g60desk.domain.rollup import NEWER, OLDER, SAME, UNKNOWN, compare_stamps

    assert compare_stamps("2026-03-01T10:00:00+08:00", "2026-03-01T01:00:00+00:00") == NEWER
    assert compare_stamps("2026-03-01T09:00:00+08:00", "2026-03-01T01:00:00+00:00") == SAME
    assert compare_stamps("2026-02-28T09:00:00+08:00", "2026-03-01T09:00:00+08:00") == OLDER
    assert compare_stamps("", "2026-03-01T09:00:00+08:00") == UNKNOWN
    assert compare_stamps("昨天", "2026-03-01T09:00:00+08:00") == UNKNOWN


def test_replacing_a_unit_keeps_the_other_units_and_the_place() -> None:
    import copy

    from g60desk.domain.rollup import plan_replacement, replaced

    a, b, c = (unit_bundle(u, u) for u in ("甲", "乙", "丙"))
    rolled = roll_up([a, b, c], annual_key="annual").declaration
    newer = copy.deepcopy(b.declaration)
    newer.exported = "2099-01-01T00:00:00+08:00"
    newer.projects[0].name = "乙的新项目"
    newer.projects.append(copy.deepcopy(newer.projects[0]))   # same id twice: renumbered
    incoming = UnitBundle("乙-新.json", newer)
    plan = plan_replacement(rolled, incoming)
    assert plan.units == ("乙",) and plan.old == (1,) and not plan.whole
    out = replaced(rolled, incoming, plan)
    assert [p.unit for p in out.projects] == ["甲", "乙", "乙", "丙"]
    assert out.projects[1].name == "乙的新项目"
    assert len({p.id for p in out.projects}) == 4
    assert out.versions["乙"] == newer.exported
    assert [p.name for p in rolled.projects] != [p.name for p in out.projects]  # a copy
