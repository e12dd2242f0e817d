"""A ruled form grid that splits across pages the way a paper form should.

reportlab's ``Table`` can split inside rows, but with column spans it wraps the
split part at the width of the span's first column, and a cell merged over many
rows forbids every page break inside it. This flowable does only what the
填报表 needs:

* cells cover a rectangle of columns × rows; text is broken into lines once,
  up front, at the cell's width (with the kinsoku rules of :mod:`linebreak`);
* a page break may fall between rows, or inside a tall row between two lines
  (at least two lines stay on each side);
* a cell merged over several rows (一级/二级 指标, the block labels) is drawn
  centred on each page the rows reach, so the label is repeated, not lost;
* each row may name a header row (the indicator grid's 一级指标 / 二级指标 …
  row) that is repeated at the top of a continuation page;
* lines are ruled only where a cell ends, which is what makes merged cells look
  merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reportlab.lib.colors import black
from reportlab.platypus import Flowable

from g60desk.pdf.linebreak import split_lines

PAD_X = 4.0
PAD_TOP = 3.5
PAD_BOTTOM = 3.5
RULE = 0.75
MIN_SPLIT_LINES = 2   # orphan/widow control inside a split row
_ASCENT = 0.86        # glyph top above the baseline, in em (CJK faces)


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float
    leading: float
    align: str = "left"     # left | center | right


@dataclass(frozen=True)
class Cell:
    """A rectangle of the grid: columns ``c0..c1`` and rows ``r0..r1`` (inclusive)."""

    c0: int
    c1: int
    r0: int
    r1: int
    lines: tuple[str, ...]
    style: TextStyle
    valign: str = "middle"  # middle | top
    repeat: bool = False    # a label: printed whole on each page its rows reach

    def content_height(self) -> float:
        return max(1, len(self.lines)) * self.style.leading + PAD_TOP + PAD_BOTTOM


@dataclass(frozen=True)
class Row:
    header: int | None = None     # row index repeated above a continuation of this row
    keep_with_next: bool = False  # no page break directly after this row
    is_header: bool = False


@dataclass
class GridBuilder:
    """Collects rows and cells; text is broken into lines at the cell width."""

    widths: Sequence[float]
    rows: list[Row] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)

    def add_row(self, *, header: int | None = None, keep_with_next: bool = False,
                is_header: bool = False) -> int:
        self.rows.append(Row(header=header, keep_with_next=keep_with_next, is_header=is_header))
        return len(self.rows) - 1

    def text_width(self, c0: int, c1: int) -> float:
        return sum(self.widths[c0:c1 + 1]) - 2 * PAD_X

    def put(self, row: int, col: int, text: str, style: TextStyle, *,
            to_col: int | None = None, to_row: int | None = None,
            valign: str = "middle", repeat: bool = False) -> None:
        c1 = col if to_col is None else to_col
        r1 = row if to_row is None else to_row
        lines = wrap_text(text, self.text_width(col, c1), style)
        self.cells.append(Cell(col, c1, row, r1, tuple(lines), style, valign,
                               repeat or r1 > row))

    def build(self) -> FormGrid:
        return FormGrid(list(self.widths), self.rows, self.cells)


def wrap_text(text: str, width: float, style: TextStyle) -> list[str]:
    """Lines of ``text`` at ``width``; a newline in the text starts a new line."""
    out: list[str] = []
    for para in text.split("\n"):
        if not para:
            continue
        out.extend(line for _, line in split_lines(para, [width], style.font, style.size))
    return out


def _row_heights(n_rows: int, cells: Sequence[Cell], min_height: float) -> list[float]:
    heights = [min_height] * n_rows
    for c in cells:
        if c.r0 == c.r1:
            heights[c.r0] = max(heights[c.r0], c.content_height())
    # A merged cell taller than its rows stretches its last row.
    for c in sorted((c for c in cells if c.r1 > c.r0), key=lambda c: c.r1 - c.r0):
        have = sum(heights[c.r0:c.r1 + 1])
        need = c.content_height()
        if need > have:
            heights[c.r1] += need - have
    return heights


class FormGrid(Flowable):  # type: ignore[misc]
    """The flowable; see the module docstring."""

    def __init__(self, widths: list[float], rows: Sequence[Row], cells: Sequence[Cell],
                 heights: Sequence[float] | None = None) -> None:
        super().__init__()
        self.widths = widths
        self.rows = list(rows)
        self.cells = list(cells)
        min_h = min((c.style.leading for c in cells), default=14.0) + PAD_TOP + PAD_BOTTOM
        self.heights = (list(heights) if heights is not None
                        else _row_heights(len(self.rows), self.cells, min_h))
        self.width = sum(widths)
        self.height = sum(self.heights)

    # ---------------------------------------------------------------- layout

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def _cells_covering(self, row: int) -> list[Cell]:
        return [c for c in self.cells if c.r0 <= row <= c.r1]

    def _candidates(self) -> list[tuple[float, int, int]]:
        """Possible cuts ``(height_above, row, k)``: before row ``row`` (k == 0) or
        after ``k`` lines of it; in increasing height."""
        out: list[tuple[float, int, int]] = []
        singles_by_row: dict[int, list[Cell]] = {}
        for c in self.cells:
            if c.r0 == c.r1:
                singles_by_row.setdefault(c.r0, []).append(c)
        top = 0.0
        for r, row in enumerate(self.rows):
            prev = self.rows[r - 1] if r else None
            prev_ok = prev is not None and not prev.keep_with_next and not prev.is_header
            if prev_ok and any(not rw.is_header for rw in self.rows[:r]):
                out.append((top, r, 0))
            if not row.is_header:
                singles = singles_by_row.get(r, [])
                n = max((len(c.lines) for c in singles), default=0)
                if n >= 2 * MIN_SPLIT_LINES:
                    leading = self._row_leading(r)
                    for k in range(MIN_SPLIT_LINES, n - MIN_SPLIT_LINES + 1):
                        out.append((top + PAD_TOP + PAD_BOTTOM + k * leading, r, k))
            top += self.heights[r]
        return out

    def _labels_fit(self, row: int, k: int, above: float) -> bool:
        """Merged cells cut by this break keep room for their text on both sides."""
        row_top = sum(self.heights[:row])
        for c in self._cells_covering(row):
            if c.r0 == c.r1 and k and not c.repeat:
                continue  # a single-row text cell is itself split line by line
            if c.r0 == row and not k:
                continue  # starts below the cut
            start = sum(self.heights[:c.r0])
            end = sum(self.heights[:c.r1 + 1])
            cut = above if k else row_top
            if cut - start < c.content_height() or end - cut < c.content_height():
                return False
        return True

    def first_part_height(self) -> float:
        """The least height this grid needs on a page (its first possible part)."""
        return min((cand[0] for cand in self._candidates()), default=self.height)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self.height <= availHeight:
            return [self]
        fitting = [cand for cand in self._candidates() if cand[0] <= availHeight]
        if not fitting:
            return []
        choice = next((cand for cand in reversed(fitting) if self._labels_fit(cand[1], cand[2],
                                                                             cand[0])),
                      fitting[-1])
        _, row, k = choice
        return list(self._cut(row, k))

    def _cut(self, row: int, k: int) -> tuple[FormGrid, FormGrid]:
        """Two grids: rows before the cut, and (header +) rows after it.

        ``k == 0`` cuts before ``row``; ``k > 0`` cuts ``row`` itself after its
        first ``k`` lines, so the row ends part A and its rest starts part B.
        """
        last_a = row if k else row - 1
        first_b = row
        cells_a: list[Cell] = []
        cells_b: list[tuple[Cell, int]] = []   # (cell, original r0)
        for c in self.cells:
            if c.r1 <= last_a and not (k and c.r1 == row):
                cells_a.append(c)
            elif c.r0 >= first_b and not (k and c.r0 == row):
                cells_b.append((c, c.r0))
            elif c.r0 == c.r1 and not c.repeat:  # a text cell split between its lines
                cells_a.append(replace(c, lines=c.lines[:k], valign="top"))
                cells_b.append((replace(c, lines=c.lines[k:], valign="top"), c.r0))
            else:                              # a label: repeat it on both sides
                cells_a.append(replace(c, r1=last_a))
                cells_b.append((replace(c, r0=first_b), c.r0))
        heights_a = list(self.heights[:last_a + 1])
        if k:
            heights_a[-1] = PAD_TOP + PAD_BOTTOM + k * self._row_leading(row)
        part_a = FormGrid(self.widths, self.rows[:last_a + 1], cells_a, heights_a)

        # Part B, renumbered; under a repeated header row when the section has one.
        header = self.rows[first_b].header
        rows_b = self.rows[first_b:]
        moved: list[Cell] = []
        if header is not None and header < first_b:
            rows_b = [self.rows[header], *rows_b]
            moved.extend(replace(c, r0=0, r1=0) for c in self.cells if c.r0 == c.r1 == header)
            shift = first_b - 1
        else:
            header = None
            shift = first_b
        def renumber(rw: Row) -> Row:
            if rw.header is None:
                return rw
            if rw.header < first_b:
                return replace(rw, header=0 if header is not None else None)
            return replace(rw, header=rw.header - shift)

        rows_b = [renumber(rw) for rw in rows_b]
        for c, orig_r0 in cells_b:
            r0 = c.r0 - shift
            if header is not None and orig_r0 <= header:
                r0 = 0   # a block label that began at (or above) the header row
            moved.append(replace(c, r0=r0, r1=c.r1 - shift))
        part_b = FormGrid(self.widths, rows_b, moved)
        return part_a, part_b

    def _row_leading(self, row: int) -> float:
        return max((c.style.leading for c in self.cells if c.r0 == c.r1 == row), default=14.0)

    # ---------------------------------------------------------------- drawing

    def draw(self) -> None:
        canv = self.canv
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        ys = [self.height]           # top of each row, y grows upwards
        for h in self.heights:
            ys.append(ys[-1] - h)
        owner: dict[tuple[int, int], Cell] = {}
        for c in self.cells:
            for r in range(c.r0, c.r1 + 1):
                for col in range(c.c0, c.c1 + 1):
                    owner[(col, r)] = c
        # Row by row, left to right: the reading order of text extracted from the PDF.
        for c in sorted(self.cells, key=lambda cell: (cell.r0, cell.c0)):
            self._draw_text(c, xs[c.c0], xs[c.c1 + 1], ys[c.r0], ys[c.r1 + 1])
        canv.saveState()
        canv.setStrokeColor(black)
        canv.setLineWidth(RULE)
        canv.setLineCap(2)
        n_rows, n_cols = len(self.rows), len(self.widths)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        for r in range(n_rows - 1):          # horizontal rules between rows
            for col in range(n_cols):
                o = owner.get((col, r))
                if o is None or o.r1 == r:
                    canv.line(xs[col], ys[r + 1], xs[col + 1], ys[r + 1])
        for r in range(n_rows):              # vertical rules between columns
            for col in range(n_cols - 1):
                o = owner.get((col, r))
                if o is None or o.c1 == col:
                    canv.line(xs[col + 1], ys[r], xs[col + 1], ys[r + 1])
        canv.restoreState()

    def _draw_text(self, c: Cell, x0: float, x1: float, top: float, bottom: float) -> None:
        if not c.lines:
            return
        st = c.style
        size, leading = st.size, st.leading
        need = len(c.lines) * leading
        room = top - bottom - PAD_TOP - PAD_BOTTOM
        if need > room + 0.01:
            # Only when a merged label had no room on this page: shrink, never overlap.
            scale = max(room / need, 0.4)
            size, leading, need = size * scale, leading * scale, need * scale
        y_top = top - PAD_TOP - (0.0 if c.valign == "top" else (room - need) / 2)
        canv = self.canv
        canv.saveState()
        canv.setFillColor(black)
        canv.setFont(st.font, size)
        for i, line in enumerate(c.lines):
            # Centre the glyphs (ascent ~0.86 em, descent ~0.14 em) in the line box.
            baseline = y_top - i * leading - (leading - size) / 2 - _ASCENT * size
            if st.align == "center":
                canv.drawCentredString((x0 + x1) / 2, baseline, line)
            elif st.align == "right":
                canv.drawRightString(x1 - PAD_X, baseline, line)
            else:
                canv.drawString(x0 + PAD_X, baseline, line)
        canv.restoreState()
