"""Year mentions in a declaration's texts: "2026年" in goals, sections, names and values.

复制到下一年度 copies every text as it is; these say where the old year is still written
and move it to the new year when the user agrees. A mention is the year followed by 年
(``2026年``, ``2026年度``, ``2026 年``); a year inside a longer number, or a range's other
years (``2020年-2022年`` in a 2026 declaration), is not touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from g60desk.domain.form import FormShape
from g60desk.domain.model import Declaration, Project

# Field types whose text is not prose (dates move with the dates rule of roll_forward).
_SKIPPED_TYPES = ("date", "period")


def _pattern(year: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.]){year}(?=\s*年)")


def count_mentions(text: str, year: int) -> int:
    return len(_pattern(year).findall(text))


def replace_mentions(text: str, old: int, new: int) -> tuple[str, int]:
    """``text`` with each mention of ``old`` as ``new``, and how many were changed."""
    return _pattern(old).subn(str(new), text)


@dataclass(frozen=True)
class YearMention:
    """Where a year is written: the project (index, name), the place and how often."""

    project: int
    project_name: str
    place: str
    count: int

    def describe(self) -> str:
        times = f"({self.count} 处)" if self.count > 1 else ""
        return f"{self.project_name or f'第{self.project + 1}个项目'}:{self.place}{times}"


def _texts(p: Project, shape: FormShape) -> Iterator[tuple[str, str, str]]:
    """(kind, key, label) of every prose text of a project."""
    for spec in shape.fields:
        if spec.type not in _SKIPPED_TYPES:
            yield "value", spec.key, spec.name
    for goal in shape.goals:
        yield "goal", goal.key, goal.name
    for section in shape.sections:
        yield "section", section.key, section.title
    for j, _ in enumerate(p.indicators):
        yield "indicator", str(j), f"第{j + 1}行指标"


def _get(p: Project, kind: str, key: str) -> str:
    if kind == "value":
        return p.values.get(key, "")
    if kind == "goal":
        return p.goals.get(key, "")
    if kind == "section":
        return p.sections.get(key, "")
    ind = p.indicators[int(key)]
    return f"{ind.name}\n{ind.target}"


def find_mentions(decl: Declaration, shape: FormShape, year: int) -> list[YearMention]:
    """Every text of every project that still writes ``year``年."""
    out: list[YearMention] = []
    for i, p in enumerate(decl.projects):
        for kind, key, label in _texts(p, shape):
            n = count_mentions(_get(p, kind, key), year)
            if n:
                out.append(YearMention(i, p.name.strip(), label, n))
    return out


def move_mentions(decl: Declaration, shape: FormShape, old: int, new: int) -> int:
    """Write ``new`` for every mention of ``old`` in the projects' texts; how many changed."""
    changed = 0
    for p in decl.projects:
        for kind, key, _ in _texts(p, shape):
            if kind == "indicator":
                ind = p.indicators[int(key)]
                ind.name, a = replace_mentions(ind.name, old, new)
                ind.target, b = replace_mentions(ind.target, old, new)
                changed += a + b
                continue
            store = p.values if kind == "value" else p.goals if kind == "goal" else p.sections
            text = store.get(key, "")
            if text:
                store[key], n = replace_mentions(text, old, new)
                changed += n
    return changed
