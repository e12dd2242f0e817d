"""Dates as staff type them (``2022-01-01``, ``2022/1/1``, ``2022年1月1日``, ``20220101``)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from g60desk.domain.errors import InputError
from g60desk.domain.text import reject_foreign_digits

_SEPARATED = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$")
_COMPACT = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$")

DATE_STYLES = ("iso", "slash", "chinese")


def parse_date(text: str) -> date:
    """Parse a date; raise :class:`InputError` (Chinese) for unreadable or impossible ones."""
    reject_foreign_digits(text, "日期")
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise InputError("日期不能为空。")
    m = _SEPARATED.match(s) or _COMPACT.match(s)
    if not m:
        raise InputError(f"无法识别的日期:「{text.strip()}」,请填写如 2022-01-01。")
    year, month, day = (int(g) for g in m.groups())
    if not 1900 <= year <= 2200:
        raise InputError(f"年份不合理:「{text.strip()}」。")
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"日期不存在:「{text.strip()}」(请检查月份和日)。") from None


def try_parse_date(text: str) -> tuple[date | None, str | None]:
    """Parse without raising: ``(value, None)`` or ``(None, chinese_message)``."""
    try:
        return parse_date(text), None
    except InputError as exc:
        return None, exc.message


def format_date(value: date | None, style: str = "iso") -> str:
    """Print a date in a template's style: ``iso`` 2022-01-01, ``slash`` 2022/1/1,
    ``chinese`` 2022年1月1日."""
    if value is None:
        return ""
    if style == "slash":
        return f"{value.year}/{value.month}/{value.day}"
    if style == "chinese":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()
