"""The window's readiness grade is the one ``check`` prints, on every fixture and sample,
for each project and for the declaration, and the window says why."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from g60desk.commands import check
from g60desk.ui.findings_panel import SCOPE_DECLARATION, SCOPE_PROJECT
from tests.gui.conftest import Harness

ROOT = Path(__file__).resolve().parents[2]
BUNDLES = sorted([*(ROOT / "tests" / "fixtures" / "bundles").glob("*.json"),
                  *(ROOT / "assets" / "samples").glob("*.json")])


def _check_grades(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    check.run(argparse.Namespace(file=path, json=True))
    doc = json.loads(capsys.readouterr().out)
    grade: dict[str, Any] = doc["grade"]
    return grade


def _expected(g: dict[str, Any]) -> str:
    return f"预审:{g['label']}" + (f"({g['why']})" if g["why"] else "")


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
def test_window_grade_matches_check(harness: Harness, path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    expected = _check_grades(path, capsys)
    h = harness.start()
    for child in list(h.window.children):
        child.close()
    assert h.window.import_path(path)
    h.pump()
    d = h.session.declaration
    assert d is not None and len(d.projects) == len(expected["projects"])
    panel = h.window.findings_panel
    panel.scope.set(SCOPE_PROJECT)
    for pg in expected["projects"]:
        h.window.on_nav_select(d.id, d.projects[pg["index"]].id)
        h.pump()
        h.window.refresh_checks()
        grade = h.session.project_grade()
        assert grade is not None and grade.as_dict() == {k: v for k, v in pg.items()
                                                         if k not in ("index", "name")}
        text = panel.summary.cget("text")
        assert text.startswith(_expected(pg) + " · "), (text, pg)
    panel.scope.set(SCOPE_DECLARATION)
    h.window._scope_changed(SCOPE_DECLARATION)
    h.pump()
    whole = expected["declaration"]
    decl_grade = h.session.declaration_grade()
    assert decl_grade is not None and decl_grade.as_dict() == whole
    assert panel.summary.cget("text").startswith(_expected(whole) + " · ")
