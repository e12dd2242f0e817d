"""The main window's decisions, without Tk: title and save state, what is enabled, header."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from g60desk.domain.model import Declaration, Project
from g60desk.services import window_view as wv
from tests.factories import declaration, project, template


@dataclass
class FakeSession:
    declaration: Declaration | None = None
    project: Project | None = None
    project_index: int | None = None
    dirty: bool = False
    last_save_error: str | None = None


def opened(index: int = 0, **kw: object) -> FakeSession:
    d = declaration()
    d.projects.append(project())
    return FakeSession(d, d.projects[index], index, **kw)  # type: ignore[arg-type]


def test_nothing_open() -> None:
    s = FakeSession()
    view = wv.title_view(s, read_only=False)
    assert (view.title, view.state, view.full) == ("G60Desk", "", "G60Desk")
    assert not any(wv.action_states(s).values())
    assert wv.menu_item_enabled("导出 PDF…", s) is False
    assert wv.menu_item_enabled("导入数据包…", s) is None   # always available
    assert wv.header_view(s, None) == wv.HeaderView("", "")


def test_title_names_year_department_and_project_with_the_save_state() -> None:
    s = opened()
    d, p = s.declaration, s.project
    assert d is not None and p is not None
    view = wv.title_view(s, read_only=False)
    assert view.title == f"G60Desk — {d.year}年 {d.department} — {p.name}"
    assert (view.state, view.style) == ("已保存", "success")
    assert view.full.endswith("  [已保存]")
    s.dirty = True
    assert wv.title_view(s, False).state == "● 未保存"
    s.last_save_error = "磁盘已满"
    assert (wv.title_view(s, False).state, wv.title_view(s, False).style) == ("保存失败", "danger")
    assert wv.title_view(s, True).state == "只读"       # read-only wins over everything


def test_unnamed_parts_are_said_so() -> None:
    s = opened()
    assert s.declaration is not None and s.project is not None
    s.declaration.department = ""
    s.project.values["name"] = "  "
    assert wv.title_view(s, False).title.endswith("(未填写主管部门) — (未命名项目)")


def test_actions_follow_what_is_open() -> None:
    s = opened()
    assert all(wv.action_states(s).values())
    s.project, s.project_index = None, None   # a declaration with no project chosen
    states = wv.action_states(s)
    assert [k for k, on in states.items() if on] == list(wv.DECLARATION_ACTIONS)
    assert wv.menu_item_enabled("保存", s) is True


def test_header_shows_annual_amount_and_place() -> None:
    s = opened(index=1)
    shape = template().shape
    assert s.project is not None and s.declaration is not None
    view = wv.header_view(s, shape)
    n = len(s.declaration.projects)
    assert view.title == s.project.name
    assert view.info.endswith(f"· 第 2 / {n} 个项目")
    amount = shape.annual_amount(s.project)
    assert amount is not None
    assert f"{amount / Decimal(10000):,.2f} 万元" in view.info
    s.project.funding.set(shape.annual_key, None)
    assert "未填写" in wv.header_view(s, shape).info
