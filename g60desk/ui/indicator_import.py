"""导入 Excel for a workbook the program did not write: pick which column is which (the
recognised ones are chosen already), see the indicators and a finding for every row that
does not fit, then add them to the current project (its rows are kept; one undo step)."""

from __future__ import annotations

import tkinter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.domain.indicator_sheet import (
    ROLE_NAMES,
    ForeignIndicators,
    SheetTable,
    collect,
    usable,
)
from g60desk.ui.dialog_base import _Toplevel

if TYPE_CHECKING:
    from g60desk.ui.host import Host

NONE = "(不导入)"
# The roles a project's indicator rows take, in the order the dialog lists them.
ROLES = ("level1", "level2", "name", "operator", "value", "unit", "raw")
PREVIEW_ROWS = 300


class IndicatorImportWindow(_Toplevel):
    def __init__(self, win: Host, tables: Sequence[SheetTable], source: str) -> None:
        super().__init__(win, f"导入指标表:{source}")
        self.tables = [t for t in tables if t.rows or t.header]
        self.found: ForeignIndicators | None = None
        body = self.body
        top = ttk.Frame(body)
        top.pack(fill="x")
        ttk.Label(top, text="工作表:").pack(side="left")
        self.sheet = ttk.Combobox(top, state="readonly", width=24,
                                  values=[t.sheet for t in self.tables])
        self.sheet.pack(side="left", padx=(4, 12))
        self.sheet.bind("<<ComboboxSelected>>", lambda e: self.choose_sheet())
        self.header_label = ttk.Label(top, text="")
        self.header_label.pack(side="left")

        grid = ttk.Labelframe(body, text="各列对应(识别出的列已选好,其余请选择)", padding=8)
        grid.pack(fill="x", pady=(8, 4))
        self.boxes: dict[str, ttk.Combobox] = {}
        for k, role in enumerate(ROLES):
            ttk.Label(grid, text=ROLE_NAMES[role]).grid(row=k // 4 * 2, column=k % 4, sticky="w",
                                                       padx=4)
            box = ttk.Combobox(grid, state="readonly", width=18)
            box.grid(row=k // 4 * 2 + 1, column=k % 4, sticky="w", padx=4, pady=(0, 6))
            box.bind("<<ComboboxSelected>>", lambda e: self.refresh())
            self.boxes[role] = box

        self.tree = ttk.Treeview(body, columns=("row", "l1", "l2", "name", "target"),
                                 show="headings", height=10)
        for col, text, width in (("row", "行", 50), ("l1", "一级指标", 100),
                                 ("l2", "二级指标", 120), ("name", "三级指标", 260),
                                 ("target", "指标值", 120)):
            self.tree.heading(col, text=text)
            self.tree.column(col, width=width, stretch=col == "name")
        self.tree.pack(fill="both", expand=True, pady=4)
        self.problems = tkinter.Listbox(body, height=5)
        self.problems.pack(fill="x", pady=4)
        bottom = self.bar
        self.summary = ttk.Label(bottom, text="")
        self.summary.pack(side="left")
        ttk.Button(bottom, text="取消", bootstyle="secondary", command=self.close).pack(
            side="right")
        self.add_button = ttk.Button(bottom, text="添加到当前项目", command=self.apply)
        self.add_button.pack(side="right", padx=8)
        first = next((i for i, t in enumerate(self.tables) if usable(t.guess)), 0)
        if self.tables:
            self.sheet.current(first)
            self.choose_sheet()
        self.place()

    @property
    def table(self) -> SheetTable | None:
        i = self.sheet.current()
        return self.tables[i] if 0 <= i < len(self.tables) else None

    def choose_sheet(self) -> None:
        table = self.table
        if table is None:
            return
        names = table.column_names()
        guess = table.guess
        self.header_label.configure(text=f"第{table.header_row}行为表头,其下 {len(table.rows)} 行")
        for role, box in self.boxes.items():
            box.configure(values=[NONE, *names])
            i = guess.get(role)
            box.set(names[i] if i is not None and i < len(names) else NONE)
        self.refresh()

    def set_column(self, role: str, column: int | None) -> None:
        """Choose the column (0-based, None: not imported) of a role, as the user would."""
        box = self.boxes[role]
        values = list(box.cget("values"))
        box.set(NONE if column is None else values[column + 1])
        self.refresh()

    def columns(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for role, box in self.boxes.items():
            values = list(box.cget("values"))
            chosen = box.get()
            if chosen and chosen != NONE and chosen in values:
                out[role] = values.index(chosen) - 1
        return out

    def refresh(self) -> None:
        table = self.table
        self.tree.delete(*self.tree.get_children())
        self.problems.delete(0, "end")
        cols = self.columns()
        if table is None or not usable(cols):
            self.found = None
            self.summary.configure(text="请至少选择“三级指标”和“指标值”或“指标值(原文)”所在的列。")
            self.add_button.configure(state="disabled")
            return
        self.found = found = collect(table, cols)
        for _, n, ind in found.rows[:PREVIEW_ROWS]:
            self.tree.insert("", "end", values=(n, ind.level1, ind.level2, ind.name, ind.target))
        for line in found.findings:
            self.problems.insert("end", line)
        self.summary.configure(text=f"可添加 {len(found.rows)} 条指标,{len(found.findings)} 处问题。")
        self.add_button.configure(state="normal" if found.rows else "disabled")

    def apply(self) -> bool:
        win, found = self.win, self.found
        project = win.session.project
        if found is None or not found.rows or project is None or win.editor is None:
            return False
        kept = len(project.indicators)
        if not win.dialogs.confirm(
                f"把 {len(found.rows)} 条指标添加到项目“{project.name or '未命名'}”?\n\n"
                f"项目现有的 {kept} 条指标保留不变;添加后可以撤销(Ctrl+Z)。"
                + (f"\n另有 {len(found.findings)} 处问题,见对话框下方的列表。"
                   if found.findings else ""), "导入指标", ok="添加"):
            return False
        win.editor.indicators.insert_many(found.indicators())
        win.status(f"已从工作表“{found.sheet}”添加 {len(found.rows)} 条指标。")
        self.close()
        return True
