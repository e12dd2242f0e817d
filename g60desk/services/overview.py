"""The declaration-wide list of findings, grouped by project (检查结果汇总).

Projects come in declaration order, each with its counts; findings about the whole
declaration (no project) form a first group. Within a group, errors come first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from g60desk.rules.findings import Finding
from g60desk.services.navigation import UNNAMED, Counts, count

DECLARATION_GROUP = "申报整体"


@dataclass(frozen=True)
class FindingGroup:
    project_index: int | None
    name: str
    findings: tuple[Finding, ...]

    @property
    def counts(self) -> Counts:
        return count(self.findings)

    @property
    def label(self) -> str:
        """``2. 课题与规划(错误 1 · 警告 2)``: the name, then what is wrong."""
        c = self.counts
        parts = [p for p in (f"错误 {c.errors}" if c.errors else "",
                             f"警告 {c.warnings}" if c.warnings else "",
                             f"提示 {c.infos}" if c.infos else "") if p]
        what = " · ".join(parts) or "没有问题"
        prefix = "" if self.project_index is None else f"{self.project_index + 1}. "
        return f"{prefix}{self.name}({what})"


def group_findings(findings: Sequence[Finding], names: Sequence[str],
                   keep_empty: bool = False) -> list[FindingGroup]:
    """Group ``findings`` by project; ``names`` are the projects' names in order.

    Projects without findings are left out unless ``keep_empty``.
    """
    by: dict[int | None, list[Finding]] = {}
    for f in findings:
        i = f.project_index
        by.setdefault(i if i is not None and 0 <= i < len(names) else None, []).append(f)
    groups = []
    for key in [None, *range(len(names))]:
        found = sorted(by.get(key, ()), key=lambda f: f.severity.rank)
        if not found and not (keep_empty and key is not None):
            continue
        name = DECLARATION_GROUP if key is None else (names[key].strip() or UNNAMED)
        groups.append(FindingGroup(key, name, tuple(found)))
    return groups
