"""恢复备份 through the services on the real TinyDB storage: pending edits are saved into
the safety backup, the session reloads, and the next autosave keeps the restored data."""

from __future__ import annotations

from pathlib import Path

import pytest

from g60desk.domain.records import BackupInfo, DamageNotice
from g60desk.services.backups import NO_BACKUPS_REASON, READ_ONLY_REASON, BackupRestore
from g60desk.services.memory import MemoryDatabase
from g60desk.services.ports import NotFound, RepositoryError
from g60desk.services.session import EditingSession
from g60desk.services.store import StoreService
from g60desk.services.trash import MemoryTrashStore, RecycleBin
from g60desk.storage import DB_NAME, opener
from tests import factories


def _session(store: StoreService) -> EditingSession:
    repo = store.db
    return EditingSession(repo, factories.templates(), RecycleBin(MemoryTrashStore(), repo))


def _stored_name(folder: Path) -> str:
    """The first project's name as a fresh open of the folder reads it from disk."""
    store = StoreService(opener(folder))
    store.open()
    try:
        return store.get("decl1").projects[0].name
    finally:
        store.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder holding the factory declaration, written by an earlier run."""
    store = StoreService(opener(tmp_path / "data"))
    store.open()
    store.db.add(factories.declaration())
    store.close()
    return tmp_path / "data"


def test_restore_then_autosave_keeps_the_restored_data(folder: Path) -> None:
    original = _stored_name(folder)
    store = StoreService(opener(folder))
    store.open()
    session = _session(store)
    service = BackupRestore(store, session)
    assert service.entries() == [] and service.unavailable_reason() == NO_BACKUPS_REASON
    session.open("decl1")
    assert session.project is not None
    session.project.name = "第一次修改"
    session.changed()
    session.save()                       # first write of the run: backs up the original file
    [start] = service.entries()
    assert start.reason == "start" and start.declaration_count == 1 and start.project_count == 1
    assert service.unavailable_reason() is None

    session.project.name = "还没保存的修改"
    session.changed()
    assert session.dirty
    result = service.restore(start.name)
    assert result.restored == start
    assert "已恢复备份" in result.message() and "恢复前的数据已备份" in result.message()

    # The session shows the restored data, with nothing pending.
    assert not session.dirty and session.raw_inputs == {}
    assert session.declaration is not None and session.project is not None
    assert session.project.name == original
    # The next edit and autosave go on from the restored data instead of overwriting it.
    session.update_declaration(units=[factories.UNIT, "新增的单位"])
    assert session.autosave_due() is False and session.dirty
    session.save()
    store.close()
    assert _stored_name(folder) == original
    # The unsaved edit was saved first, so the safety backup holds it.
    assert result.safety is not None and result.safety.reason == "restore"
    store.open()
    session = _session(store)
    BackupRestore(store, session).restore(result.safety.name)
    assert session.declaration is not None and session.declaration.projects[0].name == "还没保存的修改"
    store.close()


def test_restore_keeps_the_open_project_when_the_backup_has_it() -> None:
    db = MemoryDatabase()
    decl = factories.declaration()
    decl.projects.append(factories.project())
    decl.projects[1].id, decl.projects[1].name = "second", "第二个项目"
    db.add(decl)
    backup = db.backup("auto")
    store = StoreService(lambda: (db, _report()))
    store.open()
    session = _session(store)
    session.open("decl1", "second")
    session.project.name = "改过的名字"  # type: ignore[union-attr]
    session.changed()
    BackupRestore(store, session).restore(backup.name)
    assert session.project is not None and session.project.id == "second"
    assert session.project.name == "第二个项目"


def test_restore_refused_read_only_and_unknown_backup() -> None:
    db = MemoryDatabase()
    db.add(factories.declaration())
    db.backup("auto")
    store = StoreService(lambda: (db, _report()))
    store.open()
    service = BackupRestore(store, _session(store))
    with pytest.raises(NotFound):
        service.restore("g60desk-没有这份.json")
    ro = MemoryDatabase(read_only=True)
    ro_store = StoreService(lambda: (ro, _report()))
    ro_store.open()
    ro_service = BackupRestore(ro_store, _session(ro_store), damage=_damage())
    assert ro_service.unavailable_reason() == READ_ONLY_REASON
    assert ro_service.offered is None        # a read-only window cannot restore
    with pytest.raises(RepositoryError, match="只能查看"):
        ro_service.restore("memory-0001")


def test_failed_save_of_pending_edits_stops_the_restore() -> None:
    db = MemoryDatabase()
    db.add(factories.declaration())
    backup = db.backup("auto")
    store = StoreService(lambda: (db, _report()))
    store.open()
    session = _session(store)
    session.open("decl1")
    session.project.name = "磁盘满时的修改"  # type: ignore[union-attr]
    session.changed()
    db.fail_saves = True
    with pytest.raises(RepositoryError, match="暂不恢复备份"):
        BackupRestore(store, session).restore(backup.name)
    assert db.list_backups() == [backup]     # nothing restored, no safety backup made
    assert session.dirty and session.project is not None
    assert session.project.name == "磁盘满时的修改"


def test_damaged_file_offers_the_newest_good_backup(folder: Path) -> None:
    store = StoreService(opener(folder))
    store.open()
    session = _session(store)
    session.open("decl1")
    session.project.name = "损坏前保存的名字"  # type: ignore[union-attr]
    session.changed()
    session.save()                            # backs up the original file
    session.project.name = "最后保存的名字"    # type: ignore[union-attr]
    session.changed()
    session.save()
    store.close()
    (folder / DB_NAME).write_bytes(b'{"meta": {"1": {"format": "g60d')   # truncated by a crash
    report = store.open()
    assert report.damage is not None and report.damage.offered_backup is not None
    session = _session(store)
    service = BackupRestore(store, session, damage=report.damage)
    assert service.offered == report.damage.offered_backup
    assert session.reload() is None           # empty data after the damage
    service.restore(service.offered.name)
    assert service.offered is None            # offered once
    assert session.declaration is not None
    assert session.declaration.projects[0].name == factories.declaration().projects[0].name
    store.close()
    assert list(folder.glob(f"{DB_NAME}.corrupt-*"))   # the damaged file is kept


def _report() -> object:
    from g60desk.domain.records import OpenReport
    return OpenReport(path=":memory:")


def _damage() -> DamageNotice:
    from datetime import datetime
    info = BackupInfo(name="memory-0001", created=datetime(2026, 1, 28, 10, 15), reason="auto",
                      declaration_count=1, project_count=1, size=0)
    return DamageNotice(kind="empty", detail="", moved_to="x.corrupt", offered_backup=info)
