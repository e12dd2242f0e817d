"""Live checks while typing: findings, danger state, tab counts, jumping to a field;
paste from Word, the goals link, sums as you type, indicator rows undo."""

from __future__ import annotations

import time
from typing import Any

from g60desk.rules.checker import check_project
from g60desk.services import marks
from tests.gui.conftest import Harness, press, type_into


def test_findings_follow_typing_and_jump_to_the_field(harness: Harness) -> None:
    h = harness.start_with_sample(project=1)
    assert h.findings() == [] or all(f.severity.value != "error" for f in h.findings())
    ed = h.editor
    h.editor.select_tab("funding")
    h.pump()
    type_into(ed.fields["funding.annual_appropriation"].widget, "141000")
    h.pump(lambda: "F011" in h.codes())
    assert ed.notebook.tab(ed.tabs["funding"], "text") == "项目资金 (1)"
    assert "相差 500.00 元" in ed.sum_labels["annual"].cget("text")
    # Jump from the findings list: the 基本信息 tab is showing, the finding sends us back.
    ed.select_tab("basic")
    h.pump()
    panel = h.window.findings_panel
    row = next(i for i, f in enumerate(panel.findings) if f.code == "F011")
    panel.tree.selection_set(str(row))
    press(panel.tree, "<Return>")
    h.pump()
    assert ed.current_tab() == "funding"
    focused = h.root.focus_get()
    assert focused is not None and str(focused) in {
        str(ed.fields[f"funding.{k}"].widget) for k in ("annual", "annual_appropriation")}
    assert "invalid" in ed.fields[f"funding.{panel.findings[row].path.split('.')[-1]}"].widget.state()
    type_into(ed.fields["funding.annual_appropriation"].widget, "141,500.00")
    h.pump(lambda: "F011" not in h.codes())
    assert ed.notebook.tab(ed.tabs["funding"], "text") == "项目资金"
    assert "一致" in ed.sum_labels["annual"].cget("text")
    assert ed.wan_labels["annual_appropriation"].cget("text") == "= 14.15 万元"


def test_empty_section_gets_danger_state_and_a_count(harness: Harness) -> None:
    h = harness.start_with_sample(project=1)
    ed = h.editor
    ed.select_tab("sections")
    ed.show_section("basis", focus=True)
    basis = ed.fields["sections.basis"]
    type_into(basis.widget, "")
    h.pump(lambda: "T003" in h.codes())
    assert int(str(basis.widget.cget("highlightthickness"))) == 2
    assert ed.section_list.item("basis", "text").startswith(marks.ERROR)
    assert ed.notebook.tab(ed.tabs["sections"], "text") == "项目经费情况说明 (1)"
    basis.widget.event_generate("<<Undo>>")
    h.pump(lambda: "T003" not in h.codes())
    assert basis.get().startswith("第145次区政府常务会议纪要")


def test_paste_from_word_is_cleaned(harness: Harness, root: Any) -> None:
    h = harness.start_with_sample(project=1)
    ed = h.editor
    ed.select_tab("sections")
    ed.show_section("plan", focus=True)
    plan = ed.fields["sections.plan"]
    type_into(plan.widget, "")
    root.clipboard_clear()
    root.clipboard_append("\u3000\u3000该项目为办公室安装弱电系统,包括综合布线以及机柜架设、\r\n"
                          "路由器和交换机调试等。\r\n\r\n（1）\t预计年底前安装完成。")
    plan.widget.event_generate("<<Paste>>")
    h.pump()
    assert plan.get() == ("该项目为办公室安装弱电系统,包括综合布线以及机柜架设、路由器和交换机调试等。\n"
                          "（1）预计年底前安装完成。")
    d = h.session.project
    assert d is not None and d.sections["plan"] == plan.get()
    # A name pasted with a line break stays on one line.
    ed.select_tab("basic")
    root.clipboard_clear()
    root.clipboard_append("网络信息系统开发、\n升级、建设")
    name = ed.fields["name"]
    type_into(name.widget, "")
    name.widget.event_generate("<<Paste>>")
    h.pump()
    assert name.get() == "网络信息系统开发、升级、建设"


