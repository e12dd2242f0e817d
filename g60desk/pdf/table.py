"""The 财政项目支出绩效目标填报表 of one project, laid out on a :class:`FormGrid`.

Six columns (points; the frame width is shared out)::

    c0 block | c1 一级 | c2 二级 | c3 三级 ………… | c4 ………… | c5 指标值

Rows, top to bottom, as on the paper form:

* label | value | label | value: 项目名称 / 项目类别 (or 项目名称 alone, then
  项目性质 / 项目类别 when the template has both), 主管部门 / 实施单位,
  计划开始日期 / 计划完成日期;
* 项目资金(元), merged down four rows; left the whole project (项目资金总额,
  其中:财政资金 merged over two rows, 其他资金), right this year (年度资金申请总额,
  其中:当年财政拨款, 上年结转资金, 其他资金);
* 项目绩效目标, merged down: 项目总目标 beside 年度总目标, then the two texts;
* 绩效指标, merged down: the header 一级/二级/三级/指标值, then one row per
  indicator with 一级 and 二级 merged down over their rows.

Labels, headers and the value style all come from the template.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.platypus import Flowable

from g60desk.domain.dates import format_date
from g60desk.domain.model import Declaration, Indicator, Project
from g60desk.domain.money import format_yuan
from g60desk.domain.targets import render_target
from g60desk.formspec import Template
from g60desk.pdf.grid import GridBuilder, TextStyle
from g60desk.pdf.styles import WU_HAO
from g60desk.pdf.text import TextWriter, clean

KIND_FIELDS = ("category", "nature")
# Fixed columns (points); c3 and c4 share what is left of the frame width.
C0_BLOCK, C1_LEVEL1, C2_LEVEL2, C5_VALUE = 32.0, 64.0, 72.0, 100.0
CELL_LEADING = 14.5


def column_widths(total: float) -> list[float]:
    rest = total - (C0_BLOCK + C1_LEVEL1 + C2_LEVEL2 + C5_VALUE)
    return [C0_BLOCK, C1_LEVEL1, C2_LEVEL2, rest / 2, rest / 2, C5_VALUE]


def group_indicators(indicators: Sequence[Indicator],
                     template: Template) -> list[tuple[str, list[tuple[str, list[Indicator]]]]]:
    """一级 → 二级 → rows, in the template's order; unknown names follow in the order
    first seen; rows keep their order inside a group (stable)."""
    l1_rank = {lv.name: i for i, lv in enumerate(template.level1)}
    first_seen: dict[str, int] = {}
    groups: dict[str, dict[str, list[Indicator]]] = {}
    for ind in indicators:
        l1, l2 = ind.level1.strip(), ind.level2.strip()
        first_seen.setdefault(l1, len(first_seen))
        groups.setdefault(l1, {}).setdefault(l2, []).append(ind)

    def l1_key(name: str) -> tuple[int, int]:
        return (l1_rank[name], 0) if name in l1_rank else (len(l1_rank), first_seen[name])

    out = []
    for l1 in sorted(groups, key=l1_key):
        l2_rank = {n: i for i, n in enumerate(template.level2_names(l1))}
        order = list(groups[l1])
        l2_sorted = sorted(order, key=lambda n: (l2_rank.get(n, len(l2_rank)), order.index(n)))
        out.append((l1, [(l2, groups[l1][l2]) for l2 in l2_sorted]))
    return out


class TargetTable:
    """Builds the grid of one project's 填报表."""

    def __init__(self, decl: Declaration, template: Template, writer: TextWriter,
                 font: str, width: float) -> None:
        self.decl = decl
        self.tpl = template
        self.w = writer
        self.widths = column_widths(width)
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

    # ---------------------------------------------------------------- helpers

    def _text(self, g: GridBuilder, row: int, col: int, text: str, style: TextStyle,
              field: str, **span: int | str | bool) -> None:
        text = clean(text)
        self.w.check(text, style.font, field)
        g.put(row, col, text, style, **span)  # type: ignore[arg-type]

    def _label(self, g: GridBuilder, row: int, col: int, text: str, **span: int) -> None:
        self._text(g, row, col, text, self.center, "表格标签", repeat=True, **span)

    def _field_text(self, project: Project, key: str) -> str:
        if key == "start":
            return format_date(project.start, self.tpl.date_style)
        if key == "end":
            return format_date(project.end, self.tpl.date_style)
        value: str = getattr(project, key)
        return value.strip()

    # ---------------------------------------------------------------- parts

    def _fields(self, g: GridBuilder, project: Project, where: str) -> None:
        tpl = self.tpl

        # The label/value rows and the funding block stay together on one page.
        def pair(left: str, right: str | None) -> None:
            r = g.add_row(keep_with_next=True)
            self._label(g, r, 0, tpl.label(left), to_col=1)
            style = self.center if left in ("start", "end") else self.left
            if right is None:
                self._text(g, r, 2, self._field_text(project, left), style,
                           where + tpl.label(left), to_col=5)
                return
            self._text(g, r, 2, self._field_text(project, left), style,
                       where + tpl.label(left), to_col=3)
            self._label(g, r, 4, tpl.label(right))
            style = self.center if right in ("start", "end") else self.left
            self._text(g, r, 5, self._field_text(project, right), style,
                       where + tpl.label(right))

        kinds = [f.key for f in tpl.fields if f.key in KIND_FIELDS]
        if len(kinds) == 1:
            pair("name", kinds[0])
        else:
            pair("name", None)
            if kinds:
                pair(kinds[0], kinds[1])
        pair("department", "implementer")
        pair("start", "end")

    def _funding(self, g: GridBuilder, project: Project, where: str) -> None:
        labels = self.tpl.funding_labels
        f = project.funding
        top = g.add_row(keep_with_next=True)
        g.add_row(keep_with_next=True)
        g.add_row(keep_with_next=True)
        g.add_row()
        self._label(g, top, 0, self.tpl.text["funding_block"], to_row=top + 3)

        def money(row: int, key: str, *, left: bool, to_row: int | None = None) -> None:
            label_col, value_col = (1, 3) if left else (4, 5)
            span: dict[str, int] = {"to_row": to_row} if to_row is not None else {}
            self._label(g, row, label_col, labels[key], **span,
                        **({"to_col": 2} if left else {}))
            value: Decimal | None = f.get(key)
            self._text(g, row, value_col, format_yuan(value), self.right,
                       where + labels[key], **span)

        money(top, "total", left=True)
        money(top + 1, "total_fiscal", left=True, to_row=top + 2)
        money(top + 3, "total_other", left=True)
        money(top, "annual", left=False)
        money(top + 1, "annual_appropriation", left=False)
        money(top + 2, "annual_carryover", left=False)
        money(top + 3, "annual_other", left=False)

    def _goals(self, g: GridBuilder, project: Project, where: str) -> None:
        tpl = self.tpl
        start_year = project.start.year if project.start else self.decl.year
        end_year = project.end.year if project.end else start_year
        overall = tpl.text["overall_goal"].format(start_year=start_year, end_year=end_year)
        annual = tpl.text["annual_goal"]
        head = g.add_row(is_header=True)
        body = g.add_row(header=head)
        self._label(g, head, 0, tpl.text["goals_block"], to_row=body)
        self._label(g, head, 1, overall, to_col=3)
        self._label(g, head, 4, annual, to_col=5)
        self._text(g, body, 1, project.overall_goal.strip(), self.left, where + overall,
                   to_col=3, valign="top")
        self._text(g, body, 4, project.annual_goal.strip(), self.left, where + annual,
                   to_col=5, valign="top")

    def _indicators(self, g: GridBuilder, project: Project, where: str) -> None:
        tpl = self.tpl
        head = g.add_row(is_header=True)
        self._label(g, head, 1, tpl.text["level1_header"])
        self._label(g, head, 2, tpl.text["level2_header"])
        self._label(g, head, 3, tpl.text["name_header"], to_col=4)
        self._label(g, head, 5, tpl.text["target_header"])
        row_no = 0
        last = head
        for l1, level2_groups in group_indicators(project.indicators, tpl):
            l1_top = last + 1
            for l2, rows in level2_groups:
                l2_top = last + 1
                for ind in rows:
                    row_no += 1
                    last = g.add_row(header=head)
                    self._text(g, last, 3, ind.name.strip(), self.left,
                               f"{where}{tpl.text['name_header']}(第{row_no}行)", to_col=4)
                    self._text(g, last, 5, render_target(ind.target, tpl.value_style),
                               self.center, f"{where}{tpl.text['target_header']}(第{row_no}行)")
                self._text(g, l2_top, 2, l2, self.center, where + tpl.text["level2_header"],
                           to_row=last, repeat=True)
            self._text(g, l1_top, 1, l1, self.center, where + tpl.text["level1_header"],
                       to_row=last, repeat=True)
        if not row_no:  # an empty row to fill in by hand
            last = g.add_row(header=head)
        self._label(g, head, 0, tpl.text["indicators_block"], to_row=last)
