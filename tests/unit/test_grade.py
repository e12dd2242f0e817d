"""Readiness grade: thresholds from forms/review.toml, per project and for the declaration."""

from __future__ import annotations

from g60desk.domain.model import Declaration
from g60desk.formspec.review import GradeSpec
from g60desk.rules.findings import Finding, Severity
from g60desk.rules.grade import grade_findings, grade_of, grade_report
from g60desk.rules.review import default_review
from tests import clean_projects as cp

SPEC = default_review().grade


def _f(severity: Severity, path: str = "projects[0].name") -> Finding:
    return Finding(severity, "X001", path, "说明")


def test_levels_follow_the_thresholds() -> None:
    assert grade_findings([], SPEC).label == "可提交"
    assert grade_findings([_f(Severity.INFO)] * 5, SPEC).level == "ready"
    assert "5 个提示" in grade_findings([_f(Severity.INFO)] * 5, SPEC).reason
    assert grade_findings([_f(Severity.WARNING)], SPEC).label == "建议修改"
    assert grade_findings([_f(Severity.ERROR)], SPEC).label == "必须修改"
    many = [_f(Severity.WARNING)] * SPEC.must_fix_warnings
    g = grade_findings(many, SPEC)
    assert g.level == "must_fix" and "评审很可能退回" in g.reason
    assert grade_findings(many[:-1], SPEC).level == "revise"


def test_thresholds_and_labels_are_settings() -> None:
    strict = GradeSpec(must_fix_warnings=2, revise_warnings=1,
                       labels={"ready": "优", "revise": "良", "must_fix": "中"})
    assert grade_findings([_f(Severity.WARNING)] * 2, strict).label == "中"


def _decl() -> Declaration:
    return cp.declaration_2022()  # two projects


def test_declaration_takes_its_worst_project() -> None:
    report = grade_report(_decl(), [_f(Severity.WARNING, "projects[1].annual_goal")], SPEC)
    assert [p.grade.level for p in report.projects] == ["ready", "revise"]
    assert report.declaration.level == "revise"
    assert report.declaration.reason == "2 个项目中,建议修改 1 个、可提交 1 个。"
    assert report.projects[1].name == "办公家具设备采购"


def test_declaration_level_findings_count_too() -> None:
    report = grade_report(_decl(), [_f(Severity.ERROR, "department")], SPEC)
    assert all(p.grade.level == "ready" for p in report.projects)
    assert report.declaration.level == "must_fix"
    assert "申报本身:有 1 个错误" in report.declaration.reason
    doc = report.as_dict()
    assert doc["declaration"]["errors"] == 1  # type: ignore[index]
    assert [p["index"] for p in doc["projects"]] == [0, 1]  # type: ignore[attr-defined]


def test_grade_says_what_its_findings_are_about() -> None:
    found = [Finding(Severity.WARNING, "F011", "projects[0].funding.annual", "x")] * 3 + [
        Finding(Severity.WARNING, "I010", "projects[0].indicators[0]", "y"),
        Finding(Severity.INFO, "R013", "projects[0].indicators[1]", "z")]
    g = grade_findings(found, SPEC)
    assert g.why == "3 项警告涉及金额一致性、1 项涉及绩效指标"
    assert g.reason.endswith("其中 3 项警告涉及金额一致性、1 项涉及绩效指标。")
    errors = grade_findings([*found, Finding(Severity.ERROR, "D001", "projects[0].x", "e")], SPEC)
    assert errors.why == "1 项错误涉及日期与实施周期"
    assert grade_findings([_f(Severity.INFO)], SPEC).why == ""


def test_declaration_warnings_do_not_lower_a_project() -> None:
    # Eight warnings in all, five on the declaration and three on the project: neither
    # part reaches 必须修改, so neither the project nor the declaration is graded so.
    found = [_f(Severity.WARNING, "department")] * 5 + [_f(Severity.WARNING)] * 3
    assert grade_of(_decl(), found, SPEC, 0).level == "revise"
    assert grade_of(_decl(), found, SPEC).level == "revise"
    assert "涉及隐藏字符" in grade_of(_decl(), found, SPEC).why
