"""The start-up splash is closed once, only in a frozen build, and never raises."""

from __future__ import annotations

import sys
import types

import pytest

from g60desk.splash import close_splash


class FakeSplash(types.ModuleType):
    def __init__(self, alive: bool, broken: bool = False) -> None:
        super().__init__("pyi_splash")
        self.alive, self.broken, self.closed = alive, broken, 0

    def is_alive(self) -> bool:
        return self.alive

    def close(self) -> None:
        if self.broken:
            raise ConnectionError("the bootloader went away")
        self.closed += 1
        self.alive = False


def test_source_run_has_no_splash(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeSplash(alive=True)
    monkeypatch.setitem(sys.modules, "pyi_splash", fake)
    monkeypatch.delattr(sys, "frozen", raising=False)
    close_splash()
    assert fake.closed == 0


def test_frozen_closes_an_open_splash_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeSplash(alive=True)
    monkeypatch.setitem(sys.modules, "pyi_splash", fake)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("_PYI_SPLASH_IPC", "50000")
    close_splash()
    close_splash()
    assert fake.closed == 1


def test_a_failing_close_never_stops_the_program(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyi_splash", FakeSplash(alive=True, broken=True))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("_PYI_SPLASH_IPC", "50000")
    close_splash()


def test_frozen_without_a_splash_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyi_splash", None)   # import raises ImportError
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("_PYI_SPLASH_IPC", "50000")
    close_splash()


def test_a_program_built_without_splash_never_imports_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # g60desk-cli.exe shares the bundle (and pyi_splash) but has no splash: no socket named.
    fake = FakeSplash(alive=True)
    monkeypatch.setitem(sys.modules, "pyi_splash", fake)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delenv("_PYI_SPLASH_IPC", raising=False)
    close_splash()
    assert fake.closed == 0


def test_splash_picture_is_drawn_at_build_time(tmp_path: object) -> None:
    from pathlib import Path

    from PIL import Image

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "build" / "splash"))
    try:
        from make_splash import make_splash
    finally:
        sys.path.pop(0)
    out = make_splash(Path(str(tmp_path)) / "s.png", "9.8.7")
    with Image.open(out) as img:
        assert img.size == (440, 200)
        # Text drawn: a fair share of the picture is not background white.
        inked = sum(img.convert("L").histogram()[:200])
        assert inked > 2000
