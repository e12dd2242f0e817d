"""The 监控 and 自评 tabs of the project editor (docs/cycle.md).

监控: the cut-off month, the budget block with the spending-pace light, the
project's 偏差原因 / 改进措施, and per indicator 当前完成值, 完成可能性, 偏差原因,
改进措施. 自评: the money block with 执行率 and its score, 实际完成情况, and per
indicator 实际完成值, 分值, 得分, 偏差原因分析及改进措施, with 总分 and the grade.
Both list the form's scored indicators against their approved targets; every
keystroke goes into the project and scores are recomputed at once.
"""

from __future__ import annotations

import tkinter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import ClassVar

import ttkbootstrap as ttk

from g60desk.domain import scoring
from g60desk.domain.cycle import CAUSE_CATEGORIES, LIKELIHOODS, Evaluation, Monitoring
from g60desk.domain.model import Declaration, Indicator, Project
from g60desk.domain.money import format_yuan, try_parse_money
from g60desk.formspec.sheets import scoring_for
from g60desk.formspec.spec import Template
from g60desk.ui.widgets import ERROR, ChoiceField, EntryField

Notify = Callable[[str], None]
LIGHT_STYLES = {"green": "success", "yellow": "warning", "red": "danger"}


def _number(text: str) -> tuple[Decimal | None, str | None]:
    s = text.strip()
    if not s:
        return None, None
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None, f"“{s}”不是数字。"
    if not value.is_finite() or value < 0 or value > 100:
        return None, "分值和得分应在 0 到 100 之间。"
    return value, None


