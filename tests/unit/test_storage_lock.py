"""The folder lock's decisions, including file systems without OS locks (network shares).

Live locks between processes and stale locks after a crash are exercised in
tests/integration/test_storage_database.py and test_storage_kill.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from g60desk.storage import lock
from g60desk.storage.errors import DatabaseLocked


def write_holder(path: Path, pid: int, host: str) -> None:
    path.write_text(json.dumps({"pid": pid, "host": host, "user": "u",
                                "since": "2026-01-28T09:00:00"}), encoding="utf-8")


@pytest.fixture
def no_os_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock, "_try_os_lock", lambda fh: None)


def test_lock_file_names_the_owner_and_is_emptied_on_release(tmp_path: Path) -> None:
    path = tmp_path / "g60desk.lock"
    held = lock.FolderLock.acquire(path)
    holder = lock.parse_holder(path.read_text(encoding="utf-8"))
    assert holder is not None and holder.pid == os.getpid() and holder.host == lock.this_host()
    assert "进程" in holder.describe()
    held.release()
    held.release()
    assert path.read_bytes() == b"" and not held.held


def test_without_os_locks_a_dead_pid_on_this_host_is_stale(tmp_path: Path,
                                                           no_os_locks: None) -> None:
    path = tmp_path / "g60desk.lock"
    write_holder(path, 999999999, lock.this_host())
    held = lock.FolderLock.acquire(path)
    assert held.stale is not None and held.stale.pid == 999999999
    held.release()


def test_without_os_locks_a_live_pid_on_this_host_holds(tmp_path: Path,
                                                        no_os_locks: None) -> None:
    path = tmp_path / "g60desk.lock"
    # A child that surely lives (the parent pid may not be a Windows process, e.g. under Wine).
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        write_holder(path, child.pid, lock.this_host())
        with pytest.raises(DatabaseLocked) as err:
            lock.FolderLock.acquire(path)
        assert err.value.holder is not None and err.value.holder.pid == child.pid
    finally:
        child.kill()
        child.wait()


def test_without_os_locks_another_computer_is_trusted(tmp_path: Path, no_os_locks: None) -> None:
    path = tmp_path / "g60desk.lock"
    write_holder(path, 1234, "另一台电脑")
    with pytest.raises(DatabaseLocked, match="另一台电脑"):
        lock.FolderLock.acquire(path)


def test_pid_alive() -> None:
    assert lock.pid_alive(os.getpid())
    assert not lock.pid_alive(999999999)
    assert not lock.pid_alive(0)


@pytest.mark.parametrize("text", ["", "garbage", '{"pid": "x", "host": "h"}', "[]"])
def test_garbled_lock_text_names_nobody(text: str) -> None:
    assert lock.parse_holder(text) is None


@pytest.mark.parametrize(("errno", "expected"), [(13, False), (36, False), (0, False), (22, None)])
def test_windows_lock_refusals(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                               errno: int, expected: bool | None) -> None:
    """msvcrt.locking refusing a held byte: EACCES, EDEADLOCK, or no errno at all (Wine)."""
    def locking(fd: int, mode: int, nbytes: int) -> None:
        raise OSError(errno, "refused")

    monkeypatch.setitem(sys.modules, "msvcrt", types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0,
                                                                     locking=locking))
    monkeypatch.setattr(lock.sys, "platform", "win32")
    with open(tmp_path / "g60desk.lock", "a+b") as fh:
        assert lock._try_os_lock(fh) is expected
