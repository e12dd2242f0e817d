"""The editing session: projects, 回收站, roll forward, saving, autosave, raw input, undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from g60desk.services.memory import MemoryRepository
from g60desk.services.ports import RepositoryError
from g60desk.services.session import (
    AutosavePolicy,
    EditingSession,
    SessionError,
    TextHistory,
)
from g60desk.services.trash import MemoryTrashStore, RecycleBin
from tests import factories


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make(clock: Clock | None = None) -> tuple[EditingSession, MemoryRepository]:
    repo = MemoryRepository()
    repo.add(factories.declaration())
    bin_ = RecycleBin(MemoryTrashStore(), repo)
    s = EditingSession(repo, factories.templates(), bin_, clock=clock or Clock())
    s.open("decl1")
    return s, repo


def test_open_selects_first_project_and_is_clean() -> None:
    s, _ = make()
    assert s.project is not None and s.project.id == "clean1"
    assert not s.dirty and s.project_findings() == []


def test_create_declaration_prefills_units_and_template() -> None:
    s, repo = make()
    d = s.create_declaration(2026, " 某某中心 ", "", "shanghai-2026")
    assert d.units == ["某某中心"] and d.template == "shanghai-2026"
    assert repo.get(d.id).department == "某某中心"
    assert s.template.id == "shanghai-2026" and s.project is None
    with pytest.raises(SessionError):
        s.create_declaration(2026, "x", "", "beijing-2030")


def test_add_copy_move_delete_restore() -> None:
    s, repo = make()
    i = s.add_project()
    p = s.project
    assert i == 1 and p is not None and factories.day(p, "start") == date(2022, 1, 1) and p.unit == factories.UNIT
    assert s.dirty
    s.project.name = "新项目"  # type: ignore[union-attr]
    j = s.copy_project(0)
    assert j == 1 and s.declaration.projects[1].name == "办公室弱电系统安装(副本)"  # type: ignore[union-attr]
    assert s.declaration.projects[1].id != "clean1"  # type: ignore[union-attr]
    assert s.move_project(2, -1) == 1
    assert [p.name for p in s.declaration.projects] == [  # type: ignore[union-attr]
        "办公室弱电系统安装", "新项目", "办公室弱电系统安装(副本)"]
    assert s.move_project(0, -1) is None
    s.select_project(1)
    entry = s.delete_project(1)
    # Deleting saves at once: the bin and the database agree.
    assert not s.dirty and len(repo.get("decl1").projects) == 2
    assert s.project is not None and s.project.name == "办公室弱电系统安装(副本)"
    assert [e.id for e in s.bin.entries()] == [entry.id] and entry.title == "项目:新项目"
    decl_id, pid = s.restore(entry.id)
    assert decl_id == "decl1" and s.project is not None and s.project.id == pid
    assert [p.name for p in repo.get("decl1").projects] == [
        "办公室弱电系统安装", "新项目", "办公室弱电系统安装(副本)"]
    assert s.bin.entries() == []


def test_delete_last_project_and_declaration_then_restore_both() -> None:
    s, repo = make()
    project_entry = s.delete_project(0)
    assert s.project is None and s.project_index is None
    decl_entry = s.delete_declaration("decl1")
    assert s.declaration is None and repo.list() == []
    with pytest.raises(RepositoryError, match="请先从回收站恢复该申报"):
        s.restore(project_entry.id)
    s.restore(decl_entry.id)
    s.restore(project_entry.id)
    assert [p.id for p in repo.get("decl1").projects] == ["clean1"]


def test_roll_forward_copies_to_next_year() -> None:
    s, _repo = make()
    new = s.roll_forward()
    assert new.year == 2023 and new.id != "decl1"
    assert factories.day(new.projects[0], "start") == date(2023, 1, 1) and new.projects[0].id != "clean1"
    assert new.projects[0].funding.get("total") == Decimal("141500.00")
    assert {d.year for d in s.load_all()} == {2022, 2023}


def test_import_twice_stores_a_copy_with_new_ids() -> None:
    s, repo = make()
    first = s.import_declaration(factories.declaration())
    assert first.id != "decl1" and first.projects[0].id != "clean1"
    other = factories.declaration()
    other.id = "fresh"
    second = s.import_declaration(other)  # project id clean1 is stored already
    assert second.id != "fresh" and len(repo.list()) == 3


def test_import_of_an_unknown_template_is_refused() -> None:
    s, repo = make()
    other = factories.declaration()
    other.id, other.template = "fresh", "no-such-form"
    with pytest.raises(SessionError) as info:
        s.import_declaration(other)
    assert "no-such-form" in info.value.message and len(repo.list()) == 1


def test_save_failure_is_reported_and_keeps_the_edit() -> None:
    s, repo = make()

    def broken(decl: object) -> None:
        raise OSError(28, "No space left on device")

    repo.save = broken  # type: ignore[method-assign]
    s.project.name = "改过的名称"  # type: ignore[union-attr]
    s.changed()
    with pytest.raises(RepositoryError, match="保存失败"):
        s.save()
    assert s.dirty and s.last_save_error and "No space" in s.last_save_error


def test_autosave_is_due_after_typing_stops() -> None:
    clock = Clock()
    s, repo = make(clock)
    s.project.name = "A"  # type: ignore[union-attr]
    s.changed()
    assert not s.autosave_due()
    clock.now += 0.5
    s.changed()
    clock.now += 0.9
    assert not s.autosave_due() and s.autosave.remaining(clock.now) == pytest.approx(0.1)
    clock.now += 0.1
    assert s.autosave_due()
    s.save()
    assert not s.dirty and not s.autosave_due() and repo.get("decl1").projects[0].name == "A"
    policy = AutosavePolicy(2.0)
    assert not policy.due(0, True) and policy.remaining(5) == 2.0


def test_raw_input_is_reported_instead_of_the_missing_value() -> None:
    s, _ = make()
    s.project.funding.set("total", None)  # type: ignore[union-attr]
    s.set_raw_input("funding.total", "五百万", "金额只能包含数字。")
    found = s.project_findings()
    on_total = [f for f in found if f.path == "projects[0].funding.total"]
    assert [f.code for f in on_total] == ["INPUT"] and on_total[0].message == "金额只能包含数字。"
    assert s.raw_input("funding.total") == "五百万"
    assert s.unreadable_inputs() == [("办公室弱电系统安装", "funding.total", "五百万")]
    s.set_raw_input("funding.total", "", None)
    assert [f.code for f in s.project_findings() if f.path.endswith("funding.total")] == ["F001"]


def test_declaration_findings_and_update() -> None:
    s, _ = make()
    s.update_declaration(department="", units=[" A ", ""])
    assert s.declaration.units == ["A"]  # type: ignore[union-attr]
    codes = {f.code for f in s.declaration_findings()}
    assert "C002" in codes
    with pytest.raises(SessionError):
        s.update_declaration(template="nope")


def test_text_history_merges_quick_keystrokes() -> None:
    h = TextHistory(merge=1.0)
    h.reset("")
    h.record("5", 0.0)
    h.record("51", 0.3)
    h.record("510", 0.6)
    h.record("510万", 5.0)
    assert h.undo() == "510"
    assert h.undo() == ""
    assert h.undo() is None
    assert h.redo() == "510"
    h.record("520", 9.0)
    assert h.redo() is None and h.undo() == "510"


def test_unit_rename_reaches_the_projects_and_undoes_in_one_step() -> None:
    from g60desk.domain.operations import unit_renames
    assert unit_renames(["甲", "乙"], ["甲", "丙"]) == {"乙": "丙"}
    assert unit_renames(["甲", "乙"], ["甲", "乙", "丙"]) == {}
    assert unit_renames(["甲", "乙"], ["丙"]) == {}
    s = EditingSession(MemoryRepository(), factories.templates(),
                       RecycleBin(MemoryTrashStore(), MemoryRepository()), clock=Clock())
    s.create_declaration(2026, "区科委", "研究中心", "shanghai-2026")
    s.add_project()
    s.add_project()
    s.update_declaration(department="区科学技术委员会", units=["创新研究中心"])
    d = s.declaration
    assert d is not None
    assert [(p.values["department"], p.values["implementer"], p.unit) for p in d.projects] == [
        ("区科学技术委员会", "创新研究中心", "创新研究中心")] * 2
    assert s.undo_rename() == "已撤销单位改名:2 个项目恢复原来的单位名称。"
    assert d.department == "区科委" and d.units == ["研究中心"]
    assert [(p.values["department"], p.values["implementer"], p.unit) for p in d.projects] == [
        ("区科委", "研究中心", "研究中心")] * 2
    assert s.undo_rename() is None
