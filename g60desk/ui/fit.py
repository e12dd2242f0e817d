"""Tk side of fitting: measure text, size table columns and dialogs, tooltips for the rest.

The decisions are in :mod:`g60desk.services.layout`; this module only measures and applies.
"""

from __future__ import annotations

import tkinter
import tkinter.font as tkfont
from collections.abc import Sequence

import ttkbootstrap as ttk

from g60desk.services import layout

# Table styles whose rows follow the font (ttkbootstrap fixes a row height when it
# builds a style, so a later font size change would cut characters off).
TREE_STYLES = ("Treeview",)


def default_font(widget: tkinter.Misc) -> tkfont.Font:
    return tkfont.nametofont("TkDefaultFont", root=widget)


def update_row_height(root: tkinter.Misc) -> int:
    """Set every table's row height from the UI font; returns the height in pixels."""
    metrics = default_font(root).metrics()
    height = layout.row_height(int(metrics["linespace"]), int(metrics["ascent"]))
    style = ttk.Style()
    for name in TREE_STYLES:
        style.configure(name, rowheight=height)
    return height


def place_dialog(top: tkinter.Toplevel, over: tkinter.Misc, bar: tkinter.Misc | None = None,
                 wanted: tuple[int, int] | None = None) -> layout.DialogSize:
    """Size ``top`` to its content (at least ``wanted``), keep it on the screen and its
    button bar inside it, and centre it over ``over``."""
    top.update_idletasks()
    size = layout.dialog_size(
        wanted, (top.winfo_reqwidth(), top.winfo_reqheight()),
        (bar.winfo_reqwidth(), bar.winfo_reqheight()) if bar is not None else (0, 0),
        (top.winfo_screenwidth(), top.winfo_screenheight()),
        (over.winfo_rootx(), over.winfo_rooty(), over.winfo_width(), over.winfo_height()))
    top.minsize(size.min_width, size.min_height)
    top.geometry(size.geometry)
    return size


class TreeTips:
    """A tooltip with a cell's whole text when the column is too narrow to show it."""

    def __init__(self, tree: ttk.Treeview, delay_ms: int = 400) -> None:
        self.tree = tree
        self.delay_ms = delay_ms
        self.tip: tkinter.Toplevel | None = None
        self._cell: tuple[str, str] | None = None
        self._timer: str | None = None
        tree.bind("<Motion>", self._moved, add="+")
        tree.bind("<Leave>", lambda e: self.hide(), add="+")
        tree.bind("<ButtonPress>", lambda e: self.hide(), add="+")

    def text_at(self, x: int, y: int) -> str | None:
        """The cell's text at (x, y) when it does not show whole, else None."""
        tree = self.tree
        row = tree.identify_row(y)
        column = tree.identify_column(x)
        if not row or not column:
            return None
        if column == "#0":
            text = str(tree.item(row, "text"))
            # The tree column also holds the indent and the open/close mark.
            depth = 0
            parent = tree.parent(row)
            while parent:
                depth += 1
                parent = tree.parent(parent)
            indent = (depth + 1) * 20
        else:
            values = tree.item(row, "values")
            index = int(column[1:]) - 1
            shown = tree.cget("displaycolumns")
            if shown and shown not in ("#all", ("#all",)):
                key = shown[index]
                index = list(tree.cget("columns")).index(key)
            text = str(values[index]) if index < len(values) else ""
            indent = 0
        width = int(tree.column(column, "width")) - indent
        font = default_font(tree)
        return text if layout.clipped(text, width, font.measure) else None

    def _moved(self, event: tkinter.Event) -> None:
        cell = (self.tree.identify_row(event.y), self.tree.identify_column(event.x))
        if cell == self._cell:
            return
        self.hide()
        self._cell = cell
        text = self.text_at(event.x, event.y)
        if text:
            x, y = event.x_root + 12, event.y_root + 18
            self._timer = self.tree.after(self.delay_ms, lambda: self.show(text, x, y))

    def show(self, text: str, x: int, y: int) -> tkinter.Toplevel:
        self.hide()
        tip = tkinter.Toplevel(self.tree)
        tip.wm_overrideredirect(True)
        width = max(200, min(640, self.tree.winfo_screenwidth() // 2))
        tkinter.Label(tip, text=text, wraplength=width, justify="left", padx=6, pady=3,
                      background="#ffffe1", foreground="#202020", relief="solid",
                      borderwidth=1, font="TkTooltipFont").pack()
        tip.update_idletasks()
        x = min(x, tip.winfo_screenwidth() - tip.winfo_reqwidth() - 4)
        tip.geometry(f"+{max(0, x)}+{y}")
        self.tip = tip
        return tip

    def hide(self) -> None:
        if self._timer is not None:
            self.tree.after_cancel(self._timer)
            self._timer = None
        if self.tip is not None:
            self.tip.destroy()
            self.tip = None
        self._cell = None


def fit_tree(tree: ttk.Treeview, columns: Sequence[layout.Column],
             available: int | None = None) -> dict[str, int]:
    """Give ``tree``'s columns their widths in ``available`` pixels (default: the tree's)."""
    if available is None:
        available = tree.winfo_width()
    if available <= 1:
        available = sum(c.natural for c in columns)
    widths = layout.fit_columns(available, columns)
    for key, w in widths.items():
        tree.column(key, width=w)
    return widths


def measured(tree: ttk.Treeview, key: str, heading: str, minimum: int = 40,
             cap: int = 10_000, stretch: bool = False, extra: Sequence[str] = ()) -> layout.Column:
    """A column as its content and heading measure in the UI font."""
    font = default_font(tree)
    index = list(tree.cget("columns")).index(key) if key != "#0" else -1
    texts = [heading, *extra]
    for iid in _all(tree):
        if index < 0:
            texts.append(str(tree.item(iid, "text")))
        else:
            values = tree.item(iid, "values")
            if index < len(values):
                texts.append(str(values[index]))
    return layout.Column(key, layout.natural_width(texts, font.measure), minimum, cap, stretch)


def _all(tree: ttk.Treeview, parent: str = "") -> list[str]:
    out: list[str] = []
    for iid in tree.get_children(parent):
        out.append(iid)
        out.extend(_all(tree, iid))
    return out
