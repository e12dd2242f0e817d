"""The findings panel: errors, warnings and hints in Chinese, refreshed as the user types.

Double-click (or Enter) on a finding jumps to its tab and field. The list can
show the current project or the whole declaration. The selected finding's whole
message shows wrapped under the list (a cell cut off also shows in a tooltip);
检查结果汇总 opens the declaration's findings grouped by project.
"""

from __future__ import annotations

import tkinter
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.formspec.spec import Template
from g60desk.rules.findings import Finding, Severity
from g60desk.services import layout, marks
from g60desk.services import locate as loc
from g60desk.services.navigation import count
from g60desk.services.pending import PENDING_LABEL
from g60desk.ui.fit import TreeTips, bind_activate, fit_tree, font_lines, measured
from g60desk.ui.widgets import colours

if TYPE_CHECKING:
    from g60desk.rules.grade import Grade

GRADE_STYLES = {"ready": "success", "revise": "warning", "must_fix": "danger"}
SCOPE_PROJECT = "project"
SCOPE_DECLARATION = "declaration"
CHECKING = "正在检查…"
HINT = "选中一条查看完整说明;双击(或回车)定位到出错的地方。"


class FindingsPanel:
    def __init__(self, parent: tkinter.Misc, on_jump: Callable[[Finding], None],
                 on_scope: Callable[[str], None], scope: str = SCOPE_PROJECT,
                 on_select: Callable[[Finding], None] | None = None,
                 on_overview: Callable[[], object] | None = None) -> None:
        self.on_jump = on_jump
        self.on_select = on_select
        self.findings: list[Finding] = []
        self._shown: list[tuple[str, str, str, str]] = []
        self._summary: tuple[str, str] = ("", "")
        self.frame = ttk.Frame(parent, padding=(6, 4, 6, 2))
        self.frame.columnconfigure(0, weight=1)
        self.frame.rowconfigure(1, weight=1)
        head = ttk.Frame(self.frame)
        head.grid(row=0, column=0, columnspan=2, sticky="ew")
        ttk.Label(head, text="检查结果", font="TkHeadingFont").pack(side="left")
        self.summary = ttk.Label(head, text="")
        self.scope = tkinter.StringVar(master=self.frame, value=scope)
        # Two buttons side by side, the chosen one filled: ttkbootstrap draws a toolbutton
        # without the indicator images a round radio button costs on the first screen.
        for value, text in ((SCOPE_DECLARATION, "整个申报"), (SCOPE_PROJECT, "当前项目")):
            ttk.Radiobutton(head, text=text, value=value, variable=self.scope, takefocus=False,
                            bootstyle="secondary-outline-toolbutton",
                            command=lambda: on_scope(self.scope.get())).pack(
                side="right", padx=(0, 0) if value == SCOPE_DECLARATION else (8, 0))
        if on_overview is not None:
            self.overview_button = ttk.Button(head, text="按项目汇总…", takefocus=False,
                                              bootstyle="secondary-link", command=on_overview)
            self.overview_button.pack(side="right", padx=(8, 0))
        # Packed last: a narrow window cuts the verdict's tail, never the buttons.
        self.summary.pack(side="left", padx=(10, 0))
        cols = ("severity", "where", "message")
        self.tree = ttk.Treeview(self.frame, columns=cols, show="headings", selectmode="browse",
                                 height=5)
        for c, text, w, stretch in (("severity", "级别", 56, False), ("where", "位置", 220, False),
                                    ("message", "说明", 600, True)):
            self.tree.heading(c, text=text, anchor="w")
            self.tree.column(c, width=w, minwidth=40, stretch=stretch, anchor="w")
        self.tips = TreeTips(self.tree)
        self.tree.bind("<Configure>", lambda e: self.fit(), add="+")
        scroll = ttk.Scrollbar(self.frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.grid(row=1, column=0, sticky="nsew", pady=(4, 0))
        scroll.grid(row=1, column=1, sticky="ns", pady=(4, 0))
        # Two lines of fixed height: a long message wraps here without taking the list's
        # rows (a label would grow and squeeze the list to nothing).
        self.detail = tkinter.Text(self.frame, height=2, wrap="char", font="TkDefaultFont",
                                   relief="flat", borderwidth=0, highlightthickness=0,
                                   takefocus=False, cursor="arrow",
                                   background=ttk.Style().lookup("TFrame", "background"))
        self.detail.grid(row=2, column=0, columnspan=2, sticky="ew", pady=(2, 0))
        self._detail_lines = 2
        # A short panel (a large font on a short screen) keeps the list's rows and
        # shows fewer lines of the message, or none (it is in the status bar too).
        self.frame.bind("<Configure>", lambda e: self.fit_detail(int(e.height)), add="+")
        self.detail.tag_configure("hint", foreground="#6c757d")
        self.show_detail("")
        c = colours()
        if c is not None:
            self.tree.tag_configure("error", foreground=c.danger)
            self.tree.tag_configure("warning", foreground=c.warning)
            self.tree.tag_configure("info", foreground=c.info)
            self.tree.tag_configure("pending", foreground=c.secondary)
        bind_activate(self.tree, self.jump_selected)
        self.tree.bind("<<TreeviewSelect>>", self._selected)

    def show(self, findings: Sequence[Finding], template: Template,
             project_names: Sequence[str] = (), grade: Grade | None = None,
             pending: Collection[Finding] = ()) -> None:
        """Replace the list; unchanged lists are not redrawn (no flicker while typing).

        ``pending`` findings (services.pending) are listed last as 待填, in grey, and are
        not counted as errors in the summary.
        """
        waiting = set(pending)
        ordered = sorted(findings, key=lambda f: (f in waiting, f.severity.rank,
                                                  f.project_index if f.project_index is not None
                                                  else -1))
        rows = []
        for f in ordered:
            where = loc.describe(loc.locate(f.path, template.shape), template)
            i = f.project_index
            if project_names and i is not None and 0 <= i < len(project_names):
                where = f"{project_names[i]} · {where}"
            if f in waiting:
                rows.append(("pending", PENDING_LABEL, where, f.message))
            else:
                rows.append((f.severity.value, f.severity.label, where, f.message))
        self.findings = ordered
        c = count([f for f in ordered if f not in waiting])
        parts = [f"错误 {c.errors}", f"警告 {c.warnings}", f"提示 {c.infos}"]
        if waiting:
            parts.insert(0, f"{PENDING_LABEL} {len(waiting)}")
        if not ordered:
            text, style = f"没有发现问题 {marks.OK}", "success"
        else:
            text, style = " · ".join(parts), "danger" if c.errors else "warning" if c.warnings else "info"
        if waiting and not c.errors:
            # Only empty fields so far: say what is left, not a verdict on what is there.
            text, style, grade = f"尚未填完 · {text}", "secondary", None
        if grade is not None:
            # The readiness forecast leads: it is what staff decide on.
            why = f"({grade.why})" if grade.why else ""
            text = f"预审:{grade.label}{why} · {text}"
            style = GRADE_STYLES.get(grade.level, style)
        if (text, style) != self._summary:
            self._summary = (text, style)
            self.summary.configure(text=text, bootstyle=style)
        if rows == self._shown:
            return
        self._shown = rows
        self.tree.delete(*self.tree.get_children())
        for i, (sev, label, where, message) in enumerate(rows):
            self.tree.insert("", "end", iid=str(i), values=(label, where, message), tags=(sev,))
        self.show_detail("")
        self.fit()

    def fit(self) -> None:
        """级别 and 位置 as wide as their content (位置 within a cap), 说明 the rest."""
        tree = self.tree
        width = tree.winfo_width()
        if width > 1:
            fit_tree(tree, [measured(tree, "severity", "级别", minimum=44),
                            measured(tree, "where", "位置", minimum=120,
                                     cap=max(160, width // 3)),
                            layout.Column("message", 240, 160, stretch=True)], width)

    def show_nothing(self, text: str = "尚未打开申报") -> None:
        """Nothing is open: no list and no verdict (not "没有发现问题")."""
        self.findings = []
        if self._summary != (text, "secondary"):
            self._summary = (text, "secondary")
            self.summary.configure(text=text, bootstyle="secondary")
        if self._shown:
            self._shown = []
            self.tree.delete(*self.tree.get_children())
            self.show_detail("")

    def show_checking(self) -> None:
        """The first check has not run yet (it runs right after the window is drawn)."""
        self.show_nothing(CHECKING)

    def _selected(self, _event: object = None) -> None:
        sel = self.tree.selection()
        f = self.findings[int(sel[0])] if sel and int(sel[0]) < len(self.findings) else None
        where = self._shown[int(sel[0])][2] if f is not None else ""
        self.show_detail(f"{f.severity.label} · {where}:{f.message}" if f else "")
        if f is not None and self.on_select is not None:
            self.on_select(f)

    def show_detail(self, text: str) -> None:
        self.detail.configure(state="normal")
        self.detail.delete("1.0", "end")
        self.detail.insert("1.0", text or HINT, "hint" if not text else "text")
        self.detail.configure(state="disabled")

    def minimum_height(self) -> int:
        """The least height that shows three rows and the message in the current font."""
        line, row = font_lines(self.frame)
        return layout.findings_minimum(row, line)

    def sash(self, pane_height: int, wanted: int) -> int:
        """Where the divider above the panel goes in a pane ``pane_height`` high: at
        the ``wanted`` (remembered) height, else at a share that leaves the editor the
        room for the 绩效指标 tab's toolbar and five rows (:func:`layout.findings_sash`)."""
        line, row = font_lines(self.frame)
        return layout.findings_sash(pane_height, wanted, layout.findings_minimum(row, line),
                                    layout.findings_least(row, line),
                                    layout.editor_need(line, row))

    def fit_detail(self, height: int) -> None:
        """Show as many lines of the selected message as the panel's ``height`` leaves."""
        if height <= 1:
            return
        line, row = font_lines(self.frame)
        lines = layout.findings_detail_lines(height, layout.findings_least(row, line), line)
        if lines == self._detail_lines:
            return
        self._detail_lines = lines
        if lines:
            self.detail.configure(height=lines)
            self.detail.grid()
        else:
            self.detail.grid_remove()

    def detail_lines(self) -> int:
        """Lines of the selected message the panel shows now (0: none, it is too short)."""
        return self._detail_lines

    def detail_text(self) -> str:
        """The whole message shown under the list (empty when none is selected)."""
        text = self.detail.get("1.0", "end-1c")
        return "" if text == HINT else text

    def jump_selected(self) -> None:
        sel = self.tree.selection()
        if sel:
            self.on_jump(self.findings[int(sel[0])])

    def errors(self) -> int:
        """Errors listed as errors (待填 rows are not counted)."""
        return sum(1 for i, f in enumerate(self.findings)
                   if f.severity is Severity.ERROR and self._shown[i][0] != "pending")
