"""What every secondary window shares: the Toplevel with its button bar, the
protocol the main window keeps its children by, and the poll of a background job.

Outside :mod:`g60desk.ui.windows` so that the windows opened from elsewhere (help,
print preview, indicator import, findings overview) do not load all the others.
"""

from __future__ import annotations

import tkinter
import tkinter.font
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import ttkbootstrap as ttk

from g60desk.services.export import BackgroundJob, JobState
from g60desk.ui.fit import place_dialog

if TYPE_CHECKING:
    from g60desk.ui.host import Host

MODE_EXPORT = "export"
MODE_PRINT = "print"
POLL_MS = 80
FONT_SIZES = (9, 16)  # 字号 in 设置: every dialog lays out at these on 1024×768


class Child(Protocol):
    def alive(self) -> bool: ...

    def close(self) -> None: ...


class _Toplevel:
    """Shared plumbing: a transient Toplevel that closes on Escape.

    The button bar (``self.bar``) is packed first, at the bottom, so a large font or a
    small screen squeezes the body, never the buttons; :meth:`place` sizes the window
    to its content within the screen.
    """

    def __init__(self, win: Host, title: str, size: tuple[int, int] | None = None,
                 resizable: bool = True) -> None:
        self.win = win
        self.size = size
        self.top = ttk.Toplevel(title=title, transient=win.root, size=size,
                                resizable=(resizable, resizable))
        self.top.protocol("WM_DELETE_WINDOW", self.close)
        self.top.bind("<Escape>", lambda e: self.close())
        self.bar = ttk.Frame(self.top, padding=(14, 0, 14, 12))
        self.bar.pack(side="bottom", fill="x")
        self.body = ttk.Frame(self.top, padding=14)
        self.body.pack(fill="both", expand=True)

    def place(self) -> None:
        """Size to the content (within the screen) and centre over the main window."""
        place_dialog(self.top, self.win.root, self.bar, self.size)

    def alive(self) -> bool:
        try:
            return bool(self.top.winfo_exists())
        except tkinter.TclError:
            return False

    def close(self) -> None:
        if self.alive():
            self.top.destroy()


def watch(top: tkinter.Misc, job: BackgroundJob, on_progress: Callable[[JobState], None],
          on_finish: Callable[[JobState], None]) -> None:
    """Poll a background job on ``top``'s timer until it ends (or ``top`` is gone):
    ``on_progress`` at each tick, ``on_finish`` once. Every long job the window runs
    (PDF, workbook, import, roll-up) is followed this way."""
    def poll() -> None:
        try:
            if not top.winfo_exists():
                return
        except tkinter.TclError:
            return
        st = job.state
        on_progress(st)
        if st.finished:
            on_finish(st)
        else:
            top.after(POLL_MS, poll)

    top.after(POLL_MS, poll)

