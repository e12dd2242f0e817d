"""Where user data lives: override, portable mode, per-platform defaults; and the test guard."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from g60desk import paths


def test_guard_every_test_gets_a_temporary_data_folder(isolated_data_home: Path) -> None:
    folder = paths.data_dir()
    assert folder == isolated_data_home
    assert os.environ["G60DESK_HOME"] == str(isolated_data_home)
    real = Path.home() / ".local" / "share" / "g60desk"
    assert folder != real and real not in folder.parents


def test_guard_cleared_between_tests_part_one(isolated_data_home: Path) -> None:
    (paths.data_dir() / "marker").write_text("x")


def test_guard_cleared_between_tests_part_two(isolated_data_home: Path) -> None:
    assert not (paths.data_dir() / "marker").exists()


def test_home_variable_wins_and_is_made_absolute(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("G60DESK_HOME", "rel/data")
    assert paths.data_dir() == tmp_path / "rel" / "data"


def test_portable_marker_puts_data_beside_the_program(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.delenv("G60DESK_HOME")
    monkeypatch.setattr(paths, "executable_dir", lambda: tmp_path)
    (tmp_path / "portable").write_text("")
    folder, why = paths.data_dir_and_source()
    assert folder == tmp_path / "G60Desk-data"
    assert "便携" in why


def test_xdg_data_home_on_linux(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("G60DESK_HOME")
    monkeypatch.setattr(paths, "executable_dir", lambda: tmp_path)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.data_dir() == tmp_path / "xdg" / "g60desk"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))  # Path.home() on Windows
    assert paths.data_dir() == tmp_path / "home" / ".local" / "share" / "g60desk"


def test_appdata_on_windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("G60DESK_HOME")
    monkeypatch.setattr(paths, "executable_dir", lambda: tmp_path)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert paths.data_dir() == tmp_path / "Roaming" / "G60Desk"


def test_install_guide_names_the_portable_folder_the_code_uses(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program = tmp_path / "G60Desk-版本号"
    program.mkdir()
    monkeypatch.delenv("G60DESK_HOME")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "g60desk.exe"))
    (program / paths.PORTABLE_MARKER).write_text("")
    folder = paths.data_dir()
    assert folder.parent == program                # inside the program folder, not beside it
    guide = (Path(__file__).resolve().parents[2] / "docs" / "install.md").read_text("utf-8")
    assert f"`{program.name}\\{folder.name}`" in guide
    assert f"`{program.name}/{folder.name}`" in guide
    assert "旁边的 `G60Desk-data`" not in guide


def test_the_cache_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert paths.cache_dir() == tmp_path / "Local" / "G60Desk" / "cache"
    monkeypatch.setattr(paths.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert paths.cache_dir() == tmp_path / "xdg" / "g60desk"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert paths.cache_dir() == Path.home() / ".cache" / "g60desk"
