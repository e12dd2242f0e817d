"""A Python without Tk (no python3-tk) gets one Chinese and English sentence, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_window_without_tk_names_python3_tk(tmp_path: Path) -> None:
    # A tkinter that fails as on a Python built without Tk (it shadows the real one).
    fake = tmp_path / "no-tk" / "tkinter"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'_tkinter\'", name="_tkinter")\n')
    env = {**os.environ, "PYTHONPATH": str(fake.parent), "G60DESK_HOME": str(tmp_path / "home")}
    proc = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=tmp_path, check=False, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "python3-tk" in lines[0] and "请安装" in lines[0] and "install" in lines[0]


def test_window_without_a_display_says_so_and_releases_the_data(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["G60DESK_HOME"] = str(tmp_path / "home")
    proc = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=tmp_path, check=False, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "程序内部错误" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "没有可用的图形显示" in lines[0] and "g60desk check" in lines[0]
    # The data folder's lock is released: the command line can store into it at once.
    sample = next((ROOT / "assets" / "samples").glob("*.json"))
    imported = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(sample)],
                              capture_output=True, text=True, encoding="utf-8", env=env,
                              cwd=tmp_path, check=False, timeout=120)
    assert imported.returncode == 0, imported.stdout + imported.stderr
