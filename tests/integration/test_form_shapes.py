"""Forms are data: the national form, a renamed drop-in template, and files of release 0.1.

Covers: the national 2015 sample checks clean and prints 中期 and 年度 indicator columns
side by side, amounts in 万元, 项目期 in one cell and no signature block; a copy of the
2026 template with 年度总体目标 renamed, dropped into the data folder's forms/, is used by
check and pdf with the new words; a schema-1 database and version-1 bundles of release
0.1 open, check and export with every value. Not covered: the window (tests/gui).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from g60desk.exchange.bundle import read_bundle
from g60desk.formspec import Template, load_template_dirs
from g60desk.paths import forms_dir
from g60desk.pdf import PdfOptions, render_declaration
from g60desk.rules.checker import run_checks
from g60desk.storage.schema import SCHEMA_VERSION
from tests.integration.pdf.pdf_text import extract

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = ROOT / "assets" / "samples" / "national-2015-example.json"
FIXTURES = ROOT / "tests" / "fixtures"
V1_DB = FIXTURES / "storage" / "v1-release-0.1.0.json"


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "G60DESK_HOME": str(home)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)


def test_national_sample_checks_without_errors(tmp_path: Path) -> None:
    proc = _cli("check", str(NATIONAL), "--json", home=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    assert not [f for f in doc["findings"] if f["severity"] == "error"]
    assert doc["summary"]["annual_total_wan"] == "320.00"


def test_national_pdf_has_two_sides_wan_one_period_cell_and_no_signature() -> None:
    templates = load_template_dirs(forms_dir()).templates
    decl = read_bundle(NATIONAL)
    tpl = templates[decl.template]
    assert [s.key for s in tpl.shape.sides] == ["mid", "annual"]
    result = render_declaration(decl, tpl, PdfOptions())
    ex = extract(result.data)
    text = ex.flat
    assert "中期指标值" in text and "年度指标值" in text
    assert "项目资金(万元)" in text and "860.00" in text and "8,600,000.00" not in text
    assert "项目期" in text and "202401-202612" in text
    assert "计划开始日期" not in text and "填报单位" not in text and "单位负责人" not in text
    # No Shanghai wording anywhere.
    for word in ("上海", "本区", "项目经费情况说明", "年度资金申请总额", "上年结转资金",
                 "绩效目标设置情况"):
        assert word not in text
    # The two sides' values of the same row stand on one line, side by side.
    mid = next(r for r in ex.lines if r.text == "12个")
    annual = next(r for r in ex.lines if r.text == "=5个")
    assert mid.page == annual.page and abs(mid.y - annual.y) < 1 and mid.x < annual.x


def _renamed_template(home: Path) -> None:
    src = (forms_dir() / "shanghai-2026.toml").read_text(encoding="utf-8")
    text = src.replace('id = "shanghai-2026"', 'id = "shanghai-2026-renamed"')
    text = text.replace('label = "年度总体目标"', 'label = "年度绩效目标"')
    (home / "forms").mkdir(parents=True, exist_ok=True)
    (home / "forms" / "renamed.toml").write_text(text, encoding="utf-8")


def test_drop_in_template_renames_the_goal_everywhere(tmp_path: Path) -> None:
    _renamed_template(tmp_path)
    bundle = json.loads((FIXTURES / "bundles" / "shanghai-2026-v1.json").read_text("utf-8"))
    bundle["declaration"]["template"] = "shanghai-2026-renamed"
    bundle["declaration"]["projects"][0]["annual_goal"] = ""
    path = tmp_path / "renamed.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    proc = _cli("check", str(path), home=tmp_path)
    assert "“年度绩效目标”为空" in proc.stdout
    assert "年度总体目标" not in proc.stdout and "年度总目标" not in proc.stdout
    out = tmp_path / "renamed.pdf"
    proc = _cli("pdf", str(path), "-o", str(out), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "年度绩效目标" in extract(out.read_bytes()).flat


def test_broken_drop_in_template_is_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "bad.toml").write_text('[template]\nid = "bad"\n[text\n',
                                                 encoding="utf-8")
    proc = _cli("check", str(NATIONAL), home=tmp_path)
    assert proc.returncode == 0
    assert "bad.toml" in proc.stderr and "第3行" in proc.stderr
    proc = _cli("template", "check", str(tmp_path / "forms" / "bad.toml"), home=tmp_path)
    assert proc.returncode == 2 and "第3行" in proc.stdout
    proc = _cli("template", "check", str(forms_dir() / "national-2015.toml"), home=tmp_path)
    assert proc.returncode == 0 and "national-2015" in proc.stdout


@pytest.mark.parametrize("name", ["songjiang-g60-2022-v1.json", "shanghai-2026-v1.json"])
def test_version_1_bundles_check_and_print_as_before(name: str) -> None:
    templates = load_template_dirs(forms_dir()).templates
    decl = read_bundle(FIXTURES / "bundles" / name)
    result = run_checks(decl, templates)
    assert result.errors == 1  # the seed's duplicated 相关方满意度 (I008)
    assert result.summary is not None and result.summary.annual_total_wan == "796.00"


def test_schema_1_database_opens_migrates_and_exports_every_value(tmp_path: Path) -> None:
    shutil.copy(V1_DB, tmp_path / "g60desk.json")
    old = json.loads(V1_DB.read_text(encoding="utf-8"))["declarations"]
    for decl_id, doc in old.items():
        out = tmp_path / f"{decl_id}.json"
        proc = _cli("export", "--year", str(doc["year"]), "--id", decl_id, "-o", str(out),
                    home=tmp_path)
        assert proc.returncode == 0, proc.stderr
        exported = json.loads(out.read_text(encoding="utf-8"))["declaration"]
        assert exported["template"] == doc["template"]
        for p_new, p_old in zip(exported["projects"], doc["projects"], strict=True):
            for key in ("name", "category", "nature", "department", "implementer"):
                assert p_new["fields"][key] == p_old[key]
            assert p_new["fields"]["start"] == (p_old["start"] or "")
            assert p_new["goals"] == {"overall_goal": p_old["overall_goal"],
                                      "annual_goal": p_old["annual_goal"]}
            assert p_new["funding"] == {k: v or "" for k, v in p_old["funding"].items()}
            assert p_new["sections"] == p_old["sections"]
            assert [[i["level1"], i["level2"], i["name"], i["target"]]
                    for i in p_new["indicators"]] == p_old["indicators"]
        proc = _cli("check", str(out), home=tmp_path)
        assert proc.returncode == 1 and "I008" in proc.stdout
    migrated = json.loads((tmp_path / "g60desk.json").read_text(encoding="utf-8"))
    assert migrated["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert list((tmp_path / "backups").glob("*migrate*"))  # the schema-1 file was kept


def test_selfcheck_lists_a_broken_drop_in_template(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "next-year.toml").write_text(
        (forms_dir() / "shanghai-2026.toml").read_text(encoding="utf-8")
        .replace('id = "shanghai-2026"', 'id = "next-year"')
        .replace('kind = "benefit"', 'kind = "profit"'), encoding="utf-8")
    proc = _cli("selfcheck", home=tmp_path)
    assert "next-year.toml" in proc.stdout and "kind" in proc.stdout
    assert "shanghai-2026(程序)" in proc.stdout  # the others still load


def test_a_field_added_in_the_template_file_alone_is_checked_printed_and_kept(
        tmp_path: Path) -> None:
    """docs/templates.md's first worked example: 项目编码 beside 项目名称."""
    text = (forms_dir() / "shanghai-2026.toml").read_text(encoding="utf-8")
    text = text.replace('id = "shanghai-2026"', 'id = "with-code"')
    text = text.replace('header = [["name"], ["nature", "category"]',
                        'header = [["name", "code"], ["nature", "category"]')
    text = text.replace('[[fields]]\nkey = "nature"',
                        '[[fields]]\nkey = "code"\nlabel = "项目编码"\nmax_length = 30\n\n'
                        '[[fields]]\nkey = "nature"', 1)
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "with-code.toml").write_text(text, encoding="utf-8")
    bundle = json.loads((FIXTURES / "bundles" / "shanghai-2026-v1.json").read_text("utf-8"))
    bundle["declaration"]["template"] = "with-code"
    path = tmp_path / "with-code.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    proc = _cli("check", str(path), "--json", home=tmp_path)
    missing = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "T001"]
    assert [(f["path"], f["message"]) for f in missing] == [
        (f"projects[{i}].code", "“项目编码”未填写。") for i in range(4)]
    # Filled in, it is printed beside 项目名称 and kept by import and export.
    for p in bundle["declaration"]["projects"]:
        p["code"] = "unused-in-version-1"
    bundle["version"] = 2
    decl = bundle["declaration"]
    decl["projects"] = [{"id": p["id"], "unit": p["unit"],
                         "fields": {**{k: p[k] for k in ("name", "category", "nature",
                                                          "department", "implementer",
                                                          "start", "end")},
                                    "code": f"XM-2026-{n:03d}"},
                         "funding": p["funding"],
                         "goals": {k: p[k] for k in ("overall_goal", "annual_goal")},
                         "sections": p["sections"], "indicators": p["indicators"]}
                        for n, p in enumerate(decl["projects"], 1)]
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "with-code.pdf"
    assert _cli("pdf", str(path), "-o", str(out), home=tmp_path).returncode == 0
    ex = extract(out.read_bytes())
    code = next(r for r in ex.lines if r.text == "XM-2026-001")
    label = next(r for r in ex.lines if r.text == "项目编码" and r.page == code.page)
    name = next(r for r in ex.lines if r.text == "项目名称" and r.page == code.page)
    assert abs(label.y - name.y) < 1 and label.x > name.x  # one row: 名称 | … | 编码 | …
    assert _cli("import", str(path), home=tmp_path).returncode == 0
    again = tmp_path / "again.json"
    assert _cli("export", "--year", "2026", "-o", str(again), home=tmp_path).returncode == 0
    kept = json.loads(again.read_text(encoding="utf-8"))["declaration"]["projects"]
    assert [p["fields"]["code"] for p in kept] == [f"XM-2026-{n:03d}" for n in range(1, 5)]


