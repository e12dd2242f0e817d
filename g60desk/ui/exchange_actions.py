"""文件 → 导出 Excel / 导入 Excel, 申报 → 汇总各单位数据包: the window's workbook and roll-up
actions, kept beside the main window so that it only wires them into its menus."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g60desk.domain.indicator_sheet import SheetTable
from g60desk.domain.model import Declaration
from g60desk.domain.money import format_wan
from g60desk.domain.rollup import (
    RollUpError,
    UnitBundle,
    bundle_units,
    plan_replacement,
    roll_up,
)
from g60desk.services import locate as loc
from g60desk.services.export import BackgroundJob, JobState
from g60desk.services.files import BundleFileError, Step
from g60desk.services.trash import declaration_label
from g60desk.services.window_actions import CANCEL, REPLACE_OLDER
from g60desk.ui.dialogs import BUNDLE_TYPES
from g60desk.ui.indicator_import import IndicatorImportWindow
from g60desk.ui.windows import ProgressWindow

if TYPE_CHECKING:
    from g60desk.ui.host import Host

WORKBOOK_TYPES = (("Excel 工作簿", "*.xlsx"), ("所有文件", "*"))


def in_background(win: Host, title: str, text: str, work: Callable[[Step], Any],
                  what: str, then: Callable[[Any], object]) -> ProgressWindow:
    """Run ``work`` as a background job with progress and 取消 (as the PDF export does);
    ``then(value)`` runs in the window once it has finished. A cancel or an error ends it
    there, having changed nothing: files are written all-or-nothing and data is stored
    only by ``then``."""
    def done(st: JobState) -> None:
        if st.cancelled:
            win.status(f"已取消{what},没有改动任何文件或数据。")
        elif st.error:
            win.dialogs.error(st.error, f"{what}失败")
        else:
            then(st.value)

    w = ProgressWindow(win, title, text, BackgroundJob(work, what), done)
    win.track(w)
    return w


def export_workbook(win: Host) -> ProgressWindow | None:
    d = win.session.declaration
    books = win.services.workbooks
    if d is None or books is None:
        return None
    if not win.save_before_switch():
        return None
    path = win.dialogs.save_file("导出 Excel", f"{d.year}年{d.department or '申报'}.xlsx",
                                 WORKBOOK_TYPES, ".xlsx", win.prefs.export_dir)
    if path is None:
        return None
    snapshot, template = copy.deepcopy(d), win.session.template   # the user may keep typing

    def finished(_: object) -> None:
        win.prefs.export_dir = str(path.parent)
        win.status(f"已导出 Excel 工作簿:{path}")

    return in_background(win, "导出 Excel", f"正在导出 {path.name}",
                         lambda step: books.write(snapshot, template, path, step),
                         "导出 Excel", finished)


def import_workbook(win: Host) -> ProgressWindow | None:
    """Read the workbook in the background (progress, 取消), then import what it holds."""
    books = win.services.workbooks
    if books is None:
        return None
    path = win.dialogs.open_file("导入 Excel", WORKBOOK_TYPES, win.prefs.export_dir)
    if path is None:
        return None
    return in_background(win, "导入 Excel", f"正在读取 {path.name}",
                         lambda step: books.read(path, step), "导入 Excel",
                         lambda decl: _import_read(win, path, decl))


def _import_read(win: Host, path: Path, decl: Declaration | list[SheetTable]) -> bool:
    if isinstance(decl, list):  # another program's workbook: an indicator list to map
        if win.session.project is None or win.editor is None:
            win.dialogs.error(f"{path.name} 不是 G60Desk 导出的工作簿,可以从中导入指标:"
                              "请先在左侧选择要添加指标的项目,再导入。", "导入指标")
            return False
        win.editor.select_tab(loc.TAB_INDICATORS)
        dialog = IndicatorImportWindow(win, decl, path.name)
        win.track(dialog)
        return True
    return win.actions.import_declaration(decl, path.name, what=f"工作簿 {path.name}",
                                          note="(另存为新的申报,原有数据未改动)")


def _holds_units(current: Declaration, bundles: Sequence[UnitBundle]) -> bool:
    """Does the open declaration (of the bundles' year and form) hold one of their units?"""
    first = bundles[0].declaration
    if (current.year, current.template) != (first.year, first.template):
        return False
    held = set(current.declaring_units()) | set(current.versions)
    return any(u in held for b in bundles for u in bundle_units(b.declaration))


MERGE, AS_NEW = "汇总到当前申报", "另存为新的汇总申报"


def _merge_into_current(win: Host, current: Declaration, bundles: Sequence[UnitBundle],
                        annual_key: str) -> bool | None:
    """Some bundles are newer versions of units the open roll-up holds: offer to replace
    those units' projects (the old ones to the 回收站) and add the other units to it.
    ``None``: the user prefers a new roll-up."""
    try:  # the picked bundles must fit together first
        roll_up(bundles, annual_key=annual_key, department=current.department or None)
    except RollUpError as exc:
        listed = "\n".join(f"· {c}" for c in exc.conflicts) if exc.conflicts else exc.message
        win.dialogs.error(listed, "无法汇总")
        return False
    label = declaration_label(current)
    lines: list[str] = []
    older = False
    for b in bundles:
        plan = plan_replacement(current, b, whole=False)
        if plan.old:
            lines.append("· " + plan.describe(label))
            older = older or not plan.is_newer
        else:
            lines.append(f"· {b.source}:新增单位“{'、'.join(plan.units)}”,"
                         f"{len(b.declaration.projects)} 个项目。")
    text = (f"当前申报“{label}”已有其中一些单位的项目:\n\n" + "\n".join(lines)
            + "\n\n汇总到当前申报时,这些单位原来的项目放入回收站,可以恢复。")
    if older:
        answer = win.dialogs.choose(text + "\n\n注意:有的数据包不比已有的版本新。确定仍要替换吗?",
                                    "汇总各单位数据包", [CANCEL, AS_NEW, REPLACE_OLDER],
                                    default=CANCEL)
    else:
        answer = win.dialogs.choose(text, "汇总各单位数据包", [CANCEL, AS_NEW, MERGE],
                                    default=MERGE)
    if answer == AS_NEW:
        return None
    if answer not in (MERGE, REPLACE_OLDER):
        return False
    if not win.save_before_switch():
        return False
    return win.actions.store(lambda: win.session.merge_units(bundles), "无法汇总",
                          lambda d: f"已汇总到当前申报:{len(d.declaring_units())} 个预算单位、"
                                    f"{len(d.projects)} 个项目(被替换的项目在回收站中)。")


def roll_up_bundles(win: Host) -> ProgressWindow | None:
    """Pick the units' bundles, read them in the background (progress, 取消), roll them
    up, confirm, and store the result as a new declaration (nothing stored is changed) —
    or, when the open roll-up holds some of their units, into it (:func:`_merge_into_current`)."""
    paths = win.dialogs.open_files("选择各单位的数据包(可多选)", BUNDLE_TYPES,
                                   win.prefs.export_dir)
    if not paths:
        return None
    reader = win.services.bundles

    def read_all(step: Step) -> list[UnitBundle]:
        out = []
        for k, path in enumerate(paths):
            step(k, len(paths))   # a chance to cancel between bundles
            try:
                out.append(UnitBundle(path.name, reader.read(path)))
            except BundleFileError as exc:
                raise BundleFileError(f"{path.name}:{exc.message}") from None
        step(len(paths), len(paths))
        return out

    return in_background(win, "汇总各单位数据包", f"正在读取 {len(paths)} 个数据包", read_all,
                         "汇总", lambda bundles: _roll_up_read(win, paths, bundles))


def _roll_up_read(win: Host, paths: Sequence[Path], bundles: list[UnitBundle]) -> bool:
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
    current = win.session.declaration
    if current is not None and _holds_units(current, bundles):
        merged = _merge_into_current(win, current, bundles, template.shape.annual_key)
        if merged is not None:
            return merged
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
    if not win.save_before_switch():
        return False
    win.prefs.export_dir = str(paths[0].parent)
    return win.actions.store(lambda: win.session.import_declaration(d), "无法汇总",
                          lambda _: f"已汇总 {len(result.units)} 个预算单位、"
                                    f"{len(d.projects)} 个项目。")
