"""What a click in the main window does (services/window_actions.py), with fakes: a real
editing session on an in-memory database, a scripted user and a recording screen."""

from __future__ import annotations

import copy
from collections.abc import Sequence

import pytest

from g60desk.domain.model import Declaration
from g60desk.services.memory import MemoryDatabase
from g60desk.services.session import EditingSession
from g60desk.services.trash import MemoryTrashStore, RecycleBin
from g60desk.services.window_actions import SAVE_RETRY_MS, WindowActions
from tests import factories


class User:
    """Answers questions from a script; records every question and message."""

    def __init__(self, *answers: bool | str | None) -> None:
        self.answers = list(answers)
        self.asked: list[dict[str, object]] = []
        self.told: list[tuple[str, str, str]] = []

    def _next(self) -> bool | str | None:
        assert self.answers, f"unexpected question: {self.asked[-1]}"
        return self.answers.pop(0)

    def info(self, message: str, title: str = "提示") -> None:
        self.told.append(("info", title, message))

    def warning(self, message: str, title: str = "注意") -> None:
        self.told.append(("warning", title, message))

    def error(self, message: str, title: str = "出错了") -> None:
        self.told.append(("error", title, message))

    def confirm(self, message: str, title: str = "请确认", ok: str = "确定", cancel: str = "取消",
                danger: bool = False, default: str | None = None) -> bool:
        self.asked.append(dict(kind="confirm", message=message, title=title, ok=ok, cancel=cancel,
                               danger=danger, default=default or ok))
        answer = self._next()
        assert isinstance(answer, bool)
        return answer

    def choose(self, message: str, title: str, options: Sequence[str],
               default: str | None = None) -> str | None:
        self.asked.append(dict(kind="choose", message=message, title=title,
                               options=[o.split(":")[0] for o in options], default=default))
        answer = self._next()
        assert answer is None or isinstance(answer, str)
        return answer


