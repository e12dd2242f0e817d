"""An in-memory repository: the fake that tests of everything above storage use.

:class:`MemoryDatabase` adds what the file database offers (backups, save
failures, read-only mode) with the same behaviour, so services are tested
without touching a disk.
"""

from __future__ import annotations

import copy
from datetime import datetime

from g60desk.domain.model import Declaration
from g60desk.domain.records import BackupInfo, OpenReport
from g60desk.services.ports import DeclarationInfo, NotFound, RepositoryError


def info_of(decl: Declaration) -> DeclarationInfo:
    return DeclarationInfo.of(decl)


class MemoryRepository:
    def __init__(self) -> None:
        self._items: dict[str, Declaration] = {}

    def list(self, *, year: int | None = None, unit: str | None = None) -> list[DeclarationInfo]:
        out = []
        for d in self._items.values():
            if year is not None and d.year != year:
                continue
            if unit is not None and unit not in d.units and unit not in d.declaring_units():
                continue
            out.append(info_of(d))
        return sorted(out, key=lambda i: (-i.year, i.department, i.id))

    def get(self, declaration_id: str) -> Declaration:
        try:
            return copy.deepcopy(self._items[declaration_id])
        except KeyError:
            raise NotFound(f"找不到申报(编号 {declaration_id})。") from None

    def add(self, declaration: Declaration) -> None:
        if declaration.id in self._items:
            raise RepositoryError(f"申报编号 {declaration.id} 已存在。")
        self._items[declaration.id] = copy.deepcopy(declaration)

    def save(self, declaration: Declaration) -> None:
        self._items[declaration.id] = copy.deepcopy(declaration)

    def delete(self, declaration_id: str) -> None:
        if self._items.pop(declaration_id, None) is None:
            raise NotFound(f"找不到申报(编号 {declaration_id})。")


class MemoryDatabase(MemoryRepository):
    """The :class:`~g60desk.services.ports.Database` port in memory.

    ``fail_saves`` makes every change raise a RepositoryError after being kept
    in memory, as the file database does on a full disk.
    """

    def __init__(self, *, read_only: bool = False) -> None:
        super().__init__()
        self._read_only = read_only
        self.fail_saves = False
        self._unsaved = False
        self._backups: dict[str, tuple[BackupInfo, dict[str, Declaration]]] = {}
        self.closed = False

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def has_unsaved_changes(self) -> bool:
        return self._unsaved

    def _check_writable(self) -> None:
        if self._read_only:
            raise RepositoryError("数据文件夹正被另一个 G60Desk 使用,本窗口只能查看,不能保存。")

    def _persist(self) -> None:
        if self.fail_saves:
            self._unsaved = True
            raise RepositoryError("无法保存:磁盘已满。您的修改仍保留在程序中。")
        self._unsaved = False

    def add(self, declaration: Declaration) -> None:
        self._check_writable()
        super().add(declaration)
        self._persist()

    def save(self, declaration: Declaration) -> None:
        self._check_writable()
        super().save(declaration)
        self._persist()

    def delete(self, declaration_id: str) -> None:
        self._check_writable()
        super().delete(declaration_id)
        self._persist()

    def flush(self) -> None:
        if self._unsaved:
            self._persist()

    def backup(self, reason: str = "manual") -> BackupInfo:
        """Snapshot the current data (the file database does this on its own)."""
        n = len(self._backups) + 1
        info = BackupInfo(
            name=f"memory-{n:04d}", created=datetime(2000, 1, 1).replace(microsecond=n),
            reason=reason, declaration_count=len(self._items),
            project_count=sum(len(d.projects) for d in self._items.values()), size=0)
        self._backups[info.name] = (info, copy.deepcopy(self._items))
        return info

    def list_backups(self) -> list[BackupInfo]:
        return sorted((b[0] for b in self._backups.values()), key=lambda b: b.created,
                      reverse=True)

    def restore_backup(self, name: str) -> BackupInfo | None:
        self._check_writable()
        if name not in self._backups:
            raise NotFound(f"找不到备份“{name}”。")
        safety = self.backup("restore")
        self._items = copy.deepcopy(self._backups[name][1])
        self._persist()
        return safety

    def close(self) -> None:
        self.closed = True


class MemoryOpener:
    """A :class:`~g60desk.services.ports.DatabaseOpener` handing out one MemoryDatabase."""

    def __init__(self, database: MemoryDatabase | None = None,
                 report: OpenReport | None = None) -> None:
        self.database = database or MemoryDatabase()
        self.report = report or OpenReport(path=":memory:", read_only=self.database.read_only)
        self.calls = 0

    def __call__(self) -> tuple[MemoryDatabase, OpenReport]:
        self.calls += 1
        return self.database, self.report
