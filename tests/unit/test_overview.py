"""检查结果汇总: the declaration's findings grouped by project, and 只看有错误的项目."""

from __future__ import annotations

from g60desk.rules.findings import Finding, Severity
from g60desk.services.navigation import build_tree
from g60desk.services.overview import DECLARATION_GROUP, group_findings
from tests import factories
from tests.factories import legacy_project


def _f(severity: Severity, path: str, message: str = "问题") -> Finding:
    return Finding(severity, "X001", path, message)


def test_groups_follow_the_projects_with_errors_first() -> None:
    found = [_f(Severity.WARNING, "projects[1].funding.total", "警告一"),
             _f(Severity.ERROR, "projects[1].values.name", "错误一"),
             _f(Severity.INFO, "department", "整体"),
             _f(Severity.ERROR, "projects[0].goals.annual", "错误二")]
    groups = group_findings(found, ["课题与规划", "  "])
    assert [g.name for g in groups] == [DECLARATION_GROUP, "课题与规划", "(未命名项目)"]
    assert [g.project_index for g in groups] == [None, 0, 1]
    assert [f.message for f in groups[2].findings] == ["错误一", "警告一"]
    assert groups[2].label == "2. (未命名项目)(错误 1 · 警告 1)"
    assert groups[0].label == "申报整体(提示 1)"
    assert sum(len(g.findings) for g in groups) == len(found)


def test_projects_without_findings_are_left_out_unless_asked() -> None:
    found = [_f(Severity.ERROR, "projects[1].values.name")]
    assert [g.project_index for g in group_findings(found, ["甲", "乙", "丙"])] == [1]
    kept = group_findings(found, ["甲", "乙", "丙"], keep_empty=True)
    assert [g.project_index for g in kept] == [0, 1, 2]
    assert kept[0].label == "1. 甲(没有问题)"


def test_errors_only_keeps_projects_with_errors_and_every_declaration() -> None:
    a = factories.declaration()
    a.projects.append(legacy_project(id="p2", unit="另一单位", name="课题与规划"))
    b = factories.declaration(year=2023)
    b.id = "decl2"
    findings = {a.id: [_f(Severity.ERROR, "projects[1].values.name"),
                       _f(Severity.WARNING, "projects[0].funding.total")],
                b.id: [_f(Severity.WARNING, "projects[0].funding.total")]}
    full = build_tree([a, b], findings)
    assert sum(len(u.projects) for y in full for d in y.declarations for u in d.units) == 3
    tree = build_tree([a, b], findings, errors_only=True)
    projects = [p for y in tree for d in y.declarations for u in d.units for p in u.projects]
    assert [p.name for p in projects] == ["课题与规划"]
    assert {d.id for y in tree for d in y.declarations} == {a.id, b.id}
    assert [u.name for y in tree for d in y.declarations for u in d.units] == ["另一单位"]
    # With the name filter too: both must hold.
    assert build_tree([a, b], findings, "没有这个", errors_only=True) == []
