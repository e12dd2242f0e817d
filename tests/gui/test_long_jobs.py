"""Long workbook exports, imports and roll-ups run with progress and 取消; a cancelled
one changes nothing: no file written (an earlier file of that name intact), nothing stored."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

from g60desk import paths
from g60desk.exchange.bundle import read_bundle, write_bundle
from g60desk.exchange.workbook import write_workbook
from g60desk.formspec import load_templates
from tests.gui.conftest import Harness
from tests.gui.test_exchange import invoke, jobs
from tests.store_samples import declaration


def big(n: int = 200, tag: str = "big") -> Any:
    """The sample's projects copied to ``n`` (new ids)."""
    sample = read_bundle(paths.sample_bundle())
    decl = copy.deepcopy(sample)
    decl.id = f"{tag}-decl"
    decl.projects = []
    for k in range(n):
        p = copy.deepcopy(sample.projects[k % len(sample.projects)])
        p.id, p.name = f"{tag}{k:04d}", f"{p.name}({k + 1})"
        decl.projects.append(p)
    return decl


def snapshot(h: Harness) -> list[Any]:
    return [copy.deepcopy(d) for d in h.session.load_all()]


def cancel_running(h: Harness) -> None:
    (w,) = jobs(h)
    h.pump(lambda: w.job.state.done > 0 or w.job.state.finished, timeout=30)
    assert not w.job.state.finished, "the job ended before it could be cancelled"
    w.cancel_button.invoke()
    h.pump(lambda: not jobs(h), timeout=30)
    assert w.job.state.cancelled and w.job.state.value is None


def test_cancel_a_long_workbook_export(harness: Harness, tmp_path: Path) -> None:
    h = harness.start()
    for child in list(h.window.children):
        child.close()
    h.session.import_declaration(big())
    h.window.show_current()
    h.pump()
    folder = tmp_path / "导出"
    folder.mkdir()
    out = folder / "申报.xlsx"
    out.write_bytes(b"an earlier file the user keeps")
    before = snapshot(h)
    h.dialogs.files = [out]
    invoke(h, "文件", "导出 Excel…", wait=False)
    cancel_running(h)
    assert out.read_bytes() == b"an earlier file the user keeps"
    assert sorted(p.name for p in folder.iterdir()) == ["申报.xlsx"]   # no temporary left
    assert "已取消导出 Excel" in h.window.status_label.cget("text")
    assert snapshot(h) == before
    # not cancelled, the same export finishes and replaces the file
    h.dialogs.files = [out]
    invoke(h, "文件", "导出 Excel…")
    assert out.read_bytes().startswith(b"PK") and not h.dialogs.errors()


def test_cancel_a_long_workbook_import(harness: Harness, tmp_path: Path) -> None:
    h = harness.start_with_sample()
    book = tmp_path / "二百个项目.xlsx"
    template = load_templates(paths.template_dirs()[0])["shanghai-2022"]
    write_workbook(big(), template, book)
    before = snapshot(h)
    h.dialogs.files = [book]
    invoke(h, "文件", "导入 Excel…", wait=False)
    cancel_running(h)
    assert snapshot(h) == before and not h.dialogs.errors()
    assert "已取消导入 Excel" in h.window.status_label.cget("text")


class SlowBundles:
    """Bundles read from a slow USB stick: each read takes a while."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def read(self, path: Path) -> Any:
        time.sleep(0.05)
        return self.inner.read(path)

    def write(self, declaration: Any, path: Path) -> None:
        self.inner.write(declaration, path)


def test_cancel_a_long_roll_up(harness: Harness, tmp_path: Path) -> None:
    h = harness.start_with_sample()
    files = []
    for u in range(30):
        decl = declaration(2, unit=f"单位{u:02d}", decl_id=f"unit{u}")
        for k, p in enumerate(decl.projects):
            p.id = f"u{u}p{k}"
        path = tmp_path / f"单位{u:02d}.json"
        write_bundle(decl, path)
        files.append(path)
    h.services.bundles = SlowBundles(h.services.bundles)
    before = snapshot(h)
    h.dialogs.files = [files]
    invoke(h, "申报", "汇总各单位数据包…", wait=False)
    cancel_running(h)
    assert snapshot(h) == before
    assert not [m for kind, m in h.dialogs.shown if kind == "confirm"]   # never got that far
    # and without cancelling, all 30 are rolled up
    h.dialogs.files = [files]
    h.dialogs.answers = [True]
    invoke(h, "申报", "汇总各单位数据包…")
    d = h.session.declaration
    assert d is not None and len(d.projects) == 60 and len(d.declaring_units()) == 30
