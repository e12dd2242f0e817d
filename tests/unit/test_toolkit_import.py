"""Importing ttkbootstrap without importlib.metadata (g60desk/ui/toolkit.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from g60desk.ui.toolkit import PackageNotFoundError, dist_version

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_comes_from_the_dist_info_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "ttkbootstrap-2.2.6.dist-info").mkdir()
    (tmp_path / "a" / "other_pkg-1.0.dist-info").mkdir()
    path = [str(tmp_path / "missing"), str(tmp_path / "a")]
    assert dist_version("ttkbootstrap", path) == "2.2.6"
    assert dist_version("other-pkg", path) == "1.0"
    with pytest.raises(PackageNotFoundError):
        dist_version("ttk", path)
    assert issubclass(PackageNotFoundError, ModuleNotFoundError)


def test_the_import_leaves_the_real_metadata_module_for_later() -> None:
    probe = """
import sys
from g60desk.ui.toolkit import import_ttkbootstrap
ttk = import_ttkbootstrap()
loaded = [m for m in ("importlib.metadata", "email", "csv") if m in sys.modules]
import importlib.metadata
print(loaded, ttk.__version__ == importlib.metadata.version("ttkbootstrap"),
      importlib.metadata.PackageNotFoundError.__module__, ttk.Button is not None)
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["[]", "True", "importlib.metadata", "True"]


def test_with_the_metadata_module_loaded_it_is_a_plain_import() -> None:
    probe = """
import importlib.metadata, sys
real = sys.modules["importlib.metadata"]
from g60desk.ui.toolkit import import_ttkbootstrap
ttk = import_ttkbootstrap()
print(sys.modules["importlib.metadata"] is real, ttk.__version__ != "unknown")
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.stdout.split() == ["True", "True"], out.stderr[-2000:]


def test_the_program_imports_no_window_module_before_run() -> None:
    """ttkbootstrap must first be imported by app.run (through import_ttkbootstrap):
    nothing main.py imports before it may import ttkbootstrap or a window module."""
    probe = """
import sys
sys.argv = ["main.py"]
from g60desk import splash, start_cache
import g60desk.cli, g60desk.app
print(sorted(m for m in sys.modules if m.startswith(("ttkbootstrap", "tkinter", "g60desk.ui"))))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
