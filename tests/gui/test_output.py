"""Output: 导出PDF with progress and cancel, 打印 handed to the system, bundle import/export,
settings (单位信息, 签字栏, 模板)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from g60desk.domain.model import Declaration
from g60desk.formspec import Template
from g60desk.services.export import ExportCancelled
from tests.gui.conftest import Harness


class SlowExporter:
    """Writes a stand-in file once done; waits for ``gate`` before each project."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.calls: list[tuple[list[str] | None, int, str]] = []

    def render(self, declaration: Declaration, template: Template, out_path: Path, *,
               project_ids: Sequence[str] | None, error_count: int,
               progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[str]:
        self.calls.append((list(project_ids) if project_ids is not None else None, error_count,
                           template.id))
        chosen = [p for p in declaration.projects if project_ids is None or p.id in project_ids]
        lines = ["%PDF-1.4\n"]
        for i, p in enumerate(chosen):
            self.gate.wait(5)
            if cancelled():
                raise ExportCancelled()
            lines.append(p.name + "\n")
            progress(i + 1, len(chosen))
        out_path.write_text("".join(lines), encoding="utf-8")   # all-or-nothing, as the port asks
        return []


@pytest.fixture
def exporting(root: Any, home: Path) -> Any:
    exporter = SlowExporter()
    h = Harness(root, home, exporter=exporter).start()
    for child in list(h.window.children):
        child.close()
    assert h.window.open_sample()
    h.pump()
    yield h, exporter
    h.close()


def test_export_current_project_then_whole_declaration(exporting: Any, tmp_path: Path) -> None:
    h, exporter = exporting
    win = h.window.export_pdf()
    assert win is not None
    win.scope.set("current")
    out = tmp_path / "项目.pdf"
    win.path_var.set(str(out))
    win.start_button.invoke()
    h.pump(lambda: win.done)
    assert out.read_text(encoding="utf-8").splitlines()[1] == "G60 科创走廊建设"
    d = h.session.declaration
    assert exporter.calls[-1][0] == [d.projects[0].id]
    assert exporter.calls[-1][1] == win.error_count == 0   # this project has no error
    assert "没有发现错误" in win.note.cget("text")
    assert "已生成" in win.progress_label.cget("text")
    assert win.open_button.winfo_ismapped() and win.folder_button.winfo_ismapped()
    win.scope.set("selection")
    win.project_list.selection_set(1, 2)
    assert win.project_ids() == [d.projects[1].id, d.projects[2].id]
    # An error in 课题与规划 (相关方满意度 twice, as the published seed had it).
    d.projects[3].indicators.append(copy.deepcopy(d.projects[3].indicators[-1]))
    win.scope.set("all")
    win._scope_changed()
    assert win.project_ids() is None
    assert win.error_count > 0 and "草稿" in win.note.cget("text")
    win.close()


def test_cancel_a_long_export(exporting: Any, tmp_path: Path) -> None:
    h, exporter = exporting
    exporter.gate.clear()
    win = h.window.export_pdf()
    out = tmp_path / "全部.pdf"
    win.path_var.set(str(out))
    win.start_button.invoke()
    h.pump(lambda: str(win.cancel_button.cget("state")) == "normal")
    win.cancel_button.invoke()
    exporter.gate.set()
    h.pump(lambda: win.done)
    assert "已取消" in win.progress_label.cget("text") and not out.exists()
    win.close()


def test_bundle_export_and_import(exporting: Any, tmp_path: Path) -> None:
    h, _ = exporting
    out = tmp_path / "申报.json"
    h.dialogs.files = [out]
    h.window.export_bundle()
    assert out.exists() and "g60desk-bundle" in out.read_text(encoding="utf-8")
    h.dialogs.files = [out]
    h.dialogs.answers = ["另存为副本"]
    h.window.import_bundle()
    h.pump()
    # Imported again: asked whether it replaces the stored one; kept as a copy beside it.
    asked = [m for kind, m in h.dialogs.shown if kind == "choose"]
    assert len(asked) == 1 and "无法判断新旧" in asked[0]
    assert len(h.session.list_declarations()) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    h.dialogs.files = [bad]
    h.window.import_bundle()
    assert "不是有效的 JSON" in h.dialogs.errors()[-1]


def test_settings_change_units_signatures_and_template(exporting: Any) -> None:
    h, _ = exporting
    win = h.window.open_settings()
    assert win is not None
    win.units.delete("1.0", "end")
    win.units.insert("1.0", "单位甲\n单位乙\n")
    win.signatures["leader"].set("张三")
    win.template.set(h.session.templates["shanghai-2026"].name)
    win.save_button.invoke()
    h.pump()
    d = h.session.declaration
    assert d is not None and d.units == ["单位甲", "单位乙"] and d.signatures.leader == "张三"
    assert d.template == "shanghai-2026"
    # The editor is rebuilt from the new template: 项目性质 appears, 成本指标 is required.
    assert "nature" in h.editor.fields
    assert "I005" in h.codes() or any(f.code == "I005" for f in h.window.current_findings())
    assert not win.alive()
    # A declaration-level finding opens the settings on the right page.
    win2 = h.window.open_settings(focus="signatures")
    assert win2 is not None and win2.notebook.index("current") == 1
    win2.close()
