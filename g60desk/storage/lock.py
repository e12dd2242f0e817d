"""One writer per data folder: a lock file naming its owner, held with an OS lock.

The file ``g60desk.lock`` holds JSON ``{"pid", "host", "user", "since"}`` of
the running G60Desk. The owner also holds an OS lock on it (``flock`` on
POSIX, ``msvcrt.locking`` on a byte far past the text on Windows, so the text
stays readable). The OS drops that lock when the process dies, however it
dies, so a lock file whose OS lock is free is stale: left by a crash, and
taken over. On release the file is emptied but kept (deleting it would race
with a starting instance).

Where the file system offers no OS locks (some network shares), the pid and
host decide: the same host with a dead pid is stale; another host is trusted
to be alive.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from g60desk import safejson
from g60desk.domain.records import LockHolder
from g60desk.fileio import describe_os_error
from g60desk.storage.errors import DatabaseLocked, LockUnavailable

LOCK_NAME = "g60desk.lock"
# Windows locks a byte range; this one lies past any lock text so reading it works.
_WIN_LOCK_OFFSET = 1 << 20


def this_host() -> str:
    return socket.gethostname() or "unknown"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors when no user name is set
        return ""


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine (best effort)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def parse_holder(text: str) -> LockHolder | None:
    """The holder recorded in a lock file; ``None`` for empty or garbled text."""
    try:
        obj: Any = safejson.loads(text, max_depth=4)
        pid = obj["pid"]
        if not isinstance(pid, int) or isinstance(pid, bool):
            return None
        return LockHolder(pid=pid, host=str(obj["host"]),
                          user=str(obj.get("user", "")), since=str(obj.get("since", "")))
    except (safejson.JsonProblem, KeyError, TypeError, AttributeError):
        return None


def _try_os_lock(fh: IO[bytes]) -> bool | None:
    """True: locked; False: someone else holds it; None: no OS locks here."""
    try:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(_WIN_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            fh.seek(0)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        # EACCES / EDEADLOCK: held. Wine's msvcrt refuses a held range without setting
        # errno (0), where the pid fallback would wrongly take a lock its own process holds.
        if sys.platform == "win32" and exc.errno in (0, 13, 36):
            return False
        return None


def _os_unlock(fh: IO[bytes]) -> None:
    with suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            fh.seek(_WIN_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _read_text(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            return fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return ""


class FolderLock:
    """The held lock; :meth:`release` (or closing the program) frees it."""

    def __init__(self, path: Path, fh: IO[bytes], me: LockHolder,
                 stale: LockHolder | None) -> None:
        self.path = path
        self._fh: IO[bytes] | None = fh
        self.holder = me
        self.stale = stale   # the crashed owner whose lock was taken over, if any

    @classmethod
    def acquire(cls, path: Path) -> FolderLock:
        """Take the lock; raise :class:`DatabaseLocked` if a live G60Desk has it."""
        try:
            fh = open(path, "a+b")  # noqa: SIM115 - held open for the life of the lock
        except OSError as exc:
            raise LockUnavailable(
                f"无法在数据文件夹中创建锁文件 {path}({exc.strerror or exc}),"
                "文件夹可能是只读的(如写保护的U盘)。") from exc
        try:
            return cls._acquire_open(path, fh)
        except BaseException:
            with suppress(OSError):   # a full disk fails the flush on close too
                fh.close()
            raise

    @classmethod
    def _acquire_open(cls, path: Path, fh: IO[bytes]) -> FolderLock:
        locked = _try_os_lock(fh)
        previous = parse_holder(_read_text(path))
        if locked is False:
            raise DatabaseLocked(previous, str(path.parent))
        if locked is None and previous is not None:
            same_host = previous.host == this_host()
            if (same_host and previous.pid != os.getpid() and pid_alive(previous.pid)) \
                    or not same_host:
                raise DatabaseLocked(previous, str(path.parent))
        me = LockHolder(pid=os.getpid(), host=this_host(), user=_user(),
                        since=datetime.now().isoformat(timespec="seconds"))
        text = json.dumps({"pid": me.pid, "host": me.host, "user": me.user, "since": me.since,
                           "program": "G60Desk"}, ensure_ascii=False)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(text.encode("utf-8"))
            fh.flush()
        except OSError as exc:
            # A full disk: no owner can be recorded, so this run must not write at all.
            with suppress(OSError):
                fh.seek(0)
                fh.truncate()
            _os_unlock(fh)
            raise LockUnavailable(
                f"无法在数据文件夹中写入锁文件 {path}({describe_os_error(exc, path)})") from exc
        with suppress(OSError):
            os.fsync(fh.fileno())
        return cls(path, fh, me, previous)

    @property
    def held(self) -> bool:
        return self._fh is not None

    def release(self) -> None:
        """Empty the file and drop the OS lock; safe to call twice."""
        fh, self._fh = self._fh, None
        if fh is None:
            return
        with suppress(OSError):
            fh.seek(0)
            fh.truncate()
            fh.flush()
        _os_unlock(fh)
        with suppress(OSError):
            fh.close()
