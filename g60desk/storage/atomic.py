"""The storage's view of :mod:`g60desk.fileio`: the same atomic write, raising SaveError.

Temp file with a unique name in the same folder → flush → fsync →
``os.replace`` (retried while Windows antivirus holds the target) → fsync the
folder; see :mod:`g60desk.fileio`, which every write of the program uses.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from g60desk import fileio
from g60desk.fileio import (
    REPLACE_DELAYS,
    TEMP_SUFFIX,
    Replace,
    clean_temp_files,
    describe_os_error,
    fsync_dir,
    is_file_busy,
    replace_with_retry,
    temp_path,
)
from g60desk.storage.errors import SaveError

__all__ = ["REPLACE_DELAYS", "TEMP_SUFFIX", "Replace", "clean_temp_files", "describe_os_error",
           "fsync_dir", "is_file_busy", "replace_with_retry", "temp_path", "write_atomic"]


def write_atomic(path: Path, data: bytes, *, replace: Replace = os.replace,
                 sleep: Callable[[float], None] = time.sleep,
                 delays: Sequence[float] = REPLACE_DELAYS) -> None:
    """Replace ``path`` with ``data`` all-or-nothing; raise :class:`SaveError` on failure."""
    try:
        fileio.write_atomic(path, data, replace=replace, sleep=sleep, delays=delays)
    except fileio.FileWriteError as exc:
        raise SaveError(exc.message) from exc.__cause__
