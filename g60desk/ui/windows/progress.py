"""A long import, export or roll-up: its progress and 取消."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.services.export import BackgroundJob, JobState
from g60desk.ui.dialog_base import _Toplevel, watch

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class ProgressWindow(_Toplevel):
    """A long import, export or roll-up: its progress and 取消. The job starts at once;
    when it ends (done, failed or cancelled) the window closes and ``on_done(state)`` runs."""

    def __init__(self, win: Host, title: str, text: str, job: BackgroundJob,
                 on_done: Callable[[JobState], None]) -> None:
        super().__init__(win, title, size=(460, 150), resizable=False)
        self.job = job
        self.text = text
        self.on_done = on_done
        b = self.body
        b.columnconfigure(0, weight=1)
        self.label = ttk.Label(b, text=f"{text}…")
        self.label.grid(row=0, column=0, sticky="w")
        self.progress = ttk.Progressbar(b, mode="determinate", maximum=1.0)
        self.progress.grid(row=1, column=0, sticky="ew", pady=(8, 0))
        bar = ttk.Frame(b)
        bar.grid(row=2, column=0, sticky="ew", pady=(10, 0))
        self.cancel_button = ttk.Button(bar, text="取消", bootstyle="danger-outline",
                                        command=self.cancel)
        self.cancel_button.pack(side="right")
        self.place()
        job.start()
        watch(self.top, job, self._show, self._finish)

    def _show(self, st: JobState) -> None:
        self.progress.configure(value=st.fraction)
        if st.total and not self.job.cancelled():
            self.label.configure(text=f"{self.text}… {st.done} / {st.total}")

    def _finish(self, st: JobState) -> None:
        super().close()
        self.on_done(st)

    def cancel(self) -> None:
        self.job.cancel()
        self.cancel_button.configure(state="disabled")
        self.label.configure(text="正在取消…")

    def running(self) -> bool:
        return not self.job.state.finished

    def close(self) -> None:
        """Escape or the window's close box: the same as 取消."""
        if self.running():
            self.cancel()
            return
        super().close()
