"""An indicator list in a spreadsheet (一体化 exports, finance offices' own sheets): which
column is which, recognised by the header names, and the rows turned into indicators
with a Chinese finding for each row that does not fit. Pure: the rows come from the
reader in :mod:`g60desk.exchange.workbook_import`; the window's mapping dialog uses the
same functions with the columns the user picked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from g60desk.domain.model import Indicator

# Header names are looked for in the first rows of a sheet.
HEADER_SEARCH_ROWS = 20
# Column roles in the order a mapping dialog lists them, and the header names (normalised:
# NFKC, no spaces, no trailing colon or leading *) that name them.
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
_ALIAS_ROLE = {alias: role for role, names in ALIASES.items() for alias in names}
# What a spreadsheet shows for a formula that failed (Excel, WPS, LibreOffice).
_FORMULA_ERROR = re.compile(r"^(#(NAME\?|VALUE!|REF!|DIV/0!|N/A|NUM!|NULL!)|Err:\d+)$")

Row = tuple[int, tuple[Any, ...]]   # (1-based row number, cell values)


@dataclass
class SheetTable:
    """One sheet's rows: the header row (guessed) and the rows under it."""

    sheet: str
    header_row: int
    header: tuple[Any, ...]
    rows: list[Row]

    @property
    def guess(self) -> dict[str, int]:
        return match_columns(self.header)

    def column_names(self) -> list[str]:
        """``A 一级指标``, ``B 二级指标`` …: every column, for a mapping dialog."""
        width = max([len(self.header), *(len(r) for _, r in self.rows[:50])], default=0)
        return [f"{_letter(i)} {cell_text(self.header[i]) if i < len(self.header) else ''}".rstrip()
                for i in range(width)]


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

    def indicators(self) -> list[Indicator]:
        return [ind for _, _, ind in self.rows]


def _letter(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def normalise_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value)) if value is not None else ""
    return re.sub(r"\s+", "", text).rstrip(":").lstrip("*").strip()


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


def sheet_table(sheet: str, rows: Iterable[Row]) -> SheetTable:
    """The rows of a sheet with its header: the first row within the first
    :data:`HEADER_SEARCH_ROWS` whose names are recognised, else the first non-empty row."""
    all_rows = list(rows)
    first: Row | None = None
    for n, row in all_rows[:HEADER_SEARCH_ROWS]:
        if first is None and any(cell_text(v) for v in row):
            first = (n, row)
        if usable(match_columns(row)):
            first = (n, row)
            break
    if first is None:
        return SheetTable(sheet, 0, (), [])
    n, row = first
    return SheetTable(sheet, n, tuple(row), [r for r in all_rows if r[0] > n])


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
        return format(d.normalize(), "f") if d == d.to_integral_value() else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


def target_of(operator: Any, value: Any, unit: Any) -> str:
    """符号 + 指标值 + 单位 as one value (``>=`` ``12`` ``个`` → ``>=12个``)."""
    op, number, u = cell_text(operator), cell_text(value), cell_text(unit)
    if not number:
        return ""
    if number.endswith(u) and u:
        u = ""
    return f"{op}{number}{u}"


def collect(table: SheetTable, cols: dict[str, int]) -> ForeignIndicators:
    """The table's rows as indicators under the columns ``cols`` (role → index); merged
    项目/一级/二级 cells (empty below their first row) carry down."""
    header = table.header
    found = ForeignIndicators(table.sheet, table.header_row,
                              {r: cell_text(header[i]) if i < len(header) else _letter(i)
                               for r, i in cols.items()})
    carry = {"project": "", "level1": "", "level2": ""}

    def get(row: tuple[Any, ...], role: str) -> Any:
        i = cols.get(role)
        return row[i] if i is not None and i < len(row) else None

    for n, row in table.rows:
        values = {r: get(row, r) for r in ALIASES}
        if all(cell_text(v) == "" for v in values.values()):
            continue
        where = f"工作表“{table.sheet}”第{n}行"
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
        if _FORMULA_ERROR.match(target):
            found.findings.append(f"{where}:“{name}”的指标值是公式出错的结果({target}),未导入;"
                                  "请把该单元格改为文本格式后重新填写(如 =3堂)。")
            continue
        if not carry["level1"] or not carry["level2"]:
            missing = "一级指标" if not carry["level1"] else "二级指标"
            found.findings.append(f"{where}:“{name}”没有{missing},已导入,请补填。")
        if not target:
            found.findings.append(f"{where}:“{name}”没有指标值,已导入,请补填。")
        found.rows.append((carry["project"], n,
                           Indicator(carry["level1"], carry["level2"], name, target)))
    if not found.rows and not found.findings:
        found.findings.append(f"工作表“{table.sheet}”的表头下没有指标行。")
    return found