def _two(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


class _Tab:
    """Shared: a frame, entries with messages, the scored indicator rows and a tree."""

    def __init__(self, parent: tkinter.Misc, template: Template, notify: Notify) -> None:
        self.template = template
        self.shape = template.shape
        self.notify = notify
        self.project: Project | None = None
        self.declaration: Declaration | None = None
        self.fields: dict[str, EntryField] = {}
        self.messages: dict[str, ttk.Label] = {}
        self.findings: dict[str, tuple[str, str]] = {}
        self.typed_errors: set[str] = set()
        self._msg_frames: dict[str, ttk.Frame] = {}
        self._loading = False
        self.frame = ttk.Frame(parent, padding=(10, 8))
        self.frame.columnconfigure(0, weight=1)

    def block(self, parent: tkinter.Misc, row: int,
              text: str | None = None) -> ttk.Frame | ttk.Labelframe:
        """A block of fields: three label/entry pairs to a line, messages below."""
        if text:
            labelled = ttk.Labelframe(parent, text=text, padding=(10, 4))
            labelled.grid(row=row, column=0, sticky="ew")
            box: ttk.Frame | ttk.Labelframe = labelled
        else:
            plain = ttk.Frame(parent)
            plain.grid(row=row, column=0, sticky="ew")
            box = plain
        for c in (1, 3, 5):
            box.columnconfigure(c, weight=1, uniform="entries")
        msgs = ttk.Frame(box)
        msgs.grid(row=99, column=0, columnspan=6, sticky="w")
        self._msg_frames[str(box)] = msgs
        return box

    def entry(self, parent: tkinter.Misc, key: str, label: str, row: int, col: int,
              width: int = 16, combo: tuple[str, ...] | None = None, span: int = 1) -> EntryField:
        ttk.Label(parent, text=label).grid(row=row, column=col, sticky="w", padx=(0, 6), pady=2)
        if combo is not None:
            combo_box = ttk.Combobox(parent, width=width)
            combo_box.grid(row=row, column=col + 1, columnspan=span, sticky="ew", pady=2,
                           padx=(0, 12))
            field: EntryField = ChoiceField(key, combo_box, self._changed, combo)
        else:
            entry = ttk.Entry(parent, width=width)
            entry.grid(row=row, column=col + 1, columnspan=span, sticky="ew", pady=2,
                       padx=(0, 12))
            field = EntryField(key, entry, self._changed)
        # Messages take no room while empty (packed below the block when shown).
        msg = ttk.Label(self._msg_frames[str(parent)], text="", bootstyle="danger",
                        wraplength=700, justify="left")
        self.fields[key] = field
        self.messages[key] = msg
        return field

    def make_tree(self, columns: dict[str, tuple[str, int]]) -> ttk.Treeview:
        box = ttk.Frame(self.frame)
        box.grid(row=2, column=0, sticky="nsew", pady=(6, 4))
        box.columnconfigure(0, weight=1)
        box.rowconfigure(0, weight=1)
        self.frame.rowconfigure(2, weight=1)
        tree = ttk.Treeview(box, columns=tuple(columns), show="headings", height=5,
                            selectmode="browse")
        for key, (title, width) in columns.items():
            tree.heading(key, text=title)
            tree.column(key, width=width, stretch=key in ("name", "deviation", "measures"))
        tree.grid(row=0, column=0, sticky="nsew")
        bar = ttk.Scrollbar(box, orient="vertical", command=tree.yview)
        bar.grid(row=0, column=1, sticky="ns")
        tree.configure(yscrollcommand=bar.set)
        tree.bind("<<TreeviewSelect>>", lambda e: self._load_row(), add="+")
        tree.tag_configure(ERROR, foreground="#c0392b")
        return tree

    @property
    def rows(self) -> list[tuple[int, Indicator]]:
        return self.shape.rules_indicators(self.project) if self.project is not None else []

    def selected(self) -> int | None:
        sel = self.tree.selection()
        return int(sel[0]) if sel else None

    def select(self, index: int) -> None:
        iid = str(index)
        if self.tree.exists(iid):
            self.tree.selection_set(iid)
            self.tree.focus(iid)
            self.tree.see(iid)
            self._load_row()

    def focus_key(self, key: str) -> None:
        """Focus the field of a finding path's tail (``monitoring.month``,
        ``indicators[3].progress.cause``, ``indicators[3].actual``)."""
        if key.startswith("indicators["):
            index = int(key[len("indicators["):key.index("]")])
            self.select(index)
            attr = key[key.index("]") + 2:]
            key = f"row.{attr.split('.')[-1]}"
        f = self.fields.get(key)
        if f is not None:
            f.focus()

    def load(self, decl: Declaration | None, project: Project | None) -> None:
        self.declaration, self.project = decl, project
        self._loading = True
        try:
            self._load_fields()
        finally:
            self._loading = False
        self.refresh()
        rows = self.rows
        if rows:
            self.select(rows[0][0])
        else:
            self._load_row()

    def refresh(self) -> None:
        self.tree.delete(*self.tree.get_children())
        for j, ind in self.rows:
            self.tree.insert("", "end", iid=str(j), values=self._values(j, ind))
        self.update_figures()

    def refresh_row(self, j: int) -> None:
        if self.project is not None and self.tree.exists(str(j)):
            self.tree.item(str(j), values=self._values(j, self.project.indicators[j]))

    def show_findings(self, found: dict[str, tuple[str, str]]) -> None:
        """The checker's findings on this tab, by key (``monitoring.month``,
        ``indicators[3].progress.cause``): beside the field, and marked rows."""
        self.findings = found
        marked = {k[len("indicators["):k.index("]")] for k in found if k.startswith("indicators[")}
        for iid in self.tree.get_children():
            self.tree.item(iid, tags=(ERROR,) if iid in marked else ())
        for key in self.fields:
            if not key.startswith("row.") and key not in self.typed_errors:
                hit = found.get(key)
                self._show(key, hit[1] if hit else None, hit[0] if hit else None)
        self._show_row_findings()

    def _show_row_findings(self) -> None:
        j = self.selected()
        for key in self.fields:
            if not key.startswith("row.") or key in self.typed_errors:
                continue
            attr = key[4:]
            hit = None
            if j is not None:
                for k, v in self.findings.items():
                    if k.startswith(f"indicators[{j}].") and k.split(".")[-1] == attr:
                        hit = v
            self._show(key, hit[1] if hit else None, hit[0] if hit else None)

    def _show(self, key: str, message: str | None, level: str | None) -> None:
        label = self.messages.get(key)
        if label is not None:
            label.configure(text=message or "",
                            bootstyle="danger" if level in (None, ERROR) else "warning")
            if message:
                label.pack(anchor="w")
            else:
                label.pack_forget()
        f = self.fields.get(key)
        if f is not None:
            f.set_problem(level if message else None)

    def show_message(self, key: str, message: str | None) -> None:
        """A typing mistake (not a number, a month of 13) beside the field."""
        if message:
            self.typed_errors.add(key)
        else:
            self.typed_errors.discard(key)
        self._show(key, message, ERROR)

    def _load_row(self) -> None:
        j = self.selected()
        ind = self.project.indicators[j] if self.project is not None and j is not None else None
        self._loading = True
        try:
            self._load_row_fields(ind)
        finally:
            self._loading = False
        state = "normal" if ind is not None else "disabled"
        for key, f in self.fields.items():
            if key.startswith("row."):
                f.widget.configure(state=state)
                self.typed_errors.discard(key)
        self._show_row_findings()

    def _changed(self, key: str, text: str) -> None:
        if self._loading or self.project is None:
            return
        if key.startswith("row."):
            j = self.selected()
            if j is None:
                return
            error = self._apply_row(self.project.indicators[j], key[4:], text)
            self.refresh_row(j)
        else:
            error = self._apply(self.project, key, text)
        self.show_message(key, error)
        self.update_figures()
        self.notify(f"indicators.{key}")

    # Filled in by the two tabs.
    columns: ClassVar[dict[str, tuple[str, int]]]
    tree: ttk.Treeview

    def _values(self, j: int, ind: Indicator) -> tuple[str, ...]:
        raise NotImplementedError

    def _load_fields(self) -> None:
        raise NotImplementedError

    def _load_row_fields(self, ind: Indicator | None) -> None:
        raise NotImplementedError

    def _apply(self, p: Project, key: str, text: str) -> str | None:
        raise NotImplementedError

    def _apply_row(self, ind: Indicator, attr: str, text: str) -> str | None:
        raise NotImplementedError

    def update_figures(self) -> None:
        raise NotImplementedError


class MonitoringTab(_Tab):
    columns: ClassVar[dict[str, tuple[str, int]]] = {"name": ("三级指标", 220), "target": ("年度指标值", 90),
               "current": ("当前完成值", 90), "likelihood": ("完成可能性", 90),
               "cause": ("偏差原因", 150), "measures": ("改进措施", 150)}

    def __init__(self, parent: tkinter.Misc, template: Template, notify: Notify) -> None:
        super().__init__(parent, template, notify)
        top = self.block(self.frame, 0, "预算执行情况(元)")
        self.entry(top, "monitoring.month", "截止月份(1-X月)", 0, 0, width=6)
        self.entry(top, "monitoring.budget_adjusted", "调整后预算数", 0, 2)
        self.entry(top, "monitoring.executed_to_date", "1-X月执行数", 0, 4)
        self.entry(top, "monitoring.forecast", "全年预计执行数", 1, 0)
        self.entry(top, "monitoring.category", "偏差原因类别", 1, 2, width=8, combo=CAUSE_CATEGORIES)
        self.entry(top, "monitoring.cause", "偏差原因", 1, 4, width=20)
        self.entry(top, "monitoring.measures", "改进措施", 2, 0, width=20, span=5)
        self.pace_label = ttk.Label(top, text="", font=("", 10, "bold"))
        self.pace_label.grid(row=3, column=0, columnspan=6, sticky="w")
        ttk.Label(self.frame, text="各指标(与已批复的指标值比较):", bootstyle="secondary").grid(
            row=1, column=0, sticky="w", pady=(6, 0))
        self.tree = self.make_tree(self.columns)
        strip = self.block(self.frame, 3)
        self.entry(strip, "row.current", "当前完成值", 0, 0, width=12)
        self.entry(strip, "row.likelihood", "完成可能性", 0, 2, width=10, combo=LIKELIHOODS)
        self.entry(strip, "row.category", "偏差原因类别", 0, 4, width=8, combo=CAUSE_CATEGORIES)
        self.entry(strip, "row.cause", "偏差原因", 1, 0, width=20)
        self.entry(strip, "row.measures", "改进措施", 1, 2, width=20, span=3)

    def _values(self, j: int, ind: Indicator) -> tuple[str, ...]:
        pr = ind.progress
        cause = (f"【{pr.cause.category}】" if pr.cause.category else "") + pr.cause.text
        return (ind.name, ind.reference_target, pr.current, pr.likelihood, cause, pr.measures)

    def _load_fields(self) -> None:
        m = self.project.monitoring if self.project is not None else None
        m = m or Monitoring()
        values = {"monitoring.month": str(m.month) if self.project is not None else "",
                  "monitoring.budget_adjusted": format_yuan(m.budget_adjusted),
                  "monitoring.executed_to_date": format_yuan(m.executed_to_date),
                  "monitoring.forecast": format_yuan(m.forecast),
                  "monitoring.category": m.cause.category, "monitoring.cause": m.cause.text,
                  "monitoring.measures": m.measures}
        for key, text in values.items():
            self.fields[key].set(text)
            self.show_message(key, None)

    def _load_row_fields(self, ind: Indicator | None) -> None:
        pr = ind.progress if ind is not None else None
        for key, text in (("row.current", pr.current if pr else ""),
                          ("row.likelihood", pr.likelihood if pr else ""),
                          ("row.category", pr.cause.category if pr else ""),
                          ("row.cause", pr.cause.text if pr else ""),
                          ("row.measures", pr.measures if pr else "")):
            self.fields[key].set(text)

    def _apply(self, p: Project, key: str, text: str) -> str | None:
        if p.monitoring is None:
            p.monitoring = Monitoring()
        m = p.monitoring
        attr = key.split(".", 1)[1]
        if attr == "month":
            s = text.strip()
            if not s.isdigit() or not 1 <= int(s) <= 12:
                return "截止月份应为 1 到 12 的整数。"
            m.month = int(s)
            return None
        if attr in ("budget_adjusted", "executed_to_date", "forecast"):
            value, error = try_parse_money(text) if text.strip() else (None, None)
            setattr(m, attr, value)
            return error
        if attr == "category":
            m.cause.category = text.strip()
        elif attr == "cause":
            m.cause.text = text
        else:
            m.measures = text
        return None

    def _apply_row(self, ind: Indicator, attr: str, text: str) -> str | None:
        pr = ind.progress
        if attr == "category":
            pr.cause.category = text.strip()
        elif attr == "cause":
            pr.cause.text = text
        elif attr == "likelihood":
            pr.likelihood = text.strip()
        else:
            setattr(pr, attr, text)
        return None

    def update_figures(self) -> None:
        if self.project is None:
            self.pace_label.configure(text="")
            return
        pace = scoring.project_pace(self.project, self.shape)
        if pace.pace is None:
            self.pace_label.configure(text="执行进度:填写执行数和预算数后计算", bootstyle="secondary")
            return
        light = pace.light or "red"
        self.pace_label.configure(
            text=f"1-{pace.month}月执行率 {_two(scoring.percent(pace.rate))}%,执行进度 "
                 f"{_two(pace.pace)}:{scoring.LIGHT_LABELS[light]}",
            bootstyle=LIGHT_STYLES[light])

    @property
    def light(self) -> str | None:
        return scoring.project_pace(self.project, self.shape).light if self.project else None


class EvaluationTab(_Tab):
    columns: ClassVar[dict[str, tuple[str, int]]] = {"name": ("三级指标", 220), "target": ("年度指标值", 90),
               "actual": ("实际完成值", 90), "weight": ("分值", 60), "score": ("得分", 60),
               "deviation": ("偏差原因分析及改进措施", 200)}

    def __init__(self, parent: tkinter.Misc, template: Template, notify: Notify) -> None:
        super().__init__(parent, template, notify)
        self.result: scoring.ProjectScore | None = None
        top = self.block(self.frame, 0, "资金情况(元)")
        self.entry(top, "evaluation.budget_initial", "年初预算数", 0, 0)
        self.entry(top, "evaluation.budget_full_year", "全年预算数", 0, 2)
        self.entry(top, "evaluation.executed", "全年执行数", 0, 4)
        self.entry(top, "evaluation.execution_weight", "执行率分值", 1, 0, width=6)
        self.entry(top, "evaluation.achieved", "实际完成情况", 1, 2, width=30, span=3)
        self.score_label = ttk.Label(top, text="", font=("", 10, "bold"))
        self.score_label.grid(row=2, column=0, columnspan=6, sticky="w")
        ttk.Label(self.frame, text="各指标(与已批复的指标值比较;定性指标按达成情况填写得分):",
                  bootstyle="secondary").grid(row=1, column=0, sticky="w", pady=(6, 0))
        self.tree = self.make_tree(self.columns)
        strip = self.block(self.frame, 3)
        self.entry(strip, "row.actual", "实际完成值", 0, 0, width=12)
        self.entry(strip, "row.weight", "分值", 0, 2, width=6)
        self.entry(strip, "row.score", "得分(定性)", 0, 4, width=6)
        self.entry(strip, "row.deviation", "偏差原因及改进措施", 1, 0, width=40, span=5)

    def _values(self, j: int, ind: Indicator) -> tuple[str, ...]:
        s = next((x for x in self.result.indicators if x.index == j), None) \
            if self.result is not None else None
        score = _two(s.score) if s is not None and s.score is not None else "未计分"
        return (ind.name, ind.reference_target, ind.result.actual,
                _two(s.weight) if s else _two(ind.result.weight), score, ind.result.deviation)

    def refresh(self) -> None:
        self._compute()
        super().refresh()

    def _compute(self) -> None:
        if self.project is None or self.declaration is None:
            self.result = None
            return
        self.result = scoring.project_score(self.project, self.shape,
                                            scoring_for(self.declaration.template))

    def _load_fields(self) -> None:
        e = self.project.evaluation if self.project is not None else None
        e = e or Evaluation()
        for key, text in (("evaluation.budget_initial", format_yuan(e.budget_initial)),
                          ("evaluation.budget_full_year", format_yuan(e.budget_full_year)),
                          ("evaluation.executed", format_yuan(e.executed)),
                          ("evaluation.execution_weight", _two(e.execution_weight)),
                          ("evaluation.achieved", e.achieved)):
            self.fields[key].set(text)
            self.show_message(key, None)

    def _load_row_fields(self, ind: Indicator | None) -> None:
        r = ind.result if ind is not None else None
        for key, text in (("row.actual", r.actual if r else ""),
                          ("row.weight", _two(r.weight) if r else ""),
                          ("row.score", _two(r.score) if r else ""),
                          ("row.deviation", r.deviation if r else "")):
            self.fields[key].set(text)

    def _apply(self, p: Project, key: str, text: str) -> str | None:
        if p.evaluation is None:
            p.evaluation = Evaluation()
        e = p.evaluation
        attr = key.split(".", 1)[1]
        if attr == "achieved":
            e.achieved = text
            return None
        if attr == "execution_weight":
            e.execution_weight, error = _number(text)
            return error
        value, error = try_parse_money(text) if text.strip() else (None, None)
        setattr(e, attr, value)
        return error

    def _apply_row(self, ind: Indicator, attr: str, text: str) -> str | None:
        r = ind.result
        if attr in ("weight", "score"):
            value, error = _number(text)
            setattr(r, attr, value)
            return error
        setattr(r, attr, text)
        return None

    def update_figures(self) -> None:
        self._compute()
        for j, _ in self.rows:
            self.refresh_row(j)
        s = self.result
        if s is None:
            self.score_label.configure(text="")
            return
        rate = f"{_two(scoring.percent(s.execution_rate))}%" if s.execution_rate is not None \
            else "—"
        self.score_label.configure(
            text=f"预算执行率 {rate},得分 {_two(s.execution_score)};"
                 f"总分 {_two(s.total)}(分值合计 {_two(s.weight_total)}),等级 {s.grade}")

    @property
    def grade(self) -> str | None:
        return self.result.grade if self.result is not None else None
