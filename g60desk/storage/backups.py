"""Backup copies of the database in ``backups/``, with retention and restore.

A backup is a byte copy of the database file as it was on disk (so it is a
state that was completely written), written atomically under a name that
carries its time, reason and counts::

    g60desk-20260128-101530-123456-auto-d3-p42.json

so the 恢复备份 list needs no file parsing. Retention: the newest
:data:`KEEP_LAST` plus the newest of each day for :data:`KEEP_DAYS` days.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from g60desk.domain.errors import RepositoryError
from g60desk.domain.records import BackupInfo
from g60desk.storage import atomic
from g60desk.storage.checksum import verify as verify_checksum
from g60desk.storage.errors import NotFoundError
from g60desk.storage.schema import Data, load_content, read_file

BACKUP_DIR = "backups"
KEEP_LAST = 20
KEEP_DAYS = 30
_NAME = re.compile(
    r"^g60desk-(\d{8}-\d{6}-\d{6})-([a-z]+)-d(\d+)-p(\d+)\.json$")


def backup_name(created: datetime, reason: str, declarations: int, projects: int) -> str:
    return (f"g60desk-{created:%Y%m%d-%H%M%S-%f}-{reason}"
            f"-d{declarations}-p{projects}.json")


def parse_name(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        created = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(name=path.name, created=created, reason=m.group(2),
                      declaration_count=int(m.group(3)), project_count=int(m.group(4)),
                      size=size)


def retained(backups: list[BackupInfo], now: datetime, *, keep_last: int = KEEP_LAST,
             keep_days: int = KEEP_DAYS) -> set[str]:
    """Names to keep: the newest ``keep_last``, and the newest of each of the last days."""
    newest_first = sorted(backups, key=lambda b: b.created, reverse=True)
    keep = {b.name for b in newest_first[:keep_last]}
    first_day = (now - timedelta(days=keep_days - 1)).date()
    seen_days: set[object] = set()
    for b in newest_first:
        day = b.created.date()
        if day >= first_day and day not in seen_days:
            seen_days.add(day)
            keep.add(b.name)
    return keep


class Backups:
    """The backups folder of one database file."""

    def __init__(self, db_path: Path, *, clock: Callable[[], datetime] = datetime.now,
                 writer: Callable[[Path, bytes], None] | None = None) -> None:
        self.db_path = db_path
        self.folder = db_path.parent / BACKUP_DIR
        self.clock = clock
        self._writer = writer or atomic.write_atomic
        self._last_created: datetime | None = None

    def all(self) -> list[BackupInfo]:
        """Backups, newest first; files not named like ours are ignored."""
        try:
            paths = list(self.folder.glob("g60desk-*.json"))
        except OSError:
            return []
        infos = [i for i in (parse_name(p) for p in paths) if i is not None]
        return sorted(infos, key=lambda b: b.created, reverse=True)

    def make(self, reason: str, declarations: int, projects: int) -> BackupInfo | None:
        """Copy the database file as it is on disk; ``None`` if there is no file yet.

        ``declarations``/``projects`` describe that file's content (the caller
        knows it: it is what was last written or loaded).
        """
        try:
            raw = self.db_path.read_bytes()
        except FileNotFoundError:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        created = self.clock()
        if self._last_created is not None and created <= self._last_created:
            created = self._last_created + timedelta(microseconds=1)
        name = backup_name(created, reason, declarations, projects)
        self._writer(self.folder / name, raw)
        self._last_created = created
        self.prune()
        return BackupInfo(name=name, created=created, reason=reason,
                          declaration_count=declarations, project_count=projects,
                          size=len(raw))

    def prune(self) -> list[str]:
        """Delete backups outside the retention rule; return their names."""
        infos = self.all()
        keep = retained(infos, self.clock())
        removed = []
        for b in infos:
            if b.name not in keep:
                with suppress(OSError):
                    (self.folder / b.name).unlink()
                    removed.append(b.name)
        return removed

    def path_of(self, name: str) -> Path:
        if Path(name).name != name or not _NAME.match(name):
            raise NotFoundError(f"备份名称“{name}”无效。")
        path = self.folder / name
        if not path.is_file():
            raise NotFoundError(f"找不到备份“{name}”。")
        return path

    def load(self, name: str) -> Data:
        """A backup's content in the current schema; DamagedFile / NewerSchemaError."""
        path = self.path_of(name)
        content = read_file(path)
        if content is None:
            raise NotFoundError(f"找不到备份“{name}”。")
        verify_checksum(content)
        data, _ = load_content(content, path)
        return data

    def newest_good(self) -> BackupInfo | None:
        """The newest backup that reads and decodes cleanly."""
        for info in self.all():
            try:
                self.load(info.name)
            except (RepositoryError, OSError):  # damaged, vanished, or from a newer version
                continue
            return info
        return None