class Screen:
    """Records what the actions ask the window to do, in order."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.statuses: list[tuple[str, str]] = []
        self.retries: list[int] = []
        self.nav: list[tuple[str, str | None] | None] = []
        self.forgotten: list[str | None] = []

    def show_current(self) -> None:
        self.calls.append("show_current")

    def status(self, message: str, style: str = "default") -> None:
        self.statuses.append((message, style))

    def update_title(self) -> None:
        self.calls.append("update_title")

    def update_header(self) -> None:
        self.calls.append("update_header")

    def refresh_all_checks(self) -> None:
        self.calls.append("refresh_all_checks")

    def retry_save_in(self, ms: int) -> None:
        self.retries.append(ms)

    def select_in_navigator(self, current: tuple[str, str | None] | None) -> None:
        self.nav.append(current)

    def refresh_navigator(self) -> None:
        self.calls.append("refresh_navigator")

    def focus_project_name(self) -> None:
        self.calls.append("focus_project_name")

    def new_declaration(self) -> object:
        self.calls.append("new_declaration")
        return None

    def forget_findings(self, declaration_id: str | None) -> None:
        self.forgotten.append(declaration_id)

    def export_bundle(self) -> None:
        self.calls.append("export_bundle")

    @property
    def last_status(self) -> tuple[str, str]:
        return self.statuses[-1]


def make(*answers: bool | str | None, open_first: bool = True
         ) -> tuple[WindowActions, EditingSession, MemoryDatabase, User, Screen]:
    db = MemoryDatabase()
    d = factories.declaration()
    second = factories.project()
    second.id, second.values["name"] = "clean2", "会议室音视频系统改造"
    d.projects.append(second)
    db.add(d)
    s = EditingSession(db, factories.templates(), RecycleBin(MemoryTrashStore(), db))
    if open_first:
        s.open("decl1")
    user, screen = User(*answers), Screen()
    return WindowActions(s, user, screen, clock=lambda: "10:00:00"), s, db, user, screen


# ------------------------------------------------------------------ saving


def test_save_says_when_and_clears_dirty() -> None:
    a, s, _, user, screen = make()
    s.changed()
    assert a.save() and not s.dirty
    assert screen.last_status == ("已保存 10:00:00", "default") and user.told == []


def test_failed_save_is_reported_once_then_retried_quietly() -> None:
    a, s, db, user, screen = make()
    db.fail_saves = True
    s.changed()
    assert a.save(quiet=True) is False
    assert [t[1] for t in user.told] == ["保存失败"] and "修改仍保留在窗口中" in user.told[0][2]
    assert screen.last_status[1] == "danger" and screen.retries == [SAVE_RETRY_MS]
    assert a.save(quiet=True) is False          # the autosave retry: status bar only
    assert len(user.told) == 1 and screen.retries == [SAVE_RETRY_MS] * 2
    assert a.save(quiet=False) is False         # Ctrl+S always answers with a dialog
    assert len(user.told) == 2
    db.fail_saves = False
    assert a.save(quiet=True) and screen.last_status == ("已重新保存成功。", "success")
    assert not a.save_failed and not s.dirty


def test_switch_with_failed_save_asks_and_defaults_to_staying() -> None:
    a, s, db, user, screen = make(False)
    d = s.declaration
    assert d is not None
    db.fail_saves = True
    s.changed()
    a.select(d.id, d.projects[1].id)
    assert user.asked[-1]["ok"] == "仍要切换" and user.asked[-1]["cancel"] == "留在这里"
    assert s.project_index == 0 and screen.nav == [(d.id, d.projects[0].id)]
    assert "show_current" not in screen.calls


def test_select_saves_then_opens_the_project() -> None:
    a, s, db, _, screen = make()
    d = s.declaration
    assert d is not None
    d.projects[0].values["name"] = "改过的名称"
    s.changed()
    a.select(d.id, d.projects[1].id)
    assert s.project_index == 1 and not s.dirty
    assert db.get(d.id).projects[0].values["name"] == "改过的名称"
    assert screen.calls[-1] == "show_current"
    screen.calls.clear()
    a.select(d.id, d.projects[1].id)            # already there: nothing happens
    assert screen.calls == []


def test_select_of_a_vanished_declaration_redraws_the_navigator() -> None:
    a, _, _, user, screen = make()
    a.select("gone", None)
    assert user.told and user.told[0][0] == "error"
    assert screen.calls[-1] == "refresh_navigator"


# ------------------------------------------------------------------ closing


def test_close_with_unreadable_input_defaults_to_going_back() -> None:
    a, s, _, user, _ = make(False)
    s.set_raw_input("funding.annual", "五万", "不能含有文字")
    assert a.may_close() is False
    q = user.asked[0]
    assert q["default"] == "返回修改" and q["danger"] is True and "“五万”" in str(q["message"])


def test_close_with_unreadable_input_when_the_user_insists() -> None:
    a, s, _, _, _ = make(True)
    s.set_raw_input("funding.annual", "五万", "不能含有文字")
    s.changed()
    assert a.may_close() is True and not s.dirty


@pytest.mark.parametrize(("answer", "closes", "exported"), [
    ("不保存退出", True, False), ("导出数据包…", False, True), ("返回", False, False),
    (None, False, False)])
def test_close_when_the_save_fails(answer: str | None, closes: bool, exported: bool) -> None:
    a, s, db, user, screen = make(answer)
    db.fail_saves = True
    s.changed()
    assert a.may_close() is closes
    assert user.asked[0]["options"] == ["不保存退出", "导出数据包…", "返回"]
    assert user.asked[0]["default"] == "返回"
    assert ("export_bundle" in screen.calls) is exported


# ------------------------------------------------------------------ projects


def test_delete_project_goes_to_the_bin_and_says_so() -> None:
    a, s, db, user, screen = make(True)
    d = s.declaration
    assert d is not None
    name = d.projects[0].name
    a.delete_project()
    assert user.asked[0]["danger"] is True and name in str(user.asked[0]["message"])
    assert len(db.get(d.id).projects) == 1
    assert screen.last_status == (f"项目“{name}”已移到回收站。", "default")


def test_delete_project_cancelled_changes_nothing() -> None:
    a, s, _, _, screen = make(False)
    a.delete_project()
    assert s.declaration is not None and len(s.declaration.projects) == 2
    assert screen.statuses == [] and screen.calls == []


def test_failed_delete_never_says_it_went_to_the_bin() -> None:
    a, _, db, user, screen = make(True)
    db.fail_saves = True
    a.delete_project()
    assert user.told[0][:2] == ("error", "删除失败")
    assert screen.statuses and all("已移到回收站" not in m for m, _ in screen.statuses)
    assert screen.last_status[1] == "danger" and "没有删除" in screen.last_status[0]


def test_new_project_goes_after_the_current_one_with_its_unit() -> None:
    a, s, _, _, screen = make()
    d = s.declaration
    assert d is not None and s.project is not None
    unit = s.project.unit
    a.new_project()
    assert s.project_index == 1 and len(d.projects) == 3 and d.projects[1].unit == unit
    assert screen.calls[-2:] == ["show_current", "focus_project_name"]
    assert "项目名称" in screen.last_status[0] and not s.dirty


def test_new_project_without_a_declaration_opens_new_declaration() -> None:
    a, s, _, _, screen = make(open_first=False)
    a.new_project()
    assert screen.calls == ["new_declaration"] and s.declaration is None


def test_copy_and_move_project() -> None:
    a, s, db, _, screen = make()
    d = s.declaration
    assert d is not None
    first = d.projects[0].id
    a.copy_project()
    assert len(db.get(d.id).projects) == 3 and screen.last_status[0] == "已复制项目。"
    s.select_project_id(first)
    a.move_project(+1)
    assert [p.id for p in db.get(d.id).projects].index(first) == 1
    assert screen.calls[-2:] == ["refresh_all_checks", "update_header"]
    screen.calls.clear()
    s.select_project_id(d.projects[-1].id)
    a.move_project(+1)                           # already last: nothing to redraw
    assert screen.calls == []


# ------------------------------------------------------------------ declarations


def test_create_declaration_reports_a_bad_template() -> None:
    a, s, _, user, screen = make()
    assert a.create_declaration(2026, "某局", "某中心", "nowhere-2030") is False
    assert user.told[0][:2] == ("error", "无法新建申报")
    assert a.create_declaration(2026, "某局", "某中心", "shanghai-2026") is True
    d = s.declaration
    assert d is not None and d.department == "某局" and screen.forgotten == [d.id]
    assert "新建项目" in screen.last_status[0]


def test_roll_forward_offers_the_year_and_lists_what_is_left() -> None:
    a, s, _, user, screen = make(True, True)
    d = s.declaration
    assert d is not None
    p = d.projects[0]
    p.goals[next(iter(p.goals))] = "2022年完成设备更新。"
    s.changed()
    new = a.roll_forward()
    assert new is not None and new.year == 2023
    offer = user.asked[1]
    assert offer["ok"] == "改为“2023年”" and "2022年" in str(offer["message"])
    assert s.declaration is not None and s.declaration.year == 2023
    assert all("2022年" not in text for q in s.declaration.projects for text in q.goals.values())
    assert "已改为“2023年”" in " ".join(m for m, _ in screen.statuses)


def test_roll_forward_kept_as_is_warns_about_each_place() -> None:
    a, s, _, user, screen = make(True, False)
    d = s.declaration
    assert d is not None
    p = d.projects[0]
    p.goals[next(iter(p.goals))] = "2022年完成设备更新。"
    s.changed()
    a.roll_forward()
    warning = [t for t in user.told if t[0] == "warning"]
    assert warning and warning[0][1] == "请检查年份" and "2022年" in warning[0][2]
    assert screen.last_status[1] == "warning"


def test_roll_forward_cancelled_makes_nothing() -> None:
    a, _, db, _, screen = make(False)
    assert a.roll_forward() is None
    assert [i.year for i in db.list()] == [2022] and screen.calls == []


def test_delete_declaration_opens_another_one() -> None:
    a, s, db, user, screen = make(True)
    other = factories.declaration(year=2023)
    other.id = "decl2"
    db.add(other)
    a.delete_declaration()
    assert user.asked[0]["danger"] is True
    assert [i.id for i in db.list()] == ["decl2"]
    assert s.declaration is not None and s.declaration.id == "decl2"
    assert screen.forgotten == ["decl1"] and screen.last_status[0] == "申报已移到回收站。"


def test_undo_rename_with_nothing_to_undo_says_so() -> None:
    a, _, _, _, screen = make()
    a.undo_rename()
    assert screen.last_status[0] == "没有可撤销的单位改名。"


# ------------------------------------------------------------------ importing


def _version(exported: str, name: str) -> Declaration:
    d = factories.declaration()
    d.exported = exported
    d.projects[0].values["name"] = name
    return d


@pytest.mark.parametrize(("answer", "stored_names", "bin_size"), [
    ("替换", ["新版本名称"], 1),                        # replaced; the old one in the bin
    ("另存为副本", ["办公室弱电系统安装", "新版本名称"], 0),
    ("取消", ["办公室弱电系统安装"], 0),
    (None, ["办公室弱电系统安装"], 0)])
def test_a_newer_bundle_offers_to_replace(answer: str | None, stored_names: list[str],
                                          bin_size: int) -> None:
    a, s, db, user, screen = make(answer, open_first=False)
    stored = db.get("decl1")
    stored.exported, stored.projects = "2026-03-01T09:00:00+08:00", stored.projects[:1]
    db.save(stored)
    done = a.import_declaration(_version("2026-03-05T16:30:00+08:00", "新版本名称"), "乙.json")
    q = user.asked[0]
    assert q["title"] == "导入较新的数据包" and q["default"] == "替换"
    assert q["options"] == ["取消", "另存为副本", "替换"]
    assert done is (answer in ("替换", "另存为副本"))
    names = sorted(p.name for d in (db.get(i.id) for i in db.list()) for p in d.projects)
    assert names == sorted(stored_names)
    assert len(s.bin.entries()) == bin_size
    if answer == "替换":
        assert "原来的版本在回收站中" in screen.last_status[0]


def test_an_older_bundle_defaults_to_cancel() -> None:
    a, _, db, user, _ = make("取消", open_first=False)
    stored = db.get("decl1")
    stored.exported = "2026-03-05T16:30:00+08:00"
    db.save(stored)
    assert a.import_declaration(_version("2026-03-01T09:00:00+08:00", "旧版本"), "甲.json") is False
    q = user.asked[0]
    assert q["title"] == "数据包不比已有的版本新" and q["default"] == "取消"
    assert "仍然替换" in q["options"]   # type: ignore[operator]


def test_the_sample_is_imported_once_then_opened() -> None:
    a, _, db, user, screen = make(open_first=False)
    sample = factories.declaration(year=2023)
    sample.id, sample.projects[0].id = "sample-2023", "sample-p1"
    assert a.import_declaration(copy.deepcopy(sample), "示例", sample=True)
    assert screen.last_status[0].startswith("已导入示例申报:2023年")
    assert a.import_declaration(copy.deepcopy(sample), "示例", sample=True)
    assert screen.last_status[0].startswith("已打开示例申报(之前打开过的那份")
    assert sorted(i.id for i in db.list()) == ["decl1", "sample-2023"] and user.asked == []


def test_a_workbook_import_says_what_was_imported_and_keeps_the_stored_one() -> None:
    a, _, db, user, screen = make(open_first=False)
    book = factories.declaration(year=2024)
    book.id = "book-2024"
    assert a.import_declaration(book, "项目.xlsx", what="工作簿 项目.xlsx",
                                note="(另存为新的申报,原有数据未改动)")
    status = screen.last_status[0]
    assert status.startswith("已导入工作簿 项目.xlsx:2024年")
    assert status.endswith(f"共 {len(book.projects)} 个项目(另存为新的申报,原有数据未改动)。")
    ids = [i.id for i in db.list()]   # saved as a new declaration beside the stored one
    assert len(ids) == 2 and "decl1" in ids and user.asked == []
