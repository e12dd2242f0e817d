"""The real dialogs speak Chinese: our message boxes, ttkbootstrap's yes/no box and its
themed file chooser (answered from a timer, since they wait for the user)."""

from __future__ import annotations

import tkinter
from typing import Any

import ttkbootstrap as ttk
from ttkbootstrap.dialogs import Messagebox, Querybox

from g60desk.ui.dialogs import Dialogs


def _widgets(w: tkinter.Misc) -> list[tkinter.Misc]:
    out = [w]
    for child in w.winfo_children():
        out.extend(_widgets(child))
    return out


def _answer(root: Any, label: str, seen: list[str]) -> None:
    """When a dialog appears, note its texts and press the button labelled ``label``."""
    def look() -> None:
        tops = [w for w in root.winfo_children() if isinstance(w, tkinter.Toplevel)
                and w.winfo_ismapped()]
        if not tops:
            root.after(20, look)
            return
        widgets = _widgets(tops[-1])
        seen.extend(str(w.cget("text")) for w in widgets
                    if isinstance(w, (ttk.Button, ttk.Label, ttk.Checkbutton)))
        next(w for w in widgets if isinstance(w, ttk.Button) and w.cget("text") == label).invoke()
    root.after(50, look)


def test_our_confirmation_has_chinese_buttons(root: Any) -> None:
    seen: list[str] = []
    _answer(root, "删除", seen)
    assert Dialogs(root).confirm("删除项目“课题与规划”?", "删除项目", ok="删除", danger=True)
    assert {"删除", "取消"} <= set(seen) and "删除项目“课题与规划”?" in seen
    seen.clear()
    _answer(root, "取消", seen)
    assert not Dialogs(root).confirm("继续吗?")


def test_ttkbootstrap_yes_no_says_shi_and_fou(root: Any) -> None:
    seen: list[str] = []
    _answer(root, "是", seen)
    assert Messagebox.yesno("要覆盖吗?", parent=root) == "是"
    assert {"是", "否"} <= set(seen)


def test_themed_file_chooser_is_chinese(root: Any, tmp_path: Any) -> None:
    seen: list[str] = []
    _answer(root, "取消", seen)
    assert Querybox.get_open_filename(root, title="导入数据包", initialdir=str(tmp_path),
                                      native=False) is None
    assert {"文件夹:", "文件名:", "文件类型:", "显示隐藏文件", "取消"} <= set(seen), seen
    assert not [t for t in seen if t in ("Cancel", "Open", "File name:", "Directory:")]
