"""Editing the indicator grid: where a new row goes, moving rows, sorting by the form.

Rows stay grouped as the form prints them (一级, then 二级 under it); a row from
the library lands after the last row of its group rather than at the bottom.
"""

from __future__ import annotations

from g60desk.domain.model import Indicator
from g60desk.formspec.spec import Template


def _order(template: Template, row: Indicator) -> tuple[int, int]:
    names = [lv.name for lv in template.level1]
    l1 = names.index(row.level1) if row.level1 in names else len(names)
    l2s = template.level2_names(row.level1)
    l2 = l2s.index(row.level2) if row.level2 in l2s else len(l2s)
    return l1, l2


def insertion_index(rows: list[Indicator], new: Indicator, template: Template) -> int:
    """After the last row of the same 一级/二级; else after the last row that sorts before it."""
    same = [i for i, r in enumerate(rows) if (r.level1, r.level2) == (new.level1, new.level2)]
    if same:
        return same[-1] + 1
    key = _order(template, new)
    before = [i for i, r in enumerate(rows) if _order(template, r) <= key]
    return before[-1] + 1 if before else 0


def sort_rows(rows: list[Indicator], template: Template) -> list[Indicator]:
    """Rows in the template's 一级/二级 order; rows of one group keep their order."""
    return sorted(rows, key=lambda r: _order(template, r))


def move_row(rows: list[Indicator], index: int, delta: int) -> int | None:
    new = index + delta
    if not (0 <= index < len(rows) and 0 <= new < len(rows)):
        return None
    rows[index], rows[new] = rows[new], rows[index]
    return new


def level2_for(template: Template, level1: str, level2: str) -> str:
    """The 二级 a row keeps after its 一级 became ``level1``: the same when it fits (or
    the 一级 is not the template's, so nothing is known), else empty, to be chosen again."""
    names = template.level2_names(level1)
    return level2 if not names or level2 in names else ""


def level2_choices(template: Template, level1: str) -> tuple[str, ...]:
    """二级 offered for a 一级; an unknown 一级 offers every 二级 of the template."""
    names = template.level2_names(level1)
    if names:
        return names
    seen: dict[str, None] = {}
    for lv in template.level1:
        for name in lv.level2:
            seen.setdefault(name, None)
    return tuple(seen)
