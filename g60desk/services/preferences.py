"""Window preferences (size, position, last open project, font) in the data folder.

A small JSON file beside the database. A damaged file is set aside as
``*.corrupt-<time>`` (:func:`g60desk.fileio.set_aside`) and the defaults are used:
preferences are never worth a failed start.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from g60desk import fileio, safejson

FILENAME = "preferences.json"
MAX_BYTES = 1024 * 1024


@dataclass
class Preferences:
    """What the window remembers between runs (preferences.json): size, panes, last project, font."""
    geometry: str = ""
    maximized: bool = False
    last_declaration: str = ""
    last_project: str = ""
    nav_width: int = 300
    findings_height: int = 0          # 0: a quarter of the pane (layout.findings_sash)
    font_family: str = ""
    font_size: int = 0
    findings_scope: str = "project"   # or "declaration"
    errors_only: bool = False         # 只看有错误的项目 in the navigator
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
            raw = fileio.read_limited(self.path, MAX_BYTES, what="界面设置文件")
        except FileNotFoundError:
            return Preferences()
        except fileio.FileReadError as exc:
            self.problem = f"{exc.message}已使用默认设置。"
            return Preferences()
        try:
            data = safejson.loads(raw, max_depth=8)
            if not isinstance(data, dict):
                raise safejson.JsonProblem("not-json", "顶层不是对象")
        except safejson.JsonProblem:
            try:
                aside = fileio.set_aside(self.path).name
            except OSError:
                aside = None
            where = f"已改名为 {aside} " if aside else ""
            self.problem = f"界面设置文件已损坏,{where}并使用默认设置。"
            return Preferences()
        return Preferences.from_dict(data)

    def save(self, prefs: Preferences) -> None:
        """Write atomically; raises :class:`~g60desk.fileio.FileWriteError` (the caller logs it)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise fileio.FileWriteError(fileio.describe_os_error(exc, self.path)) from exc
        text = json.dumps(asdict(prefs), ensure_ascii=False, indent=2)
        fileio.write_atomic(self.path, fileio.utf8(text))
