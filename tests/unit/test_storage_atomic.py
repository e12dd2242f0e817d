"""All-or-nothing file writes, including the Windows replace retry (simulated here)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from g60desk.storage.atomic import clean_temp_files, replace_with_retry, write_atomic
from g60desk.storage.errors import SaveError


def windows_error(winerror: int) -> PermissionError:
    """What os.replace raises on Windows while antivirus has the target open."""
    exc = PermissionError(errno.EACCES, "另一个程序正在使用此文件,进程无法访问。")
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


class HeldByAntivirus:
    """An os.replace that fails ``times`` times with ``winerror``, then works."""

    def __init__(self, times: int, winerror: int = 32) -> None:
        self.times = times
        self.winerror = winerror
        self.calls = 0

    def __call__(self, src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        self.calls += 1
        if self.calls <= self.times:
            raise windows_error(self.winerror)
        os.replace(src, dst)


def test_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(b"old")
    write_atomic(target, "新内容".encode())
    assert target.read_bytes() == "新内容".encode()
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("winerror", [5, 32, 33])
def test_windows_replace_is_retried_with_backoff(tmp_path: Path, winerror: int) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(b"old")
    replace = HeldByAntivirus(times=3, winerror=winerror)
    sleeps: list[float] = []
    write_atomic(target, b"new", replace=replace, sleep=sleeps.append)
    assert target.read_bytes() == b"new"
    assert replace.calls == 4
    assert sleeps == sorted(sleeps) and len(sleeps) == 3 and sleeps[0] < sleeps[-1]
    assert not list(tmp_path.glob("*.tmp"))


def test_windows_replace_gives_up_with_a_clear_message(tmp_path: Path) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(b"old")
    replace = HeldByAntivirus(times=1000)
    sleeps: list[float] = []
    with pytest.raises(SaveError) as err:
        write_atomic(target, b"new", replace=replace, sleep=sleeps.append,
                     delays=(0.01, 0.02, 0.04))
    assert replace.calls == 4 and sleeps == [0.01, 0.02, 0.04]
    assert "杀毒软件" in err.value.message and "占用" in err.value.message
    assert target.read_bytes() == b"old"
    assert not list(tmp_path.glob("*.tmp"))


def test_default_backoff_waits_a_few_seconds_at_most() -> None:
    from g60desk.storage.atomic import REPLACE_DELAYS
    assert 2 <= sum(REPLACE_DELAYS) <= 10


def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    calls = []

    def replace(src: object, dst: object) -> None:
        calls.append(1)
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(SaveError, match="磁盘空间不足"):
        write_atomic(tmp_path / "db.json", b"x", replace=replace, sleep=lambda s: None)
    assert calls == [1]


def test_replace_with_retry_reraises_non_busy_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        replace_with_retry(tmp_path / "missing", tmp_path / "x", sleep=lambda s: None)


def test_permission_denied_message(tmp_path: Path) -> None:
    def replace(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")
    with pytest.raises(SaveError, match="权限"):
        write_atomic(tmp_path / "db.json", b"x", replace=replace)


def test_clean_temp_files_only_removes_ours(tmp_path: Path) -> None:
    (tmp_path / "g60desk.json.12-ab.tmp").write_bytes(b"")
    (tmp_path / "g60desk.json.99-cd.tmp").write_bytes(b"")
    (tmp_path / "other.tmp").write_bytes(b"")
    (tmp_path / "g60desk.json").write_bytes(b"{}")
    assert clean_temp_files(tmp_path, "g60desk.json") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g60desk.json", "other.tmp"]
