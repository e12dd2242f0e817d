"""The GUI tests' guard against swallowed Tk callback errors, proved on a test that must fail."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

INNER = textwrap.dedent('''
    from tests.gui.conftest import Harness


    def test_error_in_first_window_then_second_window(root, home):
        first = Harness(root, home).start()

        def broken():
            raise RuntimeError("callback of the first window")

        first.window.frame.after(0, broken)
        first.pump()
        second = Harness(root, home / "second")   # installs its own reporter
        second.close()
        first.close()
''')


def test_guard_fails_a_test_whose_first_window_swallowed_an_error(tmp_path: Path) -> None:
    # A child pytest with the GUI conftest: the inner test must fail, naming the error.
    (tmp_path / "conftest.py").write_text("from tests.gui.conftest import *  # noqa: F403\n",
                                          encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(INNER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         str(tmp_path / "test_inner.py")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "1 error" in out, out  # the guard fails the test in its teardown
    assert "Tk callback raised" in out and "callback of the first window" in out, out
