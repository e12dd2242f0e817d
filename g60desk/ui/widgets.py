"""Field widgets of the editor: one-line entries, pick lists, dates, multi-line text.

Each field has a key (``name``, ``funding.total``, ``sections.basis`` …), reports
every change of its text to one callback, keeps what the user typed, can show
the theme's danger state, and has undo (Ctrl+Z / Ctrl+Y) — ttk entries have
none of their own. Paste is cleaned of stray line breaks and tabs.
"""

from __future__ import annotations

import contextlib
import time
import tkinter
from collections.abc import Callable, Sequence
from typing import Any

import ttkbootstrap as ttk
from ttkbootstrap.style.engine import Style

from g60desk.services.session import TextHistory

ChangeCallback = Callable[[str, str], None]
ERROR = "error"
WARNING = "warning"


def colours() -> Any:
    style = Style.get_instance()
    return style.colors if style is not None else None


def autowrap(label: Any, margin: int = 4) -> Any:
    """Wrap a label's text at its own width, whatever the window size (grid it sticky="ew")."""
    def resize(event: tkinter.Event) -> None:
        width = max(80, int(event.width) - margin)
        if int(str(label.cget("wraplength")) or 0) != width:
            label.configure(wraplength=width)
    label.bind("<Configure>", resize, add="+")
    return label


def clean_pasted_text(text: str) -> str:
    """:func:`g60desk.services.paste.clean_pasted_text`, imported on the first paste."""
    from g60desk.services.paste import clean_pasted_text as clean

    return clean(text)


def clipboard_text(widget: tkinter.Misc) -> str:
    try:
        return str(widget.clipboard_get())
    except tkinter.TclError:
        return ""


def focus_next(widget: tkinter.Misc, backwards: bool = False) -> str:
    target = widget.tk_focusPrev() if backwards else widget.tk_focusNext()
    if target is not None:
        target.focus_set()
    return "break"


class Field:
    """What every field widget offers the editor."""

    key: str
    # Typed loosely: ttk entries, comboboxes and tk Text share no typed base with these methods.
    widget: Any

    def get(self) -> str:
        raise NotImplementedError

    def set(self, text: str) -> None:
        """Show ``text`` without reporting a change; resets undo."""
        raise NotImplementedError

    def set_problem(self, level: str | None) -> None:
        raise NotImplementedError

    def focus(self) -> None:
        self.widget.focus_set()

    def select_all(self) -> None:
        """Select the whole value, so typing replaces it (after a jump to the field)."""
        self.widget.select_range(0, "end")
        self.widget.icursor("end")


class EntryField(Field):
    """A ttk Entry (or Combobox) bound to a StringVar, with undo and cleaned paste."""

    def __init__(self, key: str, widget: ttk.Entry | ttk.Combobox, on_change: ChangeCallback,
                 *, clock: Callable[[], float] = time.monotonic) -> None:
        self.key = key
        self.widget = widget
        self.var = tkinter.StringVar(master=widget)
        widget.configure(textvariable=self.var)
        self._value = ""
        self._on_change = on_change
        self._clock = clock
        self.history = TextHistory()
        self.var.trace_add("write", self._traced)
        for seq in ("<Control-z>", "<Control-Z>"):
            widget.bind(seq, self._undo_or_redo)
        for seq in ("<Control-y>", "<Control-Y>"):
            widget.bind(seq, self._redo)
        # 编辑 > 撤销 / 重做 send these to the focused widget.
        widget.bind("<<Undo>>", lambda e: self.undo())
        widget.bind("<<Redo>>", self._redo)
        widget.bind("<<Paste>>", self._paste)

    def get(self) -> str:
        return self.var.get()

    def set(self, text: str) -> None:
        self._value = text
        self.var.set(text)
        self.history.reset(text)

    def _traced(self, *_: object) -> None:
        text = self.var.get()
        if text == self._value:
            return
        self._value = text
        self.history.record(text, self._clock())
        self._on_change(self.key, text)

    def _apply(self, text: str | None) -> str:
        if text is not None:
            self.var.set(text)
            self.widget.icursor("end")
        return "break"

    def _undo_or_redo(self, event: tkinter.Event) -> str:
        # Ctrl+Shift+Z arrives as Control-Z with the Shift bit (0x1) set; Caps Lock alone does not.
        if event.keysym == "Z" and int(event.state) & 0x1:
            return self._apply(self.history.redo())
        return self._apply(self.history.undo())

    def undo(self) -> str:
        return self._apply(self.history.undo())

    def _redo(self, _event: object = None) -> str:
        return self._apply(self.history.redo())

    def _paste(self, _event: object = None) -> str:
        text = clean_pasted_text(clipboard_text(self.widget)).replace("\n", "")
        w = self.widget
        if w.selection_present():
            w.delete("sel.first", "sel.last")
        w.insert("insert", text)
        return "break"

    def set_problem(self, level: str | None) -> None:
        self.widget.state(["invalid"] if level == ERROR else ["!invalid"])


