"""What the main window shows and enables, decided without Tk.

The window asks these functions and only applies the answers to its widgets, so the
decisions (the title and its save state, which buttons and menu items work, the header
over the editor) are tested with plain objects (tests/unit/test_window_view.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from g60desk.domain.form import FormShape
from g60desk.domain.model import Declaration, Project
from g60desk.domain.money import format_wan
from g60desk.services.navigation import project_title

APP_NAME = "G60Desk"
UNNAMED_DEPARTMENT = "(未填写主管部门)"
# Toolbar buttons that act on the current project, and those that need a declaration.
PROJECT_ACTIONS = ("copy", "delete", "up", "down")
DECLARATION_ACTIONS = ("new", "save", "pdf", "print")
# 文件 menu items that need an open declaration.
DECLARATION_ITEMS = ("保存", "导出数据包…", "导出 Excel…", "导出 PDF…", "打印…")


class SessionView(Protocol):
    """The part of the editing session these decisions read."""

    @property
    def declaration(self) -> Declaration | None: ...

    @property
    def project(self) -> Project | None: ...

    @property
    def project_index(self) -> int | None: ...

    @property
    def dirty(self) -> bool: ...

    @property
    def last_save_error(self) -> str | None: ...


@dataclass(frozen=True)
class TitleView:
    """The window title, and the save state shown beside the toolbar with its style."""

    title: str
    state: str
    style: str

    @property
    def full(self) -> str:
        return f"{self.title}  [{self.state}]" if self.state else self.title


def title_view(s: SessionView, read_only: bool) -> TitleView:
    parts = [APP_NAME]
    if s.declaration is not None:
        d = s.declaration
        parts.append(f"{d.year}年 {d.department or UNNAMED_DEPARTMENT}")
        if s.project is not None:
            parts.append(project_title(s.project))
    if read_only:
        state, style = "只读", "danger"
    elif s.last_save_error:
        state, style = "保存失败", "danger"
    elif s.dirty:
        state, style = "● 未保存", "warning"
    elif s.declaration is not None:
        state, style = "已保存", "success"
    else:
        state, style = "", "secondary"
    return TitleView(" — ".join(parts), state, style)


def action_states(s: SessionView) -> dict[str, bool]:
    """Toolbar key → enabled. Nothing acts before a declaration is open."""
    has_decl = s.declaration is not None
    has_project = s.project is not None
    states = dict.fromkeys(PROJECT_ACTIONS, has_project)
    states.update(dict.fromkeys(DECLARATION_ACTIONS, has_decl))
    return states


def menu_item_enabled(label: str, s: SessionView) -> bool | None:
    """Whether a 文件 menu item works now; None for items that are always available."""
    if label in DECLARATION_ITEMS:
        return s.declaration is not None
    return None


@dataclass(frozen=True)
class HeaderView:
    """The line over the editor: the project's name, and its 年度资金 and place."""
    title: str
    info: str


def header_view(s: SessionView, shape: FormShape | None) -> HeaderView:
    """The line over the editor: the project's name, its 年度资金 and its place."""
    p, d = s.project, s.declaration
    if p is None or d is None or shape is None:
        return HeaderView("", "")
    annual = shape.funding_row(shape.annual_key) if shape.annual_key else None
    value: Decimal | None = shape.annual_amount(p)
    name = annual.name if annual else "年度资金"
    amount = f"{name} {format_wan(value)} 万元" if value is not None else f"{name}未填写"
    where = f"第 {(s.project_index or 0) + 1} / {len(d.projects)} 个项目"
    return HeaderView(project_title(p), f"{amount} · {where}")
