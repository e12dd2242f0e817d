"""A TinyDB ``Storage`` that cannot half-write and keeps the data if writing fails.

TinyDB's own JSONStorage writes in place and then truncates (a crash in
between leaves an unreadable file) and uses the locale encoding (GBK on
Chinese Windows). This storage:

- writes UTF-8 JSON to a temp file in the same folder, fsyncs it and
  ``os.replace``s it over the database (retrying while Windows antivirus
  holds the file), see :mod:`g60desk.storage.atomic`;
- stamps a checksum into the meta record (:mod:`g60desk.storage.checksum`);
- holds the current data in memory: TinyDB reads from memory, and when a
  write fails (full disk, file held) the change stays there, the error is
  raised as :class:`SaveError`, and the next write or :meth:`flush` retries.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from g60desk.storage import atomic
from g60desk.storage.checksum import serialize
from g60desk.storage.errors import ReadOnlyError
from g60desk.storage.schema import parse_bytes

Data = dict[str, dict[str, Any]]
Writer = Callable[[Path, bytes], None]


class SafeJSONStorage(Storage):
    """Crash-safe JSON file storage for TinyDB.

    ``initial`` is data already loaded (and checked) by the opener; without it
    the file is read here (a missing file is an empty database; a damaged one
    raises :class:`~g60desk.storage.errors.DamagedFile`). ``before_write`` runs
    before every write that reaches the disk (backups hook in there).
    """

    def __init__(self, path: str | Path, *, initial: Data | None = None,
                 before_write: Callable[[], None] | None = None,
                 after_write: Callable[[Data], None] | None = None, read_only: bool = False,
                 writer: Writer | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        if initial is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                raw = None
            initial = parse_bytes(raw) if raw is not None else None
        self._data: Data | None = initial
        self._before_write = before_write
        self._after_write = after_write
        self._read_only = read_only
        self._writer: Writer = writer or atomic.write_atomic
        self.dirty = False
        self.writes = 0

    @property
    def read_only(self) -> bool:
        return self._read_only

    def read(self) -> Data | None:
        return self._data

    def write(self, data: Data) -> None:
        if self._read_only:
            raise ReadOnlyError()
        self._data = data
        self.dirty = True
        self.flush()

    def flush(self) -> None:
        """Write the in-memory data if a previous write failed (or was never done)."""
        if not self.dirty or self._data is None:
            return
        if self._before_write is not None:
            self._before_write()
        self._writer(self.path, serialize(self._data))
        self.dirty = False
        self.writes += 1
        if self._after_write is not None:
            self._after_write(self._data)

    def close(self) -> None:
        pass
