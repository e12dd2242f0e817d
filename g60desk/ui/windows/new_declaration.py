"""新建申报: year, 主管部门, 预算单位 and the form."""

from __future__ import annotations

import tkinter
import tkinter.font
from datetime import date
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.ui.dialog_base import _Toplevel

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class NewDeclarationWindow(_Toplevel):
    def __init__(self, win: Host) -> None:
        super().__init__(win, "新建申报", resizable=False)
        s = win.session
        b = self.body
        b.columnconfigure(1, weight=1)
        current = s.declaration
        self.year = tkinter.StringVar(master=self.top, value=str(
            current.year if current else date.today().year + 1))
        self.department = tkinter.StringVar(master=self.top,
                                            value=current.department if current else "")
        self.unit = tkinter.StringVar(master=self.top, value="")
        # The default template first, then the others newest id first.
        self.templates = sorted(s.templates.values(),
                                key=lambda t: (t.id != s.default_template, [-ord(c) for c in t.id]))
        self.template = tkinter.StringVar(master=self.top, value=self.templates[0].name)
        rows = (("年度", ttk.Spinbox(b, from_=2000, to=2100, textvariable=self.year, width=8)),
                ("主管部门", ttk.Entry(b, textvariable=self.department, width=44)),
                ("预算单位(实施单位)", ttk.Entry(b, textvariable=self.unit, width=44)),
                ("模板", ttk.Combobox(b, textvariable=self.template, state="readonly", width=42,
                                      values=[t.name for t in self.templates])))
        self.widgets = {}
        for r, (label, w) in enumerate(rows):
            ttk.Label(b, text=label).grid(row=r, column=0, sticky="w", padx=(0, 8), pady=4)
            w.grid(row=r, column=1, sticky="w" if r == 0 else "ew", pady=4)
            self.widgets[label] = w
        self.message = ttk.Label(b, text="", bootstyle="danger", wraplength=420)
        self.message.grid(row=4, column=0, columnspan=2, sticky="w")
        bar = self.bar
        ttk.Button(bar, text="取消", bootstyle="secondary", command=self.close).pack(side="right")
        self.create_button = ttk.Button(bar, text="创建", bootstyle="primary", command=self.create)
        self.create_button.pack(side="right", padx=(0, 6))
        self.top.bind("<Return>", lambda e: self.create())
        self.place()
        rows[1][1].focus_set()

    def create(self) -> bool:
        try:
            year = int(self.year.get().strip())
        except ValueError:
            self.message.configure(text="年度请填写四位数字,如 2026。")
            return False
        if not self.department.get().strip():
            self.message.configure(text="请填写主管部门,它会出现在申报表的标题中。")
            return False
        if not self.unit.get().strip():
            self.message.configure(text="请填写预算单位(本单位的名称),新项目的实施单位和所属单位用它;"
                                        "若与主管部门相同,请再填一次。")
            return False
        template = next(t for t in self.templates if t.name == self.template.get())
        if self.win.create_declaration(year, self.department.get(), self.unit.get(), template.id):
            self.close()
            return True
        return False
