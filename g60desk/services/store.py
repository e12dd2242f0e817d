"""The store use cases the window and the command line call.

Open the data folder (with a report of anything that happened), list, get,
save and delete declarations and projects, copy a project, roll a declaration
to the next year, list and restore backups, import and export bundles.

Storage is reached only through the :class:`~g60desk.services.ports.DatabaseOpener`
passed in (app.py passes the TinyDB one, tests a memory one). Every failure
reaches the caller as a :class:`RepositoryError` with a Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from g60desk.domain.form import FormShape
from g60desk.domain.model import Declaration, Project
from g60desk.domain.operations import copy_declaration, copy_project, roll_forward
from g60desk.fileio import FileWriteError
from g60desk.services.ports import (
    BackupInfo,
    Database,
    DatabaseOpener,
    DeclarationInfo,
    NotFound,
    OpenReport,
    RepositoryError,
)
from g60desk.services.trash import RecycleBin

if TYPE_CHECKING:
    from g60desk.domain.rollup import Replacement

# Bundles and the roll-up's replacing (g60desk.exchange.bundle, services.replace) are
# imported when used: the window's start-up opens the store without them.

COPY_SUFFIX = "(副本)"
Conflict = Literal["refuse", "copy", "replace"]


class ImportConflict(RepositoryError):
    """The bundle's declaration or projects are already stored."""


@dataclass(frozen=True)
class ImportResult:
    """A bundle imported: where it went, whether as a new copy, what it replaced."""
    info: DeclarationInfo
    copied: bool           # stored as a new copy with new ids because of a conflict
    replaced: Replacement | None = None   # a unit's earlier version replaced (回收站)


