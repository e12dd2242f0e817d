"""Fonts for the printed declaration: which files, how they are registered, what they cover.

reportlab can embed only TrueType fonts with ``glyf`` outlines. CFF fonts (the
Noto CJK ``.otf``/``.ttc``) are refused, and the built-in CID font
``STSong-Light`` embeds nothing, so a PDF using it prints blanks on a machine
without Adobe's Asian font pack. The printout therefore uses, per role:

* on Windows, the system 宋体 / 仿宋 / 黑体 files when they are present;
* otherwise (Linux desktops, CI) the bundled AR PL UMing CN face
  (``assets/fonts/uming.ttc``, Arphic Public License, mainland glyph forms).

A font is a :class:`FontSpec` (file + subfont index in a ``.ttc``); a
:class:`FontSet` gives one per role. Both are plain settings the caller may
replace.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace

from g60desk import fileio
from g60desk.domain.errors import UserError
from g60desk.paths import assets_dir, data_dir

BUNDLED_FILE = "uming.ttc"
BUNDLED_INDEX = 0  # face 0 of uming.ttc is "AR PL UMing CN" (GB 18030 glyph shapes)

# Windows system fonts: (file, subfont index). simsun.ttc holds SimSun (0) and NSimSun (1).
WINDOWS_FONTS: Mapping[str, tuple[str, int]] = {
    "song": ("simsun.ttc", 0),
    "fangsong": ("simfang.ttf", 0),
    "hei": ("simhei.ttf", 0),
}
ROLES = ("song", "fangsong", "hei")


class FontError(UserError, ValueError):
    """A font file that cannot be used for printing; ``message`` is Chinese."""


@dataclass(frozen=True)
class FontSpec:
    """One face of a TrueType file (``index`` picks the face inside a ``.ttc``)."""

    path: Path
    index: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.index}" if self.index else str(self.path)


@dataclass(frozen=True)
class FontSet:
    """The font of each role: 宋体 for tables, 仿宋 for narrative text, 黑体 for titles."""

    song: FontSpec
    fangsong: FontSpec
    hei: FontSpec

    @classmethod
    def single(cls, spec: FontSpec) -> FontSet:
        return cls(song=spec, fangsong=spec, hei=spec)

    def spec(self, role: str) -> FontSpec:
        if role not in ROLES:
            raise KeyError(role)
        value: FontSpec = getattr(self, role)
        return value


def bundled_font() -> FontSpec:
    """The font shipped with the program (works everywhere, offline)."""
    return FontSpec(assets_dir() / "fonts" / BUNDLED_FILE, BUNDLED_INDEX)


def windows_font_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows") / "Fonts"


def default_fonts(platform: str | None = None,
                  environ: Mapping[str, str] | None = None) -> FontSet:
    """System 宋体/仿宋/黑体 on Windows where present; else the bundled font.

    Elsewhere the bundled font is used for every role, so a PDF made on Linux or
    in CI is the same everywhere.
    """
    fallback = bundled_font()
    if (platform or sys.platform) != "win32":
        return FontSet.single(fallback)
    folder = windows_font_dir(environ)
    found: dict[str, FontSpec] = {}
    for role, (name, index) in WINDOWS_FONTS.items():
        path = folder / name
        if path.is_file():
            found[role] = FontSpec(path, index)
    # A missing 仿宋/黑体 borrows the system 宋体 before the bundled font, so one
    # printout does not mix two Song designs.
    base = found.get("song", fallback)
    return FontSet(**{role: found.get(role, base) for role in ROLES})


def parse_font_option(text: str) -> FontSpec:
    """``PATH`` or ``PATH:INDEX`` (a drive letter's colon is not an index)."""
    head, sep, tail = text.rpartition(":")
    if sep and tail.isdigit() and head and not (len(head) == 1 and head.isalpha()):
        return FontSpec(Path(head), int(tail))
    return FontSpec(Path(text), 0)


@dataclass(frozen=True)
class LoadedFont:
    """A registered reportlab font and the characters it has glyphs for."""

    spec: FontSpec
    name: str          # the reportlab font name used in styles
    family: str        # the human name, e.g. "AR PL UMing CN", for messages
    codepoints: frozenset[int]

    def has(self, char: str) -> bool:
        return ord(char) in self.codepoints


_LOADED: dict[tuple[str, int], LoadedFont] = {}


def default_cache_dir() -> Path:
    """Parsed fonts are kept under the user data folder (``cache/fonts``)."""
    return data_dir() / "cache" / "fonts"


def load_font(spec: FontSpec, cache_dir: Path | None = None) -> LoadedFont:
    """Register ``spec`` with reportlab once per process; raise :class:`FontError`.

    Parsing a CJK TrueType file takes reportlab about 0.2 s per face; with
    ``cache_dir`` the parsed tables are kept there (see :func:`_cached_font`).
    """
    key = (str(spec.path), spec.index)
    cached = _LOADED.get(key)
    if cached is not None:
        return cached
    if not spec.path.is_file():
        raise FontError(f"找不到字体文件:{spec.path}。")
    name = f"G60-{spec.path.stem}-{spec.index}"
    font = _cached_font(spec, name, cache_dir) if cache_dir is not None else None
    if font is None:
        try:
            font = TTFont(name, str(spec.path), subfontIndex=spec.index)
        except TTFError as exc:
            raise FontError(_explain(spec, str(exc))) from None
        except (OSError, ValueError, IndexError, KeyError) as exc:
            raise FontError(f"字体文件 {spec.path.name} 无法读取({exc}),可能已损坏。") from None
        if cache_dir is not None:
            _store_font(spec, font, cache_dir)
    pdfmetrics.registerFont(font)
    face = font.face
    raw_family = getattr(face, "familyName", b"") or getattr(face, "name", b"") or name
    family = raw_family.decode("latin-1") if isinstance(raw_family, bytes) else str(raw_family)
    loaded = LoadedFont(spec=spec, name=name, family=family,
                        codepoints=frozenset(face.charToGlyph))
    _LOADED[key] = loaded
    return loaded


# ---------------------------------------------------------------- parsed-font cache
#
# The cache holds the face's parsed tables (character map, widths, glyph
# offsets) as ``marshal`` data — plain numbers, strings and containers, nothing
# that runs code when read. It is keyed
# by the reportlab version and the font file's path, size and modification
# time; anything unexpected means "parse the file again".

_CACHE_FORMAT = 5


def _cache_file(spec: FontSpec, cache_dir: Path) -> Path:
    st = spec.path.stat()
    key = "|".join(str(v) for v in (_CACHE_FORMAT, reportlab.Version, spec.path.resolve(),
                                     st.st_size, st.st_mtime_ns, spec.index))
    return cache_dir / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".face")


