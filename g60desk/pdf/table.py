"""The target table of one project (填报表/申报表), laid out on a :class:`FormGrid`.

Everything about its shape comes from the template: the header rows (one or two
fields to a row), the funding block (one or two sides, each row as tall as the
template says, amounts in 元 or 万元), the goal slots, and the indicator grid
with one side (一级 | 二级 | 三级 | 指标值) or two sides printed next to each
other under one 一级 column (一级 | 中期: 二级 三级 指标值 | 年度: 二级 三级 指标值).
The grid's columns are :mod:`g60desk.formspec.layout`'s (six with one side, eight
with two), shared with the workbook.

Cells merged down (一级, 二级, the block labels) are repeated on a new page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from g60desk.domain.form import FundingSide, IndicatorSide
from g60desk.domain.model import Declaration, Funding, Indicator, Project
from g60desk.domain.money import format_amount
from g60desk.domain.rollup import ProjectCheck, unit_rows
from g60desk.domain.targets import render_target
from g60desk.formspec import Template
from g60desk.formspec.grouping import group_indicators
from g60desk.formspec.layout import Span, TableSpans, table_spans
from g60desk.pdf.grid import PAD_X, GridBuilder, TextStyle
from g60desk.pdf.styles import WU_HAO, XIAO_WU
from g60desk.pdf.text import TextWriter, clean

# Fixed columns (points); c3 and c4 share what is left of the frame width.
C0_BLOCK, C1_LEVEL1, C2_LEVEL2, C5_VALUE = 32.0, 64.0, 72.0, 100.0
# Two sides: narrower fixed columns, the two 三级 columns share the rest.
C0_BLOCK_2, C1_LEVEL1_2, LEVEL2_2, VALUE_2 = 26.0, 52.0, 60.0, 62.0
CELL_LEADING = 14.5
UNIT_LEADING = 12.5   # the roll-up's 汇总表, in 小五

@dataclass(frozen=True)
class Columns(TableSpans):
    """The shared column spans with their widths in points."""

    widths: list[float] = field(default_factory=list)

    @property
    def last(self) -> int:
        return len(self.widths) - 1


def column_widths(total: float) -> list[float]:
    rest = total - (C0_BLOCK + C1_LEVEL1 + C2_LEVEL2 + C5_VALUE)
    return [C0_BLOCK, C1_LEVEL1, C2_LEVEL2, rest / 2, rest / 2, C5_VALUE]


def columns(total: float, n_sides: int) -> Columns:
    spans = table_spans(n_sides).as_dict()
    if n_sides == 1:
        return Columns(widths=column_widths(total), **spans)
    rest = total - (C0_BLOCK_2 + C1_LEVEL1_2 + 2 * (LEVEL2_2 + VALUE_2))
    widths = [C0_BLOCK_2, C1_LEVEL1_2, LEVEL2_2, rest / 2, VALUE_2, LEVEL2_2, rest / 2, VALUE_2]
    return Columns(widths=widths, **spans)


class TargetTable:
    """Builds the grid of one project's target table."""

    def __init__(self, decl: Declaration, template: Template, writer: TextWriter,
                 font: str, width: float) -> None:
        self.decl = decl
        self.tpl = template
        self.shape = template.shape
        self.w = writer
        self.cols = columns(width, len(self.shape.sides))
        self.widths = self.cols.widths
        self.left = TextStyle(font, WU_HAO, CELL_LEADING, "left")
        self.center = TextStyle(font, WU_HAO, CELL_LEADING, "center")
        self.right = TextStyle(font, WU_HAO, CELL_LEADING, "right")

    def flowable(self, project: Project, n: int) -> Flowable:
        where = f"项目{n}“{project.name.strip() or '未命名'}”的"
        g = GridBuilder(self.widths)
        self._fields(g, project, where)
        self._funding(g, project, where)
        self._goals(g, project, where)
        self._indicators(g, project, where)
        return g.build()

    def unit_table(self, width: float,
                   checks: Sequence[ProjectCheck] | None = None) -> Flowable:
        """The 汇总表 of a roll-up: per unit (and 合计) its projects, the annual funding
        rows in the form's unit, its indicators, 预审 (the worst of its projects) and its
        unresolved errors (blank without ``checks``)."""
        shape = self.shape
        annual = shape.annual_side
        n = len(annual.rows)
        rows = unit_rows(self.decl, [r.key for r in annual.rows])
        font = self.left.font
        small = TextStyle(font, XIAO_WU, UNIT_LEADING, "left")
        center = TextStyle(font, XIAO_WU, UNIT_LEADING, "center")
        right = TextStyle(font, XIAO_WU, UNIT_LEADING, "right")

        def fit(chars: int, texts: Sequence[str] = ()) -> float:
            """Room for ``chars`` CJK characters a line, or the widest of ``texts``."""
            widest = max((stringWidth(t, font, XIAO_WU) for t in texts), default=0.0)
            return max(chars * XIAO_WU, widest) + 2 * PAD_X + 1
        # 单位 | 项目数 | amounts … | 指标数 | 预审 | 未解决的错误: amounts never wrap,
        # the unit's name takes what is left.
        amounts = [fit(4, [format_amount(u.amounts[c], shape.amount_unit) for u in rows])
                   for c in range(n)]
        tail = [fit(2), fit(2), fit(4), fit(3)]
        first = max(fit(4), width - sum(amounts) - sum(tail))
        g = GridBuilder([first, tail[0], *amounts, *tail[1:]])
        head = g.add_row(is_header=True)
        labels = ["单位", "项目数", *(f"{r.name}({shape.amount_unit})" for r in annual.rows),
                  "指标数", "预审", "未解决的错误"]
        for c, text in enumerate(labels):
            self._text(g, head, c, text, center, "表格标签", repeat=True)
        for u in rows:
            r = g.add_row(header=head)
            self._text(g, r, 0, u.unit, small, "汇总表(单位)")
            self._text(g, r, 1, str(len(u.indices)), center, "汇总表")
            for c, amount in enumerate(u.amounts, start=2):
                self._text(g, r, c, format_amount(amount, shape.amount_unit), right, "汇总表")
            label, errors = u.grade(checks)
            self._text(g, r, 2 + n, str(u.indicators), center, "汇总表")
            self._text(g, r, 3 + n, label, center, "汇总表")
            self._text(g, r, 4 + n, "" if errors is None else str(errors), center, "汇总表")
        return g.build()

    # ---------------------------------------------------------------- helpers

    def _text(self, g: GridBuilder, row: int, col: int, text: str, style: TextStyle,
              field: str, **span: int | str | bool) -> None:
        text = clean(text)
        self.w.check(text, style.font, field)
        g.put(row, col, text, style, **span)  # type: ignore[arg-type]

    def _label(self, g: GridBuilder, row: int, col: int, text: str, **span: int) -> None:
        self._text(g, row, col, text, self.center, "表格标签", repeat=True, **span)

    def _span(self, g: GridBuilder, row: int, span: Span, text: str, style: TextStyle,
              field: str, *, label: bool = False, to_row: int | None = None,
              valign: str = "middle") -> None:
        extra: dict[str, int | str | bool] = {}
        if span[1] != span[0]:
            extra["to_col"] = span[1]
        if to_row is not None and to_row != row:
            extra["to_row"] = to_row
        if label:
            self._text(g, row, span[0], text, self.center, "表格标签", repeat=True, **extra)
        else:
            self._text(g, row, span[0], text, style, field, valign=valign, **extra)

    # ---------------------------------------------------------------- parts

    def _fields(self, g: GridBuilder, project: Project, where: str) -> None:
        shape, c = self.shape, self.cols
        # The label/value rows and the funding block stay together on one page.
        for keys in shape.header_rows:
            r = g.add_row(keep_with_next=True)
            for n, key in enumerate(keys):
                spec = shape.field(key)
                if spec is None:
                    continue
                style = self.center if spec.type in ("date", "period") else self.left
                text = shape.printed(project, key, self.tpl.date_style)
                if n == 0:
                    self._span(g, r, c.label_left, spec.label, style, "", label=True)
                    value = c.value_left if len(keys) == 2 else (c.value_left[0], c.last)
                    self._span(g, r, value, text, style, where + spec.label)
                else:
                    self._span(g, r, c.label_right, spec.label, style, "", label=True)
                    self._span(g, r, c.value_right, text, style, where + spec.label)

    def _funding(self, g: GridBuilder, project: Project, where: str) -> None:
        shape, c = self.shape, self.cols
        f = project.funding
        height = max(sum(r.height for r in side.rows) for side in shape.funding_sides)
        top = g.add_row(keep_with_next=height > 1)
        for k in range(1, height):
            g.add_row(keep_with_next=k < height - 1)
        self._label(g, top, 0, self.tpl.text["funding_block"], to_row=top + height - 1)
        sides = shape.funding_sides
        for n, side in enumerate(sides):
            label, value = c.money_spans(n, len(sides))
            self._side_rows(g, top, height, side, label, value, f, where)

    def _side_rows(self, g: GridBuilder, top: int, height: int, side: FundingSide,
                   label: Span, value: Span, f: Funding, where: str) -> None:
        row = top
        for k, spec in enumerate(side.rows):
            last = k == len(side.rows) - 1
            bottom = top + height - 1 if last else row + spec.height - 1
            self._span(g, row, label, spec.label, self.center, "", label=True, to_row=bottom)
            amount = format_amount(f.get(spec.key), self.shape.amount_unit)
            self._span(g, row, value, amount, self.right, where + spec.label, to_row=bottom)
            row = bottom + 1

    def _goals(self, g: GridBuilder, project: Project, where: str) -> None:
        tpl, c = self.tpl, self.cols
        start, end = self.shape.period(project)
        start_year = start.year if start else self.decl.year
        end_year = end.year if end else start_year
        head = g.add_row(is_header=True)
        body = g.add_row(header=head)
        self._label(g, head, 0, tpl.text["goals_block"], to_row=body)
        slots = tpl.goals
        spans = [(c.goal_left[0], c.last)] if len(slots) == 1 else [c.goal_left, c.goal_right]
        for slot, span in zip(slots, spans, strict=True):
            heading = slot.heading(start_year, end_year)
            self._span(g, head, span, heading, self.center, "", label=True)
            self._span(g, body, span, project.goal(slot.key).strip(), self.left,
                       where + heading, valign="top")

    def _indicators(self, g: GridBuilder, project: Project, where: str) -> None:
        tpl, shape, c = self.tpl, self.shape, self.cols
        # One header row (the one a continuation page repeats); with two sides each
        # side's headers say which side it is (中期指标值 / 年度指标值).
        head = g.add_row(is_header=True)
        self._label(g, head, 1, tpl.text["level1_header"])
        for side, (l2_col, name_span, value_col) in zip(shape.sides, c.sides, strict=True):
            self._label(g, head, l2_col, side.level2_header)
            self._span(g, head, name_span, side.name_header, self.center, "", label=True)
            self._label(g, head, value_col, side.target_header)
        if len(shape.sides) == 1:
            last = self._one_side(g, project, where, head)
        else:
            last = self._two_sides(g, project, where, head)
        self._label(g, head, 0, tpl.text["indicators_block"], to_row=last)

    def _one_side(self, g: GridBuilder, project: Project, where: str, head: int) -> int:
        tpl = self.tpl
        side = tpl.shape.sides[0]
        l2_col, name_span, value_col = self.cols.sides[0]
        row_no = 0
        last = head
        for l1, level2_groups in group_indicators(project.indicators, tpl):
            l1_top = last + 1
            for l2, rows in level2_groups:
                l2_top = last + 1
                for ind in rows:
                    row_no += 1
                    last = g.add_row(header=head)
                    self._text(g, last, name_span[0], ind.name.strip(), self.left,
                               f"{where}{side.name_header}(第{row_no}行)", to_col=name_span[1])
                    self._text(g, last, value_col, render_target(ind.target, tpl.value_style),
                               self.center, f"{where}{side.target_header}(第{row_no}行)")
                self._text(g, l2_top, l2_col, l2, self.center, where + side.level2_header,
                           to_row=last, repeat=True)
            self._text(g, l1_top, 1, l1, self.center, where + tpl.text["level1_header"],
                       to_row=last, repeat=True)
        if not row_no:  # an empty row to fill in by hand
            last = g.add_row(header=head)
        return last

    def _two_sides(self, g: GridBuilder, project: Project, where: str, head: int) -> int:
        """Both sides under one 一级 column: each 一级 takes as many rows as its longer side;
        the shorter side's last cell reaches down to the same line."""
        tpl, shape = self.tpl, self.shape
        by_side = {s.key: [i for i in project.indicators if shape.side_of(i) == s.key]
                   for s in shape.sides}
        grouped = {k: dict(group_indicators(v, tpl)) for k, v in by_side.items()}
        order = [l1 for l1, _ in group_indicators(project.indicators, tpl)]
        last = head
        numbers = dict.fromkeys(by_side, 0)
        for l1 in order:
            counts = {k: sum(len(rows) for _, rows in grouped[k].get(l1, [])) for k in grouped}
            height = max(max(counts.values()), 1)
            top = last + 1
            for _ in range(height):
                last = g.add_row(header=head)
            self._text(g, top, 1, l1, self.center, where + tpl.text["level1_header"],
                       to_row=last, repeat=True)
            for side, cols in zip(shape.sides, self.cols.sides, strict=True):
                numbers[side.key] = self._side_block(
                    g, grouped[side.key].get(l1, []), side, cols, top, last, where,
                    numbers[side.key])
        if last == head:  # no indicators: one empty row to fill in by hand
            last = g.add_row(header=head)
            for l2_col, name_span, value_col in self.cols.sides:
                for col, to in ((l2_col, l2_col), name_span, (value_col, value_col)):
                    g.put(last, col, "", self.left, to_col=to)
        return last

    def _side_block(self, g: GridBuilder, groups: Sequence[tuple[str, list[Indicator]]],
                    side: IndicatorSide, cols: tuple[int, Span, int], top: int, bottom: int,
                    where: str, row_no: int) -> int:
        l2_col, name_span, value_col = cols
        label = f"{where}{side.label}"
        if not groups:  # this side has nothing under the 一级: empty cells, ruled
            for col, to in ((l2_col, l2_col), name_span, (value_col, value_col)):
                g.put(top, col, "", self.left, to_col=to, to_row=bottom)
            return row_no
        row = top
        for gi, (l2, rows) in enumerate(groups):
            l2_top = row
            for k, ind in enumerate(rows):
                row_no += 1
                end = bottom if gi == len(groups) - 1 and k == len(rows) - 1 else row
                span = {"to_row": end} if end > row else {}
                self._text(g, row, name_span[0], ind.name.strip(), self.left,
                           f"{label}{side.name_header}(第{row_no}行)", to_col=name_span[1],
                           **span)
                self._text(g, row, value_col, render_target(ind.target, self.tpl.value_style),
                           self.center, f"{label}{side.target_header}(第{row_no}行)", **span)
                row = end + 1
            self._text(g, l2_top, l2_col, l2, self.center, label + side.level2_header,
                       to_row=row - 1, repeat=True)
        return row_no
