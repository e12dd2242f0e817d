"""Errors never vanish (logged, shown in Chinese); keyboard: Ctrl shortcuts, no F-keys,
Tab follows the form; the window fits 1024×768 without clipping its editor."""

from __future__ import annotations

import re
import tkinter
from typing import Any

from g60desk.ui.errors import ErrorReporter
from tests.gui.conftest import Harness, press


def test_a_failing_callback_is_logged_and_shown(harness: Harness, root: Any) -> None:
    h = harness.start()
    reporter = root.report_callback_exception
    assert isinstance(reporter, ErrorReporter)

    def broken() -> None:
        raise ValueError("模拟的程序错误")

    root.after(1, broken)
    h.pump(lambda: bool(reporter.caught))
    message = h.dialogs.errors()[-1]
    assert "程序内部出现了一个错误" in message and str(h.services.log_path) in message
    log = h.services.log_path.read_text(encoding="utf-8")
    assert "模拟的程序错误" in log and "Traceback" in log
    reporter.caught.clear()   # seen and checked: not a failure of this test


def _all_widgets(w: tkinter.Misc) -> list[tkinter.Misc]:
    out = [w]
    for child in w.winfo_children():
        out.extend(_all_widgets(child))
    return out


def test_no_function_key_is_bound(harness: Harness, root: Any) -> None:
    """A Chinese IME can deliver Enter-committed letters as F1–F12: bind none of them."""
    h = harness.start()
    h.window.open_sample()
    h.pump()
    fkey = re.compile(r"<(?:[A-Za-z]+-)*(?:Key-)?F\d+>")
    sequences: list[str] = list(root.bind_all()) + list(root.bind())
    for w in _all_widgets(root):
        sequences.extend(w.bind())
        for tag in w.bindtags():
            if tag.startswith(".") or tag == "all":
                continue
            sequences.extend(root.bind_class(tag))
    ours = [s for s in sequences if fkey.search(s)]
    # Tk's own class bindings include <Key-F10> (menu) and <Key-F16>..F20 (Sun keyboard
    # copy/paste); none may come from G60Desk's widgets or the root.
    assert not [s for s in root.bind() if fkey.search(s)]
    assert not [s for w in _all_widgets(root) for s in w.bind() if fkey.search(s)], ours


def test_shortcuts(harness: Harness) -> None:
    h = harness.start()
    for child in list(h.window.children):
        child.close()
    h.window.open_sample()
    h.pump()
    tree = h.window.navigator.tree
    press(tree, "<Control-k>")
    picker = h.editor.indicators.picker
    assert picker is not None and picker.alive()
    picker.close()
    n = len(h.session.project.indicators)  # type: ignore[union-attr]
    press(tree, "<Control-M>")                     # with Caps Lock on, too
    assert len(h.session.project.indicators) == n + 1  # type: ignore[union-attr]
    win = None
    h.window.services.exporter = object()  # type: ignore[assignment]
    press(tree, "<Control-e>")
    win = h.window.children[-1]
    assert win.__class__.__name__ == "ExportWindow"
    win.close()


def test_tab_follows_the_form(harness: Harness) -> None:
    h = harness.start()
    h.window.open_sample()
    h.pump()
    f = h.editor.fields
    order = ["name", "category", "department", "implementer", "unit", "start", "end"]
    f["name"].widget.focus_force()
    h.pump()
    seen = []
    for _ in order:
        w = h.root.focus_get()
        seen.append(next(k for k, v in f.items() if v.widget is w))
        w.tk_focusNext().focus_force()
        h.pump()
    assert seen == order
    h.editor.select_tab("sections")
    h.editor.show_section("overview", focus=True)
    h.pump()
    press(f["sections.overview"].widget, "<Tab>")
    h.pump()
    assert h.editor.section_list.selection() == ("basis",)
    assert h.root.focus_get() is f["sections.basis"].widget


def test_editor_fits_1024x768(harness: Harness, root: Any) -> None:
    h = harness.start()
    h.window.open_sample()
    root.geometry("1024x740+0+0")
    h.pump(lambda: root.winfo_width() == 1024)
    h.pump()
    bottom = root.winfo_rooty() + root.winfo_height()
    right = root.winfo_rootx() + root.winfo_width()
    for tab in ("basic", "funding", "goals", "indicators", "sections"):
        h.editor.select_tab(tab)
        h.pump()
        frame = h.editor.tabs[tab]
        for w in _all_widgets(frame):
            if not w.winfo_ismapped() or isinstance(w, tkinter.Text):
                continue
            x, y = w.winfo_rootx(), w.winfo_rooty()
            assert x + min(w.winfo_width(), 40) <= right, (tab, str(w))
            assert y + min(w.winfo_height(), 10) <= bottom, (tab, str(w))
    root.geometry("1280x800+0+0")
    h.pump()
