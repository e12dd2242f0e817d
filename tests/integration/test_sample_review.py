"""The reference declaration through the reviewer-grade rules and the readiness grade.

Covers what a reviewer would return in the seed (and only that), the grade in the
text and JSON output of ``check``, and the clean declarations end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from g60desk import cli, paths
from g60desk.exchange.bundle import read_bundle, write_bundle
from g60desk.rules import review
from g60desk.rules.checker import run_checks
from tests import clean_projects as cp
from tests import factories as fx
from tests.integration.test_cli_check import run


def _review_findings() -> set[tuple[str, str]]:
    result = run_checks(read_bundle(fx.SAMPLE), fx.templates())
    return {(f.code, f.path) for f in result.findings}


def test_sample_reports_the_seeds_genuine_weaknesses() -> None:
    found = _review_findings()
    expected = {
        # 数量指标 written as "完成" in projects 2 and 3
        ("R010", "projects[1].indicators[0].target"),
        ("R010", "projects[2].indicators[0].target"),
        # "拟定 2021 年 11 月底" in project 1's goals, a 2022 project
        ("R033", "projects[0].annual_goal"),
        ("R033", "projects[0].overall_goal"),
        # ">=85" without %
        ("I012", "projects[0].indicators[11].target"),
        # project 1's 质量指标 rows that describe effects (推动, 发挥, 传播力)
        ("R024", "projects[0].indicators[4].level2"),
        ("R024", "projects[0].indicators[5].level2"),
        ("R024", "projects[0].indicators[6].level2"),
        # a 效益指标 that restates the work: "完成调研成果的应用和转化"
        ("R022", "projects[0].indicators[9].level2"),
    }
    assert expected <= found, expected - found


def test_sample_has_no_review_false_alarms() -> None:
    found = {c for c in _review_findings() if c[0].startswith("R")}
    allowed_codes = {"R010", "R013", "R022", "R024", "R033"}
    assert {code for code, _ in found} <= allowed_codes
    # The goals' numbers (一堂总课+2堂分课 = 3堂, 一场) are all covered; amounts, periods
    # and one-year totals agree; no leftover guidance or placeholders.
    assert not any(code == "R001" for code, _ in found)
    # project 4's "对 2020 年-2022 年…进行中期评估" names years only: context, not schedule
    assert not any(code == "R033" and path.startswith("projects[3]") for code, path in found)


def test_sample_grades() -> None:
    result = run_checks(read_bundle(fx.SAMPLE), fx.templates())
    assert result.grades is not None
    levels = [p.grade.level for p in result.grades.projects]
    # Project 4 was 必须修改 for its duplicated 相关方满意度 only, fixed in the sample.
    assert levels == ["revise", "revise", "revise", "ready"]
    assert result.grades.declaration.label == "建议修改"
    assert "建议修改 3 个、可提交 1 个" in result.grades.declaration.reason


def test_check_text_and_json_show_the_grade(tmp_path: Path) -> None:
    proc = run("check", fx.SAMPLE)
    assert proc.returncode == 0
    assert "项目2“网络信息系统开发、升级、建设(历年已批复)”:建议修改。" in proc.stdout
    assert "整体:建议修改。" in proc.stdout
    doc = json.loads(run("check", fx.SAMPLE, "--json").stdout)
    assert set(doc) == {"findings", "summary", "grade"}
    assert doc["grade"]["declaration"]["level"] == "revise"
    assert [p["label"] for p in doc["grade"]["projects"]] == ["建议修改"] * 3 + ["可提交"]


def test_clean_declarations_are_ready_to_submit(tmp_path: Path) -> None:
    for decl in (cp.declaration_2022(), cp.declaration_2026(), fx.declaration()):
        path = tmp_path / f"{decl.id}.json"
        write_bundle(decl, path)
        proc = run("check", path, "--json")
        assert proc.returncode == 0, proc.stdout
        doc = json.loads(proc.stdout)
        assert doc["findings"] == []
        assert doc["grade"]["declaration"]["label"] == "可提交"
        assert all(p["level"] == "ready" for p in doc["grade"]["projects"])


def test_broken_review_settings_stop_check_with_a_chinese_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "review.toml"
    broken.write_text("[coverage]\nmeasure_words = [\n", encoding="utf-8")
    monkeypatch.setattr(paths, "review_file", lambda: broken)
    review.default_review.cache_clear()
    try:
        assert cli.main(["check", str(fx.SAMPLE)]) == 2
    finally:
        review.default_review.cache_clear()
    err = capsys.readouterr().err
    assert "审核规则文件 review.toml 格式错误" in err and "Traceback" not in err