class ChoiceField(EntryField):
    """A Combobox: pick from the template's list or type another value."""

    def __init__(self, key: str, widget: ttk.Combobox, on_change: ChangeCallback,
                 choices: Sequence[str] = ()) -> None:
        super().__init__(key, widget, on_change)
        self.set_choices(choices)

    def set_choices(self, choices: Sequence[str]) -> None:
        self.widget.configure(values=list(choices))


def _text_paste(event: tkinter.Event) -> str:
    """Paste into any plain Text (申报单位, 签字栏 …): the clipboard replaces the selection.

    Tk's own binding on X11 (UOS, Kylin) inserts beside a selection instead of over it.
    """
    w = event.widget
    if not isinstance(w, tkinter.Text) or str(w.cget("state")) == "disabled":
        return "break"
    try:
        text = w.clipboard_get()
    except tkinter.TclError:
        return "break"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    with contextlib.suppress(tkinter.TclError):
        w.edit_separator()
    if w.tag_ranges("sel"):
        w.delete("sel.first", "sel.last")
    w.insert("insert", text)
    with contextlib.suppress(tkinter.TclError):
        w.edit_separator()
    w.see("insert")
    return "break"


def install_text_bindings(root: tkinter.Misc) -> None:
    """Class bindings every multi-line box shares (idempotent)."""
    root.bind_class("Text", "<<Paste>>", _text_paste)


