"""Run every rule over a declaration or one project; the one entry point for callers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from g60desk.domain.model import Declaration, Project
from g60desk.formspec.spec import Template
from g60desk.rules import basic, cycle, hygiene, review
from g60desk.rules.findings import Finding, Severity
from g60desk.rules.grade import GradeReport, grade_report
from g60desk.rules.summary import Summary, summarize

ProjectCheck = Callable[[Project, int, Declaration, Template], list[Finding]]
DeclarationCheck = Callable[[Declaration], Iterable[Finding]]

# Project-level rule sets, in the order their findings are listed.
PROJECT_CHECKS: list[ProjectCheck] = [basic.check_project, review.check_project,
                                      hygiene.check_project, cycle.check_project]
# Rule sets on the declaration's own fields, listed before the projects' findings.
DECLARATION_CHECKS: list[DeclarationCheck] = [basic.check_declaration_fields,
                                              review.check_declaration_text,
                                              hygiene.check_declaration]


def check_project(decl: Declaration, index: int, template: Template) -> list[Finding]:
    """Findings for one project (what the editor refreshes on each keystroke)."""
    project = decl.projects[index]
    out: list[Finding] = []
    for check in PROJECT_CHECKS:
        out.extend(check(project, index, decl, template))
    return out


def check_declaration(decl: Declaration, template: Template) -> list[Finding]:
    """Every finding for the declaration: declaration-level first, then per project."""
    out: list[Finding] = []
    for check in DECLARATION_CHECKS:
        out.extend(check(decl))
    for i in range(len(decl.projects)):
        out.extend(check_project(decl, i, template))
    return out


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    summary: Summary | None
    # Readiness per project and for the declaration (可提交 / 建议修改 / 必须修改).
    grades: GradeReport | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)


def run_checks(decl: Declaration, templates: Mapping[str, Template]) -> CheckResult:
    """Check against the declaration's own template; an unknown template is an error."""
    template = templates.get(decl.template)
    if template is None:
        known = "、".join(sorted(templates)) or "(无)"
        finding = basic.C003.at("template", f"模板“{decl.template}”不存在,可用的模板:{known}。")
        return CheckResult(findings=(finding,), summary=None,
                           grades=grade_report(decl, (finding,), review.default_review().grade))
    findings = tuple(check_declaration(decl, template))
    return CheckResult(findings=findings, summary=summarize(decl, template),
                       grades=grade_report(decl, findings, review.default_review().grade))
