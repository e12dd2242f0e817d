"""``main.py``: the garbage collector is off for the window's start (app.run turns it on
at the first paint) and stays on for a sub-command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, runpy, sys
import g60desk.cli
def main():
    print("GC", gc.isenabled(), flush=True)
    return 0
g60desk.cli.main = main   # what main.py runs, once it has set everything up
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


@pytest.mark.parametrize(("args", "enabled"), [([], False), (["check"], True),
                                               (["--help"], True)])
def test_the_collector_is_off_only_for_the_window(args: list[str], enabled: bool) -> None:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"GC {enabled}" in out.stdout.splitlines(), out.stdout
