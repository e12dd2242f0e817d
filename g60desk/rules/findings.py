"""A finding: what a rule says about one place of the declaration."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """``path`` names the field, e.g. ``projects[0].funding.total``."""

    severity: Severity
    code: str
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"severity": self.severity.value, "code": self.code, "path": self.path,
                "message": self.message}

    @property
    def project_index(self) -> int | None:
        """The index of the project the path points into, if any."""
        if not self.path.startswith("projects["):
            return None
        end = self.path.index("]")
        return int(self.path[len("projects["):end])


def count_by_severity(findings: Iterable[Finding]) -> tuple[int, int, int]:
    """(errors, warnings, infos) among ``findings``."""
    e = w = n = 0
    for f in findings:
        if f.severity is Severity.ERROR:
            e += 1
        elif f.severity is Severity.WARNING:
            w += 1
        else:
            n += 1
    return e, w, n
