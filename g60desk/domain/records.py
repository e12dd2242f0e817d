"""Plain records that cross the boundary between services and storage.

The services define the ports; storage implements them but may import only the
domain, so the rows and reports both sides exchange live here. No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from g60desk.domain.model import Declaration


@dataclass(frozen=True)
class DeclarationInfo:
    """One line of the declaration list: enough to show it without loading it."""

    id: str
    year: int
    department: str
    template: str
    units: tuple[str, ...]
    project_count: int

    @classmethod
    def of(cls, decl: Declaration) -> DeclarationInfo:
        return cls(
            id=decl.id, year=decl.year, department=decl.department, template=decl.template,
            units=tuple(decl.units) or tuple(decl.declaring_units()),
            project_count=len(decl.projects))

    def matches(self, *, year: int | None, unit: str | None,
                declaring: tuple[str, ...] = ()) -> bool:
        """The list filter: a year, and a unit named in ``units`` or declaring a project."""
        if year is not None and self.year != year:
            return False
        return unit is None or unit in self.units or unit in declaring


# Why a backup was made; the keys appear in backup file names.
BACKUP_REASONS: dict[str, str] = {
    "start": "启动后首次保存前",
    "auto": "定时备份",
    "restore": "恢复备份前",
    "migrate": "升级数据格式前",
    "manual": "手动备份",
}


@dataclass(frozen=True)
class BackupInfo:
    """One backup copy of the database, as the 恢复备份 list shows it."""

    name: str                # file name inside the backups folder; the handle for restore
    created: datetime        # local time the copy was made
    reason: str              # a key of BACKUP_REASONS
    declaration_count: int
    project_count: int
    size: int                # bytes

    @property
    def reason_text(self) -> str:
        return BACKUP_REASONS.get(self.reason, self.reason)

    def describe(self) -> str:
        """``2026-01-28 10:15:30  3 份申报,42 个项目(定时备份)``."""
        return (f"{self.created:%Y-%m-%d %H:%M:%S}  {self.declaration_count} 份申报,"
                f"{self.project_count} 个项目({self.reason_text})")


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or held) the data folder's lock."""

    pid: int
    host: str
    user: str = ""
    since: str = ""          # ISO local time the lock was taken

    def describe(self) -> str:
        who = f"计算机“{self.host}”上的进程 {self.pid}"
        if self.user:
            who += f"(用户 {self.user})"
        if self.since:
            who += f",自 {self.since.replace('T', ' ')[:19]} 起"
        return who


# Kinds of damaged database file, with what the user is told happened.
DAMAGE_KINDS: dict[str, str] = {
    "empty": "数据文件是空的(通常是保存时断电或系统崩溃造成的)",
    "truncated": "数据文件不完整,在中途被截断(通常是保存时断电或程序被强行结束造成的)",
    "not-json": "数据文件内容已损坏,不是有效的数据格式",
    "encoding": "数据文件的文字编码不对(不是 UTF-8,可能被其他程序以 GBK 等编码改写过)",
    "unknown-schema": "数据文件的结构无法识别(可能不是 G60Desk 的数据文件,或已被其他程序改动)",
    "checksum": "数据文件的校验值不符,文件内容在保存后被改动过(常见于磁盘或U盘损坏)",
    "too-deep": "数据文件内容已损坏,嵌套层次异常",
    "bad-number": "数据文件中有无法使用的数字(不是 G60Desk 保存的内容)",
}


@dataclass(frozen=True)
class DamageNotice:
    """A damaged database file was moved aside; what to tell the user and offer."""

    kind: str                        # a key of DAMAGE_KINDS
    detail: str                      # technical detail (position of the fault), Chinese
    moved_to: str                    # where the damaged file now is
    offered_backup: BackupInfo | None

    @property
    def message(self) -> str:
        text = DAMAGE_KINDS.get(self.kind, "数据文件已损坏") + "。"
        if self.detail:
            text += f"详情:{self.detail}。"
        text += f"原文件没有被覆盖,已改名保存为:{self.moved_to}。"
        if self.offered_backup is not None:
            text += (f"最近一份完好的备份是 {self.offered_backup.describe()},"
                     "可以在“恢复备份”中恢复。")
        else:
            text += "没有找到可用的备份;程序将从空白数据开始,可以继续使用。"
        return text


@dataclass(frozen=True)
class OpenReport:
    """What happened while opening the database, for the window to tell the user."""

    path: str
    created: bool = False                    # no file yet: a new, empty database
    damage: DamageNotice | None = None
    migrated_from: int | None = None         # schema version the file was upgraded from
    stale_lock: LockHolder | None = None     # a lock left by a crashed run, now cleared
    locked_by: LockHolder | None = None      # another G60Desk writes here: read-only
    read_only: bool = False                  # saving is refused (locked, or folder not writable)
    cleaned_temp_files: int = 0
    notes: tuple[str, ...] = field(default=())

    def messages(self) -> list[str]:
        """Chinese sentences worth showing, most important first."""
        out: list[str] = []
        if self.locked_by is not None:
            out.append(f"数据文件夹正被另一个 G60Desk 使用({self.locked_by.describe()})。"
                       "为避免互相覆盖,本窗口只能查看,不能保存。"
                       "请关闭另一个窗口后重新打开本程序。")
        if self.damage is not None:
            out.append(self.damage.message)
        if self.migrated_from is not None:
            out.append(f"数据文件已从旧版格式(版本 {self.migrated_from})升级到当前格式,"
                       "升级前的文件已备份。")
        if self.stale_lock is not None:
            out.append(f"上次 G60Desk 没有正常退出({self.stale_lock.describe()}),"
                       "已清除它留下的锁;数据文件完好。")
        out.extend(self.notes)
        return out
