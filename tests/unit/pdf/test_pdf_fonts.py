"""Font choice and registration (g60desk.pdf.fonts): the bundled font, the Windows
lookup, the --font option, and fonts that cannot be embedded.

The PDF's embedded fonts are checked in tests/integration/pdf.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from g60desk.pdf.fonts import (
    FontError,
    FontSet,
    FontSpec,
    bundled_font,
    default_fonts,
    load_font,
    parse_font_option,
)


def test_bundled_font_is_the_mainland_face_with_its_licence_beside_it() -> None:
    spec = bundled_font()
    font = load_font(spec)
    assert font.family == "AR PL UMing CN"
    assert (spec.path.parent / "ARPHICPL.TXT").is_file()
    assert (spec.path.parent / "README.md").is_file()
    # Every character of GB 2312 level 1 and 2 (6,763 汉字) has a glyph.
    missing = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if not font.has(ch):
                missing.append(ch)
    assert missing == []


def test_bundled_face_uses_mainland_shapes_where_the_faces_differ() -> None:
    # U+4EE4 令 and U+9AA8 骨 are drawn differently in the CN and TW faces of uming.ttc.
    from reportlab.pdfbase.ttfonts import TTFontFile

    path = str(bundled_font().path)
    cn, tw = TTFontFile(path, subfontIndex=0), TTFontFile(path, subfontIndex=2)
    for ch in "令骨":
        assert cn.charToGlyph[ord(ch)] != tw.charToGlyph[ord(ch)]
    assert cn.name == b"UMingCN"


def test_outside_windows_every_role_uses_the_bundled_font() -> None:
    fonts = default_fonts(platform="linux", environ={})
    assert fonts == FontSet.single(bundled_font())


def _touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"")


def test_windows_system_fonts_are_used_when_present(tmp_path: Path) -> None:
    _touch(tmp_path / "Fonts", "simsun.ttc", "simfang.ttf", "simhei.ttf")
    fonts = default_fonts(platform="win32", environ={"WINDIR": str(tmp_path)})
    assert fonts.song == FontSpec(tmp_path / "Fonts" / "simsun.ttc", 0)
    assert fonts.fangsong == FontSpec(tmp_path / "Fonts" / "simfang.ttf", 0)
    assert fonts.hei == FontSpec(tmp_path / "Fonts" / "simhei.ttf", 0)


def test_windows_missing_roles_borrow_simsun_then_the_bundled_font(tmp_path: Path) -> None:
    _touch(tmp_path / "only" / "Fonts", "simsun.ttc")
    fonts = default_fonts(platform="win32", environ={"WINDIR": str(tmp_path / "only")})
    simsun = FontSpec(tmp_path / "only" / "Fonts" / "simsun.ttc", 0)
    assert fonts == FontSet(song=simsun, fangsong=simsun, hei=simsun)
    none = default_fonts(platform="win32", environ={"WINDIR": str(tmp_path / "none")})
    assert none == FontSet.single(bundled_font())


@pytest.mark.parametrize(("text", "path", "index"), [
    ("fonts/simsun.ttc:1", "fonts/simsun.ttc", 1),
    ("/usr/share/fonts/a.ttf", "/usr/share/fonts/a.ttf", 0),
    (r"C:\Windows\Fonts\simsun.ttc", r"C:\Windows\Fonts\simsun.ttc", 0),
    (r"C:\Windows\Fonts\simsun.ttc:1", r"C:\Windows\Fonts\simsun.ttc", 1),
    ("C:simhei.ttf", "C:simhei.ttf", 0),
])
def test_font_option(text: str, path: str, index: int) -> None:
    assert parse_font_option(text) == FontSpec(Path(path), index)


def test_cff_fonts_are_refused_in_chinese(tmp_path: Path) -> None:
    otf = tmp_path / "NotoSansCJK.otf"
    otf.write_bytes(b"OTTO" + struct.pack(">HHHH", 0, 0, 0, 0) + b"\0" * 64)
    with pytest.raises(FontError) as info:
        load_font(FontSpec(otf))
    assert "CFF" in info.value.message and "TrueType" in info.value.message


@pytest.mark.parametrize("content", [b"", b"not a font at all" * 10])
def test_broken_or_missing_font_files_give_chinese_messages(tmp_path: Path,
                                                           content: bytes) -> None:
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(content)
    with pytest.raises(FontError) as info:
        load_font(FontSpec(bad))
    assert "bad.ttf" in info.value.message
    with pytest.raises(FontError) as info:
        load_font(FontSpec(tmp_path / "absent.ttf"))
    assert "找不到字体文件" in info.value.message


def test_a_face_index_beyond_the_collection_is_refused() -> None:
    with pytest.raises(FontError) as info:
        load_font(FontSpec(bundled_font().path, 9))
    assert "第 9 号" in info.value.message


def _forget_fonts() -> None:
    """Make the next load_font behave as in a new process (registries emptied)."""
    from reportlab.pdfbase import pdfmetrics

    from g60desk.pdf import fonts as fonts_module

    for loaded in fonts_module._LOADED.values():
        font = pdfmetrics._fonts.pop(loaded.name, None)
        if font is not None:
            pdfmetrics._dynFaceNames.pop(font.face.name, None)
    fonts_module._LOADED.clear()


def _fresh_load(spec: FontSpec, cache: Path | None) -> tuple[object, str]:
    from reportlab.pdfbase import pdfmetrics

    _forget_fonts()
    loaded = load_font(spec, cache)
    return pdfmetrics.getFont(loaded.name), loaded.family


def test_the_parsed_font_cache_gives_the_same_font(tmp_path: Path) -> None:
    spec = bundled_font()
    parsed, family = _fresh_load(spec, None)
    _fresh_load(spec, tmp_path)                 # parses and writes the cache
    assert len(list(tmp_path.glob("*.face"))) == 1
    cached, cached_family = _fresh_load(spec, tmp_path)   # reads the cache
    _forget_fonts()
    assert cached is not parsed and cached_family == family
    a, b = parsed.face, cached.face  # type: ignore[attr-defined]
    for attr in ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos",
                 "ascent", "descent", "bbox", "flags", "name", "numGlyphs", "defaultWidth"):
        assert getattr(a, attr) == getattr(b, attr), attr
    assert a._pdfScale(1024) == b._pdfScale(1024)
    subset = list(map(ord, "财政项目，。G60"))
    assert a.makeSubset(subset) == b.makeSubset(subset)


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    spec = bundled_font()
    _fresh_load(spec, tmp_path)
    for face_file in tmp_path.glob("*.face"):
        face_file.write_bytes(b"\x00garbage")
    _, family = _fresh_load(spec, tmp_path)
    assert family == "AR PL UMing CN"
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    _, family = _fresh_load(spec, blocked / "fonts")
    assert family == "AR PL UMing CN"
    _forget_fonts()


def test_a_flipped_byte_in_the_cache_is_never_unmarshalled(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from g60desk.pdf import fonts as fonts_module

    spec = bundled_font()
    _fresh_load(spec, tmp_path)
    face_file = next(tmp_path.glob("*.face"))
    raw = bytearray(face_file.read_bytes())
    raw[len(raw) // 2] ^= 0x40
    face_file.write_bytes(bytes(raw))
    import marshal
    import types

    loaded: list[bytes] = []
    spy = types.SimpleNamespace(dumps=marshal.dumps,
                                loads=lambda b: loaded.append(b) or marshal.loads(b))
    monkeypatch.setattr(fonts_module, "marshal", spy)
    _, family = _fresh_load(spec, tmp_path)
    assert family == "AR PL UMing CN" and loaded == []
    _forget_fonts()


def test_a_default_system_font_that_fails_gives_way_to_the_bundled_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from g60desk.pdf import fonts as fonts_module

    broken = tmp_path / "simhei.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00 damaged")
    chosen = FontSet(song=bundled_font(), fangsong=bundled_font(), hei=FontSpec(broken))
    monkeypatch.setattr(fonts_module, "default_fonts", lambda: chosen)
    loaded = fonts_module.load_font_set(None)
    assert loaded.hei.spec == bundled_font()
    # A font the user chose must work, or the error says why.
    with pytest.raises(FontError):
        fonts_module.load_font_set(chosen)
