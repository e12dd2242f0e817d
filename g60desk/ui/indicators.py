"""The 绩效指标 tab: the indicator grid, its row editor and the library picker.

The grid lists 一级 / 二级 / 三级 / 指标值 with the value as understood (定量 ≥ 85 %
or 定性); the row editor below edits the selected row, with 一级 and 二级 as
cascading pick lists from the template. Rows are added, deleted (Ctrl+Z brings
them back), moved and inserted from the indicator library. Once the declaration
is marked 已批复 the targets are read-only; 调整指标值… changes one with a reason and
keeps the approved version (:mod:`g60desk.domain.approval`).
"""

from __future__ import annotations

import copy
import tkinter
from collections.abc import Callable
from datetime import date

import ttkbootstrap as ttk

from g60desk.domain import approval
from g60desk.domain.errors import InputError
from g60desk.domain.model import Declaration, Indicator, Project
from g60desk.formspec.spec import Template
from g60desk.services import layout
from g60desk.services.fields import describe_target, target_hint
from g60desk.services.indicators import (
    insertion_index,
    level2_choices,
    level2_for,
    move_row,
    sort_rows,
)
from g60desk.services.library import IndicatorLibrary, Suggestion, satisfaction_row
from g60desk.ui.fit import (
    FlowRow,
    Tip,
    TreeTips,
    default_font,
    fit_tree,
    font_lines,
    measured,
    place_dialog,
)
from g60desk.ui.widgets import ERROR, WARNING, ChoiceField, EntryField, autowrap, colours

ROW_ATTRS = ("level1", "level2", "name", "target")
APPROVED_SHORT = "已批复"
UNDO_LIMIT = 50