def _glyph_to_char(char_to_glyph: dict[int, int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for char, glyph in char_to_glyph.items():
        out.setdefault(glyph, []).append(char)
    return out


def _store_font(spec: FontSpec, font: TTFont, cache_dir: Path) -> None:
    plain: dict[str, Any] = {}
    names: dict[str, tuple[bytes, str]] = {}
    for k, v in font.face.__dict__.items():
        # glyphToChar (thousands of small lists) is slow to read back; it is
        # rebuilt from charToGlyph instead.
        if k in ("_ttf_data", "_pdfScale", "glyphToChar"):
            continue
        if isinstance(v, TTFNameBytes):
            names[k] = (bytes(v), v.ustr)
        else:
            plain[k] = v
    actual: dict[int, list[int]] = font.face.glyphToChar
    derived = _glyph_to_char(font.face.charToGlyph)
    # reportlab patches a few entries after parsing (U+00A0 borrows the space):
    # keep what differs from the derived table.
    patch = {g: chars for g, chars in actual.items() if derived.get(g) != chars}
    drop = [g for g in derived if g not in actual]
    try:
        blob = marshal.dumps({"plain": plain, "names": names, "g2c": (patch, drop)})
        cache_dir.mkdir(parents=True, exist_ok=True)
        target = _cache_file(spec, cache_dir)
        # A SHA-256 of the blob goes first: damaged bytes never reach marshal.loads.
        fileio.write_atomic(target, hashlib.sha256(blob).digest() + blob)
    except (OSError, ValueError, TypeError, fileio.FileWriteError):
        pass  # a cache that cannot be written only costs time


def _cached_font(spec: FontSpec, name: str, cache_dir: Path) -> TTFont | None:
    try:
        raw = _cache_file(spec, cache_dir).read_bytes()
        if hashlib.sha256(raw[32:]).digest() != raw[:32]:
            return None
        state = marshal.loads(raw[32:])
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(state["plain"])
        for k, (raw, ustr) in state["names"].items():
            value = bytes.__new__(TTFNameBytes, raw)
            value.ustr = ustr
            setattr(face, k, value)
        glyph_to_char = _glyph_to_char(face.charToGlyph)
        patch, drop = state["g2c"]
        glyph_to_char.update(patch)
        for glyph in drop:
            del glyph_to_char[glyph]
        face.glyphToChar = glyph_to_char
        upm = face.unitsPerEm
        face._pdfScale = (lambda x: x) if upm == 1000 else (lambda x, m=1000 / upm: x * m)
        face._ttf_data = spec.path.read_bytes()
        # What TTFont.__init__ sets, without parsing the file again.
        font = TTFont.__new__(TTFont)
        font.fontName = name
        font.face = face
        font.encoding = TTEncoding()
        font.state = WeakKeyDictionary()
        font._asciiReadable = rl_config.ttfAsciiReadable
        font.shapable = not any(fnmatch(name, g) for g in ttfonts.unShapedFontGlob or ())
        if len(face.glyphPos) != face.numGlyphs + 1 or not face.charToGlyph:
            return None
        return font
    except Exception:  # any damage to the cache means "parse the file"
        return None


def _explain(spec: FontSpec, detail: str) -> str:
    low = detail.lower()
    if "postscript outlines" in low:
        return (f"字体 {spec.path.name} 是 CFF/OpenType 轮廓字体,无法嵌入 PDF;"
                "请选用 TrueType(glyf)字体,如 宋体 simsun.ttc。")
    if "subsetting/embedding" in low:
        return f"字体 {spec.path.name} 的授权不允许嵌入 PDF,请换用其他字体。"
    if "bad subfontindex" in low:
        return f"字体集 {spec.path.name} 中没有第 {spec.index} 号字体。"
    return f"字体文件 {spec.path.name} 不是可用的 TrueType 字体(.ttf/.ttc),可能已损坏。"


@dataclass(frozen=True)
class LoadedFontSet:
    song: LoadedFont
    fangsong: LoadedFont
    hei: LoadedFont

    def role(self, role: str) -> LoadedFont:
        if role not in ROLES:
            raise KeyError(role)
        value: LoadedFont = getattr(self, role)
        return value


def load_font_set(fonts: FontSet | None, cache_dir: Path | None = None) -> LoadedFontSet:
    """Load the fonts of each role; ``None`` means :func:`default_fonts`.

    A font the caller chose must work (:class:`FontError` otherwise). A system
    font picked by default that cannot be used (damaged, or its licence forbids
    embedding) is replaced by the bundled font instead.
    """
    if fonts is not None:
        return LoadedFontSet(**{role: load_font(fonts.spec(role), cache_dir) for role in ROLES})
    chosen = default_fonts()
    loaded: dict[str, LoadedFont] = {}
    for role in ROLES:
        try:
            loaded[role] = load_font(chosen.spec(role), cache_dir)
        except FontError:
            loaded[role] = load_font(bundled_font(), cache_dir)
    return LoadedFontSet(**loaded)
