"""打印: the real PDF in the 打印预览 window, page by page, then printer and copies to lp."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from g60desk.services.printing import PrintEnv, PrintSystem
from tests.gui.conftest import Harness


class FakeLp:
    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    def __call__(self, cmd: Sequence[str]) -> tuple[int, str, str]:
        self.calls.append(tuple(cmd))
        return 0, "request id is Canon-7 (1 file(s))\n", ""


@pytest.fixture
def printing_harness(root: Any, home: Path) -> Any:
    h = Harness(root, home)
    lp = FakeLp()
    h.services.print_env = lambda: PrintEnv("linux", has_lp=True, printers=("HP", "Canon"),
                                            default="Canon")
    h.services.printer = PrintSystem(run=lp)
    h.start_with_sample(project=0)
    yield h, lp
    h.close()


def _preview(h: Harness, scope: str = "all") -> Any:
    win = h.window.print_declaration()
    assert win is not None
    assert win.cancel_button.cget("text") == "取消生成"
    win.scope.set(scope)
    win.start_button.invoke()
    h.pump(lambda: win.done, timeout=30)
    assert win.preview_window is not None, win.result.cget("text")
    return win, win.preview_window


def test_preview_shows_the_real_pages_and_prints_to_the_chosen_printer(
        printing_harness: Any) -> None:
    h, lp = printing_harness
    export, preview = _preview(h)
    h.pump()
    pages = len(PdfReader(str(preview.path)).pages)
    assert pages > 1
    assert preview.page_label.cget("text") == f"第 1 / {pages} 页"
    assert str(preview.back_button.cget("state")) == "disabled"
    # The page is drawn, fitted inside the canvas.
    photo = preview.photo
    assert photo is not None and preview.canvas.find_withtag("page")
    assert photo.height() <= preview.canvas.winfo_height()
    assert photo.width() <= preview.canvas.winfo_width()
    assert preview.zoom_label.cget("text") == f"{round(preview.state.zoom * 100)}%"
    assert "Outline" not in str(preview.fit_button.cget("style"))   # 适合窗口 is on
    preview.forward_button.invoke()
    assert preview.page_label.cget("text") == f"第 2 / {pages} 页"
    assert str(preview.back_button.cget("state")) == "normal"
    preview.last_button.invoke()
    assert preview.page_label.cget("text") == f"第 {pages} / {pages} 页"
    assert str(preview.forward_button.cget("state")) == "disabled"
    # Zoom in leaves 适合窗口; 适合窗口 brings the whole page back.
    fitted = preview.state.zoom
    preview.zoom_in_button.invoke()
    assert preview.state.zoom > fitted and not preview.state.fit
    assert "Outline" in str(preview.fit_button.cget("style"))
    assert preview.photo.height() > photo.height()
    preview.fit_button.invoke()
    assert preview.state.zoom == pytest.approx(fitted)
    # The default printer comes first; copies as typed.
    assert list(preview.printer_box.cget("values")) == ["Canon", "HP"]
    assert preview.printer.get() == "Canon"
    preview.printer.set("HP")
    preview.copies.set("3")
    preview.print_button.invoke()
    assert lp.calls == [("lp", "-d", "HP", "-n", "3", "--", str(preview.path))]
    assert "HP" in preview.message.cget("text") and "3 份" in preview.message.cget("text")
    preview.copies.set("零")
    assert not preview.print()
    assert "1 到 99" in preview.message.cget("text") and len(lp.calls) == 1
    preview.close()
    export.close()


def test_without_cups_the_preview_says_what_to_do(printing_harness: Any) -> None:
    h, lp = printing_harness
    h.services.print_env = lambda: PrintEnv("linux", has_lp=False)
    export, preview = _preview(h, scope="current")
    assert preview.page_label.cget("text").startswith("第 1 / ")
    assert str(preview.print_button.cget("state")) == "disabled"
    text = preview.message.cget("text")
    assert "另存为 PDF" in text and "CUPS" in text
    assert not preview.print() and lp.calls == []
    preview.close()
    export.close()


def test_every_preview_button_is_visible_at_the_largest_font(printing_harness: Any) -> None:
    h, _ = printing_harness
    w = h.window
    family, size = w.font_family, w.prefs.font_size
    w.set_ui_font(family, 16)
    try:
        export, preview = _preview(h, scope="current")
        h.pump()
        top = preview.top
        right = top.winfo_rootx() + top.winfo_width()
        bottom = top.winfo_rooty() + top.winfo_height()
        for button in (preview.first_button, preview.back_button, preview.forward_button,
                       preview.last_button, preview.zoom_out_button, preview.zoom_in_button,
                       preview.fit_button, preview.print_button, preview.close_button,
                       preview.open_button):
            assert button.winfo_ismapped(), button.cget("text")
            assert button.winfo_rootx() + button.winfo_width() <= right, button.cget("text")
            assert button.winfo_rooty() + button.winfo_height() <= bottom, button.cget("text")
        preview.close()
        export.close()
    finally:
        w.set_ui_font(family, size)
