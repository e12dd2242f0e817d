"""``main.py``: the garbage collector is off for the window's start (app.run turns it on
at the first paint) and stays on for a sub-command; only the window's start adds to the
start cache, a sub-command reads it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, runpy, sys
import g60desk.cli
from g60desk import start_cache
def main():
    print("GC", gc.isenabled(), flush=True)
    print("LEARNS", start_cache.learning(), flush=True)
    return 0
g60desk.cli.main = main   # what main.py runs, once it has set everything up
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


@pytest.mark.parametrize(("args", "window"), [([], True), (["check"], False),
                                              (["--help"], False)])
def test_the_collector_is_off_and_the_cache_learns_only_for_the_window(
        args: list[str], window: bool) -> None:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # else the cache never writes, as bytecode
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                         text=True, cwd=ROOT, timeout=60, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert f"GC {not window}" in lines and f"LEARNS {window}" in lines, out.stdout
