"""The 回收站 file: deleted projects and declarations as UTF-8 JSON beside the database.

Each entry keeps its metadata and a bundle-style declaration (for a deleted
project, a shell holding just that project), written through :func:`g60desk.fileio.write_atomic`
so a crash leaves the old file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from g60desk import fileio, safejson
from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration
from g60desk.exchange.bundle import BundleError, declaration_from_dict, declaration_to_dict

FORMAT = "g60desk-trash"
# The file's name in the data folder, beside the database.
TRASH_FILE = "trash.json"
VERSION = 1
MAX_BYTES = 256 * 1024 * 1024


class TrashFileError(UserError):
    """The trash file cannot be read or written; ``message`` is Chinese."""


class TrashFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[tuple[dict[str, Any], Declaration]]:
        try:
            raw = fileio.read_limited(self.path, MAX_BYTES, what="回收站文件")
        except FileNotFoundError:
            return []
        except fileio.FileReadError as exc:
            raise TrashFileError(exc.message) from None
        try:
            doc = safejson.loads(raw)
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("format")
            out = []
            for item in doc.get("entries", []):
                meta = {k: v for k, v in item.items() if k != "declaration"}
                out.append((meta, declaration_from_dict(item["declaration"])))
            return out
        except (safejson.JsonProblem, ValueError, KeyError, TypeError, AttributeError,
                BundleError) as exc:
            try:
                aside = fileio.set_aside(self.path).name
            except OSError:
                aside = "(无法改名)"
            raise TrashFileError(f"回收站文件已损坏,已改名为 {aside};回收站现在为空。"
                                 f"({getattr(exc, 'message', exc)})") from None

    def save(self, entries: list[tuple[dict[str, Any], Declaration]]) -> None:
        doc = {"format": FORMAT, "version": VERSION,
               "entries": [{**meta, "declaration": declaration_to_dict(decl)}
                           for meta, decl in entries]}
        text = json.dumps(doc, ensure_ascii=False, indent=1, default=safejson.number_default)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fileio.write_atomic(self.path, fileio.utf8(text))
        except OSError as exc:
            raise TrashFileError(f"无法写入回收站文件 {self.path}:{exc.strerror or exc}。") from None
        except fileio.FileWriteError as exc:
            raise TrashFileError(f"无法写入回收站文件:{exc.message}") from None
