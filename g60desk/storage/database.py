"""Open a data folder and work with it: the TinyDB repository behind the services' port.

:func:`open_database` takes the folder lock (or falls back to read-only when
another G60Desk writes there), removes temp files a crash left, moves a
damaged database aside as ``*.corrupt-<time>`` (never overwriting it) and
offers the newest good backup, migrates an older schema after backing it up,
refuses a newer one, and reports all of it in an :class:`OpenReport`.

:class:`TinyDatabase` stores one TinyDB document per declaration, keyed by the
declaration id, through :class:`SafeJSONStorage`; before the first write of a
run and then at most every ten minutes it copies the file to ``backups/``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from g60desk import fileio
from g60desk.domain.errors import NotFound, RepositoryError
from g60desk.domain.model import Declaration
from g60desk.domain.records import (
    DAMAGE_KINDS,
    BackupInfo,
    DamageNotice,
    DeclarationInfo,
    LockHolder,
    OpenReport,
)
from g60desk.storage import atomic
from g60desk.storage.backups import Backups
from g60desk.storage.checksum import verify as verify_checksum
from g60desk.storage.codec import DecodeError, decode_declaration, encode_declaration, summary
from g60desk.storage.errors import (
    DamagedFile,
    DatabaseLocked,
    LockUnavailable,
    ReadOnlyError,
    SaveError,
)
from g60desk.storage.lock import LOCK_NAME, FolderLock
from g60desk.storage.safe_storage import SafeJSONStorage
from g60desk.storage.schema import (
    DECLARATIONS,
    SCHEMA_VERSION,
    Data,
    counts,
    empty_data,
    load_content,
    read_file,
)

DB_NAME = "g60desk.json"
BACKUP_INTERVAL = timedelta(minutes=10)

Writer = Callable[[Path, bytes], None]


class _StrIdTable(Table):
    """Documents keyed by the declaration's own id instead of TinyDB's counter."""

    document_id_class = str  # type: ignore[assignment]


class _TinyDB(TinyDB):
    table_class = _StrIdTable


def _replace_with(doc: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def apply(stored: dict[str, Any]) -> None:
        stored.clear()
        stored.update(doc)
    return apply


class TinyDatabase:
    """The :class:`~g60desk.services.ports.Database` port over TinyDB."""

    def __init__(self, path: Path, data: Data, *, backups: Backups,
                 lock: FolderLock | None, read_only: bool,
                 clock: Callable[[], datetime] = datetime.now,
                 backup_interval: timedelta = BACKUP_INTERVAL,
                 writer: Writer | None = None) -> None:
        self.path = path
        self.backups = backups
        self._lock = lock
        self._read_only = read_only
        self._clock = clock
        self._interval = backup_interval
        self._last_backup: datetime | None = None
        self.backup_warning: str | None = None
        # What the file on disk holds (for naming backups of it): loaded or last written.
        self._disk_counts = counts(data) if path.exists() else (0, 0)
        self._storage = SafeJSONStorage(
            path, initial=data, before_write=self._before_write,
            after_write=self._after_write, read_only=read_only, writer=writer)
        self._db = _TinyDB(storage=lambda: self._storage)
        self._table = self._db.table(DECLARATIONS, cache_size=0)

    # ------------------------------------------------------------ state

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def has_unsaved_changes(self) -> bool:
        return self._storage.dirty

    def _check_writable(self) -> None:
        if self._read_only:
            raise ReadOnlyError()

    def _before_write(self) -> None:
        now = self._clock()
        if self._last_backup is not None and now - self._last_backup < self._interval:
            return
        reason = "start" if self._last_backup is None else "auto"
        try:
            self.backups.make(reason, *self._disk_counts)
        except (RepositoryError, OSError) as exc:
            # A failed backup must not stop the user's work from being saved.
            self.backup_warning = f"自动备份失败:{getattr(exc, 'message', exc)}"
            return
        self.backup_warning = None
        self._last_backup = now

    def _after_write(self, data: Data) -> None:
        self._disk_counts = counts(data)

    def backup_now(self, reason: str) -> BackupInfo | None:
        """Copy the file on disk to backups/ now; errors propagate."""
        info = self.backups.make(reason, *self._disk_counts)
        self._last_backup = self._clock()
        return info

    def write_all(self) -> None:
        """Write the whole in-memory data (after a migration)."""
        data = self._storage.read()
        assert data is not None
        self._storage.write(data)

    # ------------------------------------------------------------ repository

    def _docs(self) -> dict[str, Any]:
        data = self._storage.read() or {}
        docs: dict[str, Any] = data.get(DECLARATIONS, {})
        return docs

    def list(self, *, year: int | None = None, unit: str | None = None) -> list[DeclarationInfo]:
        out = []
        for doc in self._docs().values():
            y, department, template, units, declaring, n = summary(doc)
            info = DeclarationInfo(id=doc["id"], year=y, department=department,
                                   template=template, units=units or declaring,
                                   project_count=n)
            if info.matches(year=year, unit=unit, declaring=declaring):
                out.append(info)
        return sorted(out, key=lambda i: (-i.year, i.department, i.id))

    def get(self, declaration_id: str) -> Declaration:
        doc = self._table.get(doc_id=declaration_id)  # type: ignore[call-overload]
        if doc is None:
            raise NotFound(f"找不到申报(编号 {declaration_id})。")
        try:
            return decode_declaration(doc)
        except DecodeError as exc:
            raise RepositoryError(f"申报 {declaration_id} 的数据已损坏({exc.where})。") from None

    def contains(self, declaration_id: str) -> bool:
        return declaration_id in self._docs()

    def add(self, declaration: Declaration) -> None:
        self._check_writable()
        if self.contains(declaration.id):
            raise RepositoryError(f"申报编号 {declaration.id} 已存在。")
        self._table.insert(Document(encode_declaration(declaration),
                                    doc_id=declaration.id))  # type: ignore[arg-type]

    def save(self, declaration: Declaration) -> None:
        self._check_writable()
        doc = encode_declaration(declaration)
        if self.contains(declaration.id):
            self._table.update(_replace_with(doc),  # type: ignore[arg-type]
                               doc_ids=[declaration.id])  # type: ignore[list-item]
        else:
            self._table.insert(Document(doc, doc_id=declaration.id))  # type: ignore[arg-type]

    def delete(self, declaration_id: str) -> None:
        self._check_writable()
        if not self.contains(declaration_id):
            raise NotFound(f"找不到申报(编号 {declaration_id})。")
        self._table.remove(doc_ids=[declaration_id])  # type: ignore[list-item]

    def project_ids(self) -> set[str]:
        """Every project id stored (imports refuse duplicates)."""
        return {p["id"] for doc in self._docs().values() for p in doc["projects"]}

    # ------------------------------------------------------------ saving, backups

    def flush(self) -> None:
        if not self._read_only:     # a read-only window never has pending changes
            self._storage.flush()

    def list_backups(self) -> builtins.list[BackupInfo]:
        return self.backups.all()

    def restore_backup(self, name: str) -> BackupInfo | None:
        """Replace the data with a backup, after backing up the current file."""
        self._check_writable()
        try:
            data = self.backups.load(name)
        except DamagedFile as exc:
            raise RepositoryError(
                f"备份“{name}”无法使用:{DAMAGE_KINDS.get(exc.kind, '文件已损坏')}"
                f"({exc.detail})。请选择另一份备份。") from None
        if self._storage.dirty:
            try:
                self._storage.flush()
            except SaveError as exc:
                raise RepositoryError(
                    f"当前还有未能保存的修改,为避免丢失,暂不恢复备份。{exc.message}") from None
        try:
            safety = self.backup_now("restore")
        except (RepositoryError, OSError) as exc:
            raise RepositoryError(
                f"恢复前无法备份当前数据,为避免丢失,没有恢复。"
                f"{getattr(exc, 'message', exc)}") from None
        self._storage.write(data)
        return safety

    def close(self) -> None:
        """Write anything pending, then release the lock (also if writing fails)."""
        try:
            if self._storage.dirty and not self._read_only:
                self._storage.flush()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None


def _quarantine(path: Path, clock: Callable[[], datetime]) -> Path:
    """Move a damaged database aside under a new name (:func:`g60desk.fileio.set_aside`)."""
    try:
        return fileio.set_aside(path, clock=clock)
    except OSError as exc:
        raise RepositoryError(
            f"数据文件 {path} 已损坏,但无法把它改名移开({exc.strerror or exc})。"
            "为保护原文件,程序没有覆盖它。请关闭可能占用它的程序后重新打开 G60Desk。") from exc


def open_database(folder: Path, *, read_only: bool = False, allow_read_only: bool = True,
                  clock: Callable[[], datetime] = datetime.now,
                  backup_interval: timedelta = BACKUP_INTERVAL,
                  writer: Writer | None = None) -> tuple[TinyDatabase, OpenReport]:
    """Open (or create) the database in ``folder``; see the module docstring.

    Raises :class:`RepositoryError` subclasses: ``DatabaseLocked`` (only when
    ``allow_read_only`` is off), ``NewerSchemaError``, or a plain one when the
    folder or file cannot be used at all.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RepositoryError(f"无法创建数据文件夹 {folder}:{exc.strerror or exc}。") from exc
    db_path = folder / DB_NAME
    lock: FolderLock | None = None
    locked_by: LockHolder | None = None
    notes: tuple[str, ...] = ()
    if not read_only:
        try:
            lock = FolderLock.acquire(folder / LOCK_NAME)
        except DatabaseLocked as exc:
            if not allow_read_only:
                raise
            locked_by = exc.holder or LockHolder(pid=0, host="?")
            read_only = True
        except LockUnavailable as exc:
            if not allow_read_only:
                raise
            notes = (f"{exc.message}本窗口只能查看,不能保存。",)
            read_only = True
    try:
        return _open_locked(db_path, lock, read_only, locked_by, notes, clock,
                            backup_interval, writer)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open_locked(db_path: Path, lock: FolderLock | None, read_only: bool,
                 locked_by: LockHolder | None, notes: tuple[str, ...],
                 clock: Callable[[], datetime],
                 backup_interval: timedelta,
                 writer: Writer | None) -> tuple[TinyDatabase, OpenReport]:
    backups = Backups(db_path, clock=clock, writer=writer)
    cleaned = 0
    if lock is not None:
        cleaned = (atomic.clean_temp_files(db_path.parent, DB_NAME)
                   + atomic.clean_temp_files(backups.folder, "g60desk-*.json"))
    damage: DamageNotice | None = None
    migrated_from: int | None = None
    created = False
    try:
        try:
            content = read_file(db_path)
        except OSError as exc:
            raise RepositoryError(f"无法读取数据文件 {db_path}:{exc.strerror or exc}。") from exc
        if content is None:
            data, created = empty_data(), True
        else:
            verify_checksum(content)
            data, version = load_content(content, db_path)
            if version < SCHEMA_VERSION:
                migrated_from = version
    except DamagedFile as exc:
        if read_only:
            raise RepositoryError(
                f"数据文件 {db_path} 已损坏({DAMAGE_KINDS.get(exc.kind, '')}),"
                "而另一个 G60Desk 正在使用该文件夹,请在那个窗口中处理。") from None
        moved = _quarantine(db_path, clock)
        damage = DamageNotice(kind=exc.kind, detail=exc.detail, moved_to=str(moved),
                              offered_backup=backups.newest_good())
        data, created = empty_data(), True

    database = TinyDatabase(db_path, data, backups=backups, lock=lock, read_only=read_only,
                            clock=clock, backup_interval=backup_interval, writer=writer)
    if migrated_from is not None and not read_only:
        try:
            database.backup_now("migrate")
        except (RepositoryError, OSError) as exc:
            raise RepositoryError(
                f"数据文件需要升级到新格式,但升级前无法备份,所以没有升级:"
                f"{getattr(exc, 'message', exc)}") from None
        database.write_all()
    report = OpenReport(
        path=str(db_path), created=created, damage=damage, migrated_from=migrated_from,
        stale_lock=lock.stale if lock is not None else None, locked_by=locked_by,
        read_only=read_only, cleaned_temp_files=cleaned, notes=notes)
    return database, report


class Opener:
    """The :class:`~g60desk.services.ports.DatabaseOpener` for a data folder."""

    def __init__(self, folder: Path, **options: Any) -> None:
        self.folder = Path(folder)
        self.options = options

    def __call__(self) -> tuple[TinyDatabase, OpenReport]:
        return open_database(self.folder, **self.options)


def opener(folder: Path, **options: Any) -> Opener:
    return Opener(folder, **options)
