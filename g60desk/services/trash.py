"""The 回收站: deleted projects and declarations wait here until restored or purged.

Deleting is never final at first: the deleted item, with where it was, goes to a
:class:`TrashStore` (a JSON file beside the database in the real program, a list
in tests) and can be put back.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from g60desk.domain.model import Declaration, Project, new_id
from g60desk.services.ports import DeclarationRepository, NotFound, RepositoryError

KIND_PROJECT = "project"
KIND_DECLARATION = "declaration"
# The bin keeps this many entries; older ones are purged when new ones arrive.
MAX_ENTRIES = 500


@dataclass
class TrashEntry:
    """One deleted item. For a project, ``declaration`` is a shell holding just that project."""

    id: str
    kind: str
    deleted_at: str
    declaration_id: str
    label: str
    position: int
    declaration: Declaration

    @property
    def project(self) -> Project | None:
        if self.kind != KIND_PROJECT or not self.declaration.projects:
            return None
        return self.declaration.projects[0]

    @property
    def title(self) -> str:
        if self.kind == KIND_PROJECT:
            p = self.project
            return f"项目:{(p.name if p else '') or '(未命名项目)'}"
        return f"申报:{self.label}"


# What a store keeps per entry: the metadata (id, kind, deleted_at, declaration_id,
# label, position) and the declaration (or project shell) itself.
StoredEntry = tuple[dict[str, Any], Declaration]
_META = ("id", "kind", "deleted_at", "declaration_id", "label", "position")


class TrashStore(Protocol):
    def load(self) -> list[StoredEntry]:
        """Every entry, oldest first; an unreadable store raises :class:`RepositoryError`."""
        ...

    def save(self, entries: list[StoredEntry]) -> None:
        ...


class MemoryTrashStore:
    def __init__(self) -> None:
        self.entries: list[StoredEntry] = []

    def load(self) -> list[StoredEntry]:
        return copy.deepcopy(self.entries)

    def save(self, entries: list[StoredEntry]) -> None:
        self.entries = copy.deepcopy(entries)


def _to_stored(e: TrashEntry) -> StoredEntry:
    return {k: getattr(e, k) for k in _META}, e.declaration


def _from_stored(item: StoredEntry) -> TrashEntry:
    meta, decl = item
    return TrashEntry(id=str(meta["id"]), kind=str(meta["kind"]),
                      deleted_at=str(meta.get("deleted_at", "")),
                      declaration_id=str(meta.get("declaration_id", decl.id)),
                      label=str(meta.get("label", "")), position=int(meta.get("position", 0)),
                      declaration=decl)


def declaration_label(decl: Declaration) -> str:
    return f"{decl.year}年 {decl.department or '(未填写主管部门)'}"


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class RecycleBin:
    def __init__(self, store: TrashStore, repo: DeclarationRepository) -> None:
        self.store = store
        self.repo = repo

    def _load(self) -> list[TrashEntry]:
        return [_from_stored(item) for item in self.store.load()]

    def _save(self, entries: list[TrashEntry]) -> None:
        self.store.save([_to_stored(e) for e in entries])

    def entries(self) -> list[TrashEntry]:
        """Newest first."""
        return list(reversed(self._load()))

    def _put(self, entry: TrashEntry) -> TrashEntry:
        entries = self._load()
        entries.append(entry)
        self._save(entries[-MAX_ENTRIES:])
        return entry

    def put_project(self, decl: Declaration, index: int) -> TrashEntry:
        """Record ``decl.projects[index]`` in the bin (the caller removes it from ``decl``)."""
        shell = Declaration(year=decl.year, template=decl.template, department=decl.department,
                            units=list(decl.units), projects=[copy.deepcopy(decl.projects[index])],
                            id=decl.id)
        return self._put(TrashEntry(new_id(), KIND_PROJECT, _now(), decl.id,
                                    declaration_label(decl), index, shell))

    def put_declaration(self, decl: Declaration) -> TrashEntry:
        return self._put(TrashEntry(new_id(), KIND_DECLARATION, _now(), decl.id,
                                    declaration_label(decl), 0, copy.deepcopy(decl)))

    def take(self, entry_id: str) -> TrashEntry:
        entries = self._load()
        for i, e in enumerate(entries):
            if e.id == entry_id:
                del entries[i]
                self._save(entries)
                return e
        raise NotFound("回收站中找不到该项目,可能已被清除。")

    def peek(self, entry_id: str) -> TrashEntry:
        for e in self._load():
            if e.id == entry_id:
                return e
        raise NotFound("回收站中找不到该项目,可能已被清除。")

    def restore(self, entry_id: str) -> tuple[str, str | None]:
        """Put an entry back; returns (declaration id, project id or None).

        A project goes back into its declaration at its old place; if that
        declaration was deleted too, it must be restored first.
        """
        entry = self.peek(entry_id)
        if entry.kind == KIND_DECLARATION:
            decl = entry.declaration
            try:
                self.repo.get(decl.id)
                decl = copy.deepcopy(decl)
                decl.id = new_id()  # a declaration with that id came back meanwhile
            except NotFound:
                pass
            self.repo.add(decl)
            self.take(entry_id)
            return decl.id, None
        project = entry.project
        if project is None:
            raise RepositoryError("回收站中的这一项已损坏,无法恢复。")
        try:
            target = self.repo.get(entry.declaration_id)
        except NotFound:
            raise RepositoryError(f"项目所属的申报({entry.label})已不存在;"
                                  "请先从回收站恢复该申报。") from None
        if target.project_by_id(project.id) is not None:
            project = copy.deepcopy(project)
            project.id = new_id()
        target.projects.insert(min(entry.position, len(target.projects)), project)
        self.repo.save(target)
        self.take(entry_id)
        return target.id, project.id

    def purge(self, entry_id: str) -> None:
        self.take(entry_id)

    def empty(self) -> int:
        n = len(self.store.load())
        self._save([])
        return n
