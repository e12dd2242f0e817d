"""The navigator: declarations by year → units → projects, with status and amount.

Draws :func:`g60desk.services.navigation.build_tree`; selecting a project tells
the window, which opens it. Item ids: ``y:2022``, ``d:<declaration>``,
``u:<declaration>:<unit>``, ``p:<declaration>:<project>``.
"""

from __future__ import annotations

import tkinter
import tkinter.font as tkfont
from collections.abc import Callable

import ttkbootstrap as ttk

from g60desk.domain.money import format_wan
from g60desk.services import layout
from g60desk.services.navigation import (
    STATUS_ERROR,
    STATUS_UNCHECKED,
    STATUS_WARNING,
    NavProject,
    NavYear,
)
from g60desk.ui.fit import TreeTips, default_font, fit_tree, measured
from g60desk.ui.widgets import colours

NAV_STYLE = "Nav.Treeview"


def project_iid(decl_id: str, project_id: str) -> str:
    return f"p:{decl_id}:{project_id}"


class Navigator:
    def __init__(self, parent: tkinter.Misc, on_select: Callable[[str, str | None], None],
                 on_filter: Callable[[str], None], errors_only: bool = False) -> None:
        self.on_select = on_select
        self.frame = ttk.Frame(parent, padding=(6, 6, 2, 6))
        self.frame.columnconfigure(0, weight=1)
        self.frame.rowconfigure(1, weight=1)
        search = ttk.Frame(self.frame)
        search.grid(row=0, column=0, columnspan=2, sticky="ew", pady=(0, 4))
        search.columnconfigure(1, weight=1)
        ttk.Label(search, text="筛选").grid(row=0, column=0, padx=(0, 4))
        self.filter_var = tkinter.StringVar(master=self.frame)
        self.filter_entry = ttk.Entry(search, textvariable=self.filter_var)
        self.filter_entry.grid(row=0, column=1, sticky="ew")
        self.filter_var.trace_add("write", lambda *a: on_filter(self.filter_var.get()))
        self.filter_entry.bind("<Escape>", lambda e: self.filter_var.set(""))
        self.errors_only = tkinter.BooleanVar(master=self.frame, value=errors_only)
        # A toggle button, pressed while the filter is on: no check-box images to draw
        # on the first screen (ttkbootstrap makes them on first use, about 15 ms).
        self.errors_check = ttk.Checkbutton(
            search, text="只看有错误的项目", variable=self.errors_only, takefocus=False,
            bootstyle="secondary-outline-toolbutton",
            command=lambda: on_filter(self.filter_var.get()))
        self.errors_check.grid(row=1, column=0, columnspan=2, sticky="w", pady=(4, 0))
        # Its own style: a narrow navigator indents less (fit). Its indent is set now,
        # with the window's other styles: written at the first resize, it would make ttk
        # go over every widget once more before the first paint.
        self._indent = layout.nav_indent(False)
        ttk.Style().configure(NAV_STYLE, indent=self._indent)
        self.tree = ttk.Treeview(self.frame, columns=("amount",), selectmode="browse",
                                 style=NAV_STYLE)
        self.tree.heading("#0", text="申报 / 单位 / 项目", anchor="w")
        self.tree.heading("amount", text="万元", anchor="e")
        self.tree.column("#0", width=220, minwidth=120, stretch=True)
        self.tree.column("amount", width=72, minwidth=60, stretch=False, anchor="e")
        scroll = ttk.Scrollbar(self.frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.grid(row=1, column=0, sticky="nsew")
        scroll.grid(row=1, column=1, sticky="ns")
        c = colours()
        if c is not None:
            self.tree.tag_configure(STATUS_ERROR, foreground=c.danger)
            self.tree.tag_configure(STATUS_WARNING, foreground=c.warning)
            self.tree.tag_configure(STATUS_UNCHECKED, foreground=c.secondary)
        self.tree.tag_configure("group", font="TkHeadingFont")
        self._suppress = False
        self.tree.bind("<<TreeviewSelect>>", self._selected)
        # Long project names: the tree column follows the pane, the amount keeps its
        # width, and a name cut off shows whole in a tooltip.
        self.tips = TreeTips(self.tree)
        self.tree.bind("<Configure>", lambda e: self.fit(), add="+")

    def _selected(self, _event: object = None) -> None:
        if self._suppress:
            return
        sel = self.tree.selection()
        if not sel:
            return
        kind, _, rest = sel[0].partition(":")
        if kind == "p":
            decl_id, _, project_id = rest.partition(":")
            self.on_select(decl_id, project_id)
        elif kind == "d":
            self.on_select(rest, None)

    @staticmethod
    def _project_text(p: NavProject) -> str:
        """``×2 课题与规划``: the status mark leads, so it survives a narrow pane."""
        return f"{p.counts.label} {p.name}" + (f"〔{p.mark}〕" if p.mark else "")

    @staticmethod
    def _project_values(p: NavProject) -> tuple[str]:
        return (format_wan(p.annual) if p.annual is not None else "—",)

    def show(self, years: list[NavYear], current: tuple[str, str | None] | None) -> None:
        """Redraw the whole tree, keeping which nodes were closed, and select ``current``."""
        closed = {iid for iid in self._all_items() if not self.tree.item(iid, "open")}
        self._suppress = True
        try:
            self.tree.delete(*self.tree.get_children())
            for y in years:
                yid = f"y:{y.year}"
                self.tree.insert("", "end", iid=yid, text=f"{y.year} 年度", open=yid not in closed,
                                 tags=("group",))
                for d in y.declarations:
                    did = f"d:{d.id}"
                    self.tree.insert(yid, "end", iid=did, text=d.label, open=did not in closed,
                                     values=(format_wan(d.annual_total),),
                                     tags=(d.counts.status, "group"))
                    for u in d.units:
                        uid = f"u:{d.id}:{u.name}"
                        parent = did
                        if not (len(d.units) == 1 and u.name == d.department):
                            self.tree.insert(did, "end", iid=uid, text=u.name,
                                             open=uid not in closed)
                            parent = uid
                        for p in u.projects:
                            self.tree.insert(parent, "end", iid=project_iid(d.id, p.id),
                                             text=self._project_text(p),
                                             values=self._project_values(p),
                                             tags=(p.counts.status,))
            self.select(current)
        finally:
            self._suppress = False
        self.fit()

    def select(self, current: tuple[str, str | None] | None) -> None:
        if current is None:
            return
        decl_id, project_id = current
        iid = project_iid(decl_id, project_id) if project_id else f"d:{decl_id}"
        if not self.tree.exists(iid):
            iid = f"d:{decl_id}"
        if self.tree.exists(iid):
            was = self._suppress
            self._suppress = True
            try:
                self.tree.selection_set(iid)
                self.tree.focus(iid)
                self.tree.see(iid)
            finally:
                self._suppress = was

    def update_project(self, decl_id: str, p: NavProject) -> None:
        """Refresh one project's line while the user types (no full redraw)."""
        iid = project_iid(decl_id, p.id)
        if self.tree.exists(iid):
            self.tree.item(iid, text=self._project_text(p), values=self._project_values(p),
                           tags=(p.counts.status,))

    def fit(self) -> None:
        """The 万元 column as wide as its amounts, the names the rest; a pane narrow for
        the font indents less and pads the amounts less (layout.nav_narrow)."""
        width = self.tree.winfo_width()
        if width <= 1:
            return
        narrow = layout.nav_narrow(width, default_font(self.tree).measure("中"))
        indent = layout.nav_indent(narrow)
        if indent != self._indent:
            self._indent = indent
            ttk.Style().configure(NAV_STYLE, indent=indent)
        # Amounts of the bold (group) lines measured in their font.
        plain, bold = default_font(self.tree), tkfont.nametofont("TkHeadingFont", root=self.tree)
        texts = [(bold, "万元")]
        for iid in self._all_items():
            values = self.tree.item(iid, "values")
            if values:
                font = bold if "group" in self.tree.item(iid, "tags") else plain
                texts.append((font, str(values[0])))
        natural = max(int(f.measure(t)) for f, t in texts) + layout.nav_amount_pad(narrow)
        amount = layout.Column("amount", natural, 40 if narrow else 56, 110)
        fit_tree(self.tree, [measured(self.tree, "#0", "申报 / 单位 / 项目", minimum=120,
                                      stretch=True), amount], width)

    def _all_items(self, parent: str = "") -> list[str]:
        out = []
        for iid in self.tree.get_children(parent):
            out.append(iid)
            out.extend(self._all_items(iid))
        return out

    def project_items(self) -> list[str]:
        return [i for i in self._all_items() if i.startswith("p:")]
