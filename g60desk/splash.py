"""The frozen program's start-up splash (PyInstaller's ``pyi_splash``).

The bootloader shows the picture in its own Tk thread before Python starts, so a
double-click answers at once on a slow PC; this module makes it go once the window is
up. ``pyi_splash`` talks to that thread over a 127.0.0.1 socket and connects when it is
imported, so :func:`connect` imports it at the very start, on the main thread
(``main.py``, right after the start cache is installed), long before the window needs
it closed. :func:`close_splash` sends the close, then makes
sure the splash is really gone: a splash that is still there (no loopback, a socket a
security tool refused, a lost message) is closed through the window system by its title,
``G60Desk-splash-<pid>`` (set by the splash script, build/splash/splash_script.py):
``WM_CLOSE`` on Windows, ``WM_DELETE_WINDOW`` over X11 (libxcb) on Linux.

Nothing here raises: a splash problem never stops the program. Outside a frozen build,
in ``g60desk-cli.exe`` and when the bootloader showed no splash, everything is a no-op.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger("g60desk.splash")

TITLE_PREFIX = "G60Desk-splash-"
# After the close over the socket: when to look whether the splash went (seconds).
CHECKS_S = (0.25, 0.75, 1.5)


class _State:
    def __init__(self) -> None:
        self.tried = False          # connect() ran
        self.expected = False       # the bootloader announced a splash
        self.module: Any = None     # pyi_splash, once imported
        self.closed = False         # close_splash() ran
        self.notes: list[tuple[int, str, bool]] = []   # said before the log file was open
        self.seen = False           # the window system saw the splash before the close
        self.sent_at = 0.0          # when the close went over the socket


_state = _State()


def _note(level: int, message: str, exc_info: bool = False) -> None:
    """Log to the program's log file; before it is open, keep it for later (a terminal
    must never get these lines through logging's last-resort handler)."""
    if not logging.getLogger("g60desk").handlers:
        _state.notes.append((level, message, exc_info and sys.exc_info()[0] is not None))
        return
    for early in _state.notes:
        log.log(early[0], early[1])
    _state.notes.clear()
    log.log(level, message, exc_info=exc_info)


def splash_title(pid: int | None = None) -> str:
    return f"{TITLE_PREFIX}{os.getpid() if pid is None else pid}"


def connect() -> None:
    """Import ``pyi_splash`` (it connects to the bootloader) if this program has a splash."""
    if _state.tried:
        return
    _state.tried = True
    try:
        # The bootloader names its splash socket in the environment ("0": suppressed);
        # without it there is no splash and importing pyi_splash would only complain.
        port = os.environ.get("_PYI_SPLASH_IPC", "")
        if not getattr(sys, "frozen", False) or port in ("", "0"):
            return
        _state.expected = True
        # pyi_splash logs a failed connection with a traceback: never on the user's terminal.
        quiet = logging.getLogger("pyi_splash")
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
        # A plain import statement: PyInstaller's analysis sees it and bundles the module.
        import pyi_splash  # type: ignore[import-not-found,unused-ignore]

        _state.module = pyi_splash
        # Its own exit hook closes without catching: a splash that ended by itself (after
        # 60 s) would print a traceback at exit. The process's end closes it anyway.
        atexit.unregister(pyi_splash._exit)
        atexit.register(_close_quietly)
    except Exception as exc:
        _note(logging.WARNING, f"启动画面:无法载入 pyi_splash({type(exc).__name__}: {exc})")


def close_splash(after: Callable[[int, Callable[[], None]], object] | None = None) -> None:
    """Close the splash if this program has one; never fails, does its work once.

    ``after`` is a Tk root's ``after``: the check that the splash went then runs from the
    event loop; without it (the command line, a start-up failure) it waits here, briefly.
    """
    if _state.closed:
        return
    _state.closed = True
    try:
        connect()
        if not _state.expected:
            return
        with contextlib.suppress(Exception):
            _state.seen = splash_present()
        _state.sent_at = time.monotonic()
        sent = _send_close()
        if not sent:   # no connection: the window system at once
            _ensure_gone(0, after=None)
        elif after is None:
            _ensure_gone(0, after=None, wait=CHECKS_S[-1])
        else:
            after(int(CHECKS_S[0] * 1000), lambda: _ensure_gone(0, after))
    except Exception:
        _note(logging.WARNING, "启动画面:关闭失败", exc_info=True)


def _close_quietly() -> None:
    with contextlib.suppress(Exception):
        if _state.module is not None and _state.module.is_alive():
            _state.module.close()


def _forget_socket(module: Any) -> None:
    """After a failed close: the module's socket closed and marked so, nothing left to fail."""
    with contextlib.suppress(Exception):
        module._ipc_socket.close()
    with contextlib.suppress(Exception):
        module._ipc_socket_closed = True


