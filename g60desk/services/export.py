"""Exporting PDF in the background: the port the PDF renderer implements, and a job.

The window starts an :class:`ExportJob`, polls its progress on a timer and may
cancel it; the renderer runs in a worker thread and never touches Tk.
"""

from __future__ import annotations

import copy
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration
from g60desk.formspec.spec import Template

SCOPE_ALL = "all"
SCOPE_CURRENT = "current"
SCOPE_SELECTION = "selection"


class ExportCancelled(Exception):
    """Raised by a renderer that saw the cancel flag; it has written nothing."""


class ExportError(UserError):
    """A failed export the user must be told about; ``message`` is Chinese."""


class PdfExporter(Protocol):
    def render(self, declaration: Declaration, template: Template, out_path: Path, *,
               project_ids: Sequence[str] | None, error_count: int,
               progress: Callable[[int, int], None],
               cancelled: Callable[[], bool]) -> list[str]:
        """Write the PDF of ``declaration`` (only ``project_ids`` if given) to ``out_path``,
        all-or-nothing (:func:`g60desk.fileio.write_output`).

        ``error_count`` > 0 marks the output as a draft. Calls ``progress(done, total)``
        as it goes, raises :class:`ExportCancelled` soon after ``cancelled()`` turns
        true, raises :class:`ExportError` for failures, returns Chinese warnings
        (e.g. characters missing from the font).
        """
        ...


log = logging.getLogger("g60desk.export")

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def default_filename(decl: Declaration, project_name: str | None = None) -> str:
    """``2022年某某中心绩效目标申报表.pdf``, safe on every file system."""
    who = decl.department.strip() or "未命名单位"
    what = f"-{project_name.strip()}" if project_name and project_name.strip() else ""
    name = _UNSAFE.sub("_", f"{decl.year}年{who}{what}绩效目标申报表").strip(" .")
    return (name[:120] or "绩效目标申报表") + ".pdf"


@dataclass
class ExportState:
    done: int = 0
    total: int = 0
    finished: bool = False
    cancelled: bool = False
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


class ExportJob:
    """One export in a worker thread; all fields are read by the window's timer."""

    def __init__(self, exporter: PdfExporter, declaration: Declaration, template: Template,
                 out_path: Path, project_ids: Sequence[str] | None, error_count: int) -> None:
        self.exporter = exporter
        # The worker renders a snapshot: the user may keep typing meanwhile.
        self.declaration = copy.deepcopy(declaration)
        self.template = template
        self.out_path = out_path
        self.project_ids = list(project_ids) if project_ids is not None else None
        self.error_count = error_count
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._state = ExportState()
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> ExportState:
        with self._lock:
            return copy.copy(self._state)

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> None:
        with self._lock:
            self._state.done, self._state.total = done, total

    def run(self) -> ExportState:
        """Render in the calling thread (tests, command line); returns the final state."""
        warnings: tuple[str, ...] = ()
        error: str | None = None
        cancelled = False
        try:
            warnings = tuple(self.exporter.render(
                self.declaration, self.template, self.out_path, project_ids=self.project_ids,
                error_count=self.error_count, progress=self._progress,
                cancelled=self._cancel.is_set))
        except ExportCancelled:
            cancelled = True
        except ExportError as exc:
            error = exc.message
        except OSError as exc:
            error = f"无法写入 PDF 文件 {self.out_path}:{exc.strerror or exc}。文件是否正在被其他程序打开?"
        except Exception as exc:  # a renderer bug must reach the user, not kill the thread
            log.exception("生成 PDF 时程序出错(%s)", self.out_path)
            error = (f"生成 PDF 时程序内部出错({type(exc).__name__}: {exc})。"
                     "详细信息已记录到日志文件。")
        # Nothing to remove after a cancel or an error: the renderer writes the file
        # all-or-nothing, so a user's earlier file of that name is still intact.
        with self._lock:
            self._state.finished = True
            self._state.cancelled = cancelled
            self._state.error = error
            self._state.warnings = warnings
            return copy.copy(self._state)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="pdf-export", daemon=True)
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
