"""The reference declaration as data: its summary, its real weaknesses, and amount tampering."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from g60desk.exchange.bundle import read_bundle, write_bundle
from g60desk.rules.checker import run_checks
from tests import factories as fx
from tests.factories import FUNDING_KEYS
from tests.integration.test_cli_check import run

SENTENCE = ("按照本市预算绩效管理工作的总体要求,本部门1个预算单位开展了2022年项目预算绩效目标编报工作,"
            "编报绩效目标的项目4个,涉及项目预算资金796.00万元。")


def test_sample_json_summary_and_real_weaknesses() -> None:
    proc = run("check", fx.SAMPLE, "--json")
    assert proc.returncode == 0, proc.stderr     # no error in the sample
    doc = json.loads(proc.stdout)
    summary = doc["summary"]
    assert (summary["projects"], summary["units"]) == (4, 1)
    assert summary["annual_total_wan"] == "796.00"
    assert summary["sentence"] == SENTENCE
    found = {(f["code"], f["path"]) for f in doc["findings"]}
    # The published seed listed 相关方满意度 twice in project 4; the sample keeps one row.
    assert not any(code == "I008" for code, _ in found)
    # project 1's satisfaction target >=85 has no %
    assert ("I012", "projects[0].indicators[11].target") in found


def test_sample_has_no_false_errors() -> None:
    result = run_checks(read_bundle(fx.SAMPLE), fx.templates())
    errors = [(f.code, f.path) for f in result.findings if f.severity.value == "error"]
    # The reference's only error, the duplicated 相关方满意度 of project 4, is fixed in the
    # sample (assets/samples/README.md): the sample has no error at all.
    assert errors == []


@pytest.mark.parametrize("project", range(4))
@pytest.mark.parametrize("key", FUNDING_KEYS)
def test_changing_any_amount_is_an_error_naming_that_field(project: int, key: str) -> None:
    decl = read_bundle(fx.SAMPLE)
    before = decl.projects[project].funding.get(key)
    assert before is not None
    decl.projects[project].funding.set(key, before + Decimal("1000.00"))
    result = run_checks(decl, fx.templates())
    paths = {f.path for f in result.findings if f.severity.value == "error"}
    assert f"projects[{project}].funding.{key}" in paths


def test_changed_amount_exits_1_from_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    decl = read_bundle(fx.SAMPLE)
    decl.projects[2].funding.set("annual_appropriation", Decimal("1518000.00"))
    path = tmp_path / "changed.json"
    write_bundle(decl, path)
    proc = run("check", path, "--json")
    assert proc.returncode == 1
    paths = {f["path"] for f in json.loads(proc.stdout)["findings"] if f["severity"] == "error"}
    assert "projects[2].funding.annual_appropriation" in paths
