"""The window's font decision (no Tk needed) and the bundled font registered for Tk."""

from __future__ import annotations

import tkinter
import tkinter.font as tkfont

import pytest

from g60desk.ui import fonts
from g60desk.ui.fonts import BUNDLED_FAMILY, UiFont, decide_ui_font

WINE_FRESH = ["Tahoma", "Wine Tahoma", "Courier New", "Symbol", "Marlett"]


def test_windows_prefers_microsoft_yahei_over_simsun() -> None:
    got = decide_ui_font(["宋体", "SimSun", "Microsoft YaHei", "Arial"], platform="win32")
    assert got == UiFont("Microsoft YaHei", "system")
    assert got.describe() == "Microsoft YaHei(系统字体)"


def test_windows_with_only_simsun_uses_it() -> None:
    assert decide_ui_font(["Arial", "SimSun"], platform="win32").family == "SimSun"


def test_linux_prefers_noto_then_wenquanyi() -> None:
    assert decide_ui_font(["DejaVu Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC"],
                          platform="linux").family == "Noto Sans CJK SC"
    assert decide_ui_font(["DejaVu Sans", "WenQuanYi Micro Hei"],
                          platform="linux").family == "WenQuanYi Micro Hei"


def test_no_cjk_font_falls_back_to_the_bundled_one() -> None:
    bundled = [BUNDLED_FAMILY, "AR PL UMing HK", "AR PL UMing TW"]
    got = decide_ui_font(WINE_FRESH, bundled, platform="win32")
    assert got == UiFont(BUNDLED_FAMILY, "bundled")
    assert got.describe() == "AR PL UMing CN(程序自带)"


def test_nothing_at_all_is_said_plainly() -> None:
    got = decide_ui_font(WINE_FRESH, (), platform="win32")
    assert got == UiFont(None, "none")
    assert "未找到中文字体" in got.describe()


def test_the_users_choice_wins_when_installed_or_bundled() -> None:
    assert decide_ui_font(["SimSun", "KaiTi"], preferred="KaiTi", platform="win32") == \
        UiFont("KaiTi", "preferred")
    assert decide_ui_font(["Microsoft YaHei"], [BUNDLED_FAMILY], preferred=BUNDLED_FAMILY,
                          platform="win32") == UiFont(BUNDLED_FAMILY, "preferred")
    # A choice that is gone (font uninstalled) falls back to the candidates.
    assert decide_ui_font(["Microsoft YaHei"], preferred="Gone", platform="win32").source == "system"


def test_bundled_file_exists() -> None:
    assert fonts.bundled_font_file().is_file()


def test_missing_file_is_not_registered(tmp_path) -> None:
    assert fonts.register_font_file(tmp_path / "nope.ttf") is False


@pytest.mark.gui
def test_bundled_font_registered_for_tk_becomes_a_family() -> None:
    root = tkinter.Tk()
    try:
        root.withdraw()
        assert fonts.register_font_file(fonts.bundled_font_file())
        assert BUNDLED_FAMILY in tkfont.families(root)
    finally:
        root.destroy()


@pytest.mark.gui
def test_choose_ui_font_falls_back_when_no_candidate_is_installed(monkeypatch) -> None:
    root = tkinter.Tk()
    try:
        root.withdraw()
        real = tkfont.families
        calls: list[int] = []

        def families(master=None, displayof=None):  # the host's CJK fonts hidden, others seen
            calls.append(1)
            hidden = {c for v in fonts.CANDIDATES.values() for c in v} - {BUNDLED_FAMILY}
            have = tuple(f for f in real(root) if f not in hidden)
            return have if len(calls) > 1 else tuple(f for f in have if f != BUNDLED_FAMILY)

        monkeypatch.setattr(fonts.tkfont, "families", families)
        got = fonts.choose_ui_font(root)
        assert got == UiFont(BUNDLED_FAMILY, "bundled")
    finally:
        root.destroy()
