"""使用说明 inside the program: ``docs/gui.md`` (shipped with the program) as plain
Chinese paragraphs for a Text window, offline.

Only the users' part is shown: the text stops at the maintainers' section, pictures are
left out, Markdown marks (``**``, backticks, table rules) are removed and table rows
become "列一:列二" lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HELP_END = "## For maintainers"
TITLE, HEADING, PARAGRAPH, ITEM = "title", "heading", "paragraph", "item"

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MARKS = re.compile(r"\*\*|`")
_RULE_ROW = re.compile(r"^\|[\s|:-]+\|$")
_ENGLISH_TAIL = re.compile(r"[((][A-Za-z][A-Za-z ,'-]*[))]\s*$")


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


def _plain(text: str) -> str:
    return _MARKS.sub("", _LINK.sub(r"\1", _IMAGE.sub("", text))).strip()


def help_blocks(markdown: str) -> list[Block]:
    """The users' guide as blocks: title, headings, paragraphs and list items."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    header: list[str] | None = None

    def flush() -> None:
        if paragraph:
            blocks.append(Block(paragraph[0], "".join(paragraph[1:]).strip()))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.rstrip()
        if line.startswith(HELP_END):
            break
        stripped = line.strip()
        if not stripped or _IMAGE.fullmatch(stripped):
            flush()
            header = None
            continue
        if stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            text = _ENGLISH_TAIL.sub("", _plain(stripped.lstrip("#")))
            blocks.append(Block(TITLE if level == 1 else HEADING, text))
            continue
        if stripped.startswith("|"):
            flush()
            if _RULE_ROW.match(stripped):
                continue
            cells = [_plain(c) for c in stripped.strip("|").split("|")]
            if header is None:
                header = cells
                continue
            blocks.append(Block(ITEM, f"{cells[0]}:{';'.join(c for c in cells[1:] if c)}"))
            continue
        if stripped.startswith(("- ", "* ")):
            flush()
            paragraph.extend([ITEM, _plain(stripped[2:])])
            continue
        if not paragraph:
            paragraph.append(PARAGRAPH)
        paragraph.append(_plain(stripped))
    flush()
    return [b for b in blocks if b.text]


def read_help(path: Path) -> list[Block]:
    """The guide from ``path``; one Chinese paragraph when it is missing."""
    try:
        return help_blocks(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return [Block(TITLE, "使用说明"),
                Block(PARAGRAPH, f"找不到使用说明文件({path})。程序安装可能不完整,"
                                 "请重新解压安装包;快捷键见“帮助 > 快捷键”。")]
