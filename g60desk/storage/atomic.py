"""Write a file so that a crash leaves either the old or the new content, never half.

Temp file in the same folder → flush → fsync → ``os.replace`` → fsync the
folder. On Windows the replace fails with WinError 5/32/33 while antivirus or
the search indexer has the target open; it is retried with backoff.
"""

from __future__ import annotations

import errno
import os
import secrets
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from g60desk.storage.errors import SaveError

TEMP_SUFFIX = ".tmp"
# Backoff between replace attempts while another program holds the file (about 6 s in all).
REPLACE_DELAYS: tuple[float, ...] = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.0)
# ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
_WINDOWS_BUSY = frozenset({5, 32, 33})

Replace = Callable[[str | os.PathLike[str], str | os.PathLike[str]], None]


def is_file_busy(exc: OSError) -> bool:
    """True for the Windows errors meaning another program has the file open."""
    return getattr(exc, "winerror", None) in _WINDOWS_BUSY


def temp_path(target: Path) -> Path:
    """A unique temp name beside ``target`` (same folder, so the replace is atomic)."""
    return target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    """Make a rename durable on POSIX; Windows has no directory handles for this."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_with_retry(src: Path, dst: Path, *, replace: Replace = os.replace,
                       sleep: Callable[[float], None] = time.sleep,
                       delays: Sequence[float] = REPLACE_DELAYS) -> None:
    """``os.replace`` that waits out another program briefly holding ``dst``."""
    for attempt in range(len(delays) + 1):
        try:
            replace(src, dst)
            return
        except OSError as exc:
            if not is_file_busy(exc) or attempt == len(delays):
                raise
            sleep(delays[attempt])


def describe_os_error(exc: OSError, path: Path) -> str:
    """A Chinese sentence for why writing ``path`` failed."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or \
            getattr(exc, "winerror", None) in (39, 112):
        return f"磁盘空间不足,无法保存 {path}。请清理磁盘空间后再保存。"
    if is_file_busy(exc):
        return (f"文件 {path} 正被其他程序(常见的是杀毒软件或 Windows 搜索索引)占用,"
                "多次重试后仍无法保存。请稍后再保存,或将数据文件夹加入杀毒软件的信任列表。")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有写入 {path} 的权限(文件夹只读或被保护)。"
    reason = exc.strerror or str(exc)
    return f"无法写入 {path}:{reason}。"


def write_atomic(path: Path, data: bytes, *, replace: Replace = os.replace,
                 sleep: Callable[[float], None] = time.sleep,
                 delays: Sequence[float] = REPLACE_DELAYS) -> None:
    """Replace ``path`` with ``data`` all-or-nothing; raise :class:`SaveError` on failure.

    On failure the old file is untouched and the temp file removed.
    """
    tmp = temp_path(path)
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        replace_with_retry(tmp, path, replace=replace, sleep=sleep, delays=delays)
    except OSError as exc:
        with suppress(OSError):
            tmp.unlink()
        raise SaveError(describe_os_error(exc, path)) from exc
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def clean_temp_files(folder: Path, stem: str) -> int:
    """Remove temp files ``<stem>.*.tmp`` a crashed run left in ``folder``; return how many.

    Only call while holding the folder lock: a live writer's temp file looks the same.
    """
    removed = 0
    try:
        candidates = list(folder.glob(f"{stem}.*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for leftover in candidates:
        with suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed
