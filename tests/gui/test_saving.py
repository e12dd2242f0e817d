"""Saving: autosave after typing stops and on tab switches, Ctrl+S, the title's state,
a failed save shown and retried, closing never loses edits, window size remembered."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from g60desk.domain.model import Declaration
from g60desk.services.ports import RepositoryError
from tests.gui.conftest import Harness, press, type_into


class FlakyDatabase:
    """Delegates to the real database but refuses to save while ``broken``."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.broken = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def save(self, declaration: Declaration) -> None:
        if self.broken:
            raise RepositoryError("无法保存:磁盘已满。")
        self.inner.save(declaration)



def test_autosave_after_typing_stops_and_on_tab_switch(harness: Harness) -> None:
    h = harness.start_with_sample()
    name = h.editor.fields["name"]
    type_into(name.widget, "G60 科创走廊建设(修改)")
    assert h.session.dirty and "未保存" in h.root.title()
    h.pump(lambda: not h.session.dirty, timeout=5)
    assert "已保存" in h.root.title()
    d = h.session.declaration
    assert d is not None and h.session.repo.get(d.id).projects[0].name == "G60 科创走廊建设(修改)"
    # A tab switch saves at once.
    h.session.autosave.delay = 60
    type_into(name.widget, "G60 科创走廊建设")
    assert h.session.dirty
    h.editor.select_tab("funding")
    h.pump(lambda: not h.session.dirty, timeout=2)
    # So does Ctrl+S.
    type_into(h.editor.fields["funding.total_other"].widget, "0")
    press(h.editor.fields["funding.total_other"].widget, "<Control-s>")
    assert not h.session.dirty


def test_failed_save_is_shown_and_retried(harness: Harness) -> None:
    h = harness.start_with_sample()
    flaky = FlakyDatabase(h.session.repo)
    h.session.repo = flaky
    type_into(h.editor.fields["name"].widget, "新名称")
    h.pump(lambda: bool(h.dialogs.errors()), timeout=5)
    assert "磁盘已满" in h.dialogs.errors()[0]
    assert "保存失败" in h.root.title() and h.session.dirty
    assert "保存失败" in h.window.status_label.cget("text")
    flaky.broken = False
    press(h.editor.fields["name"].widget, "<Control-s>")
    assert not h.session.dirty and "已保存" in h.root.title()
    assert h.session.repo.get(h.session.declaration.id).projects[0].name == "新名称"  # type: ignore[union-attr]
    h.session.repo = flaky.inner


def test_close_asks_about_unreadable_text_and_saves(root: Any, home: Any) -> None:
    h = Harness(root, home)
    h.start_with_sample()
    total = h.editor.fields["funding.total"]
    h.editor.select_tab("funding")
    type_into(total.widget, "五百一十万")
    h.pump()
    h.dialogs.answers = [False]               # 返回修改
    real_destroy = root.destroy
    root.destroy = lambda: None               # keep the shared root alive
    try:
        assert h.window.request_close() is False
        assert "无法识别" in h.dialogs.shown[-1][1] and "五百一十万" in h.dialogs.shown[-1][1]
        assert h.dialogs.defaults[-1] == "返回修改"   # Enter keeps the window open
        type_into(total.widget, "510万")
        h.pump()
        assert h.window.request_close() is True
    finally:
        root.destroy = real_destroy
    assert h.services.closers == []           # the database was closed (lock released)
    again = Harness(root, home).start()
    p = again.session.project
    assert p is not None and str(p.funding.get("total")) == "5100000.00"
    assert again.root.geometry().split("+")[0] == h.window.prefs.geometry.split("+")[0]
    again.close()


def test_window_size_and_last_project_are_remembered(root: Any, home: Any) -> None:
    h = Harness(root, home)
    h.start_with_sample()
    d = h.session.declaration
    assert d is not None
    h.window.on_nav_select(d.id, d.projects[2].id)
    root.geometry("1100x700+20+10")
    h.pump(lambda: root.winfo_width() == 1100)
    h.close()
    root.geometry("1280x800+0+0")
    h.pump(lambda: root.winfo_width() == 1280)
    again = Harness(root, home).start()
    again.pump(lambda: root.winfo_width() == 1100)
    assert again.session.project is not None and again.session.project.name == "办公场所运行保障"
    assert again.window.prefs.last_project == d.projects[2].id
    again.close()


def test_second_window_on_the_same_folder_is_read_only(root: Any, home: Any) -> None:
    first = Harness(root, home)
    first.start_with_sample()
    first.window.destroy()           # keep its database open: it holds the folder lock
    second = Harness(root, home).start()
    try:
        second.pump(lambda: bool(second.dialogs.shown))
        kind, message = second.dialogs.shown[0]
        assert kind == "warning" and "只能查看" in message
        assert "只读" in root.title()
        type_into(second.editor.fields["name"].widget, "不能保存的修改")
        press(second.editor.fields["name"].widget, "<Control-s>")
        assert second.session.dirty and second.dialogs.errors()
        second.session.revision = second.session.saved_revision  # nothing to save on close
    finally:
        second.close()
        first.services.shutdown()


def test_a_failed_preferences_save_is_logged(harness: Harness,
                                             caplog: pytest.LogCaptureFixture) -> None:
    h = harness.start_with_sample()
    (h.home / "preferences.json").mkdir()      # the rename over it must fail
    with caplog.at_level(logging.WARNING, logger="g60desk"):
        h.window.remember()
    assert any("界面设置没有保存" in r.getMessage() for r in caplog.records), caplog.text
    (h.home / "preferences.json").rmdir()
