"""主管部门 and 预算单位 are asked for separately, and a unit renamed in 设置 carries
through to every project that used the old name, in one undoable step."""

from __future__ import annotations

from g60desk.ui.main_window import MainWindow
from tests.gui.conftest import Harness, type_into

DEPT = "上海市松江区科学技术委员会"
UNIT = "上海市松江区长三角G60科创走廊创新研究中心"
NEW_UNIT = "上海市松江区G60科创走廊促进中心"


def _create(h: Harness) -> None:
    for child in list(h.window.children):
        child.close()
    win = h.window.new_declaration()
    type_into(win.widgets["年度"], "2026")
    type_into(win.widgets["主管部门"], DEPT)
    assert not win.create()                                # the unit is asked for too
    assert "预算单位" in win.message.cget("text")
    type_into(win.widgets["预算单位(实施单位)"], UNIT)
    win.template.set(next(t.name for t in win.templates if t.id == "shanghai-2026"))
    win.create_button.invoke()
    h.pump(lambda: h.session.declaration is not None)


def _names(h: Harness) -> list[tuple[str, str, str]]:
    d = h.session.declaration
    assert d is not None
    return [(p.values["department"], p.values["implementer"], p.unit) for p in d.projects]


def test_new_projects_take_department_and_unit_apart(harness: Harness) -> None:
    h = harness.start()
    _create(h)
    d = h.session.declaration
    assert d is not None and d.department == DEPT and d.units == [UNIT]
    for _ in range(3):
        h.window.new_project()
        h.pump()
    assert _names(h) == [(DEPT, UNIT, UNIT)] * 3


def test_unit_rename_carries_through_and_undoes_in_one_step(harness: Harness) -> None:
    h = harness.start()
    _create(h)
    win: MainWindow = h.window
    for _ in range(3):
        win.new_project()
        h.pump()
    d = h.session.declaration
    assert d is not None
    d.projects[2].values["implementer"] = "另一个实施单位"  # not the old name: left alone
    settings = win.open_settings()
    assert settings is not None
    settings.units.delete("1.0", "end")
    settings.units.insert("1.0", NEW_UNIT)
    assert settings.apply()
    h.pump()
    assert d.units == [NEW_UNIT]
    assert _names(h) == [(DEPT, NEW_UNIT, NEW_UNIT), (DEPT, NEW_UNIT, NEW_UNIT),
                         (DEPT, "另一个实施单位", NEW_UNIT)]
    assert "3 个项目" in win.status_label.cget("text")
    assert "C004" not in {f.code for f in h.session.all_findings()}  # no project warns
    assert h.repo.get(d.id).projects[0].unit == NEW_UNIT     # saved at once
    # No project is left under the old unit in the navigator.
    tree = win.navigator.tree
    texts = [tree.item(i, "text") for i in _all_items(tree)]
    assert not any(UNIT in t for t in texts), texts
    win.undo_rename()
    h.pump()
    d = h.session.declaration
    assert d is not None and d.units == [UNIT]
    assert _names(h) == [(DEPT, UNIT, UNIT), (DEPT, UNIT, UNIT), (DEPT, "另一个实施单位", UNIT)]
    assert "已撤销单位改名" in win.status_label.cget("text")
    assert h.repo.get(d.id).projects[1].values["implementer"] == UNIT
    win.undo_rename()                                        # one step only
    assert "没有可撤销" in win.status_label.cget("text")


def _all_items(tree: object) -> list[str]:
    out: list[str] = []
    stack = list(tree.get_children(""))  # type: ignore[attr-defined]
    while stack:
        i = stack.pop()
        out.append(i)
        stack.extend(tree.get_children(i))  # type: ignore[attr-defined]
    return out
