"""The main window on the smallest screen with the largest font (1024×768, font 16), as a
clerk working on the indicator table meets it: five rows of the table in view, the
toolbar on at most two rows with every action reachable (the less-used ones in 更多),
the findings panel's title and two rows, readable project names in the navigator; and
the same window at 1366×768 in the default font as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from g60desk.services import layout
from g60desk.services.preferences import Preferences, PreferencesFile
from g60desk.ui.findings_panel import SCOPE_DECLARATION
from g60desk.ui.fit import default_font, tree_indent
from tests.gui.conftest import Harness, press

COURSE = 3  # 课题与规划: nine indicators, a finding on row 7


def _open(root: Any, home: Path, width: int, font: int, findings_height: int = 0) -> Harness:
    """The sample on 课题与规划's 绩效指标 tab, the window ``width``×768 less the menu
    bar (which sits above the window without a window manager), started in ``font``."""
    PreferencesFile(home).save(Preferences(geometry=f"{width}x730+0+0", font_size=font,
                                           findings_height=findings_height))
    h = Harness(root, home)
    h.start_with_sample(project=COURSE)
    root.geometry(f"{width}x768+0+0")
    h.pump()
    menu = root.winfo_rooty()  # the window is at +0+0: its area starts below the menu
    root.geometry(f"{width}x{768 - menu}+0+0")
    h.pump()
    h.window._restore_sashes()
    h.editor.select_tab("indicators")
    h.pump()
    return h


def _rect(w: Any) -> tuple[int, int, int, int]:
    return (w.winfo_rootx(), w.winfo_rooty(), w.winfo_rootx() + w.winfo_width(),
            w.winfo_rooty() + w.winfo_height())


def _inside(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2]
            and inner[3] <= outer[3])


def _rows_in_view(tree: Any, view: Any) -> list[str]:
    """Rows of ``tree`` drawn whole inside ``view`` (the scrolling page or the panel)
    and inside the tree itself."""
    out = []
    box, own = _rect(view), _rect(tree)
    for iid in tree.get_children():
        bbox = tree.bbox(iid)
        if not bbox:
            continue
        x, y, w, hgt = bbox
        row = (tree.winfo_rootx() + x, tree.winfo_rooty() + y,
               tree.winfo_rootx() + x + w, tree.winfo_rooty() + y + hgt)
        if _inside(row, box) and _inside(row, own):
            out.append(iid)
    return out


def _menu_entries(tab: Any) -> dict[str, int]:
    tab._fill_more()  # what the menu's postcommand does when it opens
    menu = tab.more_menu
    return {str(menu.entrycget(i, "label")): i for i in range(int(menu.index("end")) + 1)
            if menu.type(i) == "command"}


def test_indicator_table_and_toolbar_fit_at_font_16_on_1024x768(root: Any, home: Path) -> None:
    h = _open(root, home, 1024, 16)
    tab = h.editor.indicators
    page = h.editor.pages["indicators"].canvas
    window = _rect(h.window.frame)
    assert root.winfo_width() == 1024 and root.winfo_rooty() + root.winfo_height() <= 768
    p = h.session.project
    assert p is not None and len(p.indicators) >= 5
    # At least five rows of the table in view, without scrolling the tab.
    h.pump(lambda: len(_rows_in_view(tab.tree, page)) >= 5)
    assert _inside(_rect(page), window)
    # The toolbar: at most two rows; every action a button in the window or in 更多.
    shown = [w for w in (*tab.buttons.values(), tab.more) if w.winfo_viewable()]
    assert len({w.winfo_rooty() for w in shown}) <= 2
    for w in shown:
        assert _inside(_rect(w), _rect(page)), w.cget("text")
    assert tab.folded(), "the less-used actions go to 更多 on a short row"
    assert tab.more.winfo_viewable() and _inside(_rect(tab.more), window)
    assert str(tab.more_menu.cget("postcommand")), "the menu is filled when it opens"
    entries = _menu_entries(tab)
    for name, b in tab.buttons.items():
        if name in tab.folded():
            assert not b.winfo_viewable() and str(b.cget("text")) in entries, name
        else:
            assert b.winfo_viewable() and _inside(_rect(b), window), name
    # A shortened label keeps its whole name (and key) in the tooltip.
    for name, tip in tab.button_tips.items():
        if str(tab.buttons[name].cget("text")) != tab.full_labels[name]:
            assert tip.text == tab.full_labels[name]
    assert "Ctrl+M" in tab.full_labels["satisfaction"]
    short = [n for n in tab.button_tips if tab.button_tips[n].text]
    assert short, "at font 16 on 1024×768 the row needs the short labels"
    top = tab.button_tips[short[0]].show(10, 10)
    assert [str(c.cget("text")) for c in top.winfo_children()] == [tab.full_labels[short[0]]]
    tab.button_tips[short[0]].hide()
    assert not top.winfo_exists()
    # 更多's 上移 moves the selected row; Ctrl+↑ still does.
    tab.select(6)
    seventh = p.indicators[6]
    tab.more_menu.invoke(entries["上移"])
    h.pump()
    assert p.indicators[5] is seventh and tab.selected() == 5
    press(tab.tree, "<Control-Up>")
    h.pump()
    assert p.indicators[4] is seventh and tab.selected() == 4
    assert str(tab.more_menu.entrycget(entries["调整指标值…"], "state")) == "disabled"
    # The findings panel: its title and at least two rows of the list in view.
    panel = h.window.findings_panel
    panel.scope.set(SCOPE_DECLARATION)
    h.window._scope_changed(SCOPE_DECLARATION)
    h.pump(lambda: len(panel.findings) >= 2)
    h.pump()
    assert panel.summary.winfo_viewable() and _inside(_rect(panel.summary), window)
    assert len(_rows_in_view(panel.tree, panel.frame)) >= 2
    assert _inside(_rect(panel.frame), window)
    # A little taller (a smaller menu bar, another window manager): the message under
    # the list takes a line only where the two rows keep their room.
    height = root.winfo_height()
    for extra in (20, 40, 60):
        root.geometry(f"1024x{height + extra}+0+0")
        h.pump(lambda e=extra: root.winfo_height() == height + e)
        h.pump()
        assert len(_rows_in_view(panel.tree, panel.frame)) >= 2, extra
        assert len(_rows_in_view(tab.tree, page)) >= 5, extra
    assert panel.detail_lines() >= 1
    root.geometry(f"1024x{height}+0+0")
    h.pump(lambda: root.winfo_height() == height)
    h.pump()
    # 已批复 from 更多: the row says so briefly (the date in the tooltip), 调整 is enabled,
    # and the table keeps its five rows.
    tab.more_menu.invoke(entries["标记已批复"])
    h.pump()
    assert tab.approved and tab.approval_label.cget("text") == "已批复"
    assert "指标值只读" in tab.approval_tip.text
    entries = _menu_entries(tab)
    assert "撤销批复" in entries
    assert str(tab.more_menu.entrycget(entries["调整指标值…"], "state")) == "normal"
    h.pump(lambda: len(_rows_in_view(tab.tree, page)) >= 5)
    assert tab.edit_flow.rows() == 1
    h.close()


def test_navigator_names_readable_at_font_16(root: Any, home: Path) -> None:
    """A narrow navigator for the font indents less; a project's name keeps room for
    several characters beside its status mark and 万元."""
    h = _open(root, home, 1024, 16)
    nav = h.window.navigator
    tree = nav.tree
    font = default_font(tree)
    char = font.measure("中")
    assert tree_indent(tree) == layout.NAV_INDENT_NARROW
    amounts = [str(tree.item(i, "values")[0]) for i in nav.project_items()]
    assert int(tree.column("amount", "width")) <= max(font.measure(a) for a in amounts) + 40
    for iid in nav.project_items():
        depth = 0
        parent = tree.parent(iid)
        while parent:
            depth += 1
            parent = tree.parent(parent)
        text = str(tree.item(iid, "text"))
        words = text.split(" ")
        # The status mark and the count of findings: "△ 1 " or "√ ".
        mark = " ".join(words[:2 if len(words) > 2 and words[1].isdigit() else 1]) + " "
        room = int(tree.column("#0", "width")) - (depth + 1) * tree_indent(tree)
        assert room - font.measure(mark) >= 5 * char, (text, room)
    h.close()


def test_a_dragged_findings_height_still_wins_on_a_short_screen(root: Any, home: Path) -> None:
    h = _open(root, home, 1024, 16, findings_height=300)
    pane = h.window.vpane
    assert abs(pane.winfo_height() - int(pane.sashpos(0)) - 300) <= 2
    h.close()


def test_1366x768_in_the_default_font_keeps_its_layout(root: Any, home: Path) -> None:
    h = _open(root, home, 1366, 0)
    tab = h.editor.indicators
    assert tab.toolbar_mode == layout.TOOLBAR_FULL and not tab.folded()
    assert not tab.more.winfo_ismapped()
    for name, b in tab.buttons.items():
        assert b.winfo_viewable(), name
    for name, full in tab.full_labels.items():
        assert str(tab.buttons[name].cget("text")) == full
    assert len({b.winfo_rooty() for b in tab.buttons.values()}) == 2
    assert int(tab.tree.cget("height")) == 3            # the row editor fits below
    panel = h.window.findings_panel
    pane = h.window.vpane
    height = pane.winfo_height() - int(pane.sashpos(0))
    assert height >= panel.minimum_height() - 2           # three rows and the message
    assert panel.detail_lines() == 2 and panel.detail.winfo_ismapped()
    assert tree_indent(h.window.navigator.tree) == layout.NAV_INDENT
    h.close()


def test_the_default_findings_height_follows_the_pane_until_dragged(root: Any, home: Path) -> None:
    """Never dragged, the divider keeps to the default share as the window's height
    changes, and nothing is remembered: the next start computes it again."""
    h = _open(root, home, 1024, 16)
    pane, panel = h.window.vpane, h.window.findings_panel

    def at_default() -> bool:
        return int(pane.sashpos(0)) == panel.sash(pane.winfo_height(), 0)

    h.pump(at_default)
    before = pane.winfo_height()
    root.geometry("1024x620+0+0")
    h.pump(lambda: pane.winfo_height() < before - 50 and at_default())
    h.close()
    assert h.services.prefs_file.load().findings_height == 0
