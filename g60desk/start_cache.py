"""What each start would otherwise compute again, kept between runs like bytecode.

What every start of the window used to redo, for the same result each time:

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

- **Regular expressions.** Python's ``re`` parses each pattern and compiles it to the
  regular-expression engine's code in pure Python, once per process: the 64 patterns
  compiled before the first paint (ours, the standard library's, ttkbootstrap's and
  Pillow's) took 13–17 ms. :func:`install` gives ``re`` a compile step that takes the
  engine's code from here; a pattern's code is kept only when the pattern made from it
  equals (``==``: same pattern, flags and code) the one ``re`` compiles itself.
- **Small binary results** (:func:`blob`, :func:`keep_blob`): the window keeps the
  images ttkbootstrap draws with Pillow for its theme (arrows, check marks, scrollbar
  thumbs, icons: 23 of them, 35–45 ms at each start) as PNG (g60desk/ui/toolkit.py).

Each code, pattern and TOML entry's key is the exact source, pattern or file text (a
pattern's with its flags and the exact Python version), so it can never be stale; a
blob's key names everything its content depends on. The file carries the
interpreter's bytecode magic number and is ignored when it is missing, damaged or from
another Python.

From the source tree the file sits in ``g60desk/__pycache__`` and is written at exit when
the run made something new (not when bytecode writing is off). The frozen program ships
one made at build time (:func:`build`, from ``build/g60desk.spec``: the methods and the
forms) and keeps what it makes beyond that (the theme's images, drawn on the first start)
in the user's cache folder (``paths.cache_dir``).

Only the window's start-up adds to the file: a sub-command reads it (``main.py``), and
once the start-up is over (:func:`settle`) nothing more is kept and the file is written
with only what that start used, so what a PDF export or an older version compiled never
makes the next start read more.

Nothing here raises: a cache problem only means compiling and parsing as before.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import marshal
import os
import re
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

FILE_NAME = "start-cache.bin"
# A file that grew past this many entries (classes and forms changed over many
# versions) is written again with only the entries this run used (a window's start
# writes only what it used anyway: settle).
MAX_ENTRIES = 4000


class _Tables:
    def __init__(self) -> None:
        self.codes: dict[str, CodeType] = {}
        self.tomls: dict[str, bytes] = {}  # text -> its parsed document, marshalled
        self.blobs: dict[str, bytes] = {}
        self.patterns: dict[str, bytes] = {}  # pattern key -> its engine code, marshalled

    def __len__(self) -> int:
        return len(self.codes) + len(self.tomls) + len(self.blobs) + len(self.patterns)


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
        self.settled: set[str] | None = None   # what the window's start used (settle)
        self.new = 0                      # entries made in this run (not in the file)
        self.hits = 0
        self.compiled = 0
        self.parsed = 0
        self.blob_hits = 0
        self.regex_compiled = 0


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
    if not (isinstance(data, tuple) and len(data) == 5 and data[0] == MAGIC_NUMBER
            and all(isinstance(d, dict) for d in data[1:])):
        return tables
    tables.codes = {k: v for k, v in data[1].items()
                    if isinstance(k, str) and isinstance(v, CodeType)}
    tables.tomls = {k: v for k, v in data[2].items()
                    if isinstance(k, str) and isinstance(v, bytes)}
    tables.blobs = {k: v for k, v in data[3].items()
                    if isinstance(k, str) and isinstance(v, bytes)}
    tables.patterns = {k: v for k, v in data[4].items()
                       if isinstance(k, str) and isinstance(v, bytes)}
    return tables


def _exec(source: Any, globals: dict[str, Any] | None = None,
          locals: dict[str, Any] | None = None, /) -> None:
    """``exec`` as dataclasses call it, with source text compiled through the cache."""
    if globals is None:   # the builtin would take the caller's, dataclasses' own
        import dataclasses

        globals = vars(dataclasses)
    if isinstance(source, str):
        code = _either(_cache.own.codes, _cache.shipped.codes, source)
        if code is None:
            code = compile(source, "<string>", "exec")
            _cache.compiled += 1
            if learning():
                _cache.own.codes[source] = code
                _cache.new += 1
        else:
            _cache.hits += 1
        _cache.used.add(source)
        source = code
    builtins.exec(source, globals, locals)


# re's own compile step (Python 3.11+), replaced while the cache is installed.
_re_compiler: Any = getattr(re, "_compiler", None)
_real_re_compile: Any = getattr(_re_compiler, "compile", None)


def _engine_code(pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """What ``re._compiler.compile`` hands the engine for ``pattern``: its arguments to
    ``_sre.compile`` after the pattern itself (the steps of that function)."""
    compiler = _re_compiler
    parsed = compiler._parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints: the opcodes are an int subclass, which marshal does not write.
    return (int(flags | parsed.state.flags), [int(c) for c in code],
            int(parsed.state.groups - 1), {str(k): int(v) for k, v in groupindex.items()},
            tuple(indexgroup))


def _compile_pattern(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile``, with the engine code of a pattern seen before."""
    real = _real_re_compile
    if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
        return real(pattern, flags)
    key = f"{sys.version}|{type(pattern).__name__}|{flags}|{pattern!r}"
    kept = _either(_cache.own.patterns, _cache.shipped.patterns, key)
    if kept is not None:
        try:
            made = _re_compiler._sre.compile(pattern, *marshal.loads(kept))
        except Exception:   # anything odd: compiled as usual below
            pass
        else:
            _cache.hits += 1
            _cache.used.add(key)
            return made
    compiled = real(pattern, flags)
    _cache.regex_compiled += 1
    if learning():
        try:
            args = _engine_code(pattern, flags)
            if _re_compiler._sre.compile(pattern, *args) == compiled:
                _cache.own.patterns[key] = marshal.dumps(args)
                _cache.used.add(key)
                _cache.new += 1
        except Exception:   # another Python's internals: not kept
            pass
    return compiled


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
    if learning():
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


