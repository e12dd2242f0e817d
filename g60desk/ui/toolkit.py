"""The program's ttkbootstrap: imported, its root made and its images drawn for less.

Three things a bare ttkbootstrap window pays for at every start that the window does
not need to (measured in docs/performance.md):

**Importing ttkbootstrap without Python's package-metadata machinery.**

ttkbootstrap's ``__init__`` reads its own version with ``importlib.metadata.version``.
Importing ``importlib.metadata`` pulls in the ``email`` package, ``zipfile``, ``csv`` and
more: 35–40 ms of the window's start, for a version string the window never shows.
:func:`import_ttkbootstrap` gives that one import a small stand-in module whose
``version`` reads the installed ``<name>-<version>.dist-info`` folder's name, and takes
it away again at once, so that a later ``import importlib.metadata`` (the PDF or Excel
libraries, tests) gets the real module. When the metadata module is loaded already, or
a ttkbootstrap release asks it for anything else, ttkbootstrap is imported as usual.

**The root without per-widget bindings** (:func:`quiet_root`).

**The theme's images kept as PNG** (:func:`keep_theme_images`). ttkbootstrap draws the
images of its styles with Pillow (arrows, check marks, scrollbar thumbs, icons from its
icon font) the first time each is needed, into a cache keyed by everything the pixels
depend on. Those keys, with the ttkbootstrap and Pillow versions, index PNG copies in
the start cache (g60desk/start_cache.py): a later start makes each image from its PNG
(0.1 ms) instead of drawing it (1–3 ms, and the icon font read first).

**Input contexts made after the first paint** (:func:`input_methods_later`). On X11, Tk
makes an X input context (for the Chinese input method) for every widget the first time
an event reaches it, and each costs a round trip to the X server (more through an
input-method server such as fcitx). Building, laying out, mapping and drawing the window
sends events to every widget (Tk's own resize notices, ttk's theme passes, the server's
map and expose events): about 200 round trips before the first paint, where a bare
window has a handful. Those contexts wait until each widget's next event after the
first paint.
"""

from __future__ import annotations

import os
import sys
import tkinter
import types
from collections.abc import Callable
from typing import Any

from g60desk import start_cache

METADATA = "importlib.metadata"
THEME_FAMILY = "bootstrap"   # the window's one theme, bootstrap-light


class PackageNotFoundError(ModuleNotFoundError):
    """As ``importlib.metadata.PackageNotFoundError``: no installed distribution."""


def dist_version(name: str, path: list[str] | None = None) -> str:
    """The version in the name of ``name``'s ``.dist-info`` folder on ``sys.path``."""
    prefix = f"{name.replace('-', '_').lower()}-"
    for entry in sys.path if path is None else path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for item in names:
            if item.endswith(".dist-info") and item.lower().startswith(prefix):
                return item[len(prefix):-len(".dist-info")]
    raise PackageNotFoundError(name)


def _stand_in() -> types.ModuleType:
    module = types.ModuleType(METADATA, "Stand-in while ttkbootstrap is imported.")
    module.PackageNotFoundError = PackageNotFoundError  # type: ignore[attr-defined]
    module.version = dist_version  # type: ignore[attr-defined]
    return module


def import_ttkbootstrap() -> Any:
    """``import ttkbootstrap``, without importing ``importlib.metadata`` for it."""
    if "ttkbootstrap" in sys.modules or METADATA in sys.modules:
        import ttkbootstrap
        return ttkbootstrap
    sys.modules[METADATA] = _stand_in()
    try:
        import ttkbootstrap
        return ttkbootstrap
    except ImportError:
        pass
    finally:
        if getattr(sys.modules.get(METADATA), "version", None) is dist_version:
            del sys.modules[METADATA]
    import ttkbootstrap  # a release that asks the metadata module for more than a version
    return ttkbootstrap


def quiet_root(root: Any) -> None:
    """Take away the event bindings ttkbootstrap's ``App`` puts on every widget that the
    window has no use for. Each one calls into Python for every widget it concerns, at
    start-up (about 320 calls for the first screen) and again at every resize:

    - ``<Map>`` and ``<Configure>`` on the root, which every widget's bind tags include,
      so that ``App.geometry`` can forget a size given while the window was hidden; the
      window sets its size with Tk's own ``wm geometry`` (MainWindow.restore_geometry);
    - ``<Map>`` on ``all``, which sends each widget's parent a ``<<MapChild>>`` event
      that nothing here listens to.

    (The third, ``<Visibility>`` on the root for a deferred alpha value, is never made:
    the root is created with ``alpha=None``.) A binding that is not ttkbootstrap's, or
    not where this release puts it, is left alone.
    """
    watch = getattr(root, "_map_watch", None)
    if isinstance(watch, list) and len(watch) == 2:
        for sequence, funcid in zip(("<Map>", "<Configure>"), watch, strict=True):
            _unbind(root, root._w, sequence, funcid)
        root._map_watch = []   # not None: App.geometry must not bind them again
    script = root.bind_all("<Map>")
    for line in script.splitlines():
        if line.strip().startswith("if {\"[") and "on_map_child" in line:
            _unbind(root, "all", "<Map>", line.split("[", 1)[1].split()[0])


