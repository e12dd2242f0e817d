"""The rule catalogue and docs/rules.md stay in step; core packages stay pure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import g60desk.rules.checker  # noqa: F401  (registers every rule set)
from g60desk.rules.registry import RULES

ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_code_is_documented_with_its_severity() -> None:
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([A-Z]\d{3}) \| (error|warning|info) \|", doc, re.M))
    missing = sorted(set(RULES) - set(rows))
    assert not missing, f"undocumented rules: {missing}"
    wrong = {c: (rows[c], r.severity.value) for c, r in RULES.items() if rows[c] != r.severity.value}
    assert not wrong
    stale = sorted(set(rows) - set(RULES))
    assert not stale, f"documented but not registered: {stale}"


def test_rule_titles_are_chinese() -> None:
    for r in RULES.values():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.title), r.code


def test_import_contracts_hold() -> None:
    """domain/formspec/rules stay free of GUI, database and PDF libraries (import-linter)."""
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" not in proc.stdout.lower() or " 0 broken" in proc.stdout.lower()
