"""``pdf`` sub-command: bundle in, PDF out, exit codes and Chinese messages.

Bundles are written to tmp_path with write_bundle. The parser is built the way
g60desk.cli builds it, with this command registered.
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path

import pytest

from g60desk.commands import pdf as pdf_command
from g60desk.commands.parser import Parser as _Parser
from g60desk.domain.model import Declaration
from g60desk.exchange.bundle import write_bundle
from tests.integration.pdf.pdf_text import extract
from tests.integration.pdf.seed_2022 import seed_declaration


def run(argv: list[str]) -> int:
    parser = _Parser(prog="g60desk")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    pdf_command.register(sub)
    args: argparse.Namespace = parser.parse_args(argv)
    code: int = args.func(args)
    return code


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "申报.json"
    write_bundle(seed_declaration(), path)
    return path


def test_exports_the_whole_declaration(bundle: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "申报表.pdf"
    assert run(["pdf", str(bundle), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = extract(data)
    for name in ("G60科创走廊建设", "办公场所运行保障", "课题与规划"):
        assert name in text.flat
    assert "796.00万元" in text.flat
    assert f"共 {len(text.pages)} 页" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.tmp"))


def test_exports_selected_projects(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    assert run(["pdf", str(bundle), "-o", str(out), "--project", "2", "--project", "4"]) == 0
    lines = [r.text for r in extract(out.read_bytes()).lines]
    assert "项目经费情况说明2" in lines and "项目经费情况说明4" in lines
    assert "项目经费情况说明1" not in lines and "项目经费情况说明3" not in lines


def test_same_bundle_same_bytes(bundle: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run(["pdf", str(bundle), "-o", str(a)]) == 0
    assert run(["pdf", str(bundle), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    c = tmp_path / "c.pdf"
    assert run(["pdf", str(bundle), "-o", str(c), "--timestamp"]) == 0
    assert b"D:20000101000000" not in c.read_bytes()


def test_no_signatures_option(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    assert run(["pdf", str(bundle), "-o", str(out), "--no-signatures"]) == 0
    assert "单位负责人" not in extract(out.read_bytes()).text


@pytest.mark.parametrize(("prepare", "message"), [
    (lambda p: p.unlink(), "找不到文件"),
    (lambda p: p.write_text("{not json", encoding="utf-8"), "不是有效的 JSON"),
    (lambda p: p.write_bytes(b"\xff\xfe\x00garbage"), "UTF-8"),
])
def test_unreadable_bundles_exit_2(bundle: Path, tmp_path: Path, prepare: object, message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    prepare(bundle)  # type: ignore[operator]
    assert run(["pdf", str(bundle), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def _write(decl: Declaration, path: Path) -> Path:
    write_bundle(decl, path)
    return path


def test_unknown_template_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    decl = seed_declaration()
    decl.template = "shanghai-1999"
    path = _write(decl, tmp_path / "old.json")
    assert run(["pdf", str(path), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "模板“shanghai-1999”不存在" in err and "shanghai-2022" in err


def test_missing_project_exits_2(bundle: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["pdf", str(bundle), "-o", str(tmp_path / "x.pdf"), "--project", "9"]) == 2
    assert "没有第 9 个项目(本申报共有 4 个项目)" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "abc", "-1"])
def test_project_numbers_must_be_positive(bundle: Path, tmp_path: Path, value: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(["pdf", str(bundle), "-o", str(tmp_path / "x.pdf"), "--project", value])
    assert info.value.code == 2
    assert "命令行参数错误" in capsys.readouterr().err


def test_bad_font_and_unwritable_output_exit_2(bundle: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["pdf", str(bundle), "-o", str(tmp_path / "x.pdf"),
                "--font", str(tmp_path / "无此字体.ttf")]) == 2
    assert "找不到字体文件" in capsys.readouterr().err
    assert run(["pdf", str(bundle), "-o", str(tmp_path / "无此文件夹" / "x.pdf")]) == 2
    assert "无法写入" in capsys.readouterr().err


def test_missing_glyphs_warn_but_export(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    decl = seed_declaration()
    decl.projects[0].goals["overall_goal"] += "😀"
    path = _write(decl, tmp_path / "emoji.json")
    assert run(["pdf", str(path), "-o", str(tmp_path / "e.pdf")]) == 0
    err = capsys.readouterr().err
    assert "警告:" in err and "“😀”" in err and "项目总目标" in err


def test_errors_give_a_draft_and_final_refuses(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    decl = seed_declaration()
    # Two errors: a missing 项目资金总额, and 相关方满意度 listed twice (as the published
    # seed had it; the bundled sample keeps one row).
    decl.projects[0].funding.set("total", None)
    decl.projects[3].indicators.append(copy.deepcopy(decl.projects[3].indicators[-1]))
    bundle = _write(decl, tmp_path / "two-errors.json")
    draft = tmp_path / "draft.pdf"
    assert run(["pdf", str(bundle), "-o", str(draft)]) == 0
    assert "草稿" in capsys.readouterr().out
    text = extract(draft.read_bytes())
    assert all("草稿" in page for page in text.pages)
    final = tmp_path / "final.pdf"
    assert run(["pdf", str(bundle), "-o", str(final), "--final"]) == 1
    assert "尚有 2 处错误,不能导出正式稿" in capsys.readouterr().err
    assert not final.exists()


def test_an_error_free_declaration_exports_a_final_copy(tmp_path: Path) -> None:
    decl = seed_declaration()
    # The bundled sample has no error (its duplicated 相关方满意度 is fixed).
    path = _write(decl, tmp_path / "clean.json")
    final = tmp_path / "final.pdf"
    assert run(["pdf", str(path), "-o", str(final), "--final"]) == 0
    assert "草稿" not in extract(final.read_bytes()).text