def _unbind(root: Any, tag: str, sequence: str, funcid: object) -> None:
    """Remove the one binding that calls ``funcid`` (Python 3.11's ``unbind`` would
    remove every binding of the sequence), and the command behind it."""
    if not isinstance(funcid, str) or not funcid:
        return
    script = str(root.tk.call("bind", tag, sequence))
    kept = [line for line in script.splitlines() if funcid not in line]
    if len(kept) == len(script.splitlines()):
        return
    root.tk.call("bind", tag, sequence, "\n".join(kept))
    root.deletecommand(funcid)


def _plain(value: object) -> bool:
    """Whether ``repr(value)`` is the same in every run (no object addresses)."""
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def keep_theme_images(style_class: Any, versions: str) -> bool:
    """Make ttkbootstrap's theme images from their PNG copies when it has them, and keep
    a PNG copy of each one it draws. False when this release has no such cache."""
    real = getattr(style_class, "_get_or_create_image", None)
    if real is None or getattr(real, "_g60_keeps", False):
        return real is not None

    def get_or_create(self: Any, key: Any, factory: Any) -> str:
        cache = getattr(self, "_image_cache", None)
        if (not start_cache.active() or not isinstance(cache, dict) or key in cache
                or not _plain(key)):
            return str(real(self, key, factory))
        blob_key = f"ttk-image:{versions}:{key!r}"
        data = start_cache.blob(blob_key)
        if data is not None:
            try:
                image = tkinter.PhotoImage(master=self.master, data=data, format="png")
            except tkinter.TclError:
                pass
            else:
                cache[key] = (image.name, image)
                return str(image.name)
        name = str(real(self, key, factory))
        if not start_cache.learning():   # the start-up is over: nothing more is kept
            return name
        try:
            png = self.master.tk.call(name, "data", "-format", "png")
        except tkinter.TclError:
            return name
        if isinstance(png, bytes):
            start_cache.keep_blob(blob_key, png)
        return name

    get_or_create._g60_keeps = True  # type: ignore[attr-defined]
    style_class._get_or_create_image = get_or_create
    return True


def new_root(title: str) -> Any:
    """The program's one ttkbootstrap root: the light theme (only its family's colours
    worked out), no icon yet (set once the window is drawn), no alpha, without the
    bindings :func:`quiet_root` takes away, its theme's images from the start cache
    (:func:`keep_theme_images`). Raises ``tkinter.TclError`` when there is no display."""
    ttk = import_ttkbootstrap()
    import PIL
    from ttkbootstrap.style.engine import Style
    from ttkbootstrap.themes import builtin

    keep_theme_images(Style, f"{ttk.__version__}/{PIL.__version__}")
    # The window uses one theme: the colours of the other 14 families (10 ms) are not
    # worked out.
    catalog = builtin.CURATED_THEMES
    builtin.CURATED_THEMES = [t for t in catalog if getattr(t, "name", "") == THEME_FAMILY] \
        or catalog
    try:
        root = ttk.App(title=title, theme=f"{THEME_FAMILY}-light", iconphoto=None,
                       high_dpi=True, alpha=None)
    finally:
        builtin.CURATED_THEMES = catalog
    quiet_root(root)
    return root



def input_methods_later(root: tkinter.Misc) -> Callable[[], None]:
    """Make no X input context until the returned function is called (at the first
    paint); each widget then gets its own at its next event. Does nothing off X11 or
    when Tk has no input method.

    A focus change that came from the X server while input contexts were off (the
    window manager focusing the new window) did not reach the input method: the
    returned function moves the focus away and back within its window, so the focused
    widget's context is made and focused as after any focus change."""
    try:
        used = (str(root.tk.call("tk", "windowingsystem")) == "x11"
                and root.tk.getboolean(root.tk.call("tk", "useinputmethods")))
    except tkinter.TclError:
        used = False
    if not used:
        return lambda: None
    root.tk.call("tk", "useinputmethods", "0")
    pending = [True]

    def resume() -> None:
        if not pending:
            return
        pending.clear()
        try:
            root.tk.call("tk", "useinputmethods", "1")
            focus = root.focus_get()   # None unless this program has the keyboard focus
        except (tkinter.TclError, KeyError):   # the root destroyed, a focus in a dialog
            return
        if focus is not None and focus != focus.winfo_toplevel():
            focus.winfo_toplevel().focus_set()
            focus.focus_set()
    return resume
