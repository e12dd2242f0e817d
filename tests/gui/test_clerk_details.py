"""Small things a clerk trips over: a failed delete, jump-to-field, 一级 and 二级, how a
value prints, and what the window claims before anything is open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from g60desk.domain.errors import RepositoryError
from g60desk.rules.findings import Finding, Severity
from tests.gui.conftest import Harness, type_into

ROOT = Path(__file__).resolve().parents[2]


def test_failed_delete_does_not_claim_the_bin(harness: Harness,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    h = harness.start_with_sample(project=1)
    d = h.session.declaration
    assert d is not None
    before = [p.id for p in d.projects]

    def broken(*_args: Any) -> None:
        raise RepositoryError("回收站无法写入:磁盘已满。")

    monkeypatch.setattr(h.session.bin, "put_project", broken)
    h.dialogs.answers = [True]
    h.window.delete_project()
    h.pump()
    assert any("磁盘已满" in m for m in h.dialogs.errors())
    assert "已移到回收站" not in h.window.status_label.cget("text")
    assert "没有删除" in h.window.status_label.cget("text")
    assert [p.id for p in d.projects] == before


def test_jump_to_a_field_selects_its_old_value(harness: Harness) -> None:
    h = harness.start_with_sample(project=1)
    ed = h.editor
    ed.select_tab("goals")
    h.pump()
    h.window.jump_to(Finding(Severity.WARNING, "X001", "projects[1].name", "说明"))
    h.pump()
    name = ed.fields["name"].widget
    assert ed.current_tab() == "basic"
    assert name.selection_present() and name.selection_get() == name.get()
    h.window.jump_to(Finding(Severity.WARNING, "X001", "projects[1].annual_goal", "说明"))
    h.pump()
    goal = ed.fields["annual_goal"].widget
    assert goal.get("sel.first", "sel.last") == goal.get("1.0", "end-1c") != ""
    tab = ed.indicators
    h.window.jump_to(Finding(Severity.WARNING, "I010", "projects[1].indicators[0].target", "x"))
    h.pump()
    target = tab.fields["target"].widget
    assert target.selection_present() and target.selection_get() == target.get()


def test_changing_level1_clears_a_level2_that_no_longer_fits(harness: Harness) -> None:
    h, tab, p = harness.indicators_tab(project=1)
    i = next(k for k, r in enumerate(p.indicators) if r.level2 == "数量指标")
    tab.select(i)
    h.pump()
    type_into(tab.fields["level1"].widget, "效益指标")
    h.pump()
    assert p.indicators[i].level1 == "效益指标" and p.indicators[i].level2 == ""
    assert tab.fields["level2"].get() == ""
    type_into(tab.fields["level2"].widget, "社会效益指标")
    type_into(tab.fields["level1"].widget, "效益指标")   # the same 一级 again: 二级 stays
    h.pump()
    assert p.indicators[i].level2 == "社会效益指标"


def test_indicator_editor_shows_how_the_value_prints(harness: Harness) -> None:
    h = harness.start()
    for child in list(h.window.children):
        child.close()
    assert h.window.import_path(ROOT / "tests" / "fixtures" / "bundles" / "shanghai-2026-v1.json")
    h.pump()
    assert h.session.template.value_style == "decimal-paren"
    ed = h.editor
    ed.select_tab("indicators")
    tab = ed.indicators
    tab.select(0)
    h.pump()
    type_into(tab.fields["target"].widget, ">=90%")
    h.pump()
    assert "打印为:≥90.00(%)" in tab.parsed.cget("text")


def test_nothing_open_claims_nothing(harness: Harness) -> None:
    h = harness.start()
    for child in list(h.window.children):
        child.close()
    h.pump()
    assert h.session.declaration is None
    summary = h.window.findings_panel.summary.cget("text")
    assert "没有发现问题" not in summary and "尚未打开" in summary
    assert str(h.window.toolbar["save"].cget("state")) == "disabled"
    assert h.window.open_sample()
    h.pump()
    assert str(h.window.toolbar["save"].cget("state")) == "normal"


def test_the_sample_opens_once_and_keeps_its_changes(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    d = h.session.declaration
    assert d is not None
    sample_id = d.id
    assert "已导入示例申报" in h.window.status_label.cget("text")
    assert not any(f.severity is Severity.ERROR for f in h.session.all_findings())
    type_into(h.editor.fields["name"].widget, "我改过的项目名称")
    h.pump(lambda: h.session.project is not None
           and h.session.project.name == "我改过的项目名称")
    for _ in range(2):
        assert h.window.open_sample()
        h.pump()
    assert [i.id for i in h.session.list_declarations()] == [sample_id]
    assert "没有再导入" in h.window.status_label.cget("text")
    d = h.session.declaration
    assert d is not None and d.id == sample_id
    assert d.projects[0].name == "我改过的项目名称"
