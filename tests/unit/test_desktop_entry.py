"""build/linux/install-desktop-entry.sh: the per-user menu entry and desktop icon of the zip."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "build" / "linux"


def unpacked(folder: Path) -> Path:
    """A fake unpacked zip: the two files the build puts beside the program, and the program."""
    folder.mkdir(parents=True)
    for name in ("install-desktop-entry.sh", "g60desk.desktop.in"):
        shutil.copy2(LINUX / name, folder / name)
    program = folder / "g60desk"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    return folder


def install(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    return subprocess.run(["sh", str(folder / "install-desktop-entry.sh")], env=env,
                          capture_output=True, text=True, timeout=30, check=False)


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_entry_points_at_the_unpacked_folder_with_chinese_and_spaces(tmp_path: Path) -> None:
    folder = unpacked(tmp_path / "我的 文档" / "G60Desk-0.2.0")
    home = tmp_path / "home"
    (home / "桌面").mkdir(parents=True)
    result = install(folder, home)
    assert result.returncode == 0, result.stderr

    menu = home / ".local" / "share" / "applications" / "g60desk.desktop"
    entry = read_entry(menu)
    assert entry["Type"] == "Application"
    assert entry["Exec"] == f'"{folder}/g60desk"'
    assert entry["Path"] == str(folder)
    assert entry["Icon"] == f"{folder}/_internal/assets/icons/g60desk.png"
    assert entry["Name[zh_CN]"].startswith("G60Desk")
    assert "@DIR@" not in menu.read_text(encoding="utf-8")
    assert os.access(menu, os.X_OK)
    # The desktop icon is the same entry, in the user's 桌面 folder.
    assert (home / "桌面" / "g60desk.desktop").read_text(encoding="utf-8") == menu.read_text(
        encoding="utf-8")


def test_template_icon_exists_in_the_bundle_layout() -> None:
    # The spec copies assets/ to _internal/assets: the icon the entry names must be there.
    entry = read_entry(LINUX / "g60desk.desktop.in")
    assert entry["Icon"] == "@DIR@/_internal/assets/icons/g60desk.png"
    assert (ROOT / "assets" / "icons" / "g60desk.png").is_file()


def test_refuses_a_folder_the_entry_cannot_quote(tmp_path: Path) -> None:
    folder = unpacked(tmp_path / "price $5")
    result = install(folder, tmp_path / "home")
    assert result.returncode == 1
    assert "特殊字符" in result.stderr
    assert not (tmp_path / "home" / ".local").exists()


def test_outside_an_unpacked_folder_it_says_so(tmp_path: Path) -> None:
    folder = unpacked(tmp_path / "G60Desk")
    (folder / "g60desk").unlink()
    result = install(folder, tmp_path / "home")
    assert result.returncode == 1
    assert "找不到" in result.stderr
