"""Open every dialog of the window at given font sizes and report where its buttons are.

Run by tests/gui/test_dialog_fit.py in a child process on its own 1024×768 X screen
(the shared test display is larger): ``python -m tests.gui.fit_probe 16 [13 …]``.
Prints one JSON object: per font size and dialog, the dialog's and the screen's
rectangles and each packed button's text, rectangle and whether it is viewable.
"""

from __future__ import annotations

import json
import sys
import tempfile
import tkinter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Rect = tuple[int, int, int, int]


def _rect(w: tkinter.Misc) -> Rect:
    return (w.winfo_rootx(), w.winfo_rooty(), w.winfo_width(), w.winfo_height())


def _buttons(w: tkinter.Misc) -> Iterator[tkinter.Misc]:
    import ttkbootstrap as ttk
    children = w.winfo_children()
    if isinstance(w, ttk.Notebook):  # only the page on show
        children = [c for c in children if str(c) == w.select()]
    for child in children:
        if isinstance(child, tkinter.Toplevel):
            continue
        if isinstance(child, ttk.Button) and child.winfo_manager():
            yield child
        yield from _buttons(child)


def _top(dialog: Any) -> tkinter.Toplevel:
    for name in ("top", "win"):
        top = getattr(dialog, name, None)
        if isinstance(top, tkinter.Toplevel):
            return top
    raise TypeError(dialog)


def measure(root: Any, name: str, top: tkinter.Toplevel) -> dict[str, Any]:
    from tests.gui.conftest import pump
    pump(root)
    top.update()
    return {"dialog": name, "rect": _rect(top), "screen": (top.winfo_screenwidth(),
                                                           top.winfo_screenheight()),
            "viewable": bool(top.winfo_viewable()),
            "buttons": [{"text": str(b.cget("text")), "rect": _rect(b),
                         "viewable": bool(b.winfo_viewable())} for b in _buttons(top)]}


def openers(h: Any) -> list[tuple[str, Callable[[], Any]]]:
    """Every secondary window and dialog of g60desk/ui, each with a way to open it."""
    from g60desk.domain.indicator_sheet import SheetTable
    from g60desk.ui import windows
    from g60desk.ui.indicator_import import IndicatorImportWindow
    from g60desk.ui.indicators import AdjustDialog

    w = h.window
    table = SheetTable("指标", 1, ("一级指标", "二级指标", "三级指标", "指标值"),
                       [(2, ("产出指标", "数量指标", "开发相关课程", "=3堂")),
                        (3, ("产出指标", "质量指标", "课程验收通过率", ">=95%"))])
    row = h.session.project.indicators[0]

    def settings(tab: int) -> Callable[[], Any]:
        def open_tab() -> Any:
            s = w.open_settings()
            s.notebook.select(tab)
            return s
        return open_tab

    return [
        ("欢迎", lambda: windows.WelcomeWindow(w)),
        ("新建申报", w.new_declaration),
        *((f"设置·{t}", settings(i)) for i, t in enumerate(("单位信息", "签字栏", "字体", "模板",
                                                            "数据"))),
        ("导出 PDF", w.export_pdf),
        ("打印", w.print_declaration),
        ("回收站", w.open_trash),
        ("恢复备份", w.open_backups),
        ("导入指标表", lambda: IndicatorImportWindow(w, [table], "一体化导出.xlsx")),
        ("从指标库添加指标", lambda: w.editor.indicators.open_picker()),
        ("调整指标值", lambda: AdjustDialog(w.editor.indicators.frame, row, lambda a, b: None)),
        ("检查结果汇总", w.open_findings_overview),
    ]


def message_box(root: Any, size: int) -> dict[str, Any]:
    """The modal message box (ui.dialogs): measured from a timer, then answered."""
    from g60desk.ui.dialogs import Dialogs
    found: dict[str, Any] = {}

    def look() -> None:
        tops = [t for t in root.winfo_children() if isinstance(t, tkinter.Toplevel)
                and t.winfo_ismapped()]
        if not tops:
            root.after(30, look)
            return
        top = tops[-1]
        top.update()
        found.update(measure(root, "确认对话框", top))
        next(b for b in _buttons(top) if b.cget("text") == "返回修改").invoke()

    root.after(50, look)
    Dialogs(root).confirm("以下内容无法识别,不会被保存:\n" + "\n".join(
        f"· 项目{n} · 项目资金 · 年度资金申请总额:“五百万元整”" for n in range(6))
        + "\n\n仍要退出吗?", "有内容无法保存", ok="退出", cancel="返回修改", danger=True,
        default="返回修改")
    return found


def main(sizes: list[int]) -> dict[str, Any]:
    import ttkbootstrap as ttk

    from g60desk.ui.i18n import install_chinese
    from tests.gui.conftest import CallbackErrors, Harness, pump

    root = ttk.App(title="G60Desk fit", theme="bootstrap-light", iconphoto=None)
    install_chinese()
    errors = CallbackErrors()
    root.report_callback_exception = errors
    sw, sh = root.winfo_screenwidth(), root.winfo_screenheight()
    root.geometry(f"{sw}x{sh - 40}+0+0")
    out: dict[str, Any] = {"screen": (sw, sh), "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        import os
        os.environ["G60DESK_HOME"] = str(Path(tmp) / "data")
        h = Harness(root, Path(tmp) / "data")
        h.start_with_sample(project=0)
        h.window.root.report_callback_exception = errors
        h.session.save()
        for size in sizes:
            h.window.set_ui_font(h.window.font_family, size)
            pump(root)
            results = []
            for name, open_dialog in openers(h):
                dialog = open_dialog()
                assert dialog is not None, name
                results.append(measure(root, name, _top(dialog)))
                if hasattr(dialog, "close"):
                    dialog.close()
                else:
                    _top(dialog).destroy()
                pump(root)
            results.append(message_box(root, size))
            out["sizes"][str(size)] = results
        h.close()
    out["callback_errors"] = [repr(e) for e in errors.caught]
    root.destroy()
    return out


if __name__ == "__main__":
    print(json.dumps(main([int(a) for a in sys.argv[1:]] or [16]), ensure_ascii=False))
