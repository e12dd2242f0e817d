"""The 监控 and 自评 tabs and 已批复 through the real window."""

from __future__ import annotations

from decimal import Decimal

from g60desk.ui.navigator import project_iid
from tests.cycle_samples import ACTUALS
from tests.gui.conftest import Harness, type_into


def test_fill_a_self_evaluation_for_the_sample(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    ed = h.editor
    ev = ed.evaluation
    ed.select_tab("evaluation")
    h.pump()
    assert ed.notebook.tab(ed.tabs["evaluation"], "text").startswith("自评")
    type_into(ev.fields["evaluation.budget_initial"].widget, "250000")
    type_into(ev.fields["evaluation.budget_full_year"].widget, "250000")
    type_into(ev.fields["evaluation.executed"].widget, "215457.6")
    assert "预算执行率 86.18%,得分 8.62" in ev.score_label.cget("text")
    h.pump(lambda: "S001" in h.codes())             # actuals missing
    # Not adjusted here: the third row keeps its declared =4 场.
    actuals = [*ACTUALS[:2], "4场", *ACTUALS[3:]]
    for (j, _), actual in zip(ev.rows, actuals, strict=True):
        ev.select(j)
        type_into(ev.fields["row.actual"].widget, actual)
    h.pump(lambda: "S006" in h.codes())             # 基本完成 against 完成: needs a score
    assert "S001" not in h.codes()
    ev.select(9)
    assert "不能自动计分" in ev.messages["row.score"].cget("text")
    type_into(ev.fields["row.score"].widget, "2.5")
    type_into(ev.fields["row.deviation"].widget, "部分成果尚在转化中。")
    h.pump(lambda: "S006" not in h.codes() and "S002" not in h.codes())
    assert ev.tree.item("9", "values")[4] == "2.50"
    text = ev.score_label.cget("text")
    assert "总分 91.12" in text and "等级 优" in text and "分值合计 100.00" in text
    d0 = h.session.declaration
    assert d0 is not None
    iid = project_iid(d0.id, d0.projects[0].id)
    h.pump(lambda: "〔自评优〕" in h.window.navigator.tree.item(iid, "text"))
    # A typing mistake is shown beside the field, not stored.
    type_into(ev.fields["row.weight"].widget, "十")
    assert "不是数字" in ev.messages["row.weight"].cget("text")
    type_into(ev.fields["row.weight"].widget, "")
    assert h.window.save_now()
    d = h.session.declaration
    assert d is not None
    stored = h.repo.get(d.id).projects[0]
    assert stored.evaluation.executed == Decimal("215457.60")
    assert stored.indicators[9].result.score == Decimal("2.5")
    assert [i.result.actual for i in stored.indicators] == actuals


def test_jump_from_a_finding_to_the_row_field(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    ed = h.editor
    ed.select_tab("evaluation")
    type_into(ed.evaluation.fields["evaluation.executed"].widget, "100")
    h.pump(lambda: "S001" in h.codes())
    ed.select_tab("basic")
    h.pump()
    finding = next(f for f in h.findings() if f.code == "S001")
    h.window.jump_to(finding)
    h.pump()
    assert ed.current_tab() == "evaluation"
    row = int(finding.path.split("indicators[")[1].split("]")[0])
    assert ed.evaluation.selected() == row
    assert str(h.root.focus_get()) == str(ed.evaluation.fields["row.actual"].widget)


def test_monitoring_light_and_required_causes(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    mon = h.editor.monitoring
    h.editor.select_tab("monitoring")
    type_into(mon.fields["monitoring.budget_adjusted"].widget, "250000")
    type_into(mon.fields["monitoring.executed_to_date"].widget, "50000")
    assert "执行进度 40.00:红灯" in mon.pace_label.cget("text")
    h.pump(lambda: {"M003", "M004"} <= h.codes())
    type_into(mon.fields["monitoring.category"].widget, "经费")
    type_into(mon.fields["monitoring.cause"].widget, "采购延后")
    type_into(mon.fields["monitoring.measures"].widget, "加快支付")
    h.pump(lambda: not {"M003", "M004"} & h.codes())
    type_into(mon.fields["monitoring.month"].widget, "13")
    assert "1 到 12" in mon.messages["monitoring.month"].cget("text")
    type_into(mon.fields["monitoring.month"].widget, "3")
    assert "绿灯" in mon.pace_label.cget("text")          # 20% by March: pace 80
    mon.select(3)
    type_into(mon.fields["row.likelihood"].widget, "有可能")
    h.pump(lambda: "M007" in h.codes())
    assert mon.tree.item("3", "values")[3] == "有可能"


def test_approved_targets_change_only_by_adjustment(harness: Harness) -> None:
    h = harness.start_with_sample(project=0)
    ed = h.editor
    tab = ed.indicators
    ed.select_tab("indicators")
    assert str(tab.buttons["adjust"].cget("state")) == "disabled"
    tab.buttons["approve"].invoke()
    h.pump()
    d = h.session.declaration
    assert d is not None and d.approved
    assert "已批复" in tab.approval_label.cget("text")
    tab.select(2)
    target = tab.fields["target"].widget
    assert "readonly" in target.state()
    before = d.projects[0].indicators[2].target
    type_into(target, "=9 场")
    h.pump()
    assert d.projects[0].indicators[2].target == before
    dialog = tab.open_adjust()
    assert dialog is not None
    dialog.target.delete(0, "end")
    dialog.target.insert(0, "=3 场")
    assert not dialog.ok()                                   # no reason given
    assert "原因" in dialog.message.cget("text")
    dialog.reason.insert(0, "活动场次调减")
    assert dialog.ok()
    h.pump()
    ind = d.projects[0].indicators[2]
    assert ind.target == ind.approved == "=3 场"
    change = d.projects[0].adjustments[0].changes[0]
    assert (change.before, change.after) == (before, "=3 场")
    assert tab.tree.item("2", "values")[4] == "=3 场"
    assert "A001" not in h.codes()
    assert h.window.save_now()
    assert h.repo.get(d.id).projects[0].adjustments[0].reason == "活动场次调减"
