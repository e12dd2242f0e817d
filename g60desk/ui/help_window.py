"""帮助 > 使用说明: the users' guide shipped with the program, in a read-only Text."""

from __future__ import annotations

import tkinter
import tkinter.font
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk import paths
from g60desk.services.help import HEADING, ITEM, TITLE, read_help
from g60desk.ui.dialog_base import _Toplevel

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class HelpWindow(_Toplevel):
    def __init__(self, win: Host) -> None:
        height = min(640, win.root.winfo_screenheight() - 90)
        super().__init__(win, "使用说明", size=(760, height))
        b = self.body
        b.columnconfigure(0, weight=1)
        b.rowconfigure(0, weight=1)
        base = tkinter.font.nametofont("TkTextFont")
        size = int(base.cget("size"))
        self.text = ttk.Text(b, wrap="char", font="TkTextFont", padx=10, pady=8,
                             spacing1=2, spacing3=4)
        scroll = ttk.Scrollbar(b, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=scroll.set)
        self.text.grid(row=0, column=0, sticky="nsew")
        scroll.grid(row=0, column=1, sticky="ns")
        family = base.cget("family")
        self.text.tag_configure(TITLE, font=(family, abs(size) + 5, "bold"), spacing3=8)
        self.text.tag_configure(HEADING, font=(family, abs(size) + 2, "bold"), spacing1=10)
        self.text.tag_configure(ITEM, lmargin1=12, lmargin2=26)
        self.blocks = read_help(paths.help_file())
        for block in self.blocks:
            text = f"• {block.text}" if block.kind == ITEM else block.text
            self.text.insert("end", text + "\n", (block.kind,))
        self.text.configure(state="disabled")
        bar = ttk.Frame(b)
        bar.grid(row=1, column=0, columnspan=2, sticky="ew", pady=(8, 0))
        self.close_button = ttk.Button(bar, text="关闭", bootstyle="secondary", command=self.close)
        self.close_button.pack(side="right")
        self.place()
        self.text.focus_set()

    def shown(self) -> str:
        return str(self.text.get("1.0", "end-1c"))