class IndicatorsTab:
    def __init__(self, parent: tkinter.Misc, template: Template,
                 library: Callable[[], IndicatorLibrary | None],
                 notify: Callable[[str], None], status: Callable[[str], None]) -> None:
        self.template = template
        # Loaded on first use: reading the library file is not worth slowing the start.
        self.library = library
        self.notify = notify
        self.status = status
        self.project: Project | None = None
        self.declaration: Declaration | None = None
        self.picker: LibraryPicker | None = None
        self._undo: list[tuple[list[Indicator], int | None]] = []
        self._row_problems: dict[int, dict[str, str]] = {}
        self._messages: dict[int, dict[str, tuple[str, str]]] = {}
        # (selected row, its problems) last shown in the row editor.
        self._messages_shown: tuple[int | None, dict[str, tuple[str, str]] | None] | None = None
        self._loading = False
        shape = template.shape
        main_side = shape.side(shape.rules_side) or shape.sides[0]
        # Headers of the main side; a two-sided form shows each row's side in its own column.
        t = {"level1_header": template.text["level1_header"],
             "level2_header": main_side.level2_header, "name_header": main_side.name_header,
             "target_header": "指标值" if len(shape.sides) > 1 else main_side.target_header}
        self.sided = len(shape.sides) > 1
        self.side_labels = {sd.key: sd.label for sd in shape.sides}
        self.frame = ttk.Frame(parent, padding=(8, 6))
        self.frame.columnconfigure(0, weight=1)
        self.frame.rowconfigure(1, weight=1)

        bar = ttk.Frame(self.frame)
        bar.grid(row=0, column=0, sticky="ew", pady=(0, 4))
        # Wide enough, two rows: editing the rows above, the row count and approval
        # (已批复 / 调整) below. Too narrow for that (a large font, a small screen): one
        # row, the less-used actions in 更多 and, narrower still, shorter labels
        # (their whole names in tooltips); the row wraps before a button is cut off.
        self.edit_flow = FlowRow(bar)
        self.edit_flow.frame.pack(side="top", fill="x")
        self.state_row = ttk.Frame(bar)
        self.state_row.pack(side="top", fill="x", pady=(4, 0))
        # The items are the bar's children, made after its rows (so they show above
        # them), to move between the rows.
        self.buttons: dict[str, ttk.Button] = {}
        # The short labels of the buttons that stay in the row (their tooltip: the name).
        self.short_labels: dict[str, str] = {"library": "指标库…", "satisfaction": "满意度"}
        self.button_tips: dict[str, Tip] = {}
        for name, text, cmd, style in (
                ("add", "添加行", self.add_row, "primary"),
                ("library", "从指标库添加…", self.open_picker, "info"),
                ("satisfaction", "添加满意度指标 (Ctrl+M)", self.add_satisfaction,
                 "info-outline"),
                ("delete", "删除行", self.delete_row, "danger-outline"),
                ("up", "上移", lambda: self.move(-1), "secondary-outline"),
                ("down", "下移", lambda: self.move(1), "secondary-outline"),
                ("sort", "按一级/二级排序", self.sort, "secondary-outline"),
                ("adjust", "调整指标值…", self.open_adjust, "warning-outline"),
                ("approve", "标记已批复", self.toggle_approval, "success-outline")):
            b = ttk.Button(bar, text=text, command=cmd, bootstyle=style, takefocus=False)
            self.buttons[name] = b
            if name in self.short_labels:
                self.button_tips[name] = Tip(b)
        self.full_labels = {n: str(self.buttons[n].cget("text")) for n in self.short_labels}
        self.more = ttk.Menubutton(bar, text="更多", bootstyle="secondary-outline",
                                   takefocus=False)
        self.more_menu = ttk.Menu(self.more, tearoff=False, postcommand=self._fill_more)
        self.more.configure(menu=self.more_menu)
        self.count_label = ttk.Label(bar, text="", bootstyle="secondary")
        self.approval_label = ttk.Label(bar, text="", bootstyle="success")
        self.approval_text = ""
        self.approval_tip = Tip(self.approval_label)
        self.toolbar_mode = -1
        self._set_toolbar(layout.TOOLBAR_FULL)
        bar.bind("<Configure>", lambda e: self.fit_toolbar(int(e.width)), add="+")

        columns: tuple[str, ...] = ("no", "level1", "level2", "name", "target", "parsed")
        if self.sided:
            columns = ("no", "side", *columns[1:])
        box = ttk.Frame(self.frame)
        box.grid(row=1, column=0, sticky="nsew")
        box.columnconfigure(0, weight=1)
        box.rowconfigure(0, weight=1)
        # Few rows asked, so the row editor fits below; the table grows with the tab. A
        # tab too short for that asks for five (fit_rows).
        self.tree = ttk.Treeview(box, columns=columns, show="headings", selectmode="browse",
                                 height=3)
        heads = {"no": "#", "side": template.labels["side"], "level1": t["level1_header"], "level2": t["level2_header"],
                 "name": t["name_header"], "target": t["target_header"], "parsed": "解析"}
        widths = {"no": (34, False), "side": (76, False), "level1": (86, False), "level2": (140, False),
                  "name": (240, True), "target": (96, False), "parsed": (120, False)}
        for c in columns:
            self.tree.heading(c, text=heads[c], anchor="w")
            w, stretch = widths[c]
            self.tree.column(c, width=w, minwidth=30, stretch=stretch, anchor="w")
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.grid(row=0, column=0, sticky="nsew")
        scroll.grid(row=0, column=1, sticky="ns")
        self.heads = heads
        self.tips = TreeTips(self.tree)
        self.tree.bind("<Configure>", lambda e: self.fit_columns(), add="+")
        c = colours()
        if c is not None:
            self.tree.tag_configure(ERROR, foreground=c.danger)
            self.tree.tag_configure(WARNING, foreground=c.warning)
        self.tree.bind("<<TreeviewSelect>>", lambda e: self._selected())
        self.tree.bind("<Delete>", lambda e: self.delete_row())
        self.tree.bind("<Insert>", lambda e: self.add_row())
        self.tree.bind("<Return>", lambda e: self.focus_field("name"))
        self.tree.bind("<Double-1>", self._double_click)
        for seq in ("<Control-z>", "<Control-Z>", "<<Undo>>"):
            self.tree.bind(seq, lambda e: self._undo_key())
        for seq in ("<Control-Up>", "<Alt-Up>"):
            self.tree.bind(seq, lambda e: self._move_key(-1))
        for seq in ("<Control-Down>", "<Alt-Down>"):
            self.tree.bind(seq, lambda e: self._move_key(1))

        strip = ttk.Labelframe(self.frame, text="编辑选中的指标", padding=(8, 4))
        strip.grid(row=2, column=0, sticky="ew", pady=(6, 0))
        strip.columnconfigure(1, weight=1)
        strip.columnconfigure(3, weight=3)
        self.strip = strip
        self.fields: dict[str, EntryField] = {}
        l1 = ttk.Combobox(strip, width=12)
        l2 = ttk.Combobox(strip, width=24)
        self.level2_field = ChoiceField("level2", l2, self._strip_changed)
        name_entry = ttk.Entry(strip)
        target = ttk.Entry(strip, width=16)
        self.fields["level1"] = ChoiceField("level1", l1, self._strip_changed,
                                            [lv.name for lv in template.level1])
        self.fields["level2"] = self.level2_field
        self.fields["name"] = EntryField("name", name_entry, self._strip_changed)
        self.fields["target"] = EntryField("target", target, self._strip_changed)
        if self.sided:
            side_box = ttk.Combobox(strip, width=10, state="readonly",
                                    values=list(self.side_labels.values()))
            self.fields["side"] = EntryField("side", side_box, self._side_changed)
            ttk.Label(strip, text=template.labels["side"]).grid(row=2, column=2, sticky="e",
                                                               padx=(0, 4), pady=(4, 0))
            side_box.grid(row=2, column=3, sticky="w", pady=(4, 0))
        ttk.Label(strip, text=t["level1_header"]).grid(row=0, column=0, sticky="w", padx=(0, 4))
        l1.grid(row=0, column=1, sticky="ew", padx=(0, 10))
        ttk.Label(strip, text=t["level2_header"]).grid(row=0, column=2, sticky="w", padx=(0, 4))
        l2.grid(row=0, column=3, sticky="w")
        ttk.Label(strip, text=t["name_header"]).grid(row=1, column=0, sticky="w", padx=(0, 4),
                                                     pady=(4, 0))
        name_entry.grid(row=1, column=1, columnspan=3, sticky="ew", pady=(4, 0))
        ttk.Label(strip, text="指标值").grid(row=2, column=0, sticky="w", padx=(0, 4),
                                            pady=(4, 0))
        target.grid(row=2, column=1, sticky="ew", padx=(0, 10), pady=(4, 0))
        self.parsed = ttk.Label(strip, text="", bootstyle="secondary")
        self.parsed.grid(row=2 if not self.sided else 4, column=2 if not self.sided else 1,
                         columnspan=2, sticky="w", pady=(4, 0))
        self.message = ttk.Label(strip, text="", bootstyle="danger", justify="left")
        autowrap(self.message).grid(row=3, column=0, columnspan=4, sticky="ew", pady=(2, 0))
        for seq in ("<Return>", "<KP_Enter>"):
            target.bind(seq, lambda e: self._next_row())
        self._set_strip_enabled(False)
        self.page = parent
        for resized in (parent, self.frame):
            resized.bind("<Configure>", lambda e: self.fit_rows(), add="+")

    # ------------------------------------------------------------ loading

    @property
    def rows(self) -> list[Indicator]:
        return self.project.indicators if self.project is not None else []

    def load(self, project: Project | None, decl: Declaration | None = None) -> None:
        if project is not self.project:
            self._undo.clear()
        self.project = project
        self.declaration = decl
        self._show_approval()
        self.refresh(select=0 if project is not None and project.indicators else None)

    # ------------------------------------------------------------ 已批复 and 调整

    @property
    def approved(self) -> bool:
        return self.declaration is not None and bool(self.declaration.approved)

    def target_locked(self, i: int) -> bool:
        return (self.declaration is not None and 0 <= i < len(self.rows)
                and approval.is_locked(self.declaration, self.rows[i]))

    def _show_approval(self) -> None:
        d = self.declaration
        self.approval_text = f"已批复({d.approved}),指标值只读" if d and d.approved else ""
        self._show_approval_label()
        self.buttons["approve"].configure(text="撤销批复" if self.approved else "标记已批复",
                                          state="normal" if d is not None else "disabled")
        self.buttons["adjust"].configure(state="normal" if self.approved else "disabled")
        self.fit_toolbar()

    # ------------------------------------------------------------ the toolbar

    # The actions 更多 holds when the row is short, with their keys.
    MORE = (("up", "Ctrl+↑"), ("down", "Ctrl+↓"), ("sort", ""), None,
            ("approve", ""), ("adjust", ""))
    MAIN = ("add", "library", "satisfaction", "delete")

    def fit_rows(self) -> None:
        """Five rows of the table in view when the tab is too short for all of it."""
        _, row = font_lines(self.frame)
        rows_now = int(self.tree.cget("height"))
        rows = layout.table_rows(self.page.winfo_height(), self.frame.winfo_reqheight(),
                                 rows_now, row)
        if rows != rows_now:
            self.tree.configure(height=rows)

    def fit_toolbar(self, available: int | None = None) -> None:
        """Lay the toolbar out for ``available`` pixels (default: its present width)."""
        bar = self.edit_flow.frame.master
        assert isinstance(bar, tkinter.Misc)
        if available is None:
            available = bar.winfo_width()
        if available <= 1:
            return
        font = default_font(self.frame)
        gap = self.edit_flow.gap

        def width(name: str, short: bool = False) -> int:
            b = self.buttons[name]
            text = str(b.cget("text"))
            # The button's padding and border: its request less its label.
            pad = b.winfo_reqwidth() - font.measure(text)
            label = self.short_labels.get(name, text) if short else self.full_labels.get(name, text)
            return pad + font.measure(label)

        labels = [self.count_label.winfo_reqwidth()]
        if self.approval_text:
            labels.append(font.measure(APPROVED_SHORT) + 4)
        more = self.more.winfo_reqwidth()
        full = [width(n) for n in (*self.MAIN, "up", "down", "sort")]
        folded = [*(width(n) for n in self.MAIN), more, *labels]
        short = [*(width(n, True) for n in self.MAIN), more, *labels]
        self._set_toolbar(layout.toolbar_layout(full, folded, short, available, gap))

    def _set_toolbar(self, mode: int) -> None:
        if mode == self.toolbar_mode:
            return
        self.toolbar_mode = mode
        for name, full in self.full_labels.items():
            short = mode == layout.TOOLBAR_SHORT
            self.buttons[name].configure(text=self.short_labels[name] if short else full)
            self.button_tips[name].text = full if short else ""
        self._show_approval_label()
        for w in (self.count_label, self.approval_label, self.buttons["approve"],
                  self.buttons["adjust"]):
            w.pack_forget()
        if mode == layout.TOOLBAR_FULL:
            self.edit_flow.set_items([self.buttons[n] for n in
                                      (*self.MAIN, "up", "down", "sort")])
            self.state_row.pack(side="top", fill="x", pady=(4, 0), after=self.edit_flow.frame)
            self.count_label.pack(in_=self.state_row, side="left")
            for name in ("adjust", "approve"):
                self.buttons[name].pack(in_=self.state_row, side="right", padx=(4, 0))
            self.approval_label.pack(in_=self.state_row, side="right", padx=(8, 4))
        else:
            self.state_row.pack_forget()
            self.edit_flow.set_items([*(self.buttons[n] for n in self.MAIN), self.more,
                                      self.count_label, self.approval_label])

    def _show_approval_label(self) -> None:
        """已批复 and its date; in the one-row toolbar only 已批复 (the rest in a tooltip)."""
        full = self.approval_text
        short = self.toolbar_mode != layout.TOOLBAR_FULL and bool(full)
        self.approval_label.configure(text=APPROVED_SHORT if short else full)
        self.approval_tip.text = full if short else ""

    def folded(self) -> list[str]:
        """The actions in 更多 now (none when every button shows)."""
        if self.toolbar_mode == layout.TOOLBAR_FULL:
            return []
        return [item[0] for item in self.MORE if item is not None]

    def _fill_more(self) -> None:
        """The menu lists the folded buttons as they are now (label, enabled)."""
        menu = self.more_menu
        menu.delete(0, "end")
        for item in self.MORE:
            if item is None:
                menu.add_separator()
                continue
            name, key = item
            b = self.buttons[name]
            menu.add_command(label=str(b.cget("text")), accelerator=key, command=b.invoke,
                             state="disabled" if str(b.cget("state")) == "disabled"
                             else "normal")

    def toggle_approval(self, on: str | None = None) -> None:
        """标记已批复 (every target becomes the approved one) or 撤销批复."""
        d = self.declaration
        if d is None:
            return
        if d.approved:
            approval.withdraw_approval(d)
            self.status("已撤销批复标记,指标值可以直接修改。")
        else:
            approval.approve(d, on or date.today().isoformat())
            self.status("已标记为已批复:指标值只读,修改请使用“调整指标值”。")
        self._show_approval()
        self.refresh(self.selected())
        self.notify("indicators")

    def adjust(self, new_target: str, reason: str, on: str | None = None) -> str | None:
        """调整 the selected row's target; the Chinese reason it was refused, or None."""
        i = self.selected()
        if i is None or self.project is None or self.declaration is None:
            return "请先选择要调整的指标。"
        try:
            change = approval.adjust_target(self.declaration, self.project, i, new_target,
                                            reason, on or date.today().isoformat())
        except InputError as exc:
            return exc.message
        self.refresh(i)
        self.status(change.describe())
        self.notify(f"indicators[{i}].target")
        return None

    def open_adjust(self) -> AdjustDialog | None:
        i = self.selected()
        if i is None or not self.approved:
            return None
        return AdjustDialog(self.frame, self.rows[i], self.adjust)

    def _values(self, i: int, row: Indicator) -> tuple[str, ...]:
        values = (str(i + 1), row.level1, row.level2, row.name, row.target,
                  describe_target(row.target))
        if self.sided:
            side = self.side_labels.get(self.template.shape.side_of(row), "")
            return (values[0], side, *values[1:])
        return values

    def refresh(self, select: int | None = None) -> None:
        """Redraw every row (after a structural change) and select ``select``."""
        self.tree.delete(*self.tree.get_children())
        for i, row in enumerate(self.rows):
            self.tree.insert("", "end", iid=str(i), values=self._values(i, row),
                             tags=self._tags(i))
        self.count_label.configure(text=f"共 {len(self.rows)} 行")
        self.fit_columns()
        if select is not None and 0 <= select < len(self.rows):
            self.select(select)
        else:
            self._load_strip(None)

    def fit_columns(self) -> None:
        """Every column as wide as its content and header; 三级指标 takes what is left
        and gives way first (a name cut off shows whole in a tooltip)."""
        tree = self.tree
        width = tree.winfo_width()
        if width <= 1:
            return
        caps = {"no": 60, "side": 120, "level1": 140, "level2": 200, "target": 280,
                "parsed": 240}
        minimum = {"no": 30, "name": 120}
        columns = [measured(tree, key, self.heads[key], minimum=minimum.get(key, 56),
                            cap=caps.get(key, 10_000), stretch=key == "name")
                   for key in tree.cget("columns")]
        fit_tree(tree, columns, width)

    def refresh_row(self, i: int) -> None:
        if self.tree.exists(str(i)):
            self.tree.item(str(i), values=self._values(i, self.rows[i]), tags=self._tags(i))
            self.fit_columns()

    def selected(self) -> int | None:
        sel = self.tree.selection()
        return int(sel[0]) if sel else None

    def select(self, i: int, field: str | None = None) -> None:
        iid = str(i)
        if not self.tree.exists(iid):
            return
        self.tree.selection_set(iid)
        self.tree.focus(iid)
        self.tree.see(iid)
        self._load_strip(i)
        if field:
            self.focus_field(field)

    def focus_field(self, field: str) -> str:
        f = self.fields.get(field)
        if f is not None and self.selected() is not None:
            f.focus()
            f.select_all()
        return "break"

    def _selected(self) -> None:
        self._load_strip(self.selected())

    def _double_click(self, event: tkinter.Event) -> str:
        column = self.tree.identify_column(event.x)
        attr = {"#2": "level1", "#3": "level2", "#4": "name", "#5": "target", "#6": "target"}
        if self.sided:
            attr = {"#3": "level1", "#4": "level2", "#5": "name", "#6": "target", "#7": "target"}
        row = self.tree.identify_row(event.y)
        if row:
            self.select(int(row), attr.get(column, "name"))
        return "break"

    def _set_strip_enabled(self, enabled: bool) -> None:
        for f in self.fields.values():
            f.widget.configure(state="normal" if enabled else "disabled")
        for name in ("delete", "up", "down"):
            self.buttons[name].configure(state="normal" if enabled else "disabled")

    def _load_strip(self, i: int | None) -> None:
        self._messages_shown = None
        self._loading = True
        try:
            if i is None or not 0 <= i < len(self.rows):
                for f in self.fields.values():
                    f.set("")
                self.parsed.configure(text="")
                self._set_strip_enabled(False)
                self._show_row_problems(None)
                return
            self._set_strip_enabled(True)
            if self.target_locked(i):
                self.fields["target"].widget.configure(state="readonly")
            row = self.rows[i]
            self.level2_field.set_choices(level2_choices(self.template, row.level1))
            for attr in ROW_ATTRS:
                self.fields[attr].set(getattr(row, attr))
            if self.sided:
                self.fields["side"].set(self.side_labels[self.template.shape.side_of(row)])
            self.parsed.configure(text=target_hint(row.target, self.template.value_style))
            self._show_row_problems(i)
        finally:
            self._loading = False

    # ------------------------------------------------------------ editing

    def _side_changed(self, _attr: str, text: str) -> None:
        """The row moves to the side chosen (中期指标 / 年度指标)."""
        if self._loading:
            return
        i = self.selected()
        key = next((k for k, label in self.side_labels.items() if label == text), None)
        if i is None or self.project is None or key is None:
            return
        self.rows[i].side = "" if key == self.template.shape.rules_side else key
        self.refresh_row(i)
        self.notify("indicators")

    def _strip_changed(self, attr: str, text: str) -> None:
        if self._loading:
            return
        i = self.selected()
        if i is None or self.project is None:
            return
        row = self.rows[i]
        setattr(row, attr, text)
        if attr == "level1":
            self.level2_field.set_choices(level2_choices(self.template, text))
            kept = level2_for(self.template, text, row.level2)
            if kept != row.level2:
                row.level2 = kept
                self._loading = True
                try:
                    self.level2_field.set(kept)
                finally:
                    self._loading = False
        if attr == "target":
            self.parsed.configure(text=target_hint(text, self.template.value_style))
        self.refresh_row(i)
        self.notify(f"indicators[{i}].{attr}")

    def _snapshot(self) -> None:
        self._undo.append((copy.deepcopy(self.rows), self.selected()))
        del self._undo[:-UNDO_LIMIT]

    def _structure_changed(self, select: int | None, message: str = "") -> None:
        self.refresh(select)
        self.notify("indicators")
        if message:
            self.status(message)

    def insert(self, row: Indicator, index: int | None = None) -> int:
        if self.project is None:
            return -1
        self._snapshot()
        if index is None:
            index = insertion_index(self.rows, row, self.template)
        self.rows.insert(index, row)
        self._structure_changed(index)
        return index

    def insert_many(self, rows: list[Indicator]) -> None:
        """Rows from elsewhere (an indicator sheet), each in its group; one undo step."""
        if self.project is None or not rows:
            return
        self._snapshot()
        index = 0
        for row in rows:
            index = insertion_index(self.rows, row, self.template)
            self.rows.insert(index, row)
        self._structure_changed(index)

    def add_row(self) -> None:
        if self.project is None:
            return
        i = self.selected()
        base = self.rows[i] if i is not None else None
        row = Indicator(base.level1, base.level2, "", "", base.side) if base else Indicator(
            self.template.level1[0].name, self.template.level1[0].level2[0], "", "")
        index = self.insert(row, (i + 1) if i is not None else len(self.rows))
        self.focus_field("name")
        self.status(f"已添加第{index + 1}行。")

    def add_satisfaction(self) -> None:
        if self.project is None:
            return
        row = satisfaction_row(self.template)
        index = self.insert(row)
        self.select(index, "target")
        self.status(f"已添加满意度指标(第{index + 1}行),请按实际修改指标名称和指标值。")

    def insert_suggestion(self, s: Suggestion) -> int:
        index = self.insert(s.to_indicator())
        self.status(s.inserted_note(index))
        return index

    def delete_row(self) -> None:
        i = self.selected()
        if i is None or self.project is None:
            return
        self._snapshot()
        removed = self.rows.pop(i)
        self._structure_changed(min(i, len(self.rows) - 1) if self.rows else None,
                                f"已删除指标“{removed.name or '(空)'}”,按 Ctrl+Z 可恢复。")
        if self.rows:
            self.tree.focus_set()

    def move(self, delta: int) -> None:
        i = self.selected()
        if i is None or self.project is None:
            return
        self._snapshot()
        new = move_row(self.rows, i, delta)
        if new is None:
            self._undo.pop()
            return
        self._structure_changed(new)
        self.tree.focus_set()

    def sort(self) -> None:
        if self.project is None or not self.rows:
            return
        self._snapshot()
        self.project.indicators[:] = sort_rows(self.rows, self.template)
        self._structure_changed(0, "已按一级、二级指标排序,按 Ctrl+Z 可撤销。")

    def _move_key(self, delta: int) -> str:
        self.move(delta)
        return "break"

    def _undo_key(self) -> str:
        self.undo()
        return "break"

    def undo(self) -> bool:
        if not self._undo or self.project is None:
            return False
        rows, sel = self._undo.pop()
        self.project.indicators[:] = rows
        self._structure_changed(sel, "已撤销。")
        return True

    def _next_row(self) -> str:
        i = self.selected()
        if i is not None and i + 1 < len(self.rows):
            self.select(i + 1, "name")
        else:
            self.add_row()
        return "break"

    # ------------------------------------------------------------ library

    def open_picker(self) -> LibraryPicker | None:
        library = self.library()
        if library is None or self.project is None:
            self.status("指标库不可用。")
            return None
        if self.picker is not None and self.picker.alive():
            self.picker.top.lift()
            self.picker.search_entry.focus_set()
            return self.picker
        self.picker = LibraryPicker(self.frame, library, self.insert_suggestion)
        return self.picker

    # ------------------------------------------------------------ problems

    def _tags(self, i: int) -> tuple[str, ...]:
        problems = self._row_problems.get(i)
        if not problems:
            return ()
        return (ERROR,) if ERROR in problems.values() else (WARNING,)

    def show_problems(self, rows: dict[int, dict[str, tuple[str, str]]]) -> None:
        """``rows[i][attr] = (level, message)`` for the rows with findings."""
        old = self._row_problems
        self._row_problems = {i: {a: lv for a, (lv, _) in d.items()} for i, d in rows.items()}
        self._messages = rows
        for i in set(old) | set(self._row_problems):
            if old.get(i) != self._row_problems.get(i) and self.tree.exists(str(i)):
                self.tree.item(str(i), tags=self._tags(i))
        selected = self.selected()
        current = (selected, rows.get(selected) if selected is not None else None)
        if current != self._messages_shown:
            self._messages_shown = current
            self._show_row_problems(selected)

    def _show_row_problems(self, i: int | None) -> None:
        problems = self._messages.get(i, {}) if i is not None else {}
        for attr, f in self.fields.items():
            level = problems.get(attr, (None, ""))[0]
            f.set_problem(level)
        messages = [m for _, (lv, m) in sorted(problems.items()) if lv == ERROR] + [
            m for _, (lv, m) in sorted(problems.items()) if lv != ERROR]
        self.message.configure(text=" ".join(messages[:2]),
                               bootstyle="danger" if any(lv == ERROR for lv, _ in problems.values())
                               else "warning")


