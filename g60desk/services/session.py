"""The editing session: the open declaration, the current project, unsaved changes.

Everything the window does to data goes through here, so it can be tested
without Tk: creating, copying, deleting (to the 回收站), reordering projects,
rolling a declaration forward to the next year, saving, autosave timing, and
the live findings of the project on screen, including text the user typed that
cannot be read yet (kept, reported, never silently dropped).
"""

from __future__ import annotations

import contextlib
import copy
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration, Project, Signatures
from g60desk.domain.operations import (
    RenamedValue,
    copy_declaration,
    copy_project,
    new_project,
    rename_in_projects,
    restore_values,
    roll_forward,
    unit_renames,
)
from g60desk.domain.year_text import YearMention, find_mentions, move_mentions
from g60desk.formspec.spec import Template
from g60desk.rules.findings import Finding, Severity
from g60desk.services.ports import DeclarationInfo, DeclarationRepository, NotFound, RepositoryError
from g60desk.services.trash import RecycleBin, TrashEntry

if TYPE_CHECKING:
    from g60desk.domain.rollup import Replacement, UnitBundle
    from g60desk.rules.grade import Grade

# The review rules (g60desk.rules.checker, .grade, .review) are imported on the first
# check, and the roll-up (g60desk.services.replace) on its first use, not with the
# session: the window paints its first screen before any of them runs.

INPUT_CODE = "INPUT"
COPY_SUFFIX = "(副本)"


class SessionError(UserError):
    """Something the user asked for that cannot be done; ``message`` is Chinese."""


@dataclass
class AutosavePolicy:
    """Save ``delay`` seconds after typing stops (the window also saves on every switch)."""

    delay: float = 1.0
    last_edit: float | None = None

    def edited(self, now: float) -> None:
        self.last_edit = now

    def remaining(self, now: float) -> float:
        """Seconds until the save is due (0 when due); the window re-arms its timer with it."""
        if self.last_edit is None:
            return self.delay
        return max(0.0, self.delay - (now - self.last_edit))

    def due(self, now: float, dirty: bool) -> bool:
        return dirty and self.last_edit is not None and self.remaining(now) == 0.0

    def saved(self) -> None:
        self.last_edit = None


@dataclass
class TextHistory:
    """Undo/redo for one single-line field (ttk entries have none of their own).

    Keystrokes closer than ``merge`` seconds form one step, like a word processor.
    """

    limit: int = 200
    merge: float = 1.0
    states: list[str] = field(default_factory=lambda: [""])
    position: int = 0
    last_time: float = -1e9

    def reset(self, text: str) -> None:
        self.states = [text]
        self.position = 0
        self.last_time = -1e9

    def record(self, text: str, now: float) -> None:
        if text == self.states[self.position]:
            return
        del self.states[self.position + 1:]
        if now - self.last_time < self.merge and self.position > 0:
            self.states[self.position] = text
        else:
            self.states.append(text)
            self.position += 1
            if len(self.states) > self.limit:
                del self.states[0]
                self.position -= 1
        self.last_time = now

    def undo(self) -> str | None:
        if self.position == 0:
            return None
        self.position -= 1
        self.last_time = -1e9
        return self.states[self.position]

    def redo(self) -> str | None:
        if self.position + 1 >= len(self.states):
            return None
        self.position += 1
        self.last_time = -1e9
        return self.states[self.position]


@dataclass(frozen=True)
class RenameUndo:
    """One undo step of a rename in 设置: the old names and the project texts it replaced."""

    declaration_id: str
    department: str
    units: list[str]
    values: list[RenamedValue]
    projects: int


