"""Reading workbooks (.xlsx): the program's own back to a Declaration, or an indicator list
from any workbook, its columns recognised by their header names (see docs/workbook.md).

Whatever the file is, the caller gets a result or one :class:`WorkbookError` with one
Chinese sentence: not a workbook, an old .xls, a password-protected file, a file too big
or with too many rows, a damaged package.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from g60desk import fileio
from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration, Indicator
from g60desk.exchange.bundle import BundleError, loads
from g60desk.exchange.workbook import DATA_MARK, DATA_SHEET, DATA_VERSION, DETAIL_SHEET, safe_text

MAX_BYTES = 50 * 1024 * 1024
# What the package may unpack to (a zip bomb stops here) and rows read from one sheet.
MAX_UNPACKED = 400 * 1024 * 1024
MAX_ROWS = 20000
# Header names are looked for in the first rows of each sheet.
HEADER_SEARCH_ROWS = 20
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"

# Column roles and the header names (normalised: NFKC, no spaces, no trailing colon) that name them.
ALIASES: dict[str, tuple[str, ...]] = {
    "project": ("项目名称", "项目", "项目名"),
    "level1": ("一级指标", "一级", "一级指标名称", "指标一级"),
    "level2": ("二级指标", "二级", "二级指标名称", "指标二级"),
    "name": ("三级指标", "三级", "三级指标名称", "指标名称", "绩效指标", "具体指标", "三级指标内容"),
    "operator": ("计算符号", "符号", "运算符", "运算符号", "指标值符号", "比较符号", "度量符号"),
    "value": ("年度指标值", "指标值", "目标值", "年度目标值", "指标值(数值)", "绩效指标值", "数值"),
    "unit": ("计量单位", "单位", "度量单位", "指标单位", "计量"),
    "raw": ("指标值(原文)", "指标值原文", "原文", "指标值(文字)"),
}
ROLE_NAMES = {"project": "项目名称", "level1": "一级指标", "level2": "二级指标", "name": "三级指标",
              "operator": "计算符号", "value": "指标值", "unit": "计量单位", "raw": "指标值(原文)"}


class WorkbookError(UserError, ValueError):
    """A workbook that cannot be read; ``message`` is one Chinese sentence."""


@dataclass
class ForeignIndicators:
    """An indicator list found in a workbook not written by the program."""

    sheet: str
    header_row: int
    columns: dict[str, str]                       # role → the header as written
    rows: list[tuple[str, int, Indicator]] = field(default_factory=list)  # (project, row, ind)
    findings: list[str] = field(default_factory=list)

    def projects(self) -> list[str]:
        return list(dict.fromkeys(p for p, _, _ in self.rows))


@dataclass
class WorkbookContent:
    """Either the program's own declaration or a foreign indicator list."""

    declaration: Declaration | None = None
    indicators: ForeignIndicators | None = None
    # Chinese notes about the program's own workbook (its 指标明细 edited in Excel).
    notes: list[str] = field(default_factory=list)


def normalise_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value)) if value is not None else ""
    return re.sub(r"\s+", "", text).rstrip(":").lstrip("*").strip()


_ALIAS_ROLE = {alias: role for role, names in ALIASES.items() for alias in names}


def match_columns(header: Sequence[Any]) -> dict[str, int]:
    """Role → column index for a header row (first match wins)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        role = _ALIAS_ROLE.get(normalise_header(cell))
        if role is not None and role not in found:
            found[role] = i
    return found


def usable(columns: dict[str, int]) -> bool:
    """A header that names at least the 三级 column and a value column."""
    return "name" in columns and ("value" in columns or "raw" in columns)


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


def read_workbook(path: Path) -> WorkbookContent:
    """The program's own declaration, or the first indicator list found in any sheet."""
    wb = open_workbook(path)
    try:
        if DATA_SHEET in wb.sheetnames:
            decl = _own(wb[DATA_SHEET], path)
            notes = _edited(wb, decl) if DETAIL_SHEET in wb.sheetnames else []
            return WorkbookContent(declaration=decl, notes=notes)
        for ws in wb.worksheets:
            found = _foreign(ws, path)
            if found is not None:
                return WorkbookContent(indicators=found)
    except WorkbookError:
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

def _rows(ws: Any) -> Iterable[tuple[int, tuple[Any, ...]]]:
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if n > MAX_ROWS:
            raise WorkbookError(f"工作表“{ws.title}”超过 {MAX_ROWS} 行,不像是指标表;"
                                "请只保留指标所在的行后再导入。")
        yield n, row


def _foreign(ws: Any, path: Path) -> ForeignIndicators | None:
    rows = _rows(ws)
    for n, row in rows:
        cols = match_columns(row)
        if usable(cols):
            found = ForeignIndicators(ws.title, n, {r: str(row[i]).strip() for r, i in cols.items()})
            _collect(found, cols, rows)
            return found
        if n >= HEADER_SEARCH_ROWS:
            return None
    return None


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious ``.0``, text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        try:
            d = Decimal(repr(value))
        except InvalidOperation:
            return str(value)
        text = format(d.normalize(), "f") if d == d.to_integral_value() else repr(value)
        return text
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


def target_of(operator: Any, value: Any, unit: Any) -> str:
    op, number, u = cell_text(operator), cell_text(value), cell_text(unit)
    if not number:
        return ""
    if number.endswith(u) and u:
        u = ""
    return f"{op}{number}{u}"


def _collect(found: ForeignIndicators, cols: dict[str, int],
             rows: Iterable[tuple[int, tuple[Any, ...]]]) -> None:
    """Rows under the header; merged 项目/一级/二级 cells (empty below the first) carry down."""
    carry = {"project": "", "level1": "", "level2": ""}
    sheet = found.sheet

    def get(row: tuple[Any, ...], role: str) -> Any:
        i = cols.get(role)
        return row[i] if i is not None and i < len(row) else None

    for n, row in rows:
        values = {r: get(row, r) for r in ALIASES}
        if all(cell_text(v) == "" for v in values.values()):
            continue
        where = f"工作表“{sheet}”第{n}行"
        dated = [ROLE_NAMES[r] for r in ("value", "raw")
                 if isinstance(values[r], (datetime, date, time))]
        if dated:
            found.findings.append(f"{where}:{dated[0]}是日期格式,不是指标值,未导入;"
                                  "请把该单元格改为文本格式后重新填写。")
            continue
        for role in carry:
            text = cell_text(values[role])
            if text:
                carry[role] = text
                if role == "level1":
                    carry["level2"] = cell_text(values["level2"])
        name = cell_text(values["name"])
        if not name:
            found.findings.append(f"{where}:没有三级指标名称,未导入。")
            continue
        raw = cell_text(values["raw"])
        target = raw or target_of(values["operator"], values["value"], values["unit"])
        if not carry["level1"] or not carry["level2"]:
            missing = "一级指标" if not carry["level1"] else "二级指标"
            found.findings.append(f"{where}:“{name}”没有{missing},已导入,请补填。")
        if not target:
            found.findings.append(f"{where}:“{name}”没有指标值,已导入,请补填。")
        found.rows.append((carry["project"], n,
                           Indicator(carry["level1"], carry["level2"], name, target)))
    if not found.rows and not found.findings:
        found.findings.append(f"工作表“{sheet}”的表头下没有指标行。")
