"""The start-up splash: closed once, only when the bootloader showed one, never raising;
a splash the socket could not close is closed through the window system."""

from __future__ import annotations

import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from g60desk import splash

ROOT = Path(__file__).resolve().parents[2]


class FakeSplash(types.ModuleType):
    def __init__(self, alive: bool = True, broken: bool = False) -> None:
        super().__init__("pyi_splash")
        self.alive, self.broken, self.closed = alive, broken, 0

    def is_alive(self) -> bool:
        return self.alive

    def close(self) -> None:
        if self.broken:
            raise ConnectionError("the bootloader went away")
        self.closed += 1
        self.alive = False


class Screen:
    """The window system as close_splash sees it: is the splash there, close it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, present: list[bool]) -> None:
        self.present, self.closed = present, 0
        monkeypatch.setattr(splash, "splash_present", self._present)
        monkeypatch.setattr(splash, "close_window", self._close)
        monkeypatch.setattr(splash, "CHECKS_S", (0.0, 0.0, 0.0))

    def _present(self, title: str | None = None) -> bool:
        return self.present.pop(0) if len(self.present) > 1 else self.present[0]

    def _close(self, title: str | None = None) -> None:
        self.closed += 1
        self.present = [False]


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(splash, "_state", splash._State())
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("_PYI_SPLASH_IPC", "50000")


def install(monkeypatch: pytest.MonkeyPatch, module: object) -> None:
    monkeypatch.setitem(sys.modules, "pyi_splash", module)


def test_source_run_has_no_splash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(splash, "_state", splash._State())
    fake = FakeSplash()
    install(monkeypatch, fake)
    screen = Screen(monkeypatch, [True])
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setenv("_PYI_SPLASH_IPC", "50000")
    splash.close_splash()
    assert (fake.closed, screen.closed) == (0, 0)


@pytest.mark.usefixtures("frozen")
def test_close_succeeds_once_when_called_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeSplash()
    install(monkeypatch, fake)
    screen = Screen(monkeypatch, [False])   # gone once the socket's close arrived
    splash.connect()
    splash.close_splash()
    splash.close_splash()
    assert (fake.closed, screen.closed) == (1, 0)


@pytest.mark.usefixtures("frozen")
def test_a_raising_close_falls_back_to_the_window_system(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSplash(broken=True))
    screen = Screen(monkeypatch, [True])
    splash.close_splash()            # no exception
    assert screen.closed == 1


@pytest.mark.usefixtures("frozen")
def test_a_lost_close_message_is_caught_by_the_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeSplash()
    install(monkeypatch, fake)
    screen = Screen(monkeypatch, [True])    # the close was "sent", the splash stays
    pending: list[Callable[[], None]] = []
    splash.close_splash(lambda ms, fn: pending.append(fn))
    assert fake.closed == 1 and screen.closed == 0     # nothing forced yet
    while pending:
        pending.pop(0)()
    assert screen.closed == 1


@pytest.mark.usefixtures("frozen")
def test_a_slow_close_is_not_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSplash())
    screen = Screen(monkeypatch, [True, False])     # still there at the first look only
    pending: list[Callable[[], None]] = []
    splash.close_splash(lambda ms, fn: pending.append(fn))
    while pending:
        pending.pop(0)()
    assert screen.closed == 0


@pytest.mark.usefixtures("frozen")
def test_module_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, None)       # import raises ImportError
    screen = Screen(monkeypatch, [True])
    splash.connect()
    splash.close_splash()
    assert screen.closed == 1


@pytest.mark.usefixtures("frozen")
def test_no_connection_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSplash(alive=False))
    screen = Screen(monkeypatch, [True])
    splash.close_splash()
    assert screen.closed == 1


@pytest.mark.usefixtures("frozen")
def test_a_failing_window_system_never_stops_the_program(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSplash(broken=True))

    def boom(title: str | None = None) -> bool:
        raise OSError("no display")

    monkeypatch.setattr(splash, "splash_present", boom)
    splash.close_splash()


@pytest.mark.parametrize("port", [None, "0"])
def test_a_program_without_splash_never_imports_it(monkeypatch: pytest.MonkeyPatch,
                                                   port: str | None) -> None:
    # g60desk-cli.exe, a sub-command on Linux, PYINSTALLER_SUPPRESS_SPLASH_SCREEN=1.
    monkeypatch.setattr(splash, "_state", splash._State())
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    if port is None:
        monkeypatch.delenv("_PYI_SPLASH_IPC", raising=False)
    else:
        monkeypatch.setenv("_PYI_SPLASH_IPC", port)
    fake = FakeSplash()
    install(monkeypatch, fake)
    screen = Screen(monkeypatch, [True])
    splash.close_splash()
    assert (fake.closed, screen.closed) == (0, 0)


# ---- the real pyi_splash (PyInstaller 6.22.3) over a real socket -----------------------

def real_pyi_splash(monkeypatch: pytest.MonkeyPatch) -> None:
    import PyInstaller

    monkeypatch.delitem(sys.modules, "pyi_splash", raising=False)
    monkeypatch.syspath_prepend(str(Path(PyInstaller.__file__).parent / "fake-modules"))


@pytest.mark.usefixtures("frozen")
def test_real_module_closes_over_the_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    real_pyi_splash(monkeypatch)
    server = socket.create_server(("127.0.0.1", 0))
    monkeypatch.setenv("_PYI_SPLASH_IPC", str(server.getsockname()[1]))
    screen = Screen(monkeypatch, [False])
    splash.connect()                                 # connects at import, as in main.py
    conn, _ = server.accept()
    splash.close_splash()
    conn.settimeout(5)
    assert conn.recv(16) == b"\x04"
    assert screen.closed == 0
    conn.close()
    server.close()


@pytest.mark.usefixtures("frozen")
def test_real_module_without_loopback_is_quiet_and_falls_back(
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    real_pyi_splash(monkeypatch)
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()                                    # nobody listens there now
    monkeypatch.setenv("_PYI_SPLASH_IPC", str(port))
    screen = Screen(monkeypatch, [True])
    splash.connect()
    splash.close_splash()
    assert screen.closed == 1
    assert capfd.readouterr().err == ""              # pyi_splash's traceback stays silent


@pytest.mark.usefixtures("frozen")
def test_real_module_send_failure_leaves_nothing_to_fail_at_exit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_pyi_splash(monkeypatch)
    server = socket.create_server(("127.0.0.1", 0))
    monkeypatch.setenv("_PYI_SPLASH_IPC", str(server.getsockname()[1]))
    screen = Screen(monkeypatch, [True])
    splash.connect()
    module = sys.modules["pyi_splash"]

    class Gone:
        def sendall(self, data: bytes) -> None:
            raise BrokenPipeError(32, "the splash ended by itself")

        def close(self) -> None:
            pass

    real_socket = module._ipc_socket
    monkeypatch.setattr(module, "_ipc_socket", Gone())
    splash.close_splash()
    assert screen.closed == 1
    module._exit()          # pyi_splash's own exit hook: nothing left to raise
    splash._close_quietly()
    real_socket.close()
    server.close()


# ---- the window system fallback, on the test's X display -------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="X11 path")
def test_x11_fallback_closes_a_real_tk_window() -> None:
    title = splash.splash_title(987654)
    code = f"import tkinter; r = tkinter.Tk(); r.title({title!r}); r.mainloop()"
    child = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 20
        while not splash.splash_present(title) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert splash.splash_present(title)
        assert not splash.splash_present(splash.splash_title(987655))
        splash.close_window(title)
        assert child.wait(10) == 0            # Tk took WM_DELETE_WINDOW: its loop ended
        assert not splash.splash_present(title)
    finally:
        child.kill()


def test_x11_without_display_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    if sys.platform != "win32":
        assert splash.splash_present("anything") is False
        splash.close_window("anything")


# ---- the splash script (build/splash/splash_script.py) in a real Tk --------------------

def _stock_script() -> str:
    from PyInstaller.building import splash_templates

    script = splash_templates.build_script(text_options={}, always_on_top=False)
    # As PyInstaller's Splash.generate_script minifies it.
    script = "\n".join(line for line in map(str.strip, script.splitlines())
                       if line and not line.startswith("#"))
    return re.sub(" +", " ", script)


def _patched() -> str:
    sys.path.insert(0, str(ROOT / "build" / "splash"))
    try:
        from splash_script import patch_script
    finally:
        sys.path.pop(0)
    return str(patch_script(_stock_script()))


def run_script(cmdline: bytes) -> tuple[object, str | None]:
    """Run the patched script in a fresh Tk as the bootloader does: (root, port or None)."""
    import tkinter

    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(cmdline)
    root = tkinter.Tk()
    root.tk.eval("set ::exited 0; proc exit {} {set ::exited 1}")   # the bootloader's exit
    root.tk.call("set", "_image_data", (ROOT / "assets/icons/g60desk-64.png").read_bytes())
    os.environ.pop("_PYI_SPLASH_IPC", None)
    root.tk.eval("catch {unset env(_PYI_SPLASH_IPC)}")
    root.tk.eval(_patched().replace("/proc/self/cmdline", f.name))
    os.unlink(f.name)
    port = root.tk.eval("expr {[info exists env(_PYI_SPLASH_IPC)] ? $env(_PYI_SPLASH_IPC) : {}}")
    return root, port or None


def wait_exit(root: object, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        root.update()  # type: ignore[attr-defined]
        if root.tk.eval("set ::exited") == "1":  # type: ignore[attr-defined]
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("how", ["close", "reset"])
def test_script_window_title_and_close(how: str) -> None:
    root, port = run_script(b"/opt/G60Desk/g60desk\0")
    try:
        assert root.tk.eval("wm title .") == splash.splash_title()  # type: ignore[attr-defined]
        assert root.tk.eval("set ::exited") == "0" and port  # type: ignore[attr-defined]
        client = socket.create_connection(("127.0.0.1", int(port)))
        if how == "close":
            client.sendall(b"\x04")
        else:   # a reset instead of a clean end: the splash goes all the same
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        assert wait_exit(root)
    finally:
        root.tk.eval("catch {close $server_socket}; catch {unset env(_PYI_SPLASH_IPC)}")  # type: ignore[attr-defined]
        root.destroy()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("cmdline", "shown"), [
    (b"/opt/G60Desk/g60desk\0selfcheck\0", False),
    (b"/lib64/ld-linux-x86-64.so.2\0/opt/G60Desk/g60desk\0", True),
    (b"/lib64/ld-linux-x86-64.so.2\0/opt/G60Desk/g60desk\0check\0a.json\0", False),
])
def test_script_shows_no_splash_for_a_sub_command(cmdline: bytes, shown: bool) -> None:
    root, port = run_script(cmdline)
    try:
        exited = root.tk.eval("set ::exited") == "1"  # type: ignore[attr-defined]
        assert exited is not shown
        assert (port is not None) is shown      # no server, so pyi_splash is never imported
    finally:
        root.tk.eval("catch {close $server_socket}; catch {unset env(_PYI_SPLASH_IPC)}")  # type: ignore[attr-defined]
        root.destroy()  # type: ignore[attr-defined]


def test_script_patch_refuses_an_unknown_script() -> None:
    sys.path.insert(0, str(ROOT / "build" / "splash"))
    try:
        from splash_script import patch_script
    finally:
        sys.path.pop(0)
    with pytest.raises(ValueError, match="not recognised"):
        patch_script(_stock_script().replace("-myaddr localhost", "-myaddr ::1"))


def test_splash_picture_is_drawn_at_build_time(tmp_path: Path) -> None:
    from PIL import Image

    sys.path.insert(0, str(ROOT / "build" / "splash"))
    try:
        from make_splash import make_splash
    finally:
        sys.path.pop(0)
    out = make_splash(tmp_path / "s.png", "9.8.7")
    with Image.open(out) as img:
        assert img.size == (440, 200)
        # Text drawn: a fair share of the picture is not background white.
        inked = sum(img.convert("L").histogram()[:200])
        assert inked > 2000
