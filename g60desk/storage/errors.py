"""Storage failures as RepositoryError subclasses, each with a Chinese message."""

from __future__ import annotations

from g60desk.domain.errors import NotFound, RepositoryError
from g60desk.domain.records import LockHolder


class DatabaseLocked(RepositoryError):
    """Another live G60Desk holds the data folder."""

    def __init__(self, holder: LockHolder | None, path: str) -> None:
        who = holder.describe() if holder else "另一个程序"
        super().__init__(
            f"数据文件夹 {path} 正被另一个 G60Desk 使用({who})。"
            "同时保存会互相覆盖,请先关闭另一个窗口。")
        self.holder = holder


class LockUnavailable(RepositoryError):
    """No lock file can be made (read-only medium, no permission): only reading is safe."""


class NewerSchemaError(RepositoryError):
    """The file was written by a newer G60Desk; it is left untouched."""

    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            f"数据文件 {path} 是由较新版本的 G60Desk 保存的(数据格式版本 {found},"
            f"本程序只支持到版本 {supported})。为避免损坏数据,本程序不会打开或改动它,"
            "请使用新版 G60Desk。")
        self.found = found
        self.supported = supported


class SaveError(RepositoryError):
    """Writing the file failed; the change stays in memory."""


class ReadOnlyError(RepositoryError):
    """This window may only read: another G60Desk writes the folder."""

    def __init__(self) -> None:
        super().__init__("数据文件夹正被另一个 G60Desk 使用,本窗口只能查看,不能保存。"
                         "请关闭另一个窗口后重新打开本程序。")


class DamagedFile(RepositoryError):
    """A database or backup file that cannot be read; ``kind`` is a DAMAGE_KINDS key."""

    def __init__(self, kind: str, detail: str, message: str | None = None) -> None:
        super().__init__(message or detail)
        self.kind = kind
        self.detail = detail


class NotFoundError(NotFound):
    """A backup or declaration that does not exist."""