def test_entry_undo_and_goal_link(harness: Harness) -> None:
    h = harness.start_with_sample(project=1)
    ed = h.editor
    name = ed.fields["name"]
    name.history.merge = 0.0  # every change is its own step in this test
    type_into(name.widget, "改过的名称")
    h.pump()
    press(name.widget, "<Control-z>")
    h.pump()
    assert name.get() == ""            # the clearing step of type_into
    press(name.widget, "<Control-z>")
    assert name.get() == "网络信息系统开发、升级、建设(历年已批复)"
    p = h.session.project
    assert p is not None and p.name == name.get()
    # 与年度目标相同: ticked for this one-year project whose goals are equal.
    ed.select_tab("goals")
    h.pump()
    assert ed.same_var.get() and str(ed.fields["overall_goal"].widget.cget("state")) == "disabled"
    type_into(ed.fields["annual_goal"].widget, "新的年度目标。")
    h.pump()
    assert p.goals["overall_goal"] == "新的年度目标。" == p.goals["annual_goal"]
    ed.same_check.invoke()
    h.pump()
    assert not ed.same_var.get() and str(ed.fields["overall_goal"].widget.cget("state")) == "normal"
    type_into(ed.fields["overall_goal"].widget, "整个项目的目标。")
    h.pump()
    assert p.goals["overall_goal"] == "整个项目的目标。" and p.goals["annual_goal"] == "新的年度目标。"


def test_indicator_rows_delete_undo_move_and_library(harness: Harness) -> None:
    h, tab, p = harness.indicators_tab(project=1)
    before = [r.name for r in p.indicators]
    tab.select(1)
    press(tab.tree, "<Delete>")
    h.pump()
    assert [r.name for r in p.indicators] == before[:1] + before[2:]
    press(tab.tree, "<Control-z>")
    h.pump()
    assert [r.name for r in p.indicators] == before
    tab.select(0)
    press(tab.tree, "<Control-Down>")
    assert [r.name for r in p.indicators][:2] == [before[1], before[0]]
    # Cascading pick lists: 二级 offers what belongs to the chosen 一级.
    tab.select(4)
    type_into(tab.fields["level1"].widget, "效益指标")
    h.pump()
    assert "社会效益指标" in tab.fields["level2"].widget.cget("values")
    assert "数量指标" not in tab.fields["level2"].widget.cget("values")
    # Library rows land in their group.
    picker = tab.open_picker()
    assert picker is not None
    type_into(picker.search_entry, "验收")
    h.pump()
    first = picker.results[0]
    picker.insert_selected()
    h.pump()
    index = next(i for i, r in enumerate(p.indicators) if r.name == first.entry.name)
    assert p.indicators[index].level2 == first.entry.level2
    assert p.indicators[index - 1].level2 == first.entry.level2 or index == 0
    picker.close()


def test_findings_refresh_is_fast_on_a_big_project(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    p = h.session.project
    assert p is not None
    p.indicators[:] = (p.indicators * 7)[:80]
    h.window.show_current()
    h.pump()
    assert len(h.editor.indicators.tree.get_children()) == 80
    timings = []
    for i in range(5):
        type_into(h.editor.fields["name"].widget, f"G60 科创走廊建设 {i}")
        start = time.perf_counter()
        h.window.refresh_checks()
        timings.append(time.perf_counter() - start)
    assert check_project(h.session.declaration, 0, h.session.template)  # type: ignore[arg-type]
    # Generous bound for slow CI machines; bench/bench_gui.py prints the real figure.
    assert min(timings) < 0.25


def test_library_money_totals_are_inserted_blank_and_checked_against_funding(
        harness: Harness) -> None:
    """设备购置成本 ≤150万元 from the library must not land in a 14万 project as it is."""
    h, tab, p = harness.indicators_tab(project=1)
    picker = tab.open_picker()
    assert picker is not None
    type_into(picker.search_entry, "单场活动成本")
    h.pump()
    first = picker.results[0]
    assert first.entry.name == "单场活动成本" and first.sized
    assert "按本项目预算填写" in picker.tree.set("0", "target")
    picker.insert_selected()
    h.pump()
    picker.close()
    index = next(i for i, r in enumerate(p.indicators) if r.name == "单场活动成本")
    assert p.indicators[index].target == ""
    assert "留空" in h.window.status_label.cget("text")
    # A figure above the project's funding is flagged (I015), one within it is not.
    tab.select(index, "target")
    type_into(tab.fields["target"].widget, "<=50万元")
    h.pump(lambda: "I015" in h.codes())
    message = next(f.message for f in h.findings() if f.code == "I015")
    assert "项目资金总额" in message and ("141,500.00" in message or "14.15" in message)
    type_into(tab.fields["target"].widget, "<=2万元")
    h.pump(lambda: "I015" not in h.codes())
