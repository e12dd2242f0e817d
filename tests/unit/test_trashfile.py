"""The 回收站 file keeps entries across runs and survives damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from g60desk.exchange.trashfile import TrashFile, TrashFileError
from g60desk.services.memory import MemoryRepository
from g60desk.services.trash import RecycleBin
from tests import factories


def test_entries_survive_a_restart(tmp_path: Path) -> None:
    repo = MemoryRepository()
    decl = factories.declaration()
    repo.add(decl)
    bin1 = RecycleBin(TrashFile(tmp_path / "trash.json"), repo)
    e1 = bin1.put_project(decl, 0)
    e2 = bin1.put_declaration(decl)
    bin2 = RecycleBin(TrashFile(tmp_path / "trash.json"), repo)
    entries = bin2.entries()
    assert [e.id for e in entries] == [e2.id, e1.id]
    project = entries[1].project
    assert project is not None and project.indicators == decl.projects[0].indicators
    assert project.funding == decl.projects[0].funding
    assert factories.day(project, "start") == factories.day(decl.projects[0], "start")


def test_damaged_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "trash.json"
    path.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(TrashFileError, match="已损坏"):
        TrashFile(path).load()
    assert not path.exists() and list(tmp_path.glob("trash.json.corrupt-*"))
    assert TrashFile(path).load() == []
