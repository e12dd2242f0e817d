"""The TinyDB database on disk: CRUD, persistence, damage, schema, lock, backups, save failures.

Runs the real storage in a temp folder. Not covered here: SIGKILL during saves
(test_storage_kill.py) and the command line (test_cli_store.py).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from tinydb import TinyDB

from g60desk.domain.errors import NotFound, RepositoryError
from g60desk.storage import DB_NAME, open_database
from g60desk.storage.atomic import write_atomic
from g60desk.storage.errors import DatabaseLocked, NewerSchemaError, ReadOnlyError, SaveError
from g60desk.storage.safe_storage import SafeJSONStorage
from g60desk.storage.schema import SCHEMA_VERSION
from tests import factories
from tests.store_samples import declaration

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "storage"
ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A settable clock for backup timing."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 28, 9, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


def _stored(folder: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((folder / DB_NAME).read_text(encoding="utf-8"))
    return loaded


# ------------------------------------------------------------------ basics

def test_create_read_update_delete_and_reopen(folder: Path) -> None:
    db, report = open_database(folder)
    assert report.created and report.messages() == []
    d = declaration(3)
    db.add(d)
    with pytest.raises(RepositoryError, match="已存在"):
        db.add(d)
    assert db.get(d.id) == d
    got = db.get(d.id)
    got.projects[0].funding.set("annual", Decimal("123.45"))
    got.projects.pop()
    db.save(got)
    db.close()

    db, report = open_database(folder)
    assert not report.created
    again = db.get(d.id)
    assert again == got and again.projects[0].funding.get("annual") == Decimal("123.45")
    db.delete(d.id)
    with pytest.raises(NotFound):
        db.get(d.id)
    with pytest.raises(NotFound):
        db.delete(d.id)
    db.close()
    assert _stored(folder)["declarations"] == {}


def test_file_is_utf8_json_with_schema_version(folder: Path) -> None:
    db, _ = open_database(folder)
    db.add(declaration(1))
    db.close()
    raw = (folder / DB_NAME).read_bytes()
    assert "上海市松江区".encode() in raw          # UTF-8, not \\u escapes or GBK
    meta = json.loads(raw)["meta"]["1"]
    assert meta.pop("checksum").startswith("sha256:")
    assert meta == {"format": "g60desk-db", "schema": SCHEMA_VERSION}


def test_list_by_year_and_unit(folder: Path) -> None:
    db, _ = open_database(folder)
    a = declaration(2, year=2022, unit="甲单位")
    b = declaration(1, year=2023, unit="乙单位")
    c = declaration(1, year=2023, unit="甲单位", department="另一部门")
    c.units = []
    for d in (a, b, c):
        db.add(d)
    assert [i.year for i in db.list()] == [2023, 2023, 2022]
    assert {i.id for i in db.list(year=2023)} == {b.id, c.id}
    assert {i.id for i in db.list(unit="甲单位")} == {a.id, c.id}
    assert [i.id for i in db.list(year=2023, unit="甲单位")] == [c.id]
    info = next(i for i in db.list() if i.id == a.id)
    assert info.project_count == 2 and info.units == ("甲单位",)
    assert next(i for i in db.list() if i.id == c.id).units == ("甲单位",)
    db.close()


def test_safe_storage_works_as_a_plain_tinydb_storage(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    with TinyDB(path, storage=SafeJSONStorage) as db:
        db.insert({"名称": "项目"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"_default": {"1": {"名称": "项目"}}}
    with TinyDB(path, storage=SafeJSONStorage) as db:
        assert db.all() == [{"名称": "项目"}]


def test_lone_surrogate_text_still_saves(folder: Path) -> None:
    db, _ = open_database(folder)
    d = declaration(1)
    d.projects[0].name = "坏字符\udc80结尾"
    db.add(d)
    db.close()
    db, _ = open_database(folder)
    assert db.get(d.id).projects[0].name == "坏字符\udc80结尾"
    db.close()


# ------------------------------------------------------------------ damaged files

GOOD = json.dumps({"meta": {"1": {"format": "g60desk-db", "schema": 1}},
                   "declarations": {}}).encode()
DAMAGED = {
    "empty": b"",
    "zeros": b"\x00" * 4096,
    "truncated": GOOD[: len(GOOD) // 2],
    "not-json": b"this is not a database at all",
    "extra-tail": GOOD + b'"}]}}',
    "gbk": json.dumps({"meta": {"1": {"format": "g60desk-db", "schema": 1}},
                       "declarations": {"x": {"department": "松江区"}}},
                      ensure_ascii=False).encode("gbk"),
    "unknown-schema": json.dumps({"users": [1, 2, 3]}).encode(),
    "foreign-meta": json.dumps({"meta": {"1": {"format": "other", "schema": 1}}}).encode(),
    "bad-document": json.dumps({"meta": {"1": {"format": "g60desk-db", "schema": 1}},
                                "declarations": {"x": {"id": "x", "year": "二〇二二"}}}).encode(),
}
EXPECTED_KIND = {"empty": "empty", "zeros": "empty", "truncated": "truncated",
                 "not-json": "not-json", "extra-tail": "not-json", "gbk": "encoding",
                 "unknown-schema": "unknown-schema", "foreign-meta": "unknown-schema",
                 "bad-document": "unknown-schema"}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_damaged_file_is_moved_aside_never_overwritten(folder: Path, case: str) -> None:
    # A good history first, so there is a backup to offer.
    clock = Clock()
    db, _ = open_database(folder, clock=clock)
    good = declaration(2)
    db.add(good)
    db.close()
    clock.advance(hours=1)
    db, _ = open_database(folder, clock=clock)
    db.save(good)           # first write of this run: backs up the good file
    db.close()
    (folder / DB_NAME).write_bytes(DAMAGED[case])

    clock.advance(hours=1)
    db, report = open_database(folder, clock=clock)
    assert report.damage is not None
    assert report.damage.kind == EXPECTED_KIND[case]
    moved = Path(report.damage.moved_to)
    assert moved.name == f"{DB_NAME}.corrupt-20260128-110000"
    assert moved.read_bytes() == DAMAGED[case]            # kept byte for byte
    message = report.messages()[0]
    assert "没有被覆盖" in message and str(moved) in message
    offered = report.damage.offered_backup
    assert offered is not None and offered.project_count == 2
    assert "恢复备份" in message
    # The program keeps working on a fresh file…
    assert db.list() == []
    db.add(declaration(1, decl_id="new"))
    # …and the offered backup restores the good data.
    safety = db.restore_backup(offered.name)
    assert safety is not None and safety.project_count == 1
    assert db.get(good.id) == good
    db.close()
    assert moved.read_bytes() == DAMAGED[case]


def test_damaged_file_without_backup_says_so(folder: Path) -> None:
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"{\"meta\": {")
    db, report = open_database(folder)
    assert report.damage is not None and report.damage.offered_backup is None
    assert "没有找到可用的备份" in report.messages()[0]
    assert "文字没有结束" in report.messages()[0] or "缺少" in report.messages()[0]
    db.add(declaration(1))
    db.close()


def test_damaged_backup_is_not_offered(folder: Path) -> None:
    clock = Clock()
    db, _ = open_database(folder, clock=clock)
    db.add(declaration(1))
    db.close()
    for _ in range(2):
        clock.advance(hours=1)
        db, _ = open_database(folder, clock=clock)
        db.add(declaration(1, decl_id=f"d{clock.now.hour}"))
        db.close()
    backups = sorted((folder / "backups").glob("*.json"))
    assert len(backups) == 2
    backups[-1].write_bytes(b"{\"trunc")          # the newest backup is damaged
    (folder / DB_NAME).write_bytes(b"")
    db, report = open_database(folder, clock=clock)
    assert report.damage is not None and report.damage.offered_backup is not None
    assert report.damage.offered_backup.name == backups[0].name
    with pytest.raises(RepositoryError, match="无法使用"):
        db.restore_backup(backups[-1].name)
    db.close()


# ------------------------------------------------------------------ schema versions

def test_migrates_v0_prototype_file_after_backup(folder: Path) -> None:
    folder.mkdir()
    original = (FIXTURES / "v0-prototype.json").read_bytes()
    (folder / DB_NAME).write_bytes(original)
    db, report = open_database(folder)
    assert report.migrated_from == 0 and "升级" in report.messages()[0]
    infos = db.list()
    assert [(i.year, i.project_count) for i in infos] == [(2022, 2), (2021, 0)]
    decl = db.get(infos[0].id)
    first, second = decl.projects
    assert first.id == "proto01" and second.id and second.id != first.id
    assert factories.day(first, "start") is not None and factories.day(first, "start").isoformat() == "2022-01-01"
    assert first.funding.get("total") == Decimal("5100000.00")
    assert first.funding.get("annual_other") == Decimal("0.10")
    assert second.funding.get("total") == Decimal("141500.50") and factories.day(second, "end") is None
    assert [i.target for i in first.indicators] == ["=3堂", ">=85%"]
    assert first.sections["basis"] == "工作计划。" and first.sections["plan"] == ""
    assert decl.signatures.leader == "张三"
    db.close()
    # The file now records the current schema; the old one is in backups.
    meta = _stored(folder)["meta"]["1"]
    assert meta.pop("checksum").startswith("sha256:")
    assert meta == {"format": "g60desk-db", "schema": SCHEMA_VERSION}
    (backup,) = (folder / "backups").glob("*-migrate-*.json")
    assert backup.read_bytes() == original
    db, report = open_database(folder)
    assert report.migrated_from is None
    db.close()


def test_newer_schema_is_refused_and_left_untouched(folder: Path) -> None:
    folder.mkdir()
    newer = json.dumps({"meta": {"1": {"format": "g60desk-db", "schema": SCHEMA_VERSION + 1}},
                        "declarations": {}, "future": {}}).encode()
    (folder / DB_NAME).write_bytes(newer)
    with pytest.raises(NewerSchemaError) as err:
        open_database(folder)
    assert "较新版本" in err.value.message and "不会打开或改动" in err.value.message
    assert (folder / DB_NAME).read_bytes() == newer
    assert not list(folder.glob("*.corrupt-*"))
    # The lock was released: a later open (after upgrading) is not blocked.
    (folder / DB_NAME).unlink()
    db, _ = open_database(folder, allow_read_only=False)
    db.close()


# ------------------------------------------------------------------ lock

def test_second_instance_is_read_only(folder: Path) -> None:
    first, _ = open_database(folder)
    first.add(declaration(1, decl_id="a"))
    second, report = open_database(folder)
    assert report.read_only and second.read_only
    assert report.locked_by is not None and report.locked_by.pid == os.getpid()
    assert "只能查看" in report.messages()[0]
    assert [i.id for i in second.list()] == ["a"]
    with pytest.raises(ReadOnlyError):
        second.save(declaration(1, decl_id="b"))
    with pytest.raises(ReadOnlyError):
        second.delete("a")
    assert [i.id for i in second.list()] == ["a"]
    with pytest.raises(DatabaseLocked, match="正被另一个 G60Desk 使用"):
        open_database(folder, allow_read_only=False)
    second.close()
    first.close()
    third, report = open_database(folder, allow_read_only=False)
    assert report.locked_by is None and report.stale_lock is None
    third.close()


def test_lock_held_by_another_process_names_it(folder: Path) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from g60desk.storage import open_database
        db, _ = open_database(Path({str(folder)!r}))
        print("ready", flush=True)
        sys.stdin.readline()
        db.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseLocked) as err:
            open_database(folder, allow_read_only=False)
        assert err.value.holder is not None and err.value.holder.pid == proc.pid
        assert f"进程 {proc.pid}" in err.value.message
    finally:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=30)
    db, report = open_database(folder, allow_read_only=False)
    assert report.stale_lock is None          # a clean exit leaves no stale lock
    db.close()


@pytest.mark.parametrize("content", [
    '{"pid": 999999999, "host": "HOST", "user": "u", "since": "2026-01-01T08:00:00"}',
    '{"pid": 12',                              # killed while writing the lock itself
])
def test_stale_lock_from_a_crash_is_recovered(folder: Path, content: str) -> None:
    import socket
    folder.mkdir()
    (folder / "g60desk.lock").write_text(content.replace("HOST", socket.gethostname()))
    (folder / f"{DB_NAME}.123-abcd.tmp").write_bytes(b"half a save")
    db, report = open_database(folder, allow_read_only=False)
    assert not report.read_only
    assert report.cleaned_temp_files == 1
    assert not list(folder.glob("*.tmp"))
    if content.startswith('{"pid": 999'):
        assert report.stale_lock is not None and report.stale_lock.pid == 999999999
        assert "没有正常退出" in report.messages()[0]
    db.add(declaration(1))
    db.close()


def test_read_only_instance_does_not_clean_temp_files(folder: Path) -> None:
    first, _ = open_database(folder)
    live_temp = folder / f"{DB_NAME}.1-live.tmp"      # as if the first were mid-save
    live_temp.write_bytes(b"x")
    second, report = open_database(folder)
    assert report.read_only and report.cleaned_temp_files == 0 and live_temp.exists()
    second.close()
    first.close()


# ------------------------------------------------------------------ backups

def test_backup_before_first_write_of_each_run_and_every_ten_minutes(folder: Path) -> None:
    clock = Clock()
    db, _ = open_database(folder, clock=clock)
    d = declaration(1)
    db.add(d)                          # no file yet: nothing to back up
    db.close()
    assert db.list_backups() == []

    db, _ = open_database(folder, clock=clock)
    assert db.list_backups() == []     # opening alone writes nothing
    clock.advance(seconds=1)
    d.projects.append(declaration(2).projects[1])
    db.save(d)
    (start,) = db.list_backups()
    assert start.reason == "start" and start.project_count == 1
    clock.advance(minutes=9)
    db.save(d)
    assert len(db.list_backups()) == 1
    clock.advance(minutes=1, seconds=1)
    db.save(d)
    newest = db.list_backups()[0]
    assert newest.reason == "auto" and newest.project_count == 2
    assert "定时备份" in newest.describe() and "2 个项目" in newest.describe()
    db.close()


def test_backup_retention_keeps_last_twenty_and_one_per_day(folder: Path) -> None:
    clock = Clock()
    clock.now = datetime(2026, 1, 1, 8, 0)
    d = declaration(1)
    for day in range(40):
        for run in range(3):
            db, _ = open_database(folder, clock=clock)
            d.signatures.phone = f"{day}-{run}"
            db.save(d)
            db.close()
            clock.advance(hours=1)
        clock.now = datetime(2026, 1, 1, 8, 0) + timedelta(days=day + 1)
    names = sorted(p.name for p in (folder / "backups").glob("*.json"))
    days = {n.split("-")[1] for n in names}
    # 20 newest (about 7 days at 3 a day) + the newest of each of the other 23 of 30 days.
    assert len(days) == 30
    assert len(names) == 20 + 23
    assert min(days) == "20260111"


def test_restore_backs_up_current_data_first(folder: Path) -> None:
    clock = Clock()
    db, _ = open_database(folder, clock=clock)
    d = declaration(1)
    db.add(d)
    db.close()
    clock.advance(hours=1)
    db, _ = open_database(folder, clock=clock)
    d2 = declaration(3, decl_id="second")
    db.add(d2)
    (old,) = db.list_backups()
    assert old.project_count == 1
    clock.advance(minutes=1)
    safety = db.restore_backup(old.name)
    assert safety is not None and safety.reason == "restore" and safety.project_count == 4
    assert [i.id for i in db.list()] == [d.id]
    db.close()
    db, _ = open_database(folder, clock=clock)
    assert [i.id for i in db.list()] == [d.id]          # the restore was written
    db.restore_backup(safety.name)                       # and can be undone
    assert {i.id for i in db.list()} == {d.id, "second"}
    with pytest.raises(NotFound):
        db.restore_backup("g60desk-20990101-000000-000000-auto-d0-p0.json")
    with pytest.raises(NotFound):
        db.restore_backup("../g60desk.json")
    db.close()


# ------------------------------------------------------------------ save failures

class FlakyWriter:
    """Fails like a full disk while ``full`` is set, else writes for real."""

    def __init__(self) -> None:
        self.full = False

    def __call__(self, path: Path, data: bytes) -> None:
        if self.full:
            def no_space(*_: object) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")
            # The real write path, with the temp file write failing.
            write_atomic(path, data, replace=no_space)
            return
        write_atomic(path, data)


def test_full_disk_keeps_data_in_memory_and_reports(folder: Path) -> None:
    writer = FlakyWriter()
    db, _ = open_database(folder, writer=writer)
    d = declaration(1)
    db.add(d)
    writer.full = True
    d.projects[0].name = "断电前最后一次修改"
    with pytest.raises(SaveError) as err:
        db.save(d)
    assert "磁盘空间不足" in err.value.message
    assert db.has_unsaved_changes
    assert db.get(d.id).projects[0].name == "断电前最后一次修改"   # still in memory
    assert "断电前" not in (folder / DB_NAME).read_text(encoding="utf-8")  # old file intact
    assert not list(folder.glob("*.tmp"))
    with pytest.raises(SaveError):
        db.flush()
    writer.full = False
    db.flush()
    assert not db.has_unsaved_changes
    assert "断电前最后一次修改" in (folder / DB_NAME).read_text(encoding="utf-8")
    db.close()


def test_close_writes_pending_changes_or_reports(folder: Path) -> None:
    writer = FlakyWriter()
    db, _ = open_database(folder, writer=writer)
    writer.full = True
    with pytest.raises(SaveError):
        db.add(declaration(1, decl_id="x"))
    with pytest.raises(SaveError):
        db.close()                       # the caller learns the data was not saved
    # The lock is released even so.
    db2, _ = open_database(folder, allow_read_only=False)
    assert db2.list() == []
    db2.close()


def test_lock_unavailable_falls_back_to_read_only(folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from g60desk.storage import lock as lock_module
    from g60desk.storage.errors import LockUnavailable

    db, _ = open_database(folder)
    db.add(declaration(1, decl_id="a"))
    db.close()

    def refuse(cls: object, path: Path) -> object:
        raise LockUnavailable("无法在数据文件夹中创建锁文件(文件夹可能是只读的)。")

    monkeypatch.setattr(lock_module.FolderLock, "acquire", classmethod(refuse))
    db, report = open_database(folder)
    assert report.read_only and report.locked_by is None
    assert "只能查看" in report.messages()[0]
    assert [i.id for i in db.list()] == ["a"]
    with pytest.raises(ReadOnlyError):
        db.save(declaration(1, decl_id="b"))
    db.close()
    with pytest.raises(LockUnavailable):
        open_database(folder, allow_read_only=False)


def test_reading_waits_while_antivirus_holds_the_file(folder: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from g60desk.storage import schema

    db, _ = open_database(folder)
    db.add(declaration(1, decl_id="a"))
    db.close()
    from g60desk import fileio

    real = fileio.read_limited
    calls = []

    def busy_twice(path: Path, max_bytes: int, *, what: str = "") -> bytes:
        if path.name == DB_NAME and len(calls) < 2:
            calls.append(1)
            exc = PermissionError(errno.EACCES, "sharing violation")
            exc.winerror = 32  # type: ignore[attr-defined]
            raise fileio.FileReadError("busy") from exc
        return real(path, max_bytes, what=what)

    monkeypatch.setattr(fileio, "read_limited", busy_twice)
    monkeypatch.setattr(schema.time, "sleep", lambda s: None)
    db, report = open_database(folder)
    assert len(calls) == 2 and report.damage is None and [i.id for i in db.list()] == ["a"]
    db.close()
