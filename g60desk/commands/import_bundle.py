"""``python main.py import BUNDLE|BOOK.xlsx``: store a declaration in the user's database.

A bundle (.json) or the program's own workbook (.xlsx) is stored as it is. An indicator
list from any other workbook becomes a new declaration (``--year`` and ``--template``),
one project per 项目名称; each row that does not fit is listed and left out or flagged.
Nothing stored is overwritten without ``--replace``: a unit's newer bundle (by its
``exported`` stamp) then replaces the stored version, which goes to the 回收站.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from g60desk import paths
from g60desk.commands.store_common import with_store
from g60desk.commands.templates import load_all
from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration, Project
from g60desk.exchange.bundle import BundleError, read_bundle
from g60desk.exchange.trashfile import TRASH_FILE, TrashFile
from g60desk.formspec import Template, TemplateError
from g60desk.services.store import Conflict, ImportConflict, StoreService
from g60desk.services.trash import RecycleBin


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "import", help="把数据包(.json)导入本机数据库",
        description="把 G60Desk 数据包或 Excel 工作簿导入本机数据库。已存在相同编号时默认拒绝,"
                    "不会覆盖。其他工作簿中的指标表按表头识别各列,导入为一份新的申报。")
    p.add_argument("bundle", metavar="数据包", type=Path,
                   help="G60Desk 数据包(.json)或 Excel 工作簿(.xlsx)")
    p.add_argument("--copy", action="store_true",
                   help="编号已存在时作为副本导入(使用新编号),而不是拒绝")
    p.add_argument("--replace", action="store_true",
                   help="同一单位的较新数据包替换数据库中已有的版本(整份申报或汇总申报中该单位的项目);"
                        "被替换的版本放入回收站")
    p.add_argument("--allow-older", action="store_true",
                   help="与 --replace 同用:数据包不比已有的版本新(较旧、相同或无导出时间)时也替换")
    p.add_argument("--year", type=int, metavar="年度", help="导入其他工作簿的指标表时:申报年度")
    p.add_argument("--template", metavar="模板", help="导入其他工作簿的指标表时:所用模板编号")
    p.add_argument("--department", default="", metavar="部门", help="导入指标表时:主管部门名称")
    p.add_argument("--preview", action="store_true",
                   help="只显示识别出的列、指标和问题,不导入")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Refuse before opening the store: a declaration on a missing template could not be used.
    try:
        templates = load_all()
    except TemplateError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 2
    if is_workbook(args.bundle):
        decl = workbook_declaration(args, templates)
        if decl is None:
            return 0
    else:
        try:
            decl = read_bundle(args.bundle)
        except BundleError as exc:
            print(f"错误:无法导入 {args.bundle}:{exc.message}", file=sys.stderr)
            return 2
    template = decl.template
    if template not in templates:
        known = "、".join(sorted(templates))
        print(f"未导入:数据包使用的模板“{template}”不存在(可用的模板:{known})。",
              file=sys.stderr)
        return 2

    if args.copy and args.replace:
        print("错误:--copy 和 --replace 不能同时使用。", file=sys.stderr)
        return 2
    if args.allow_older and not args.replace:
        print("错误:--allow-older 只能与 --replace 一起使用。", file=sys.stderr)
        return 2

    def action(service: StoreService) -> int:
        bin_ = RecycleBin(TrashFile(paths.data_dir() / TRASH_FILE), service.db)
        conflict: Conflict = "copy" if args.copy else "replace" if args.replace else "refuse"
        try:
            result = service.import_declaration(decl, on_conflict=conflict,
                                                allow_older=args.allow_older,
                                                recycle_bin=bin_, source=args.bundle.name)
        except ImportConflict as exc:
            print(f"未导入:{exc.message}", file=sys.stderr)
            return 2
        info = result.info
        if result.replaced is not None:
            r = result.replaced
            what = "整份申报" if r.whole else f"“{'、'.join(r.units)}”的 {len(r.old)} 个项目"
            print(f"已用 {args.bundle.name} 替换 {info.year} 年申报“{info.department or '未填部门'}”"
                  f"中的{what}(原来的版本已放入回收站);现有 {info.project_count} 个项目,"
                  f"申报编号 {info.id}。")
            return 0
        how = "作为副本(新编号)" if result.copied else ""
        print(f"已{how}导入 {info.year} 年申报“{info.department or '未填部门'}”,"
              f"{info.project_count} 个项目,申报编号 {info.id}。")
        return 0

    return with_store(action, read_only_ok=False)


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et")


def is_workbook(path: Path) -> bool:
    """A workbook by its name or its first bytes (a zip or an old OLE2 file)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))


def workbook_declaration(args: argparse.Namespace,
                         templates: dict[str, Template]) -> Declaration | None:
    """The declaration a workbook holds, or one built from its indicator list;
    ``None`` after ``--preview``. Raises :class:`UserError` for an unusable workbook."""
    from g60desk.exchange.workbook_import import read_workbook

    content = read_workbook(args.bundle)
    for note in content.notes:
        print(f"注意:{note}", file=sys.stderr)
    if content.declaration is not None:
        if args.preview:
            d = content.declaration
            print(f"G60Desk 工作簿:{d.year} 年申报“{d.department or '未填部门'}”,"
                  f"{len(d.projects)} 个项目。")
            return None
        return content.declaration
    found = content.indicators
    assert found is not None
    columns = ",".join(f"{role}←“{header}”" for role, header in found.columns.items())
    print(f"指标表:工作表“{found.sheet}”第{found.header_row}行为表头;识别的列:{columns}")
    for line in found.findings:
        print(f"问题:{line}")
    names = found.projects()
    print(f"可导入 {len(found.rows)} 条指标,{len(names)} 个项目,{len(found.findings)} 处问题。")
    if args.preview:
        return None
    if not found.rows:
        raise UserError(f"{args.bundle.name} 的指标表中没有可导入的指标。")
    if args.year is None or not args.template:
        raise UserError("导入其他工作簿的指标表会新建一份申报,请用 --year 和 --template 指定"
                        f"年度和模板(可用的模板:{'、'.join(sorted(templates))})。")
    decl = Declaration(year=args.year, template=args.template, department=args.department)
    for name in names:
        p = Project()
        p.name = name or args.bundle.stem
        p.indicators = [ind for proj, _, ind in found.rows if proj == name]
        decl.projects.append(p)
    return decl
