"""The 恢复备份 use case: list the backups and restore one without losing or clobbering edits.

A restore replaces the whole database. The window's :class:`EditingSession`
still holds the declaration it had open, so this service saves pending edits
first (they then go into the safety backup the database makes), restores, and
makes the session read everything again: a stale declaration left in the
session would overwrite the restored data on the next autosave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from g60desk.services.ports import BackupInfo, DamageNotice, NotFound, RepositoryError
from g60desk.services.session import EditingSession

READ_ONLY_REASON = ("数据文件夹正被另一个 G60Desk 使用,本窗口只能查看,不能恢复备份。"
                    "请在那个窗口中恢复,或关闭它后重新打开本程序。")
NO_BACKUPS_REASON = ("还没有备份。程序在每次启动后第一次保存前,以及之后每隔 10 分钟,"
                     "会自动备份一次。")


class BackupStore(Protocol):
    """What restoring needs from the open data folder (``StoreService`` provides it)."""

    @property
    def read_only(self) -> bool: ...

    def list_backups(self) -> list[BackupInfo]: ...

    def restore_backup(self, name: str) -> BackupInfo | None: ...


@dataclass(frozen=True)
class RestoreResult:
    """A backup put back, and the backup made of the data as it was just before."""
    restored: BackupInfo
    safety: BackupInfo | None       # the backup of the data as it was before the restore

    def message(self) -> str:
        text = f"已恢复备份:{self.restored.describe()}。"
        if self.safety is not None:
            text += f"恢复前的数据已备份({self.safety.created:%Y-%m-%d %H:%M:%S}),需要时可以再恢复回来。"
        return text


class BackupRestore:
    """List and restore backups of the data folder the session works on."""

    def __init__(self, store: BackupStore, session: EditingSession,
                 damage: DamageNotice | None = None) -> None:
        self.store = store
        self.session = session
        # The damaged file found at start; its offered backup is proposed once.
        self.damage = damage

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def entries(self) -> list[BackupInfo]:
        """Backups, newest first (an unreadable folder lists none)."""
        try:
            backups = self.store.list_backups()
        except (RepositoryError, OSError):
            return []
        return sorted(backups, key=lambda b: b.created, reverse=True)

    def unavailable_reason(self, backups: list[BackupInfo] | None = None) -> str | None:
        """Why nothing can be restored now (Chinese), or None when it can."""
        if self.read_only:
            return READ_ONLY_REASON
        if not (self.entries() if backups is None else backups):
            return NO_BACKUPS_REASON
        return None

    @property
    def offered(self) -> BackupInfo | None:
        """The newest good backup proposed at start because the data file was damaged."""
        if self.damage is None or self.read_only:
            return None
        return self.damage.offered_backup

    def restore(self, name: str) -> RestoreResult:
        """Save pending edits, restore ``name``, reload the session from the restored data.

        Raises :class:`RepositoryError` (Chinese) and changes nothing when the
        edits cannot be saved, the backup is unusable or cannot be backed up first.
        """
        if self.read_only:
            raise RepositoryError(READ_ONLY_REASON)
        restored = next((b for b in self.entries() if b.name == name), None)
        if restored is None:
            raise NotFound(f"找不到备份“{name}”,它可能已被删除。请重新打开“恢复备份”。")
        try:
            self.session.save_if_dirty()
        except RepositoryError as exc:
            raise RepositoryError(
                f"当前的修改没有保存成功,为避免丢失,暂不恢复备份。{exc.message}") from None
        try:
            safety = self.store.restore_backup(name)
        except RepositoryError:
            # A failed write may still have replaced the data in memory: never keep
            # a stale declaration that the next save would write over it.
            self.session.reload(keep_unreadable=True)
            raise
        self.session.reload()
        self.damage = None
        return RestoreResult(restored=restored, safety=safety)
