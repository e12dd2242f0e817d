"""What a click in the main window does, decided without Tk.

The main window's buttons, menus and navigator call these actions; an action asks the
user through an :class:`Asker` (the window's dialogs), changes the editing session, and
tells a :class:`Screen` what to redraw and what to say in the status bar. The window
only implements those two small protocols with its widgets, so every decision here
(which question, which default button, what the status bar says after a failure, what
happens when a save fails) is tested with fakes (tests/unit/test_window_actions.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

from g60desk.domain.model import Declaration
from g60desk.domain.year_text import YearMention
from g60desk.services import locate as loc
from g60desk.services.navigation import project_title
from g60desk.services.ports import RepositoryError
from g60desk.services.session import EditingSession, SessionError

# After a failed save, the next try comes this much later (or at the next keystroke).
SAVE_RETRY_MS = 5000
# Answers of the 保存失败 question when closing.
CLOSE_DISCARD, CLOSE_EXPORT, CLOSE_BACK = "不保存退出", "导出数据包…", "返回"
# Answers when an imported bundle is another version of a stored declaration.
REPLACE, REPLACE_OLDER, AS_COPY, CANCEL = "替换", "仍然替换", "另存为副本", "取消"


class Asker(Protocol):
    """The questions an action may put to the user (the window's message dialogs)."""

    def info(self, message: str, title: str = ...) -> None: ...

    def warning(self, message: str, title: str = ...) -> None: ...

    def error(self, message: str, title: str = ...) -> None: ...

    def confirm(self, message: str, title: str = ..., ok: str = ..., cancel: str = ...,
                danger: bool = ..., default: str | None = ...) -> bool: ...

    def choose(self, message: str, title: str, options: Sequence[str],
               default: str | None = ...) -> str | None: ...


class Screen(Protocol):
    """What an action asks of the window after changing the session."""

    def show_current(self) -> None:
        """Redraw navigator, editor and checks for the session's current project."""

    def status(self, message: str, style: str = "default") -> None: ...

    def update_title(self) -> None: ...

    def update_header(self) -> None: ...

    def refresh_all_checks(self) -> None: ...

    def retry_save_in(self, ms: int) -> None:
        """Try saving again in ``ms`` (the autosave timer)."""

    def select_in_navigator(self, current: tuple[str, str | None] | None) -> None:
        """Put the navigator's selection back on ``current`` (declaration, project)."""

    def refresh_navigator(self) -> None:
        """Redraw the navigator from the store (a declaration may have gone)."""

    def focus_project_name(self) -> None:
        """The 基本信息 tab with 项目名称 focused, for a project just added."""

    def new_declaration(self) -> object:
        """Open the 新建申报 dialog."""

    def forget_findings(self, declaration_id: str | None) -> None:
        """Drop cached declaration-wide findings (of one declaration, or all for None)."""

    def export_bundle(self) -> None:
        """Ask where, and write the declaration as a bundle (文件 → 导出数据包)."""


def listing(mentions: Sequence[YearMention], limit: int = 12) -> str:
    """Places as lines for a dialog; the rest counted."""
    lines = [f"· {m.describe()}" for m in mentions[:limit]]
    if len(mentions) > limit:
        lines.append(f"……另有 {len(mentions) - limit} 处")
    return "\n".join(lines)


class WindowActions:
    """The main window's actions on the editing session."""

    def __init__(self, session: EditingSession, ask: Asker, screen: Screen, *,
                 clock: Callable[[], str] = lambda: time.strftime("%H:%M:%S")) -> None:
        self.session = session
        self.ask = ask
        self.screen = screen
        self.clock = clock
        # A failed save is reported once in a dialog; quiet retries then only use the
        # status bar, until a save works again.
        self.save_failed = False

    # ------------------------------------------------------------ saving

    def save(self, quiet: bool = False) -> bool:
        """Ctrl+S (``quiet``: autosave, switches) — True when nothing is left unsaved."""
        s = self.session
        try:
            if quiet:
                saved = s.save_if_dirty()
            else:
                s.save()
                saved = True
        except RepositoryError as exc:
            self.screen.status(f"保存失败:{exc.message}", "danger")
            self.screen.update_title()
            if not self.save_failed or not quiet:
                self.save_failed = True
                self.ask.error(f"保存失败:{exc.message}\n\n修改仍保留在窗口中,程序会在您继续"
                               "输入时重试;也可以用“文件 → 导出数据包”另存一份。", "保存失败")
            self.screen.retry_save_in(SAVE_RETRY_MS)
            return False
        if self.save_failed:
            self.save_failed = False
            self.screen.status("已重新保存成功。", "success")
        elif saved and s.declaration is not None:
            self.screen.status(f"已保存 {self.clock()}")
        self.screen.update_title()
        return True

    def save_before_switch(self) -> bool:
        """Before leaving the project: saved, or the user chose to go on unsaved."""
        if not self.session.dirty:
            return True
        return self.save(quiet=True) or self.ask.confirm(
            "当前修改没有保存成功。仍要切换吗?修改会保留在内存中,稍后会再次尝试保存。", "保存失败",
            ok="仍要切换", cancel="留在这里")

    def may_close(self) -> bool:
        """Closing the window: True when nothing would be lost, or the user said so.

        Unreadable input is named and 返回修改 is the default; a failed save offers
        不保存退出 / 导出数据包… / 返回, with 返回 the default."""
        s = self.session
        lost = s.unreadable_inputs()
        if lost:
            tpl = s.template
            lines = "\n".join(
                f"· {name} · {loc.describe(loc.locate(f'projects[0].{key}', tpl.shape), tpl)}:“{text}”"
                for name, key, text in lost[:6])
            if not self.ask.confirm(
                    f"以下内容无法识别,不会被保存:\n{lines}\n\n仍要退出吗?", "有内容无法保存",
                    ok="退出", cancel="返回修改", danger=True, default="返回修改"):
                return False
        try:
            s.save_if_dirty()
        except RepositoryError as exc:
            answer = self.ask.choose(
                f"保存失败:{exc.message}\n\n现在退出,最近的修改将会丢失。"
                "可以先把申报导出为数据包,保存到其他位置。",
                "保存失败", [f"{CLOSE_DISCARD}:danger", CLOSE_EXPORT, f"{CLOSE_BACK}:primary"],
                default=CLOSE_BACK)
            if answer == CLOSE_EXPORT:
                self.screen.export_bundle()
                return False
            return answer == CLOSE_DISCARD
        return True

    # ------------------------------------------------------------ moving around

    def select(self, declaration_id: str, project_id: str | None) -> None:
        """A click in the navigator: save, then open that declaration or project."""
        s = self.session
        same = s.declaration is not None and s.declaration.id == declaration_id
        if same and (project_id is None or (s.project is not None and s.project.id == project_id)):
            return
        if not self.save_before_switch():
            self.screen.select_in_navigator(self._current())
            return
        try:
            if same and project_id is not None:
                s.select_project_id(project_id)
            else:
                s.open(declaration_id, project_id)
        except (SessionError, RepositoryError) as exc:
            self.ask.error(exc.message)
            self.screen.refresh_navigator()
            return
        self.screen.show_current()

    def _current(self) -> tuple[str, str | None] | None:
        s = self.session
        if s.declaration is None:
            return None
        return s.declaration.id, s.project.id if s.project else None

    # ------------------------------------------------------------ projects

    def new_project(self) -> None:
        """新建项目: after the current one, in its unit; without a declaration, 新建申报."""
        s = self.session
        if s.declaration is None:
            self.screen.new_declaration()
            return
        s.add_project(s.project.unit if s.project else None, after=s.project_index)
        self.save(quiet=True)
        self.screen.show_current()
        self.screen.focus_project_name()
        self.screen.status("已新建项目,请先填写项目名称。")

    def copy_project(self) -> None:
        s = self.session
        if s.project_index is None:
            return
        s.copy_project(s.project_index)
        self.save(quiet=True)
        self.screen.show_current()
        self.screen.status("已复制项目。")

    def delete_project(self) -> None:
        """删除项目, after confirmation, into the 回收站; a failure says it was not deleted."""
        s = self.session
        if s.project is None or s.project_index is None:
            return
        name = project_title(s.project)
        if not self.ask.confirm(f"删除项目“{name}”?\n\n删除的项目会先放进回收站,"
                                "可以从“文件 → 回收站”恢复。", "删除项目", ok="删除", danger=True):
            return
        try:
            s.delete_project(s.project_index)
        except (RepositoryError, SessionError) as exc:
            self.ask.error(exc.message, "删除失败")
            self.screen.show_current()
            self.screen.status(f"项目“{name}”没有删除。", "danger")
            return
        self.screen.show_current()
        self.screen.status(f"项目“{name}”已移到回收站。")

    def move_project(self, delta: int) -> None:
        """上移 / 下移 the current project by ``delta`` places."""
        s = self.session
        if s.project_index is None or s.move_project(s.project_index, delta) is None:
            return
        self.save(quiet=True)
        self.screen.refresh_all_checks()
        self.screen.update_header()

    # ------------------------------------------------------------ declarations

    def create_declaration(self, year: int, department: str, unit: str, template_id: str) -> bool:
        """新建申报's 确定: True when created (the dialog then closes)."""
        try:
            d = self.session.create_declaration(year, department, unit, template_id)
        except (SessionError, RepositoryError) as exc:
            self.ask.error(exc.message, "无法新建申报")
            return False
        self.screen.forget_findings(d.id)
        self.screen.show_current()
        self.screen.status("已新建申报。点击“新建项目”(Ctrl+N)添加第一个项目。")
        return True

    def roll_forward(self) -> Declaration | None:
        """复制到下一年度, then the offer to update year mentions."""
        d = self.session.declaration
        if d is None:
            return None
        if not self.ask.confirm(
                f"把“{d.year}年 {d.department}”复制为 {d.year + 1} 年度的申报?\n\n"
                "所有项目、金额、指标都会复制,计划日期顺延一年,请再逐项修改。", "复制到下一年度",
                ok="复制"):
            return None
        try:
            new = self.session.roll_forward()
        except (SessionError, RepositoryError) as exc:
            self.ask.error(exc.message)
            return None
        self.screen.show_current()
        self.screen.status(f"已创建 {new.year} 年度申报。")
        self.offer_year_update(d.year, new.year)
        return new

    def offer_year_update(self, old: int, new: int) -> None:
        """Offer to write ``new``年 for ``old``年 in the copied text; list what is left."""
        s = self.session
        mentions = s.year_mentions(old)
        if not mentions:
            return
        total = sum(m.count for m in mentions)
        if self.ask.confirm(
                f"复制过来的文字中有 {total} 处写着“{old}年”:\n{listing(mentions)}\n\n"
                f"把它们全部改为“{new}年”吗?改完后仍请逐项检查。", "更新年份",
                ok=f"改为“{new}年”", cancel="保留原样"):
            changed = s.move_year_mentions(old, new)
            self.save(quiet=True)
            self.screen.show_current()
            self.screen.status(f"已创建 {new} 年度申报,{changed} 处“{old}年”已改为“{new}年”。")
        left = s.year_mentions(old)
        if left:
            self.ask.warning(f"以下地方仍写着“{old}年”,请逐一检查是否需要改为“{new}年”:\n"
                             f"{listing(left)}", "请检查年份")
            self.screen.status(f"已创建 {new} 年度申报;仍有 {sum(m.count for m in left)} 处写着"
                               f"“{old}年”,请检查。", "warning")

    def delete_declaration(self) -> None:
        """删除申报 into the 回收站; another declaration opens, if there is one."""
        s = self.session
        d = s.declaration
        if d is None:
            return
        if not self.ask.confirm(
                f"删除整个申报“{d.year}年 {d.department}”({len(d.projects)} 个项目)?\n\n"
                "申报会先放进回收站,可以恢复。", "删除申报", ok="删除", danger=True):
            return
        try:
            s.delete_declaration(d.id)
        except RepositoryError as exc:
            self.ask.error(exc.message, "删除失败")
            return
        self.screen.forget_findings(d.id)
        others = s.list_declarations()
        if others:
            try:
                s.open(others[0].id)
            except (SessionError, RepositoryError) as exc:
                self.ask.error(exc.message)
        self.screen.show_current()
        self.screen.status("申报已移到回收站。")

    # ------------------------------------------------------------ importing

    def store(self, action: Callable[[], Declaration], title: str,
              status: Callable[[Declaration], str]) -> bool:
        """Run a session ``action`` that stores and opens a declaration; show it and say
        ``status(declaration)``, or show the storage error under ``title``."""
        try:
            decl = action()
        except (RepositoryError, SessionError) as exc:
            self.ask.error(exc.message, title)
            return False
        self.screen.show_current()
        self.screen.status(status(decl))
        return True

    def offer_replacement(self, decl: Declaration, source: str) -> bool | None:
        """When ``decl`` is another version of what is stored (a unit's bundle imported
        before, or its share of a roll-up), ask whether it replaces it.

        ``True``: replaced (the old version is in the 回收站) and opened; ``False``: the
        user cancelled; ``None``: not another version, or the user chose a copy: import as
        usual. An older (or not datable) bundle needs its own answer, 取消 the default.
        """
        s = self.session
        try:
            plan = s.replacement_for(decl, source)
        except (RepositoryError, SessionError) as exc:
            self.ask.error(exc.message, "无法导入")
            return False
        if plan is None:
            return None
        text = s.replacement_question(plan)
        if plan.is_newer:
            answer = self.ask.choose(f"{text}\n\n用它替换吗?也可以另存为一份副本(不改动已有的)。",
                                     "导入较新的数据包", [CANCEL, AS_COPY, REPLACE], default=REPLACE)
        else:
            answer = self.ask.choose(f"{text}\n\n通常只用较新的数据包替换已有的版本。"
                                     "确定要用它替换吗?", "数据包不比已有的版本新",
                                     [CANCEL, AS_COPY, REPLACE_OLDER], default=CANCEL)
        if answer == AS_COPY:
            return None
        if answer not in (REPLACE, REPLACE_OLDER):
            return False
        what = "整份申报" if plan.whole else "、".join(plan.units) + " 的项目"
        return self.store(lambda: s.replace_from(decl, source, plan), "无法替换",
                          lambda new: f"已用 {source} 替换{what}(原来的版本在回收站中):"
                                      f"{new.year}年 {new.department},共 {len(new.projects)} 个项目。")

    def import_declaration(self, decl: Declaration, source: str, *, sample: bool = False,
                           what: str | None = None, note: str = "") -> bool:
        """文件 → 导入数据包 (or 打开示例申报, or a G60Desk workbook) of a declaration read
        from ``source``; ``what`` names it in the status line (数据包 <source> by default)
        and ``note`` follows the count there.

        Another version of a stored one is offered as a replacement; the sample opens
        where it was left, and only its first opening imports it."""
        if not self.save_before_switch():
            return False
        if not sample:
            offered = self.offer_replacement(decl, source)
            if offered is not None:
                return offered
        s = self.session
        opened_before = False
        try:
            if sample:
                opened_before = s.open_sample(decl)
            else:
                decl = s.import_declaration(decl)
        except (RepositoryError, SessionError) as exc:
            self.ask.error(exc.message, "无法导入")
            return False
        self.screen.show_current()
        if opened_before:
            self.screen.status("已打开示例申报(之前打开过的那份,没有再导入一份)。")
        else:
            named = "示例申报" if sample else (what or f"数据包 {source}")
            self.screen.status(f"已导入{named}:{decl.year}年 {decl.department},"
                               f"共 {len(decl.projects)} 个项目{note}。")
        return True

    # ------------------------------------------------------------ settings

    def apply_settings(self) -> None:
        """After 设置 changed the declaration (template, units …): save and redraw."""
        self.session.changed()
        self.save(quiet=True)
        self.screen.show_current()

    def undo_rename(self) -> None:
        """编辑 → 撤销单位改名: the old names back in the declaration and its projects."""
        message = self.session.undo_rename()
        if message is None:
            self.screen.status("没有可撤销的单位改名。")
            return
        self.apply_settings()
        self.screen.status(message)
