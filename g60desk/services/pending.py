"""待填: a required field nobody has typed in yet is shown as "to be filled in", not as an
error, in the window.

A new project starts with every required field empty; listing them all in red before the
user typed a letter reads as 16 mistakes. The window shows such findings as 待填 (grey,
not counted as errors in its summary, fields not marked red) until the user has typed in
that field; from then on an empty required field is an error again. Nothing changes for
the checker itself: ``check`` on the command line, the PDF's 草稿 mark and the grade of an
export still count them as errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from g60desk.rules.findings import Finding, Severity

# The "not filled in" rules: 必填金额, 必填栏目, 项目经费情况说明的必填部分, 绩效目标,
# 计划日期, 没有绩效指标, 指标值为空.
MISSING_CODES = frozenset({"F001", "T001", "T003", "T004", "D001", "I001", "I009"})
PENDING_LABEL = "待填"
_PROJECT = re.compile(r"^projects\[\d+\]\.")


def finding_key(f: Finding) -> str:
    """The field key of a finding's path, as the editor names it (``funding.total``)."""
    return _PROJECT.sub("", f.path)


def is_pending(f: Finding, touched: Collection[str]) -> bool:
    return (f.severity is Severity.ERROR and f.code in MISSING_CODES
            and f.project_index is not None and finding_key(f) not in touched)


@dataclass(frozen=True)
class Split:
    """Findings as the window shows them: real problems and the 待填 ones."""

    problems: tuple[Finding, ...]
    pending: tuple[Finding, ...]

    def summary(self) -> str:
        """``待填 16 项`` or ``""``."""
        return f"{PENDING_LABEL} {len(self.pending)} 项" if self.pending else ""


def split_pending(findings: Iterable[Finding],
                  touched: Callable[[int], Collection[str]]) -> Split:
    """Separate 待填 findings; ``touched(i)`` is the keys typed in project ``i``."""
    problems: list[Finding] = []
    pending: list[Finding] = []
    for f in findings:
        keys = touched(f.project_index) if f.project_index is not None else ()
        (pending if is_pending(f, keys) else problems).append(f)
    return Split(tuple(problems), tuple(pending))
