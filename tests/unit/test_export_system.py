"""The export job (progress, cancel, errors) and the print/open command choice."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from g60desk.domain.model import Declaration
from g60desk.formspec import Template
from g60desk.services.export import ExportCancelled, ExportError, ExportJob, default_filename
from g60desk.services.system import open_action, open_failure
from tests import factories


class FakeExporter:
    """Writes one line per project; can wait for a go-ahead, fail or honour cancel."""

    def __init__(self, fail: str | None = None, gate: threading.Event | None = None) -> None:
        self.fail = fail
        self.gate = gate
        self.calls: list[tuple[list[str] | None, int]] = []

    def render(self, declaration: Declaration, template: Template, out_path: Path, *,
               project_ids: Sequence[str] | None, error_count: int,
               progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[str]:
        self.calls.append((list(project_ids) if project_ids is not None else None, error_count))
        chosen = [p for p in declaration.projects if project_ids is None or p.id in project_ids]
        lines = []
        for i, p in enumerate(chosen):
            if self.gate is not None:
                self.gate.wait(5)
            if cancelled():
                raise ExportCancelled()
            if self.fail:
                raise ExportError(self.fail)
            lines.append(p.name + "\n")
            progress(i + 1, len(chosen))
        out_path.write_text("".join(lines), encoding="utf-8")   # all-or-nothing, as the port asks
        return ["字体缺少字符“𠀀”"]


def test_job_renders_a_snapshot_and_reports_progress(tmp_path: Path) -> None:
    decl = factories.declaration()
    out = tmp_path / "a.pdf"
    job = ExportJob(FakeExporter(), decl, factories.template(), out, None, 0)
    decl.projects[0].name = "改名之后"
    state = job.run()
    assert state.finished and not state.error and state.done == state.total == 1
    assert out.read_text(encoding="utf-8") == "办公室弱电系统安装\n"
    assert state.warnings == ("字体缺少字符“𠀀”",)


def test_job_cancel_and_error_remove_the_partial_file(tmp_path: Path) -> None:
    gate = threading.Event()
    out = tmp_path / "b.pdf"
    job = ExportJob(FakeExporter(gate=gate), factories.declaration(), factories.template(), out,
                    ["clean1"], 3)
    job.start()
    job.cancel()
    gate.set()
    job.join(5)
    assert job.state.cancelled and not out.exists()
    failing = ExportJob(FakeExporter(fail="字体文件缺失。"), factories.declaration(),
                        factories.template(), out, None, 0)
    state = failing.run()
    assert state.error == "字体文件缺失。" and not out.exists()


def test_failed_export_keeps_the_users_earlier_file(tmp_path: Path) -> None:
    out = tmp_path / "earlier.pdf"
    out.write_bytes(b"%PDF earlier")
    state = ExportJob(FakeExporter(fail="字体文件缺失。"), factories.declaration(),
                      factories.template(), out, None, 0).run()
    assert state.error and out.read_bytes() == b"%PDF earlier"


def test_renderer_bug_is_logged_with_its_traceback(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    class Buggy(FakeExporter):
        def render(self, *args: object, **kwargs: object) -> list[str]:
            raise KeyError("bug-in-renderer")

    with caplog.at_level(logging.ERROR, logger="g60desk"):
        state = ExportJob(Buggy(), factories.declaration(), factories.template(),
                          tmp_path / "c.pdf", None, 0).run()
    assert state.error and "KeyError" in state.error and "日志" in state.error
    record = next(r for r in caplog.records if r.name == "g60desk.export")
    assert record.exc_info is not None and "bug-in-renderer" in caplog.text


def test_default_filename_is_safe() -> None:
    d = factories.declaration()
    d.department = 'A/B:中心?'
    assert default_filename(d) == "2022年A_B_中心_绩效目标申报表.pdf"
    assert default_filename(d, "课题") == "2022年A_B_中心_-课题绩效目标申报表.pdf"


def test_open_commands_and_their_chinese_failures() -> None:
    p = Path("/tmp/x.pdf")
    name = str(p)  # \\tmp\\x.pdf when the tests run on Windows
    assert open_action(p, "linux").command == ("xdg-open", name)
    assert open_action(p, "win32").startfile == "open"
    assert open_action(p, "darwin").command == ("open", name)
    missing = open_failure("xdg-open", p, FileNotFoundError(2, "No such file or directory"))
    assert "xdg-utils" in missing and name in missing and "No such" not in missing
    assert "权限" in open_failure("xdg-open", p, PermissionError(13, "Permission denied"))
