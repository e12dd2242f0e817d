"""Tk side of fitting: measure text, size table columns and dialogs, tooltips for the rest.

The decisions are in :mod:`g60desk.services.layout`; this module only measures and applies.
"""

from __future__ import annotations

import contextlib
import tkinter
import tkinter.font as tkfont
import weakref
from collections.abc import Callable, Sequence

import ttkbootstrap as ttk

from g60desk.services import layout

# Table styles whose rows follow the font (ttkbootstrap fixes a row height when it
# builds a style, so a later font size change would cut characters off).
TREE_STYLES = ("Treeview", "Nav.Treeview")


def default_font(widget: tkinter.Misc) -> tkfont.Font:
    return tkfont.nametofont("TkDefaultFont", root=widget)


# font_lines by the UI font's settings: ``font metrics`` asks the font system each time
# (about 0.5 ms), and the first screen asks eight times.
_LINES: dict[tuple[str, str], tuple[int, int]] = {}


def font_lines(widget: tkinter.Misc) -> tuple[int, int]:
    """(line height, table row height) in pixels in the UI font."""
    key = (str(widget.tk), str(widget.tk.call("font", "configure", "TkDefaultFont")))
    known = _LINES.get(key)
    if known is not None:
        return known
    metrics = default_font(widget).metrics()
    line = int(metrics["linespace"])
    _LINES[key] = line, layout.row_height(line, int(metrics["ascent"]))
    return _LINES[key]


def tree_indent(tree: ttk.Treeview) -> int:
    """Pixels a tree indents each level (its style's, or Tk's 20)."""
    style = str(tree.cget("style")) or "Treeview"
    try:
        return int(ttk.Style().lookup(style, "indent") or layout.NAV_INDENT)
    except (ValueError, tkinter.TclError):
        return layout.NAV_INDENT


def update_row_height(root: tkinter.Misc) -> int:
    """Set every table's row height from the UI font; returns the height in pixels."""
    _, height = font_lines(root)
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


def bind_activate(tree: ttk.Treeview, action: Callable[[], object]) -> None:
    """Double-click (on the clicked row) or Enter runs ``action`` on the selection."""
    def activate(event: tkinter.Event) -> str:
        if event.type == tkinter.EventType.ButtonPress:
            row = tree.identify_row(event.y)
            if row:
                tree.selection_set(row)
        action()
        return "break"
    tree.bind("<Double-1>", activate)
    tree.bind("<Return>", activate)


def tip_window(parent: tkinter.Misc, text: str, x: int, y: int,
               wrap: int = 0) -> tkinter.Toplevel:
    """A tooltip window with ``text`` near (x, y) on the screen, kept on the screen."""
    tip = tkinter.Toplevel(parent)
    tip.wm_overrideredirect(True)
    tkinter.Label(tip, text=text, wraplength=wrap, justify="left", padx=6, pady=3,
                  background="#ffffe1", foreground="#202020", relief="solid",
                  borderwidth=1, font="TkTooltipFont").pack()
    tip.update_idletasks()
    x = min(x, tip.winfo_screenwidth() - tip.winfo_reqwidth() - 4)
    tip.geometry(f"+{max(0, x)}+{y}")
    return tip


class _Tooltip:
    """A tooltip window shown for ``widget`` after a delay; hidden on leave or a click."""

    def __init__(self, widget: tkinter.Widget, delay_ms: int) -> None:
        self.widget = widget
        self.delay_ms = delay_ms
        self.tip: tkinter.Toplevel | None = None
        self._timer: str | None = None

    def hide(self) -> None:
        if self._timer is not None:
            self.widget.after_cancel(self._timer)
            self._timer = None
        if self.tip is not None:
            self.tip.destroy()
            self.tip = None


