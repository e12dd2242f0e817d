"""待填: untouched required fields are shown as pending in the window, still errors for check."""

from __future__ import annotations

from decimal import Decimal

from g60desk.domain.model import Declaration
from g60desk.domain.operations import new_project
from g60desk.rules.checker import run_checks
from g60desk.rules.findings import Severity
from g60desk.services.pending import MISSING_CODES, finding_key, split_pending
from tests import factories as fx


def _fresh() -> Declaration:
    d = fx.declaration("shanghai-2026", 2026)
    shape = fx.template("shanghai-2026").shape
    d.projects.append(new_project(shape, 2026, d.department, fx.UNIT))
    return d


def test_a_new_project_is_pending_not_wrong_until_typed_in() -> None:
    d = _fresh()
    result = run_checks(d, fx.templates())
    mine = [f for f in result.findings if f.project_index == 1]
    errors = [f for f in mine if f.severity is Severity.ERROR]
    assert len(errors) >= 8          # the checker (and `check`) still counts them
    split = split_pending(mine, lambda i: set())
    assert {f.code for f in split.pending} <= MISSING_CODES
    assert not [f for f in split.problems if f.severity is Severity.ERROR]
    assert split.summary() == f"待填 {len(split.pending)} 项"
    # Typed in and left empty again: 项目名称 is an error once more.
    name = next(f for f in split.pending if finding_key(f) == "name")
    again = split_pending(mine, lambda i: {"name"} if i == 1 else set())
    assert name in again.problems and name not in again.pending
    # Other projects' keys do not count.
    other = split_pending(mine, lambda i: {"name"} if i == 0 else set())
    assert name in other.pending


def test_only_missing_value_errors_are_pending() -> None:
    d = _fresh()
    p = d.projects[1]
    p.funding.set("total", Decimal("-5"))
    mine = [f for f in run_checks(d, fx.templates()).findings if f.project_index == 1]
    split = split_pending(mine, lambda i: set())
    assert "F003" in {f.code for f in split.problems}      # a negative amount is a mistake
    assert all(f.code in MISSING_CODES for f in split.pending)
    declaration_level = [f for f in run_checks(d, fx.templates()).findings if f.project_index is None]
    assert split_pending(declaration_level, lambda i: set()).pending == ()
