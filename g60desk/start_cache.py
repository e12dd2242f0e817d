"""What each start would otherwise compute again, kept between runs like bytecode.

Two things every start of the window used to redo, for the same result each time:

- **The methods Python's dataclasses generate.** Python builds each dataclass's
  ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` (and, when frozen,
  ``__setattr__`` and ``__delattr__``) by compiling generated source with ``exec`` as the
  class is defined. On Python 3.11 that is about 1.3 ms a class: the 64 classes the
  first screen imports cost 80 ms of a half-second start. :func:`install` gives the
  ``dataclasses`` module its own ``exec`` (a module global, which its functions find
  before the builtin) that takes the compiled code from here and compiles only source
  it has not seen. Dataclasses themselves are untouched and behave as before.
- **The form templates' TOML.** ``tomllib`` is pure Python: importing it and parsing the
  three templates took about 10 ms. :func:`toml_loads` returns the parsed document of a
  text seen before (a fresh copy each time), and parses anything else.

- **Small binary results** (:func:`blob`, :func:`keep_blob`): the window keeps the
  images ttkbootstrap draws with Pillow for its theme (arrows, check marks, scrollbar
  thumbs, icons: 23 of them, 35–45 ms at each start) as PNG (g60desk/ui/toolkit.py).

Each code and TOML entry's key is the exact source or file text, so it can never be
stale; a blob's key names everything its content depends on. The file carries the
interpreter's bytecode magic number and is ignored when it is missing, damaged or from
another Python.

From the source tree the file sits in ``g60desk/__pycache__`` and is written at exit when
the run made something new (not when bytecode writing is off). The frozen program ships
one made at build time (:func:`build`, from ``build/g60desk.spec``: the methods and the
forms) and keeps what it makes beyond that (the theme's images, drawn on the first start)
in the user's cache folder (``paths.cache_dir``).

Nothing here raises: a cache problem only means compiling and parsing as before.
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

FILE_NAME = "start-cache.bin"
# A file that grew past this many entries (classes and forms changed over many
# versions) is written again with only the entries this run used.
MAX_ENTRIES = 4000


class _Tables:
    def __init__(self) -> None:
        self.codes: dict[str, CodeType] = {}
        self.tomls: dict[str, bytes] = {}  # text -> its parsed document, marshalled
        self.blobs: dict[str, bytes] = {}

    def __len__(self) -> int:
        return len(self.codes) + len(self.tomls) + len(self.blobs)


def _either(own: dict[str, Any], shipped: dict[str, Any], key: str) -> Any:
    """The entry this run's file has under ``key``, else the shipped file's."""
    found = own.get(key)
    return shipped.get(key) if found is None else found


class _Cache:
    def __init__(self) -> None:
        self.path: Path | None = None     # the file this run may write, when installed
        self.writable = False
        self.shipped = _Tables()          # the frozen program's own file (read only)
        self.own = _Tables()              # the file at ``path``
        self.used: set[str] = set()
        self.new = 0                      # entries made in this run (not in the file)
        self.hits = 0
        self.compiled = 0
        self.parsed = 0
        self.blob_hits = 0


_cache = _Cache()


def _own_name() -> str:
    return f"{Path(FILE_NAME).stem}.{sys.implementation.cache_tag}.bin"


def default_paths() -> tuple[Path | None, Path, bool]:
    """The file the program ships (frozen only), the file this run keeps, and whether
    it may write that one."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        from g60desk.paths import cache_dir

        return Path(frozen) / "g60desk" / FILE_NAME, cache_dir() / _own_name(), True
    here = Path(__file__).resolve().parent / "__pycache__"
    return None, here / _own_name(), not sys.dont_write_bytecode


def _load(path: Path | None) -> _Tables:
    tables = _Tables()
    if path is None:
        return tables
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return tables
    if not (isinstance(data, tuple) and len(data) == 4 and data[0] == MAGIC_NUMBER
            and all(isinstance(d, dict) for d in data[1:])):
        return tables
    tables.codes = {k: v for k, v in data[1].items()
                    if isinstance(k, str) and isinstance(v, CodeType)}
    tables.tomls = {k: v for k, v in data[2].items()
                    if isinstance(k, str) and isinstance(v, bytes)}
    tables.blobs = {k: v for k, v in data[3].items()
                    if isinstance(k, str) and isinstance(v, bytes)}
    return tables


def _exec(source: Any, globals: dict[str, Any] | None = None,
          locals: dict[str, Any] | None = None, /) -> None:
    """``exec`` as dataclasses call it, with source text compiled through the cache."""
    if globals is None:   # the builtin would take the caller's, dataclasses' own
        globals = vars(dataclasses)
    if isinstance(source, str):
        code = _either(_cache.own.codes, _cache.shipped.codes, source)
        if code is None:
            code = compile(source, "<string>", "exec")
            _cache.own.codes[source] = code
            _cache.compiled += 1
            _cache.new += 1
        else:
            _cache.hits += 1
        _cache.used.add(source)
        source = code
    builtins.exec(source, globals, locals)


