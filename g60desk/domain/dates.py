"""Dates as staff type them (``2022-01-01``, ``2022/1/1``, ``2022年1月1日``, ``20220101``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
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


# ---------------------------------------------------------------- periods
#
# 项目期 as one cell: ``202001-202012`` (months) or ``2024年-2026年`` (years); also
# typed as ``2020.01-2020.12``, ``2020年1月-2020年12月``, ``2024-2026`` or two whole
# dates (``2022-01-01至2022-12-31``).

PERIOD_STYLES = ("month", "year")
_DASHES = "-–—~～至到"
_P_MONTH = re.compile(r"^(\d{4})\s*[./年]?\s*(\d{1,2})\s*月?$")
_P_YEAR = re.compile(r"^(\d{4})\s*年?(?:度)?$")


@dataclass(frozen=True)
class Period:
    """A project period; ``start`` is the first day, ``end`` the last day covered."""

    start: date
    end: date
    precision: str            # "month", "year" or "day": what the user wrote

    def text(self, style: str) -> str:
        """``202001-202012`` (month) or ``2024年-2026年`` (year)."""
        if style == "year":
            return f"{self.start.year}年-{self.end.year}年"
        return f"{self.start.year}{self.start.month:02d}-{self.end.year}{self.end.month:02d}"


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _split_period(s: str) -> tuple[str, str] | None:
    for sep in _DASHES[1:]:
        if sep in s:
            left, _, right = s.partition(sep)
            return left.strip(), right.strip()
    # A plain '-' also sits inside dates (2022-01-01-2022-12-31): split in the middle.
    parts = s.split("-")
    if len(parts) % 2 == 0:
        half = len(parts) // 2
        return "-".join(parts[:half]).strip(), "-".join(parts[half:]).strip()
    return None


def _period_end(text: str, start: bool) -> tuple[date, str]:
    compact = re.fullmatch(r"(\d{4})(\d{2})", text)
    m = compact or _P_MONTH.match(text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError
        return (date(year, month, 1) if start else _month_end(year, month)), "month"
    m = _P_YEAR.match(text)
    if m:
        year = int(m.group(1))
        return (date(year, 1, 1) if start else date(year, 12, 31)), "year"
    return parse_date(text), "day"


def parse_period(text: str) -> Period:
    """Parse a 项目期 cell; raise :class:`InputError` (Chinese) when it cannot be read."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise InputError("项目期不能为空。")
    example = "请填写如 202001-202012 或 2024年-2026年。"
    halves = _split_period(s)
    if halves is None or not all(halves):
        raise InputError(f"无法识别的项目期:「{text.strip()}」,{example}")
    try:
        start, p1 = _period_end(halves[0], True)
        end, p2 = _period_end(halves[1], False)
    except (InputError, ValueError):
        raise InputError(f"无法识别的项目期:「{text.strip()}」,{example}") from None
    if not (1900 <= start.year <= 2200 and 1900 <= end.year <= 2200):
        raise InputError(f"年份不合理:「{text.strip()}」。")
    if start > end:
        raise InputError(f"项目期的结束早于开始:「{text.strip()}」。")
    return Period(start, end, p1 if p1 == p2 else "day")


def try_parse_period(text: str) -> tuple[Period | None, str | None]:
    try:
        return parse_period(text), None
    except InputError as exc:
        return None, exc.message

