"""Starting the window: first start offers a declaration or the sample; Chinese dialogs."""

from __future__ import annotations

from typing import Any

from tests.gui.conftest import Harness, pump


def test_first_start_offers_sample_and_opens_it(harness: Harness) -> None:
    harness.start()
    harness.pump(lambda: len(harness.window.children) == 1)
    welcome = harness.window.children[0]
    assert welcome.alive()
    welcome.sample_button.invoke()
    harness.pump(lambda: harness.session.declaration is not None)
    d = harness.session.declaration
    assert d is not None and d.year == 2022 and len(d.projects) == 4
    projects = harness.window.navigator.project_items()
    assert len(projects) == 4
    tree = harness.window.navigator.tree
    assert "G60 科创走廊建设" in tree.item(projects[0], "text")
    assert harness.editor.fields["name"].get() == "G60 科创走廊建设"
    assert "已保存" in harness.root.title()


def test_catalogue_says_yes_and_no_in_chinese(root: Any) -> None:
    from ttkbootstrap.localization import MessageCatalog
    assert MessageCatalog.translate("No") == "否"
    assert MessageCatalog.translate("Yes") == "是"
    assert MessageCatalog.translate("&Apply") == "&应用"
    assert MessageCatalog.translate("Cancel") == "取消"
    assert MessageCatalog.translate("January") == "一月"
    pump(root)


def test_first_screen_leaves_secondary_windows_unimported() -> None:
    """The window's module defers the secondary windows and the Excel/roll-up actions."""
    import subprocess
    import sys

    probe = (
        "import sys, g60desk.ui.main_window as mw\n"
        "deferred = ('g60desk.ui.indicator_import', 'g60desk.ui.windows.settings',"
        " 'g60desk.services.overview', 'openpyxl',"
        " 'reportlab')\n"
        "print('loaded-before', [m for m in deferred if m in sys.modules])\n"
        "print('mode', mw.windows.MODE_EXPORT, mw.exchange_actions.__name__)\n"
        "print('loaded-after', [m for m in deferred if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert "loaded-before []" in out
    assert "mode export g60desk.ui.exchange_actions" in out
    assert "g60desk.ui.indicator_import" in out.split("loaded-after", 1)[1]


def _file_item_state(h: Harness, label: str) -> str:
    menu = h.window.file_menu
    i = next(i for i in range(menu.index("end") + 1)
             if menu.type(i) == "command" and menu.entrycget(i, "label") == label)
    return str(menu.entrycget(i, "state"))


def test_nothing_is_claimed_before_anything_is_open(harness: Harness) -> None:
    h = harness
    w = h.window
    # Built, not yet started: no verdict, nothing to save or print.
    assert "没有发现问题" not in w.findings_panel.summary.cget("text")
    for key in ("save", "pdf", "print", "new"):
        assert str(w.toolbar[key].cget("state")) == "disabled", key
    for label in ("保存", "导出 PDF…", "打印…"):
        assert _file_item_state(h, label) == "disabled", label
    h.start()
    h.pump(lambda: len(w.children) == 1)
    assert w.findings_panel.summary.cget("text") == "尚未打开申报"
    assert str(w.toolbar["save"].cget("state")) == "disabled"
    # The welcome window says what to do; the hint behind it does not peek out …
    assert w.placeholder.cget("text") == ""
    # … and comes back once the welcome window is closed without a choice.
    w.children[0].close()
    h.pump()
    assert "新建申报" in w.placeholder.cget("text")
    assert w.open_sample()
    h.pump()
    assert str(w.toolbar["save"].cget("state")) == "normal"
    assert _file_item_state(h, "保存") == "normal"
