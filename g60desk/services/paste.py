"""Cleaning text pasted from Word, WPS or a PDF before it goes into a narrative field.

Copied text brings stray line breaks in the middle of sentences (PDF columns,
Word's manual line breaks), tabs from tables, non-breaking and zero-width
spaces, and full-width indentation. The form prints its own layout, so the
stored text should be plain paragraphs separated by one newline.
"""

from __future__ import annotations

import re

_NEWLINES = re.compile(r"\r\n|\r|[\u2028\u2029\x0b\x0c\x85]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HSPACE = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u202f]+")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
# A line ending in one of these ends a paragraph (or a list item), so the break stays.
# Lines shorter than this that end without punctuation are headings, not wrapped text.
MIN_WRAPPED_LINE = 16
_PARAGRAPH_END = tuple("。！？!?；;：:…")
# A line starting like this begins a new item: 一、 (一) (1) 1、 1. ① - • 第一条 ……
_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．)）]"
    r"|[①-⑳]|[-•·●▪◆■□]\s*|第[一二三四五六七八九十百\d]+[章节条部分])")


def _join(left: str, right: str) -> str:
    # Latin words broken across lines need their space back; Chinese never had one.
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def clean_pasted_text(text: str) -> str:
    """Plain paragraphs: stray breaks joined, tabs and odd spaces folded, blank lines dropped.

    A break is stray when the line before it is a long one that does not end a
    sentence and the next line does not start a new item; short lines without
    final punctuation are taken for headings and keep their break.
    """
    s = _NEWLINES.sub("\n", text).translate(_INVISIBLE)
    paragraphs: list[str] = []
    current = ""
    last_line = ""
    for raw in s.split("\n"):
        line = _SPACE_BETWEEN_CJK.sub("", _HSPACE.sub(" ", raw).strip(" \u3000"))
        if not line:
            continue
        if current and (last_line.endswith(_PARAGRAPH_END) or len(last_line) < MIN_WRAPPED_LINE
                        or _ITEM_START.match(line)):
            paragraphs.append(current)
            current = ""
        current = _join(current, line) if current else line
        last_line = line
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)
