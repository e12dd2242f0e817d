"""回收站: deleted projects and declarations, restored or emptied."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.services.ports import RepositoryError
from g60desk.services.trash import KIND_PROJECT
from g60desk.ui.dialog_base import _Toplevel

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class TrashWindow(_Toplevel):
    def __init__(self, win: Host) -> None:
        super().__init__(win, "回收站", size=(620, 380))
        b = self.body
        b.columnconfigure(0, weight=1)
        b.rowconfigure(1, weight=1)
        ttk.Label(b, text="删除的项目和申报先放在这里,可以恢复到原来的位置。", bootstyle="secondary").grid(
            row=0, column=0, sticky="w")
        self.tree = ttk.Treeview(b, columns=("what", "where", "when"), show="headings",
                                 selectmode="browse")
        for c, text, w, stretch in (("what", "内容", 240, True), ("where", "所属申报", 200, False),
                                    ("when", "删除时间", 140, False)):
            self.tree.heading(c, text=text, anchor="w")
            self.tree.column(c, width=w, stretch=stretch, anchor="w")
        self.tree.grid(row=1, column=0, sticky="nsew", pady=(6, 0))
        self.message = ttk.Label(b, text="", wraplength=560)
        self.message.grid(row=2, column=0, sticky="w", pady=(4, 0))
        bar = self.bar
        ttk.Button(bar, text="关闭", bootstyle="secondary", command=self.close).pack(side="right")
        self.restore_button = ttk.Button(bar, text="恢复", bootstyle="primary", command=self.restore)
        self.restore_button.pack(side="right", padx=(0, 6))
        self.purge_button = ttk.Button(bar, text="彻底删除", bootstyle="danger-outline",
                                       command=self.purge)
        self.purge_button.pack(side="left")
        self.tree.bind("<Double-1>", lambda e: self.restore())
        self.reload()
        self.place()

    def reload(self) -> None:
        self.tree.delete(*self.tree.get_children())
        try:
            self.entries = self.win.session.bin.entries()
        except RepositoryError as exc:
            self.entries = []
            self.message.configure(text=exc.message, bootstyle="danger")
        for e in self.entries:
            when = e.deleted_at.replace("T", " ")
            self.tree.insert("", "end", iid=e.id, values=(e.title, e.label if e.kind == KIND_PROJECT
                                                           else "—", when))
        if self.entries:
            self.tree.selection_set(self.entries[0].id)
        state = "normal" if self.entries else "disabled"
        self.restore_button.configure(state=state)
        self.purge_button.configure(state=state)
        if not self.entries:
            self.message.configure(text="回收站是空的。", bootstyle="secondary")

    def restore(self) -> bool:
        sel = self.tree.selection()
        if not sel:
            return False
        win = self.win
        try:
            win.session.restore(sel[0])
        except RepositoryError as exc:
            self.message.configure(text=exc.message, bootstyle="danger")
            return False
        win.decl_findings.clear()
        win.show_current()
        win.status("已从回收站恢复。")
        self.reload()
        self.message.configure(text="已恢复。", bootstyle="success")
        return True

    def purge(self) -> bool:
        sel = self.tree.selection()
        if not sel:
            return False
        entry = next(e for e in self.entries if e.id == sel[0])
        if not self.win.dialogs.confirm(f"彻底删除“{entry.title}”?此操作不能撤销。", "彻底删除",
                                        ok="彻底删除", danger=True):
            return False
        try:
            self.win.session.bin.purge(entry.id)
        except RepositoryError as exc:
            self.message.configure(text=exc.message, bootstyle="danger")
            return False
        self.reload()
        return True
