"""The year's printed sheets: 绩效目标执行监控表 and 财政项目支出绩效自评表.

One sheet per project, A4 landscape, in the declaration's type (五号宋体 cells, 黑体
titles) on the same ruled :class:`~g60desk.pdf.grid.FormGrid` and page furniture
(草稿 watermark when the caller counts errors, 第X页 共Y页). What is printed comes
from the sheet file (``forms/*.toml`` with ``[sheet]``): the title, the labels and
the indicator columns with their widths. Indicators are those of the form's scored
side, compared with their approved targets; 一级/二级 cells are merged down.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable, PageBreak, Spacer

from g60desk import fileio
from g60desk.domain import scoring
from g60desk.domain.model import Declaration, Indicator, Project
from g60desk.domain.money import format_yuan
from g60desk.domain.targets import render_target
from g60desk.formspec import Template
from g60desk.formspec.sheets import SheetSpec
from g60desk.pdf.document import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    PdfError,
    PdfOptions,
    RenderResult,
    lay_out,
    selected_indices,
)
from g60desk.pdf.fonts import load_font_set
from g60desk.pdf.grid import GridBuilder, TextStyle
from g60desk.pdf.styles import WU_HAO, make_styles
from g60desk.pdf.text import TextWriter, clean, unique_fonts

PAGE = landscape(A4)
LEADING = 14.5
SHEETS = {"monitoring": "监控表", "evaluation": "自评表"}


def _two(value: Decimal | None, suffix: str = "") -> str:
    return "" if value is None else f"{value:.2f}{suffix}"


class _Sheet:
    def __init__(self, decl: Declaration, template: Template, sheet: SheetSpec,
                 writer: TextWriter, font: str, width: float) -> None:
        self.decl, self.tpl, self.sheet, self.w = decl, template, sheet, writer
        self.width = width
        self.left = TextStyle(font, WU_HAO, LEADING, "left")
        self.center = TextStyle(font, WU_HAO, LEADING, "center")
        self.right = TextStyle(font, WU_HAO, LEADING, "right")

    def put(self, g: GridBuilder, row: int, col: int, text: str, style: TextStyle,
            field: str, **span: int) -> None:
        text = clean(text)
        self.w.check(text, style.font, field)
        g.put(row, col, text, style, repeat=field == "表格标签", **span)  # type: ignore[arg-type]

    def label(self, g: GridBuilder, row: int, col: int, key: str, month: int | None = None,
              **span: int) -> None:
        self.put(g, row, col, self.sheet.label(key, month), self.center, "表格标签", **span)

    # ------------------------------------------------------------ head rows

    def header(self, p: Project, where: str) -> GridBuilder:
        """A grid of eight equal columns holding 项目名称 and 预算单位."""
        g = GridBuilder([self.width / 8] * 8)
        r = g.add_row(keep_with_next=True)
        self.label(g, r, 0, "project")
        self.put(g, r, 1, p.name, self.left, where + "项目名称", to_col=4)
        self.label(g, r, 5, "unit")
        self.put(g, r, 6, p.unit or self.decl.department, self.left, where + "预算单位", to_col=7)
        return g

    def monitoring_block(self, g: GridBuilder, p: Project, where: str) -> None:
        pace = scoring.project_pace(p, self.tpl.shape)
        m = p.monitoring
        month = pace.month
        top = g.add_row(keep_with_next=True)
        values = g.add_row(keep_with_next=True)
        self.label(g, top, 0, "budget_block", to_row=values)
        keys = ("budget_initial", "budget_adjusted", "executed_to_date", "rate", "forecast",
                "pace", "light")
        for c, key in enumerate(keys, 1):
            self.label(g, top, c, key, month)
        light = scoring.LIGHT_LABELS.get(pace.light or "", "")
        texts = (format_yuan(self.tpl.shape.annual_amount(p)),
                 format_yuan(m.budget_adjusted if m else None),
                 format_yuan(m.executed_to_date if m else None),
                 _two(scoring.percent(pace.rate), "%"), format_yuan(m.forecast if m else None),
                 _two(pace.pace), light)
        for c, text in enumerate(texts, 1):
            style = self.center if c >= 4 and c != 5 else self.right
            self.put(g, values, c, text, style, where + "预算执行情况")
        r = g.add_row()
        cause = m.cause if m else None
        cause_text = "" if cause is None else "".join(
            x for x in (f"【{cause.category}】" if cause.category else "", cause.text) if x)
        self.label(g, r, 0, "cause")
        self.put(g, r, 1, cause_text, self.left, where + "偏差原因", to_col=3)
        self.label(g, r, 4, "measures")
        self.put(g, r, 5, m.measures if m else "", self.left, where + "改进措施", to_col=7)

    def evaluation_block(self, g: GridBuilder, p: Project, where: str,
                         result: scoring.ProjectScore) -> None:
        ev = p.evaluation
        top = g.add_row(keep_with_next=True)
        self.label(g, top, 0, "money_block", to_col=1)
        for c, key in enumerate(("budget_initial", "budget_full_year", "executed", "weight",
                                 "rate", "score"), 2):
            self.label(g, top, c, key)
        r = g.add_row(keep_with_next=True)
        self.label(g, r, 0, "total_row", to_col=1)
        texts = (format_yuan(ev.budget_initial if ev else None),
                 format_yuan(ev.budget_full_year if ev else None),
                 format_yuan(ev.executed if ev else None), _two(result.execution_weight),
                 _two(scoring.percent(result.execution_rate), "%"), _two(result.execution_score))
        for c, text in enumerate(texts, 2):
            self.put(g, r, c, text, self.right if c < 5 else self.center, where + "资金情况")
        head = g.add_row(keep_with_next=True)
        body = g.add_row()
        self.label(g, head, 0, "goal_block", to_row=body)
        self.label(g, head, 1, "goal_expected", to_col=4)
        self.label(g, head, 5, "goal_achieved", to_col=7)
        goal = self.tpl.shape.goal_by_role("annual")
        expected = p.goal(goal.key) if goal is not None else ""
        self.put(g, body, 1, expected, self.left, where + "预期目标", to_col=4)
        self.put(g, body, 5, ev.achieved if ev else "", self.left, where + "实际完成情况",
                 to_col=7)

    # ------------------------------------------------------------ indicators

    def indicators(self, p: Project, where: str,
                   result: scoring.ProjectScore | None) -> GridBuilder:
        cols = self.sheet.columns
        total_w = sum(c.width for c in cols)
        g = GridBuilder([self.width * c.width / total_w for c in cols])
        month = p.monitoring.month if p.monitoring else None
        head = g.add_row(is_header=True, keep_with_next=True)
        for n, c in enumerate(cols):
            self.put(g, head, n, c.label.replace("{month}", str(month or
                                                                 self.sheet.default_month)),
                     self.center, "表格标签")
        rows = self.tpl.shape.rules_indicators(p)
        scores = {s.index: s for s in result.indicators} if result else {}
        first = len(g.rows)
        for j, ind in rows:
            r = g.add_row(header=head)
            for n, c in enumerate(cols):
                if c.key in ("level1", "level2"):
                    continue
                text, style = self.cell(c.key, ind, scores.get(j))
                self.put(g, r, n, text, style, f"{where}指标“{ind.name}”")
        for key in ("level1", "level2"):
            if any(c.key == key for c in cols):
                col = next(n for n, c in enumerate(cols) if c.key == key)
                self.merged(g, col, key, [ind for _, ind in rows], first, head, where)
        if result is not None:
            self.total_rows(g, result, where)
        return g

    def merged(self, g: GridBuilder, col: int, key: str, inds: Sequence[Indicator],
               first: int, head: int, where: str) -> None:
        """一级 (and 二级 within it) merged down over equal neighbours."""
        k = 0
        while k < len(inds):
            end = k
            while end + 1 < len(inds) and self.group(inds[end + 1], key) == \
                    self.group(inds[k], key):
                end += 1
            text = getattr(inds[k], key)
            span = {"to_row": first + end} if end > k else {}
            self.put(g, first + k, col, text, self.center, f"{where}{text}", **span)
            k = end + 1

    @staticmethod
    def group(ind: Indicator, key: str) -> tuple[str, ...]:
        return (ind.level1,) if key == "level1" else (ind.level1, ind.level2)

    def cell(self, key: str, ind: Indicator,
             s: scoring.IndicatorScore | None) -> tuple[str, TextStyle]:
        style = self.tpl.value_style
        pr, res = ind.progress, ind.result
        if key == "name":
            return ind.name, self.left
        if key == "target":
            return render_target(ind.reference_target, style), self.center
        if key == "current":
            return pr.current, self.center
        if key == "likelihood":
            return pr.likelihood, self.center
        if key == "cause":
            tag = f"【{pr.cause.category}】" if pr.cause.category else ""
            return tag + pr.cause.text, self.left
        if key == "measures":
            return pr.measures, self.left
        if key == "actual":
            return res.actual, self.center
        if key == "weight":
            return _two(s.weight if s else res.weight), self.center
        if key == "score":
            return _two(s.score if s else None), self.center
        return res.deviation, self.left

    def total_rows(self, g: GridBuilder, result: scoring.ProjectScore, where: str) -> None:
        cols = [c.key for c in self.sheet.columns]
        r = g.add_row()
        last = len(cols) - 1
        w = cols.index("weight") if "weight" in cols else None
        sc = cols.index("score") if "score" in cols else None
        if w is not None and sc is not None and 0 < w < sc:
            self.label(g, r, 0, "total", **({"to_col": w - 1} if w > 1 else {}))
            self.put(g, r, w, _two(result.weight_total), self.center, where + "总分")
            self.put(g, r, sc, _two(result.total), self.center, where + "总分")
            if sc < last:
                self.put(g, r, sc + 1, f"{self.sheet.label('grade')}:{result.grade}",
                         self.center, where + "等级", **({"to_col": last} if last > sc + 1
                                                        else {}))
        else:
            self.label(g, r, 0, "total")
            self.put(g, r, 1, f"{_two(result.total)}({self.sheet.label('grade')}:"
                     f"{result.grade})", self.left, where + "总分", to_col=last)


def render_sheet(decl: Declaration, template: Template, sheet: SheetSpec,
                 options: PdfOptions | None = None) -> RenderResult:
    """Print ``sheet`` (monitoring or evaluation) for the selected projects."""
    if sheet.kind not in SHEETS:
        raise PdfError(f"表样“{sheet.id}”不是监控表或自评表。")
    opts = options or PdfOptions()
    indices = selected_indices(decl, opts.projects)
    fonts = load_font_set(opts.fonts, opts.font_cache)
    st = make_styles(fonts)
    w = TextWriter(unique_fonts([fonts.song, fonts.fangsong, fonts.hei]))
    width = PAGE[0] - MARGIN_LEFT - MARGIN_RIGHT
    builder = _Sheet(decl, template, sheet, w, fonts.song.name, width)
    title = sheet.title.replace("{year}", str(decl.year))
    story: list[Flowable] = []
    for k, i in enumerate(indices):
        p = decl.projects[i]
        where = f"项目{i + 1}“{p.name.strip() or '未命名'}”的"
        if k:
            story.append(PageBreak())
        story.append(w.para(title, st.table_title, "模板文字"))
        month = p.monitoring.month if p.monitoring else sheet.default_month
        sub = f"(1-{month}月)" if sheet.kind == "monitoring" else f"({decl.year}年度)"
        story.append(w.para(sub, st.table_subtitle, "模板文字"))
        head = builder.header(p, where)
        result = None
        if sheet.kind == "monitoring":
            builder.monitoring_block(head, p, where)
        else:
            result = scoring.project_score(p, template.shape, sheet.scoring)
            builder.evaluation_block(head, p, where, result)
        story += [head.build(), builder.indicators(p, where, result).build(), Spacer(1, 6)]
    data, pages, draft = lay_out(story, fonts, opts, title=title, author=decl.department.strip(),
                                 subject=sheet.name, page_size=PAGE)
    return RenderResult(data=data, pages=pages, draft=draft, warnings=tuple(w.warnings))


def write_sheet(decl: Declaration, template: Template, sheet: SheetSpec, path: Path,
                options: PdfOptions | None = None) -> RenderResult:
    """Render and write ``path`` atomically, as :func:`g60desk.pdf.write_pdf` does."""
    try:
        target = fileio.output_target(path)
        result = render_sheet(decl, template, sheet, options)
        fileio.write_atomic(target, result.data)
    except fileio.FileWriteError as exc:
        raise PdfError(exc.message) from None
    return result
