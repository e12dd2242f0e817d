"""Test-wide fixtures. Every test runs with its own data folder, never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_data_home(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point G60DESK_HOME (and the platform fallbacks) at a fresh temp folder.

    Subprocesses inherit it, so a CLI run in a test cannot reach the real folder either.
    """
    home = tmp_path_factory.mktemp("g60desk-home")
    monkeypatch.setenv("G60DESK_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    monkeypatch.setenv("APPDATA", str(home / "appdata"))
    return home
