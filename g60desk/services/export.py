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
from typing import Any, Protocol

from g60desk.domain.errors import Cancelled, UserError
from g60desk.domain.model import Declaration
from g60desk.formspec.spec import Template

SCOPE_ALL = "all"
SCOPE_CURRENT = "current"
SCOPE_SELECTION = "selection"


class ExportCancelled(Cancelled):
    """Raised by a renderer or a job's step that saw the cancel flag; nothing was written."""


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
class JobState:
    done: int = 0
    total: int = 0
    finished: bool = False
    cancelled: bool = False
    error: str | None = None
    warnings: tuple[str, ...] = ()
    value: Any = None     # what the work returned (None after a cancel or an error)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


ExportState = JobState
Step = Callable[[int, int], None]


class BackgroundJob:
    """Long work (a PDF, a workbook, reading bundles) in a worker thread; the window polls
    :attr:`state` on a timer and may :meth:`cancel`.

    The work reports ``step(done, total)`` between its units (projects, bundles); after
    :meth:`cancel` the next step raises :class:`ExportCancelled`, so the work stops there.
    It must change nothing the user keeps until it has finished: files are written
    all-or-nothing at the end, and data is stored by the window from ``state.value`` after
    the job is done, so a cancelled job leaves no trace. The work never touches Tk or the
    database.
    """

    thread_name = "background-job"

    def __init__(self, work: Callable[[Step], Any] | None = None, what: str = "处理") -> None:
        self.work = work
        self.what = what
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._state = JobState()
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> JobState:
        with self._lock:
            return copy.copy(self._state)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        with self._lock:
            self._state.done, self._state.total = done, total

    def step(self, done: int, total: int) -> None:
        """Report progress; raises :class:`ExportCancelled` once cancelled."""
        if self._cancel.is_set():
            raise ExportCancelled()
        self._progress(done, total)

    def _work(self) -> Any:
        assert self.work is not None
        return self.work(self.step)

    def _warnings(self, value: Any) -> tuple[str, ...]:
        """Chinese warnings to show with a finished job's result."""
        return ()

    def _os_error(self, exc: OSError) -> str:
        return f"{self.what}时无法读写文件:{exc.strerror or exc}。文件是否正在被其他程序打开?"

    def run(self) -> JobState:
        """Work in the calling thread (tests, command line); returns the final state."""
        value: Any = None
        error: str | None = None
        cancelled = False
        try:
            value = self._work()
            if self._cancel.is_set():
                cancelled, value = True, None
        except Cancelled:
            cancelled = True
        except UserError as exc:
            error = exc.message
        except OSError as exc:
            error = self._os_error(exc)
        except Exception as exc:  # a bug must reach the user, not kill the thread
            log.exception("%s时程序出错", self.what)
            error = (f"{self.what}时程序内部出错({type(exc).__name__}: {exc})。"
                     "详细信息已记录到日志文件。")
        with self._lock:
            self._state.finished = True
            self._state.cancelled = cancelled
            self._state.error = error
            self._state.value = value
            self._state.warnings = self._warnings(value)
            return copy.copy(self._state)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name=self.thread_name, daemon=True)
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)


class ExportJob(BackgroundJob):
    """One PDF export; the renderer polls the cancel flag itself (between layout blocks)."""

    thread_name = "pdf-export"

    def __init__(self, exporter: PdfExporter, declaration: Declaration, template: Template,
                 out_path: Path, project_ids: Sequence[str] | None, error_count: int) -> None:
        super().__init__(what="生成 PDF")
        self.exporter = exporter
        # The worker renders a snapshot: the user may keep typing meanwhile.
        self.declaration = copy.deepcopy(declaration)
        self.template = template
        self.out_path = out_path
        self.project_ids = list(project_ids) if project_ids is not None else None
        self.error_count = error_count

    def _work(self) -> tuple[str, ...]:
        # Nothing to remove after a cancel or an error: the renderer writes the file
        # all-or-nothing, so a user's earlier file of that name is still intact.
        return tuple(self.exporter.render(
            self.declaration, self.template, self.out_path, project_ids=self.project_ids,
            error_count=self.error_count, progress=self._progress,
            cancelled=self._cancel.is_set))

    def _warnings(self, value: Any) -> tuple[str, ...]:
        return tuple(value) if value else ()

    def _os_error(self, exc: OSError) -> str:
        return (f"无法写入 PDF 文件 {self.out_path}:{exc.strerror or exc}。"
                "文件是否正在被其他程序打开?")
