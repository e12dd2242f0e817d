"""Ports: what the services need from storage and printing, as protocols.

``storage`` implements :class:`DeclarationRepository` (and the wider
:class:`Database`) over TinyDB; tests use
:class:`g60desk.services.memory.MemoryRepository` / ``MemoryDatabase``.

The error types and the rows/reports that cross the port are defined in the
domain (storage may import only the domain) and re-exported here, so services
and the UI name them from this module.
"""

from __future__ import annotations

from typing import Protocol

from g60desk.domain.errors import NotFound, RepositoryError
from g60desk.domain.model import Declaration
from g60desk.domain.records import (
    BackupInfo,
    DamageNotice,
    DeclarationInfo,
    LockHolder,
    OpenReport,
)

__all__ = [
    "BackupInfo", "DamageNotice", "Database", "DatabaseOpener", "DeclarationInfo",
    "DeclarationRepository", "LockHolder", "NotFound", "OpenReport", "RepositoryError",
]


class DeclarationRepository(Protocol):
    """Whole declarations in, whole declarations out; ids are the declarations' own."""

    def list(self, *, year: int | None = None, unit: str | None = None) -> list[DeclarationInfo]:
        """Declarations, newest year first; filtered by year and/or a unit that has projects."""
        ...

    def get(self, declaration_id: str) -> Declaration:
        """A fresh copy of one declaration; raises :class:`NotFound`."""
        ...

    def add(self, declaration: Declaration) -> None:
        """Store a new declaration; raises :class:`RepositoryError` if the id exists."""
        ...

    def save(self, declaration: Declaration) -> None:
        """Replace the stored declaration with the same id (creates it if absent)."""
        ...

    def delete(self, declaration_id: str) -> None:
        """Remove a declaration; raises :class:`NotFound`."""
        ...


class Database(DeclarationRepository, Protocol):
    """An opened data folder: the repository plus backups and save state.

    A failed save (full disk, file held by antivirus) raises a
    :class:`RepositoryError` but keeps the change in memory: reads see it, and
    :meth:`flush` or the next save writes it.
    """

    @property
    def read_only(self) -> bool:
        """True when another G60Desk holds the folder: saving raises RepositoryError."""
        ...

    @property
    def has_unsaved_changes(self) -> bool:
        """A change is in memory but its save failed."""
        ...

    def flush(self) -> None:
        """Retry writing changes whose save failed; raises RepositoryError again if it fails."""
        ...

    def list_backups(self) -> list[BackupInfo]:
        """Backup copies, newest first."""
        ...

    def restore_backup(self, name: str) -> BackupInfo | None:
        """Replace the data with a backup; the current data is backed up first (returned)."""
        ...

    def close(self) -> None:
        """Write what is pending if possible, release the folder lock."""
        ...


class DatabaseOpener(Protocol):
    """Opens the data folder; app.py passes the real one, tests a memory one."""

    def __call__(self) -> tuple[Database, OpenReport]:
        ...
