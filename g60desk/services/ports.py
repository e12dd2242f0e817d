"""Ports: what the services need from storage and printing, as protocols.

``storage`` implements :class:`DeclarationRepository` over TinyDB; tests use
:class:`g60desk.services.memory.MemoryRepository`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from g60desk.domain.model import Declaration


class RepositoryError(Exception):
    """A storage failure the user must be told about; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(RepositoryError):
    pass


@dataclass(frozen=True)
class DeclarationInfo:
    """One line of the declaration list: enough to show it without loading it."""

    id: str
    year: int
    department: str
    template: str
    units: tuple[str, ...]
    project_count: int


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
