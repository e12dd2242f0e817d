"""帮助 > 使用说明, 编辑 > 撤销 / 重做, and paste over a selection in multi-line boxes."""

from __future__ import annotations

import time
from typing import Any

from g60desk.services import marks
from tests.gui.conftest import Harness, press, type_into
from tests.gui.test_exchange import invoke


def test_help_opens_the_chinese_guide_offline(harness: Harness) -> None:
    h = harness.start_with_sample()
    invoke(h, "帮助", "使用说明")
    win = next(c for c in h.window.children if type(c).__name__ == "HelpWindow")
    text = win.shown()
    assert text.startswith("录入窗口使用说明")
    for words in ("第一次打开", "导出和打印", "打印预览", "Ctrl+S:保存"):
        assert words in text
    # Only the users' part: no maintainers' section, no Markdown marks or pictures.
    assert "For maintainers" not in text and "**" not in text and "![" not in text
    assert str(win.text.cget("state")) == "disabled"
    win.close()


def test_edit_menu_undo_and_redo_act_on_the_focused_field(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    field = h.editor.fields["name"]
    before = field.get()
    type_into(field.widget, "改过的名称")
    h.pump()
    assert h.session.project is not None and h.session.project.name == "改过的名称"
    field.widget.focus_force()
    h.pump()
    invoke(h, "编辑", "撤销")
    assert field.get() == before and h.session.project.name == before
    invoke(h, "编辑", "重做")
    assert field.get() == "改过的名称"
    # A multi-line box uses Tk's own undo.
    h.editor.select_tab("goals")
    h.pump()
    goal = h.editor.fields["annual_goal"]
    old_goal = goal.get()
    goal.widget.focus_force()
    goal.widget.edit_separator()
    goal.widget.insert("end", "追加的一句。")
    goal.widget.edit_separator()
    h.pump()
    assert goal.get().endswith("追加的一句。")
    invoke(h, "编辑", "撤销")
    assert goal.get() == old_goal
    invoke(h, "编辑", "重做")
    assert goal.get().endswith("追加的一句。")


def test_paste_replaces_the_selection_in_the_unit_list(harness: Any) -> None:
    h = harness.start_with_sample()
    win = h.window.open_settings()
    assert win is not None
    units = win.units
    units.delete("1.0", "end")
    units.insert("1.0", "旧单位甲\n单位乙")
    units.tag_add("sel", "1.0", "1.end")
    units.mark_set("insert", "1.0")
    h.root.clipboard_clear()
    h.root.clipboard_append("新单位甲")
    time.sleep(0.05)
    press(units, "<<Paste>>")
    assert units.get("1.0", "end-1c") == "新单位甲\n单位乙"
    # Without a selection the paste goes in at the cursor, Windows line ends folded.
    h.root.clipboard_clear()
    h.root.clipboard_append("单位丙\r\n")
    units.mark_set("insert", "end-1c")
    units.insert("insert", "\n")
    press(units, "<<Paste>>")
    assert units.get("1.0", "end-1c") == "新单位甲\n单位乙\n单位丙\n"
    win.close()


def test_a_new_project_shows_pending_fields_not_red_errors(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    h.window.new_project()
    h.pump()
    h.window.refresh_checks()
    h.pump()
    panel = h.window.findings_panel
    labels = [panel.tree.set(iid, "severity") for iid in panel.tree.get_children()]
    assert labels.count("待填") >= 8 and "错误" not in labels
    assert panel.summary.cget("text").startswith("尚未填完 · 待填 ")
    assert panel.errors() == 0
    # The navigator agrees: the new project's line counts no errors, before and after a
    # full refresh of the tree.
    def nav_line() -> str:
        tree = h.window.navigator.tree
        return next(tree.item(i, "text") for i in h.window.navigator.project_items()
                    if tree.item(i, "text").endswith("(未命名项目)"))
    assert marks.ERROR not in nav_line()
    h.window.refresh_nav()
    h.pump()
    assert marks.ERROR not in nav_line()
    name = h.editor.fields["name"]
    assert "invalid" not in name.widget.state()
    # The export still says the project has errors (the PDF would be a draft).
    p = h.session.project
    assert p is not None and h.session.error_count([p.id]) >= 8
    # Typed in, then emptied: 项目名称 is an error now, in red.
    type_into(name.widget, "临时")
    h.pump()
    type_into(name.widget, "")
    h.pump(lambda: panel.errors() == 1)
    row = next(iid for iid in panel.tree.get_children() if panel.tree.set(iid, "severity") == "错误")
    assert "项目名称" in panel.tree.set(row, "message")
    assert "invalid" in name.widget.state()