class StoreService:
    """One open data folder at a time."""

    def __init__(self, opener: DatabaseOpener) -> None:
        self._opener = opener
        self._db: Database | None = None
        self.report: OpenReport | None = None

    # ------------------------------------------------------------ open / close

    def open(self) -> OpenReport:
        """Open the data folder; the report says what to tell the user."""
        if self._db is not None:
            self.close()
        self._db, self.report = self._opener()
        return self.report

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RepositoryError("数据尚未打开。")
        return self._db

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def has_unsaved_changes(self) -> bool:
        return self._db is not None and self._db.has_unsaved_changes

    def flush(self) -> None:
        """Retry saving changes kept in memory after a failed save."""
        self.db.flush()

    def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            db.close()

    # ------------------------------------------------------------ declarations

    def list_declarations(self, *, year: int | None = None,
                          unit: str | None = None) -> list[DeclarationInfo]:
        return self.db.list(year=year, unit=unit)

    def years(self) -> list[int]:
        return sorted({i.year for i in self.db.list()}, reverse=True)

    def get(self, declaration_id: str) -> Declaration:
        return self.db.get(declaration_id)

    def create(self, *, year: int, template: str, department: str = "") -> Declaration:
        decl = Declaration(year=year, template=template, department=department)
        self.db.add(decl)
        return decl

    def save(self, declaration: Declaration) -> None:
        self.db.save(declaration)

    def delete(self, declaration_id: str) -> None:
        self.db.delete(declaration_id)

    # ------------------------------------------------------------ projects

    def _project(self, decl: Declaration, project_id: str) -> Project:
        project = decl.project_by_id(project_id)
        if project is None:
            raise NotFound(f"申报中找不到项目(编号 {project_id})。")
        return project

    def save_project(self, declaration_id: str, project: Project) -> None:
        """Replace the project with the same id, or append it."""
        decl = self.db.get(declaration_id)
        for n, p in enumerate(decl.projects):
            if p.id == project.id:
                decl.projects[n] = project
                break
        else:
            decl.projects.append(project)
        self.db.save(decl)

    def delete_project(self, declaration_id: str, project_id: str) -> None:
        decl = self.db.get(declaration_id)
        self._project(decl, project_id)
        decl.projects = [p for p in decl.projects if p.id != project_id]
        self.db.save(decl)

    def copy_project(self, declaration_id: str, project_id: str, *,
                     to_declaration_id: str | None = None) -> Project:
        """Copy a project (new id, everything else kept).

        Within one declaration the copy follows its source and its name gets
        “(副本)”; into another declaration it is appended unchanged.
        """
        source_decl = self.db.get(declaration_id)
        source = self._project(source_decl, project_id)
        duplicate = copy_project(source)
        if to_declaration_id is None or to_declaration_id == declaration_id:
            duplicate.name = f"{source.name}{COPY_SUFFIX}"
            at = source_decl.projects.index(source) + 1
            source_decl.projects.insert(at, duplicate)
            self.db.save(source_decl)
        else:
            target = self.db.get(to_declaration_id)
            target.projects.append(duplicate)
            self.db.save(target)
        return duplicate

    def roll_forward(self, declaration_id: str, shape: FormShape | None = None) -> Declaration:
        """Copy a whole declaration to the next year (new ids; with the template's
        ``shape``, its dates and periods moved a year)."""
        nxt = roll_forward(self.db.get(declaration_id), 1, shape)
        self.db.add(nxt)
        return nxt

    # ------------------------------------------------------------ backups

    def list_backups(self) -> list[BackupInfo]:
        return self.db.list_backups()

    def restore_backup(self, name: str) -> BackupInfo | None:
        """Restore a backup (the current data is backed up first, returned)."""
        return self.db.restore_backup(name)

    # ------------------------------------------------------------ bundles

    def _stored_project_ids(self) -> set[str]:
        ids: set[str] = set()
        for info in self.db.list():
            ids.update(p.id for p in self.db.get(info.id).projects)
        return ids

    def import_declaration(self, decl: Declaration, *, on_conflict: Conflict = "refuse",
                           allow_older: bool = False, recycle_bin: RecycleBin | None = None,
                           source: str = "") -> ImportResult:
        """Store a declaration read from elsewhere; never overwrite a stored one silently.

        If its id or one of its project ids is already stored, ``refuse``
        raises :class:`ImportConflict`; ``copy`` stores it with new ids. When it is a
        unit's other version of a stored declaration or of its share of a stored roll-up
        (:mod:`g60desk.services.replace`), ``replace`` puts the stored version in
        ``recycle_bin`` and stores this one — only if it is newer, unless ``allow_older``;
        ``refuse`` says so. ``source`` names the file in messages.
        """
        stored_ids = {i.id for i in self.db.list()}
        clash_decl = decl.id in stored_ids
        clash_projects = sorted({p.id for p in decl.projects} & self._stored_project_ids())
        copied = False
        if (clash_decl or clash_projects or on_conflict == "replace") and on_conflict != "copy":
            done = self._replace(decl, on_conflict, allow_older, recycle_bin, source)
            if done is not None:
                return done
        if clash_decl or clash_projects:
            if on_conflict != "copy":
                what = (f"申报(编号 {decl.id})" if clash_decl
                        else f"项目(编号 {'、'.join(clash_projects[:5])})")
                raise ImportConflict(
                    f"数据库中已有相同的{what},可能已经导入过。为避免覆盖,没有导入。"
                    "如需另存为一份副本,请选择“作为副本导入”(命令行加 --copy)。")
            decl, copied = copy_declaration(decl), True
        self.db.add(decl)
        return ImportResult(info=DeclarationInfo.of(decl), copied=copied)

    def _replace(self, decl: Declaration, on_conflict: Conflict, allow_older: bool,
                 recycle_bin: RecycleBin | None, source: str) -> ImportResult | None:
        from g60desk.domain.rollup import UnitBundle
        from g60desk.services import replace

        stored = [self.db.get(i.id) for i in self.db.list()]
        incoming = UnitBundle(source or "这个数据包", decl)
        plan = replace.plan_for(stored, incoming)
        if plan is None:
            return None
        if on_conflict != "replace" and not plan.is_newer:
            return None   # the same bundle again, or an older one: refused as any clash
        target = next(d for d in stored if d.id == plan.target_id)
        text = replace.question(plan, target)
        if on_conflict != "replace":
            raise ImportConflict(f"{text}没有导入;如要替换,请加 --replace。")
        if not plan.is_newer and not allow_older:
            raise ImportConflict(f"{text}没有替换:只有较新的数据包才替换已有的版本;"
                                 "如确要用它替换,请再加 --allow-older。")
        if recycle_bin is None:
            raise RepositoryError("回收站不可用,没有替换。")
        new = replace.apply(self.db, recycle_bin, stored, incoming, plan)
        return ImportResult(info=DeclarationInfo.of(new), copied=False, replaced=plan)

    def import_bundle(self, path: Path, *, on_conflict: Conflict = "refuse") -> ImportResult:
        from g60desk.exchange import bundle

        try:
            decl = bundle.read_bundle(path)
        except bundle.BundleError as exc:
            raise RepositoryError(f"无法导入 {path}:{exc.message}") from None
        return self.import_declaration(decl, on_conflict=on_conflict)

    def find(self, *, year: int, unit: str | None = None) -> DeclarationInfo:
        """The one declaration of a year (and unit); a message if none or several."""
        found = self.db.list(year=year, unit=unit)
        where = f"{year}年" + (f"“{unit}”" if unit else "")
        if not found:
            raise NotFound(f"数据库中没有{where}的申报。")
        if len(found) > 1:
            lines = ";".join(f"{i.id}({i.department or '未填部门'},{i.project_count} 个项目)"
                             for i in found)
            raise RepositoryError(f"{where}有 {len(found)} 份申报:{lines}。请指定申报编号。")
        return found[0]

    def export_bundle(self, declaration_id: str, path: Path) -> Declaration:
        from g60desk.exchange import bundle

        decl = self.db.get(declaration_id)
        try:
            bundle.write_bundle(decl, path)
        except FileWriteError as exc:
            raise RepositoryError(exc.message) from None
        return decl
