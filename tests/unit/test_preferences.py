"""Window preferences survive a round trip and a damaged file."""

from __future__ import annotations

from pathlib import Path

from g60desk.services.preferences import Preferences, PreferencesFile


def test_round_trip(tmp_path: Path) -> None:
    f = PreferencesFile(tmp_path)
    assert f.load() == Preferences()
    f.save(Preferences(geometry="1200x780+10+20", last_declaration="d1", nav_width=280))
    loaded = PreferencesFile(tmp_path).load()
    assert loaded.geometry == "1200x780+10+20" and loaded.last_declaration == "d1"
    assert loaded.nav_width == 280


def test_damaged_file_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "preferences.json").write_text("{not json", encoding="utf-8")
    f = PreferencesFile(tmp_path)
    assert f.load() == Preferences()
    assert f.problem and "已损坏" in f.problem
    assert len(list(tmp_path.glob("preferences.json.corrupt-*"))) == 1


def test_wrong_types_are_ignored() -> None:
    p = Preferences.from_dict({"nav_width": "wide", "maximized": 1, "geometry": "800x600",
                               "font_size": True})
    assert p.nav_width == 300 and p.maximized is False and p.geometry == "800x600"
    assert p.font_size == 0
