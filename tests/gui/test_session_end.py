"""Session end (issue 11, item 12): logging out or shutting down saves what was typed and
releases the lock, so the next start does not greet the user with 上次没有正常退出."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from g60desk import app
from g60desk.storage import open_database
from g60desk.storage.lock import LOCK_NAME
from tests.gui.conftest import Harness, type_into

ROOT = Path(__file__).resolve().parents[2]


def _typed_and_ended(root: Any, home: Path, end: Any) -> None:
    h = Harness(root, home)
    h.start_with_sample()
    h.session.autosave.delay = 60          # nothing saves on its own before the session ends
    type_into(h.editor.fields["name"].widget, "注销前输入的名称")
    assert h.session.dirty
    real_destroy = root.destroy
    root.destroy = lambda: None            # keep the shared root alive
    old = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        app.install_session_end(root, h.window.end_session)
        end(root)
        h.pump(lambda: h.services.closers == [], timeout=5)
    finally:
        root.destroy = real_destroy
        for s, handler in old.items():
            signal.signal(s, handler)
        root.protocol("WM_SAVE_YOURSELF", "")
    assert h.services.closers == []        # the database was closed: lock released
    assert (home / LOCK_NAME).read_bytes() == b""
    db, report = open_database(home)
    try:
        assert report.stale_lock is None
        assert db.get(db.list()[0].id).projects[0].name == "注销前输入的名称"
    finally:
        db.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_saves_and_releases_the_lock(root: Any, home: Path, signum: int) -> None:
    _typed_and_ended(root, home, lambda r: os.kill(os.getpid(), signum))


def test_windows_end_session_protocol_saves_and_releases_the_lock(root: Any, home: Path) -> None:
    # Tk turns WM_QUERYENDSESSION into the WM_SAVE_YOURSELF protocol on Windows.
    _typed_and_ended(root, home, lambda r: r.tk.call(r.protocol("WM_SAVE_YOURSELF")))


def test_sigterm_to_the_real_program_exits_cleanly(tmp_path: Path) -> None:
    home = tmp_path / "data"
    env = {**os.environ, "G60DESK_HOME": str(home)}
    subprocess.run([sys.executable, str(ROOT / "main.py"), "import",
                    str(ROOT / "assets/samples/songjiang-g60-2022.json")], env=env, check=True,
                   capture_output=True)
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        lock = home / LOCK_NAME
        while time.monotonic() < deadline and not (lock.exists() and lock.stat().st_size):
            time.sleep(0.1)
        assert lock.stat().st_size, "the window never took the lock"
        time.sleep(1.5)                      # the window is up and in its main loop
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err.decode(errors="replace")
    assert lock.read_bytes() == b""
    db, report = open_database(home)
    db.close()
    assert report.stale_lock is None
