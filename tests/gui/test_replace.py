"""A unit's newer bundle in the window: 文件 → 导入数据包 and 申报 → 汇总各单位数据包
replace its stored version after confirmation, the old version kept in the 回收站; an
older bundle needs an explicit answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.gui.conftest import Harness
from tests.gui.test_exchange import invoke
from tests.integration.test_cli_replace import NEW, OLD, unit_bundles, yi_bundle


def bin_titles(h: Harness) -> list[str]:
    return [e.title for e in h.session.bin.entries()]


def asked(h: Harness) -> list[str]:
    return [m for kind, m in h.dialogs.shown if kind == "choose"]


def start(harness: Harness) -> Harness:
    h = harness.start()
    for child in list(h.window.children):
        child.close()
    return h


def test_import_a_newer_bundle_replaces_after_confirmation(harness: Harness,
                                                           tmp_path: Path) -> None:
    h = start(harness)
    old, new = unit_bundles(tmp_path)
    assert h.window.import_path(old)
    h.dialogs.answers = ["取消"]
    assert not h.window.import_path(new)
    assert "比已有的版本新" in asked(h)[-1]
    assert [len(d.projects) for d in h.session.load_all()] == [2] and bin_titles(h) == []

    h.dialogs.answers = ["替换"]
    assert h.window.import_path(new)
    (d,) = h.session.load_all()
    assert d.id == "jia" and len(d.projects) == 3 and d.projects[0].name == "改过名的项目"
    assert bin_titles(h) == ["申报:2022年 上海市松江区科学技术委员会"]
    assert "回收站" in h.window.status_label.cget("text")
    # and the 回收站 gives the old version back
    entry = h.session.bin.entries()[0]
    assert len(entry.declaration.projects) == 2


def test_an_older_bundle_needs_its_own_answer(harness: Harness, tmp_path: Path) -> None:
    h = start(harness)
    old, new = unit_bundles(tmp_path)
    assert h.window.import_path(new)
    h.dialogs.answers = [None]           # the question closed: nothing happens
    assert not h.window.import_path(old)
    assert "比已有的版本旧" in asked(h)[-1]
    assert [len(d.projects) for d in h.session.load_all()] == [3] and bin_titles(h) == []
    h.dialogs.answers = ["仍然替换"]
    assert h.window.import_path(old)
    assert [len(d.projects) for d in h.session.load_all()] == [2] and len(bin_titles(h)) == 1


def roll_up(h: Harness, files: list[Path], *answers: Any) -> None:
    h.dialogs.files = [files]
    h.dialogs.answers = list(answers)
    invoke(h, "申报", "汇总各单位数据包…")


def test_roll_up_a_newer_unit_bundle_into_the_open_roll_up(harness: Harness,
                                                           tmp_path: Path) -> None:
    h = start(harness)
    old, new = unit_bundles(tmp_path)
    yi = yi_bundle(tmp_path)
    roll_up(h, [old, yi], True)
    rolled = h.session.declaration
    assert rolled is not None and rolled.versions == {"甲中心": OLD, "乙中心": OLD}
    count = len(h.session.load_all())

    roll_up(h, [new], "汇总到当前申报")
    assert "比已有的版本新" in asked(h)[-1] and not h.dialogs.errors()
    d = h.session.declaration
    assert d is not None and d.id == rolled.id and len(h.session.load_all()) == count
    assert [p.unit for p in d.projects] == ["甲中心"] * 3 + ["乙中心"]
    assert d.projects[0].name == "改过名的项目" and d.versions["甲中心"] == NEW
    assert sorted(bin_titles(h)) == sorted(f"项目:{p.name}" for p in rolled.projects[:2])

    # the old bundle again: older than what the roll-up holds, refused unless said so
    roll_up(h, [old], "取消")
    assert "不比已有的版本新" in asked(h)[-1]
    after = h.session.declaration
    assert after is not None and [p.name for p in after.projects] == [p.name for p in d.projects]
    assert len(bin_titles(h)) == 2


def test_roll_up_can_still_make_a_new_roll_up(harness: Harness, tmp_path: Path) -> None:
    h = start(harness)
    old, new = unit_bundles(tmp_path)
    yi = yi_bundle(tmp_path)
    roll_up(h, [old, yi], True)
    count = len(h.session.load_all())
    roll_up(h, [new, yi], "另存为新的汇总申报", True)
    assert len(h.session.load_all()) == count + 1 and bin_titles(h) == []
