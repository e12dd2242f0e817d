"""The compiled methods Python's dataclasses generate, kept between runs like bytecode.

Python builds each dataclass's ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__``
(and, when frozen, ``__setattr__`` and ``__delattr__``) by compiling generated source
with ``exec`` as the class is defined. On Python 3.11 that is about 1.3 ms a class: the
64 classes the window's first screen imports cost 80 ms of a half-second start, at every
start. The generated source depends only on the class's fields, so its compiled code can
be kept, as ``.pyc`` files keep a module's.

:func:`install` gives the ``dataclasses`` module its own ``exec`` (a module global, which
its functions find before the builtin) that looks the source text up in a dict of code
objects loaded from a file and compiles only what it does not find. The key is the exact
source text, so an entry can never be stale; dataclasses themselves are untouched and
behave as before. The file carries the interpreter's bytecode magic number and is
ignored when it is missing, damaged or from another Python.

From the source tree the file sits in ``g60desk/__pycache__`` and is written when the
start compiled something new (not when bytecode writing is off). The frozen program
ships one made at build time (:func:`build`, from ``build/g60desk.spec``) and never
writes.

Nothing here raises: a cache problem only means compiling as Python always did.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

FILE_NAME = "dataclass-methods.bin"
# A file that grew past this many entries (classes changed over many versions) is
# written again with only the entries this run used.
MAX_ENTRIES = 4000


class _Cache:
    def __init__(self) -> None:
        self.path: Path | None = None     # the file, when installed
        self.writable = False
        self.codes: dict[str, CodeType] = {}
        self.used: set[str] = set()
        self.compiled = 0                 # sources compiled in this run (not in the file)
        self.hits = 0


_cache = _Cache()


def default_path() -> tuple[Path, bool]:
    """Where the cache lives, and whether this run may write it."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "g60desk" / FILE_NAME, False
    here = Path(__file__).resolve().parent / "__pycache__"
    return here / f"{Path(FILE_NAME).stem}.{sys.implementation.cache_tag}.bin", \
        not sys.dont_write_bytecode


def _load(path: Path) -> dict[str, CodeType]:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == MAGIC_NUMBER
            and isinstance(data[1], dict)):
        return {}
    return {k: v for k, v in data[1].items() if isinstance(k, str) and isinstance(v, CodeType)}


def _exec(source: Any, globals: dict[str, Any] | None = None,
          locals: dict[str, Any] | None = None, /) -> None:
    """``exec`` as dataclasses call it, with source text compiled through the cache."""
    if globals is None:   # the builtin would take the caller's, dataclasses' own
        globals = vars(dataclasses)
    if isinstance(source, str):
        code = _cache.codes.get(source)
        if code is None:
            code = compile(source, "<string>", "exec")
            _cache.codes[source] = code
            _cache.compiled += 1
        else:
            _cache.hits += 1
        _cache.used.add(source)
        source = code
    builtins.exec(source, globals, locals)


def install(path: Path | None = None, *, writable: bool | None = None) -> None:
    """Compile dataclass methods through the cache from now on (once per process)."""
    if _cache.path is not None:
        return
    default, may_write = default_path()
    _cache.path = path or default
    _cache.writable = may_write if writable is None else writable
    _cache.codes = _load(_cache.path)
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    if _cache.writable:
        atexit.register(save)


def uninstall() -> None:
    """Back to the builtin ``exec`` (tests)."""
    with contextlib.suppress(AttributeError):
        del dataclasses.exec  # type: ignore[attr-defined]
    _cache.__init__()  # type: ignore[misc]


def stats() -> dict[str, int]:
    """How this run went: sources found in the file, compiled anew, entries held."""
    return {"hits": _cache.hits, "compiled": _cache.compiled, "entries": len(_cache.codes)}


def save() -> bool:
    """Write the file when this run compiled something new; True when written."""
    path = _cache.path
    if path is None or not _cache.writable or not _cache.compiled:
        return False
    codes = _cache.codes
    if len(codes) > MAX_ENTRIES:
        codes = {k: v for k, v in codes.items() if k in _cache.used}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((MAGIC_NUMBER, codes)))
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    _cache.compiled = 0
    return True


def build(path: Path) -> int:
    """Make the cache a frozen program ships: every module of the program imported once.

    Returns the number of entries written."""
    import importlib
    import pkgutil

    uninstall()
    with contextlib.suppress(OSError):
        path.unlink()
    install(path, writable=True)
    import g60desk

    for info in pkgutil.walk_packages(g60desk.__path__, "g60desk."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # a module this platform cannot import: left out
            print(f"{info.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
    _cache.compiled = max(_cache.compiled, 1)   # write even when nothing was new
    if not save():
        raise OSError(f"无法写入 {path}")
    return len(_cache.codes)


if __name__ == "__main__":   # python -m g60desk.dataclass_cache OUT (build/g60desk.spec)
    print(build(Path(sys.argv[1])))
