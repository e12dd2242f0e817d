"""The start cache (g60desk/start_cache.py): classes made through it behave exactly as
without it, parsed forms are the same documents, a second run compiles and parses
nothing, and a missing, damaged or foreign file only means compiling as usual."""

from __future__ import annotations

import dataclasses
import json
import marshal
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from g60desk import start_cache as dc

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    dc.uninstall()
    path = tmp_path / "cache" / dc.FILE_NAME
    dc.install(path, writable=True)
    try:
        yield path
    finally:
        dc.uninstall()


def _classes(suffix: str = "") -> dict[str, Any]:
    """The same class shapes each call (fresh classes, same generated source)."""
    @dataclasses.dataclass(frozen=True)
    class Money:
        amount: int
        unit: str = "万元"
        notes: tuple[str, ...] = ()

    @dataclasses.dataclass(order=True)
    class Row:
        name: str
        values: list[int] = dataclasses.field(default_factory=list)
        hidden: int = dataclasses.field(default=0, repr=False, compare=False)

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Options:
        year: int
        title: str = ""

    return {"Money": Money, "Row": Row, "Options": Options}


def _exercise(c: dict[str, Any]) -> list[Any]:
    """What each class does: construction, defaults, repr, equality, order, hashing,
    frozen assignment, replace."""
    Money, Row, Options = c["Money"], c["Row"], c["Options"]
    out: list[Any] = []
    m = Money(5)
    out += [repr(m), m == Money(5, "万元"), m != Money(6), hash(m) == hash(Money(5))]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.amount = 7  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del m.unit  # type: ignore[misc]
    out.append(dataclasses.replace(m, amount=9).amount)
    r1, r2 = Row("a"), Row("b", [1], hidden=3)
    r1.values.append(2)
    out += [repr(r2), r1 < r2, Row("a") == Row("a", hidden=5), r1.values, Row("x").values]
    with pytest.raises(TypeError):
        hash(r1)
    o = Options(year=2026)
    out += [repr(o), o.title]
    with pytest.raises(TypeError):
        Options(2026)  # type: ignore[misc]
    out.append([f.name for f in dataclasses.fields(Row)])
    return out


def test_classes_behave_the_same_with_the_cache(cache: Path) -> None:
    with_cache = _exercise(_classes())
    dc.uninstall()
    assert not hasattr(dataclasses, "exec")
    without = _exercise(_classes())
    assert with_cache == without
    assert with_cache[0].endswith("Money(amount=5, unit='万元', notes=())")


def test_the_second_definition_compiles_nothing(cache: Path) -> None:
    _classes()
    first = dc.stats()
    assert first["compiled"] > 0
    _classes()
    second = dc.stats()
    assert second["compiled"] == first["compiled"]        # nothing new
    assert second["hits"] >= first["compiled"]            # all found


def test_a_second_run_reads_what_the_first_saved(cache: Path) -> None:
    _classes()
    assert dc.save()
    assert cache.is_file()
    assert not dc.save(), "nothing new: the file is not written again"
    dc.uninstall()
    dc.install(cache, writable=True)
    _exercise(_classes())
    assert dc.stats()["compiled"] == 0 and dc.stats()["hits"] > 0


@pytest.mark.parametrize("content", [
    b"", b"not marshal at all", marshal.dumps([1, 2, 3]),
    marshal.dumps((b"\x00\x00\r\n", {"x": compile("1", "<string>", "exec")}, {}, {})),
    marshal.dumps((None, {}, {}, {})),
    marshal.dumps((None, {}, {}, {}, {})),
    marshal.dumps((b"\x00\x00\r\n", {"x": compile("1", "<string>", "exec")}, {}, {}, {})),
])
def test_a_damaged_or_foreign_file_is_ignored(cache: Path, content: bytes) -> None:
    dc.uninstall()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(content)
    dc.install(cache, writable=True)
    assert dc.stats()["entries"] == 0
    assert _exercise(_classes())          # compiled as usual
    assert dc.save()                      # and written afresh
    dc.uninstall()
    dc.install(cache, writable=True)
    assert dc.stats()["entries"] > 0


