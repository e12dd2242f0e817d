"""检查结果汇总: every finding of the open declaration, grouped by project.

A non-modal window; double-click (or Enter) on a finding jumps to its field in the
main window, through the same code as the findings panel. It follows the checks
while it is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.rules.findings import Finding
from g60desk.services import layout, marks
from g60desk.services import locate as loc
from g60desk.services.overview import group_findings
from g60desk.ui.dialog_base import _Toplevel
from g60desk.ui.fit import TreeTips, bind_activate, fit_tree, measured
from g60desk.ui.widgets import autowrap, colours

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class FindingsOverview(_Toplevel):
    def __init__(self, win: Host) -> None:
        super().__init__(win, "检查结果汇总(按项目)", size=(1120, 600))
        self.findings: dict[str, Finding] = {}
        self._shown: list[tuple[str, tuple[str, ...]]] = []
        b = self.body
        b.columnconfigure(0, weight=1)
        b.rowconfigure(1, weight=1)
        self.summary = ttk.Label(b, text="", font="TkHeadingFont")
        self.summary.grid(row=0, column=0, sticky="w")
        ttk.Label(b, text="双击一条检查结果,定位到出错的地方", bootstyle="secondary").grid(
            row=0, column=1, sticky="e")
        self.tree = ttk.Treeview(b, columns=("severity", "where", "message"), selectmode="browse")
        self.tree.heading("#0", text="项目", anchor="w")
        for c, text in (("severity", "级别"), ("where", "位置"), ("message", "说明")):
            self.tree.heading(c, text=text, anchor="w")
        scroll = ttk.Scrollbar(b, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.grid(row=1, column=0, columnspan=2, sticky="nsew", pady=(6, 0))
        scroll.grid(row=1, column=2, sticky="ns", pady=(6, 0))
        c = colours()
        if c is not None:
            for tag, colour in (("error", c.danger), ("warning", c.warning), ("info", c.info)):
                self.tree.tag_configure(tag, foreground=colour)
        self.tree.tag_configure("group", font="TkHeadingFont")
        self.detail = autowrap(ttk.Label(b, text="", justify="left"))
        self.detail.grid(row=2, column=0, columnspan=3, sticky="ew", pady=(6, 0))
        self.tips = TreeTips(self.tree)
        bind_activate(self.tree, self.jump_selected)
        self.tree.bind("<<TreeviewSelect>>", lambda e: self._selected())
        self.tree.bind("<Configure>", lambda e: self._fit(), add="+")
        ttk.Button(self.bar, text="关闭", bootstyle="secondary", command=self.close).pack(
            side="right")
        self.jump_button = ttk.Button(self.bar, text="定位到出错的地方", bootstyle="primary",
                                      command=self.jump_selected)
        self.jump_button.pack(side="right", padx=(0, 6))
        self.reload()
        self.place()
        self.tree.focus_set()

    def reload(self) -> None:
        """Redraw from the main window's latest declaration-wide findings."""
        s = self.win.session
        d = s.declaration
        if d is None:
            self.close()
            return
        found = self.win.decl_findings.get(d.id)
        if found is None:
            found = s.all_findings()
        names = [p.name for p in d.projects]
        rows: list[tuple[str, tuple[str, ...]]] = []
        findings: dict[str, Finding] = {}
        groups = group_findings(found, names)
        for g in groups:
            gid = f"g{g.project_index if g.project_index is not None else 'd'}"
            rows.append((gid, (g.label,)))
            for n, f in enumerate(g.findings):
                iid = f"{gid}.{n}"
                where = loc.describe(loc.locate(f.path, s.template.shape), s.template)
                rows.append((iid, (f.severity.value, f.severity.label, where, f.message)))
                findings[iid] = f
        self.findings = findings
        total = len(found)
        projects = sum(1 for g in groups if g.project_index is not None)
        self.summary.configure(text=f"共 {total} 条,涉及 {projects} 个项目" if total
                               else f"没有发现问题 {marks.OK}")
        if rows == self._shown:
            return
        self._shown = rows
        self.tree.delete(*self.tree.get_children())
        for iid, values in rows:
            if "." not in iid:
                self.tree.insert("", "end", iid=iid, text=values[0], open=True, tags=("group",))
            else:
                sev, *shown = values
                self.tree.insert(iid.split(".")[0], "end", iid=iid, text="", values=shown,
                                 tags=(sev,))
        first = next(iter(findings), None)
        if first is not None:
            self.tree.selection_set(first)
            self.tree.focus(first)
        self._fit()

    def _fit(self) -> None:
        tree = self.tree
        width = tree.winfo_width()
        if width <= 1:
            width = 860
        # A group's label is cut at a quarter of the width (whole in its tooltip), so
        # 说明 keeps most of the room.
        fit_tree(tree, [measured(tree, "#0", "项目", minimum=160, cap=max(200, width // 4)),
                        measured(tree, "severity", "级别", minimum=48),
                        measured(tree, "where", "位置", minimum=120, cap=230),
                        layout.Column("message", 200, 200, stretch=True)], width)

    def _selected(self) -> None:
        sel = self.tree.selection()
        f = self.findings.get(sel[0]) if sel else None
        self.detail.configure(text=f"{f.severity.label}:{f.message}" if f else "")

    def jump_selected(self) -> bool:
        sel = self.tree.selection()
        f = self.findings.get(sel[0]) if sel else None
        if f is None:
            return False
        self.win.jump_to(f)
        return True
