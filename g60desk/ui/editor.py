"""The project editor: one tab per part of the form, all built from the template.

基本信息 (the template's fields, each by its type), 项目经费情况说明 (its
sections; the tab is left out when a form has none), 项目资金 (its funding
sides and rows, sums as you type, the other unit beside each amount), 绩效目标
(its goal slots), 绩效指标 (its indicator sides), and the year's 监控 and 自评
(:mod:`g60desk.ui.cycle`). Every keystroke goes into the project at once; the
window is told which field changed.
"""

from __future__ import annotations

import tkinter
import tkinter.font as tkfont
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ttkbootstrap as ttk

from g60desk.domain.model import Declaration, Project
from g60desk.domain.money import amount_text, format_wan, format_yuan
from g60desk.formspec.spec import Template
from g60desk.rules.findings import Finding, Severity
from g60desk.services import layout, marks
from g60desk.services import locate as loc
from g60desk.services.fields import apply_text, field_text, funding_sums, read_money
from g60desk.ui.fit import ScrollPage
from g60desk.ui.widgets import (
    ERROR,
    WARNING,
    ChoiceField,
    DateField,
    EntryField,
    Field,
    TextField,
    autowrap,
    focus_next,
)

if TYPE_CHECKING:
    from g60desk.services.library import IndicatorLibrary
    from g60desk.ui.cycle import EvaluationTab, MonitoringTab
    from g60desk.ui.indicators import IndicatorsTab

# Called with (field key, text typed, Chinese error or None); "indicators" for row changes.
Notify = Callable[[str, str, str | None], None]


@dataclass(frozen=True)
class Problem:
    """The state a field shows for a finding: error or warning, and the message."""
    level: str
    message: str


def _level(f: Finding) -> str | None:
    if f.severity is Severity.ERROR:
        return ERROR
    if f.severity is Severity.WARNING:
        return WARNING
    return None


