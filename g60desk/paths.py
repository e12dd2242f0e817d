"""Where things are: bundled resources (source tree or frozen bundle) and user data.

Every path to a bundled file goes through here so the program works both from
source and from a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_root() -> Path:
    """The folder holding ``forms/`` and ``assets/``: the bundle when frozen, else the repo."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return resource_root() / "forms"


def user_forms_dir() -> Path:
    """Templates a unit received as a file: ``forms/`` inside the data folder."""
    return data_dir() / "forms"


def template_dirs() -> tuple[Path, Path]:
    """Where templates are read from, in order; a later one replaces an earlier one's id."""
    return forms_dir(), user_forms_dir()


def assets_dir() -> Path:
    return resource_root() / "assets"


def help_file() -> Path:
    """使用说明 (docs/gui.md, shipped with the program)."""
    return resource_root() / "docs" / "gui.md"


def sample_bundle() -> Path:
    return assets_dir() / "samples" / "songjiang-g60-2022.json"


def library_file() -> Path:
    return forms_dir() / "indicator-library.toml"


def review_file() -> Path:
    """Words, patterns and thresholds of the reviewer-grade rules (docs/rules.md, R)."""
    return forms_dir() / "review.toml"


def executable_dir() -> Path:
    """The folder of the program itself (for portable mode)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return resource_root()


PORTABLE_MARKER = "portable"
PORTABLE_DATA = "G60Desk-data"
HOME_VARIABLE = "G60DESK_HOME"


def data_dir() -> Path:
    """The user's data folder (database, backups, lock); not created here.

    ``G60DESK_HOME`` wins (tests and administrators); then a file named
    ``portable`` beside the executable puts data in ``G60Desk-data`` beside it
    (a USB stick); else ``%APPDATA%\\G60Desk`` on Windows or the XDG data folder
    (``$XDG_DATA_HOME/g60desk``, default ``~/.local/share/g60desk``) elsewhere.
    """
    return data_dir_and_source()[0]


def data_dir_and_source() -> tuple[Path, str]:
    """The data folder and, in Chinese, why it is that one (for 关于/数据位置)."""
    override = os.environ.get(HOME_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser().absolute(), f"由环境变量 {HOME_VARIABLE} 指定"
    exe = executable_dir()
    if (exe / PORTABLE_MARKER).is_file():
        return exe / PORTABLE_DATA, "便携模式(程序旁有 portable 文件)"
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "G60Desk", "当前用户的应用数据文件夹"
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    # The XDG spec says relative values are invalid and must be ignored.
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base_dir / "g60desk", "当前用户的数据文件夹"


def cache_dir() -> Path:
    """Where the frozen program keeps what it can make again (g60desk/start_cache.py):
    ``%LOCALAPPDATA%\\G60Desk\\cache`` on Windows, else the XDG cache folder
    (``$XDG_CACHE_HOME/g60desk``, default ``~/.cache/g60desk``). Not created here."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "G60Desk" / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base_dir / "g60desk"
