"""文件 → 导出 Excel / 导入 Excel and 申报 → 汇总各单位数据包, driven through the menus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.gui.conftest import Harness
from tests.integration.test_cli_rollup import bundles


def jobs(h: Harness) -> list[Any]:
    from g60desk.ui.windows import ProgressWindow

    return [c for c in h.window.children if isinstance(c, ProgressWindow) and c.alive()]


def invoke(h: Harness, cascade: str, label: str, *, wait: bool = True) -> None:
    """Click a menu entry as the user would (and, with ``wait``, let its background
    job finish)."""
    menubar = h.window.menu
    for i in range(menubar.index("end") + 1):
        if menubar.type(i) == "cascade" and menubar.entrycget(i, "label") == cascade:
            sub = menubar.nametowidget(menubar.entrycget(i, "menu"))
            for k in range(sub.index("end") + 1):
                if sub.type(k) == "command" and sub.entrycget(k, "label") == label:
                    sub.invoke(k)
                    h.pump()
                    if wait:
                        h.pump(lambda: not jobs(h), timeout=60)
                    return
    raise AssertionError(f"no menu entry {cascade} → {label}")


def stored(h: Harness) -> list[Any]:
    return h.session.load_all()


def test_export_then_import_the_workbook(harness: Harness, tmp_path: Path) -> None:
    h = harness.start_with_sample()
    d = h.session.declaration
    assert d is not None
    book = tmp_path / "申报.xlsx"
    h.dialogs.files = [book]
    invoke(h, "文件", "导出 Excel…")
    assert not h.dialogs.errors()
    wb = openpyxl.load_workbook(book)
    assert "项目汇总" in wb.sheetnames and "指标明细" in wb.sheetnames
    assert wb["项目汇总"].cell(row=2, column=2).value == d.projects[0].name
    before = len(stored(h))
    h.dialogs.files = [book]
    h.dialogs.answers = ["另存为副本"]   # the same declaration: replace it, or a copy?
    invoke(h, "文件", "导入 Excel…")
    assert not h.dialogs.errors()
    after = stored(h)
    assert len(after) == before + 1  # a new declaration; the open one is untouched
    new = h.session.declaration
    assert new is not None and new.id != d.id
    assert [p.name for p in new.projects] == [p.name for p in d.projects]
    assert [[vars(i) for i in p.indicators] for p in new.projects] == \
        [[vars(i) for i in p.indicators] for p in d.projects]
    assert "已导入工作簿" in h.window.status_label.cget("text")


def foreign_book(tmp_path: Path) -> Path:
    """An indicator sheet whose headers the program does not know."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "指标"
    ws.append(["层级A", "层级B", "指标内容", "目标", "备注"])
    ws.append(["产出指标", "数量指标", "开发相关课程", "=3堂", ""])
    ws.append([None, "质量指标", "课程验收通过率", ">=95%", ""])
    ws.append([None, None, None, 1, "没有指标名称"])
    ws["D2"].data_type = "s"  # text, as the 一体化 system writes it
    ws.merge_cells("A2:A4")
    path = tmp_path / "一体化导出.xlsx"
    wb.save(path)
    return path


def test_foreign_indicator_sheet_through_the_mapping_dialog(harness: Harness,
                                                           tmp_path: Path) -> None:
    from g60desk.ui.indicator_import import IndicatorImportWindow

    h = harness.start_with_sample(project=1)
    project = h.session.project
    assert project is not None
    before = [vars(i).copy() for i in project.indicators]
    stored_before = len(stored(h))
    h.dialogs.files = [foreign_book(tmp_path)]
    invoke(h, "文件", "导入 Excel…")
    assert not h.dialogs.errors()
    dialog = next(c for c in h.window.children if isinstance(c, IndicatorImportWindow))
    # Nothing recognised: nothing to add until the columns are chosen.
    assert dialog.columns() == {} and str(dialog.add_button.cget("state")) == "disabled"
    for role, column in (("level1", 0), ("level2", 1), ("name", 2), ("raw", 3)):
        dialog.set_column(role, column)
    h.pump()
    rows = [dialog.tree.item(i, "values") for i in dialog.tree.get_children()]
    assert [tuple(r[1:]) for r in rows] == [("产出指标", "数量指标", "开发相关课程", "=3堂"),
                                           ("产出指标", "质量指标", "课程验收通过率", ">=95%")]
    problems = list(dialog.problems.get(0, "end"))
    assert len(problems) == 1 and "第4行" in problems[0] and "三级指标" in problems[0]
    h.dialogs.answers = [True]
    dialog.add_button.invoke()
    h.pump()
    assert not dialog.alive()
    names = [i.name for i in project.indicators]
    assert len(names) == len(before) + 2 and "开发相关课程" in names and "课程验收通过率" in names
    assert all(vars(i) in [vars(j) for j in project.indicators] for i in
               [type(project.indicators[0])(**b) for b in before])  # nothing replaced
    assert len(stored(h)) == stored_before  # no new declaration
    h.editor.indicators.undo()
    h.pump()
    assert [vars(i) for i in project.indicators] == before


def test_roll_up_two_units(harness: Harness, tmp_path: Path) -> None:
    h = harness.start_with_sample()
    before = len(stored(h))
    h.dialogs.files = [bundles(tmp_path, "gui")]
    h.dialogs.answers = [True]
    invoke(h, "申报", "汇总各单位数据包…")
    assert not h.dialogs.errors()
    question = [m for kind, m in h.dialogs.shown if kind == "confirm"][-1]
    assert "2 个单位的 2 个项目" in question and "甲中心" in question
    d = h.session.declaration
    assert d is not None and d.units == ["甲中心", "乙中心"]
    assert [p.unit for p in d.projects] == ["甲中心", "乙中心"]
    assert len(stored(h)) == before + 1
    assert "已汇总 2 个预算单位" in h.window.status_label.cget("text")


def test_roll_up_conflict_is_shown_and_nothing_stored(harness: Harness, tmp_path: Path) -> None:
    h = harness.start_with_sample()
    before = len(stored(h))
    a, _ = bundles(tmp_path, "gui")
    h.dialogs.files = [[a, a]]
    invoke(h, "申报", "汇总各单位数据包…")
    errors = h.dialogs.errors()
    assert len(errors) == 1 and "2 处冲突" in errors[0] and "项目编号“guia1”" in errors[0]
    assert len(stored(h)) == before
