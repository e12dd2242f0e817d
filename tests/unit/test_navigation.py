"""The navigator tree: grouping, status, amounts and the name filter."""

from __future__ import annotations

from decimal import Decimal

from g60desk.domain.cycle import Monitoring
from g60desk.rules.checker import check_declaration
from g60desk.services import marks
from g60desk.services.navigation import STATUS_ERROR, STATUS_OK, build_tree, count
from tests import factories
from tests.factories import legacy_project


def _decls() -> list:
    a = factories.declaration()
    bad = legacy_project(id="p2", unit="另一单位", name="课题与规划")
    a.projects.append(bad)
    b = factories.declaration(year=2023)
    b.id = "decl2"
    return [a, b]


def test_tree_groups_by_year_and_unit_with_status() -> None:
    decls = _decls()
    findings = {d.id: check_declaration(d, factories.template()) for d in decls}
    tree = build_tree(decls, findings)
    assert [y.year for y in tree] == [2023, 2022]
    d2022 = tree[1].declarations[0]
    assert [u.name for u in d2022.units] == [factories.UNIT, "另一单位"]
    first, second = d2022.units[0].projects[0], d2022.units[1].projects[0]
    assert first.counts.status == STATUS_OK and first.counts.label == marks.OK
    assert first.annual_label == "14.15 万元"
    assert second.counts.status == STATUS_ERROR and second.counts.label.startswith(marks.ERROR)
    assert second.index == 1 and second.annual_label == "—"
    assert d2022.annual_total == Decimal("141500.00")


def test_filter_keeps_matching_projects_and_their_parents() -> None:
    decls = _decls()
    tree = build_tree(decls, {}, "课题")
    assert [y.year for y in tree] == [2022]
    units = tree[0].declarations[0].units
    assert [(u.name, [p.name for p in u.projects]) for u in units] == [("另一单位", ["课题与规划"])]
    assert build_tree(decls, {}, "没有这个") == []
    # A unit name matches too.
    assert [p.name for p in build_tree(decls, {}, "另一")[0].declarations[0].units[0].projects] == [
        "课题与规划"]


def test_count_labels() -> None:
    assert count([]).label == marks.OK


def test_projects_show_their_grade_or_light() -> None:
    from tests.cycle_samples import full_year
    from tests.factories import template
    d = full_year()
    d.projects[1].monitoring = Monitoring(6, Decimal("100"), Decimal("10"))
    tree = build_tree([d], {}, shapes={d.template: template().shape})
    marks = {p.index: p.mark for p in tree[0].declarations[0].units[0].projects}
    assert marks[0] == "自评优" and marks[1] == "红灯" and marks[2] == ""
    assert build_tree([d], {})[0].declarations[0].units[0].projects[0].mark == ""


def test_declarations_not_checked_yet_show_no_verdict() -> None:
    """Before the first check (the window's first paint) a declaration missing from the
    findings is listed with ``…`` marks, neither √ nor errors; 只看有错误的项目 keeps it."""
    from g60desk.services.navigation import STATUS_UNCHECKED

    decls = _decls()
    checked = {decls[0].id: check_declaration(decls[0], factories.template())}
    tree = build_tree(decls, checked)
    unchecked = tree[0].declarations[0]           # 2023: not in the findings
    assert unchecked.counts.status == STATUS_UNCHECKED and unchecked.counts.label == "…"
    assert all(p.counts.label == "…" for u in unchecked.units for p in u.projects)
    d2022 = tree[1].declarations[0]
    assert d2022.units[0].projects[0].counts.label == marks.OK
    only_errors = build_tree(decls, checked, errors_only=True)
    kept = {d.year: [p.name for u in d.units for p in u.projects]
            for y in only_errors for d in y.declarations}
    assert kept[2022] == ["课题与规划"]           # checked: only the one with errors
    assert kept[2023] == [p.name for p in decls[1].projects]   # not checked: all kept
