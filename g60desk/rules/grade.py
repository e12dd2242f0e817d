"""Readiness grade: 可提交 / 建议修改 / 必须修改, per project and for the declaration.

Finance bureaus grade declarations 优/良/中/差 and return the weak ones; the grade
here is the unit's own forecast, computed only from the findings so it is always
explained by them. Thresholds and labels come from ``[grade]`` in forms/review.toml:
any error means 必须修改, so do ``must_fix_warnings`` warnings or more; at least
``revise_warnings`` warnings means 建议修改; info never lowers a grade.

The window and ``check`` both call :func:`grade_report` (or :func:`grade_of`, which is
built on it) with the same findings, so they never disagree. Each grade also says what
its deciding findings are about (:data:`TOPICS`): "3 项警告涉及金额一致性".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from g60desk.domain.model import Declaration
from g60desk.formspec.review import GRADE_LEVELS, GradeSpec
from g60desk.rules.findings import Finding, Severity, count_by_severity

READY, REVISE, MUST_FIX = GRADE_LEVELS


@dataclass(frozen=True)
class Grade:
    level: str       # ready / revise / must_fix (stable, for programs)
    label: str       # 可提交 / 建议修改 / 必须修改 (from the settings)
    errors: int
    warnings: int
    infos: int
    reason: str      # one Chinese sentence
    why: str = ""    # what the deciding findings are about ("3 项警告涉及金额一致性")

    @property
    def rank(self) -> int:
        """0 ready … 2 must_fix; higher is worse."""
        return GRADE_LEVELS.index(self.level)

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "label": self.label, "errors": self.errors,
                "warnings": self.warnings, "infos": self.infos, "reason": self.reason, "why": self.why}


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


# What a finding is about, by rule code (exact codes first, then the code's letter).
TOPICS: dict[str, str] = {
    "R030": "金额一致性", "R032": "金额一致性", "F": "金额一致性",
    "R031": "日期与实施周期", "R033": "日期与实施周期", "D": "日期与实施周期",
    "R034": "文字内容", "R040": "文字内容", "R041": "文字内容", "T": "文字内容",
    "R": "绩效指标", "I": "绩效指标",
    "X": "隐藏字符或不可能的值", "C": "申报信息", "A": "审批信息",
    "M": "执行监控", "S": "绩效自评", "INPUT": "无法识别的输入",
}


def topic(code: str) -> str:
    """The subject of a rule code, in Chinese (其他 for a code no table names)."""
    return TOPICS.get(code) or TOPICS.get(code[:1], "其他")


def why(findings: Sequence[Finding]) -> str:
    """What the deciding findings (the errors, or else the warnings) are about:
    "3 项警告涉及金额一致性、1 项涉及绩效指标"; empty when there are neither."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    deciding = errors or [f for f in findings if f.severity is Severity.WARNING]
    if not deciding:
        return ""
    kind = "错误" if errors else "警告"
    tally: dict[str, int] = {}
    for f in deciding:
        tally[topic(f.code)] = tally.get(topic(f.code), 0) + 1
    ranked = sorted(tally.items(), key=lambda kv: -kv[1])
    parts = [f"{n} 项{kind if i == 0 else ''}涉及{name}" for i, (name, n) in enumerate(ranked[:3])]
    return "、".join(parts) + ("等" if len(ranked) > 3 else "")


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
    about = why(findings)
    if about:
        reason += f"其中 {about}。"
    return Grade(level, spec.label(level), e, w, n, reason, about)


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
    worst = [f for f in own if own_grade.level == level] + [
        f for pg in projects if pg.grade.level == level for f in per_project[pg.index]]
    return GradeReport(Grade(level, spec.label(level), e, w, n, "".join(parts),
                             why(worst) if level != READY else ""), projects)


def grade_of(decl: Declaration, findings: Sequence[Finding], spec: GradeSpec,
             project_index: int | None = None) -> Grade:
    """The grade ``check`` prints for one project (``project_index``) or for the whole
    declaration (None), from the same findings: what the window shows."""
    report = grade_report(decl, findings, spec)
    if project_index is None:
        return report.declaration
    return report.projects[project_index].grade