def toml_loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, from the cache when this text was parsed before.

    Raises what ``tomllib.loads`` raises (``TOMLDecodeError``, a ``ValueError``)."""
    kept = _either(_cache.own.tomls, _cache.shipped.tomls, text)
    if kept is not None:
        with contextlib.suppress(EOFError, ValueError, TypeError):
            doc = marshal.loads(kept)
            if isinstance(doc, dict):
                _cache.hits += 1
                _cache.used.add(text)
                return doc
    import tomllib

    doc = tomllib.loads(text)
    _cache.parsed += 1
    if active():
        try:   # dates and times do not marshal: such a file is parsed every time
            _cache.own.tomls[text] = marshal.dumps(doc)
        except ValueError:
            return doc
        _cache.used.add(text)
        _cache.new += 1
    return doc


def active() -> bool:
    """Whether the cache is installed in this process (the program, not the tests)."""
    return _cache.path is not None


def blob(key: str) -> bytes | None:
    """The bytes kept under ``key``, or None."""
    data: bytes | None = _either(_cache.own.blobs, _cache.shipped.blobs, key)
    if data is not None:
        _cache.hits += 1
        _cache.blob_hits += 1
        _cache.used.add(key)
    return data


def keep_blob(key: str, data: bytes) -> None:
    """Keep ``data`` under ``key`` (written with the rest at exit)."""
    if not active() or _either(_cache.own.blobs, _cache.shipped.blobs, key) == data:
        return
    _cache.own.blobs[key] = data
    _cache.used.add(key)
    _cache.new += 1


def install(path: Path | None = None, *, writable: bool | None = None,
            shipped: Path | None = None) -> None:
    """Use the cache from now on (once per process): before any dataclass is defined.
    Without arguments, the files :func:`default_paths` names."""
    if active():
        return
    default_shipped, default, may_write = default_paths()
    if path is None:
        path, shipped = default, default_shipped
    _cache.path = path
    _cache.writable = may_write if writable is None else writable
    _cache.shipped = _load(shipped)
    _cache.own = _load(path)
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    if _cache.writable:
        atexit.register(save)


def uninstall() -> None:
    """Back to the builtin ``exec`` and no cache (tests)."""
    with contextlib.suppress(AttributeError):
        del dataclasses.exec  # type: ignore[attr-defined]
    with contextlib.suppress(Exception):
        atexit.unregister(save)
    _cache.__init__()  # type: ignore[misc]


def stats() -> dict[str, int]:
    """How this run went: entries found in the files (of them, blobs), methods compiled
    and files parsed anew, entries held."""
    return {"hits": _cache.hits, "blobs": _cache.blob_hits, "compiled": _cache.compiled,
            "parsed": _cache.parsed, "entries": len(_cache.own) + len(_cache.shipped)}


def save() -> bool:
    """Write the file when this run made new entries; True when written."""
    path = _cache.path
    if path is None or not _cache.writable or not _cache.new:
        return False
    own = _cache.own
    codes, tomls, blobs = own.codes, own.tomls, own.blobs
    if len(own) > MAX_ENTRIES:
        used = _cache.used
        codes = {k: v for k, v in codes.items() if k in used}
        tomls = {k: v for k, v in tomls.items() if k in used}
        blobs = {k: v for k, v in blobs.items() if k in used}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((MAGIC_NUMBER, codes, tomls, blobs)))
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    _cache.new = 0
    return True


def build(path: Path) -> int:
    """Make the cache a frozen program ships: every module of the program imported and
    every form file of the program parsed once. Returns the number of entries written."""
    import importlib
    import pkgutil

    uninstall()
    with contextlib.suppress(OSError):
        path.unlink()
    install(path, writable=True)
    import g60desk
    from g60desk import paths

    for info in pkgutil.walk_packages(g60desk.__path__, "g60desk."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # a module this platform cannot import: left out
            print(f"{info.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
    for form in sorted(paths.forms_dir().glob("*.toml")):
        try:
            toml_loads(form.read_bytes().decode("utf-8-sig"))
        except (OSError, ValueError) as exc:
            print(f"{form.name}: {exc}", file=sys.stderr)
    _cache.new = max(_cache.new, 1)   # write even when nothing was new
    if not save():
        raise OSError(f"无法写入 {path}")
    return len(_cache.own)


if __name__ == "__main__":   # python -m g60desk.start_cache OUT (build/g60desk.spec)
    print(build(Path(sys.argv[1])))