class TreeTips(_Tooltip):
    """A tooltip with a cell's whole text when the column is too narrow to show it."""

    def __init__(self, tree: ttk.Treeview, delay_ms: int = 400) -> None:
        super().__init__(tree, delay_ms)
        self.tree = tree
        self._cell: tuple[str, str] | None = None
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
            indent = (depth + 1) * tree_indent(tree)
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
        self.tip = tip_window(self.tree, text, x, y,
                              max(200, min(640, self.tree.winfo_screenwidth() // 2)))
        return self.tip

    def hide(self) -> None:
        super().hide()
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


_PAGES: weakref.WeakSet[ScrollPage] = weakref.WeakSet()
_HOOKED: set[str] = set()


def _register(page: ScrollPage) -> None:
    """One application-wide wheel and focus binding serves every live page (a binding
    per page would pile up as editors come and go)."""
    _PAGES.add(page)
    key = str(page.frame.tk)  # one per Tk interpreter
    if key in _HOOKED:
        return
    _HOOKED.add(key)

    def each(method: str) -> Callable[[tkinter.Event], None]:
        def run(event: tkinter.Event) -> None:
            for p in list(_PAGES):
                getattr(p, method)(event)
        return run
    for seq in ("<MouseWheel>", "<Button-4>", "<Button-5>"):
        page.frame.bind_all(seq, each("_wheel"), add="+")
    # Tab (or a jump to a finding) into a field out of view scrolls it into view.
    page.frame.bind_all("<FocusIn>", each("_focused"), add="+")


class ScrollPage:
    """A page that fills its space when the content fits and scrolls down when it does
    not (a large font on a small screen). Build the content with ``page.canvas`` as parent
    and hand it to :meth:`attach`; ``page.frame`` goes into the notebook (or is the
    ``frame`` given, already there)."""

    def __init__(self, parent: tkinter.Misc, frame: ttk.Frame | None = None) -> None:
        self.frame = frame if frame is not None else ttk.Frame(parent)
        self.frame.rowconfigure(0, weight=1)
        self.frame.columnconfigure(0, weight=1)
        self.canvas = tkinter.Canvas(self.frame, highlightthickness=0, borderwidth=0,
                                     background=ttk.Style().lookup("TFrame", "background"))
        self.canvas.grid(row=0, column=0, sticky="nsew")
        self.vbar = ttk.Scrollbar(self.frame, orient="vertical", command=self.canvas.yview)
        self.hbar = ttk.Scrollbar(self.frame, orient="horizontal", command=self.canvas.xview)
        self.canvas.configure(yscrollcommand=self.vbar.set, xscrollcommand=self.hbar.set)
        self.content: tkinter.Widget | None = None
        self._item = 0
        self._size: tuple[int, int, bool, bool] | None = None
        self.canvas.bind("<Configure>", lambda e: self.fit(), add="+")
        _register(self)

    def _focused(self, event: tkinter.Event) -> None:
        widget = event.widget
        try:
            if (self._size is not None and isinstance(widget, tkinter.Misc)
                    and str(widget).startswith(str(self.canvas) + ".")):
                self.see(widget)
        except tkinter.TclError:
            return

    def attach(self, content: tkinter.Widget) -> None:
        self.content = content
        # A fixed width from the start: at its natural width, labels that wrap at their
        # own width would shrink it step by step while the page is not yet shown.
        self._item = self.canvas.create_window(0, 0, window=content, anchor="nw", width=800)
        content.bind("<Configure>", lambda e: self.fit(), add="+")

    def scrolls(self) -> tuple[bool, bool]:
        """Whether the content is taller / wider than the page (its scrollbars show)."""
        if self._size is None:
            return (False, False)
        return (self._size[2], self._size[3])

    def fit(self) -> None:
        content = self.content
        if content is None:
            return
        width, height = self.canvas.winfo_width(), self.canvas.winfo_height()
        if width <= 1 or height <= 1:
            return
        # Across, the content follows the page (grid shrinks it as before); down, it
        # keeps its height and the page scrolls.
        req_h = content.winfo_reqheight()
        tall, wide = req_h > height, False
        size = (width, max(height, req_h), tall, wide)
        if size == self._size:
            return
        self._size = size
        self.canvas.itemconfigure(self._item, width=size[0], height=size[1])
        # Placed again once the scrollbars are settled: a size set while the canvas is
        # resizing may otherwise not reach the window.
        self.canvas.after_idle(self._replace)
        self.canvas.configure(scrollregion=(0, 0, size[0], size[1]))
        if tall:
            self.vbar.grid(row=0, column=1, sticky="ns")
        else:
            self.vbar.grid_remove()
            self.canvas.yview_moveto(0)
        if wide:
            self.hbar.grid(row=1, column=0, sticky="ew")
        else:
            self.hbar.grid_remove()
            self.canvas.xview_moveto(0)

    def _replace(self) -> None:
        with contextlib.suppress(tkinter.TclError):
            self.canvas.coords(self._item, 0, 0)

    def _wheel(self, event: tkinter.Event) -> None:
        try:
            if self._size is None or not self._size[2] or not self.frame.winfo_viewable():
                return
        except tkinter.TclError:  # the page is gone (bind_all outlives it)
            return
        widget = event.widget
        if not isinstance(widget, tkinter.Misc) or isinstance(widget, tkinter.Text | ttk.Treeview):
            return  # those scroll themselves
        if not str(widget).startswith(str(self.canvas)):
            return
        step = -1 if getattr(event, "num", 0) == 4 or getattr(event, "delta", 0) > 0 else 1
        self.canvas.yview_scroll(step * 3, "units")

    def see(self, widget: tkinter.Misc) -> None:
        """Scroll so that ``widget`` (inside the content) is in view."""
        if self._size is None or not (self._size[2] or self._size[3]):
            return
        self.canvas.update_idletasks()
        y = widget.winfo_rooty() - self.canvas.winfo_rooty() + int(self.canvas.canvasy(0))
        x = widget.winfo_rootx() - self.canvas.winfo_rootx() + int(self.canvas.canvasx(0))
        total_w, total_h = self._size[0], self._size[1]
        top, bottom = self.canvas.canvasy(0), self.canvas.canvasy(self.canvas.winfo_height())
        if y < top or y + widget.winfo_height() > bottom:
            self.canvas.yview_moveto(max(0.0, (y - 20) / total_h))
        left, right = self.canvas.canvasx(0), self.canvas.canvasx(self.canvas.winfo_width())
        if x < left or x + widget.winfo_width() > right:
            self.canvas.xview_moveto(max(0.0, (x - 20) / total_w))


class FlowRow:
    """A row of buttons that wraps onto more rows when the window is too narrow for it.

    The items may be children of an ancestor of :attr:`frame` (created after it), so
    that they can move between rows of a toolbar (:meth:`set_items`)."""

    def __init__(self, parent: tkinter.Misc, gap: int = 4) -> None:
        self.frame = ttk.Frame(parent)
        self.gap = gap
        self.items: list[tkinter.Widget] = []
        self._placed: list[tuple[int, int]] = []
        self.frame.bind("<Configure>", lambda e: self.reflow(int(e.width)), add="+")

    def add(self, widget: tkinter.Widget) -> None:
        self.items.append(widget)
        self.reflow(10_000)

    def set_items(self, widgets: Sequence[tkinter.Widget]) -> None:
        """Show ``widgets`` in this order (the others leave the row)."""
        if list(widgets) == self.items:
            return
        for w in self.items:
            if w not in widgets:
                w.grid_forget()
        self.items = list(widgets)
        self._placed = []
        width = self.frame.winfo_width()
        self.reflow(width if width > 1 else 10_000)

    def reflow(self, available: int) -> None:
        if available <= 1:
            return
        places = layout.flow([w.winfo_reqwidth() for w in self.items], available, self.gap)
        if places == self._placed:
            return
        self._placed = places
        for w, (row, col) in zip(self.items, places, strict=True):
            w.grid(in_=self.frame, row=row, column=col, padx=(0, self.gap),
                   pady=(0 if row == 0 else self.gap, 0), sticky="w")

    def rows(self) -> int:
        return 1 + max((r for r, _ in self._placed), default=0)


class Tip(_Tooltip):
    """A tooltip on a widget (a button whose label is shortened shows its whole name)."""

    def __init__(self, widget: tkinter.Widget, text: str = "", delay_ms: int = 500) -> None:
        super().__init__(widget, delay_ms)
        self.text = text
        widget.bind("<Enter>", self._enter, add="+")
        widget.bind("<Leave>", lambda e: self.hide(), add="+")
        widget.bind("<ButtonPress>", lambda e: self.hide(), add="+")

    def _enter(self, event: tkinter.Event) -> None:
        self.hide()
        if self.text:
            x, y = event.x_root + 12, event.y_root + 18
            self._timer = self.widget.after(self.delay_ms, lambda: self.show(x, y))

    def show(self, x: int, y: int) -> tkinter.Toplevel:
        self.hide()
        self.tip = tip_window(self.widget, self.text, x, y)
        return self.tip
