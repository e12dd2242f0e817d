"""The navigator's tree: declarations by year → units → projects, with status and amount.

Built from whole declarations and their findings; the window only draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from g60desk.domain.form import FormShape
from g60desk.domain.model import Declaration, Project
from g60desk.domain.money import format_wan
from g60desk.rules.findings import Finding, count_by_severity
from g60desk.services import marks

STATUS_OK = "ok"
STATUS_WARNING = "warning"
STATUS_ERROR = "error"
STATUS_UNCHECKED = "unchecked"
UNNAMED = "(未命名项目)"


@dataclass(frozen=True)
class Counts:
    """A project's or declaration's findings by severity, for the navigator's marks."""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    # False until the project has been checked (the first check runs after the first paint).
    checked: bool = True

    @property
    def status(self) -> str:
        if not self.checked:
            return STATUS_UNCHECKED
        if self.errors:
            return STATUS_ERROR
        if self.warnings:
            return STATUS_WARNING
        return STATUS_OK

    @property
    def label(self) -> str:
        """``√`` / ``△ 2`` / ``× 3`` (``…`` not checked yet) — short enough for a tree column."""
        if not self.checked:
            return marks.UNCHECKED
        if self.errors:
            return f"{marks.ERROR} {self.errors}"
        if self.warnings:
            return f"{marks.WARNING} {self.warnings}"
        return marks.OK


UNCHECKED = Counts(checked=False)


def count(findings: Iterable[Finding]) -> Counts:
    return Counts(*count_by_severity(findings))


@dataclass(frozen=True)
class NavProject:
    """A project's line in the navigator."""
    id: str
    index: int
    name: str
    counts: Counts
    annual: Decimal | None
    # The year's state: the 自评 grade or the monitoring light (docs/cycle.md), or empty.
    mark: str = ""

    @property
    def annual_label(self) -> str:
        return f"{format_wan(self.annual)} 万元" if self.annual is not None else "—"


@dataclass
class NavUnit:
    """A 预算单位 in the navigator, with its projects."""
    name: str
    projects: list[NavProject] = field(default_factory=list)


@dataclass
class NavDeclaration:
    """A declaration in the navigator, with its units."""
    id: str
    year: int
    department: str
    template: str
    units: list[NavUnit]
    counts: Counts
    annual_total: Decimal

    @property
    def label(self) -> str:
        return self.department or "(未填写主管部门)"


@dataclass
class NavYear:
    """A year in the navigator, with its declarations."""
    year: int
    declarations: list[NavDeclaration]


def project_title(p: Project) -> str:
    """A project's name as the window shows it: "(未命名项目)" while it has none."""
    return p.name.strip() or UNNAMED


def project_mark(p: Project, decl: Declaration, shape: FormShape | None) -> str:
    """The navigator's mark of the year for a project (empty without a shape)."""
    if shape is None or not (p.has_monitoring() or p.has_evaluation()):
        return ""   # nothing of the year yet (the rules' scoring is imported only when needed)
    from g60desk.rules.cycle import year_mark

    return year_mark(p, decl, shape)


def _matches(name: str, needle: str) -> bool:
    return not needle or needle in name.lower()


def build_tree(declarations: Sequence[Declaration], findings: Mapping[str, Sequence[Finding]],
               filter_text: str = "",
               annual_keys: Mapping[str, str] | None = None,
               shapes: Mapping[str, FormShape] | None = None,
               errors_only: bool = False) -> list[NavYear]:
    """The tree, newest year first; with ``filter_text`` only matching projects (and their
    parents) remain, matching case-insensitively on project, unit or department names.
    With ``errors_only`` (只看有错误的项目) only projects with at least one error remain
    (a declaration stays, empty when none of its projects has an error). A declaration
    missing from ``findings`` is not checked yet: its counts say so, and ``errors_only``
    keeps its projects until they are."""
    needle = filter_text.strip().lower()
    years: dict[int, list[NavDeclaration]] = {}
    for decl in declarations:
        # The amount shown per project is the template's 年度资金 row.
        annual_key = (annual_keys or {}).get(decl.template, "annual")
        found = findings.get(decl.id, ())
        checked = decl.id in findings
        by_project: dict[int, list[Finding]] = {}
        for f in found:
            idx = f.project_index
            if idx is not None:
                by_project.setdefault(idx, []).append(f)
        decl_match = _matches(decl.department, needle)
        units: dict[str, NavUnit] = {u: NavUnit(u) for u in decl.units}
        for i, p in enumerate(decl.projects):
            unit = p.unit.strip() or decl.department.strip() or "(未填写单位)"
            if not (decl_match or _matches(unit, needle) or _matches(p.name, needle)):
                continue
            counts = count(by_project.get(i, ())) if checked else UNCHECKED
            if errors_only and checked and not counts.errors:
                continue
            units.setdefault(unit, NavUnit(unit)).projects.append(NavProject(
                p.id, i, project_title(p), counts,
                p.funding.get(annual_key),
                project_mark(p, decl, (shapes or {}).get(decl.template))))
        if errors_only:
            kept = [u for u in units.values() if u.projects]
        else:
            kept = [u for u in units.values() if u.projects or (not needle or decl_match)]
        if needle and not kept and not decl_match:
            continue
        years.setdefault(decl.year, []).append(NavDeclaration(
            decl.id, decl.year, decl.department, decl.template, kept,
            count(found) if checked else UNCHECKED,
            decl.annual_total(annual_key)))
    return [NavYear(y, years[y]) for y in sorted(years, reverse=True)]