def _send_close() -> bool:
    module = _state.module
    if module is None:
        return False
    try:
        if not module.is_alive():
            _note(logging.WARNING, "启动画面:未连接到启动程序,改由窗口系统关闭")
            return False
        module.close()
        return True
    except Exception as exc:
        _forget_socket(module)
        _note(logging.WARNING, f"启动画面:经本机端口关闭失败({exc!r}),改由窗口系统关闭")
        return False


def _ensure_gone(step: int, after: Callable[[int, Callable[[], None]], object] | None,
                 wait: float = 0.0) -> None:
    """Close the splash through the window system if it is still on screen."""
    try:
        if wait:
            deadline = time.monotonic() + wait
            while splash_present() and time.monotonic() < deadline:
                time.sleep(0.05)
        elif after is not None and splash_present() and step + 1 < len(CHECKS_S):
            # Still there: give the socket's close a little longer before forcing it.
            delay = int((CHECKS_S[step + 1] - CHECKS_S[step]) * 1000)
            after(delay, lambda: _ensure_gone(step + 1, after))
            return
        if splash_present():
            _note(logging.WARNING, "启动画面:仍在屏幕上,由窗口系统关闭")
            close_window()
        else:
            _note(logging.INFO, f"启动画面:已关闭(关闭后 {time.monotonic() - _state.sent_at:.2f} 秒查看;"
                                f"关闭前窗口系统{'看到' if _state.seen else '未看到'}它)")
    except Exception:
        _note(logging.WARNING, "启动画面:窗口系统关闭失败", exc_info=True)


def splash_present(title: str | None = None) -> bool:
    """Whether this process's splash window (or the one titled ``title``) is on screen."""
    title = title or splash_title()
    if sys.platform == "win32":
        return _win_find(title) != 0
    with _Xcb.open() as x:
        return x is not None and bool(x.find(title))


def close_window(title: str | None = None) -> None:
    """Close this process's splash window (or the one titled ``title``), window system."""
    title = title or splash_title()
    if sys.platform == "win32":
        hwnd = _win_find(title)
        if hwnd:
            import ctypes

            user32 = ctypes.WinDLL("user32")  # type: ignore[attr-defined,unused-ignore]
            user32.ShowWindowAsync(ctypes.c_void_p(hwnd), 0)  # SW_HIDE, without waiting
            user32.PostMessageW(ctypes.c_void_p(hwnd), 0x0010, 0, 0)  # WM_CLOSE: Tk ends
        return
    with _Xcb.open() as x:
        if x is not None:
            for window in x.find(title):
                x.close(window)


def _win_find(title: str) -> int:
    import ctypes

    user32 = ctypes.WinDLL("user32")  # type: ignore[attr-defined,unused-ignore]
    user32.FindWindowW.restype = ctypes.c_void_p
    user32.FindWindowW.argtypes = (ctypes.c_wchar_p, ctypes.c_wchar_p)
    return int(user32.FindWindowW(None, title) or 0)


