"""The composition root: the one place that wires storage, PDF, exchange and the window.

``python main.py`` without a sub-command calls :func:`run`. Everything the UI
needs arrives through :class:`g60desk.ui.main_window.Services`; the UI itself
never imports storage, pdf or exchange.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g60desk import fileio, paths, start_cache
from g60desk.domain.model import Declaration
from g60desk.formspec import (
    LibraryEntry,
    Template,
    TemplateError,
    load_library,
    load_template_dirs,
)
from g60desk.services.backups import BackupRestore
from g60desk.services.files import BundleFileError, BundleFiles, Step, WorkbookFiles
from g60desk.services.ports import Database, RepositoryError
from g60desk.services.preferences import PreferencesFile
from g60desk.services.session import EditingSession
from g60desk.services.store import StoreService
from g60desk.services.trash import RecycleBin, StoredEntry
from g60desk.splash import close_splash
from g60desk.storage import DB_NAME, opener

if TYPE_CHECKING:
    from g60desk.domain.indicator_sheet import SheetTable

# Set by the startup benchmark: print the time to an interactive window, then quit.
BENCH_ENV = "G60DESK_BENCH_STARTUP"


class ExchangeBundles:
    """Bundle files through :mod:`g60desk.exchange.bundle`."""

    def read(self, path: Path) -> Declaration:
        from g60desk.exchange.bundle import BundleError, read_bundle

        try:
            return read_bundle(path)
        except BundleError as exc:
            raise BundleFileError(exc.message) from None

    def write(self, declaration: Declaration, path: Path) -> None:
        from g60desk.exchange.bundle import write_bundle

        try:
            write_bundle(declaration, path)
        except fileio.FileWriteError as exc:
            raise BundleFileError(exc.message) from None


class ExchangeWorkbooks:
    """Excel workbooks through :mod:`g60desk.exchange.workbook` (openpyxl is imported on first use)."""

    def write(self, declaration: Declaration, template: Template, path: Path,
              step: Step | None = None) -> None:
        from g60desk.commands.xlsx import project_checks
        from g60desk.exchange.workbook import write_workbook

        try:
            write_workbook(declaration, template, path, project_checks(declaration, template),
                           step)
        except fileio.FileWriteError as exc:
            raise BundleFileError(exc.message) from None

    def read(self, path: Path, step: Step | None = None) -> Declaration | list[SheetTable]:
        from g60desk.exchange.workbook_import import WorkbookError, read_workbook

        try:
            content = read_workbook(path, tables=True, step=step)
        except WorkbookError as exc:
            raise BundleFileError(exc.message) from None
        if content.declaration is not None:
            return content.declaration
        if not any(t.rows for t in content.tables):
            raise BundleFileError(f"{path.name} 中没有任何数据行。")
        return content.tables


class TrashFileStore:
    """The 回收站 file of a data folder, with its errors turned into the services' error
    type (:mod:`g60desk.exchange.trashfile`, imported when the 回收站 is first used)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def _file(self) -> Any:
        from g60desk.exchange.trashfile import TRASH_FILE, TrashFile

        return TrashFile(self.data_dir / TRASH_FILE)

    def load(self) -> list[StoredEntry]:
        from g60desk.exchange.trashfile import TrashFileError

        try:
            return self._file().load()  # type: ignore[no-any-return]
        except TrashFileError as exc:
            raise RepositoryError(exc.message) from None

    def save(self, entries: list[StoredEntry]) -> None:
        from g60desk.exchange.trashfile import TrashFileError

        try:
            self._file().save(entries)
        except TrashFileError as exc:
            raise RepositoryError(exc.message) from None