def test_a_read_only_cache_is_never_written(tmp_path: Path) -> None:
    dc.uninstall()
    path = tmp_path / dc.FILE_NAME
    dc.install(path, writable=False)
    try:
        _classes()
        assert dc.stats()["compiled"] > 0
        assert not dc.save() and not path.exists()
    finally:
        dc.uninstall()


def test_a_file_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    dc.uninstall()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dc.install(blocker / "sub" / dc.FILE_NAME, writable=True)   # a file as its folder
    try:
        _classes()
        assert not dc.save()
    finally:
        dc.uninstall()


def test_a_grown_file_keeps_only_what_this_run_used(cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dc, "MAX_ENTRIES", 3)
    _classes()
    dc.save()
    dc.uninstall()
    dc.install(cache, writable=True)

    @dataclasses.dataclass
    class Other:
        only: int

    assert dc.stats()["compiled"] > 0
    assert dc.save()
    kept = marshal.loads(cache.read_bytes())[1]
    assert kept and all("only" in source for source in kept), \
        "the first classes' entries are gone"


def test_the_frozen_program_reads_the_shipped_file_and_keeps_its_own(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shipped, own, writable = dc.default_paths()
    assert shipped == tmp_path / "bundle" / "g60desk" / dc.FILE_NAME
    assert own.parent == tmp_path / "cache" / "g60desk" and writable


def test_the_shipped_entries_are_used_and_not_written_again(tmp_path: Path) -> None:
    dc.uninstall()
    shipped, own = tmp_path / "shipped.bin", tmp_path / "own" / "cache.bin"
    try:
        dc.install(shipped, writable=True)
        _classes()
        dc.keep_blob("image:a", b"shipped")
        assert dc.save()
        dc.uninstall()
        dc.install(own, writable=True, shipped=shipped)
        _exercise(_classes())
        assert dc.stats()["compiled"] == 0 and dc.blob("image:a") == b"shipped"
        assert not dc.save(), "nothing new: the own file is not written"
        dc.keep_blob("image:a", b"shipped")     # the same bytes: nothing new
        dc.keep_blob("image:b", b"own")
        assert dc.save()
        dc.uninstall()
        dc.install(own, writable=True)
        assert dc.blob("image:b") == b"own" and dc.blob("image:a") is None
        assert dc.stats()["entries"] == 1, "only what the shipped file did not have"
    finally:
        dc.uninstall()


def test_from_source_it_sits_with_the_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    shipped, path, writable = dc.default_paths()
    assert shipped is None
    assert path.parent == ROOT / "g60desk" / "__pycache__" and writable
    assert sys.implementation.cache_tag in path.name
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert not dc.default_paths()[2], "no writing when bytecode writing is off"


def test_blobs_are_kept_between_runs(cache: Path) -> None:
    assert dc.blob("k") is None
    dc.keep_blob("k", b"\x89PNG...")
    assert dc.blob("k") == b"\x89PNG..."
    assert dc.save()
    dc.uninstall()
    dc.install(cache, writable=True)
    assert dc.blob("k") == b"\x89PNG..."


def test_build_makes_the_file_the_frozen_program_ships(tmp_path: Path) -> None:
    """In a fresh process, as the build does: every module of the program, then the
    window's start-up modules find everything in it."""
    out = tmp_path / dc.FILE_NAME
    made = subprocess.run([sys.executable, "-m", "g60desk.start_cache", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert made.returncode == 0, made.stderr[-2000:]
    entries = int(made.stdout.split()[-1])
    assert entries > 300
    probe = ("import sys; from pathlib import Path; from g60desk import start_cache as d;"
             f"d.install(Path({str(out)!r}), writable=False);"
             "import g60desk.app, g60desk.ui.main_window;"
             "from g60desk import paths; from g60desk.formspec import load_template_dirs;"
             "found = load_template_dirs(*paths.template_dirs(), parse=d.toml_loads);"
             "toml = 'tomllib' in sys.modules;"
             "import g60desk.rules.checker;"
             "import json; print(json.dumps(d.stats()), len(found.templates), toml)")
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert ran.returncode == 0, ran.stderr[-2000:]
    line, count, toml = ran.stdout.strip().rsplit(" ", 2)
    stats = json.loads(line)
    assert stats["compiled"] == 0 and stats["parsed"] == 0 and stats["hits"] > 200, stats
    # Only the few patterns pathlib compiles before the cache is installed.
    assert stats["patterns"] <= 3, stats
    assert int(count) >= 3 and toml == "False", "the forms came parsed: tomllib not loaded"


FORM = """
[template]
id = "t"
title = "绩效目标申报表"
years = [2026, 2027]

[[rows]]
key = "a"
amount = 1.5
on = true
"""


def test_a_parsed_form_is_the_same_document_and_a_fresh_copy(cache: Path) -> None:
    import tomllib

    first = dc.toml_loads(FORM)
    assert first == tomllib.loads(FORM)
    assert dc.stats()["parsed"] == 1
    first["template"]["title"] = "changed"
    again = dc.toml_loads(FORM)
    assert again == tomllib.loads(FORM), "a copy: what a caller changed is not kept"
    assert dc.stats()["parsed"] == 1 and dc.stats()["hits"] >= 1
    assert dc.save()
    dc.uninstall()
    dc.install(cache, writable=True)
    assert dc.toml_loads(FORM) == tomllib.loads(FORM)
    assert dc.stats()["parsed"] == 0


def test_a_bad_form_raises_as_tomllib_does_and_is_not_kept(cache: Path) -> None:
    import tomllib

    with pytest.raises(tomllib.TOMLDecodeError):
        dc.toml_loads("[template\nid = 1")
    assert dc.stats()["entries"] == 0


def test_a_form_with_dates_is_parsed_every_time(cache: Path) -> None:
    text = "[template]\nday = 2026-12-01\n"
    assert str(dc.toml_loads(text)["template"]["day"]) == "2026-12-01"
    assert str(dc.toml_loads(text)["template"]["day"]) == "2026-12-01"
    assert dc.stats()["parsed"] == 2 and dc.stats()["entries"] == 0


def test_templates_load_the_same_through_the_cache(cache: Path) -> None:
    from g60desk import paths
    from g60desk.formspec import load_template_dirs

    plain = load_template_dirs(*paths.template_dirs())
    cached = load_template_dirs(*paths.template_dirs(), parse=dc.toml_loads)
    again = load_template_dirs(*paths.template_dirs(), parse=dc.toml_loads)
    assert plain.templates == cached.templates == again.templates
    assert plain.problems == cached.problems == again.problems
    assert dc.stats()["parsed"] == len(plain.templates)


def test_a_broken_template_is_reported_the_same_through_the_cache(cache: Path,
                                                                  tmp_path: Path) -> None:
    from g60desk.formspec import load_template_dirs

    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "bad.toml").write_text("[template]\nid = \"x\"\ntitle = [\n", encoding="utf-8")
    plain = load_template_dirs(forms)
    cached = load_template_dirs(forms, parse=dc.toml_loads)
    assert plain.problems == cached.problems and "格式错误" in cached.problems[0]


PATTERNS: list[tuple[Any, int, list[Any]]] = [
    (r"(?P<year>\d{4})\s*年(?:度)?", 0, ["2026 年度", "二〇二六年", "x 1999年"]),
    (r"^\s*([+-]?\d+(?:\.\d+)?)\s*(万元|元)?\s*$", 0, ["35万元", " -1.5 ", "五万"]),
    (r"""
        (?P<op> [<>]=? | ≥ | ≤ | = )   # comparison
        \s* (?P<num> \d+ (?:\.\d+)? )
     """, re.X, ["≥90", ">= 85.5", "about 90"]),
    (r"(a+)(b*)\1", re.I, ["aAbbAa", "ab", "AAA"]),
    (r"(?<=满意度)\w+", 0, ["满意度调查", "调查"]),
    (r"^line$", re.M | re.A, ["first\nline\nlast", "line"]),
    (r".+", re.S, ["a\nb", ""]),
    (rb"\x00[\x01-\x7f]+", 0, [b"\x00abc", b"abc"]),
]


def _behaviour(pattern: re.Pattern[Any], samples: list[Any]) -> list[Any]:
    out: list[Any] = [pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex)]
    for text in samples:
        m = pattern.search(text)
        out.append(None if m is None else (m.span(), m.groups(), m.groupdict()))
        out.append(pattern.findall(text))
        out.append(pattern.sub(b"#" if isinstance(text, bytes) else "#", text))
    return out


def _fresh(source: Any, flags: int) -> re.Pattern[Any]:
    re.purge()   # re's own per-process cache, as at a new start
    return re.compile(source, flags)


def test_patterns_come_from_the_cache_and_behave_the_same(cache: Path) -> None:
    dc.uninstall()
    plain = [(_fresh(p, f), samples) for p, f, samples in PATTERNS]
    expected = [_behaviour(p, samples) for p, samples in plain]
    dc.install(cache, writable=True)
    first = [_fresh(p, f) for p, f, _ in PATTERNS]
    assert dc.stats()["patterns"] == len(PATTERNS)
    assert first == [p for p, _ in plain], "compiled as re compiles them"
    assert dc.save()
    dc.uninstall()
    dc.install(cache, writable=True)     # a second run: no pattern compiled anew
    second = [_fresh(p, f) for p, f, _ in PATTERNS]
    assert dc.stats()["patterns"] == 0 and dc.stats()["hits"] >= len(PATTERNS)
    assert second == [p for p, _ in plain], "same pattern, flags and engine code"
    assert [_behaviour(p, samples) for p, (_, _, samples) in zip(second, PATTERNS,
                                                               strict=True)] == expected


def test_a_damaged_pattern_entry_is_compiled_as_usual(cache: Path) -> None:
    _fresh(r"(\d+)万", 0)
    key = next(iter(dc._cache.own.patterns))
    dc._cache.own.patterns[key] = b"not marshal"
    pattern = _fresh(r"(\d+)万", 0)
    assert pattern.match("35万").group(1) == "35"
    assert dc.stats()["patterns"] == 2, "compiled again, not taken from the entry"


def test_debug_patterns_and_uninstall_go_to_re_itself(cache: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _fresh(r"ab+", re.DEBUG)
    assert "LITERAL" in capsys.readouterr().out, "re.DEBUG still prints its dump"
    assert not dc._cache.own.patterns
    dc.uninstall()
    assert re._compiler.compile is dc._real_re_compile  # type: ignore[attr-defined]
    assert _fresh(r"ab+", 0).match("abbb")


def test_after_the_start_up_nothing_new_is_kept_and_the_file_holds_what_it_used(
        cache: Path) -> None:
    """settle(): the window's start-up is over. What later actions compile (a PDF, a
    workbook) and what the file held from older runs that this start did not use stay
    out of the file, so the next start reads only what it needs."""
    _classes()
    _fresh(r"old-version-(\d+)", 0)
    dc.keep_blob("image:old", b"old")
    assert dc.save()
    dc.uninstall()
    dc.install(cache, writable=True)       # the next start uses the classes only
    _exercise(_classes())
    _fresh(r"start-(\d+)", 0)
    dc.settle()
    assert not dc.learning()

    @dataclasses.dataclass
    class Later:
        made_after: int

    _fresh(r"later-(\d+)", 0)
    dc.keep_blob("image:later", b"later")
    assert dc.stats()["patterns"] == 2 and dc.stats()["compiled"] > 0
    assert dc.save(), "written: the old entries go, the start's new pattern comes"
    assert not dc.save(), "and once only"
    _, codes, _, blobs, patterns = marshal.loads(cache.read_bytes())
    assert codes and not any("made_after" in source for source in codes)
    assert blobs == {}, "neither the old image nor the later one"
    assert [k for k in patterns if "start-" in k] and not [
        k for k in patterns if "later-" in k or "old-version" in k]


def test_a_read_only_cache_learns_nothing(tmp_path: Path) -> None:
    dc.uninstall()
    try:
        dc.install(tmp_path / "c.bin", writable=False)   # a sub-command
        assert dc.active() and not dc.learning()
        _exercise(_classes())
        _fresh(r"cli-(\d+)", 0)
        assert dc.stats()["entries"] == 0 and dc.stats()["compiled"] > 0
        assert not dc.save() and not (tmp_path / "c.bin").exists()
    finally:
        dc.uninstall()
