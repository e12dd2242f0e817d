"""Chinese line breaking with the 禁则 (kinsoku) rules of GB typesetting.

reportlab's ``wordWrap='CJK'`` cuts between any two characters and only knows a
Japanese list of characters that may not start a line: ``，；：！？》”`` are
missing, so a line can begin with a comma. It also "hangs" a single offending
character into the margin, which in a table cell runs over the cell border.

Here a line that would start with a closing mark (or end with an opening one)
is broken one or more characters earlier instead, so every line stays inside
its width. Runs of Latin letters and digits (``G60``, ``5,100,000.00``,
``>=85%``) are kept whole when that costs less than half a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _handleBulletWidth

# May not start a line: closing punctuation and marks that belong to what precedes.
NO_LINE_START = frozenset(
    "，。、；：！？）》”"            # the GB set the form is printed with
    "’〉」』】〕〗］｝…‥·・～"       # further closing marks and continuations
    "%％‰℃°′″"                     # units that follow their number
    "!),.:;?]}"                     # ASCII closing punctuation
)
# May not end a line: opening punctuation that belongs to what follows.
NO_LINE_END = frozenset("（《“‘〈「『【〔〖［｛([{")
_WORD_PUNCT = frozenset(".,%-_/+:#@&=<>≥≤±~")
_FUZZ = 1e-6


def _is_word_char(ch: str) -> bool:
    """Characters of a Latin word or number that should not be split."""
    return ch.isascii() and (ch.isalnum() or ch in _WORD_PUNCT)


class WidthCache:
    """Per-character advance widths of one font at one size (stringWidth is slow)."""

    _caches: ClassVar[dict[tuple[str, float], dict[str, float]]] = {}

    @classmethod
    def widths(cls, text: str, font_name: str, font_size: float) -> list[float]:
        cache = cls._caches.setdefault((font_name, font_size), {})
        out = []
        for ch in text:
            w = cache.get(ch)
            if w is None:
                w = stringWidth(ch, font_name, font_size)
                cache[ch] = w
            out.append(w)
        return out


def _allowed(text: str, b: int) -> bool:
    """May a line break fall between ``text[b-1]`` and ``text[b]``?"""
    return text[b] not in NO_LINE_START and text[b - 1] not in NO_LINE_END


def _inside_word(text: str, b: int) -> bool:
    return _is_word_char(text[b - 1]) and _is_word_char(text[b])


def break_positions(text: str, widths: Sequence[float],
                    max_widths: Sequence[float]) -> list[int]:
    """Indices where lines end (exclusive), the last one being ``len(text)``.

    Line ``k`` has width ``max_widths[k]`` (the last entry repeats). Greedy fill,
    then step back to the nearest position allowed by the rules above.
    """
    n = len(text)
    ends: list[int] = []
    start = 0
    while start < n:
        max_w = max_widths[min(len(ends), len(max_widths) - 1)]
        used = 0.0
        end = start
        while end < n and used + widths[end] <= max_w + _FUZZ:
            used += widths[end]
            end += 1
        if end >= n:
            ends.append(n)
            break
        end = max(end, start + 1)  # a character wider than the line still makes progress
        brk = end
        # First choice: a break allowed by kinsoku and outside a Latin word,
        # giving back at most half of the line.
        floor = start + max(1, (end - start) // 2)
        b = end
        while b > floor and not (_allowed(text, b) and not _inside_word(text, b)):
            b -= 1
        if _allowed(text, b) and not _inside_word(text, b):
            brk = b
        else:
            # Second choice: obey kinsoku only (a very long Latin word is cut).
            b = end
            while b > start + 1 and not _allowed(text, b):
                b -= 1
            if _allowed(text, b):
                brk = b
        ends.append(brk)
        start = brk
        # A space at the start of a continuation line is dropped by the caller.
    return ends


def split_lines(text: str, max_widths: Sequence[float], font_name: str,
                font_size: float) -> list[tuple[float, str]]:
    """``[(extra_space, line_text), ...]`` as reportlab's ``wordSplit`` returns."""
    widths = WidthCache.widths(text, font_name, font_size)
    lines: list[tuple[float, str]] = []
    start = 0
    for i, end in enumerate(break_positions(text, widths, max_widths)):
        max_w = max_widths[min(i, len(max_widths) - 1)]
        s = start
        while s < end and text[s] == " " and i > 0:
            s += 1
        e = end
        while e > s and text[e - 1] == " ":
            e -= 1
        lines.append((max_w - sum(widths[s:e]), text[s:e]))
        start = end
    return lines


class CJKParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose CJK wrapping follows :func:`break_positions`.

    Only the single-fragment case (plain text in one style, which is all this
    package produces) is replaced; anything richer goes to reportlab.
    """

    def breakLinesCJK(self, maxWidths):  # type: ignore[no-untyped-def]
        frags = self.frags
        style = self.style
        if (len(frags) != 1 or hasattr(frags[0], "cbDefn") or style.endDots
                or self.bulletText):
            return super().breakLinesCJK(maxWidths)
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        f = frags[0]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return f.clone(kind=0, lines=self.blPara.lines)
        text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
        lines = split_lines(text, maxWidths, f.fontName, f.fontSize)
        return f.clone(kind=0, lines=[(space, [line]) for space, line in lines],
                       ascent=f.fontSize, descent=-0.2 * f.fontSize)
