"""The rule catalogue: every rule has a stable code, a severity and a Chinese title.

``docs/rules.md`` documents every code registered here (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from g60desk.rules.findings import Finding, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str

    def at(self, path: str, message: str, severity: Severity | None = None) -> Finding:
        return Finding(severity or self.severity, self.code, path, message)


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str) -> Rule:
    if code in RULES:
        raise ValueError(f"duplicate rule code {code}")
    r = Rule(code, severity, title)
    RULES[code] = r
    return r


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
