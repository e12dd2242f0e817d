"""The form grid (g60desk.pdf.grid): line widths, page splits, merged and header cells.

Splitting is exercised directly, page height by page height, without building a
document; the rendered PDF is checked in tests/integration/pdf.
"""

from __future__ import annotations

import pytest

from g60desk.pdf.fonts import bundled_font, load_font
from g60desk.pdf.grid import PAD_X, FormGrid, GridBuilder, TextStyle
from g60desk.pdf.linebreak import WidthCache

WIDTHS = [32.0, 64.0, 72.0, 107.0, 107.0, 100.0]


@pytest.fixture(scope="module")
def style() -> TextStyle:
    return TextStyle(load_font(bundled_font()).name, 10.5, 14.5, "left")


def _indicator_grid(style: TextStyle, *, rows: int, long_text: str = "") -> FormGrid:
    """A goals section (one long text row) and an indicator section with headers."""
    g = GridBuilder(WIDTHS)
    gh = g.add_row(is_header=True)
    gb = g.add_row(header=gh)
    g.put(gh, 0, "项目绩效目标", style, to_row=gb)
    g.put(gh, 1, "项目总目标", style, to_col=3)
    g.put(gh, 4, "年度总目标", style, to_col=5)
    g.put(gb, 1, long_text, style, to_col=3, valign="top")
    g.put(gb, 4, "年度目标", style, to_col=5, valign="top")
    ih = g.add_row(is_header=True)
    for col, text in ((1, "一级指标"), (2, "二级指标"), (3, "三级指标"), (5, "年度指标值")):
        g.put(ih, col, text, style, to_col=4 if col == 3 else None)
    first = ih + 1
    for i in range(rows):
        r = g.add_row(header=ih)
        g.put(r, 3, f"第{i}个三级指标", style, to_col=4)
        g.put(r, 5, ">=90%", style)
    last = ih + rows
    half = first + rows // 2
    g.put(first, 1, "产出指标", style, to_row=half - 1)
    g.put(half, 1, "效益指标", style, to_row=last)
    g.put(first, 2, "数量指标", style, to_row=last)
    g.put(ih, 0, "绩效指标", style, to_row=last)
    return g.build()


def _split_all(grid: FormGrid, page: float) -> list[FormGrid]:
    parts: list[FormGrid] = []
    current = grid
    while True:
        result = current.split(500, page)
        assert result, "a fresh page must always take part of the grid"
        if result == [current]:
            parts.append(current)
            return parts
        first, rest = result
        assert isinstance(first, FormGrid) and isinstance(rest, FormGrid)
        assert first.height <= page + 1e-6
        assert rest.height < current.height + 200  # progress (repeated header aside)
        parts.append(first)
        current = rest


def _texts(grid: FormGrid) -> list[str]:
    return ["".join(c.lines) for c in sorted(grid.cells, key=lambda c: (c.r0, c.c0))]


def test_every_line_fits_its_cell(style: TextStyle) -> None:
    grid = _indicator_grid(style, rows=10, long_text="绩效目标，" * 400)
    for c in grid.cells:
        room = sum(WIDTHS[c.c0:c.c1 + 1]) - 2 * PAD_X
        for line in c.lines:
            assert sum(WidthCache.widths(line, style.font, style.size)) <= room + 1e-6


@pytest.mark.parametrize("page", [160.0, 300.0, 500.0, 700.0])
def test_a_long_goal_and_80_rows_split_without_loss(style: TextStyle, page: float) -> None:
    goal = "".join(f"第{i}句目标，内容。" for i in range(500))
    grid = _indicator_grid(style, rows=80, long_text=goal)
    parts = _split_all(grid, page)
    assert len(parts) > 1
    printed = "".join("".join(_texts(p)) for p in parts)
    goal_cells = ["".join(c.lines) for p in parts for c in p.cells
                  if (c.c0, c.c1) == (1, 3) and not p.rows[c.r0].is_header]
    assert "".join(goal_cells) == goal
    for i in range(80):
        assert printed.count(f"第{i}个三级指标") == 1


def test_continuations_repeat_the_header_and_the_merged_labels(style: TextStyle) -> None:
    grid = _indicator_grid(style, rows=80)
    parts = _split_all(grid, 400.0)
    assert len(parts) >= 3
    for part in parts[1:]:
        texts = _texts(part)
        if any("三级指标" in t for t in texts[:6]) or any("个三级指标" in t for t in texts):
            # Every continuation inside the indicator section starts with its header row
            # and shows the block label and the 二级 label again.
            assert part.rows[0].is_header
            assert "一级指标" in texts and "年度指标值" in texts
            assert "绩效指标" in texts and "数量指标" in texts


def test_a_row_taller_than_a_page_is_split_between_lines(style: TextStyle) -> None:
    g = GridBuilder(WIDTHS)
    r = g.add_row()
    name = "很长的三级指标名称" * 400
    g.put(r, 0, "名称", style, to_col=2)
    g.put(r, 3, name, style, to_col=5, valign="top")
    grid = g.build()
    assert grid.height > 2 * 700
    parts = _split_all(grid, 700.0)
    assert "".join("".join(c.lines) for p in parts for c in p.cells if c.c0 == 3) == name
    # The short label cell is printed once, on the first part.
    assert sum("".join(c.lines) == "名称" for p in parts for c in p.cells) == 1


def test_merged_cells_suppress_inner_rules_only(style: TextStyle) -> None:
    grid = _indicator_grid(style, rows=4)
    owner = {(col, row): c for c in grid.cells
             for row in range(c.r0, c.r1 + 1) for col in range(c.c0, c.c1 + 1)}
    label = next(c for c in grid.cells if c.lines == ("数量指标",))
    # Rows inside the merged 二级 cell share the cell: no rule between them in its column,
    assert all(owner[(2, r)] is label for r in range(label.r0, label.r1 + 1))
    # while the 三级 column has a cell per row.
    rows = range(label.r0, label.r1 + 1)
    assert len({id(owner[(3, r)]) for r in rows}) == len(rows)


def test_a_part_too_small_for_anything_moves_to_the_next_page(style: TextStyle) -> None:
    grid = _indicator_grid(style, rows=5)
    assert grid.split(500, 10.0) == []
