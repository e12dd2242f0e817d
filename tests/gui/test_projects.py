"""The navigator and project actions: filter, new, copy, reorder, delete to the 回收站,
restore, copy the declaration to the next year, delete and restore a declaration."""

from __future__ import annotations

import re
from typing import Any

from g60desk.services import marks
from tests.gui.conftest import Harness, press, type_into


def _names(h: Harness) -> list[str]:
    d = h.session.declaration
    assert d is not None
    return [p.name for p in d.projects]


def test_selecting_projects_and_filtering(harness: Harness) -> None:
    h = harness.start_with_sample()
    nav = h.window.navigator
    items = nav.project_items()
    nav.tree.selection_set(items[3])
    h.pump(lambda: h.session.project is not None and h.session.project.name == "课题与规划")
    assert h.editor.fields["name"].get() == "课题与规划"
    assert marks.OK in nav.tree.item(items[3], "text")   # no error nor warning (info only)
    assert marks.WARNING in nav.tree.item(items[0], "text")   # warnings, no error
    press(nav.tree, "<Control-f>")
    assert h.root.focus_get() is nav.filter_entry
    type_into(nav.filter_entry, "办公")
    h.pump()
    lead = rf"^[{marks.OK}{marks.WARNING}{marks.ERROR}]\s*\d*\s*"
    shown = [re.sub(lead, "", nav.tree.item(i, "text")) for i in nav.project_items()]
    assert shown == ["办公场所运行保障"]
    type_into(nav.filter_entry, "")
    h.pump()
    assert len(nav.project_items()) == 4


def test_new_copy_move_delete_and_restore(harness: Harness, root: Any) -> None:
    h = harness.start_with_sample()
    h.window.toolbar["copy"].invoke()
    h.pump()
    assert _names(h)[:2] == ["G60 科创走廊建设", "G60 科创走廊建设(副本)"]
    assert h.session.project_index == 1
    h.window.toolbar["up"].invoke()
    h.pump()
    assert _names(h)[0] == "G60 科创走廊建设(副本)"
    h.window.toolbar["down"].invoke()
    h.pump()
    assert _names(h)[1] == "G60 科创走廊建设(副本)"
    # Delete asks first; saying no keeps the project.
    h.dialogs.answers = [False]
    h.window.toolbar["delete"].invoke()
    assert len(_names(h)) == 5
    h.dialogs.answers = [True]
    h.window.toolbar["delete"].invoke()
    h.pump()
    assert _names(h) == ["G60 科创走廊建设", "网络信息系统开发、升级、建设(历年已批复)", "办公场所运行保障",
                         "课题与规划"]
    assert "回收站" in h.dialogs.shown[-1][1]
    trash = h.window.open_trash()
    assert [trash.tree.item(i, "values")[0] for i in trash.tree.get_children()] == [
        "项目:G60 科创走廊建设(副本)"]
    trash.restore_button.invoke()
    h.pump()
    assert _names(h)[1] == "G60 科创走廊建设(副本)"
    assert h.editor.fields["name"].get() == "G60 科创走廊建设(副本)"
    assert trash.tree.get_children() == ()
    trash.close()
    # Ctrl+N adds an empty project after the current one, dated in the declaration's year.
    press(h.window.navigator.tree, "<Control-n>")
    h.pump()
    assert _names(h)[2] == "" and h.editor.fields["start"].get() == "2022-01-01"
    assert h.root.focus_get() is h.editor.fields["name"].widget
    assert "(未命名项目)" in h.window.navigator.tree.item(h.window.navigator.project_items()[2],
                                                      "text")


def test_roll_forward_then_delete_and_restore_the_declaration(harness: Harness) -> None:
    h = harness.start_with_sample()
    h.dialogs.answers = [True]
    h.window.roll_forward()
    h.pump()
    d = h.session.declaration
    assert d is not None and d.year == 2023 and len(d.projects) == 4
    assert h.editor.fields["end"].get() == "2023-12-31"
    tree = h.window.navigator.tree
    assert tree.get_children() == ("y:2023", "y:2022")
    h.dialogs.answers = [True]
    h.window.delete_declaration()
    h.pump()
    assert tree.get_children() == ("y:2022",)
    assert h.session.declaration is not None and h.session.declaration.year == 2022
    trash = h.window.open_trash()
    entry_ids = trash.tree.get_children()
    assert len(entry_ids) == 1 and "申报:2023年" in trash.tree.item(entry_ids[0], "values")[0]
    trash.restore()
    h.pump()
    assert tree.get_children() == ("y:2023", "y:2022")
    trash.close()


def test_roll_forward_offers_to_update_year_mentions(harness: Harness) -> None:
    h = harness.start_with_sample()
    old = h.session.declaration
    assert old is not None
    before = h.session.year_mentions(2022)
    assert before, "the sample writes 2022年 in its texts"
    # 复制 → 保留原样: every place is listed for checking.
    h.dialogs.answers = [True, False]
    h.window.roll_forward()
    h.pump()
    d = h.session.declaration
    assert d is not None and d.year == 2023
    question = h.dialogs.shown[-2]
    assert question[0] == "confirm" and "“2022年”" in question[1] and "改为“2023年”" in question[1]
    assert h.dialogs.defaults[-1] == "改为“2023年”"
    kind, listing = h.dialogs.shown[-1]
    assert kind == "warning" and before[0].describe() in listing
    assert "仍有" in h.window.status_label.cget("text")
    # Again, this time agreeing: nothing is left, and the goal on screen says 2023年.
    h.session.open(old.id)
    h.window.show_current()
    h.dialogs.answers = [True, True]
    h.window.roll_forward()
    h.pump()
    d2 = h.session.declaration
    assert d2 is not None and d2.year == 2023 and d2.id != d.id
    assert h.session.year_mentions(2022) == []
    assert h.dialogs.shown[-1][0] == "confirm"   # no warning: nothing left
    assert "已改为“2023年”" in h.window.status_label.cget("text")
    assert not h.session.dirty   # saved
    goals = " ".join(p.goals.get("annual_goal", "") for p in d2.projects)
    assert "2022年" not in goals
