"""Where each part of a printed target table sits, in grid columns (0-based), for one or
two indicator sides; the PDF and the workbook lay their tables out on the same columns.

With one side six columns::

    c0 block | c1 一级 | c2 二级 | c3 三级 ………… | c4 ………… | c5 指标值

and with two sides eight::

    c0 block | c1 一级 | c2 二级 | c3 三级 | c4 值 | c5 二级 | c6 三级 | c7 值
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True)
class TableSpans:
    label_left: Span
    value_left: Span
    label_right: Span
    value_right: Span
    money_label_left: Span
    money_value_left: Span
    money_label_right: Span
    money_value_right: Span
    goal_left: Span
    goal_right: Span
    # Per indicator side: (二级 column, 三级 span, 指标值 column).
    sides: tuple[tuple[int, Span, int], ...]

    @property
    def last(self) -> int:
        return self.goal_right[1]

    def money_spans(self, n: int, count: int) -> tuple[Span, Span]:
        """(label, amount) spans of funding side ``n`` of ``count``; one side spans the width."""
        if count == 1:
            return self.money_label_left, (self.money_value_left[0], self.last)
        if n == 0:
            return self.money_label_left, self.money_value_left
        return self.money_label_right, self.money_value_right

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(TableSpans)}


ONE_SIDE = TableSpans((0, 1), (2, 3), (4, 4), (5, 5), (1, 2), (3, 3), (4, 4), (5, 5), (1, 3),
                      (4, 5), ((2, (3, 4), 5),))
TWO_SIDES = TableSpans((0, 1), (2, 4), (5, 5), (6, 7), (1, 2), (3, 4), (5, 5), (6, 7), (1, 4),
                       (5, 7), ((2, (3, 3), 4), (5, (6, 6), 7)))


def table_spans(n_sides: int) -> TableSpans:
    return ONE_SIDE if n_sides == 1 else TWO_SIDES
