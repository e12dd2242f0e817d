"""The findings panel and the navigator's overview (issue items 3–5 as a clerk meets them):
a divider that drags and is remembered, whole messages, 只看有错误的项目, 检查结果汇总,
rows and columns that follow the font and the content."""

from __future__ import annotations

import tkinter.font as tkfont
from pathlib import Path
from typing import Any

import ttkbootstrap as ttk

from g60desk.services import layout
from g60desk.ui.findings_overview import FindingsOverview
from tests.gui.conftest import Harness, press, type_into


def _drag_sash(pane: Any, to_y: int) -> None:
    """Drag the first divider of a vertical pane with the mouse, as a user would."""
    x = pane.winfo_width() // 2
    y = int(pane.sashpos(0)) + 2
    assert pane.identify(x, y) != "", "no sash under the pointer"
    pane.event_generate("<ButtonPress-1>", x=x, y=y)
    pane.update()
    for step in range(1, 6):
        pane.event_generate("<B1-Motion>", x=x, y=y + (to_y - y) * step // 5)
        pane.update()
    pane.event_generate("<ButtonRelease-1>", x=x, y=to_y)
    pane.update()


def _with_error(h: Harness) -> None:
    """An unreadable amount in project 1: an error the navigator and the lists show."""
    ed = h.editor
    ed.select_tab("funding")
    h.pump()
    type_into(ed.fields["funding.annual_appropriation"].widget, "五百万元整")
    h.pump(lambda: any(f.severity.value == "error" for f in h.findings()))


def test_divider_drags_and_is_remembered(root: Any, home: Path) -> None:
    h = Harness(root, home)
    h.window.prefs.geometry = "1366x740+0+0"
    h.start_with_sample(project=0)
    h.pump()
    pane = h.window.vpane
    height = pane.winfo_height()
    before = height - int(pane.sashpos(0))
    assert before >= height // 4 - 1 and before >= 150  # more than three rows from the start
    _drag_sash(pane, height * 2 // 5)
    after = height - int(pane.sashpos(0))
    assert abs(after - (height - height * 2 // 5)) <= 6 and after > before + 100
    h.close()
    assert h.services.prefs_file.load().findings_height == after
    again = Harness(root, home)
    again.start()
    again.pump(lambda: abs(again.window.vpane.winfo_height() - int(again.window.vpane.sashpos(0))
                           - after) <= 2)
    again.close()


def test_selected_finding_shows_its_whole_message(harness: Harness) -> None:
    h = harness.start_with_sample(project=1)
    _with_error(h)
    panel = h.window.findings_panel
    i = next(n for n, f in enumerate(panel.findings) if f.severity.value == "error")
    panel.tree.selection_set(str(i))
    h.pump()
    text = panel.detail_text()
    assert panel.findings[i].message in text and text.startswith("错误")
    # It wraps within the panel and leaves the list its rows.
    assert panel.detail.winfo_width() <= panel.frame.winfo_width()
    assert panel.tree.winfo_height() >= 3 * int(panel.tree.bbox(str(i))[3])
    # A cell cut off shows whole in a tooltip (位置 squeezed here; 说明 takes the rest).
    panel.tree.column("where", width=60)
    panel.tree.update_idletasks()
    bbox = panel.tree.bbox(str(i), "where")
    assert bbox, "the row is not visible"
    where = str(panel.tree.item(str(i), "values")[1])
    assert panel.tips.text_at(bbox[0] + 5, bbox[1] + 3) == where
    tip = panel.tips.show(where, 10, 10)
    h.pump()
    assert tip.winfo_viewable()
    panel.tips.hide()
    message = panel.tree.bbox(str(i), "message")
    assert panel.tips.text_at(message[0] + 5, message[1] + 3) is None  # shown whole


def test_errors_only_filters_the_navigator(harness: Harness) -> None:
    h = harness.start_with_sample(project=1)
    nav = h.window.navigator
    assert len(nav.project_items()) == 4
    _with_error(h)
    h.pump(lambda: any(f.severity.value == "error"
                       for f in h.window.decl_findings[h.session.declaration.id]))
    nav.errors_check.invoke()
    h.pump()
    d = h.session.declaration
    assert nav.project_items() == [f"p:{d.id}:{d.projects[1].id}"]
    assert str(nav.errors_check.cget("text")) == "只看有错误的项目"
    nav.errors_check.invoke()
    h.pump()
    assert len(nav.project_items()) == 4


def test_overview_groups_by_project_and_jumps_to_the_field(harness: Harness) -> None:
    h = harness.start_with_sample(project=1)
    _with_error(h)
    d = h.session.declaration
    assert d is not None
    h.window.on_nav_select(d.id, d.projects[0].id)   # somewhere else
    h.pump()
    h.editor.select_tab("basic")
    h.pump()
    overview = h.window.open_findings_overview()
    assert isinstance(overview, FindingsOverview)
    h.pump()
    groups = overview.tree.get_children()
    assert groups and all(overview.tree.item(g, "open") for g in groups)
    labels = [str(overview.tree.item(g, "text")) for g in groups]
    assert any(lbl.startswith(f"2. {d.projects[1].name}") and "错误 1" in lbl for lbl in labels)
    group = next(g for g, lbl in zip(groups, labels, strict=True) if lbl.startswith("2. "))
    child = overview.tree.get_children(group)[0]
    finding = overview.findings[child]
    assert finding.project_index == 1 and finding.severity.value == "error"
    overview.tree.selection_set(child)
    overview.tree.see(child)
    h.pump()
    assert finding.message in str(overview.detail.cget("text"))
    x, y, _, _ = overview.tree.bbox(child)
    for _ in range(2):  # a double click: two clicks in a row on the same spot
        overview.tree.event_generate("<ButtonPress-1>", x=x + 5, y=y + 3)
        overview.tree.event_generate("<ButtonRelease-1>", x=x + 5, y=y + 3)
    h.pump()
    assert h.session.project is d.projects[1]
    assert h.editor.current_tab() == "funding"
    focused = h.root.focus_get()
    assert str(focused) == str(h.editor.fields["funding.annual_appropriation"].widget)
    # The menu opens the same window, not a second one.
    assert h.window.open_findings_overview() is overview


def test_rows_follow_the_font_size_at_once(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    h.editor.select_tab("indicators")
    h.pump()
    tree = h.editor.indicators.tree
    for size in (16, 9, 13):
        h.window.set_ui_font(h.window.font_family, size)
        h.pump()
        font = tkfont.nametofont("TkDefaultFont")
        assert font.actual("size") == size
        linespace = int(font.metrics("linespace"))
        assert int(ttk.Style().lookup("Treeview", "rowheight")) >= linespace
        first = tree.get_children()[0]
        assert int(tree.bbox(first)[3]) >= linespace  # the row is as tall as the text


def test_settings_enter_saves(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    s = h.window.open_settings()
    assert s is not None
    h.pump()
    type_into(s.department_entry, "上海市松江区科学技术委员会")
    press(s.department_entry, "<Return>")
    h.pump()
    assert not s.alive()
    assert h.session.declaration.department == "上海市松江区科学技术委员会"
    # In the multi-line 申报单位 box Enter starts a new line and does not save.
    s = h.window.open_settings()
    h.pump()
    s.notebook.select(0)
    press(s.units, "<Return>")
    h.pump()
    assert s.alive()
    s.close()


def test_columns_show_their_content_at_1024x768(root: Any, home: Path) -> None:
    h = Harness(root, home)
    h.window.prefs.geometry = "1024x740+0+0"
    h.start_with_sample(project=0)
    ed = h.editor
    font = tkfont.nametofont("TkDefaultFont")
    ed.select_tab("funding")
    h.pump()
    for key in ("funding.total", "funding.annual"):
        box = ed.fields[key].widget
        type_into(box, "350000")
        box.event_generate("<FocusOut>")
        h.pump()
        assert box.get() == "350,000.00"
        assert box.winfo_width() >= layout.entry_width(font.measure("999,999,999.00"))
    # The indicator table: values and headers whole; 三级指标 gives way, with a tooltip.
    ed.select_tab("indicators")
    h.pump()
    tab = ed.indicators
    tree = tab.tree
    columns = list(tree.cget("columns"))
    for key in ("level1", "level2", "target", "parsed"):
        texts = [tab.heads[key]] + [str(tree.item(i, "values")[columns.index(key)])
                                   for i in tree.get_children()]
        need = max(font.measure(t) for t in texts)
        assert int(tree.column(key, "width")) >= need + layout.CELL_PAD - 1, key
    total = sum(int(tree.column(c, "width")) for c in columns)
    assert total <= tree.winfo_width() + 1
    # A long project name in the navigator: cut off, whole in the tooltip.
    name = "上海市松江区G60科创走廊人工智能与集成电路产业协同创新公共服务平台建设项目"
    ed.select_tab("basic")
    h.pump()
    type_into(ed.fields["name"].widget, name)
    h.pump(lambda: name in str(h.window.navigator.tree.item(
        h.window.navigator.project_items()[0], "text")))
    nav = h.window.navigator.tree
    iid = h.window.navigator.project_items()[0]
    nav.see(iid)
    h.pump()
    x, y, w, _ = nav.bbox(iid, "#0")
    assert nav.column("#0", "width") + nav.column("amount", "width") <= nav.winfo_width() + 1
    tip = h.window.navigator.tips.text_at(x + w - 10, y + 3)
    assert tip is not None and name in tip
    h.close()


def test_tabs_scroll_at_font_16_on_1024x768(root: Any, home: Path) -> None:
    """A tab that does not fit scrolls; a field reached by Tab or a jump is brought into view."""
    h = Harness(root, home)
    h.window.prefs.geometry = "1024x740+0+0"
    h.start_with_sample(project=0)
    h.window.set_ui_font(h.window.font_family, 16)
    ed = h.editor
    ed.select_tab("funding")
    h.pump()
    page = ed.pages["funding"]
    h.pump(lambda: page.scrolls()[0])
    assert page.vbar.winfo_ismapped()
    last = ed.fields["funding.annual_other"].widget
    last.focus_force()
    h.pump()
    top, bottom = page.canvas.winfo_rooty(), page.canvas.winfo_rooty() + page.canvas.winfo_height()
    assert top <= last.winfo_rooty() and last.winfo_rooty() + last.winfo_height() <= bottom
    # The indicator toolbar folds the less-used actions into 更多 instead of cutting
    # buttons off (tests/gui/test_small_screen.py looks closer).
    ed.select_tab("indicators")
    h.pump()
    tab = ed.indicators
    h.pump(lambda: bool(tab.folded()))
    right = tab.frame.winfo_rootx() + tab.frame.winfo_width()
    for name, b in tab.buttons.items():
        if name not in tab.folded():
            assert b.winfo_viewable() and b.winfo_rootx() + b.winfo_width() <= right, name
    assert tab.more.winfo_viewable() and tab.more.winfo_rootx() + tab.more.winfo_width() <= right
    ed.select_tab("funding")
    h.pump()
    # Back at the normal size the page fits again: no scrollbar.
    h.window.set_ui_font(h.window.font_family, 10)
    h.pump(lambda: not page.scrolls()[0])
    assert not page.vbar.winfo_ismapped()
    h.close()


def test_font_size_stays_within_the_tested_range(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    s = h.window.open_settings()
    assert s is not None
    s.font_size.set("20")
    assert s.apply()
    h.pump()
    assert h.window.prefs.font_size == 16
    assert tkfont.nametofont("TkDefaultFont").actual("size") == 16
