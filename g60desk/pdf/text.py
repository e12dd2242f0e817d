"""Turning user text into paragraphs, and noticing characters the font cannot print.

Every string that goes on paper passes through :class:`TextWriter`, which checks
each character against the font of the style it is printed in. A character
without a glyph (a rare 生僻字 outside the font, an emoji) would print as a blank;
it becomes a :class:`GlyphWarning` naming the field and the character instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle

from g60desk.pdf.fonts import LoadedFont
from g60desk.pdf.linebreak import CJKParagraph

# Control characters, and invisible format characters (zero-width space, BOM,
# direction marks) that pasted text carries and that would print as boxes.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                        r"\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class GlyphWarning:
    """``char`` in ``field`` has no glyph in ``font``."""

    field: str
    char: str
    font: str

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def message(self) -> str:
        return (f"{self.field}中的字符“{self.char}”({self.codepoint})在字体“{self.font}”"
                "中没有字形,打印出来会是空白;请改用常用字,或在打印稿上手写补全。")


def clean(text: str) -> str:
    """Normalise line ends and tabs; drop characters that print as junk or boxes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _INVISIBLE.sub("", text)


def lines_of(text: str) -> list[str]:
    """The non-empty lines of ``text``, stripped (including full-width spaces)."""
    out = []
    for line in clean(text).split("\n"):
        line = line.strip(" \u3000\u00a0")
        if line:
            out.append(line)
    return out


def missing_chars(text: str, font: LoadedFont) -> list[str]:
    """Distinct characters of ``text`` without a glyph in ``font``, in order."""
    seen: dict[str, None] = {}
    for ch in text:
        if ch in seen or ch.isspace() or unicodedata.category(ch) == "Cc":
            continue
        if not font.has(ch):
            seen[ch] = None
    return list(seen)


class TextWriter:
    """Makes paragraphs and records glyph warnings for everything printed."""

    def __init__(self, fonts_by_name: Mapping[str, LoadedFont]) -> None:
        self._fonts = fonts_by_name
        self._warnings: dict[tuple[str, str], GlyphWarning] = {}

    @property
    def warnings(self) -> list[GlyphWarning]:
        return list(self._warnings.values())

    def check(self, text: str, font_name: str, field: str) -> None:
        font = self._fonts[font_name]
        for ch in missing_chars(text, font):
            self._warnings.setdefault((field, ch), GlyphWarning(field, ch, font.family))

    def para(self, text: str, style: ParagraphStyle, field: str) -> CJKParagraph:
        """One paragraph; line breaks in ``text`` become spaces."""
        flat = " ".join(lines_of(text))
        self.check(flat, style.fontName, field)
        return CJKParagraph(escape(flat), style)

    def paras(self, text: str, style: ParagraphStyle, field: str,
              *, empty: str = "") -> list[CJKParagraph]:
        """One paragraph per line of ``text`` (an empty text gives ``empty`` or nothing)."""
        lines = lines_of(text)
        if not lines and empty:
            lines = [empty]
        for line in lines:
            self.check(line, style.fontName, field)
        return [CJKParagraph(escape(line), style) for line in lines]


def unique_fonts(fonts: Iterable[LoadedFont]) -> dict[str, LoadedFont]:
    return {f.name: f for f in fonts}
