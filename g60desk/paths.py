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


def assets_dir() -> Path:
    return resource_root() / "assets"


def sample_bundle() -> Path:
    return assets_dir() / "samples" / "songjiang-g60-2022.json"


def library_file() -> Path:
    return forms_dir() / "indicator-library.toml"


def executable_dir() -> Path:
    """The folder of the program itself (for portable mode)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return resource_root()


def data_dir() -> Path:
    """The user's data folder.

    ``G60DESK_HOME`` wins; then a file named ``portable`` beside the executable
    puts data beside it; else ``%APPDATA%\\G60Desk`` on Windows or the XDG data
    folder (``~/.local/share/g60desk``) elsewhere.
    """
    override = os.environ.get("G60DESK_HOME")
    if override:
        return Path(override).expanduser()
    exe = executable_dir()
    if (exe / "portable").exists():
        return exe / "G60Desk-data"
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "G60Desk"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "g60desk"


def review_file() -> Path:
    """Words, patterns and thresholds of the reviewer-grade rules (docs/rules.md, R)."""
    return forms_dir() / "review.toml"
