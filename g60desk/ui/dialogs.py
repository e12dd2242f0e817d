"""Every modal question the window asks, behind one small object.

The window never calls a message box or file chooser directly; it asks its
:class:`Dialogs`. Tests hand the window a scripted stand-in instead, so they
never block on a modal dialog. Button labels are explicit Chinese words
(是/否/删除/取消), never ttkbootstrap's catalogue defaults.
"""

from __future__ import annotations

import tkinter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ttkbootstrap as ttk
from ttkbootstrap.dialogs import MessageDialog, Querybox

BUNDLE_TYPES = (("G60Desk 数据包", "*.json"), ("所有文件", "*"))
PDF_TYPES = (("PDF 文件", "*.pdf"), ("所有文件", "*"))

_ICONS = {"info": "info-circle-fill", "warning": "exclamation-triangle-fill",
          "error": "x-circle-fill", "question": "question-circle-fill"}
_ICON_COLOURS = {"info": "info", "warning": "warning", "error": "danger", "question": "info"}


class Dialogs:
    def __init__(self, parent: tkinter.Misc) -> None:
        self.parent = parent

    def _show(self, message: str, title: str, buttons: Sequence[str], kind: str,
              default: str | None = None) -> str | None:
        try:
            icon: Any = ttk.Icon(_ICONS[kind], 30, _ICON_COLOURS[kind])
        except Exception:  # an icon is decoration, never a reason to fail
            icon = None
        dialog = MessageDialog(message, title=title, buttons=list(buttons), parent=self.parent,
                               default=default, icon=icon, width=46, localize=False,
                               alert=kind == "error")
        dialog.show()
        result = dialog.result
        if result is None:
            return None
        return str(result).split(":")[0]

    # ------------------------------------------------------------ messages

    def info(self, message: str, title: str = "提示") -> None:
        self._show(message, title, ["确定:primary"], "info")

    def warning(self, message: str, title: str = "注意") -> None:
        self._show(message, title, ["确定:primary"], "warning")

    def error(self, message: str, title: str = "出错了") -> None:
        self._show(message, title, ["确定:primary"], "error")

    def confirm(self, message: str, title: str = "请确认", ok: str = "确定",
                cancel: str = "取消", danger: bool = False, default: str | None = None) -> bool:
        """Ask yes or no; Enter presses ``default`` (the ``ok`` button unless told otherwise:
        pass ``default=cancel`` where ``ok`` would lose work)."""
        style = "danger" if danger else "primary"
        return self._show(message, title, [f"{cancel}:secondary", f"{ok}:{style}"], "question",
                          default=default or ok) == ok

    def choose(self, message: str, title: str, options: Sequence[str],
               default: str | None = None) -> str | None:
        """Several labelled answers (rightmost first in reading order); None when closed."""
        return self._show(message, title, list(options), "question", default=default)

    # ------------------------------------------------------------ files

    def open_file(self, title: str, filetypes: Sequence[tuple[str, str]] = BUNDLE_TYPES,
                  initialdir: str = "") -> Path | None:
        path = Querybox.get_open_filename(self.parent, title=title, filetypes=list(filetypes),
                                          initialdir=initialdir or None)
        return Path(path) if path else None

    def open_files(self, title: str, filetypes: Sequence[tuple[str, str]] = BUNDLE_TYPES,
                   initialdir: str = "") -> list[Path]:
        from tkinter import filedialog

        names = filedialog.askopenfilenames(parent=self.parent, title=title,
                                            filetypes=list(filetypes),
                                            initialdir=initialdir or None)
        return [Path(n) for n in names or ()]

    def save_file(self, title: str, initialfile: str, filetypes: Sequence[tuple[str, str]],
                  defaultextension: str, initialdir: str = "") -> Path | None:
        path = Querybox.get_save_filename(self.parent, title=title, initialfile=initialfile,
                                          filetypes=list(filetypes),
                                          defaultextension=defaultextension,
                                          initialdir=initialdir or None)
        return Path(path) if path else None