class _Xcb:
    """The little of libxcb needed to find a window by name and ask it to close.

    libxcb, not Xlib: Xlib's error handler is process-wide and Tk's own; libxcb reports
    errors per connection (here: ignored), so nothing here can disturb the program's Tk.
    """

    WM_NAME, ANY_TYPE, CLIENT_MESSAGE = 39, 0, 33
    MAX_DEPTH = 3     # root > frame > (wrapper >) client under a window manager

    def __init__(self, lib: Any, libc: Any, conn: int, root: int) -> None:
        self.lib, self.libc, self.conn, self.root = lib, libc, conn, root

    @classmethod
    @contextlib.contextmanager
    def open(cls) -> Any:
        if not os.environ.get("DISPLAY"):
            yield None
            return
        import ctypes

        try:
            lib = ctypes.CDLL("libxcb.so.1")
        except OSError:
            yield None
            return
        cls._declare(lib)
        screen = ctypes.c_int(0)
        conn = None
        for _ in range(3):   # a new connection is now and then refused at once: again
            conn = lib.xcb_connect(None, ctypes.byref(screen))
            if conn and not lib.xcb_connection_has_error(conn):
                break
            if conn:
                lib.xcb_disconnect(conn)
            conn = None
            time.sleep(0.02)
        try:
            if not conn or lib.xcb_connection_has_error(conn):
                yield None
                return
            it = lib.xcb_setup_roots_iterator(lib.xcb_get_setup(conn))
            for _ in range(max(0, screen.value)):
                if it.rem <= 1:
                    break
                lib.xcb_screen_next(ctypes.byref(it))
            root = ctypes.cast(it.data, ctypes.POINTER(ctypes.c_uint32))[0]
            libc = ctypes.CDLL(None)
            libc.free.restype, libc.free.argtypes = None, (ctypes.c_void_p,)
            yield cls(lib, libc, conn, root)
        finally:
            if conn:
                lib.xcb_disconnect(conn)

    @staticmethod
    def _declare(lib: Any) -> None:
        import ctypes

        class Cookie(ctypes.Structure):
            _fields_ = [("sequence", ctypes.c_uint)]

        class ScreenIter(ctypes.Structure):
            _fields_ = [("data", ctypes.c_void_p), ("rem", ctypes.c_int), ("index", ctypes.c_int)]

        vp, u8, u16, u32 = ctypes.c_void_p, ctypes.c_uint8, ctypes.c_uint16, ctypes.c_uint32
        sigs: dict[str, tuple[Any, tuple[Any, ...]]] = {
            "xcb_connect": (vp, (ctypes.c_char_p, ctypes.POINTER(ctypes.c_int))),
            "xcb_connection_has_error": (ctypes.c_int, (vp,)),
            "xcb_disconnect": (None, (vp,)),
            "xcb_get_setup": (vp, (vp,)),
            "xcb_setup_roots_iterator": (ScreenIter, (vp,)),
            "xcb_screen_next": (None, (ctypes.POINTER(ScreenIter),)),
            "xcb_intern_atom": (Cookie, (vp, u8, u16, ctypes.c_char_p)),
            "xcb_intern_atom_reply": (vp, (vp, Cookie, vp)),
            "xcb_query_tree": (Cookie, (vp, u32)),
            "xcb_query_tree_reply": (vp, (vp, Cookie, vp)),
            "xcb_query_tree_children": (vp, (vp,)),
            "xcb_query_tree_children_length": (ctypes.c_int, (vp,)),
            "xcb_get_property": (Cookie, (vp, u8, u32, u32, u32, u32, u32)),
            "xcb_get_property_reply": (vp, (vp, Cookie, vp)),
            "xcb_get_property_value": (vp, (vp,)),
            "xcb_get_property_value_length": (ctypes.c_int, (vp,)),
            "xcb_send_event": (Cookie, (vp, u8, u32, u32, ctypes.c_char_p)),
            "xcb_unmap_window": (Cookie, (vp, u32)),
            "xcb_get_input_focus": (Cookie, (vp,)),
            "xcb_get_input_focus_reply": (vp, (vp, Cookie, vp)),
            "xcb_flush": (ctypes.c_int, (vp,)),
        }
        for name, (restype, argtypes) in sigs.items():
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = restype, argtypes

    def _free(self, ptr: int | None) -> None:
        if ptr:
            self.libc.free(ptr)

    def atom(self, name: str) -> int:
        import ctypes

        raw = name.encode()
        reply = self.lib.xcb_intern_atom_reply(
            self.conn, self.lib.xcb_intern_atom(self.conn, 0, len(raw), raw), None)
        if not reply:
            return 0
        value = int(ctypes.cast(reply, ctypes.POINTER(ctypes.c_uint32))[2])  # after the header
        self._free(reply)
        return value

    def _children(self, window: int) -> list[int]:
        import ctypes

        reply = self.lib.xcb_query_tree_reply(self.conn, self.lib.xcb_query_tree(self.conn, window),
                                              None)
        if not reply:
            return []
        count = self.lib.xcb_query_tree_children_length(reply)
        ptr = ctypes.cast(self.lib.xcb_query_tree_children(reply), ctypes.POINTER(ctypes.c_uint32))
        children = [int(ptr[i]) for i in range(count)]
        self._free(reply)
        return children

    def _names(self, windows: list[int]) -> list[bytes]:
        import ctypes

        cookies = [self.lib.xcb_get_property(self.conn, 0, w, self.WM_NAME, self.ANY_TYPE, 0, 64)
                   for w in windows]   # all requests first, then the replies: one round trip
        names = []
        for cookie in cookies:
            reply = self.lib.xcb_get_property_reply(self.conn, cookie, None)
            if not reply:
                names.append(b"")
                continue
            size = self.lib.xcb_get_property_value_length(reply)
            names.append(ctypes.string_at(self.lib.xcb_get_property_value(reply), size))
            self._free(reply)
        return names

    def find(self, title: str) -> list[int]:
        """Windows named ``title`` among the top levels (window managers' frames included)."""
        wanted, found, level = title.encode(), [], [self.root]
        for _ in range(self.MAX_DEPTH):
            level = [c for w in level for c in self._children(w)][:4000]
            found += [w for w, name in zip(level, self._names(level), strict=True)
                      if name == wanted]
            if found or not level:
                break
        return found

    def close(self, window: int) -> None:
        """Ask ``window`` to close (ICCCM ``WM_DELETE_WINDOW``: Tk destroys it) and unmap it."""
        import struct

        event = struct.pack("=BBHII5I", self.CLIENT_MESSAGE, 32, 0, window,
                            self.atom("WM_PROTOCOLS"), self.atom("WM_DELETE_WINDOW"), 0, 0, 0, 0)
        self.lib.xcb_send_event(self.conn, 0, window, 0, event)
        self.lib.xcb_unmap_window(self.conn, window)
        # A round trip: the server has handled both before the connection goes.
        self._free(self.lib.xcb_get_input_focus_reply(
            self.conn, self.lib.xcb_get_input_focus(self.conn), None))