class TextField(Field):
    """A multi-line Text with a scrollbar, Tk's own undo, cleaned paste and Tab to move on."""

    def __init__(self, key: str, parent: tkinter.Misc, on_change: ChangeCallback, *,
                 height: int = 6, width: int = 40) -> None:
        self.key = key
        self.frame = ttk.Frame(parent)
        self.text = ttk.Text(self.frame, height=height, width=width, wrap="char", undo=True,
                             maxundo=-1, autoseparators=True, font="TkTextFont")
        self.scroll = ttk.Scrollbar(self.frame, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=self.scroll.set)
        self.text.grid(row=0, column=0, sticky="nsew")
        self.scroll.grid(row=0, column=1, sticky="ns")
        self.frame.columnconfigure(0, weight=1)
        self.frame.rowconfigure(0, weight=1)
        self.widget = self.text
        self._value = ""
        self._on_change = on_change
        self._readonly = False
        self.text.bind("<<Modified>>", self._modified)
        self.text.bind("<<Paste>>", self._paste)
        self.text.bind("<Tab>", lambda e: focus_next(self.text))
        for seq in ("<Shift-Tab>", "<ISO_Left_Tab>"):
            self.text.bind(seq, lambda e: focus_next(self.text, backwards=True))
        for seq in ("<Control-y>", "<Control-Y>"):
            self.text.bind(seq, self._redo)

    def get(self) -> str:
        return str(self.text.get("1.0", "end-1c"))

    def set(self, text: str) -> None:
        self._value = text
        state = str(self.text.cget("state"))
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        self.text.insert("1.0", text)
        self.text.edit_reset()
        self.text.edit_modified(False)
        self.text.configure(state=state)
        self.text.mark_set("insert", "1.0")
        self.text.see("1.0")

    def select_all(self) -> None:
        self.text.tag_remove("sel", "1.0", "end")
        self.text.tag_add("sel", "1.0", "end-1c")
        self.text.mark_set("insert", "end-1c")

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        c = colours()
        self.text.configure(state="disabled" if readonly else "normal")
        if c is not None:
            self.text.configure(background=c.bg if readonly else c.inputbg)

    def _modified(self, _event: object = None) -> None:
        if not self.text.edit_modified():
            return
        self.text.edit_modified(False)
        text = self.get()
        if text == self._value:
            return
        self._value = text
        self._on_change(self.key, text)

    def _paste(self, _event: object = None) -> str:
        if self._readonly:
            return "break"
        text = clean_pasted_text(clipboard_text(self.text))
        t = self.text
        t.edit_separator()
        if t.tag_ranges("sel"):
            t.delete("sel.first", "sel.last")
        t.insert("insert", text)
        t.edit_separator()
        t.see("insert")
        return "break"

    def _redo(self, _event: object = None) -> str:
        with contextlib.suppress(tkinter.TclError):
            self.text.edit_redo()
        return "break"

    def set_problem(self, level: str | None) -> None:
        c = colours()
        if c is None:
            return
        if level == ERROR:
            self.text.configure(highlightbackground=c.danger, highlightcolor=c.danger,
                                highlightthickness=2)
        else:
            self.text.configure(highlightbackground=c.border, highlightcolor=c.primary,
                                highlightthickness=1)


class DateField(EntryField):
    """A date typed as ``2022-01-01`` (other spellings accepted) or picked from a calendar.

    Looks like ttkbootstrap's ``DateEntry`` (the calendar button laid over the entry's
    right edge) but is built without its ``update_idletasks``, which laid out the whole
    window twice per date field while the editor was being built. Whether the text is
    a readable date is the checks' business (``set_problem``), not the blur's.
    """

    def __init__(self, key: str, parent: tkinter.Misc, on_change: ChangeCallback) -> None:
        self.container = ttk.Frame(parent)
        entry = ttk.Entry(self.container, width=12, bootstyle="primary")
        # The calendar button is reached by mouse; Tab goes entry to entry.
        self.button = ttk.Button(self.container, command=self._pick, bootstyle="primary",
                                 icon="calendar-week", icon_only=True, padding=2,
                                 takefocus=False)
        # The requested width is known as soon as the button is configured.
        reserve = max(0, int(self.button.winfo_reqwidth()) - 3)
        entry.pack(side="left", fill="both", expand=True, padx=(0, reserve))
        self.button.place(relx=1.0, rely=0, relheight=1.0, anchor="ne")
        self.button.lift()
        super().__init__(key, entry, on_change)
        self._picking = False

    def _pick(self) -> None:
        """The calendar: starts on the date typed (or today); a picked date replaces it."""
        if self._picking:
            return
        from datetime import date, datetime

        from ttkbootstrap.dialogs import Querybox

        from g60desk.domain.dates import try_parse_date

        self._picking = True
        try:
            typed = try_parse_date(self.get().strip())[0] if self.get().strip() else None
            start = typed or date.today()
            picked = Querybox.get_date(parent=self.widget, title="选择日期",
                                       start_date=datetime(start.year, start.month, start.day),
                                       first_weekday=0, bootstyle="primary")
            if picked is not None:
                self.var.set(picked.strftime("%Y-%m-%d"))
                self.widget.icursor("end")
        finally:
            self._picking = False
