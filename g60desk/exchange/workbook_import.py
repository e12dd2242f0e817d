"""Reading workbooks (.xlsx): the program's own back to a Declaration, or an indicator list
from any workbook, its columns recognised by their header names (see docs/workbook.md).

Whatever the file is, the caller gets a result or one :class:`WorkbookError` with one
Chinese sentence: not a workbook, an old .xls, a password-protected file, a file too big
or with too many rows, a damaged package.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from g60desk import fileio
from g60desk.domain.errors import Cancelled, UserError
from g60desk.domain.indicator_sheet import (
    ROLE_NAMES,
    ForeignIndicators,
    SheetTable,
    collect,
    sheet_table,
    usable,
)
from g60desk.domain.model import Declaration
from g60desk.exchange.bundle import BundleError, loads
from g60desk.exchange.workbook import DATA_MARK, DATA_SHEET, DATA_VERSION, DETAIL_SHEET, safe_text

MAX_BYTES = 50 * 1024 * 1024
# What the package may unpack to (a zip bomb stops here) and rows read from one sheet.
MAX_UNPACKED = 400 * 1024 * 1024
MAX_ROWS = 20000
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"

class WorkbookError(UserError, ValueError):
    """A workbook that cannot be read; ``message`` is one Chinese sentence."""


@dataclass
class WorkbookContent:
    """Either the program's own declaration or a foreign indicator list (and, when asked
    for, every sheet's table for a mapping dialog)."""

    declaration: Declaration | None = None
    indicators: ForeignIndicators | None = None
    tables: list[SheetTable] = field(default_factory=list)
    # Chinese notes about the program's own workbook (its 指标明细 edited in Excel).
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the file

def sniff(data: bytes, path: Path) -> None:
    """Refuse what is not an .xlsx package, with the reason in one sentence."""
    if data.startswith(_OLE2):
        if "EncryptionInfo".encode("utf-16-le") in data or \
                "EncryptedPackage".encode("utf-16-le") in data:
            raise WorkbookError(f"{path.name} 设置了打开密码,无法读取。"
                                "请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再导入。")
        raise WorkbookError(f"{path.name} 是旧版 Excel 97-2003 工作簿(.xls),无法读取。"
                            "请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")
    if not data.startswith(_ZIP):
        raise WorkbookError(f"{path.name} 不是 Excel 工作簿(.xlsx)。")


def _package(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookError(f"{path.name} 已损坏,不是完整的 Excel 工作簿。") from None
    if "xl/workbook.xml" not in names:
        raise WorkbookError(f"{path.name} 不是 Excel 工作簿(可能是 Word 或其他 Office 文件)。")
    if unpacked > MAX_UNPACKED:
        raise WorkbookError(f"{path.name} 过大(解压后超过 {MAX_UNPACKED // (1024 * 1024)} MB),"
                            "不像是申报表或指标表。")


def open_workbook(path: Path) -> Any:
    """The workbook, read-only with cached values; :class:`WorkbookError` otherwise."""
    data = fileio.read_input(path, MAX_BYTES, WorkbookError, what="工作簿文件")
    sniff(data, path)
    _package(data, path)
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged package
        raise WorkbookError(f"{path.name} 已损坏或格式不受支持,无法作为 Excel 工作簿读取。") from None


def read_workbook(path: Path, *, tables: bool = False,
                  step: Callable[[int, int], None] | None = None) -> WorkbookContent:
    """The program's own declaration, or the first indicator list found in any sheet.

    With ``tables`` a foreign workbook also gives every sheet's table, and one whose
    columns are not recognised is not an error (the window lets the user map them).
    ``step(done, total)`` is called per sheet and every few hundred rows; it may raise
    :class:`~g60desk.domain.errors.Cancelled` to stop (nothing has been changed)."""
    tick = step or (lambda done, total: None)
    tick(0, 1)
    wb = open_workbook(path)
    try:
        if DATA_SHEET in wb.sheetnames:
            tick(1, 3)
            decl = _own(wb[DATA_SHEET], path)
            tick(2, 3)
            notes = _edited(wb, decl) if DETAIL_SHEET in wb.sheetnames else []
            tick(3, 3)
            return WorkbookContent(declaration=decl, notes=notes)
        content = WorkbookContent()
        sheets = wb.worksheets
        for k, ws in enumerate(sheets):
            tick(k, len(sheets))
            table = sheet_table(ws.title, _rows(ws, partial(tick, k, len(sheets))))
            if tables:
                content.tables.append(table)
            if content.indicators is None and usable(table.guess):
                content.indicators = collect(table, table.guess)
                if not tables:
                    return content
        if tables or content.indicators is not None:
            return content
    except (WorkbookError, Cancelled):
        raise
    except Exception:  # a damaged sheet inside a valid package
        raise WorkbookError(f"{path.name} 中的工作表已损坏,无法读取。") from None
    finally:
        wb.close()
    wanted = "、".join(ROLE_NAMES[r] for r in ("level1", "level2", "name", "value"))
    raise WorkbookError(f"{path.name} 中没有找到指标表:没有一行表头同时写有三级指标和指标值"
                        f"(可识别的列:{wanted} 等)。")


def _edited(wb: Any, decl: Declaration) -> list[str]:
    """A note when the visible 指标明细 no longer says what the data sheet holds."""
    shown = [tuple("" if v is None else str(v) for v in (row + (None,) * 8)[:8])
             for _, row in _rows(wb[DETAIL_SHEET])][1:]
    held = [tuple(safe_text(t) for t in (p.name, i.level1, i.level2, i.name, i.target))
            for p in decl.projects for i in p.indicators]
    if [(r[0], r[1], r[2], r[3], r[7]) for r in shown] == held:
        return []
    return [f"工作表“{DETAIL_SHEET}”与工作簿中保存的程序数据不一致(可能在 Excel 中改过),"
            "已按程序数据导入,在 Excel 中的修改没有导入;请在本程序中修改。"]


def _own(ws: Any, path: Path) -> Declaration:
    chunks: list[str] = []
    for n, (value, *_) in enumerate(ws.iter_rows(min_col=1, max_col=1, values_only=True)):
        if n == 0 and value != DATA_MARK:
            break
        if n == 1 and value != DATA_VERSION:
            raise WorkbookError(f"{path.name} 由更新版本的 G60Desk 写成,请升级后再导入。")
        if n >= 2 and isinstance(value, str):
            chunks.append(value)
    if not chunks:
        raise WorkbookError(f"{path.name} 中的 G60Desk 数据表已损坏(缺少数据)。")
    try:
        return loads("".join(chunks))
    except BundleError as exc:
        raise WorkbookError(f"{path.name} 中的 G60Desk 数据已损坏:{exc.message}") from None


# ---------------------------------------------------------------- foreign indicator lists

def _rows(ws: Any, tick: Callable[[], None] | None = None,
          ) -> Iterable[tuple[int, tuple[Any, ...]]]:
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if tick is not None and n % 500 == 0:
            tick()   # a chance to cancel between rows
        if n > MAX_ROWS:
            raise WorkbookError(f"工作表“{ws.title}”超过 {MAX_ROWS} 行,不像是指标表;"
                                "请只保留指标所在的行后再导入。")
        yield n, row


