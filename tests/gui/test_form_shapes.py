"""The window builds itself from the template: the national form and a drop-in template.

Covers: on the national 2015 form the editor has no 项目经费情况说明 tab, names its tabs
and goals in the template's words, shows amounts in 万元 (and 元 beside them), types a
项目期 in one cell, lists indicators with their side and moves a row to the other side;
a drop-in template's renamed annual goal appears in the findings panel and the editor.
Not covered: printing (tests/integration/test_form_shapes.py).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from g60desk.exchange.bundle import read_bundle
from g60desk.paths import forms_dir
from tests.gui.conftest import Harness, type_into

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = ROOT / "assets" / "samples" / "national-2015-example.json"


def _open(h: Harness, path: Path, template: str | None = None) -> Any:
    h.start()
    for child in list(h.window.children):
        child.close()
    decl = read_bundle(path)
    if template is not None:
        decl.template = template
    h.session.repo.add(decl)
    h.window.refresh_nav()
    h.window.on_nav_select(decl.id, decl.projects[0].id)
    h.pump()
    return decl


def test_national_form_in_the_window(root: Any, home: Path) -> None:
    h = Harness(root, home)
    _open(h, NATIONAL)
    ed = h.editor
    titles = [ed.notebook.tab(t, "text") for t in ed.notebook.tabs()]
    assert titles == ["基本信息", "项目资金", "总体目标", "绩效指标", "监控", "自评"]
    assert ed.fields["period"].get() == "202401-202612"
    assert ed.fields["funding.mid"].get() == "860.00"
    assert ed.wan_labels["mid"].cget("text") == "= 8,600,000.00 元"
    assert ed.goal_labels["mid_goal"].cget("text") == "中期目标(2024年-2026年)"
    assert ed.same_check is not None and ed.same_check.cget("text") == "与年度目标相同"

    # 万元 typed as 万元; the period as one cell, in another spelling.
    type_into(ed.fields["funding.annual_other"].widget, "25")
    h.pump(lambda: "F011" in h.codes())
    p = h.session.project
    assert p.funding.get("annual_other") == Decimal("250000.00")
    type_into(ed.fields["funding.annual_other"].widget, "20")
    type_into(ed.fields["period"].widget, "2024年-2026年")
    h.pump(lambda: p.values["period"] == "202401-202612")

    # Indicators: a side column; a row moved to the 中期 side.
    tab = ed.indicators
    assert tab.tree.set("0", "side") == "中期指标" and tab.tree.set("7", "side") == "年度指标"
    tab.select(7)
    tab.fields["side"].set("中期指标")
    tab._side_changed("side", "中期指标")
    assert p.indicators[7].side == "mid" and tab.tree.set("7", "side") == "中期指标"
    h.close()


def test_drop_in_template_words_in_the_window(root: Any, home: Path) -> None:
    text = (forms_dir() / "shanghai-2026.toml").read_text(encoding="utf-8")
    text = text.replace('id = "shanghai-2026"', 'id = "renamed"')
    text = text.replace('label = "年度总体目标"', 'label = "年度绩效目标"')
    (home / "forms").mkdir(parents=True)
    (home / "forms" / "renamed.toml").write_text(text, encoding="utf-8")
    h = Harness(root, home)
    _open(h, ROOT / "tests" / "fixtures" / "bundles" / "shanghai-2026-v1.json", "renamed")
    ed = h.editor
    assert ed.goal_labels["annual_goal"].cget("text") == "年度绩效目标"
    assert ed.same_check.cget("text") == "与年度绩效目标相同"
    type_into(ed.fields["annual_goal"].widget, "")
    h.pump(lambda: "T004" in h.codes())
    rows = [h.window.findings_panel.tree.item(i, "values")
            for i in h.window.findings_panel.tree.get_children()]
    # (The 与…相同 box is ticked on this one-year project: the overall goal empties too.)
    assert any(r[1].endswith("年度绩效目标") and r[-1] == "“年度绩效目标”为空。" for r in rows)
    assert not any("年度总体目标" in " ".join(map(str, r)) for r in rows)
    h.close()
