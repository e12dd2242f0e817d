"""The 回收站 file: deleted projects and declarations as UTF-8 JSON beside the database.

Each entry keeps its metadata and a bundle-style declaration (for a deleted
project, a shell holding just that project), written through a temp file,
fsync and rename so a crash leaves the old file.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from g60desk.domain.model import Declaration
from g60desk.exchange.bundle import BundleError, declaration_from_dict, declaration_to_dict

FORMAT = "g60desk-trash"
VERSION = 1


class TrashFileError(Exception):
    """The trash file cannot be read or written; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TrashFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[tuple[dict[str, Any], Declaration]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise TrashFileError(f"无法读取回收站文件 {self.path}:{exc.strerror or exc}。") from None
        try:
            doc = json.loads(text, parse_float=str)
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("format")
            out = []
            for item in doc.get("entries", []):
                meta = {k: v for k, v in item.items() if k != "declaration"}
                out.append((meta, declaration_from_dict(item["declaration"])))
            return out
        except (ValueError, KeyError, TypeError, BundleError) as exc:
            aside = self.path.with_name(self.path.name + f".corrupt-{int(time.time())}")
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
            raise TrashFileError(f"回收站文件已损坏,已改名为 {aside.name};回收站现在为空。"
                                 f"({getattr(exc, 'message', exc)})") from None

    def save(self, entries: list[tuple[dict[str, Any], Declaration]]) -> None:
        doc = {"format": FORMAT, "version": VERSION,
               "entries": [{**meta, "declaration": declaration_to_dict(decl)}
                           for meta, decl in entries]}
        text = json.dumps(doc, ensure_ascii=False, indent=1)
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            for attempt in range(5):
                try:
                    os.replace(tmp, self.path)
                    break
                except PermissionError:  # Windows: a virus scanner holds the file for a moment
                    if attempt == 4:
                        raise
                    time.sleep(0.1 * (attempt + 1))
        except OSError as exc:
            raise TrashFileError(f"无法写入回收站文件 {self.path}:{exc.strerror or exc}。") from None
