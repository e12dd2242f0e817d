"""文件 → 导出 Excel / 导入 Excel, 申报 → 汇总各单位数据包: the window's workbook and roll-up
actions, kept beside the main window so that it only wires them into its menus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from g60desk.domain.money import format_wan
from g60desk.domain.rollup import RollUpError, UnitBundle, roll_up
from g60desk.services import locate as loc
from g60desk.services.files import BundleFileError
from g60desk.services.ports import RepositoryError
from g60desk.services.session import SessionError
from g60desk.ui.dialogs import BUNDLE_TYPES
from g60desk.ui.indicator_import import IndicatorImportWindow

if TYPE_CHECKING:
    from g60desk.ui.main_window import MainWindow

WORKBOOK_TYPES = (("Excel 工作簿", "*.xlsx"), ("所有文件", "*"))


def export_workbook(win: MainWindow) -> Path | None:
    d = win.session.declaration
    books = win.services.workbooks
    if d is None or books is None:
        return None
    if not win._save_before_switch():
        return None
    path = win.dialogs.save_file("导出 Excel", f"{d.year}年{d.department or '申报'}.xlsx",
                                 WORKBOOK_TYPES, ".xlsx", win.prefs.export_dir)
    if path is None:
        return None
    try:
        books.write(d, win.session.template, path)
    except BundleFileError as exc:
        win.dialogs.error(exc.message, "导出失败")
        return None
    win.prefs.export_dir = str(path.parent)
    win.status(f"已导出 Excel 工作簿:{path}")
    return path


def import_workbook(win: MainWindow) -> bool:
    books = win.services.workbooks
    if books is None:
        return False
    path = win.dialogs.open_file("导入 Excel", WORKBOOK_TYPES, win.prefs.export_dir)
    if path is None:
        return False
    try:
        decl = books.read(path)
    except BundleFileError as exc:
        win.dialogs.error(exc.message, "无法导入")
        return False
    if isinstance(decl, list):  # another program's workbook: an indicator list to map
        if win.session.project is None or win.editor is None:
            win.dialogs.error(f"{path.name} 不是 G60Desk 导出的工作簿,可以从中导入指标:"
                              "请先在左侧选择要添加指标的项目,再导入。", "导入指标")
            return False
        win.editor.select_tab(loc.TAB_INDICATORS)
        dialog = IndicatorImportWindow(win, decl, path.name)
        win._track(dialog)
        return True
    if not win._save_before_switch():
        return False
    try:
        decl = win.session.import_declaration(decl)
    except (RepositoryError, SessionError) as exc:
        win.dialogs.error(exc.message, "无法导入")
        return False
    win.show_current()
    win.status(f"已导入工作簿 {path.name}:{decl.year}年 {decl.department},"
               f"共 {len(decl.projects)} 个项目(另存为新的申报,原有数据未改动)。")
    return True


def roll_up_bundles(win: MainWindow) -> bool:
    """Pick the units' bundles, roll them up, confirm, and store the result as a new
    declaration (nothing stored is changed)."""
    paths = win.dialogs.open_files("选择各单位的数据包(可多选)", BUNDLE_TYPES,
                                   win.prefs.export_dir)
    if not paths:
        return False
    bundles = []
    for path in paths:
        try:
            bundles.append(UnitBundle(path.name, win.services.bundles.read(path)))
        except BundleFileError as exc:
            win.dialogs.error(f"{path.name}:{exc.message}", "无法汇总")
            return False
    template = win.session.templates.get(bundles[0].declaration.template)
    if template is None:
        win.dialogs.error(f"数据包使用的模板“{bundles[0].declaration.template}”不存在。", "无法汇总")
        return False
    names = list(dict.fromkeys(b.declaration.department.strip() for b in bundles
                               if b.declaration.department.strip()))
    department = None
    if len(names) > 1:
        department = win.dialogs.choose("各单位数据包的主管部门不同,汇总后的申报用哪一个?",
                                        "汇总各单位数据包", names, default=names[0])
        if department is None:
            return False
    try:
        result = roll_up(bundles, annual_key=template.shape.annual_key, department=department)
    except RollUpError as exc:
        lines = "\n".join(f"· {c}" for c in exc.conflicts) if exc.conflicts else exc.message
        head = f"数据包之间有 {len(exc.conflicts)} 处冲突,没有汇总:\n\n" if exc.conflicts else ""
        win.dialogs.error(head + lines, "无法汇总")
        return False
    units = "\n".join(f"· {t.unit}:{t.projects} 个项目,年度资金 {format_wan(t.annual_total)} 万元"
                      for t in result.units)
    notes = "".join(f"\n注意:{w}" for w in result.warnings)
    d = result.declaration
    if not win.dialogs.confirm(
            f"把 {len(result.units)} 个单位的 {len(d.projects)} 个项目汇总为"
            f"“{d.year}年 {d.department}”的一份新申报?\n\n{units}{notes}\n\n原有的申报不会改动。",
            "汇总各单位数据包", ok="汇总"):
        return False
    if not win._save_before_switch():
        return False
    try:
        win.session.import_declaration(d)
    except (RepositoryError, SessionError) as exc:
        win.dialogs.error(exc.message, "无法汇总")
        return False
    win.prefs.export_dir = str(paths[0].parent)
    win.show_current()
    win.status(f"已汇总 {len(result.units)} 个预算单位、{len(d.projects)} 个项目。")
    return True
