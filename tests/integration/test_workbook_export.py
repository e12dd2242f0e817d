"""``main.py xlsx``: the workbook's sheets, cells, print setup, text safety, LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from g60desk import cli
from g60desk.domain.model import Indicator
from g60desk.exchange.bundle import read_bundle, write_bundle
from g60desk.exchange.workbook import (
    DATA_SHEET,
    DETAIL_HEADERS,
    DETAIL_SHEET,
    SUMMARY_SHEET,
    UNITS_SHEET,
)
from tests import factories

SAMPLES = sorted((Path(__file__).parents[2] / "assets" / "samples").glob("*.json"))
SONGJIANG = next(p for p in SAMPLES if "songjiang" in p.name)


def export(tmp_path: Path, bundle: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / f"{bundle.stem}.xlsx"
    code = cli.main(["xlsx", str(bundle), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "已导出" in captured.out
    return out


def hostile_bundle(tmp_path: Path) -> Path:
    decl = factories.declaration()
    p = decl.projects[0]
    p.name = '=HYPERLINK("http://x","点我")'
    p.values["implementer"] = "+1+2"
    p.indicators = [
        Indicator("产出指标", "数量指标", "开发相关课程", "=3 堂"),
        Indicator("产出指标", "质量指标", "-验收通过率", "-5%"),
        Indicator("效益指标", "社会效益指标", "@SUM(A1:A2)", "完成"),
        Indicator("满意度指标", "服务对象满意度指标", "相关方满意度", ">=85%"),
    ]
    path = tmp_path / "hostile.json"
    write_bundle(decl, path)
    return path


@pytest.mark.parametrize("bundle", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sheets_follow_the_declaration(tmp_path: Path, bundle: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    decl = read_bundle(bundle)
    wb = openpyxl.load_workbook(export(tmp_path, bundle, capsys))
    assert len(wb.sheetnames) == len(decl.projects) + 4
    assert wb.sheetnames[-4:] == [SUMMARY_SHEET, UNITS_SHEET, DETAIL_SHEET, DATA_SHEET]
    assert wb[DATA_SHEET].sheet_state == "hidden"
    for n, p in enumerate(decl.projects):
        ws = wb.worksheets[n]
        texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        assert p.name in texts
        assert all(i.name.strip() in texts for i in p.indicators)
        assert ws.merged_cells.ranges, "the form's label cells are merged"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.page_setup.orientation == "portrait"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows  # the indicator header row repeats on every page
        head = int(ws.print_title_rows.split(":")[0].lstrip("$"))
        assert ws.cell(row=head, column=2).value == "一级指标"
        ruled = [c for row in ws.iter_rows(min_row=3) for c in row if c.border.left.style]
        assert ruled
    detail = wb[DETAIL_SHEET]
    assert tuple(c.value for c in detail[1]) == DETAIL_HEADERS
    rows = list(detail.iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(len(p.indicators) for p in decl.projects)
    everything = [(p.name, i) for p in decl.projects for i in p.indicators]
    for (name, ind), row in zip(everything, rows, strict=True):
        assert row[0] == name and row[1:4] == (ind.level1, ind.level2, ind.name)
        assert row[7] == ind.target
        t = ind.parsed
        if t.is_quantitative:
            assert Decimal(str(row[5])) == t.number and (row[6] or "") == t.unit
        else:
            assert row[4] is None and row[5] is None


def test_amounts_are_numbers_in_the_forms_unit(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    decl = read_bundle(SONGJIANG)
    wb = openpyxl.load_workbook(export(tmp_path, SONGJIANG, capsys))
    summary = wb[SUMMARY_SHEET]
    header = [c.value for c in summary[1]]
    assert header[0:2] == ["单位", "项目名称"]
    assert header[-2:] == ["指标数", "预审"]
    annual_col = header.index("年度资金申请总额(元)")
    for k, p in enumerate(decl.projects, start=2):
        cell = summary.cell(row=k, column=annual_col + 1)
        assert cell.data_type == "n" and cell.number_format == "#,##0.00"
        assert Decimal(str(cell.value)) == p.funding.get("annual")
        assert summary.cell(row=k, column=len(header) - 1).value == len(p.indicators)
        assert summary.cell(row=k, column=len(header)).value in ("可提交", "建议修改", "必须修改")
    sheet = wb.worksheets[0]
    amounts = [c for row in sheet.iter_rows() for c in row if c.value is not None and c.data_type == "n" and
               c.number_format == "#,##0.00"]
    assert Decimal(str(amounts[0].value)) == decl.projects[0].funding.get("total")


def test_national_form_prints_ten_thousands_and_two_sides(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = next(p for p in SAMPLES if "national" in p.name)
    decl = read_bundle(bundle)
    wb = openpyxl.load_workbook(export(tmp_path, bundle, capsys))
    ws = wb.worksheets[0]
    numbers = {Decimal(str(c.value)) for row in ws.iter_rows() for c in row
               if c.data_type == "n" and c.value is not None}
    assert Decimal(decl.projects[0].funding.get("mid") or 0) / 10000 in numbers
    assert ws.max_column == 8  # 一级 | 中期: 二级 三级 值 | 年度: 二级 三级 值


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = export(tmp_path, hostile_bundle(tmp_path), capsys)
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        for name in sheets:
            assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    values = {c.value for c in cells}
    assert {'=HYPERLINK("http://x","点我")', "+1+2", "=3 堂", "-5%", "@SUM(A1:A2)"} <= values
    assert all(c.data_type == "s" for c in cells)


def test_control_characters_do_not_stop_the_export(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    decl = factories.declaration()
    decl.projects[0].name = "弱电\x01安装\ud800"
    path = tmp_path / "ctl.json"
    write_bundle(decl, path)
    wb = openpyxl.load_workbook(export(tmp_path, path, capsys))
    assert wb[SUMMARY_SHEET].cell(row=2, column=2).value == "弱电\ufffd安装\ufffd"


def test_unreadable_bundle_is_one_sentence(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert cli.main(["xlsx", str(bad), "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误:") and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_libreoffice_prints_the_workbook_without_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice Calc (soffice) is installed by tests/run.sh"
    books = [export(tmp_path, SONGJIANG, capsys), export(tmp_path, hostile_bundle(tmp_path), capsys)]
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, books)],
                   check=True, capture_output=True, timeout=240, env=env)
    for book in books:
        pdf = tmp_path / "pdf" / f"{book.stem}.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "Err:" not in text and "#NAME" not in text and "#VALUE" not in text
        assert "相关方满意度" in text
    hostile = subprocess.run(["pdftotext", str(tmp_path / "pdf" / "hostile.pdf"), "-"],
                             check=True, capture_output=True, text=True).stdout
    assert "=3 堂" in hostile and "@SUM(A1:A2)" in hostile
    songjiang = subprocess.run(["pdftotext", str(tmp_path / "pdf" / "songjiang-g60-2022.pdf"),
                                "-"], check=True, capture_output=True, text=True).stdout
    assert "=3堂" in songjiang and "5,100,000.00" in songjiang


def test_units_sheet_totals_each_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    decl = read_bundle(SONGJIANG)
    decl.projects[0].unit = "另一单位"
    decl.projects[1].values["category"] = ""  # a checker error (required field) in that unit
    path = tmp_path / "two-units.json"
    write_bundle(decl, path)
    ws = openpyxl.load_workbook(export(tmp_path, path, capsys))[UNITS_SHEET]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["单位", "项目数"] and header[-3:] == ["指标数", "预审", "未解决的错误"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["另一单位", decl.projects[1].unit, "合计"]
    assert [r[1] for r in rows] == [1, 3, 4]
    annual = header.index("年度资金申请总额(元)")
    rest = sum((p.funding.get("annual") or Decimal(0) for p in decl.projects[1:]), Decimal(0))
    assert Decimal(str(rows[1][annual])) == rest
    assert Decimal(str(rows[2][annual])) == decl.annual_total("annual")
    assert rows[2][-3] == sum(len(p.indicators) for p in decl.projects)
    assert rows[1][-2] == "必须修改" and rows[1][-1] >= 1
    assert rows[2][-1] == rows[0][-1] + rows[1][-1]