# sha256 of the PDFs release 0.1.0 printed for these two bundles (bundled font, one error):
# the Shanghai forms, now described by their templates, print exactly as they did when
# the template keeps 0.1's flow (``[print] table_new_page = false``: the 填报表 follows
# the 项目经费情况说明 on the same page); the default starts it on a new page (below).
RELEASE_0_1_PDF = {
    "songjiang-g60-2022-v1.json":
        "865dfbb6158b8b74575728cd58e19576daa0448ca376b445faa6ec0e08437054",
    "shanghai-2026-v1.json":
        "27fe75080ee6113b49bf9628cecb1b581357c8b0611ea6a0fa959ed08fccbc9a",
}


@pytest.mark.parametrize("name", sorted(RELEASE_0_1_PDF))
def test_shanghai_forms_print_byte_for_byte_as_release_0_1(name: str) -> None:
    import hashlib

    from g60desk.pdf.fonts import FontSet, bundled_font

    templates = load_template_dirs(forms_dir()).templates
    decl = read_bundle(FIXTURES / "bundles" / name)
    template = templates[decl.template]
    flowing = dataclasses.replace(template, printing={**template.printing,
                                                      "table_new_page": False})
    result = render_declaration(decl, flowing,
                                PdfOptions(error_count=1, fonts=FontSet.single(bundled_font())))
    assert hashlib.sha256(result.data).hexdigest() == RELEASE_0_1_PDF[name], (
        "the printed form changed; if on purpose, compare renders (pdftoppm) and update")


@pytest.mark.parametrize("name", sorted(RELEASE_0_1_PDF))
def test_each_fill_in_table_starts_a_page_of_its_own(name: str) -> None:
    """[print] table_new_page, on by default: every 填报表N title heads its page, while
    with the key off some follow the 项目经费情况说明 mid-page (as in 0.1)."""
    templates = load_template_dirs(forms_dir()).templates
    decl = read_bundle(FIXTURES / "bundles" / name)
    template = templates[decl.template]
    assert template.prints("table_new_page")

    def title_rows(tpl: Template) -> list[int]:
        ex = extract(render_declaration(decl, tpl, PdfOptions(error_count=0)).data)
        rows = []
        for n in range(1, len(decl.projects) + 1):
            title = template.text["table_title"].format(n=n)
            page = next(r.page for r in ex.lines if r.text.replace(" ", "") == title)
            rows.append(ex.page_lines(page).index(next(
                line for line in ex.page_lines(page) if line.replace(" ", "") == title)))
        return rows

    assert title_rows(template) == [0] * len(decl.projects)
    flowing = dataclasses.replace(template, printing={**template.printing,
                                                      "table_new_page": False})
    assert any(row > 0 for row in title_rows(flowing))
