"""The project editor: one tab per part of the form, built from the template.

基本信息 (fields in the template's order and labels), 项目经费情况说明 (the
template's sections), 项目资金 (the form's two columns, sums as you type, 万元
beside each amount), 绩效目标 (项目总目标 beside 年度总目标) and 绩效指标. Every
keystroke goes into the project at once; the window is told which field changed.
"""

from __future__ import annotations

import tkinter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ttkbootstrap as ttk

from g60desk.domain.model import FUNDING_KEYS, Declaration, Project
from g60desk.domain.money import format_wan, format_yuan
from g60desk.formspec.spec import Template
from g60desk.rules.findings import Finding, Severity
from g60desk.services import locate as loc
from g60desk.services.fields import apply_text, field_text, funding_sums, read_money
from g60desk.services.library import IndicatorLibrary
from g60desk.ui.indicators import IndicatorsTab
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

# Called with (field key, text typed, Chinese error or None); "indicators" for row changes.
Notify = Callable[[str, str, str | None], None]
LEFT_COLUMN = ("total", "total_fiscal", "total_other")
RIGHT_COLUMN = ("annual", "annual_appropriation", "annual_carryover", "annual_other")


@dataclass(frozen=True)
class Problem:
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
                 notify: Notify, status: Callable[[str], None]) -> None:
        self.template = template
        self.notify = notify
        self.status = status
        self.project: Project | None = None
        self.declaration: Declaration | None = None
        self.fields: dict[str, Field] = {}
        self.messages: dict[str, ttk.Label] = {}
        self._loading = False
        self._problem_keys: set[str] = set()
        self._problems: dict[str, Problem] = {}
        self._section_marks: dict[str, str] = {}
        self.frame = ttk.Frame(parent)
        self.frame.columnconfigure(0, weight=1)
        self.frame.rowconfigure(0, weight=1)
        self.notebook = ttk.Notebook(self.frame)
        self.notebook.grid(row=0, column=0, sticky="nsew")
        self.tabs: dict[str, ttk.Frame] = {}
        self._build_basic()
        self._build_sections()
        self._build_funding()
        self._build_goals()
        self.indicators = IndicatorsTab(self.notebook, template, library,
                                        lambda key: self._indicator_changed(key), status)
        self._add_tab(loc.TAB_INDICATORS, self.indicators.frame)
        self.tab_counts: dict[str, int] = dict.fromkeys(loc.PROJECT_TABS, 0)

    def _add_tab(self, key: str, frame: tkinter.Widget) -> None:
        self.tabs[key] = frame  # type: ignore[assignment]
        self.notebook.add(frame, text=loc.TAB_TITLES[key], padding=0)

    # ------------------------------------------------------------ building

    def _message_label(self, parent: tkinter.Misc, key: str, wrap: int = 260) -> ttk.Label:
        label = ttk.Label(parent, text="", bootstyle="danger", wraplength=wrap, justify="left")
        self.messages[key] = label
        return label

    def _build_basic(self) -> None:
        tpl = self.template
        frame = ttk.Frame(self.notebook, padding=(14, 12))
        frame.columnconfigure(1, weight=1)
        frame.columnconfigure(2, weight=0, minsize=220)
        row = 0
        keys = [f.key for f in tpl.fields]
        # 所属单位 goes right after 实施单位 (it decides where the project is listed).
        insert_at = keys.index("implementer") + 1 if "implementer" in keys else len(keys)
        keys.insert(insert_at, "unit")
        for key in keys:
            spec = tpl.field(key)
            label = spec.label if spec else "所属单位"
            ttk.Label(frame, text=label).grid(row=row, column=0, sticky="w", padx=(0, 10), pady=5)
            widget: Any
            if key in ("start", "end"):
                df = DateField(key, frame, self._changed)
                df.widget.bind("<FocusOut>", self._on_blur(key), add="+")
                widget = df.container
                field: Field = df
            elif key == "unit" or (spec is not None and spec.choices):
                combo = ttk.Combobox(frame, width=40)
                field = ChoiceField(key, combo, self._changed, spec.choices if spec else ())
                widget = combo
            else:
                entry = ttk.Entry(frame, width=60)
                field = EntryField(key, entry, self._changed)
                widget = entry
            sticky = "w" if key in ("start", "end") else "ew"
            widget.grid(row=row, column=1, sticky=sticky, pady=5)
            self._message_label(frame, key).grid(row=row, column=2, sticky="w", padx=(10, 0))
            self.fields[key] = field
            row += 1
        hint = ttk.Label(frame, bootstyle="secondary", justify="left", wraplength=640,
                         text="日期格式:2022-01-01(也可输入 2022/1/1、2022年1月1日)。"
                              "项目类别等可从下拉列表选择。")
        hint.grid(row=row, column=0, columnspan=3, sticky="w", pady=(12, 0))
        self._add_tab(loc.TAB_BASIC, frame)

    def _build_sections(self) -> None:
        tpl = self.template
        frame = ttk.Frame(self.notebook, padding=(8, 8))
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
        self.section_pages: dict[str, ttk.Frame] = {}
        self.section_counters: dict[str, ttk.Label] = {}
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
        if key not in self.section_pages:
            return
        if self.section_list.selection() != (key,):
            self.section_list.selection_set(key)
        self.section_pages[key].tkraise()
        if focus:
            self.fields[f"sections.{key}"].focus()

    def _build_funding(self) -> None:
        tpl = self.template
        outer = ttk.Frame(self.notebook, padding=(12, 10))
        outer.columnconfigure(0, weight=1)
        box = ttk.Labelframe(outer, text=tpl.text["funding_block"], padding=(10, 6))
        box.grid(row=0, column=0, sticky="new")
        self.wan_labels: dict[str, ttk.Label] = {}
        self.sum_labels: list[ttk.Label] = []
        for side, keys in enumerate((LEFT_COLUMN, RIGHT_COLUMN)):
            col = ttk.Frame(box)
            col.grid(row=0, column=side * 2, sticky="nsew")
            col.columnconfigure(1, weight=1)
            box.columnconfigure(side * 2, weight=1, uniform="money")
            for r, key in enumerate(keys):
                ttk.Label(col, text=tpl.funding_labels[key]).grid(row=r, column=0, sticky="w",
                                                                  padx=(0, 6), pady=3)
                entry = ttk.Entry(col, width=16, justify="right")
                entry.grid(row=r, column=1, sticky="ew", pady=3)
                fkey = f"funding.{key}"
                self.fields[fkey] = EntryField(fkey, entry, self._changed)
                entry.bind("<FocusOut>", self._on_blur(fkey), add="+")
                wan = ttk.Label(col, text="", bootstyle="secondary", width=13, anchor="e")
                wan.grid(row=r, column=2, sticky="e", padx=(4, 0))
                self.wan_labels[key] = wan
            sums = ttk.Label(col, text="", bootstyle="secondary", wraplength=330, justify="left")
            sums.grid(row=len(keys), column=0, columnspan=3, sticky="w", pady=(6, 0))
            self.sum_labels.append(sums)
            messages = ttk.Frame(col)
            messages.grid(row=len(keys) + 1, column=0, columnspan=3, sticky="w")
            for key in keys:
                self._message_label(messages, f"funding.{key}", wrap=330)
        ttk.Separator(box, orient="vertical").grid(row=0, column=1, sticky="ns", padx=14)
        buttons = ttk.Frame(outer)
        buttons.grid(row=1, column=0, sticky="w", pady=(8, 0))
        ttk.Button(buttons, text="用明细合计填写两个总额", bootstyle="secondary-outline",
                   takefocus=False, command=self.fill_totals).pack(side="left")
        ttk.Button(buttons, text="年度列与项目列相同(一年期项目)", bootstyle="secondary-outline",
                   takefocus=False, command=self.copy_left_to_right).pack(side="left", padx=6)
        ttk.Label(outer, bootstyle="secondary", wraplength=640, justify="left",
                  text="金额单位为元,可输入 5100000、5,100,000.00 或 510万;离开输入框后自动整理为"
                       "标准写法。其他资金、上年结转资金没有请填 0。").grid(
            row=2, column=0, sticky="w", pady=(8, 0))
        self._add_tab(loc.TAB_FUNDING, outer)

    def _build_goals(self) -> None:
        frame = ttk.Frame(self.notebook, padding=(10, 8))
        frame.columnconfigure(0, weight=1, uniform="g")
        frame.columnconfigure(1, weight=1, uniform="g")
        frame.rowconfigure(1, weight=1)
        head_l = ttk.Frame(frame)
        head_l.grid(row=0, column=0, sticky="ew", padx=(0, 6))
        self.overall_label = ttk.Label(head_l, text="", font="TkHeadingFont")
        self.overall_label.pack(side="left")
        self.same_var = tkinter.BooleanVar(master=frame, value=False)
        self.same_check = ttk.Checkbutton(head_l, text="与年度目标相同", variable=self.same_var,
                                          command=self._same_toggled)
        self.same_check.pack(side="right")
        head_r = ttk.Frame(frame)
        head_r.grid(row=0, column=1, sticky="ew", padx=(6, 0))
        ttk.Label(head_r, text=self.template.text["annual_goal"],
                  font="TkHeadingFont").pack(side="left")
        self.goal_counters: dict[str, ttk.Label] = {}
        for col, key in ((0, "overall_goal"), (1, "annual_goal")):
            tf = TextField(key, frame, self._changed, height=12, width=30)
            tf.frame.grid(row=1, column=col, sticky="nsew", padx=(0, 6) if col == 0 else (6, 0),
                          pady=(4, 0))
            self.fields[key] = tf
            below = ttk.Frame(frame)
            below.grid(row=2, column=col, sticky="ew", padx=(0, 6) if col == 0 else (6, 0))
            below.columnconfigure(0, weight=1)
            counter = ttk.Label(below, text="", bootstyle="secondary")
            counter.grid(row=0, column=0, sticky="e")
            self.goal_counters[key] = counter
            autowrap(self._message_label(below, key)).grid(row=1, column=0, sticky="ew")
        autowrap(ttk.Label(frame, bootstyle="secondary", justify="left",
                           text="项目总目标写整个实施期要达到的结果;年度总目标写本年度的结果。"
                                "一年期项目两者通常相同,可勾选“与年度目标相同”。")).grid(
            row=3, column=0, columnspan=2, sticky="ew", pady=(6, 0))
        self._add_tab(loc.TAB_GOALS, frame)

    # ------------------------------------------------------------ loading

    def load(self, decl: Declaration | None, project: Project | None,
             raw: Callable[[str], str | None]) -> None:
        """Show ``project`` (or an empty, disabled editor); ``raw`` gives kept unreadable text."""
        self.declaration = decl
        self.project = project
        self._loading = True
        try:
            units = list(decl.units) if decl else []
            unit_field = self.fields["unit"]
            if isinstance(unit_field, ChoiceField):
                unit_field.set_choices(units)
            for key, f in self.fields.items():
                if project is None:
                    f.set("")
                    continue
                kept = raw(key)
                f.set(kept if kept is not None else field_text(project, key))
            self._update_goal_link()
            self._update_derived()
        finally:
            self._loading = False
        self.indicators.load(project)
        self.set_enabled(project is not None)

    def set_enabled(self, enabled: bool) -> None:
        state = "normal" if enabled else "disabled"
        for i in range(len(self.notebook.tabs())):
            self.notebook.tab(i, state=state)
        for f in self.fields.values():
            if isinstance(f, TextField):
                if f.key != "overall_goal" or not self.same_var.get():
                    f.text.configure(state=state)
            else:
                f.widget.configure(state=state)

    # ------------------------------------------------------------ changes

    def _changed(self, key: str, text: str) -> None:
        if self._loading or self.project is None:
            return
        error = apply_text(self.project, key, text)
        if key == "annual_goal" and self.same_var.get():
            self.project.overall_goal = text
            self._loading = True
            self.fields["overall_goal"].set(text)
            self._loading = False
            self.notify("overall_goal", text, None)
        self._update_derived(key)
        self.notify(key, text, error)

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
        readable_money = key.startswith("funding.") and read_money(text).error is None
        readable_date = key in ("start", "end") and getattr(self.project, key) is not None
        if readable_money or readable_date:
            canonical = field_text(self.project, key)
        else:
            return
        if canonical != text and isinstance(f, EntryField):
            f.var.set(canonical)

    def _update_derived(self, key: str = "") -> None:
        p = self.project
        if key == "" or key.startswith("funding."):
            for k in FUNDING_KEYS:
                value = p.funding.get(k) if p else None
                self.wan_labels[k].configure(text=f"= {format_wan(value)} 万元" if value is not None
                                             else "")
            if p is not None:
                left, right = funding_sums(p.funding)
                self.sum_labels[0].configure(text=left.describe("项目资金总额"))
                self.sum_labels[1].configure(text=right.describe("年度资金申请总额"))
            else:
                for s in self.sum_labels:
                    s.configure(text="")
        if key == "" or key.startswith("sections."):
            for spec in self.template.sections:
                text = p.section(spec.key) if p else ""
                limit = f" / {spec.max_length}" if spec.max_length else ""
                self.section_counters[spec.key].configure(text=f"{len(text.strip())}{limit} 字")
        if key in ("", "overall_goal", "annual_goal"):
            limit = f" / {self.template.goal_max_length}" if self.template.goal_max_length else ""
            for k in ("overall_goal", "annual_goal"):
                text = str(getattr(p, k)) if p else ""
                self.goal_counters[k].configure(text=f"{len(text.strip())}{limit} 字")
        if key in ("", "start", "end"):
            self._update_goal_link()

    # ------------------------------------------------------------ goals

    def _one_year(self) -> bool:
        p = self.project
        return p is not None and (p.start is None or p.end is None or p.start.year == p.end.year)

    def _update_goal_link(self) -> None:
        p = self.project
        start = p.start.year if p and p.start else (self.declaration.year if self.declaration else "")
        end = p.end.year if p and p.end else start
        self.overall_label.configure(text=self.template.text["overall_goal"].format(
            start_year=start, end_year=end))
        one_year = self._one_year()
        if not self._loading and self.same_var.get() and not one_year:
            # A multi-year project needs its own overall goal.
            self.same_var.set(False)
            self._set_overall_readonly(False)
        if self._loading:
            same = bool(p and one_year and p.overall_goal.strip()
                        and p.overall_goal == p.annual_goal)
            self.same_var.set(same)
            self._set_overall_readonly(same)
        self.same_check.configure(state="normal" if one_year else "disabled")

    def _set_overall_readonly(self, readonly: bool) -> None:
        f = self.fields["overall_goal"]
        if isinstance(f, TextField):
            f.set_readonly(readonly)

    def _same_toggled(self) -> None:
        p = self.project
        if p is None:
            return
        if self.same_var.get():
            if not p.annual_goal.strip() and p.overall_goal.strip():
                # Nothing typed on the right yet: keep the left text as the annual goal.
                self.fields["annual_goal"].set(p.overall_goal)
                self._changed("annual_goal", p.overall_goal)
            elif p.overall_goal.strip() and p.overall_goal != p.annual_goal:
                self.status("项目总目标已改为与年度总目标相同;取消勾选后可以再单独修改。")
            self.fields["overall_goal"].set(p.annual_goal)
            self._changed("overall_goal", p.annual_goal)
        self._set_overall_readonly(self.same_var.get())

    # ------------------------------------------------------------ funding helpers

    def fill_totals(self) -> None:
        """项目资金总额 and 年度资金申请总额 := the sums of their parts."""
        p = self.project
        if p is None:
            return
        left, right = funding_sums(p.funding)
        for key, col in (("total", left), ("annual", right)):
            f = self.fields[f"funding.{key}"]
            if col.any_part and isinstance(f, EntryField):
                f.var.set(format_yuan(col.parts))

    def copy_left_to_right(self) -> None:
        p = self.project
        if p is None:
            return
        pairs = (("total", "annual"), ("total_fiscal", "annual_appropriation"),
                 ("total_other", "annual_other"))
        for src, dst in pairs:
            f = self.fields[f"funding.{dst}"]
            if isinstance(f, EntryField):
                f.var.set(self.fields[f"funding.{src}"].get())
        carry = self.fields["funding.annual_carryover"]
        if isinstance(carry, EntryField) and not carry.get().strip():
            carry.var.set("0.00")

    # ------------------------------------------------------------ problems and focus

    def show_problems(self, findings: list[Finding], index: int | None) -> dict[str, int]:
        """Danger state on fields with errors, messages beside them, counts on the tabs."""
        problems: dict[str, Problem] = {}
        rows: dict[int, dict[str, tuple[str, str]]] = {}
        counts = dict.fromkeys(loc.PROJECT_TABS, 0)
        sections: dict[str, str] = {}
        for f in findings:
            lv = _level(f)
            if lv is None:
                continue
            where = loc.locate(f.path)
            if where.project is None or where.project != index or where.tab not in counts:
                continue
            counts[where.tab] += 1
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
            label = self.messages.get(key)
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
        for spec in self.template.sections:
            mark = {ERROR: "✗ ", WARNING: "⚠ "}.get(sections.get(spec.key, ""), "")
            text = f"{mark}{spec.title}"
            if self._section_marks.get(spec.key) != text:
                self._section_marks[spec.key] = text
                self.section_list.item(spec.key, text=text)
        self.indicators.show_problems(rows)
        for key, n in counts.items():
            if self.tab_counts.get(key) != n:
                title = loc.TAB_TITLES[key]
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
        field = self.fields.get(where.key)
        if field is not None:
            field.focus()
        elif where.tab == loc.TAB_FUNDING:
            self.fields["funding.total"].focus()
        elif where.tab == loc.TAB_BASIC:
            self.fields["name"].focus()