class PdfRenderer:
    """The window's :class:`~g60desk.services.export.PdfExporter` over :mod:`g60desk.pdf`.

    Progress follows reportlab's layout events, and a cancel stops the layout at the
    next block; nothing is written after a cancel. reportlab is imported on the first
    export only.
    """

    def render(self, declaration: Declaration, template: Template, out_path: Path, *,
               project_ids: Sequence[str] | None, error_count: int,
               progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[str]:
        from g60desk.pdf import FontError, PdfError, PdfOptions, RenderCancelled, render_declaration
        from g60desk.services.export import ExportCancelled, ExportError

        # Out of 100: 5 to prepare (fonts), 90 for layout as reportlab reports it, 5 to write.
        progress(0, 100)
        indices = None
        if project_ids is not None:
            wanted = set(project_ids)
            indices = tuple(i for i, p in enumerate(declaration.projects) if p.id in wanted)

        def layout_progress(done: int, total: int) -> None:
            progress(5 + (90 * done) // max(1, total), 100)

        from g60desk.commands.pdf import unit_table_checks

        checks = unit_table_checks(declaration, template) if indices is None else None
        options = PdfOptions(projects=indices, error_count=error_count, checks=checks,
                             creation_date=datetime.now().astimezone(),
                             progress=layout_progress, cancelled=cancelled)
        if cancelled():
            raise ExportCancelled()
        try:
            result = render_declaration(declaration, template, options)
        except RenderCancelled:
            raise ExportCancelled() from None
        except (PdfError, FontError) as exc:
            raise ExportError(exc.message) from None
        if cancelled():
            raise ExportCancelled()
        progress(95, 100)
        try:
            fileio.write_output(out_path, result.data)
        except fileio.FileWriteError as exc:
            raise ExportError(exc.message) from None
        progress(100, 100)
        return [w.message for w in result.warnings]


def open_store(data_dir: Path) -> tuple[StoreService, list[str]]:
    """Open the data folder's database; returns the store and what to tell the user."""
    store = StoreService(opener(data_dir))
    report = store.open()
    return store, report.messages()


def build_services(data_dir: Path, *, repo: Database | None = None,
                   exporter: Any = None, bundles: BundleFiles | None = None,
                   workbooks: WorkbookFiles | None = None) -> Any:
    """Everything the window needs, wired to the real database, files and PDF renderer.

    Tests pass their own parts (an in-memory repository, a fake exporter or bundle
    files) instead of patching them in after the build; the data folder's database is
    still opened, for the backups and the lock.
    """
    from g60desk.ui.errors import setup_logging
    from g60desk.ui.main_window import Services

    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = setup_logging(data_dir)
    found = load_template_dirs(*paths.template_dirs(), parse=start_cache.toml_loads)
    if not found.templates:
        raise TemplateError("没有可用的模板。" + ";".join(found.problems))
    templates = found.templates
    library: list[tuple[LibraryEntry, ...]] = []

    def read_library() -> tuple[LibraryEntry, ...]:
        if not library:
            try:
                library.append(tuple(load_library(paths.library_file())))
            except TemplateError:
                library.append(())
        return library[0]

    store, notes = open_store(data_dir)
    notes = [*notes, *(f"模板文件有问题,已跳过:{p}" for p in found.problems)]
    if repo is None:
        repo = store.db
    recycle = RecycleBin(TrashFileStore(data_dir), repo)
    session = EditingSession(repo, templates, recycle,
                             default_template=found.default.id if found.default else None)
    backups = BackupRestore(store, session, damage=store.report.damage if store.report else None)
    where = paths.data_dir_and_source()[1]
    note = f"数据库:{data_dir / DB_NAME}({where});每次保存前自动备份到 backups 文件夹。"
    return Services(session=session, library=read_library, bundles=bundles or ExchangeBundles(),
                    prefs_file=PreferencesFile(data_dir), data_dir=data_dir, log_path=log_path,
                    sample_path=paths.sample_bundle(),
                    exporter=PdfRenderer() if exporter is None else exporter,
                    storage_note=note, notes=notes, read_only=repo.read_only,
                    closers=[store.close], backups=backups,
                    workbooks=workbooks or ExchangeWorkbooks())


def _icon(root: Any) -> None:
    import tkinter
    icon = paths.assets_dir() / "icons" / "g60desk.png"
    if icon.exists():
        try:
            img = tkinter.PhotoImage(master=root, file=str(icon))
            root.iconphoto(True, img)
            root._g60_icon = img
        except tkinter.TclError:
            pass


def _fatal(message: str) -> int:
    """Say why the program cannot start, in a window if Tk works, and on stderr."""
    close_splash()
    text = f"G60Desk 无法启动:{message}"
    print(text, file=sys.stderr)
    try:
        import tkinter
        from tkinter import messagebox
        r = tkinter.Tk()
        r.withdraw()
        messagebox.showerror("G60Desk", text, parent=r)
        r.destroy()
    except Exception:  # no display: stderr has it already
        pass
    return 2


# Polling keeps Python in control often enough for a signal handler to run promptly.
_SIGNAL_POLL_MS = 250


def install_session_end(root: Any, end: Callable[[], None]) -> None:
    """Save and release the lock when the session ends instead of dying mid-edit.

    SIGTERM / SIGHUP (a Linux desktop logging out, ``kill``) and, on Windows, the
    ``WM_SAVE_YOURSELF`` protocol that Tk raises for ``WM_QUERYENDSESSION``.
    """
    pending: list[int] = []

    def on_signal(signum: int, _frame: Any) -> None:
        pending.append(signum)

    def poll() -> None:
        if pending:
            end()
            return
        with contextlib.suppress(Exception):
            root.after(_SIGNAL_POLL_MS, poll)

    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                signal.signal(signum, on_signal)
    root.protocol("WM_SAVE_YOURSELF", end)
    root.after(_SIGNAL_POLL_MS, poll)


def run() -> int:
    t0 = time.perf_counter()
    # Under the start-up benchmark: when each step of the start ended, for bench_gui.py's
    # breakdown (the modules g60desk.app imports come before t0).
    marks: list[tuple[str, float]] = []

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))
    import tkinter

    from g60desk.ui.toolkit import import_ttkbootstrap, input_methods_later, new_root

    import_ttkbootstrap()   # without importing importlib.metadata for its version
    mark("import ttkbootstrap")

    from g60desk.ui.errors import logger
    from g60desk.ui.i18n import install_chinese
    from g60desk.ui.main_window import MainWindow
    mark("import the window's modules")

    try:
        services = build_services(paths.data_dir())
    except RepositoryError as exc:
        return _fatal(exc.message)
    except (OSError, TemplateError) as exc:
        return _fatal(str(exc))
    mark("open the data (templates, database, last project)")
    try:
        root = new_root("G60Desk")   # no Python call for every widget mapped or resized
    except tkinter.TclError as exc:  # no display (a server, a remote shell without X)
        services.shutdown()
        return _fatal(f"没有可用的图形显示,窗口无法打开({exc})。请在桌面上双击启动;"
                      "没有图形界面时可以使用命令行,例如 g60desk check、g60desk pdf"
                      "(g60desk --help 列出全部命令)。")
    mark("root window and theme")
    root.withdraw()
    # No X input context is made until the first paint (about 240 round trips to the X
    # server); each widget then gets its own at its next event.
    resume_input_methods = input_methods_later(root)
    try:
        install_chinese()
        window = MainWindow(root, services)
        window.start()
        mark("build the window")
    except Exception as exc:  # a bug while building the window: say so, log it, keep the data
        logger.exception("窗口启动失败")
        services.shutdown()
        root.destroy()
        return _fatal(f"窗口无法打开({type(exc).__name__}: {exc})。详细信息见 {services.log_path}。")
    root.deiconify()
    root.update_idletasks()
    mark("lay it out")
    close_splash(root.after)   # the window is there: the picture goes
    install_session_end(root, window.end_session)
    if os.environ.get(BENCH_ENV):
        # The first usable paint: the window mapped, visible and drawn with the
        # navigator and the project's first tab (MainWindow._after_first_paint); then,
        # once the checks and the other tabs are in, the whole start-up.
        def painted() -> None:
            mark("map and draw it")
            steps, last = [], t0
            for name, at in marks:
                steps.append(f"{name}={at - last:.4f}")
                last = at
            print(f"startup_steps_s={';'.join(steps)}", flush=True)
            print(f"startup_to_interactive_s={time.perf_counter() - t0:.3f}", flush=True)

        def complete() -> None:
            print(f"startup_complete_s={time.perf_counter() - t0:.3f}", flush=True)
            window.request_close()
        window.on_first_paint.append(painted)
        window.on_started.append(complete)
    window.on_first_paint.append(resume_input_methods)
    # main.py keeps the garbage collector off until the window is drawn; it comes back
    # as a step of its own after the paint (its first collection takes about 15 ms), so
    # a click or a key in between is handled first.
    window.on_first_paint.append(lambda: root.after(1, gc.enable))
    window.on_first_paint.append(lambda: logger.info(
        "窗口已显示;启动缓存:%(hits)d 项取自缓存(其中图像 %(blobs)d 个),%(compiled)d 个方法"
        "新编译,%(parsed)d 个文件新解析,%(patterns)d 个正则表达式新编译", start_cache.stats()))
    # The start cache keeps what the start-up used, not what later actions compile.
    window.on_started.append(start_cache.settle)
    # The window's icon (a PNG read and scaled by Tk) once the window is drawn.
    window.on_first_paint.append(lambda: _icon(root))
    root.mainloop()
    return 0
