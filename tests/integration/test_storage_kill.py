"""SIGKILL during saves: the database always opens holding a complete recent state.

Covers the crash-safe storage end to end (lock, temp cleanup, backups run in
the child too). The plain TinyDB JSONStorage run is the reference that shows
why the safe storage exists; it is slow-marked.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.table import Document

from g60desk.domain.model import Declaration
from g60desk.storage import open_database
from g60desk.storage.codec import decode_declaration, encode_declaration
from tests.integration import kill_harness
from tests.integration.kill_harness import DECL_ID, state

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")


def _state_number(decl: Declaration) -> int | str:
    k = int(decl.department.removeprefix("部门"))
    return k if decl == state(k) else f"declaration differs from state {k}"


def test_safe_storage_survives_200_kills(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    db, _ = open_database(folder)
    db.add(state(0))
    db.close()

    def saver(say: Callable[[str], None]) -> None:
        child_db, _ = open_database(folder, allow_read_only=False)
        k = int(child_db.get(DECL_ID).department.removeprefix("部门"))
        while True:
            k += 1
            say(f"B{k}")
            child_db.save(state(k))
            say(f"E{k}")

    stale_locks = 0

    def read_state() -> int | str:
        nonlocal stale_locks
        db, report = open_database(folder, allow_read_only=False)
        try:
            if report.damage is not None:
                return f"damaged: {report.damage.message}"
            stale_locks += report.stale_lock is not None
            return _state_number(db.get(DECL_ID))
        finally:
            db.close()

    stats = kill_harness.run(200, saver, read_state, until=lambda st: st.mid_save >= 50)
    print(f"\nsafe storage: {stats.kills} kills, {stats.mid_save} during a save, "
          f"{stats.corrupt} corrupt, {stale_locks} stale locks recovered")
    assert stats.kills >= 200
    assert stats.corrupt == 0, stats.problems[:5]
    # The kills must really land inside saves, or the test proves nothing.
    assert stats.mid_save >= 50
    assert not list(folder.glob("*.tmp")), "temp files left after the last open"
    assert not list(folder.glob("*.corrupt-*"))
    db, _ = open_database(folder)
    try:
        # A kill between a backup and its pruning leaves one extra; the next backup prunes.
        db.save(db.get(DECL_ID))
        backups = db.list_backups()
        assert 1 <= len(backups) <= 21
        for b in backups:   # every backup made by a killed child is whole
            assert db.backups.load(b.name)["declarations"][DECL_ID]["id"] == DECL_ID
    finally:
        db.close()


@pytest.mark.slow
def test_reference_plain_jsonstorage_corrupts_files(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"

    def write_plain(k: int) -> None:
        path.unlink(missing_ok=True)
        with TinyDB(path) as db:
            db.table("declarations").insert(Document(encode_declaration(state(k)), doc_id=1))

    write_plain(0)

    def saver(say: Callable[[str], None]) -> None:
        db = TinyDB(path)
        table = db.table("declarations")
        doc = table.get(doc_id=1)
        assert doc is not None
        k = int(doc["department"].removeprefix("部门"))
        while True:
            k += 1
            say(f"B{k}")
            table.upsert(Document(encode_declaration(state(k)), doc_id=1))
            say(f"E{k}")

    def read_state() -> int | str:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))["declarations"]["1"]
        except (ValueError, KeyError) as exc:
            return f"unreadable: {exc.__class__.__name__}"
        return _state_number(decode_declaration(doc))

    stats = kill_harness.run(100, saver, read_state, repair=write_plain,
                             until=lambda st: st.corrupt > 0)
    print(f"\nplain JSONStorage: {stats.kills} kills, {stats.mid_save} during a save, "
          f"{stats.corrupt} left an unreadable or wrong file")
    # The reason the safe storage exists: in-place writes leave broken files.
    assert stats.kills >= 100 and stats.corrupt > 0


def test_backup_restore_survives_200_kills(tmp_path: Path) -> None:
    """SIGKILL while restoring backups: the file always holds one whole state."""
    from datetime import datetime, timedelta

    folder = tmp_path / "data"
    now = datetime.now()
    names: dict[int, str] = {}
    for k, days_ago in ((1, 5), (2, 3)):
        # Each backup is the newest of its own day, so retention keeps both however
        # many safety backups the restores add.
        db, _ = open_database(folder, clock=lambda d=days_ago: now - timedelta(days=d))
        if db.contains(DECL_ID):
            db.save(state(k))
        else:
            db.add(state(k))
        info = db.backup_now("manual")
        assert info is not None
        names[k] = info.name
        db.close()
    db, _ = open_database(folder)
    db.save(state(0))
    db.close()

    def restored(label: int) -> int:
        return 0 if label == 0 else 1 if label % 2 else 2

    def restorer(say: Callable[[str], None]) -> None:
        child_db, _ = open_database(folder, allow_read_only=False)
        n = 0
        while True:   # labels n = 1, 2, 3 … restore states 1, 2, 1 …
            n += 1
            say(f"B{n}")
            child_db.restore_backup(names[restored(n)])
            say(f"E{n}")

    def read_state() -> int | str:
        db, report = open_database(folder, allow_read_only=False)
        try:
            if report.damage is not None:
                return f"damaged: {report.damage.message}"
            return _state_number(db.get(DECL_ID))
        finally:
            db.close()

    stats = kill_harness.run(200, restorer, read_state, state_of=restored,
                             until=lambda st: st.mid_save >= 50)
    print(f"\nbackup restore: {stats.kills} kills, {stats.mid_save} during a restore, "
          f"{stats.corrupt} corrupt")
    assert stats.kills >= 200
    assert stats.corrupt == 0, stats.problems[:5]
    assert stats.mid_save >= 50
    assert not list(folder.glob("*.tmp")) and not list(folder.glob("*.corrupt-*"))
    db, _ = open_database(folder)
    try:
        for b in db.list_backups():   # every backup a killed child made is whole
            assert db.backups.load(b.name)["declarations"][DECL_ID]["id"] == DECL_ID
    finally:
        db.close()
