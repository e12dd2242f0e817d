"""GUI tests drive the real window under a display (Xvfb when none is set).

One ttkbootstrap root serves the whole run (ttkbootstrap allows one); every test
builds a fresh main window inside it on a data folder in ``tmp_path``. A test
fails if any Tk callback raised. In CI (``CI=true``) a missing display is an
error, never a skip.

Covers: the window and its secondary windows. Not covered here: the look of the
PDF (tests of g60desk.pdf) and native OS dialogs (behind :class:`FakeDialogs`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from g60desk.domain.model import Declaration
from g60desk.services.memory import MemoryRepository


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/gui carries the ``gui`` marker (``-m "not gui"`` skips them)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


def start_xvfb(size: str = "1280x1024",
               displays: range = range(87, 160)) -> tuple[subprocess.Popen[bytes], str] | None:
    """An Xvfb screen of ``size`` on the first free display; None without Xvfb."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return None
    for n in displays:
        if Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
            continue
        proc = subprocess.Popen([xvfb, f":{n}", "-screen", "0", f"{size}x24", "-dpi", "96",
                                 "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{n}").exists():
                return proc, f":{n}"
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.terminate()
    return None


def _start_xvfb() -> str | None:
    started = start_xvfb()
    if started is None:
        return None
    atexit.register(started[0].terminate)
    return started[1]


def _display() -> str | None:
    if os.environ.get("DISPLAY"):
        return os.environ["DISPLAY"]
    d = _start_xvfb()
    if d is not None:
        os.environ["DISPLAY"] = d
    return d


@pytest.fixture(scope="session")
def root() -> Iterator[Any]:
    if _display() is None:
        message = "GUI 测试需要显示器:未设置 DISPLAY,也找不到 Xvfb(请安装 xvfb)。"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from g60desk.ui.i18n import install_chinese
    from g60desk.ui.toolkit import new_root

    app = new_root("G60Desk tests")   # as the program makes it (g60desk.app.run)
    install_chinese()
    app.geometry("1280x800+0+0")
    yield app
    with contextlib.suppress(Exception):
        app.destroy()


class CallbackErrors:
    def __init__(self) -> None:
        self.caught: list[BaseException] = []

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        import traceback
        traceback.print_exception(exc_type, exc, tb)
        self.caught.append(exc)


@pytest.fixture(autouse=True)
def no_callback_errors(request: pytest.FixtureRequest,
                       monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any GUI test in which a Tk callback raised (Tk would only print it).

    Every main window installs its own ErrorReporter on the shared root, replacing the
    one before; so every reporter made during the test is kept and all are read at the
    end, not only the last installed (which missed a first window's errors once a second
    window was built).
    """
    if "root" not in request.fixturenames:
        yield
        return
    from g60desk.ui.errors import ErrorReporter

    tk_root = request.getfixturevalue("root")
    recorder = CallbackErrors()
    tk_root.report_callback_exception = recorder
    reporters: list[Any] = []
    original_init = ErrorReporter.__init__

    def keep(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        reporters.append(self)

    monkeypatch.setattr(ErrorReporter, "__init__", keep)
    yield
    caught = list(recorder.caught)
    for handler in [*reporters, tk_root.report_callback_exception]:
        caught += [e for e in getattr(handler, "caught", []) if e not in caught]
    tk_root.report_callback_exception = recorder
    if caught:
        pytest.fail(f"Tk callback raised: {caught!r}")


class FakeDialogs:
    """Scripted answers for the window's questions; records every message shown."""

    def __init__(self) -> None:
        self.answers: list[Any] = []
        self.shown: list[tuple[str, str]] = []
        self.files: list[Path | None] = []
        self.defaults: list[str] = []    # the button Enter would press, per confirm

    def _next(self, default: Any) -> Any:
        return self.answers.pop(0) if self.answers else default

    def info(self, message: str, title: str = "") -> None:
        self.shown.append(("info", message))

    def warning(self, message: str, title: str = "") -> None:
        self.shown.append(("warning", message))

    def error(self, message: str, title: str = "") -> None:
        self.shown.append(("error", message))

    def confirm(self, message: str, title: str = "", ok: str = "确定", cancel: str = "取消",
                danger: bool = False, default: str | None = None) -> bool:
        self.shown.append(("confirm", message))
        self.defaults.append(default or ok)
        return bool(self._next(True))

    def choose(self, message: str, title: str, options: Any, default: str | None = None) -> Any:
        self.shown.append(("choose", message))
        return self._next(None)

    def open_file(self, title: str, filetypes: Any = (), initialdir: str = "") -> Path | None:
        return self.files.pop(0) if self.files else None

    def open_files(self, title: str, filetypes: Any = (), initialdir: str = "") -> list[Path]:
        chosen = self.files.pop(0) if self.files else []
        return list(chosen) if isinstance(chosen, list) else [chosen] if chosen else []

    def save_file(self, title: str, initialfile: str, filetypes: Any, defaultextension: str,
                  initialdir: str = "") -> Path | None:
        return self.files.pop(0) if self.files else None

    def errors(self) -> list[str]:
        return [m for kind, m in self.shown if kind == "error"]


def pump(root: Any, until: Callable[[], bool] | None = None, timeout: float = 5.0) -> None:
    """Run the event loop until ``until()`` holds (or once through, without a condition)."""
    deadline = time.monotonic() + timeout
    while True:
        root.update()
        if until is None or until():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout:.1f} s")
        time.sleep(0.005)


class Harness:
    """A main window on a fresh data folder, with scripted dialogs."""

    def __init__(self, root: Any, home: Path, repo: Any = None, exporter: Any = None) -> None:
        from g60desk import app
        from g60desk.ui.main_window import MainWindow

        self.root = root
        self.home = home
        self.services = app.build_services(home, repo=repo, exporter=exporter)
        self.repo = self.services.session.repo
        self.dialogs = FakeDialogs()
        self.window = MainWindow(root, self.services, self.dialogs, check_delay_ms=30,
                                 declaration_check_ms=60)
        self.session = self.services.session
        self.session.autosave.delay = 0.2

    def start(self) -> Harness:
        """Start as the program does, and let the deferred start-up finish (the first
        check, the editor's other tabs: MainWindow._after_first_paint)."""
        self.window.start()
        pump(self.root, lambda: self.window.started or self.window._closing)
        return self

    def start_with_sample(self, project: int | None = None) -> Harness:
        """Start, dismiss the welcome window, open the bundled sample (and one project)."""
        self.start()
        for child in list(self.window.children):
            child.close()
        assert self.window.open_sample()
        self.pump()
        if project is not None:
            d = self.session.declaration
            assert d is not None
            self.window.on_nav_select(d.id, d.projects[project].id)
            self.pump()
        return self

    def indicators_tab(self, project: int) -> tuple[Harness, Any, Any]:
        """The sample open on ``project``'s 绩效指标 tab: (harness, the tab, the project)."""
        self.start_with_sample(project=project)
        self.editor.select_tab("indicators")
        p = self.session.project
        assert p is not None
        return self, self.editor.indicators, p

    def pump(self, until: Callable[[], bool] | None = None, timeout: float = 5.0) -> None:
        pump(self.root, until, timeout)

    def close(self) -> None:
        """Close as the user would (saving), but keep the shared root."""
        if self.window.frame.winfo_exists():
            self.session.save_if_dirty()
            self.window.remember()
            self.window.destroy()
        problems = self.services.shutdown()
        pump(self.root)
        assert not problems, problems

    @property
    def editor(self) -> Any:
        assert self.window.editor is not None
        return self.window.editor

    def findings(self) -> list[Any]:
        return list(self.window.findings_panel.findings)

    def codes(self) -> set[str]:
        return {f.code for f in self.findings()}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("G60DESK_HOME", str(folder))
    return folder


@pytest.fixture
def harness(root: Any, home: Path) -> Iterator[Harness]:
    h = Harness(root, home)
    yield h
    h.close()


def sample_declaration() -> Declaration:
    from g60desk.exchange.bundle import read_bundle
    from tests.factories import SAMPLE
    return read_bundle(SAMPLE)


def memory_repo_with(*decls: Declaration) -> MemoryRepository:
    repo = MemoryRepository()
    for d in decls:
        repo.add(d)
    return repo


def type_into(widget: Any, text: str, *, replace: bool = True) -> None:
    """Type into an Entry/Combobox/Text as a user would: focus it, then insert at the cursor."""
    import tkinter
    widget.focus_force()
    if isinstance(widget, tkinter.Text):
        if replace:
            widget.delete("1.0", "end")
        widget.insert("insert", text)
    else:
        if replace:
            widget.delete(0, "end")
        widget.insert("insert", text)
    widget.update()


def press(widget: Any, sequence: str) -> None:
    """Send a key event (e.g. ``<Control-s>``) to a widget the way Tk delivers keys."""
    widget.focus_force()
    widget.update()
    widget.event_generate(sequence)
    widget.update()
