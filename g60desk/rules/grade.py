"""Readiness grade: 可提交 / 建议修改 / 必须修改, per project and for the declaration.

Finance bureaus grade declarations 优/良/中/差 and return the weak ones; the grade
here is the unit's own forecast, computed only from the findings so it is always
explained by them. Thresholds and labels come from ``[grade]`` in forms/review.toml:
any error means 必须修改, so do ``must_fix_warnings`` warnings or more; at least
``revise_warnings`` warnings means 建议修改; info never lowers a grade.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from g60desk.domain.model import Declaration
from g60desk.formspec.review import GRADE_LEVELS, GradeSpec
from g60desk.rules.findings import Finding, count_by_severity

READY, REVISE, MUST_FIX = GRADE_LEVELS


@dataclass(frozen=True)
class Grade:
    level: str       # ready / revise / must_fix (stable, for programs)
    label: str       # 可提交 / 建议修改 / 必须修改 (from the settings)
    errors: int
    warnings: int
    infos: int
    reason: str      # one Chinese sentence

    @property
    def rank(self) -> int:
        """0 ready … 2 must_fix; higher is worse."""
        return GRADE_LEVELS.index(self.level)

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "label": self.label, "errors": self.errors,
                "warnings": self.warnings, "infos": self.infos, "reason": self.reason}


@dataclass(frozen=True)
class ProjectGrade:
    index: int
    name: str
    grade: Grade

    def as_dict(self) -> dict[str, object]:
        return {"index": self.index, "name": self.name, **self.grade.as_dict()}


@dataclass(frozen=True)
class GradeReport:
    declaration: Grade
    projects: tuple[ProjectGrade, ...]

    def as_dict(self) -> dict[str, object]:
        return {"declaration": self.declaration.as_dict(),
                "projects": [p.as_dict() for p in self.projects]}


def _level(errors: int, warnings: int, spec: GradeSpec) -> str:
    if errors or warnings >= spec.must_fix_warnings:
        return MUST_FIX
    if warnings >= spec.revise_warnings:
        return REVISE
    return READY


def grade_findings(findings: Sequence[Finding], spec: GradeSpec) -> Grade:
    """The grade of one project (or any group of findings)."""
    e, w, n = count_by_severity(findings)
    level = _level(e, w, spec)
    if e:
        reason = f"有 {e} 个错误,改正后才能提交。"
    elif level == MUST_FIX:
        reason = f"有 {w} 个警告(达到 {spec.must_fix_warnings} 个),评审很可能退回,请修改后提交。"
    elif level == REVISE:
        reason = f"有 {w} 个警告,建议修改后提交。"
    else:
        reason = "未发现错误和警告。"
    if n and level == READY:
        reason += f"另有 {n} 个提示可参考。"
    return Grade(level, spec.label(level), e, w, n, reason)


def grade_report(decl: Declaration, findings: Sequence[Finding], spec: GradeSpec) -> GradeReport:
    """Grades of every project and of the declaration as a whole (its worst part)."""
    per_project: list[list[Finding]] = [[] for _ in decl.projects]
    own: list[Finding] = []
    for f in findings:
        k = f.project_index
        if k is not None and 0 <= k < len(per_project):
            per_project[k].append(f)
        else:
            own.append(f)
    projects = tuple(ProjectGrade(k, p.name.strip(), grade_findings(per_project[k], spec))
                     for k, p in enumerate(decl.projects))
    own_grade = grade_findings(own, spec)
    e, w, n = count_by_severity(findings)
    level = max([own_grade.level, *(p.grade.level for p in projects)], key=GRADE_LEVELS.index)
    parts = []
    if projects:
        tally = {lv: sum(1 for p in projects if p.grade.level == lv) for lv in GRADE_LEVELS}
        parts.append(f"{len(projects)} 个项目中," + "、".join(
            f"{spec.label(lv)} {tally[lv]} 个" for lv in reversed(GRADE_LEVELS) if tally[lv]) + "。")
    if own_grade.level != READY:
        parts.append(f"申报本身:{own_grade.reason}")
    if not parts:
        parts.append("申报中没有项目。")
    return GradeReport(Grade(level, spec.label(level), e, w, n, "".join(parts)), projects)