def learning() -> bool:
    """Whether what is made now is kept: installed, the file may be written, and the
    window's start-up is not over (:func:`settle`)."""
    return _cache.path is not None and _cache.writable and _cache.settled is None


def settle() -> None:
    """The window's start-up is over: from now on nothing new is kept, and the file is
    written with only what this start used. So a start reads no more than it needs:
    what a later action (a PDF, a workbook) or an older version compiled stays out."""
    if _cache.settled is None and active():
        _cache.settled = set(_cache.used)


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
    if not learning() or _either(_cache.own.blobs, _cache.shipped.blobs, key) == data:
        return
    _cache.own.blobs[key] = data
    _cache.used.add(key)
    _cache.new += 1


def install(path: Path | None = None, *, writable: bool | None = None,
            shipped: Path | None = None) -> None:
    """Use the cache from now on (once per process): before any dataclass is defined
    (``dataclasses`` is imported here, after the pattern hook). Without arguments, the
    files :func:`default_paths` names."""
    if active():
        return
    default_shipped, default, may_write = default_paths()
    if path is None:
        path, shipped = default, default_shipped
    _cache.path = path
    _cache.writable = may_write if writable is None else writable
    _cache.shipped = _load(shipped)
    _cache.own = _load(path)
    # Patterns first: importing dataclasses (inspect, tokenize, ast) compiles some.
    if _real_re_compile is not None and hasattr(_re_compiler, "_sre"):
        _re_compiler.compile = _compile_pattern
    import dataclasses

    dataclasses.exec = _exec  # type: ignore[attr-defined]
    if _cache.writable:
        atexit.register(save)


def uninstall() -> None:
    """Back to the builtin ``exec`` and no cache (tests)."""
    import dataclasses

    with contextlib.suppress(AttributeError):
        del dataclasses.exec  # type: ignore[attr-defined]
    if _real_re_compile is not None:
        _re_compiler.compile = _real_re_compile
    with contextlib.suppress(Exception):
        atexit.unregister(save)
    _cache.__init__()  # type: ignore[misc]


def stats() -> dict[str, int]:
    """How this run went: entries found in the files (of them, blobs), methods compiled,
    files parsed and patterns compiled anew, entries held."""
    return {"hits": _cache.hits, "blobs": _cache.blob_hits, "compiled": _cache.compiled,
            "parsed": _cache.parsed, "patterns": _cache.regex_compiled,
            "entries": len(_cache.own) + len(_cache.shipped)}


def save() -> bool:
    """Write the file when this run made new entries, or (after :func:`settle`) when the
    file holds entries this start did not use; True when written."""
    path = _cache.path
    if path is None or not _cache.writable:
        return False
    own = _cache.own
    tables: list[dict[str, Any]] = [own.codes, own.tomls, own.blobs, own.patterns]
    keep = _cache.settled
    if keep is None and len(own) > MAX_ENTRIES:
        keep = _cache.used
    if keep is not None:
        tables = [{k: v for k, v in table.items() if k in keep} for table in tables]
    if not _cache.new and sum(map(len, tables)) == len(own):
        return False
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((MAGIC_NUMBER, *tables)))
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    own.codes, own.tomls, own.blobs, own.patterns = tables
    _cache.new = 0
    return True


def build(path: Path) -> int:
    """Make the cache a frozen program ships: every module of the program imported and
    every form file of the program parsed and loaded once. Returns the number of entries
    written."""
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
    try:   # as the window loads them: the patterns their checks compile
        from g60desk.formspec import load_template_dirs

        load_template_dirs(*paths.template_dirs(), parse=toml_loads)
    except Exception as exc:
        print(f"forms: {type(exc).__name__}: {exc}", file=sys.stderr)
    _cache.new = max(_cache.new, 1)   # write even when nothing was new
    if not save():
        raise OSError(f"无法写入 {path}")
    return len(_cache.own)


if __name__ == "__main__":   # python -m g60desk.start_cache OUT (build/g60desk.spec)
    print(build(Path(sys.argv[1])))
