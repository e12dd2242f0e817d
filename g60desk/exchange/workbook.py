"""The declaration as an Excel workbook (.xlsx, written with openpyxl; see docs/workbook.md).

Sheets, in order:

- one per project, laid out like the printed 填报表 from the template's shape
  (header rows, funding sides in the template's unit, goal slots, indicator
  sides), with merged cells, borders, wrapped text, A4 portrait fitted to one
  page wide and the indicator header row repeated on every printed page;
- ``项目汇总``: one row per project (unit, name, nature, category, the annual
  funding rows, indicator count, the pre-check grade);
- ``单位汇总``: one row per unit and a 合计 row (projects, the annual funding rows,
  indicators, the worst grade, unresolved errors): a roll-up's 汇总表;
- ``指标明细``: one row per indicator in the column order of the 一体化 sheets,
  operator, number and unit in their own columns;
- ``_g60desk`` (hidden): the declaration as bundle text, so that the program's
  own workbook reads back exactly (:mod:`g60desk.exchange.workbook_import`).

Every text cell is written as text (``data_type 's'``): a value such as
``=3 堂`` never becomes a formula, and bundle contents cannot inject one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from g60desk import fileio
from g60desk.domain.model import Declaration, Indicator, Project
from g60desk.domain.money import TEN_THOUSAND
from g60desk.domain.rollup import ProjectCheck, unit_rows
from g60desk.domain.targets import ASCII_OPERATOR, render_target
from g60desk.exchange.bundle import dumps, now_stamp
from g60desk.formspec import Template
from g60desk.formspec.grouping import group_indicators
from g60desk.formspec.layout import Span, table_spans

DATA_SHEET = "_g60desk"
DATA_MARK = "g60desk-workbook"
DATA_VERSION = 1
# Excel holds at most 32,767 characters in a cell (longer text is cut in the visible sheets;
# the data sheet keeps all of it, in chunks).
MAX_CELL = 32767
CHUNK = 30000
SUMMARY_SHEET = "项目汇总"
UNITS_SHEET = "单位汇总"
DETAIL_SHEET = "指标明细"
DETAIL_HEADERS = ("项目名称", "一级指标", "二级指标", "三级指标", "计算符号", "年度指标值",
                  "计量单位", "指标值(原文)")
AMOUNT_FORMAT = "#,##0.00"
FONT_NAME = "宋体"
LINE_HEIGHT = 14  # points per wrapped line at 10.5 pt
# Characters an .xlsx cannot hold (XML 1.0): C0 controls other than tab/newline, lone surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")

# Column widths (Excel units) of the shared spans, one side and two sides.
ONE_SIDE_WIDTHS = (6.0, 11.0, 13.0, 20.0, 20.0, 16.0)
TWO_SIDES_WIDTHS = (5.0, 9.0, 10.0, 16.0, 11.0, 10.0, 16.0, 11.0)

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=FONT_NAME, size=10.5)
_BOLD = Font(name=FONT_NAME, size=10.5, bold=True)
_TITLE = Font(name=FONT_NAME, size=15, bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)


def safe_text(text: str) -> str:
    """Text an .xlsx cell can hold: forbidden characters become U+FFFD, cut to 32,767."""
    return _ILLEGAL.sub("\ufffd", text)[:MAX_CELL]


def style(cell: Cell, align: Alignment | None, font: Font | None, border: bool,
          number_format: str | None) -> None:
    """Give a cell one of the few styles the workbook uses.

    openpyxl hashes every style object on every assignment (most of an export's time);
    each combination is assigned once per workbook and its style index copied after.
    """
    wb: Any = cell.parent.parent
    cache: dict[tuple[int, int, bool, str | None], StyleArray] = wb.__dict__.setdefault(
        "_g60desk_styles", {})
    key = (id(align), id(font), border, number_format)
    known = cache.get(key)
    if known is not None:
        cell._style = StyleArray(known)
        return
    if align is not None:
        cell.alignment = align
    if font is not None:
        cell.font = font
    if border:
        cell.border = _BORDER
    if number_format:
        cell.number_format = number_format
    cache[key] = StyleArray(cell._style)


def rule(ws: Worksheet, row: int, col: int) -> None:
    """Borders on an empty cell (0-based column)."""
    style(ws.cell(row=row, column=col + 1), None, None, True, None)


def put(ws: Worksheet, row: int, col: int, value: str | Decimal | int | None, *,
        align: Alignment = _LEFT, font: Font = _FONT, border: bool = True,
        number_format: str | None = None) -> None:
    """One cell (1-based row, 0-based column); text is always stored as text."""
    cell = ws.cell(row=row, column=col + 1)
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"  # "=3 堂" stays text, never a formula
    else:
        cell.value = value
    style(cell, align, font, border, number_format)


def merge(ws: Worksheet, row: int, span: Span, value: str | Decimal | None, *,
          to_row: int | None = None, align: Alignment = _LEFT, font: Font = _FONT,
          number_format: str | None = None, widths: Sequence[float] = (),
          ruled: bool = True) -> None:
    """A value over columns ``span`` (and rows down to ``to_row``), every cell ruled.

    With the sheet's column ``widths``, a one-row cell makes its row tall enough for
    its wrapped text (spreadsheets do not grow rows for merged cells themselves).
    """
    bottom = to_row if to_row is not None else row
    if widths and bottom == row and isinstance(value, str) and value:
        lines = _lines(value, sum(widths[c] for c in range(span[0], span[1] + 1)))
        if lines > 1:
            dim = ws.row_dimensions[row]
            dim.height = min(409, max(dim.height or 0, LINE_HEIGHT * lines + 3))
    for r in range(row, bottom + 1):
        for c in range(span[0], span[1] + 1):
            if ruled and (r, c) != (row, span[0]):
                rule(ws, r, c)
    put(ws, row, span[0], value, align=align, font=font, number_format=number_format,
        border=ruled)
    if span[1] > span[0] or bottom > row:
        # Added directly: ws.merge_cells() would also re-style the range's edges cell by
        # cell (most of the export's time); every cell here is ruled already.
        coord = (f"{get_column_letter(span[0] + 1)}{row}:"
                 f"{get_column_letter(span[1] + 1)}{bottom}")
        ws.merged_cells.add(CellRange(coord))


def in_unit(yuan: Decimal | None, unit: str) -> Decimal | None:
    """An amount in the form's unit (元 or 万元), as a number for the cell."""
    if yuan is None:
        return None
    return yuan / TEN_THOUSAND if unit == "万元" else yuan


def sheet_title(n: int, name: str, taken: set[str]) -> str:
    """``1 项目名称`` cut to Excel's 31 characters, without the characters it forbids."""
    base = _SHEET_BAD.sub("_", safe_text(f"{n} {name.strip() or '未命名项目'}")).strip("'")
    title = base[:31]
    k = 2
    while title in taken or title in (SUMMARY_SHEET, UNITS_SHEET, DETAIL_SHEET, DATA_SHEET):
        suffix = f"({k})"
        title = base[:31 - len(suffix)] + suffix
        k += 1
    taken.add(title)
    return title


# ---------------------------------------------------------------- project sheets

class ProjectSheet:
    """Writes one project's 填报表 onto a sheet, row by row."""

    def __init__(self, decl: Declaration, template: Template) -> None:
        self.decl = decl
        self.tpl = template
        self.shape = template.shape
        self.lay = table_spans(len(self.shape.sides))
        self.widths = ONE_SIDE_WIDTHS if len(self.shape.sides) == 1 else TWO_SIDES_WIDTHS

    def write(self, ws: Worksheet, project: Project, n: int) -> None:
        lay = self.lay
        for c, width in enumerate(self.widths):
            ws.column_dimensions[get_column_letter(c + 1)].width = width
        full = (0, lay.last)
        merge(ws, 1, full, self.tpl.text["table_title"].format(n=n), align=_CENTER, font=_TITLE,
              ruled=False)
        merge(ws, 2, full, self.tpl.text["table_subtitle"].format(year=self.decl.year),
              align=_CENTER, ruled=False)
        row = self._fields(ws, project, 3)
        row = self._funding(ws, project, row)
        row = self._goals(ws, project, row)
        self._indicators(ws, project, row)
        self._page(ws)

    def _merge(self, ws: Worksheet, row: int, span: Span, value: str | Decimal | None, *,
               to_row: int | None = None, align: Alignment = _LEFT) -> None:
        """:func:`merge` that grows a one-row cell's row to fit its text."""
        merge(ws, row, span, value, to_row=to_row, align=align, widths=self.widths)

    def _page(self, ws: Worksheet) -> None:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6

    def _fields(self, ws: Worksheet, project: Project, row: int) -> int:
        shape, lay = self.shape, self.lay
        for keys in shape.header_rows:
            specs = [(k, shape.field(k)) for k in keys]
            for n, (key, spec) in enumerate(specs):
                if spec is None:
                    continue
                text = shape.printed(project, key, self.tpl.date_style)
                align = _CENTER if spec.type in ("date", "period") else _LEFT
                if n == 0:
                    merge(ws, row, lay.label_left, spec.label, align=_CENTER, font=_BOLD)
                    value = lay.value_left if len(keys) == 2 else (lay.value_left[0], lay.last)
                    self._merge(ws, row, value, text, align=align)
                else:
                    merge(ws, row, lay.label_right, spec.label, align=_CENTER, font=_BOLD)
                    self._merge(ws, row, lay.value_right, text, align=align)
            row += 1
        return row

    def _funding(self, ws: Worksheet, project: Project, top: int) -> int:
        shape, lay = self.shape, self.lay
        sides = shape.funding_sides
        height = max(sum(r.height for r in side.rows) for side in sides)
        merge(ws, top, (0, 0), self.tpl.text["funding_block"], to_row=top + height - 1, align=_CENTER, font=_BOLD)
        for n, side in enumerate(sides):
            label, value = lay.money_spans(n, len(sides))
            row = top
            for k, spec in enumerate(side.rows):
                bottom = top + height - 1 if k == len(side.rows) - 1 else row + spec.height - 1
                merge(ws, row, label, spec.label, to_row=bottom, align=_CENTER, font=_BOLD)
                merge(ws, row, value, in_unit(project.funding.get(spec.key), shape.amount_unit),
                      to_row=bottom, align=_RIGHT, number_format=AMOUNT_FORMAT)
                row = bottom + 1
        return top + height

    def _goals(self, ws: Worksheet, project: Project, head: int) -> int:
        tpl, lay = self.tpl, self.lay
        start, end = self.shape.period(project)
        start_year = start.year if start else self.decl.year
        end_year = end.year if end else start_year
        body = head + 1
        merge(ws, head, (0, 0), tpl.text["goals_block"], to_row=body, align=_CENTER, font=_BOLD)
        slots = tpl.goals
        spans = [(lay.goal_left[0], lay.last)] if len(slots) == 1 else [lay.goal_left, lay.goal_right]
        longest = 0
        for slot, span in zip(slots, spans, strict=True):
            merge(ws, head, span, slot.heading(start_year, end_year), align=_CENTER, font=_BOLD)
            text = project.goal(slot.key).strip()
            merge(ws, body, span, text, align=_TOP)
            width = sum(self.widths[c] for c in range(span[0], span[1] + 1))
            longest = max(longest, _lines(text, width))
        ws.row_dimensions[body].height = min(409, max(30, LINE_HEIGHT * (longest + 1)))
        return body + 1

    def _indicators(self, ws: Worksheet, project: Project, head: int) -> None:
        tpl, shape, lay = self.tpl, self.shape, self.lay
        put(ws, head, 1, tpl.text["level1_header"], align=_CENTER, font=_BOLD)
        for side, (l2_col, name_span, value_col) in zip(shape.sides, lay.sides, strict=True):
            put(ws, head, l2_col, side.level2_header, align=_CENTER, font=_BOLD)
            merge(ws, head, name_span, side.name_header, align=_CENTER, font=_BOLD)
            put(ws, head, value_col, side.target_header, align=_CENTER, font=_BOLD)
        ws.print_title_rows = f"{head}:{head}"
        by_side = {s.key: [i for i in project.indicators if shape.side_of(i) == s.key]
                   for s in shape.sides}
        grouped = {k: dict(group_indicators(v, tpl)) for k, v in by_side.items()}
        order = [l1 for l1, _ in group_indicators(project.indicators, tpl)]
        last = head
        for l1 in order:
            counts = [sum(len(rows) for _, rows in grouped[s.key].get(l1, [])) for s in shape.sides]
            top, bottom = last + 1, last + max(max(counts), 1)
            merge(ws, top, (1, 1), l1, to_row=bottom, align=_CENTER)
            for side, cols in zip(shape.sides, lay.sides, strict=True):
                self._side(ws, grouped[side.key].get(l1, []), cols, top, bottom)
            last = bottom
        if last == head:  # no indicators: one empty ruled row to fill in by hand
            last = head + 1
            for c in range(1, lay.last + 1):
                put(ws, last, c, None)
        merge(ws, head, (0, 0), tpl.text["indicators_block"], to_row=last, align=_CENTER,
              font=_BOLD)

    def _side(self, ws: Worksheet, groups: Sequence[tuple[str, list[Indicator]]],
              cols: tuple[int, Span, int], top: int, bottom: int) -> None:
        l2_col, name_span, value_col = cols
        row = top
        for l2, rows in groups:
            self._merge(ws, row, (l2_col, l2_col), l2, to_row=row + len(rows) - 1,
                        align=_CENTER)
            for ind in rows:
                self._merge(ws, row, name_span, ind.name.strip())
                self._merge(ws, row, (value_col, value_col),
                            render_target(ind.target, self.tpl.value_style), align=_CENTER)
                row += 1
        for r in range(row, bottom + 1):  # the shorter side: empty ruled cells
            for c in (l2_col, *range(name_span[0], name_span[1] + 1), value_col):
                rule(ws, r, c)


def _lines(text: str, width: float) -> int:
    """Rough printed line count of ``text`` in a column ``width`` units wide: a Chinese
    character takes about 2.3 units at 10.5 pt, a digit or Latin letter about 1.2."""
    usable = max(1.0, width - 1)
    total = 0
    for part in text.split("\n"):
        units = sum(1.2 if ord(ch) < 0x2E80 else 2.3 for ch in part)
        total += max(1, -int(-units // usable))
    return total


# ---------------------------------------------------------------- summary and detail sheets

def _table(ws: Worksheet, headers: Sequence[str], widths: Sequence[float]) -> None:
    for c, (h, w) in enumerate(zip(headers, widths, strict=True)):
        put(ws, 1, c, h, align=_CENTER, font=_BOLD)
        ws.column_dimensions[get_column_letter(c + 1)].width = w
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _summary(ws: Worksheet, decl: Declaration, template: Template,
             checks: Sequence[ProjectCheck] | None) -> None:
    shape = template.shape
    annual = template.shape.annual_side
    nature, category = shape.field_by_role("nature"), shape.field_by_role("category")
    text_cols = [f for f in (nature, category) if f is not None]
    unit = shape.amount_unit
    headers = ["单位", "项目名称", *(f.name for f in text_cols),
               *(f"{r.name}({unit})" for r in annual.rows), "指标数", "预审"]
    _table(ws, headers, [24, 30, *(12 for _ in text_cols), *(16 for _ in annual.rows), 8, 10])
    for i, p in enumerate(decl.projects, start=2):
        values: list[str | Decimal | int | None] = [
            p.unit.strip() or decl.department, p.name, *(p.value(f.key) for f in text_cols)]
        for c, v in enumerate(values):
            put(ws, i, c, v)
        c0 = len(values)
        for k, r in enumerate(annual.rows):
            put(ws, i, c0 + k, in_unit(p.funding.get(r.key), unit), align=_RIGHT,
                number_format=AMOUNT_FORMAT)
        put(ws, i, c0 + len(annual.rows), len(p.indicators), align=_CENTER)
        put(ws, i, c0 + len(annual.rows) + 1, checks[i - 2].label if checks else "",
            align=_CENTER)


def _units(ws: Worksheet, decl: Declaration, template: Template,
           checks: Sequence[ProjectCheck] | None) -> None:
    """单位汇总: one row per declaring unit and a 合计 row (the roll-up's 汇总表)."""
    annual = template.shape.annual_side
    unit = template.shape.amount_unit
    headers = ["单位", "项目数", *(f"{r.name}({unit})" for r in annual.rows), "指标数", "预审",
               "未解决的错误"]
    _table(ws, headers, [30, 8, *(16 for _ in annual.rows), 8, 10, 12])
    for i, u in enumerate(unit_rows(decl, [r.key for r in annual.rows]), start=2):
        bold = _BOLD if u.is_total else _FONT
        put(ws, i, 0, u.unit, font=bold)
        put(ws, i, 1, len(u.indices), align=_CENTER, font=bold)
        for c, amount in enumerate(u.amounts, start=2):
            put(ws, i, c, in_unit(amount, unit), align=_RIGHT, font=bold, number_format=AMOUNT_FORMAT)
        c = 2 + len(u.amounts)
        put(ws, i, c, u.indicators, align=_CENTER, font=bold)
        label, errors = u.grade(checks)
        put(ws, i, c + 1, label, align=_CENTER, font=bold)
        put(ws, i, c + 2, errors, align=_CENTER, font=bold)


def _detail(ws: Worksheet, decl: Declaration) -> None:
    _table(ws, DETAIL_HEADERS, [30, 12, 16, 30, 9, 12, 10, 16])
    row = 2
    for p in decl.projects:
        for ind in p.indicators:
            t = ind.parsed
            op = ASCII_OPERATOR.get(t.operator, t.operator) if t.operator else ""
            number = t.number if t.is_quantitative else None
            cells: list[str | Decimal | None] = [
                p.name, ind.level1, ind.level2, ind.name, op if t.is_quantitative else "",
                number, t.unit if t.is_quantitative else "", ind.target]
            for c, v in enumerate(cells):
                put(ws, row, c, v, align=_RIGHT if c == 5 else _LEFT)
            row += 1


def _data(ws: Worksheet, decl: Declaration) -> None:
    text = dumps(decl, now_stamp())
    ws.cell(row=1, column=1).value = DATA_MARK
    ws.cell(row=2, column=1).value = DATA_VERSION
    for k in range(0, len(text), CHUNK):
        cell = ws.cell(row=3 + k // CHUNK, column=1)
        cell.value = safe_text(text[k:k + CHUNK])
        cell.data_type = "s"
    ws.sheet_state = "hidden"


# ---------------------------------------------------------------- the workbook

def workbook_bytes(decl: Declaration, template: Template,
                   checks: Sequence[ProjectCheck] | None = None,
                   step: Callable[[int, int], None] | None = None) -> bytes:
    """The whole workbook as .xlsx bytes; ``checks`` are the checker's verdicts per project
    (预审, 未解决的错误; blank without them). ``step(done, total)`` is called after each
    project's sheet and before saving; it may raise to stop (nothing is written)."""
    tick = step or (lambda done, total: None)
    total = len(decl.projects) + 2
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    writer = ProjectSheet(decl, template)
    taken: set[str] = set()
    for n, project in enumerate(decl.projects, start=1):
        tick(n - 1, total)
        writer.write(wb.create_sheet(sheet_title(n, project.name, taken)), project, n)
    tick(len(decl.projects), total)
    _summary(wb.create_sheet(SUMMARY_SHEET), decl, template, checks)
    _units(wb.create_sheet(UNITS_SHEET), decl, template, checks)
    _detail(wb.create_sheet(DETAIL_SHEET), decl)
    _data(wb.create_sheet(DATA_SHEET), decl)
    if not decl.projects:
        wb.active = 0
    tick(len(decl.projects) + 1, total)
    out = io.BytesIO()
    wb.save(out)
    tick(total, total)
    return out.getvalue()


def write_workbook(decl: Declaration, template: Template, path: Path,
                   checks: Sequence[ProjectCheck] | None = None,
                   step: Callable[[int, int], None] | None = None) -> Path:
    """Write the workbook atomically (:func:`g60desk.fileio.write_output`): built in memory
    first, so a ``step`` that stops it leaves no file; ``FileWriteError``."""
    target = fileio.output_target(path)   # a bad name is refused before the work
    return fileio.write_output(target, workbook_bytes(decl, template, checks, step))
