"""Window preferences (size, position, last open project, font) in the data folder.

A small JSON file beside the database. A damaged file is renamed ``*.corrupt``
and the defaults are used: preferences are never worth a failed start.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

FILENAME = "preferences.json"


@dataclass
class Preferences:
    geometry: str = ""
    maximized: bool = False
    last_declaration: str = ""
    last_project: str = ""
    nav_width: int = 300
    findings_height: int = 170
    font_family: str = ""
    font_size: int = 0
    findings_scope: str = "project"   # or "declaration"
    export_dir: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preferences:
        out = cls()
        for f in fields(cls):
            value = data.get(f.name)
            if isinstance(value, type(getattr(out, f.name))) and not (
                    isinstance(value, bool) and f.type != "bool"):
                setattr(out, f.name, value)
        return out


class PreferencesFile:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILENAME
        self.problem: str | None = None

    def load(self) -> Preferences:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Preferences()
        except OSError as exc:
            self.problem = f"无法读取界面设置 {self.path}:{exc.strerror or exc},已使用默认设置。"
            return Preferences()
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except ValueError:
            with contextlib.suppress(OSError):
                os.replace(self.path, self.path.with_suffix(".corrupt"))
            self.problem = f"界面设置文件已损坏,已改名为 {self.path.with_suffix('.corrupt').name} 并使用默认设置。"
            return Preferences()
        return Preferences.from_dict(data)

    def save(self, prefs: Preferences) -> None:
        """Write via a temp file and rename; raises OSError (the caller logs it)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(asdict(prefs), fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
