"""A unit's newer bundle replacing its earlier version: ``import --replace`` (the stored
version goes to the 回收站) and ``rollup --replace`` (the newest version of each unit)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from g60desk import paths
from g60desk.exchange.bundle import read_bundle, write_bundle
from g60desk.exchange.trashfile import TRASH_FILE, TrashFile
from g60desk.storage import open_database
from tests.integration.test_cli_store import run_cli
from tests.store_samples import declaration

OLD, NEW = "2026-03-01T09:00:00+08:00", "2026-03-05T16:30:00+08:00"


def stored() -> list:
    db, _ = open_database(paths.data_dir())
    try:
        return [db.get(i.id) for i in db.list()]
    finally:
        db.close()


def trash() -> list:
    return TrashFile(paths.data_dir() / TRASH_FILE).load()


def yi_bundle(tmp_path: Path) -> Path:
    decl = declaration(1, unit="乙中心", decl_id="yi")
    decl.projects[0].id = "yi1"
    path = tmp_path / "乙.json"
    write_bundle(decl, path, exported=OLD)
    return path


def unit_bundles(tmp_path: Path) -> tuple[Path, Path]:
    """甲中心's bundle twice: the first (2 projects) and a later one (a name changed,
    a project added)."""
    first = declaration(2, unit="甲中心", decl_id="jia")
    later = copy.deepcopy(first)
    later.projects[0].name = "改过名的项目"
    later.projects.append(declaration(1, unit="甲中心").projects[0])
    later.projects[-1].id = "jia-new"
    old, new = tmp_path / "甲-旧.json", tmp_path / "甲-新.json"
    write_bundle(first, old, exported=OLD)
    write_bundle(later, new, exported=NEW)
    return old, new


def test_a_newer_bundle_needs_replace_and_keeps_the_old_in_the_bin(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    old, new = unit_bundles(tmp_path)
    assert run_cli(monkeypatch, capsys, "import", str(old))[0] == 0
    code, _, err = run_cli(monkeypatch, capsys, "import", str(new))
    assert code == 2
    assert "比已有的版本新" in err and "--replace" in err and "Traceback" not in err
    assert [len(d.projects) for d in stored()] == [2] and trash() == []

    code, out, err = run_cli(monkeypatch, capsys, "import", str(new), "--replace")
    assert code == 0, err
    assert "替换" in out and "回收站" in out
    (decl,) = stored()
    assert decl.id == "jia" and len(decl.projects) == 3
    assert decl.projects[0].name == "改过名的项目" and decl.exported == NEW
    (entry,) = trash()
    meta, kept = entry
    assert meta["kind"] == "declaration" and len(kept.projects) == 2
    assert kept.projects[0].name == read_bundle(old).projects[0].name


def test_an_older_bundle_after_a_newer_one_is_refused_unless_allowed(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    old, new = unit_bundles(tmp_path)
    assert run_cli(monkeypatch, capsys, "import", str(new))[0] == 0
    code, _, err = run_cli(monkeypatch, capsys, "import", str(old), "--replace")
    assert code == 2
    assert "比已有的版本旧" in err and "--allow-older" in err
    assert [len(d.projects) for d in stored()] == [3] and trash() == []

    code, _, err = run_cli(monkeypatch, capsys, "import", str(old), "--replace",
                           "--allow-older")
    assert code == 0, err
    assert [len(d.projects) for d in stored()] == [2] and len(trash()) == 1


def test_the_same_bundle_again_is_not_newer(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    old, _ = unit_bundles(tmp_path)
    assert run_cli(monkeypatch, capsys, "import", str(old))[0] == 0
    code, _, err = run_cli(monkeypatch, capsys, "import", str(old), "--replace")
    assert code == 2 and "导出时间相同" in err and trash() == []


def test_flags_that_do_not_go_together(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    old, _ = unit_bundles(tmp_path)
    code, _, err = run_cli(monkeypatch, capsys, "import", str(old), "--copy", "--replace")
    assert code == 2 and "不能同时使用" in err
    code, _, err = run_cli(monkeypatch, capsys, "import", str(old), "--allow-older")
    assert code == 2 and "--replace" in err


def first_roll_up(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                  tmp_path: Path) -> tuple[Path, Path, Path]:
    """甲中心's first bundle and 乙中心's rolled up into dept.json: (dept, 甲 old, 甲 new)."""
    old, new = unit_bundles(tmp_path)
    dept = tmp_path / "dept.json"
    assert run_cli(monkeypatch, capsys, "rollup", str(old), str(yi_bundle(tmp_path)), "-o",
                   str(dept), "--department", "区科委")[0] == 0
    return dept, old, new


def test_a_newer_unit_bundle_replaces_its_projects_in_a_stored_roll_up(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    dept, _, new = first_roll_up(monkeypatch, capsys, tmp_path)
    rolled = read_bundle(dept)
    assert rolled.versions == {"甲中心": OLD, "乙中心": OLD}
    assert run_cli(monkeypatch, capsys, "import", str(dept))[0] == 0

    code, _, err = run_cli(monkeypatch, capsys, "import", str(new))
    assert code == 2 and "汇总申报中的 2 个项目" in err and "--replace" in err
    code, out, err = run_cli(monkeypatch, capsys, "import", str(new), "--replace")
    assert "“甲中心”的 2 个项目" in out
    assert code == 0, err
    (decl,) = stored()
    assert decl.id == rolled.id
    assert [p.unit for p in decl.projects] == ["甲中心"] * 3 + ["乙中心"]
    assert decl.projects[0].name == "改过名的项目" and decl.versions["甲中心"] == NEW
    assert decl.versions["乙中心"] == OLD
    bin_entries = trash()
    assert [m["kind"] for m, _ in bin_entries] == ["project", "project"]
    assert {d.projects[0].id for _, d in bin_entries} == {p.id for p in rolled.projects[:2]}


def test_rollup_replace_keeps_the_newest_version_of_a_unit(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    first, old, new = first_roll_up(monkeypatch, capsys, tmp_path)
    second = tmp_path / "dept2.json"
    code, _, err = run_cli(monkeypatch, capsys, "rollup", str(first), str(new), "-o", str(second),
                           "--department", "区科委")
    assert code == 2 and "--replace" in err and not second.exists()
    # the newer one wins whatever the order on the command line
    for files in ((first, new), (new, first)):
        code, out, err = run_cli(monkeypatch, capsys, "rollup", *map(str, files), "-o",
                                 str(second), "--replace", "--department", "区科委")
        assert code == 0, err
        assert "替换:“甲中心”:采用 甲-新.json" in out
        decl = read_bundle(second)
        jia = [p for p in decl.projects if p.unit == "甲中心"]
        assert len(jia) == 3 and jia[0].name == "改过名的项目"
        assert [p.unit for p in decl.projects].count("乙中心") == 1
        assert decl.versions["甲中心"] == NEW
    # two versions with no stamp cannot be ordered: still a conflict
    bare = tmp_path / "无时间.json"
    bare.write_text(new.read_text("utf-8").replace(f'"exported": "{NEW}",', ""), "utf-8")
    assert read_bundle(bare).exported == ""
    code, _, err = run_cli(monkeypatch, capsys, "rollup", str(old), str(bare), "-o",
                           str(second), "--replace")
    assert code == 2 and "无法判断哪个较新" in err