class LibraryPicker:
    """A non-modal window to search the indicator library and insert rows.

    It stays open so several rows can be added; Enter or double-click inserts.
    """

    def __init__(self, master: tkinter.Misc, library: IndicatorLibrary,
                 on_insert: Callable[[Suggestion], int]) -> None:
        self.library = library
        self.on_insert = on_insert
        self.results: list[Suggestion] = []
        top = ttk.Toplevel(title="从指标库添加指标", transient=master.winfo_toplevel(),
                           size=(760, 460), minsize=(560, 320))
        self.top = top
        # The buttons first, at the bottom: a large font squeezes the list, not them.
        bar = self.bar = ttk.Frame(top, padding=(10, 0, 10, 10))
        bar.pack(side="bottom", fill="x")
        frame = ttk.Frame(top, padding=10)
        frame.pack(fill="both", expand=True)
        frame.columnconfigure(1, weight=1)
        frame.rowconfigure(1, weight=1)
        ttk.Label(frame, text="关键词:").grid(row=0, column=0, sticky="w")
        self.query = tkinter.StringVar(master=top)
        self.search_entry = ttk.Entry(frame, textvariable=self.query)
        self.search_entry.grid(row=0, column=1, sticky="ew", padx=(4, 0))
        ttk.Label(frame, text=f"只列出模板“{library.template.name}”中的一级/二级指标",
                  bootstyle="secondary").grid(row=0, column=2, sticky="e", padx=(8, 0))
        cols = ("level1", "level2", "name", "target")
        self.tree = ttk.Treeview(frame, columns=cols, show="headings", selectmode="browse")
        for c, (text, w, stretch) in zip(cols, (("一级指标", 90, False), ("二级指标", 160, False),
                                                ("三级指标", 300, True), ("建议指标值", 110, False)),
                                         strict=True):
            self.tree.heading(c, text=text, anchor="w")
            self.tree.column(c, width=w, stretch=stretch, anchor="w")
        scroll = ttk.Scrollbar(frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.grid(row=1, column=0, columnspan=3, sticky="nsew", pady=(8, 0))
        scroll.grid(row=1, column=3, sticky="ns", pady=(8, 0))
        self.note = ttk.Label(bar, text="", bootstyle="success")
        self.note.pack(side="left")
        ttk.Button(bar, text="关闭", bootstyle="secondary", command=self.close).pack(side="right")
        self.insert_button = ttk.Button(bar, text="插入所选指标", bootstyle="primary",
                                        command=self.insert_selected)
        self.insert_button.pack(side="right", padx=(0, 6))
        self.query.trace_add("write", lambda *a: self.search())
        self.tree.bind("<Double-1>", lambda e: self.insert_selected())
        self.tree.bind("<Return>", lambda e: self.insert_selected())
        self.search_entry.bind("<Return>", lambda e: self._enter_from_search())
        self.search_entry.bind("<Down>", lambda e: self._to_results())
        top.bind("<Escape>", lambda e: self.close())
        top.protocol("WM_DELETE_WINDOW", self.close)
        self.search()
        self._place(master.winfo_toplevel())
        self.search_entry.focus_set()

    def _place(self, over: tkinter.Misc) -> None:
        """Centre over the main window (an unplaced window lands top-left on X11)."""
        place_dialog(self.top, over, self.bar, (760, 460))

    def alive(self) -> bool:
        try:
            return bool(self.top.winfo_exists())
        except tkinter.TclError:
            return False

    def search(self) -> None:
        self.results = self.library.search(self.query.get())
        self.tree.delete(*self.tree.get_children())
        for i, s in enumerate(self.results):
            self.tree.insert("", "end", iid=str(i),
                             values=(s.entry.level1, s.entry.level2, s.entry.name, s.shown))
        if self.results:
            self.tree.selection_set("0")
            self.tree.see("0")
        self.note.configure(text=f"找到 {len(self.results)} 条" if self.query.get().strip()
                            else f"共 {len(self.results)} 条,输入关键词筛选")

    def _to_results(self) -> str:
        if self.results:
            self.tree.focus_set()
            self.tree.focus(self.tree.selection()[0] if self.tree.selection() else "0")
        return "break"

    def _enter_from_search(self) -> str:
        self.insert_selected()
        return "break"

    def insert_selected(self) -> None:
        sel = self.tree.selection()
        if not sel:
            return
        s = self.results[int(sel[0])]
        row = self.on_insert(s)
        self.note.configure(text=f"已插入“{s.entry.name}”(第{row + 1}行)")

    def close(self) -> None:
        if self.alive():
            self.top.destroy()


class AdjustDialog:
    """调整指标值: the approved value, the new value and the reason (required)."""

    def __init__(self, master: tkinter.Misc, row: Indicator,
                 apply: Callable[[str, str], str | None]) -> None:
        self.apply = apply
        self.win = ttk.Toplevel(master=master, title="调整指标值")
        self.win.transient(master.winfo_toplevel())
        buttons = self.bar = ttk.Frame(self.win, padding=(12, 0, 12, 12))
        buttons.pack(side="bottom", fill="x")
        body = ttk.Frame(self.win, padding=12)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=f"指标:{row.name}").grid(row=0, column=0, columnspan=2, sticky="w")
        ttk.Label(body, text=f"已批复的指标值:{row.reference_target}").grid(
            row=1, column=0, columnspan=2, sticky="w", pady=(4, 8))
        ttk.Label(body, text="调整后的指标值").grid(row=2, column=0, sticky="w", padx=(0, 8))
        self.target = ttk.Entry(body, width=24)
        self.target.insert(0, row.reference_target)
        self.target.grid(row=2, column=1, sticky="ew")
        ttk.Label(body, text="调整原因").grid(row=3, column=0, sticky="w", padx=(0, 8), pady=4)
        self.reason = ttk.Entry(body, width=36)
        self.reason.grid(row=3, column=1, sticky="ew", pady=4)
        self.message = ttk.Label(body, text="", bootstyle="danger")
        self.message.grid(row=4, column=0, columnspan=2, sticky="w")
        ttk.Button(buttons, text="取消", bootstyle="secondary",
                   command=self.win.destroy).pack(side="right")
        ttk.Button(buttons, text="确定", bootstyle="primary", command=self.ok).pack(
            side="right", padx=(0, 6))
        self.win.bind("<Escape>", lambda e: self.win.destroy())
        for seq in ("<Return>", "<KP_Enter>"):
            self.win.bind(seq, lambda e: self.ok())
        place_dialog(self.win, master.winfo_toplevel(), buttons)
        self.target.focus_set()

    def ok(self) -> bool:
        problem = self.apply(self.target.get(), self.reason.get())
        if problem:
            self.message.configure(text=problem)
            return False
        self.win.destroy()
        return True