class ProjectEditor:
    """All tabs for one template; the window keeps one per template in use."""

    def __init__(self, parent: tkinter.Misc, template: Template,
                 library: Callable[[], IndicatorLibrary | None],
                 notify: Notify, status: Callable[[str], None], *, lazy: bool = False) -> None:
        """With ``lazy``, only the 基本信息 tab is built now: the other tabs are in the
        notebook (titles and counts) but empty until :meth:`build_next` or
        :meth:`ensure` builds them (the window paints its first screen sooner)."""
        self.template = template
        self.shape = template.shape
        self.notify = notify
        self.status = status
        self.library = library
        self.project: Project | None = None
        self.declaration: Declaration | None = None
        self._raw: Callable[[str], str | None] = lambda key: None
        self.fields: dict[str, Field] = {}
        self.messages: dict[str, ttk.Label] = {}
        self._message_slots: dict[str, Callable[[], ttk.Label]] = {}
        self._loading = False
        self._enabled = True       # widgets are created enabled; load() decides
        self._building = loc.TAB_BASIC
        self._problem_keys: set[str] = set()
        self._problems: dict[str, Problem] = {}
        self._section_marks: dict[str, str] = {}
        self._shown_findings: tuple[list[Finding], int | None] = ([], None)
        self.frame = ttk.Frame(parent)
        self.frame.columnconfigure(0, weight=1)
        self.frame.rowconfigure(0, weight=1)
        self.notebook = ttk.Notebook(self.frame)
        self.notebook.grid(row=0, column=0, sticky="nsew")
        self.tabs: dict[str, ttk.Frame] = {}
        self.pages: dict[str, ScrollPage] = {}
        self.section_pages: dict[str, ttk.Frame] = {}
        self.section_counters: dict[str, ttk.Label] = {}
        self.wan_labels: dict[str, ttk.Label] = {}
        self.sum_labels: dict[str, ttk.Label] = {}
        self.goal_labels: dict[str, ttk.Label] = {}
        self.goal_counters: dict[str, ttk.Label] = {}
        overall, annual = self.shape.goal_by_role("overall"), self.shape.goal_by_role("annual")
        # The “same as the annual goal” box: only where the form has both goals.
        self.same_pair = (overall.key, annual.key) if overall and annual else None
        self.same_var = tkinter.BooleanVar(master=self.frame, value=False)
        self.same_check: ttk.Checkbutton | None = None
        self.cycle_tabs: dict[str, Any] = {}      # the 监控 / 自评 tabs built so far
        self._indicators: IndicatorsTab | None = None
        # Every tab, in the form's order: (key, builder, whether its page scrolls).
        builders: list[tuple[str, Callable[[], None], bool]] = [
            (loc.TAB_BASIC, self._build_basic, True)]
        if template.sections:
            builders.append((loc.TAB_SECTIONS, self._build_sections, False))
        builders += [(loc.TAB_FUNDING, self._build_funding, True),
                     (loc.TAB_GOALS, self._build_goals, False),
                     (loc.TAB_INDICATORS, self._build_indicators, True),
                     (loc.TAB_MONITORING, self._build_monitoring, True),
                     (loc.TAB_EVALUATION, self._build_evaluation, True)]
        self._builders = {key: build for key, build, _ in builders}
        # A scrolling tab gets its page (canvas, scrollbars) when it is built: until
        # then the notebook holds an empty frame (four widgets fewer on the first screen
        # for each tab not yet built).
        self._scrolling = {key for key, _, scroll in builders if scroll}
        for key, _, _ in builders:
            tab = ttk.Frame(self.notebook)
            tab.rowconfigure(0, weight=1)
            tab.columnconfigure(0, weight=1)
            self.tabs[key] = tab
            self.notebook.add(tab, text=loc.tab_title(key, template), padding=0)
        self.tab_counts: dict[str, int] = dict.fromkeys(loc.PROJECT_TABS, 0)
        # Tabs still to build, in the order the deferred building takes them.
        self.pending: list[str] = [key for key, _, _ in builders]
        self.notebook.bind("<<NotebookTabChanged>>", lambda e: self.ensure(self.current_tab()),
                           add="+")
        self.ensure(loc.TAB_BASIC)
        if not lazy:
            self.complete()

    # ------------------------------------------------------------ deferred tabs

    def ensure(self, key: str) -> bool:
        """Build tab ``key`` now if it is not built yet (True if it was built now), and
        show the current project, its state and its problems in it."""
        if key not in self.pending:
            return False
        self.pending.remove(key)
        if key in self._scrolling:
            self.pages[key] = ScrollPage(self.notebook, frame=self.tabs[key])
        before = set(self.fields) | set(self.messages)
        self._building = key
        self._builders[key]()
        new = (set(self.fields) | set(self.messages)) - before
        self._load_fields([k for k in self.fields if k in new])
        if key == loc.TAB_INDICATORS and self._indicators is not None:
            self._indicators.load(self.project, self.declaration)
        if key in self.cycle_tabs:
            self.cycle_tabs[key].load(self.declaration, self.project)
        if key == loc.TAB_SECTIONS:
            self._section_marks.clear()
        self._enable_fields([k for k in self.fields if k in new], self._enabled)
        for k in new:
            self._problems.pop(k, None)
        findings, index = self._shown_findings
        self.show_problems(findings, index)
        return True

    def build_next(self) -> bool:
        """Build one more pending tab (the deferred building's step); False when none is left."""
        if not self.pending:
            return False
        self.ensure(self.pending[0])
        return bool(self.pending)

    def complete(self) -> None:
        """Build every tab still pending."""
        while self.pending:
            self.ensure(self.pending[0])

    @property
    def indicators(self) -> IndicatorsTab:
        self.ensure(loc.TAB_INDICATORS)
        assert self._indicators is not None
        return self._indicators

    @property
    def monitoring(self) -> MonitoringTab:
        self.ensure(loc.TAB_MONITORING)
        return self.cycle_tabs[loc.TAB_MONITORING]  # type: ignore[no-any-return]

    @property
    def evaluation(self) -> EvaluationTab:
        self.ensure(loc.TAB_EVALUATION)
        return self.cycle_tabs[loc.TAB_EVALUATION]  # type: ignore[no-any-return]

    def _page(self, scroll: bool = True) -> tkinter.Misc:
        """The parent of the tab's content being built: the canvas of its scrolling page,
        or the tab itself (tabs of text boxes, which shrink well, do not scroll)."""
        key = self._building
        return self.pages[key].canvas if key in self.pages else self.tabs[key]

    def _add_tab(self, key: str, frame: tkinter.Widget) -> None:
        page = self.pages.get(key)
        if page is not None:
            page.attach(frame)
        else:
            frame.grid(row=0, column=0, sticky="nsew")

    def _build_indicators(self) -> None:
        from g60desk.ui.indicators import IndicatorsTab

        self._indicators = IndicatorsTab(self._page(), self.template, self.library,
                                         lambda key: self._indicator_changed(key), self.status)
        self._add_tab(loc.TAB_INDICATORS, self._indicators.frame)

    def _build_monitoring(self) -> None:
        from g60desk.ui.cycle import MonitoringTab

        tab = MonitoringTab(self._page(), self.template, self._cycle_changed)
        self.cycle_tabs[loc.TAB_MONITORING] = tab
        self._add_tab(loc.TAB_MONITORING, tab.frame)

    def _build_evaluation(self) -> None:
        from g60desk.ui.cycle import EvaluationTab

        tab = EvaluationTab(self._page(), self.template, self._cycle_changed)
        self.cycle_tabs[loc.TAB_EVALUATION] = tab
        self._add_tab(loc.TAB_EVALUATION, tab.frame)

    # ------------------------------------------------------------ building

    def _message_slot(self, frame: tkinter.Misc, key: str, row: int) -> Callable[[], ttk.Label]:
        def make() -> ttk.Label:
            label = self._message_label(frame, key)
            label.grid(row=row, column=2, sticky="w", padx=(10, 0))
            return label
        return make

    def message(self, key: str) -> ttk.Label | None:
        """The message label of field ``key`` (made now if it is still to be made)."""
        label = self.messages.get(key)
        if label is None and key in self._message_slots:
            label = self._message_slots.pop(key)()
        return label

    def _message_label(self, parent: tkinter.Misc, key: str, wrap: int = 260) -> ttk.Label:
        label = ttk.Label(parent, text="", bootstyle="danger", wraplength=wrap, justify="left")
        self.messages[key] = label
        return label

    def _build_basic(self) -> None:
        tpl = self.template
        frame = ttk.Frame(self._page(), padding=(14, 12))
        frame.columnconfigure(1, weight=1)
        frame.columnconfigure(2, weight=0, minsize=220)
        row = 0
        keys = [f.key for f in tpl.fields]
        # 所属单位 goes right after 实施单位 (it decides where the project is listed).
        implementer = self.shape.field_by_role("implementer")
        insert_at = keys.index(implementer.key) + 1 if implementer else len(keys)
        keys.insert(insert_at, "unit")
        hints: list[str] = []
        for key in keys:
            spec = tpl.field(key)
            label = spec.label if spec else tpl.label("unit")
            ttk.Label(frame, text=label).grid(row=row, column=0, sticky="w", padx=(0, 10), pady=5)
            widget: Any
            kind = spec.type if spec else "choice"
            if kind == "date":
                df = DateField(key, frame, self._changed)
                df.widget.bind("<FocusOut>", self._on_blur(key), add="+")
                widget = df.container
                field: Field = df
            elif key == "unit" or (spec is not None and spec.choices):
                combo = ttk.Combobox(frame, width=40)
                field = ChoiceField(key, combo, self._changed, spec.choices if spec else ())
                widget = combo
            else:
                entry = ttk.Entry(frame, width=30 if kind == "period" else 60)
                field = EntryField(key, entry, self._changed)
                if kind in ("period", "code-name"):
                    entry.bind("<FocusOut>", self._on_blur(key), add="+")
                widget = entry
            if spec is not None and spec.hint:
                hints.append(f"{spec.name}:{spec.hint}")
            sticky = "w" if kind in ("date", "period") else "ew"
            widget.grid(row=row, column=1, sticky=sticky, pady=5)
            # The message beside the field is made when it first has something to say
            # (column 2 keeps its width meanwhile): fewer widgets on the first screen.
            self._message_slots[key] = self._message_slot(frame, key, row)
            self.fields[key] = field
            row += 1
        if any(f.type == "date" for f in tpl.fields):
            hints.insert(0, "日期格式:2022-01-01(也可输入 2022/1/1、2022年1月1日)。")
        if any(f.choices for f in tpl.fields):
            hints.append(f"{'、'.join(f.name for f in tpl.fields if f.choices)}可从下拉列表选择。")
        hint = ttk.Label(frame, bootstyle="secondary", justify="left", wraplength=640,
                         text="\n".join(hints))
        hint.grid(row=row, column=0, columnspan=3, sticky="w", pady=(12, 0))
        self._add_tab(loc.TAB_BASIC, frame)

    def _build_sections(self) -> None:
        tpl = self.template
        frame = ttk.Frame(self._page(scroll=False), padding=(8, 8))
        frame.columnconfigure(1, weight=1)
        frame.rowconfigure(0, weight=1)
        self.section_list = ttk.Treeview(frame, show="tree", selectmode="browse",
                                         height=len(tpl.sections))
        self.section_list.column("#0", width=150, stretch=False)
        self.section_list.grid(row=0, column=0, sticky="ns", padx=(0, 8))
        stack = ttk.Frame(frame)
        stack.grid(row=0, column=1, sticky="nsew")
        stack.columnconfigure(0, weight=1)
        stack.rowconfigure(0, weight=1)
        keys = [s.key for s in tpl.sections]
        for n, spec in enumerate(tpl.sections):
            self.section_list.insert("", "end", iid=spec.key, text=spec.title)
            page = ttk.Frame(stack)
            page.grid(row=0, column=0, sticky="nsew")
            page.columnconfigure(0, weight=1)
            page.rowconfigure(1, weight=1)
            head = ttk.Frame(page)
            head.grid(row=0, column=0, sticky="ew", pady=(0, 4))
            ttk.Label(head, text=spec.title, font="TkHeadingFont").pack(side="left")
            counter = ttk.Label(head, text="", bootstyle="secondary")
            counter.pack(side="right")
            self.section_counters[spec.key] = counter
            key = f"sections.{spec.key}"
            tf = TextField(key, page, self._changed, height=10)
            tf.frame.grid(row=1, column=0, sticky="nsew")
            nxt = keys[n + 1] if n + 1 < len(keys) else None
            prv = keys[n - 1] if n > 0 else None
            tf.text.bind("<Tab>", self._section_stepper(nxt, tf.text, False))
            for seq in ("<Shift-Tab>", "<ISO_Left_Tab>"):
                tf.text.bind(seq, self._section_stepper(prv, tf.text, True))
            hint = spec.hint or "可直接从 Word 粘贴,多余的换行和制表符会自动清除。"
            autowrap(ttk.Label(page, text=hint, bootstyle="secondary", justify="left")).grid(
                row=2, column=0, sticky="ew", pady=(4, 0))
            autowrap(self._message_label(page, key)).grid(row=3, column=0, sticky="ew")
            self.fields[key] = tf
            self.section_pages[spec.key] = page
        self.section_list.bind("<<TreeviewSelect>>", lambda e: self._show_section())
        if keys:
            self.section_list.selection_set(keys[0])
            self.section_pages[keys[0]].tkraise()
        self._add_tab(loc.TAB_SECTIONS, frame)

    def _section_stepper(self, key: str | None, widget: tkinter.Misc,
                         backwards: bool) -> Callable[[tkinter.Event], str]:
        """Tab in a section moves to the next section (Shift+Tab back), like the form's order."""
        def step(_event: tkinter.Event) -> str:
            if key is None:
                return focus_next(widget, backwards)
            self.show_section(key, focus=True)
            return "break"
        return step

    def _on_blur(self, key: str) -> Callable[[tkinter.Event], None]:
        def blur(_event: tkinter.Event) -> None:
            self._normalise(key)
        return blur

    def _show_section(self) -> None:
        sel = self.section_list.selection()
        if sel:
            self.section_pages[sel[0]].tkraise()

    def show_section(self, key: str, focus: bool = False) -> None:
        self.ensure(loc.TAB_SECTIONS)
        if key not in self.section_pages:
            return
        if self.section_list.selection() != (key,):
            self.section_list.selection_set(key)
        self.section_pages[key].tkraise()
        if focus:
            self.fields[f"sections.{key}"].focus()

    def _build_funding(self) -> None:
        tpl, shape = self.template, self.shape
        unit = shape.amount_unit
        outer = ttk.Frame(self._page(), padding=(12, 10))
        outer.columnconfigure(0, weight=1)
        box = ttk.Labelframe(outer, text=tpl.text["funding_block"], padding=(10, 6))
        box.grid(row=0, column=0, sticky="new")
        self.funding_box = box
        self.funding_columns: list[ttk.Frame] = []
        self.funding_separator: ttk.Separator | None = None
        for n, side in enumerate(shape.funding_sides):
            col = ttk.Frame(box)
            col.grid(row=0, column=n * 2, sticky="nsew")
            self.funding_columns.append(col)
            col.columnconfigure(1, weight=1)
            box.columnconfigure(n * 2, weight=1, uniform="money")
            for r, spec in enumerate(side.rows):
                ttk.Label(col, text=spec.label).grid(row=r, column=0, sticky="w",
                                                     padx=(0, 6), pady=3)
                entry = ttk.Entry(col, width=16, justify="right")
                entry.grid(row=r, column=1, sticky="ew", pady=3)
                fkey = f"funding.{spec.key}"
                self.fields[fkey] = EntryField(fkey, entry, self._changed)
                entry.bind("<FocusOut>", self._on_blur(fkey), add="+")
                # The other unit beside the amount: 万元 on a 元 form, 元 on a 万元 form.
                wan = ttk.Label(col, text="", bootstyle="secondary", anchor="e")
                wan.grid(row=r, column=2, sticky="e", padx=(4, 0))
                self.wan_labels[spec.key] = wan
            sums = ttk.Label(col, text="", bootstyle="secondary", wraplength=330, justify="left")
            sums.grid(row=len(side.rows), column=0, columnspan=3, sticky="w", pady=(6, 0))
            for spec in side.rows:
                if spec.sum_of:
                    self.sum_labels[spec.key] = sums
            messages = ttk.Frame(col)
            messages.grid(row=len(side.rows) + 1, column=0, columnspan=3, sticky="w")
            for spec in side.rows:
                self._message_label(messages, f"funding.{spec.key}", wrap=330)
            if n == 0 and len(shape.funding_sides) > 1:
                self.funding_separator = ttk.Separator(box, orient="vertical")
                self.funding_separator.grid(row=0, column=1, sticky="ns", padx=14)
        self.funding_stacked = False
        outer.bind("<Configure>", lambda e: self.fit_funding(int(e.width)), add="+")
        buttons = ttk.Frame(outer)
        buttons.grid(row=1, column=0, sticky="w", pady=(8, 0))
        if any(r.sum_of for r in shape.funding_rows):
            ttk.Button(buttons, text="用明细合计填写总额", bootstyle="secondary-outline",
                       takefocus=False, command=self.fill_totals).pack(side="left")
        if len(shape.funding_sides) > 1 and any(r.counterpart for r in shape.funding_rows):
            left, right = (s.rows[0].name for s in shape.funding_sides)
            ttk.Button(buttons, text=f"{right}列与{left}列相同(一年期项目)",
                       bootstyle="secondary-outline", takefocus=False,
                       command=self.copy_left_to_right).pack(side="left", padx=6)
        optional = "、".join(dict.fromkeys(r.name for r in shape.funding_rows if not r.required))
        examples = ("5100000、5,100,000.00 或 510万" if unit == "元"
                    else "510、510.00 或 5100000元")
        note = f"金额单位为{unit},可输入 {examples};离开输入框后自动整理为标准写法。"
        if optional:
            note += f"{optional}没有请填 0。"
        ttk.Label(outer, bootstyle="secondary", wraplength=640, justify="left",
                  text=note).grid(row=2, column=0, sticky="w", pady=(8, 0))
        self._add_tab(loc.TAB_FUNDING, outer)

    def fit_funding(self, available: int | None = None) -> None:
        """Amount boxes as wide as the widest amount in the current font; the two sides
        of the table go one above the other when they do not fit side by side."""
        font = tkfont.nametofont("TkDefaultFont", root=self.frame)
        need = layout.entry_width(font.measure(layout.WIDEST_AMOUNT))
        # The other unit beside the box: 万元 on a 元 form, 元 on a 万元 form.
        other = "= 99,999.00 万元" if self.shape.amount_unit == "元" else "= 999,999,999.00 元"
        wan_need = font.measure(other)
        widths = []
        for col in self.funding_columns:
            col.columnconfigure(1, minsize=need)
            col.columnconfigure(2, minsize=wan_need)
            labels = [w for w in col.grid_slaves(column=0) if isinstance(w, ttk.Label)
                      and int(w.grid_info().get("columnspan", 1)) == 1]
            label_w = max((font.measure(str(w.cget("text"))) for w in labels), default=0)
            widths.append(label_w + 6 + need + 4 + wan_need)
        if available is None:
            available = self.funding_box.master.winfo_width()
        stacked = layout.stack_sides(available - 40, widths)
        if stacked == self.funding_stacked or len(self.funding_columns) < 2:
            return
        self.funding_stacked = stacked
        box = self.funding_box
        for n, col in enumerate(self.funding_columns[1:], start=1):
            if stacked:
                col.grid_configure(row=n, column=0, pady=(10, 0))
                box.columnconfigure(n * 2, weight=0, uniform="")
            else:
                col.grid_configure(row=0, column=n * 2, pady=0)
                box.columnconfigure(n * 2, weight=1, uniform="money")
        if self.funding_separator is not None:
            if stacked:
                self.funding_separator.grid_remove()
            else:
                self.funding_separator.grid()

    def _build_goals(self) -> None:
        tpl, shape = self.template, self.shape
        slots = tpl.goals
        frame = ttk.Frame(self._page(scroll=False), padding=(10, 8))
        for col in range(len(slots)):
            frame.columnconfigure(col, weight=1, uniform="g")
        frame.rowconfigure(1, weight=1)
        overall, annual = shape.goal_by_role("overall"), shape.goal_by_role("annual")
        for col, slot in enumerate(slots):
            pad = (0, 6) if col == 0 and len(slots) > 1 else (6, 0) if col else (0, 0)
            head = ttk.Frame(frame)
            head.grid(row=0, column=col, sticky="ew", padx=pad)
            label = ttk.Label(head, text=slot.heading("", ""), font="TkHeadingFont")
            label.pack(side="left")
            self.goal_labels[slot.key] = label
            if self.same_pair and slot.key == self.same_pair[0]:
                self.same_check = ttk.Checkbutton(head, text=tpl.same_goal_label(),
                                                  variable=self.same_var,
                                                  command=self._same_toggled)
                self.same_check.pack(side="right")
            tf = TextField(slot.key, frame, self._changed, height=12, width=30)
            tf.frame.grid(row=1, column=col, sticky="nsew", padx=pad, pady=(4, 0))
            self.fields[slot.key] = tf
            below = ttk.Frame(frame)
            below.grid(row=2, column=col, sticky="ew", padx=pad)
            below.columnconfigure(0, weight=1)
            counter = ttk.Label(below, text="", bootstyle="secondary")
            counter.grid(row=0, column=0, sticky="e")
            self.goal_counters[slot.key] = counter
            autowrap(self._message_label(below, slot.key)).grid(row=1, column=0, sticky="ew")
        if overall and annual:
            hint = (f"{overall.name}写整个实施期要达到的结果;{annual.name}写本年度的结果。"
                    f"一年期项目两者通常相同,可勾选“{tpl.same_goal_label()}”。")
        else:
            hint = "写清本项目要达到的结果,尽量与绩效指标对应。"
        autowrap(ttk.Label(frame, bootstyle="secondary", justify="left", text=hint)).grid(
            row=3, column=0, columnspan=len(slots), sticky="ew", pady=(6, 0))
        self._add_tab(loc.TAB_GOALS, frame)

    # ------------------------------------------------------------ loading

    def load(self, decl: Declaration | None, project: Project | None,
             raw: Callable[[str], str | None]) -> None:
        """Show ``project`` (or an empty, disabled editor); ``raw`` gives kept unreadable text."""
        self.declaration = decl
        self.project = project
        self._raw = raw
        self._load_fields(list(self.fields))
        if self._indicators is not None:
            self._indicators.load(project, decl)
        for tab in self.cycle_tabs.values():
            tab.load(decl, project)
        self.set_enabled(project is not None)

    def _load_fields(self, keys: list[str]) -> None:
        """The project's text into the fields ``keys`` (all of a tab just built, or all)."""
        decl, project = self.declaration, self.project
        self._loading = True
        try:
            unit_field = self.fields.get("unit")
            if "unit" in keys and isinstance(unit_field, ChoiceField):
                unit_field.set_choices(list(decl.units) if decl else [])
            for key in keys:
                f = self.fields[key]
                if project is None:
                    f.set("")
                    continue
                kept = self._raw(key)
                f.set(kept if kept is not None else field_text(self.shape, project, key))
            self._update_goal_link()
            self._update_derived()
        finally:
            self._loading = False

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        state = "normal" if enabled else "disabled"
        for i in range(len(self.notebook.tabs())):
            self.notebook.tab(i, state=state)
        self._enable_fields(list(self.fields), enabled)

    def _enable_fields(self, keys: list[str], enabled: bool) -> None:
        state = "normal" if enabled else "disabled"
        for f in (self.fields[k] for k in keys):
            if isinstance(f, TextField):
                if not self.same_pair or f.key != self.same_pair[0] or not self.same_var.get():
                    f.text.configure(state=state)
            else:
                f.widget.configure(state=state)
                if isinstance(f, DateField):
                    f.button.configure(state=state)

    # ------------------------------------------------------------ changes

    def _changed(self, key: str, text: str) -> None:
        if self._loading or self.project is None:
            return
        error = apply_text(self.shape, self.project, key, text)
        if self.same_pair and key == self.same_pair[1] and self.same_var.get():
            overall = self.same_pair[0]
            self.project.goals[overall] = text
            self._loading = True
            self.fields[overall].set(text)
            self._loading = False
            self.notify(overall, text, None)
        self._update_derived(key)
        self.notify(key, text, error)

    def _cycle_changed(self, key: str) -> None:
        if not self._loading and self.project is not None:
            self.notify(key, "", None)

    def _indicator_changed(self, key: str) -> None:
        if self.project is not None:
            self.notify(key, "", None)

    def _normalise(self, key: str) -> None:
        """Reformat a readable amount or date when the cursor leaves it (510万 → 5,100,000.00)."""
        if self.project is None:
            return
        f = self.fields[key]
        text = f.get()
        if not text.strip():
            return
        readable_money = (key.startswith("funding.")
                          and read_money(text, self.shape.amount_unit).error is None)
        spec = self.shape.field(key)
        # Dates, periods and codes are stored canonical when readable: show that.
        readable_value = spec is not None and bool(self.project.value(key))
        if readable_money or readable_value:
            canonical = field_text(self.shape, self.project, key)
        else:
            return
        if canonical != text and isinstance(f, EntryField):
            f.var.set(canonical)

    def _update_derived(self, key: str = "") -> None:
        p = self.project
        shape = self.shape
        if (key == "" or key.startswith("funding.")) and self.wan_labels:
            for k in shape.funding_keys:
                value = p.funding.get(k) if p else None
                if value is None:
                    other = ""
                elif shape.amount_unit == "元":
                    other = f"= {format_wan(value)} 万元"
                else:
                    other = f"= {format_yuan(value)} 元"
                self.wan_labels[k].configure(text=other)
            texts: dict[ttk.Label, list[str]] = {}
            for total in (funding_sums(p.funding, shape) if p is not None else []):
                row = shape.funding_row(total.key)
                text = total.describe(row.name if row else total.key)
                texts.setdefault(self.sum_labels[total.key], []).append(text)
            for label in set(self.sum_labels.values()):
                label.configure(text=";".join(t for t in texts.get(label, []) if t))
        if (key == "" or key.startswith("sections.")) and self.section_counters:
            for spec in self.template.sections:
                text = p.section(spec.key) if p else ""
                limit = f" / {spec.max_length}" if spec.max_length else ""
                self.section_counters[spec.key].configure(text=f"{len(text.strip())}{limit} 字")
        if self.goal_counters and (key == "" or key in self.goal_counters):
            for slot in self.template.goals:
                text = p.goal(slot.key) if p else ""
                limit = f" / {slot.max_length}" if slot.max_length else ""
                self.goal_counters[slot.key].configure(text=f"{len(text.strip())}{limit} 字")
        if key == "" or key in shape.period_keys():
            self._update_goal_link()

    # ------------------------------------------------------------ goals

    def _one_year(self) -> bool:
        if self.project is None:
            return False
        start, end = self.shape.period(self.project)
        return start is None or end is None or start.year == end.year

    def _update_goal_link(self) -> None:
        p = self.project
        start, end = self.shape.period(p) if p is not None else (None, None)
        first: int | str = start.year if start else (self.declaration.year
                                                     if self.declaration else "")
        last: int | str = end.year if end else first
        if not self.goal_labels:
            return    # the 绩效目标 tab is not built yet
        for slot in self.template.goals:
            self.goal_labels[slot.key].configure(text=slot.heading(first, last))
        if self.same_pair is None or self.same_check is None:
            return
        overall, annual = self.same_pair
        one_year = self._one_year()
        if not self._loading and self.same_var.get() and not one_year:
            # A multi-year project needs its own overall goal.
            self.same_var.set(False)
            self._set_overall_readonly(False)
        if self._loading:
            same = bool(p and one_year and p.goal(overall).strip()
                        and p.goal(overall) == p.goal(annual))
            self.same_var.set(same)
            self._set_overall_readonly(same)
        self.same_check.configure(state="normal" if one_year else "disabled")

    def _set_overall_readonly(self, readonly: bool) -> None:
        if self.same_pair is None:
            return
        f = self.fields[self.same_pair[0]]
        if isinstance(f, TextField):
            f.set_readonly(readonly)

    def _same_toggled(self) -> None:
        p = self.project
        if p is None or self.same_pair is None:
            return
        overall, annual = self.same_pair
        if self.same_var.get():
            if not p.goal(annual).strip() and p.goal(overall).strip():
                # Nothing typed on the right yet: keep the left text as the annual goal.
                self.fields[annual].set(p.goal(overall))
                self._changed(annual, p.goal(overall))
            elif p.goal(overall).strip() and p.goal(overall) != p.goal(annual):
                names = [self.template.label(k) for k in (overall, annual)]
                self.status(f"{names[0]}已改为与{names[1]}相同;取消勾选后可以再单独修改。")
            self.fields[overall].set(p.goal(annual))
            self._changed(overall, p.goal(annual))
        self._set_overall_readonly(self.same_var.get())

    # ------------------------------------------------------------ funding helpers

    def fill_totals(self) -> None:
        """Each total := the sum of its parts (those that have any part filled in)."""
        p = self.project
        if p is None:
            return
        for col in funding_sums(p.funding, self.shape):
            f = self.fields[f"funding.{col.key}"]
            if col.any_part and isinstance(f, EntryField):
                f.var.set(amount_text(col.parts, self.shape.amount_unit))

    def copy_left_to_right(self) -> None:
        """The year's column := the project column, row by row (one-year projects)."""
        p = self.project
        if p is None or len(self.shape.funding_sides) < 2:
            return
        left, right = self.shape.funding_sides[:2]
        for row in left.rows:
            if row.counterpart:
                f = self.fields[f"funding.{row.counterpart}"]
                if isinstance(f, EntryField):
                    f.var.set(self.fields[f"funding.{row.key}"].get())
        copied = {r.counterpart for r in left.rows}
        for row in right.rows:
            f = self.fields[f"funding.{row.key}"]
            if row.key not in copied and isinstance(f, EntryField) and not f.get().strip():
                f.var.set("0.00" if self.shape.amount_unit == "元" else "0")

    # ------------------------------------------------------------ problems and focus

    def show_problems(self, findings: list[Finding], index: int | None) -> dict[str, int]:
        """Danger state on fields with errors, messages beside them, counts on the tabs
        (the counts of tabs not built yet too; their fields get theirs when built)."""
        self._shown_findings = (findings, index)
        problems: dict[str, Problem] = {}
        rows: dict[int, dict[str, tuple[str, str]]] = {}
        counts = dict.fromkeys(loc.PROJECT_TABS, 0)
        sections: dict[str, str] = {}
        cycle: dict[str, dict[str, tuple[str, str]]] = {
            k: {} for k in (loc.TAB_MONITORING, loc.TAB_EVALUATION)}
        for f in findings:
            lv = _level(f)
            if lv is None:
                continue
            where = loc.locate(f.path, self.shape)
            if where.project is None or where.project != index or where.tab not in counts:
                continue
            counts[where.tab] += 1
            if where.tab in cycle:
                cur_c = cycle[where.tab].get(where.key)
                if cur_c is None or (cur_c[0] != ERROR and lv == ERROR):
                    cycle[where.tab][where.key] = (lv, f.message)
                continue
            if where.tab == loc.TAB_INDICATORS and where.row is not None:
                attr = where.field or "name"
                cur = rows.setdefault(where.row, {}).get(attr)
                if cur is None or (cur[0] != ERROR and lv == ERROR):
                    rows[where.row][attr] = (lv, f.message)
                continue
            if where.tab == loc.TAB_SECTIONS and where.field and sections.get(where.field) != ERROR:
                sections[where.field] = lv
            key = where.key
            if key in self.fields or key in self.messages:
                cur_p = problems.get(key)
                if cur_p is None or (cur_p.level != ERROR and lv == ERROR):
                    problems[key] = Problem(lv, f.message)
        for key in self._problem_keys | set(problems):
            p = problems.get(key)
            if p == self._problems.get(key):
                continue  # unchanged: reconfiguring styled widgets is the slow part
            field = self.fields.get(key)
            if field is not None:
                field.set_problem(p.level if p else None)
            label = self.message(key) if p else self.messages.get(key)
            if label is not None:
                label.configure(text=p.message if p else "",
                                bootstyle="danger" if p and p.level == ERROR else "warning")
                if label.winfo_manager() == "pack" or key.startswith("funding."):
                    # Packed message lines take no room while empty.
                    if p:
                        label.pack(anchor="w")
                    else:
                        label.pack_forget()
        self._problem_keys = set(problems)
        self._problems = problems
        for spec in self.template.sections if self.section_pages else ():
            mark = {ERROR: f"{marks.ERROR} ", WARNING: f"{marks.WARNING} "}.get(sections.get(spec.key, ""), "")
            text = f"{mark}{spec.title}"
            if self._section_marks.get(spec.key) != text:
                self._section_marks[spec.key] = text
                self.section_list.item(spec.key, text=text)
        if self._indicators is not None:
            self._indicators.show_problems(rows)
        for tab_key, tab in self.cycle_tabs.items():
            tab.show_findings(cycle.get(tab_key, {}))
        for key, n in counts.items():
            if self.tab_counts.get(key) != n and key in self.tabs:
                title = loc.tab_title(key, self.template)
                self.notebook.tab(self.tabs[key], text=f"{title} ({n})" if n else title)
        self.tab_counts = counts
        return counts

    def current_tab(self) -> str:
        selected = self.notebook.select()
        for key, frame in self.tabs.items():
            if str(frame) == selected:
                return key
        return loc.TAB_BASIC

    def select_tab(self, key: str) -> None:
        if key in self.tabs:
            self.ensure(key)
            self.notebook.select(self.tabs[key])

    def focus_location(self, where: loc.Location) -> None:
        """Show the tab and field a finding points at, and put the cursor there."""
        if where.tab not in self.tabs:
            return
        self.select_tab(where.tab)
        self.frame.update_idletasks()
        if where.tab == loc.TAB_INDICATORS:
            if where.row is not None:
                self.indicators.select(where.row, where.field or "name")
            elif self.project is not None and self.project.indicators:
                self.indicators.select(0)
            else:
                self.indicators.buttons["add"].focus_set()
            return
        if where.tab == loc.TAB_SECTIONS:
            self.show_section(where.field or self.template.sections[0].key, focus=True)
            return
        if where.tab in self.cycle_tabs:
            self.cycle_tabs[where.tab].focus_key(where.key)
            return
        field = self.fields.get(where.key)
        if field is not None:
            field.focus()
            field.select_all()          # the old value is selected: typing replaces it
        elif where.tab == loc.TAB_FUNDING:
            self.fields[f"funding.{self.shape.funding_keys[0]}"].focus()
        elif where.tab == loc.TAB_BASIC:
            self.fields["name"].focus()
