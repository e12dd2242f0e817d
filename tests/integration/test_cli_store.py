"""``main.py import`` and ``main.py export`` against a database in the test's data folder."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from g60desk import cli, paths
from g60desk.domain.model import Declaration
from g60desk.exchange.bundle import dumps, read_bundle, write_bundle
from g60desk.storage import open_database
from tests import factories
from tests.store_samples import declaration


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            *args: str) -> tuple[int, str, str]:
    # Only commands present on this tree (the checker lives in its own module).
    present = tuple(m for m in cli.COMMAND_MODULES
                    if importlib.util.find_spec(f"g60desk.commands.{m}") is not None)
    monkeypatch.setattr(cli, "COMMAND_MODULES", present)
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def written_stamp(path: Path) -> bytes:
    return f'"exported": "{read_bundle(path).exported}"'.encode()


def rich_declaration() -> Declaration:
    d = declaration(3, year=2022)
    d.projects[1].funding.set("annual_other", None)
    factories.set_day(d.projects[1], "end", None)
    d.projects[2].indicators = []
    d.projects[2].sections["targets"] = "多行\n文字“引号”,符号≥≤±%"
    d.signatures.date = ""
    return d


def test_import_then_export_round_trips_field_for_field(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    source = tmp_path / "输入.json"
    write_bundle(rich_declaration(), source)
    code, out, err = run_cli(monkeypatch, capsys, "import", str(source))
    assert code == 0, err
    assert "已导入 2022 年申报" in out and "3 个项目" in out
    assert (paths.data_dir() / "g60desk.json").is_file()

    target = tmp_path / "输出.json"
    code, out, err = run_cli(monkeypatch, capsys, "export", "--year", "2022", "-o", str(target))
    assert code == 0, err
    written, read = (json.loads(f.read_text("utf-8")) for f in (target, source))
    # every byte the same but the time each file was written
    assert written.pop("exported") >= read.pop("exported")
    assert written == read
    assert target.read_bytes().replace(written_stamp(target), b"") == \
        source.read_bytes().replace(written_stamp(source), b"")


def test_import_of_a_hand_written_bundle_keeps_every_value(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    doc = json.loads(dumps(rich_declaration()))
    p = doc["declaration"]["projects"][0]
    p["funding"]["total"] = "5,100,000.00"          # typed as staff type it
    p["start"] = "2022/1/1"
    source = tmp_path / "hand.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run_cli(monkeypatch, capsys, "import", str(source))[0] == 0
    target = tmp_path / "out.json"
    assert run_cli(monkeypatch, capsys, "export", "--year", "2022", "-o", str(target))[0] == 0
    assert read_bundle(target) == read_bundle(source)


def test_importing_twice_is_refused_unless_copy(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    source = tmp_path / "b.json"
    write_bundle(declaration(2), source)
    assert run_cli(monkeypatch, capsys, "import", str(source))[0] == 0
    code, _, err = run_cli(monkeypatch, capsys, "import", str(source))
    assert code == 2 and "未导入" in err and "--copy" in err and "Traceback" not in err
    code, out, _ = run_cli(monkeypatch, capsys, "import", "--copy", str(source))
    assert code == 0 and "作为副本" in out
    code, _, err = run_cli(monkeypatch, capsys, "export", "--year", "2022", "-o",
                           str(tmp_path / "x.json"))
    assert code == 2 and "2 份申报" in err
    db, _ = open_database(paths.data_dir())
    assert len(db.list()) == 2
    db.close()


def test_bad_inputs_give_chinese_messages(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    code, _, err = run_cli(monkeypatch, capsys, "import", str(tmp_path / "missing.json"))
    assert code == 2 and "找不到文件" in err
    (tmp_path / "bad.json").write_bytes("不是JSON".encode("gbk"))
    code, _, err = run_cli(monkeypatch, capsys, "import", str(tmp_path / "bad.json"))
    assert code == 2 and "UTF-8" in err
    code, _, err = run_cli(monkeypatch, capsys, "export", "--year", "1999", "-o",
                           str(tmp_path / "o.json"))
    assert code == 2 and "没有1999年" in err


def test_import_while_the_window_holds_the_folder_is_refused(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    source = tmp_path / "b.json"
    write_bundle(declaration(1), source)
    window_db, _ = open_database(paths.data_dir())
    window_db.add(declaration(1, year=2021, decl_id="w"))
    try:
        code, _, err = run_cli(monkeypatch, capsys, "import", str(source))
        assert code == 2 and "正被另一个 G60Desk 使用" in err
        # Export only reads, so it works beside the window.
        code, _, err = run_cli(monkeypatch, capsys, "export", "--year", "2021", "-o",
                               str(tmp_path / "w.json"))
        assert code == 0 and "只能查看" in err
    finally:
        window_db.close()
    assert read_bundle(tmp_path / "w.json").id == "w"
