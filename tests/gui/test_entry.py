"""Entering a whole project of the reference declaration by typing, then finding it again.

Creates a declaration through the 新建申报 window, adds a project with Ctrl+N, types
every field of project 2 of the Songjiang sample into the widgets, watches findings
appear and disappear, adds indicators from the library and with Ctrl+M, saves with
Ctrl+S, reopens the data in a new window and compares.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader

from g60desk.domain.model import Project
from tests import factories
from tests.factories import FUNDING_KEYS, SECTION_KEYS
from tests.gui.conftest import Harness, press, sample_declaration, type_into


def _open_project_tab(h: Harness, tab: str) -> None:
    h.editor.select_tab(tab)
    h.pump()


def _create_declaration(h: Harness, department: str, unit: str = "") -> None:
    for child in list(h.window.children):
        child.close()
    win = h.window.new_declaration()
    type_into(win.widgets["年度"], "2022")
    type_into(win.widgets["主管部门"], department)
    type_into(win.widgets["预算单位(实施单位)"], unit or department)
    win.template.set(next(t.name for t in win.templates if t.id == "shanghai-2022"))
    win.create_button.invoke()
    h.pump(lambda: h.session.declaration is not None)


def _type_project(h: Harness, p: Project) -> None:
    ed = h.editor
    f = ed.fields
    _open_project_tab(h, "basic")
    type_into(f["name"].widget, p.name)
    type_into(f["category"].widget, p.values["category"])
    type_into(f["department"].widget, p.values["department"])
    type_into(f["implementer"].widget, p.values["implementer"])
    type_into(f["unit"].widget, p.unit)
    type_into(f["start"].widget, "2022/1/1")       # another spelling, normalised on leaving
    press(f["start"].widget, "<FocusOut>")
    type_into(f["end"].widget, factories.day(p, "end").isoformat() if factories.day(p, "end") else "")
    _open_project_tab(h, "sections")
    for key in SECTION_KEYS:
        ed.show_section(key, focus=True)
        type_into(f[f"sections.{key}"].widget, p.sections[key])
    _open_project_tab(h, "funding")
    for key in FUNDING_KEYS:
        value = p.funding.get(key)
        type_into(f[f"funding.{key}"].widget, f"{value:.2f}" if value is not None else "")
    _open_project_tab(h, "goals")
    type_into(f["annual_goal"].widget, p.goals["annual_goal"])
    type_into(f["overall_goal"].widget, p.goals["overall_goal"])


def test_enter_a_whole_project_and_find_it_again(root: Any, home: Any, tmp_path: Path) -> None:
    expected = sample_declaration().projects[1]
    h = Harness(root, home).start()
    _create_declaration(h, expected.values["department"])
    assert "C001" in h.codes() or h.session.declaration.projects == []  # type: ignore[union-attr]

    press(h.window.navigator.tree, "<Control-n>")
    h.pump(lambda: h.session.project is not None)
    assert h.editor.current_tab() == "basic"
    _type_project(h, expected)
    h.pump(lambda: "I001" in h.codes())          # no indicators yet: an error is listed

    # Indicators: first rows typed into the row editor …
    _open_project_tab(h, "indicators")
    tab = h.editor.indicators
    for row in expected.indicators[:3]:
        tab.buttons["add"].invoke()
        h.pump()
        type_into(tab.fields["level1"].widget, row.level1)
        type_into(tab.fields["level2"].widget, row.level2)
        type_into(tab.fields["name"].widget, row.name)
        type_into(tab.fields["target"].widget, row.target)
    h.pump(lambda: "I001" not in h.codes())
    # … a bad value shows an error at once, fixing it removes the error …
    type_into(tab.fields["target"].widget, ">=高")
    h.pump(lambda: "I010" in h.codes())
    assert "invalid" in tab.fields["target"].widget.state()
    type_into(tab.fields["target"].widget, expected.indicators[2].target)
    h.pump(lambda: "I010" not in h.codes())
    assert "invalid" not in tab.fields["target"].widget.state()
    # … one from the library (searched by keyword) and the standard 满意度 row with Ctrl+M.
    picker = tab.open_picker()
    assert picker is not None
    type_into(picker.search_entry, "社会效益 稳定")
    h.pump()
    names = [s.entry.name for s in picker.results]
    assert names, "library search found nothing"
    picker.insert_selected()
    picker.close()
    press(tab.tree, "<Control-m>")
    h.pump(lambda: any(r.level1 == "满意度指标" for r in h.session.project.indicators))  # type: ignore[union-attr]
    # Make the rows match the reference exactly (the library row's wording differs).
    rows = h.session.project.indicators  # type: ignore[union-attr]
    assert len(rows) == 5
    for i, want in enumerate(expected.indicators):
        tab.select(i)
        h.pump()
        for attr in ("level1", "level2", "name", "target"):
            if getattr(rows[i], attr) != getattr(want, attr):
                type_into(tab.fields[attr].widget, getattr(want, attr))
    h.pump()

    # A mistyped amount: kept in the field, reported, then corrected.
    _open_project_tab(h, "funding")
    total = h.editor.fields["funding.total"]
    type_into(total.widget, "十四万")
    h.pump(lambda: "INPUT" in h.codes())
    assert total.get() == "十四万" and "invalid" in total.widget.state()
    type_into(total.widget, "14.15万")
    press(total.widget, "<FocusOut>")
    h.pump(lambda: "INPUT" not in h.codes())
    assert total.get() == "141,500.00"

    h.pump(lambda: not [f for f in h.findings() if f.severity.value == "error"])
    press(h.window.navigator.tree, "<Control-s>")
    h.pump(lambda: not h.session.dirty)
    assert "已保存" in h.root.title()
    h.close()

    # A new window on the same data folder reads the database file from disk.
    assert (home / "g60desk.json").exists()
    again = Harness(root, home).start()
    got = again.session.project
    assert got is not None
    for key in ("name", "category", "department", "implementer", "start", "end"):
        assert got.values[key] == expected.values[key], key
    for attr in ("unit", "funding", "goals", "indicators"):
        assert getattr(got, attr) == getattr(expected, attr), attr
    # Sections left empty need not be stored at all.
    assert {k: v for k, v in got.sections.items() if v} == \
        {k: v for k, v in expected.sections.items() if v}
    assert again.editor.fields["funding.annual"].get() == "141,500.00"
    assert again.editor.fields["start"].get() == "2022-01-01"

    # Export the project as a real PDF and read it back.
    win = again.window.export_pdf()
    assert win is not None
    out = tmp_path / "申报表.pdf"
    win.path_var.set(str(out))
    win.start_button.invoke()
    again.pump(lambda: win.done, timeout=60)
    assert "已生成" in win.progress_label.cget("text"), win.result.cget("text")
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    flat = text.replace(" ", "").replace("\n", "")
    for needle in ("网络信息系统开发", "141,500.00", "质量验收通过率", "相关方满意度",
                   "财政项目支出绩效目标填报表"):
        assert needle in flat, needle
    assert "草稿" not in flat
    win.close()
    again.close()
