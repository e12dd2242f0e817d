"""File safety: every file the program writes or reads from the user goes through here.

Writing (:func:`write_atomic`): a temp file with a unique name in the target's
folder → flush → fsync → ``os.replace`` (retried with backoff while Windows
antivirus or the search indexer holds the target: WinError 5/32/33) → fsync the
folder. A crash leaves the old or the new content, never half, and never
touches another file: the temp name is unique, so a user's ``OUT.pdf.tmp`` is
safe. Output paths the user names are checked first (:func:`output_target`):
empty names, folders, devices and FIFOs are refused; a symlink is followed, so
the file it points to is replaced and the link stays.

Reading (:func:`read_limited`): only regular files, opened without blocking
(a FIFO cannot hang the program), read up to a bound that does not trust
``st_size`` (``/dev/zero`` cannot exhaust memory).

Damaged files are set aside by one policy (:func:`set_aside`): renamed to
``<name>.corrupt-<time>`` beside the original, never overwriting an earlier copy.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from g60desk.domain.errors import UserError

TEMP_SUFFIX = ".tmp"
# Backoff between replace attempts while another program holds the file (about 6 s in all).
REPLACE_DELAYS: tuple[float, ...] = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.0)
# ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
_WINDOWS_BUSY = frozenset({5, 32, 33})
_SURROGATE = re.compile("[\ud800-\udfff]")

Replace = Callable[[str | os.PathLike[str], str | os.PathLike[str]], None]


class FileWriteError(UserError):
    """A file could not be written; the old content (if any) is untouched."""


class FileReadError(UserError):
    """A file could not be read, or is not something to read (a FIFO, a device, too big)."""


# ---------------------------------------------------------------- writing

def is_file_busy(exc: OSError) -> bool:
    """True for the Windows errors meaning another program has the file open."""
    return getattr(exc, "winerror", None) in _WINDOWS_BUSY


def temp_path(target: Path) -> Path:
    """A unique temp name beside ``target`` (same folder, so the replace is atomic)."""
    import secrets

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
    if exc.errno == errno.EROFS:
        return f"无法写入 {path}:磁盘或U盘是只读的(可能打开了写保护开关)。"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有写入 {path} 的权限(文件夹只读或被保护)。"
    if exc.errno == errno.ENOENT:
        return f"无法写入 {path}:所在的文件夹不存在。"
    reason = exc.strerror or str(exc)
    return f"无法写入 {path}:{reason}。"


def utf8(text: str) -> bytes:
    """UTF-8 bytes of ``text``; a lone surrogate (not encodable) becomes U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def write_atomic(path: Path, data: bytes, *, replace: Replace = os.replace,
                 sleep: Callable[[float], None] = time.sleep,
                 delays: Sequence[float] = REPLACE_DELAYS) -> None:
    """Replace ``path`` with ``data`` all-or-nothing; raise :class:`FileWriteError`.

    On failure the old file is untouched and the temp file removed (if it can be).
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
        raise FileWriteError(describe_os_error(exc, path)) from exc
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def output_target(path: Path | str) -> Path:
    """The file to write for an output name the user gave; :class:`FileWriteError` if none.

    Refuses an empty name, a missing folder, and anything existing that is not a
    regular file (folder, device such as ``/dev/full``, FIFO). A symlink is
    followed: the file it points to is the one replaced.
    """
    text = os.fspath(path)
    if not text.strip():
        raise FileWriteError("没有给出输出文件名。")
    target = Path(text)
    if target.is_symlink():
        with suppress(OSError, RuntimeError):
            target = target.resolve()
    try:
        st = target.stat()
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise FileWriteError(f"无法写入 {path}:所在的文件夹不存在。") from None
        return target
    except OSError as exc:
        raise FileWriteError(describe_os_error(exc, target)) from None
    if stat.S_ISDIR(st.st_mode):
        raise FileWriteError(f"{path} 是一个文件夹,请给出文件名。")
    if not stat.S_ISREG(st.st_mode):
        raise FileWriteError(f"{path} 不是普通文件(可能是设备或管道),不能写入。")
    return target


def write_output(path: Path | str, data: bytes) -> Path:
    """Check the user's output name, then write it atomically; return the file written."""
    target = output_target(path)
    write_atomic(target, data)
    return target


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


# ---------------------------------------------------------------- reading

def read_limited(path: Path, max_bytes: int, *, what: str = "文件") -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    ``FileNotFoundError`` propagates (callers treat a missing file their own way);
    everything else that stops the read is a :class:`FileReadError`. The file is
    opened without blocking (a FIFO without a writer cannot hang) and read to the
    bound, whatever ``st_size`` says.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise FileReadError(f"{path} 是文件夹,不是{what}。")
        if not stat.S_ISREG(st.st_mode):
            raise FileReadError(f"{path} 不是普通文件(可能是设备或管道),不能作为{what}读取。")
        if st.st_size > max_bytes:
            raise FileReadError(_too_big(path, what, st.st_size))
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise FileReadError(f"无法读取{what} {path}:{exc.strerror or exc}。") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
            raise FileReadError(f"{path} 不是普通文件,不能作为{what}读取。")
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise FileReadError(f"无法读取{what} {path}:{exc.strerror or exc}。") from exc
    finally:
        os.close(fd)
    if total > max_bytes:
        raise FileReadError(_too_big(path, what, total))
    return b"".join(chunks)


def read_input(path: Path, max_bytes: int, error: Callable[[str], Exception], *,
               what: str = "文件") -> bytes:
    """:func:`read_limited` for a file the user names: a missing file and every other
    failure become ``error(Chinese message)``."""
    try:
        return read_limited(path, max_bytes, what=what)
    except FileNotFoundError:
        raise error(f"找不到文件:{path}。") from None
    except FileReadError as exc:
        raise error(exc.message) from None


def _too_big(path: Path, what: str, size: int) -> str:
    return f"{what} {path} 过大({max(1, size // (1024 * 1024))} MB),不是本程序保存的文件。"


# ---------------------------------------------------------------- damaged files

def set_aside(path: Path, *, clock: Callable[[], datetime] = datetime.now) -> Path:
    """Rename a damaged file to ``<name>.corrupt-<time>[-n]`` beside it; return the new path.

    Never overwrites an earlier copy. Raises ``OSError`` when the rename fails.
    """
    stamp = f"{clock():%Y%m%d-%H%M%S}"
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    replace_with_retry(path, target)
    return target
