"""Every status mark the window shows is in the bundled font: on a desktop without a CJK
font the window uses AR PL UMing, which has no ✓ ⚠ ✗ (they showed as boxes)."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFontFile

from g60desk.services import marks
from g60desk.services.navigation import Counts

FONT = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "uming.ttc"


def test_every_mark_is_in_the_bundled_font() -> None:
    glyphs = TTFontFile(str(FONT), subfontIndex=0).charToGlyph
    shown = set("".join(marks.ALL)) | set("● 未保存没有发现问题")
    missing = sorted(ch for ch in shown if ord(ch) not in glyphs)
    assert missing == []


def test_the_font_check_would_catch_the_old_marks() -> None:
    glyphs = TTFontFile(str(FONT), subfontIndex=0).charToGlyph
    assert all(ord(ch) not in glyphs for ch in "✓⚠✗")


def test_labels_use_the_marks() -> None:
    assert Counts().label == marks.OK
    assert Counts(warnings=2).label == f"{marks.WARNING} 2"
    assert Counts(errors=3, warnings=1).label == f"{marks.ERROR} 3"
    assert Counts(checked=False).label == marks.UNCHECKED
