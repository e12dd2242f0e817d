"""The composition root: the one place that wires storage, PDF, exchange and the window.

``python main.py`` without a sub-command calls :func:`run`. Everything the UI
needs arrives through :class:`g60desk.ui.main_window.Services`; the UI itself
never imports storage, pdf or exchange.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from g60desk import paths
from g60desk.domain.model import Declaration
from g60desk.exchange.bundle import BundleError, read_bundle, write_bundle
from g60desk.exchange.trashfile import TrashFile, TrashFileError
from g60desk.formspec import TemplateError, load_library, load_templates
from g60desk.services.files import BundleFileError
from g60desk.services.memory import MemoryRepository
from g60desk.services.ports import DeclarationRepository, RepositoryError
from g60desk.services.preferences import PreferencesFile
from g60desk.services.session import EditingSession
from g60desk.services.trash import RecycleBin, StoredEntry

TRASH_FILE = "trash.json"
# Set by the startup benchmark: print the time to an interactive window, then quit.
BENCH_ENV = "G60DESK_BENCH_STARTUP"


class ExchangeBundles:
    """Bundle files through :mod:`g60desk.exchange.bundle`."""

    def read(self, path: Path) -> Declaration:
        try:
            return read_bundle(path)
        except BundleError as exc:
            raise BundleFileError(exc.message) from None

    def write(self, declaration: Declaration, path: Path) -> None:
        try:
            write_bundle(declaration, path)
        except OSError as exc:
            raise BundleFileError(f"无法写入 {path}:{exc.strerror or exc}。") from None


class TrashFileStore:
    """The 回收站 file, with its errors turned into the services' error type."""

    def __init__(self, path: Path) -> None:
        self.file = TrashFile(path)

    def load(self) -> list[StoredEntry]:
        try:
            return self.file.load()
        except TrashFileError as exc:
            raise RepositoryError(exc.message) from None

    def save(self, entries: list[StoredEntry]) -> None:
        try:
            self.file.save(entries)
        except TrashFileError as exc:
            raise RepositoryError(exc.message) from None


def open_repository(data_dir: Path) -> tuple[DeclarationRepository, str, list[str]]:
    """The declaration database of the data folder: (repository, description, notes)."""
    return (MemoryRepository(), "数据库组件尚未接入:本次录入的数据只保存在内存中。",
            ["注意:数据库组件尚未接入,关闭程序后数据不会保留。"])


def build_services(data_dir: Path) -> Any:
    from g60desk.ui.errors import setup_logging
    from g60desk.ui.main_window import Services

    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = setup_logging(data_dir)
    templates = load_templates(paths.forms_dir())
    try:
        library = load_library(paths.library_file())
    except TemplateError:
        library = ()
    repo, note, notes = open_repository(data_dir)
    recycle = RecycleBin(TrashFileStore(data_dir / TRASH_FILE), repo)
    session = EditingSession(repo, templates, recycle)
    return Services(session=session, library=tuple(library), bundles=ExchangeBundles(),
                    prefs_file=PreferencesFile(data_dir), data_dir=data_dir, log_path=log_path,
                    sample_path=paths.sample_bundle(), exporter=None, storage_note=note,
                    notes=notes)


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


def run() -> int:
    t0 = time.perf_counter()
    import ttkbootstrap as ttk

    from g60desk.ui.i18n import install_chinese
    from g60desk.ui.main_window import MainWindow

    try:
        services = build_services(paths.data_dir())
    except (OSError, TemplateError) as exc:
        print(f"无法启动:{exc}", file=sys.stderr)
        return 2
    root = ttk.App(title="G60Desk", theme="bootstrap-light", iconphoto=None, high_dpi=True)
    root.withdraw()
    install_chinese()
    _icon(root)
    window = MainWindow(root, services)
    window.start()
    root.deiconify()
    if os.environ.get(BENCH_ENV):
        def report() -> None:
            print(f"startup_to_interactive_s={time.perf_counter() - t0:.3f}", flush=True)
            window.request_close()
        root.after_idle(lambda: root.after(1, report))
    root.mainloop()
    return 0
