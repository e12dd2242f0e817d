"""The UI font: a CJK family that exists on this machine, set on Tk's named fonts.

Windows has 微软雅黑 and 宋体; Linux desktops (UOS, Kylin, Debian with fonts-noto-cjk)
have Noto Sans CJK SC, Source Han Sans or WenQuanYi. Without one, Tk's default font
shows Chinese through fallback glyphs of uneven size — or, on a Windows without Chinese
fonts (a fresh Wine prefix), no text at all. So the family is picked explicitly
(:func:`decide_ui_font`, testable without Tk), and when no candidate is installed the
bundled AR PL UMing CN is registered for this process only (``AddFontResourceEx`` with
``FR_PRIVATE`` on Windows, ``FcConfigAppFontAddFile`` on Linux) and used.
"""

from __future__ import annotations

import ctypes
import os
import sys
import tkinter
import tkinter.font as tkfont
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from g60desk import paths

CANDIDATES = {
    "win32": ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "DengXian", "等线", "SimSun",
              "宋体"),
    "darwin": ("PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti"),
    "linux": ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN",
              "思源黑体", "WenQuanYi Micro Hei", "文泉驿微米黑", "WenQuanYi Zen Hei",
              "文泉驿正黑", "Droid Sans Fallback", "Noto Sans SC", "AR PL UMing CN",
              "AR PL UKai CN"),
}
DEFAULT_SIZE = {"win32": 10, "darwin": 13, "linux": 10}
NAMED_FONTS = ("TkDefaultFont", "TkTextFont", "TkMenuFont", "TkHeadingFont", "TkCaptionFont",
               "TkSmallCaptionFont", "TkIconFont", "TkTooltipFont")


def platform_key(platform: str = sys.platform) -> str:
    if platform.startswith("win"):
        return "win32"
    if platform == "darwin":
        return "darwin"
    return "linux"


def choose_family(available: Iterable[str], preferred: str = "",
                  platform: str = sys.platform) -> str | None:
    """The user's choice if installed, else the first installed candidate, else None."""
    have = set(available)
    if preferred and preferred in have:
        return preferred
    key = platform_key(platform)
    order = CANDIDATES[key] + tuple(c for k, v in CANDIDATES.items() if k != key for c in v)
    return next((c for c in order if c in have), None)


def cjk_families(available: Iterable[str]) -> list[str]:
    """Installed families worth offering in 设置 (CJK ones first, no @vertical variants)."""
    names = sorted({f for f in available if not f.startswith("@")})
    known = {c for v in CANDIDATES.values() for c in v}
    return [f for f in names if f in known or "CJK" in f] + [
        f for f in names if f not in known and "CJK" not in f]


# The bundled font (also the PDF's fallback): one file, registered for Tk on demand.
BUNDLED_FAMILY = "AR PL UMing CN"
BUNDLED_FILE = "uming.ttc"
_FR_PRIVATE = 0x10


@dataclass(frozen=True)
class UiFont:
    """The window's font family and where it comes from.

    ``source``: ``"preferred"`` (the user's choice in 设置), ``"system"`` (an installed
    candidate), ``"bundled"`` (the program's own font) or ``"none"`` (Tk's default;
    Chinese may not show).
    """

    family: str | None
    source: str

    def describe(self) -> str:
        """The Chinese line ``selfcheck`` prints."""
        if self.family is None:
            return "未找到中文字体,使用 Tk 默认字体(中文可能无法显示)"
        where = {"preferred": "设置中选择的字体", "system": "系统字体",
                 "bundled": "程序自带"}[self.source]
        return f"{self.family}({where})"


def decide_ui_font(system: Iterable[str], bundled: Iterable[str] = (), preferred: str = "",
                   platform: str = sys.platform) -> UiFont:
    """The font to use, given the families installed and those the bundled file adds.

    The user's choice wins if available; then the first installed candidate of this
    platform (then of the others); then the bundled family; else Tk's default.
    """
    installed = set(system)
    added = set(bundled) - installed
    if preferred and (preferred in installed or preferred in added):
        return UiFont(preferred, "preferred")
    family = choose_family(installed, platform=platform)
    if family is not None:
        return UiFont(family, "system")
    if BUNDLED_FAMILY in added:
        return UiFont(BUNDLED_FAMILY, "bundled")
    return UiFont(None, "none")


def bundled_font_file() -> Path:
    return paths.assets_dir() / "fonts" / BUNDLED_FILE


_registered: set[str] = set()


def register_font_file(path: Path, platform: str = sys.platform) -> bool:
    """Make a font file usable by Tk in this process only; False if that failed."""
    key = str(path)
    if key in _registered:
        return True
    if not path.is_file():
        return False
    try:
        if platform == "win32":
            gdi32 = ctypes.windll.gdi32  # type: ignore[attr-defined]
            gdi32.AddFontResourceExW.argtypes = [ctypes.c_wchar_p, ctypes.c_uint, ctypes.c_void_p]
            ok = int(gdi32.AddFontResourceExW(key, _FR_PRIVATE, None)) > 0
        else:
            # Tk draws with Xft, which asks fontconfig's current configuration.
            fc = ctypes.CDLL("libfontconfig.so.1")
            fc.FcConfigAppFontAddFile.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
            ok = bool(fc.FcConfigAppFontAddFile(None, os.fsencode(path)))
    except (OSError, AttributeError):
        return False
    if ok:
        _registered.add(key)
    return ok


def choose_ui_font(root: tkinter.Misc, preferred: str = "") -> UiFont:
    """Decide the window's font; registers the bundled font only when nothing else fits."""
    system = tkfont.families(root)
    choice = decide_ui_font(system, (), preferred)
    if choice.source in ("preferred", "system"):
        return choice
    bundled: tuple[str, ...] = ()
    if register_font_file(bundled_font_file()):
        bundled = tuple(set(tkfont.families(root)) - set(system))
    return decide_ui_font(system, bundled, preferred)


def apply_ui_font(root: tkinter.Misc, preferred: str = "", size: int = 0) -> str:
    """Set every named UI font; returns the family in use (Tk's default if none fits)."""
    family = choose_ui_font(root, preferred).family
    size = size or DEFAULT_SIZE[platform_key()]
    for name in NAMED_FONTS:
        try:
            f = tkfont.nametofont(name, root=root)
        except tkinter.TclError:
            continue
        opts: dict[str, Any] = {"size": size}
        if family:
            opts["family"] = family
        if name == "TkHeadingFont":
            opts["weight"] = "bold"
        f.configure(**opts)
    # Table rows follow the new size at once (ttkbootstrap fixed them when it built
    # the style), so characters are never cut off until a restart.
    from g60desk.ui.fit import update_row_height
    update_row_height(root)
    return family or tkfont.nametofont("TkDefaultFont", root=root).actual("family")
