"""``main.py import BOOK.xlsx``: exact round trips, foreign indicator lists, bad workbooks."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from g60desk import cli
from g60desk.domain.indicator_sheet import cell_text, match_columns
from g60desk.domain.model import Declaration
from g60desk.exchange.bundle import read_bundle
from g60desk.exchange.workbook import workbook_bytes
from g60desk.exchange.workbook_import import MAX_ROWS, read_workbook
from tests import factories
from tests.integration.test_cli_store import run_cli

SAMPLES = sorted((Path(__file__).parents[2] / "assets" / "samples").glob("*.json"))


def assert_same(a: Declaration, b: Declaration) -> None:
    """Field by field: the declaration, then every project and indicator."""
    assert (a.id, a.year, a.template, a.department, a.units) == \
        (b.id, b.year, b.template, b.department, b.units)
    assert a.signatures == b.signatures
    assert len(a.projects) == len(b.projects)
    for p, q in zip(a.projects, b.projects, strict=True):
        assert (p.id, p.unit) == (q.id, q.unit)
        assert p.values == q.values
        assert p.funding.amounts == q.funding.amounts
        for key, amount in p.funding.amounts.items():  # Decimal digits too, not only value
            assert str(amount) == str(q.funding.get(key))
        assert p.goals == q.goals and p.sections == q.sections
        assert [vars(i) for i in p.indicators] == [vars(i) for i in q.indicators]


def to_workbook(tmp_path: Path, bundle: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / f"{bundle.stem}.xlsx"
    assert cli.main(["xlsx", str(bundle), "-o", str(out)]) == 0
    capsys.readouterr()
    return out


@pytest.mark.parametrize("bundle", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_own_workbook_reads_back_exactly(tmp_path: Path, bundle: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    content = read_workbook(to_workbook(tmp_path, bundle, capsys))
    assert content.declaration is not None and content.indicators is None
    assert content.notes == []
    assert_same(read_bundle(bundle), content.declaration)


@pytest.mark.parametrize("bundle", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_bundle_to_workbook_to_store_to_bundle(tmp_path: Path, bundle: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    book = to_workbook(tmp_path, bundle, capsys)
    code, out, err = run_cli(monkeypatch, capsys, "import", str(book))
    assert code == 0 and "已导入" in out, err
    decl = read_bundle(bundle)
    back = tmp_path / "back.json"
    code, _, err = run_cli(monkeypatch, capsys, "export", "--year", str(decl.year),
                           "--id", decl.id, "-o", str(back))
    assert code == 0, err
    assert_same(decl, read_bundle(back))
    # The same workbook again: refused, nothing overwritten.
    code, _, err = run_cli(monkeypatch, capsys, "import", str(book))
    assert code == 2 and "未导入" in err and "覆盖" in err


def test_awkward_contents_round_trip(tmp_path: Path) -> None:
    decl = factories.declaration()
    p = decl.projects[0]
    p.name = "=3 堂" + "长" * 40000  # longer than one cell holds
    p.goals["annual_goal"] = "@项目\n+多行\t文字"
    p.funding.set("annual_other", None)
    p.funding.set("total", Decimal("12345678.90"))
    path = tmp_path / "w.xlsx"
    path.write_bytes(workbook_bytes(decl, factories.template()))
    content = read_workbook(path)
    assert content.declaration is not None and content.notes == []
    assert_same(decl, content.declaration)
    shown = openpyxl.load_workbook(path)["项目汇总"].cell(row=2, column=2).value
    assert shown == p.name[:32767]  # Excel's cell limit; the data sheet keeps it all


def foreign_sheet(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "绩效指标"
    ws.append(["2024年项目绩效指标表"])
    ws.append([])
    ws.append(["项目名称", "一级指标 ", "二级指标", "三级指标名称", "符号", "指标值", "度量单位", "备注"])
    rows = [
        ["监测站建设", "产出指标", "数量指标", "新建监测站点", ">=", 12, "个", ""],
        [None, None, None, "报送月报", "=", 12.0, "份", ""],
        [None, None, "质量指标", "数据有效率", "≥", 90.5, "%", ""],
        [None, None, None, None, ">=", 1, "个", "缺三级"],
        [None, None, "时效指标", "完成时间", None, dt.datetime(2024, 12, 31), None, ""],
        [None, "满意度指标", "服务对象满意度指标", "群众满意度", None, "较满意", None, ""],
        ["设备购置", "产出指标", "数量指标", "购置设备", None, None, None, ""],
        [None, None, None, None, None, None, None, None],
    ]
    for r in rows:
        ws.append(r)
    ws.merge_cells("B4:B8")
    wb.save(path)


def test_foreign_indicator_sheet_by_header_names(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "指标.xlsx"
    foreign_sheet(book)
    found = read_workbook(book).indicators
    assert found is not None and found.sheet == "绩效指标" and found.header_row == 3
    assert set(found.columns) == {"project", "level1", "level2", "name", "operator", "value",
                                  "unit"}
    got = [(proj, n, i.level1, i.level2, i.name, i.target) for proj, n, i in found.rows]
    assert got == [
        ("监测站建设", 4, "产出指标", "数量指标", "新建监测站点", ">=12个"),
        ("监测站建设", 5, "产出指标", "数量指标", "报送月报", "=12份"),
        ("监测站建设", 6, "产出指标", "质量指标", "数据有效率", "≥90.5%"),
        ("监测站建设", 9, "满意度指标", "服务对象满意度指标", "群众满意度", "较满意"),
        ("设备购置", 10, "产出指标", "数量指标", "购置设备", ""),
    ]
    assert len(found.findings) == 3
    assert "第7行" in found.findings[0] and "三级指标" in found.findings[0]
    assert "第8行" in found.findings[1] and "日期" in found.findings[1]
    assert "第10行" in found.findings[2] and "没有指标值" in found.findings[2]

    code, out, err = run_cli(monkeypatch, capsys, "import", str(book))
    assert code == 2 and "--year" in err
    code, out, err = run_cli(monkeypatch, capsys, "import", str(book), "--preview")
    assert code == 0 and "可导入 5 条指标,2 个项目,3 处问题" in out
    code, out, err = run_cli(monkeypatch, capsys, "import", str(book), "--year", "2024",
                             "--template", "shanghai-2022", "--department", "某局")
    assert code == 0, err
    assert "问题:工作表“绩效指标”第7行" in out
    back = tmp_path / "b.json"
    code, _, err = run_cli(monkeypatch, capsys, "export", "--year", "2024", "-o", str(back))
    assert code == 0, err
    decl = read_bundle(back)
    assert decl.department == "某局" and [p.name for p in decl.projects] == ["监测站建设", "设备购置"]
    assert [i.name for i in decl.projects[0].indicators] == \
        ["新建监测站点", "报送月报", "数据有效率", "群众满意度"]


def test_edits_in_the_indicator_sheet_are_noted_not_imported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = to_workbook(tmp_path, SAMPLES[-1], capsys)
    wb = openpyxl.load_workbook(book)
    wb["指标明细"]["H2"] = "=99个"
    wb["指标明细"]["H2"].data_type = "s"
    wb.save(book)
    content = read_workbook(book)
    assert len(content.notes) == 1 and "在 Excel 中的修改没有导入" in content.notes[0]
    assert content.declaration is not None
    assert_same(read_bundle(SAMPLES[-1]), content.declaration)
    code, _, err = run_cli(monkeypatch, capsys, "import", str(book))
    assert code == 0 and err.startswith("注意:工作表“指标明细”")


def test_formulas_and_date_formatted_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["一级指标", "二级指标", "三级指标", "指标值(原文)"])
    ws.append(["产出指标", "数量指标", "开发课程", "=1+2"])       # a formula, no cached value
    ws.append(["产出指标", "数量指标", "举办活动", 45291])        # a number shown as a date
    ws["D3"].number_format = "yyyy-mm-dd"
    ws.append(["产出指标", "时效指标", "完成时间", "2024年底前"])
    ws.append(["产出指标", "数量指标", "举办讲座", "#NAME?"])  # a failed formula's cached text
    ws.append(["产出指标", "数量指标", "编写教材", "Err:509"])
    book = tmp_path / "formulas.xlsx"
    wb.save(book)
    found = read_workbook(book).indicators
    assert found is not None
    assert [(i.name, i.target) for _, _, i in found.rows] == [("开发课程", ""),
                                                             ("完成时间", "2024年底前")]
    assert len(found.findings) == 4
    assert "第2行" in found.findings[0] and "没有指标值" in found.findings[0]
    assert "第3行" in found.findings[1] and "日期" in found.findings[1]
    assert "第5行" in found.findings[2] and "公式出错" in found.findings[2]
    assert "Err:509" in found.findings[3]


def test_own_indicator_detail_sheet_is_recognised_without_the_data_sheet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = to_workbook(tmp_path, SAMPLES[-1], capsys)
    wb = openpyxl.load_workbook(book)
    for name in wb.sheetnames:
        if name != "指标明细":
            del wb[name]
    stripped = tmp_path / "detail-only.xlsx"
    wb.save(stripped)
    found = read_workbook(stripped).indicators
    assert found is not None and not found.findings
    decl = read_bundle(SAMPLES[-1])
    expected = [(p.name, i.level1, i.level2, i.name, i.target)
                for p in decl.projects for i in p.indicators]
    assert [(proj, i.level1, i.level2, i.name, i.target) for proj, _, i in found.rows] == expected


def test_header_variants() -> None:
    cols = match_columns(["一级", "二级 指标", "指标名称", "计算符号", "年度指标值", "计量单位",
                          "指标值(原文)"])
    assert cols == {"level1": 0, "level2": 1, "name": 2, "operator": 3, "value": 4, "unit": 5,
                    "raw": 6}
    assert cell_text(90.0) == "90" and cell_text(0.95) == "0.95" and cell_text(" 完成 ") == "完成"


def bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def ole2(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + extra


def big_sheet(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("大表")
    ws.append(["三级指标", "指标值"])
    for n in range(MAX_ROWS + 5):
        ws.append([f"指标{n}", n])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    return path


def docx_like(tmp_path: Path) -> Path:
    path = tmp_path / "word.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return path


def no_table(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "电话"])
    path = tmp_path / "contacts.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize(("make", "words"), [
    (lambda t: bad(t, "text.xlsx", "项目,指标\n".encode()), "不是 Excel 工作簿"),
    (lambda t: bad(t, "old.xls", ole2()), ".xls"),
    (lambda t: bad(t, "secret.xlsx", ole2("EncryptionInfo".encode("utf-16-le"))), "密码"),
    (lambda t: bad(t, "cut.xlsx", b"PK\x03\x04" + b"\0" * 100), "损坏"),
    (docx_like, "不是 Excel 工作簿"),
    (no_table, "没有找到指标表"),
    (big_sheet, f"超过 {MAX_ROWS} 行"),
    (lambda t: t / "missing.xlsx", "找不到文件"),
], ids=["text", "xls", "password", "truncated", "docx", "no-table", "huge", "missing"])
def test_bad_workbooks_are_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str],
                                        make: Callable[[Path], Path], words: str) -> None:
    path = make(tmp_path)
    code, _, err = run_cli(monkeypatch, capsys, "import", str(path), "--year", "2024",
                             "--template", "shanghai-2022")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误:") and words in lines[0], err
    assert "Traceback" not in err
