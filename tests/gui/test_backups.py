"""恢复备份: the 文件 menu item, its list and confirmation, the window showing the restored
data (and autosave not overwriting it), read-only refusal, the offer after a damaged start."""

from __future__ import annotations

import tkinter
from pathlib import Path
from typing import Any

from g60desk.storage import DB_NAME
from g60desk.ui import windows
from tests.gui.conftest import Harness, type_into

SAMPLE_NAME = "G60 科创走廊建设"


def _menu_item(h: Harness, menu_label: str, item_label: str) -> tuple[tkinter.Menu, int]:
    bar = h.window.menu
    for i in range(bar.index("end") + 1):
        if bar.type(i) == "cascade" and bar.entrycget(i, "label") == menu_label:
            sub = h.root.nametowidget(bar.entrycget(i, "menu"))
            for j in range(sub.index("end") + 1):
                if sub.type(j) == "command" and sub.entrycget(j, "label") == item_label:
                    return sub, j
    raise AssertionError(f"no {menu_label} → {item_label}")


def _sample_then_backup(root: Any, home: Path) -> None:
    """First run stores the sample; the second run's first save backs that file up."""
    first = Harness(root, home).start()
    for child in list(first.window.children):
        child.close()
    assert first.window.open_sample()
    first.close()
    second = Harness(root, home).start()
    type_into(second.editor.fields["name"].widget, "第二次运行改的名字")
    second.pump(lambda: not second.session.dirty)
    second.close()


def _backup_window(h: Harness) -> windows.BackupWindow:
    menu, index = _menu_item(h, "文件", "恢复备份…")
    assert menu.entrycget(index, "accelerator") == ""
    menu.invoke(index)
    h.pump()
    w = h.window.children[-1]
    assert isinstance(w, windows.BackupWindow) and w.alive()
    return w


def test_restore_backup_brings_back_the_old_data(root: Any, home: Path) -> None:
    _sample_then_backup(root, home)
    h = Harness(root, home).start()
    try:
        assert h.editor.fields["name"].get() == "第二次运行改的名字"
        h.session.autosave.delay = 60                 # keep the next edit pending
        type_into(h.editor.fields["name"].widget, "恢复前没保存的名字")
        assert h.session.dirty

        w = _backup_window(h)
        rows = [w.tree.item(i, "values") for i in w.tree.get_children()]
        assert len(rows) == 1
        when, decls, projects, why = rows[0]
        assert (decls, projects, why) == ("1 份", "4 个", "启动后首次保存前")
        assert str(w.restore_button.cget("state")) == "normal"

        h.dialogs.answers = [True]
        w.restore_button.invoke()
        h.pump()
        kind, question = h.dialogs.shown[-1]
        assert kind == "confirm" and "先自动备份" in question and when in question
        assert not w.alive()
        assert h.editor.fields["name"].get() == SAMPLE_NAME
        tree = h.window.navigator.tree
        names = [tree.item(i, "text") for i in h.window.navigator.project_items()]
        assert any(SAMPLE_NAME in n for n in names)
        assert not any("第二次运行" in n or "恢复前" in n for n in names)
        assert "已恢复备份" in h.window.status_label.cget("text")
        assert not h.session.dirty

        # The next edit autosaves on top of the restored data, not the stale one.
        h.session.autosave.delay = 0.2
        type_into(h.editor.fields["implementer"].widget, "恢复后填写的实施单位")
        h.pump(lambda: not h.session.dirty)
        d = h.session.declaration
        assert d is not None
        stored = h.session.repo.get(d.id).projects[0]
        assert stored.name == SAMPLE_NAME and stored.values["implementer"] == "恢复后填写的实施单位"

        # The restore backed up the data first (the newest row).
        w = _backup_window(h)
        newest = w.tree.item(w.tree.get_children()[0], "values")
        assert list(newest[1:]) == ["1 份", "4 个", "恢复备份前"]
        w.close()
    finally:
        h.close()


def test_backup_window_explains_when_nothing_can_be_restored(root: Any, home: Path) -> None:
    h = Harness(root, home).start()
    try:
        for child in list(h.window.children):
            child.close()
        w = _backup_window(h)
        assert w.tree.get_children() == ()
        assert str(w.restore_button.cget("state")) == "disabled"
        assert "还没有备份" in w.message.cget("text")
        assert w.restore() is False
        w.close()
    finally:
        h.close()
    _sample_then_backup(root, home)
    first = Harness(root, home).start()
    first.window.destroy()                       # keeps the folder lock
    second = Harness(root, home).start()
    try:
        w = _backup_window(second)
        assert len(w.tree.get_children()) == 1
        assert str(w.restore_button.cget("state")) == "disabled"
        assert "只能查看" in w.message.cget("text")
        w.close()
    finally:
        second.close()
        first.services.shutdown()


def _damage(home: Path) -> None:
    (home / DB_NAME).write_bytes(b'{"meta": {"1": {"format": "g6')   # cut off by a crash


def test_damaged_start_offers_the_newest_backup(root: Any, home: Path) -> None:
    _sample_then_backup(root, home)
    _damage(home)
    h = Harness(root, home)
    h.dialogs.answers = [True]                   # 是
    h.start()
    try:
        h.pump(lambda: h.session.declaration is not None)
        kind, question = h.dialogs.shown[0]
        assert kind == "confirm" and "现在就恢复这份备份" in question and "已改名" in question
        assert h.editor.fields["name"].get() == SAMPLE_NAME
        assert len(h.window.navigator.project_items()) == 4
        assert not [c for c in h.window.children if c.alive()]   # no welcome window
    finally:
        h.close()
    assert list(home.glob(f"{DB_NAME}.corrupt-*"))


def test_damaged_start_no_continues_with_empty_data(root: Any, home: Path) -> None:
    _sample_then_backup(root, home)
    _damage(home)
    h = Harness(root, home)
    h.dialogs.answers = [False]                  # 否
    h.start()
    try:
        h.pump(lambda: any(isinstance(c, windows.WelcomeWindow) and c.alive()
                           for c in h.window.children))
        assert h.dialogs.shown[0][0] == "confirm"
        assert h.session.declaration is None and h.session.list_declarations() == []
    finally:
        h.close()
