"""The printed 绩效目标执行监控表 and 自评表 of the Songjiang sample."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from g60desk.exchange.bundle import write_bundle
from g60desk.formspec import Template
from g60desk.formspec.sheets import load_sheet_dirs
from g60desk.paths import forms_dir
from g60desk.pdf import PdfOptions
from g60desk.pdf.sheets import render_sheet
from tests.cycle_samples import full_year, sample
from tests.factories import ROOT
from tests.integration.pdf.pdf_text import extract

SHEETS = load_sheet_dirs(forms_dir())


def _render(kind: str, templates: dict[str, Template], **opts: object) -> tuple[int, str, bool]:
    d = full_year()
    sheet = SHEETS.for_template(kind, d.template)
    assert sheet is not None
    result = render_sheet(d, templates[d.template], sheet, PdfOptions(**opts))  # type: ignore[arg-type]
    assert result.warnings == ()
    return result.pages, extract(result.data).flat, result.draft


def test_monitoring_sheet_prints_budget_pace_and_entries(templates: dict[str, Template]) -> None:
    pages, text, draft = _render("monitoring", templates, projects=(0,))
    assert pages >= 1 and not draft
    for expected in ("2022年度项目支出绩效目标执行监控表", "(1-6月)", "1-6月执行数",
                     "250,000.00", "100,000.00", "40.00%", "80.00", "绿灯",
                     "【经费】部分活动延后举办", "下半年集中举办", "全年完成可能性",
                     "有可能", "【其他】场地未落实", "协调区内场馆", "=3场"):
        assert expected in text, expected
    assert "=4场" not in text       # the adjusted, approved target is printed


def test_evaluation_sheet_prints_scores_total_and_grade(templates: dict[str, Template]) -> None:
    pages, text, draft = _render("evaluation", templates, projects=(0,))
    assert pages >= 1 and not draft
    for expected in ("2022年度财政项目支出绩效自评表", "年初预算数", "全年执行数", "215,457.60",
                     "86.18%", "8.62", "预期目标", "完成课程开发与研讨活动。", "实际完成值",
                     "偏差原因分析及改进措施", "基本完成", "2.50", "总分", "100.00", "91.12",
                     "自评等级:优"):
        assert expected in text, expected


def test_sheet_of_a_project_without_data_prints_blank_columns(
        templates: dict[str, Template]) -> None:
    d = sample()
    sheet = SHEETS.for_template("evaluation", d.template)
    assert sheet is not None
    result = render_sheet(d, templates[d.template], sheet, PdfOptions(projects=(1,)))
    text = extract(result.data).flat
    assert "0.00" in text and "自评等级:差" in text


def test_errors_make_a_draft(templates: dict[str, Template]) -> None:
    _, text, draft = _render("evaluation", templates, projects=(0,), error_count=2)
    assert draft and "草稿" in text


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "G60DESK_HOME": str(home)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)


def test_pdf_command_sheet_option(tmp_path: Path) -> None:
    d = full_year()
    d.projects[0].indicators[0].result.actual = ""     # S001: the 自评表 becomes a draft
    bundle = tmp_path / "year.json"
    write_bundle(d, bundle)
    out = tmp_path / "mon.pdf"
    proc = _cli("pdf", str(bundle), "-o", str(out), "--sheet", "monitoring", "--project", "1",
                home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "草稿" not in proc.stdout and "执行监控表" in extract(out.read_bytes()).flat
    out = tmp_path / "ev.pdf"
    proc = _cli("pdf", str(bundle), "-o", str(out), "--sheet", "evaluation", "--project", "1",
                home=tmp_path)
    assert proc.returncode == 0 and "草稿:尚有 1 处错误" in proc.stdout
    proc = _cli("pdf", str(bundle), "-o", str(out), "--sheet", "evaluation", "--final",
                home=tmp_path)
    assert proc.returncode == 1
