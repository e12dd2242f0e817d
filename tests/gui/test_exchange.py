"""文件 → 导出 Excel / 导入 Excel and 申报 → 汇总各单位数据包, driven through the menus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.gui.conftest import Harness
from tests.integration.test_cli_rollup import bundles


def invoke(h: Harness, cascade: str, label: str) -> None:
    """Click a menu entry as the user would."""
    menubar = h.window.menu
    for i in range(menubar.index("end") + 1):
        if menubar.type(i) == "cascade" and menubar.entrycget(i, "label") == cascade:
            sub = menubar.nametowidget(menubar.entrycget(i, "menu"))
            for k in range(sub.index("end") + 1):
                if sub.type(k) == "command" and sub.entrycget(k, "label") == label:
                    sub.invoke(k)
                    h.pump()
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


def test_a_foreign_workbook_is_refused_with_a_sentence(harness: Harness, tmp_path: Path) -> None:
    h = harness.start_with_sample()
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["三级指标", "指标值"])
    ws.append(["开发课程", "=3堂"])
    other = tmp_path / "other.xlsx"
    wb.save(other)
    before = len(stored(h))
    h.dialogs.files = [other]
    invoke(h, "文件", "导入 Excel…")
    assert len(h.dialogs.errors()) == 1 and "不是 G60Desk 导出的工作簿" in h.dialogs.errors()[0]
    assert len(stored(h)) == before


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
