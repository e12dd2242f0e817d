"""The UI font: a CJK family that exists on this machine, set on Tk's named fonts.

Windows has 微软雅黑; Linux desktops (UOS, Kylin, Debian with fonts-noto-cjk) have
Noto Sans CJK SC, Source Han Sans or WenQuanYi. Without one, Tk's default font
shows Chinese through fallback glyphs of uneven size, so pick explicitly.
"""

from __future__ import annotations

import sys
import tkinter
import tkinter.font as tkfont
from collections.abc import Iterable
from typing import Any

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


def apply_ui_font(root: tkinter.Misc, preferred: str = "", size: int = 0) -> str:
    """Set every named UI font; returns the family in use (Tk's default if none fits)."""
    family = choose_family(tkfont.families(root), preferred)
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
    return family or tkfont.nametofont("TkDefaultFont", root=root).actual("family")
