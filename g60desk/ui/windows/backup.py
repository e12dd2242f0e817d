"""恢复备份: the database's backups, one restored after confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import ttkbootstrap as ttk

from g60desk.services.backups import BackupRestore
from g60desk.ui.dialog_base import _Toplevel

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class BackupWindow(_Toplevel):
    """恢复备份: the backups newest first; restoring replaces all data (backed up first)."""

    def __init__(self, win: Host, backups: BackupRestore) -> None:
        super().__init__(win, "恢复备份", size=(680, 400))
        self.backups = backups
        b = self.body
        b.columnconfigure(0, weight=1)
        b.rowconfigure(1, weight=1)
        ttk.Label(b, wraplength=640, justify="left", bootstyle="secondary",
                  text="程序在每次启动后第一次保存前、之后每隔十分钟,以及恢复备份前,"
                       "会自动备份全部数据。恢复一份备份会替换当前的全部申报;"
                       "恢复前当前数据也会先备份,需要时可以再恢复回来。").grid(
            row=0, column=0, sticky="w")
        self.tree = ttk.Treeview(b, columns=("when", "decls", "projects", "why"),
                                 show="headings", selectmode="browse")
        columns: tuple[tuple[str, str, int, bool, Literal["w", "e"]], ...] = (
            ("when", "备份时间", 170, False, "w"),
            ("decls", "申报", 70, False, "e"), ("projects", "项目", 70, False, "e"),
            ("why", "原因", 200, True, "w"))
        for c, text, w, stretch, anchor in columns:
            self.tree.heading(c, text=text, anchor=anchor)
            self.tree.column(c, width=w, stretch=stretch, anchor=anchor)
        self.tree.grid(row=1, column=0, sticky="nsew", pady=(6, 0))
        self.message = ttk.Label(b, text="", wraplength=640, justify="left")
        self.message.grid(row=2, column=0, sticky="w", pady=(4, 0))
        bar = self.bar
        ttk.Button(bar, text="取消", bootstyle="secondary", command=self.close).pack(side="right")
        self.restore_button = ttk.Button(bar, text="恢复", bootstyle="primary",
                                         command=self.restore)
        self.restore_button.pack(side="right", padx=(0, 6))
        self.tree.bind("<Double-1>", lambda e: self.restore())
        self.reload()
        self.place()

    def reload(self) -> None:
        self.tree.delete(*self.tree.get_children())
        self.infos = self.backups.entries()
        for info in self.infos:
            self.tree.insert("", "end", iid=info.name, values=(
                f"{info.created:%Y-%m-%d %H:%M:%S}", f"{info.declaration_count} 份",
                f"{info.project_count} 个", info.reason_text))
        if self.infos:
            self.tree.selection_set(self.infos[0].name)
            self.tree.focus(self.infos[0].name)
        reason = self.backups.unavailable_reason(self.infos)
        self.restore_button.configure(state="disabled" if reason else "normal")
        self.message.configure(text=reason or "请选择一份备份,然后点击“恢复”。",
                               bootstyle="warning" if reason else "secondary")

    def selected(self) -> str | None:
        sel = self.tree.selection()
        return str(sel[0]) if sel else None

    def restore(self) -> bool:
        name = self.selected()
        if name is None or str(self.restore_button.cget("state")) == "disabled":
            return False
        info = next(i for i in self.infos if i.name == name)
        win = self.win
        warning = ""
        lost = win.session.unreadable_inputs()
        if lost:
            warning = f"\n\n注意:有 {len(lost)} 处无法识别的输入不会被保存,恢复后将不再显示。"
        if not win.dialogs.confirm(
                f"恢复 {info.describe()} 的备份?\n\n这会用备份替换当前的全部申报。"
                "恢复前,窗口中的修改会先保存,当前数据会先自动备份,"
                f"需要时可以在这里再恢复回来。{warning}", "恢复备份", ok="恢复"):
            return False
        if not win.restore_backup(name):
            if self.alive():
                self.reload()
            return False
        self.close()
        return True