class EditingSession:
    def __init__(self, repo: DeclarationRepository, templates: Mapping[str, Template],
                 recycle_bin: RecycleBin, *, clock: Callable[[], float] = time.monotonic,
                 autosave_delay: float = 1.0, default_template: str | None = None) -> None:
        if not templates:
            raise ValueError("no templates")
        self.repo = repo
        self.templates = dict(templates)
        # A new declaration starts on the template marked ``default = true``.
        marked = [t.id for t in self.templates.values() if t.default]
        self.default_template = (default_template if default_template in self.templates
                                 else marked[-1] if marked else next(iter(self.templates)))
        self.bin = recycle_bin
        self.clock = clock
        self.autosave = AutosavePolicy(autosave_delay)
        self.declaration: Declaration | None = None
        self.project_index: int | None = None
        self.revision = 0
        self.saved_revision = 0
        # Text typed into a field that does not parse, by (project id, field key):
        # shown again when the project is reopened, reported as an error, not saved.
        self.raw_inputs: dict[tuple[str, str], tuple[str, str]] = {}
        self.rename_undo: RenameUndo | None = None
        self.last_save_error: str | None = None
        # Field keys the user typed in, by project id (待填 until then: services.pending).
        self.touched: dict[str, set[str]] = {}

    # ------------------------------------------------------------ state

    @property
    def dirty(self) -> bool:
        return self.revision != self.saved_revision

    @property
    def template(self) -> Template:
        """The declaration's template; an unknown one falls back to the first (C003 reports it)."""
        if self.declaration is not None and self.declaration.template in self.templates:
            return self.templates[self.declaration.template]
        return next(iter(self.templates.values()))

    def template_of(self, decl: Declaration) -> Template:
        return self.templates.get(decl.template) or next(iter(self.templates.values()))

    @property
    def project(self) -> Project | None:
        d, i = self.declaration, self.project_index
        if d is None or i is None or not 0 <= i < len(d.projects):
            return None
        return d.projects[i]

    def _require(self) -> Declaration:
        if self.declaration is None:
            raise SessionError("请先打开或新建一个申报。")
        return self.declaration

    def touch(self, key: str) -> None:
        """The user typed in field ``key`` of the current project (see services.pending)."""
        p = self.project
        if p is not None:
            self.touched.setdefault(p.id, set()).add(key)

    def touched_keys(self, index: int) -> set[str]:
        """Fields typed in this session in project ``index`` of the open declaration."""
        d = self.declaration
        if d is None or not 0 <= index < len(d.projects):
            return set()
        return self.touched.get(d.projects[index].id, set())

    def changed(self) -> None:
        """The window changed the model: count a revision and restart the autosave timer."""
        self.revision += 1
        self.autosave.edited(self.clock())

    # ------------------------------------------------------------ declarations

    def list_declarations(self) -> list[DeclarationInfo]:
        return self.repo.list()

    def load_all(self) -> list[Declaration]:
        """Every declaration for the navigator; the open one is the live, edited object."""
        out = []
        for info in self.repo.list():
            if self.declaration is not None and info.id == self.declaration.id:
                out.append(self.declaration)
                continue
            try:
                out.append(self.repo.get(info.id))
            except NotFound:
                continue
        if self.declaration is not None and all(d.id != self.declaration.id for d in out):
            out.append(self.declaration)
        return sorted(out, key=lambda d: (-d.year, d.department, d.id))

    def open(self, declaration_id: str, project_id: str | None = None) -> Declaration:
        """Open a declaration (saving the current one first) and select a project."""
        if self.declaration is not None and self.declaration.id == declaration_id:
            if project_id is not None:
                self.select_project_id(project_id)
            return self.declaration
        self.save_if_dirty()
        decl = self.repo.get(declaration_id)
        self._set_declaration(decl)
        if project_id is not None:
            self.select_project_id(project_id)
        return decl

    def reload(self, *, keep_unreadable: bool = False) -> Declaration | None:
        """Read everything again after the data was replaced underneath (a restored backup).

        The open declaration is dropped without saving (the caller saved it
        first); the same declaration and project are reopened if the new data
        has them, otherwise the newest declaration. Unreadable text typed into
        fields belonged to the old data and is forgotten unless ``keep_unreadable``.
        """
        old = self.declaration
        project = self.project
        self.declaration = None
        self.project_index = None
        self.revision = self.saved_revision = 0
        self.autosave.saved()
        self.last_save_error = None
        if not keep_unreadable:
            self.raw_inputs.clear()
        infos = self.repo.list()
        ids = [i.id for i in infos]
        target = old.id if old is not None and old.id in ids else (ids[0] if ids else None)
        if target is None:
            return None
        try:
            self._set_declaration(self.repo.get(target))
        except NotFound:
            return None
        if project is not None and target == (old.id if old else None):
            with contextlib.suppress(SessionError):
                self.select_project_id(project.id)
        return self.declaration

    def _set_declaration(self, decl: Declaration) -> None:
        self.declaration = decl
        self.project_index = 0 if decl.projects else None
        self.revision = self.saved_revision = 0
        self.autosave.saved()

    def close(self) -> None:
        self.save_if_dirty()
        self.declaration = None
        self.project_index = None

    def create_declaration(self, year: int, department: str, unit: str, template_id: str) -> Declaration:
        if template_id not in self.templates:
            raise SessionError(f"模板“{template_id}”不存在。")
        if not 1900 <= year <= 2200:
            raise SessionError(f"年度 {year} 不合理。")
        department = department.strip()
        unit = unit.strip() or department
        decl = Declaration(year=year, template=template_id, department=department,
                           units=[unit] if unit else [], signatures=Signatures(unit=unit))
        self.save_if_dirty()
        self.repo.add(decl)
        self._set_declaration(self.repo.get(decl.id))
        return self.declaration  # type: ignore[return-value]

    def open_sample(self, sample: Declaration) -> bool:
        """Open the sample declaration: the stored one when it was opened before (True),
        else it is imported once, under its own id (False). Never a second copy."""
        if any(info.id == sample.id for info in self.repo.list()):
            self.open(sample.id)
            return True
        self.import_declaration(sample)
        return False

    def import_declaration(self, decl: Declaration) -> Declaration:
        """Add a declaration read from a bundle, never overwriting a stored one.

        If its id or one of its project ids is stored already (the same bundle
        imported twice), it is stored as a copy with new ids. A declaration on a
        template this program does not have is refused (:class:`SessionError`).
        """
        if decl.template not in self.templates:
            known = "、".join(sorted(self.templates))
            raise SessionError(f"数据包使用的模板“{decl.template}”不存在(可用的模板:{known}),"
                               "没有导入。")
        self.save_if_dirty()
        stored = self.load_all()
        ids = {d.id for d in stored}
        project_ids = {p.id for d in stored for p in d.projects}
        if decl.id in ids or any(p.id in project_ids for p in decl.projects):
            decl = copy_declaration(decl)
        else:
            decl = copy.deepcopy(decl)
        self.repo.add(decl)
        self._set_declaration(self.repo.get(decl.id))
        return self.declaration  # type: ignore[return-value]

    # ------------------------------------------------------------ a unit's newer bundle

    def replacement_for(self, decl: Declaration, source: str) -> Replacement | None:
        """Is ``decl`` another version of a stored declaration, or of a unit's share of a
        stored roll-up? What replacing it would change (:mod:`g60desk.services.replace`)."""
        from g60desk.domain.rollup import UnitBundle
        from g60desk.services import replace

        self.save_if_dirty()
        return replace.plan_for(self.load_all(), UnitBundle(source, decl))

    def replacement_question(self, plan: Replacement) -> str:
        from g60desk.services import replace

        target = next(d for d in self.load_all() if d.id == plan.target_id)
        return replace.question(plan, target)

    def replace_from(self, decl: Declaration, source: str, plan: Replacement) -> Declaration:
        """Replace as ``plan`` says (the old version to the 回收站) and open the result."""
        from g60desk.domain.rollup import UnitBundle
        from g60desk.services import replace

        self.save_if_dirty()
        new = replace.apply(self.repo, self.bin, self.load_all(), UnitBundle(source, decl), plan)
        self._set_declaration(self.repo.get(new.id))
        return self.declaration  # type: ignore[return-value]

    def merge_units(self, bundles: Sequence[UnitBundle]) -> Declaration:
        """Roll ``bundles`` up into the open declaration (a roll-up): each unit it holds
        replaced (the old projects to the 回收站), each new unit added."""
        if self.declaration is None:
            raise SessionError("没有打开的申报。")
        from g60desk.services import replace

        self.save_if_dirty()
        new = replace.merge_into(self.repo, self.bin, self.load_all(), self.declaration,
                                 bundles)
        self._set_declaration(self.repo.get(new.id))
        return self.declaration

    def delete_declaration(self, declaration_id: str) -> TrashEntry:
        if self.declaration is not None and self.declaration.id == declaration_id:
            self.save_if_dirty()
            decl = self.declaration
        else:
            decl = self.repo.get(declaration_id)
        entry = self.bin.put_declaration(decl)
        self.repo.delete(declaration_id)
        if self.declaration is not None and self.declaration.id == declaration_id:
            self.declaration = None
            self.project_index = None
            self.revision = self.saved_revision = 0
        return entry

    def roll_forward(self) -> Declaration:
        """Copy the open declaration to the next year: new ids, dates a year later."""
        src = self._require()
        self.save_if_dirty()
        new = roll_forward(src, 1, self.template_of(src).shape)
        self.repo.add(new)
        self._set_declaration(self.repo.get(new.id))
        return self.declaration  # type: ignore[return-value]

    def year_mentions(self, year: int) -> list[YearMention]:
        """Where the open declaration's projects still write ``year``年."""
        d = self._require()
        return find_mentions(d, self.template_of(d).shape, year)

    def move_year_mentions(self, old: int, new: int) -> int:
        """Write ``new``年 for every ``old``年 in the projects' texts; how many changed."""
        d = self._require()
        n = move_mentions(d, self.template_of(d).shape, old, new)
        if n:
            self.changed()
        return n

    def update_declaration(self, *, department: str | None = None, units: list[str] | None = None,
                           signatures: Signatures | None = None, template: str | None = None,
                           year: int | None = None) -> None:
        d = self._require()
        if template is not None and template not in self.templates:
            raise SessionError(f"模板“{template}”不存在。")
        if year is not None and not 1900 <= year <= 2200:
            raise SessionError(f"年度 {year} 不合理。")
        before = (d.department, list(d.units))
        renamed: dict[str, str] = {}
        if units is not None:
            renamed = unit_renames(d.units, units)
        dept = None
        if department is not None and department.strip() != d.department:
            dept = (d.department, department.strip())
        if department is not None:
            d.department = department.strip()
        if units is not None:
            d.units = [u.strip() for u in units if u.strip()]
        changed = rename_in_projects(d, self.template_of(d).shape, renamed, dept)
        if changed:
            self.rename_undo = RenameUndo(d.id, before[0], before[1], changed,
                                          len({pid for pid, _, _ in changed}))
        if signatures is not None:
            d.signatures = copy.deepcopy(signatures)
        if template is not None:
            d.template = template
        if year is not None:
            d.year = year
        self.changed()

    def undo_rename(self) -> str | None:
        """Undo the last rename 设置 carried into the projects, in one step: the old
        主管部门, unit list, 所属单位 and 实施单位 come back. Returns a Chinese status line,
        or None when there is nothing to undo."""
        step = self.rename_undo
        d = self.declaration
        if step is None or d is None or d.id != step.declaration_id:
            return None
        self.rename_undo = None
        d.department = step.department
        d.units = list(step.units)
        restore_values(d, step.values)
        self.changed()
        return f"已撤销单位改名:{step.projects} 个项目恢复原来的单位名称。"

    # ------------------------------------------------------------ projects

    def select_project(self, index: int | None) -> None:
        d = self._require()
        if index is not None and not 0 <= index < len(d.projects):
            raise SessionError("项目不存在。")
        self.project_index = index

    def select_project_id(self, project_id: str) -> None:
        d = self._require()
        for i, p in enumerate(d.projects):
            if p.id == project_id:
                self.project_index = i
                return
        raise SessionError("项目不存在,可能已被删除。")

    def new_project(self, unit: str | None = None) -> Project:
        d = self._require()
        unit = (unit if unit is not None else (d.units[0] if d.units else d.department)).strip()
        return new_project(self.template_of(d).shape, d.year, d.department, unit)

    def add_project(self, unit: str | None = None, after: int | None = None) -> int:
        """Add an empty project (after ``after``, else at the end) and select it."""
        d = self._require()
        p = self.new_project(unit)
        index = len(d.projects) if after is None else min(after + 1, len(d.projects))
        d.projects.insert(index, p)
        self.project_index = index
        self.changed()
        return index

    def copy_project(self, index: int) -> int:
        d = self._require()
        p = copy_project(d.projects[index])
        p.name = (p.name + COPY_SUFFIX) if p.name else p.name
        d.projects.insert(index + 1, p)
        self.project_index = index + 1
        self.changed()
        return index + 1

    def delete_project(self, index: int) -> TrashEntry:
        """Move a project to the 回收站 (saved at once, so the bin and the database agree)."""
        d = self._require()
        if not 0 <= index < len(d.projects):
            raise SessionError("项目不存在。")
        entry = self.bin.put_project(d, index)
        removed = d.projects.pop(index)
        self.raw_inputs = {k: v for k, v in self.raw_inputs.items() if k[0] != removed.id}
        current = self.project_index
        if not d.projects:
            self.project_index = None
        elif current is not None and current > index:
            self.project_index = current - 1
        elif current == index:
            self.project_index = min(index, len(d.projects) - 1)
        self.changed()
        self.save()
        return entry

    def move_project(self, index: int, delta: int) -> int | None:
        """Move a project up (−1) or down (+1); returns its new index, None at an end."""
        d = self._require()
        new = index + delta
        if not (0 <= index < len(d.projects) and 0 <= new < len(d.projects)):
            return None
        d.projects[index], d.projects[new] = d.projects[new], d.projects[index]
        if self.project_index == index:
            self.project_index = new
        elif self.project_index == new:
            self.project_index = index
        self.changed()
        return new

    def restore(self, entry_id: str) -> tuple[str, str | None]:
        """Bring an entry back from the 回收站 and open where it went."""
        self.save_if_dirty()
        decl_id, project_id = self.bin.restore(entry_id)
        current = self.declaration
        if current is not None and current.id == decl_id:
            self._set_declaration(self.repo.get(decl_id))
        else:
            self.open(decl_id)
        if project_id is not None:
            self.select_project_id(project_id)
        return decl_id, project_id

    # ------------------------------------------------------------ raw input

    def set_raw_input(self, key: str, text: str, message: str | None) -> None:
        """Remember (or forget, with ``message=None``) unreadable text in a field of this project."""
        p = self.project
        if p is None:
            return
        if message is None:
            self.raw_inputs.pop((p.id, key), None)
        else:
            self.raw_inputs[(p.id, key)] = (text, message)

    def raw_input(self, key: str) -> str | None:
        p = self.project
        if p is None:
            return None
        entry = self.raw_inputs.get((p.id, key))
        return entry[0] if entry else None

    def unreadable_inputs(self) -> list[tuple[str, str, str]]:
        """(project name, field key, text) of every field whose text will not be saved."""
        d = self.declaration
        names = {p.id: p.name or "(未命名项目)" for p in d.projects} if d else {}
        return [(names.get(pid, ""), key, text) for (pid, key), (text, _) in self.raw_inputs.items()
                if pid in names]

    # ------------------------------------------------------------ checks

    def project_findings(self, index: int | None = None) -> list[Finding]:
        """Findings of one project (default: the current one), typing errors first."""
        d = self.declaration
        i = self.project_index if index is None else index
        if d is None or i is None or not 0 <= i < len(d.projects):
            return []
        pid = d.projects[i].id
        inputs = [Finding(Severity.ERROR, INPUT_CODE, f"projects[{i}].{key}", msg)
                  for (p, key), (_, msg) in self.raw_inputs.items() if p == pid]
        covered = {f.path for f in inputs}
        from g60desk.rules.checker import check_project

        found = [f for f in check_project(d, i, self.template) if f.path not in covered]
        return inputs + found

    def declaration_findings(self) -> list[Finding]:
        """Findings about the declaration as a whole (主管部门, 单位名单, duplicates)."""
        d = self.declaration
        if d is None:
            return []
        from g60desk.rules.checker import DECLARATION_CHECKS

        out = []
        if d.template not in self.templates:
            known = "、".join(sorted(self.templates))
            out.append(Finding(Severity.ERROR, "C003", "template",
                               f"模板“{d.template}”不存在,可用的模板:{known}。"))
        for check in DECLARATION_CHECKS:
            out.extend(check(d))
        return out

    def error_count(self, project_ids: list[str] | None = None) -> int:
        """Errors in what a printout of ``project_ids`` (None: everything) would contain:
        the declaration's own and those of the chosen projects; > 0 prints a draft."""
        d = self.declaration
        if d is None:
            return 0
        chosen = None if project_ids is None else {
            i for i, p in enumerate(d.projects) if p.id in set(project_ids)}
        return sum(1 for f in self.all_findings() if f.severity is Severity.ERROR and (
            chosen is None or f.project_index is None or f.project_index in chosen))

    def project_grade(self, index: int | None = None) -> Grade | None:
        """The readiness grade (可提交 / 建议修改 / 必须修改) of one project (default: the
        current one): the same function and findings as ``check`` uses for it."""
        d = self.declaration
        i = self.project_index if index is None else index
        if d is None or i is None or not 0 <= i < len(d.projects):
            return None
        from g60desk.rules.grade import grade_of
        from g60desk.rules.review import default_review

        return grade_of(d, self.project_findings(i), default_review().grade, i)

    def declaration_grade(self, findings: list[Finding] | None = None) -> Grade | None:
        """The grade of the whole open declaration, as ``check`` gives it; ``findings``
        (default: :meth:`all_findings`) saves re-checking when the caller has them."""
        d = self.declaration
        if d is None:
            return None
        found = self.all_findings() if findings is None else findings
        from g60desk.rules.grade import grade_of
        from g60desk.rules.review import default_review

        return grade_of(d, found, default_review().grade)

    def all_findings(self, decl: Declaration | None = None) -> list[Finding]:
        """Every finding of a declaration (default: the open one), for the navigator."""
        d = decl if decl is not None else self.declaration
        if d is None:
            return []
        if d is self.declaration:
            out = self.declaration_findings()
            for i in range(len(d.projects)):
                out.extend(self.project_findings(i))
            return out
        from g60desk.rules.checker import check_declaration

        return check_declaration(d, self.template_of(d))

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        """Write the open declaration; raises :class:`RepositoryError` (Chinese) on failure."""
        d = self.declaration
        if d is None:
            return
        revision = self.revision
        try:
            self.repo.save(d)
        except RepositoryError as exc:
            self.last_save_error = exc.message
            raise
        except OSError as exc:
            self.last_save_error = f"保存失败:{exc.strerror or exc}。数据仍在窗口中,请检查磁盘后重试。"
            raise RepositoryError(self.last_save_error) from exc
        self.saved_revision = revision
        self.last_save_error = None
        if not self.dirty:
            self.autosave.saved()

    def save_if_dirty(self) -> bool:
        if self.declaration is None or not self.dirty:
            return False
        self.save()
        return True

    def autosave_due(self) -> bool:
        return self.autosave.due(self.clock(), self.dirty)
