"""The store service over the memory database: use cases the window and CLI call.

The TinyDB side of the same behaviour is in tests/integration/test_storage_database.py.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from g60desk.domain.records import DamageNotice, OpenReport
from g60desk.exchange.bundle import dumps, read_bundle, write_bundle
from g60desk.services.memory import MemoryDatabase, MemoryOpener
from g60desk.services.ports import NotFound, RepositoryError
from g60desk.services.store import ImportConflict, StoreService
from tests import factories
from tests.store_samples import declaration


@pytest.fixture
def service() -> StoreService:
    s = StoreService(MemoryOpener())
    s.open()
    return s


def test_open_returns_the_report_and_close_closes() -> None:
    damage = DamageNotice(kind="truncated", detail="", moved_to="/x/g60desk.json.corrupt-1",
                          offered_backup=None)
    opener = MemoryOpener(report=OpenReport(path="/x", damage=damage))
    s = StoreService(opener)
    with pytest.raises(RepositoryError, match="尚未打开"):
        s.list_declarations()
    report = s.open()
    assert report.damage is damage and "不完整" in report.messages()[0]
    s.close()
    assert opener.database.closed


def test_create_list_save_delete(service: StoreService) -> None:
    d = service.create(year=2026, template="shanghai-2026", department="某局")
    assert [i.id for i in service.list_declarations(year=2026)] == [d.id]
    d.projects.append(declaration(1).projects[0])
    service.save(d)
    assert service.get(d.id).projects[0].name == "办公室弱电系统安装1"
    assert service.years() == [2026]
    service.delete(d.id)
    assert service.list_declarations() == []


def test_project_save_delete_and_copy(service: StoreService) -> None:
    d = declaration(2)
    service.db.add(d)
    first, second = d.projects
    dup = service.copy_project(d.id, first.id)
    stored = service.get(d.id)
    assert [p.id for p in stored.projects] == [first.id, dup.id, second.id]
    assert stored.projects[1].name == first.name + "(副本)"
    assert stored.projects[1].funding == first.funding
    assert stored.projects[1].indicators == first.indicators

    other = declaration(0, decl_id="other", year=2023)
    service.db.add(other)
    moved = service.copy_project(d.id, second.id, to_declaration_id="other")
    assert service.get("other").projects == [moved]
    assert moved.name == second.name and moved.id != second.id

    moved.name = "改名"
    service.save_project("other", moved)
    assert service.get("other").projects[0].name == "改名"
    service.delete_project(d.id, dup.id)
    assert [p.id for p in service.get(d.id).projects] == [first.id, second.id]
    with pytest.raises(NotFound, match="找不到项目"):
        service.delete_project(d.id, "nope")


def test_roll_forward(service: StoreService) -> None:
    d = declaration(2, year=2022)
    service.db.add(d)
    nxt = service.roll_forward(d.id)
    stored = service.get(nxt.id)
    assert stored.year == 2023 and stored.id != d.id
    assert factories.day(stored.projects[0], "start") == date(2023, 1, 1)
    assert [p.funding for p in stored.projects] == [p.funding for p in d.projects]
    assert service.get(d.id) == d
    assert [i.year for i in service.list_declarations()] == [2023, 2022]


def test_failed_save_keeps_changes_and_flush_retries() -> None:
    db = MemoryDatabase()
    s = StoreService(MemoryOpener(db))
    s.open()
    db.fail_saves = True
    d = declaration(1)
    with pytest.raises(RepositoryError, match="磁盘已满"):
        s.db.add(d)
    assert s.has_unsaved_changes and s.get(d.id) == d
    db.fail_saves = False
    s.flush()
    assert not s.has_unsaved_changes


def test_read_only_refuses_writes() -> None:
    s = StoreService(MemoryOpener(MemoryDatabase(read_only=True)))
    s.open()
    assert s.read_only
    with pytest.raises(RepositoryError, match="只能查看"):
        s.create(year=2026, template="shanghai-2026")


def test_backups_list_and_restore() -> None:
    db = MemoryDatabase()
    s = StoreService(MemoryOpener(db))
    s.open()
    d = declaration(1)
    s.db.add(d)
    b = db.backup("auto")
    s.delete(d.id)
    safety = s.restore_backup(b.name)
    assert s.get(d.id) == d
    assert safety is not None and safety.project_count == 0
    assert [x.name for x in s.list_backups()] == [safety.name, b.name]


def test_import_refuses_or_copies_on_same_ids(service: StoreService, tmp_path: Path) -> None:
    d = declaration(2)
    path = tmp_path / "申报.json"
    write_bundle(d, path)
    first = service.import_bundle(path)
    assert not first.copied and first.info.id == d.id and first.info.project_count == 2
    with pytest.raises(ImportConflict, match="--copy"):
        service.import_bundle(path)
    assert len(service.list_declarations()) == 1           # nothing overwritten
    again = service.import_bundle(path, on_conflict="copy")
    assert again.copied and again.info.id != d.id
    copy = service.get(again.info.id)
    assert not {p.id for p in copy.projects} & {p.id for p in d.projects}
    assert [p.name for p in copy.projects] == [p.name for p in d.projects]

    # A new declaration id carrying an already stored project id is refused too.
    clash = declaration(1, decl_id="fresh")
    with pytest.raises(ImportConflict, match="项目"):
        service.import_declaration(clash)


def test_import_bad_bundle_is_a_repository_error(service: StoreService, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(RepositoryError, match="无法导入"):
        service.import_bundle(path)


def test_find_and_export(service: StoreService, tmp_path: Path) -> None:
    d = declaration(2, year=2022)
    service.db.add(d)
    assert service.find(year=2022).id == d.id
    with pytest.raises(NotFound, match="2023"):
        service.find(year=2023)
    service.db.add(declaration(1, year=2022, decl_id="second", unit="乙单位"))
    with pytest.raises(RepositoryError, match="2 份申报"):
        service.find(year=2022)
    assert service.find(year=2022, unit="乙单位").id == "second"
    out = tmp_path / "out.json"
    service.export_bundle(d.id, out)
    stamp = read_bundle(out).exported
    assert stamp.startswith(f"{datetime.now().year}-")   # stamped when written
    assert out.read_text(encoding="utf-8") == dumps(d, stamp)
