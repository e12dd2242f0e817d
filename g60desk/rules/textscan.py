"""Find quantities, dates and amounts in Chinese prose for the reviewer-grade rules.

All functions take *folded* text (:func:`g60desk.formspec.review.fold`: NFKC, no
whitespace), so "4 场", "4场" and "４场" read alike. Nothing here raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from g60desk.formspec.review import ConsistencySpec, CoverageSpec

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """``三`` → 3, ``十二`` → 12, ``二十`` → 20, ``一百零五`` → 105; None if not a numeral."""
    if not text:
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0 and _CN_DIGITS[ch] != 0:
                return None  # "三四" (three or four) is a guess, not a number
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


@dataclass(frozen=True)
class Quantity:
    number: Decimal
    unit: str   # canonical unit (see CoverageSpec.canon)
    text: str   # as written, e.g. "4场", "一场"


def quantities(folded: str, spec: CoverageSpec) -> list[Quantity]:
    """Deliverable quantities in a text: ``举办4场`` → 4 场; ``各举办一场`` → 1 场."""
    out: list[Quantity] = []
    for m in spec.quantity.finditer(folded):
        unit_at = m.start("unit") if m.group("num") is not None else m.start("cunit")
        before, after = folded[max(0, m.start() - 4):m.start()], folded[unit_at:unit_at + 5]
        if before.endswith(spec.not_preceded_by) or after.startswith(spec.not_quantity_words):
            continue
        if m.group("num") is not None:
            try:
                number = Decimal(m.group("num"))
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                continue
            unit = m.group("unit")
        else:
            value = chinese_number(m.group("cnum"))
            if value is None or value == 0:
                continue
            number, unit = Decimal(value), m.group("cunit")
        out.append(Quantity(number, spec.canon(unit), m.group(0)))
    return out


# ---------------------------------------------------------------- dates

# Year and month (and maybe day) in goal text: "2021年11月底", "2021-11-30", "2021.11.30".
_MONTH_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20|21)\d{2})"
    r"(?:年(?P<m1>\d{1,2})月(?:(?P<d1>\d{1,2})日|底|初|末|中旬|上旬|下旬)?"
    r"|(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?!\d))")


@dataclass(frozen=True)
class MonthDate:
    year: int
    month: int
    text: str


def month_dates(folded: str) -> list[MonthDate]:
    """Dates that name at least a month (year-only mentions are context, not schedule)."""
    out: list[MonthDate] = []
    for m in _MONTH_DATE.finditer(folded):
        month = int(m.group("m1") or m.group("m2"))
        if 1 <= month <= 12:
            out.append(MonthDate(int(m.group("y")), month, m.group(0)))
    return out


# A date token in 五、实施周期: year with optional month and day; or, after a dash, a
# month (and day) continuing the previous token's year ("2022年1月1日至12月31日").
_PERIOD_TOKEN = re.compile(
    r"(?<!\d)(?P<y>(?:19|20|21)\d{2})"
    r"(?:(?:年|[-/.])(?P<m>\d{1,2})(?!\d)(?:(?:月|[-/.])(?P<d>\d{1,2})(?!\d)日?|月)?)?年?"
    r"|(?<=[—\-~至到])(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})日)?")


@dataclass(frozen=True)
class PeriodToken:
    year: int
    month: int | None
    day: int | None

    def matches(self, value: date) -> bool:
        """Does ``value`` agree with this token at the token's own precision?"""
        if self.year != value.year:
            return False
        if self.month is not None and self.month != value.month:
            return False
        return self.day is None or self.day == value.day


def period_tokens(folded: str) -> list[PeriodToken]:
    out: list[PeriodToken] = []
    for m in _PERIOD_TOKEN.finditer(folded):
        if m.group("y") is not None:
            month = int(m.group("m")) if m.group("m") else None
            day = int(m.group("d")) if m.group("d") else None
            year = int(m.group("y"))
        elif out:
            year, month = out[-1].year, int(m.group("m2"))
            day = int(m.group("d2")) if m.group("d2") else None
        else:
            continue
        if month is not None and not 1 <= month <= 12:
            continue
        if day is not None and not 1 <= day <= 31:
            continue
        out.append(PeriodToken(year, month, day))
    return out


# ---------------------------------------------------------------- amounts

# The look-behind (no digit, dot or comma before) sits after the first digit so the
# search can skip ahead to digits.
_AMOUNT = re.compile(r"(?P<n>\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(?P<f>\.\d+)?(?P<u>亿元|万元|元)")
_SCALE = {"亿元": Decimal(100000000), "万元": Decimal(10000), "元": Decimal(1)}


@dataclass(frozen=True)
class Amount:
    yuan: Decimal
    text: str


def amounts(folded: str, spec: ConsistencySpec, *, plain_yuan: bool) -> list[Amount]:
    """Budget amounts written in prose (万元 and 亿元; 元 too when ``plain_yuan``).

    Unit prices and rates ("每场5万元", "单价2万元", "5万元/台") are left out.
    """
    out: list[Amount] = []
    for m in _AMOUNT.finditer(folded):
        if m.group("u") == "元" and not plain_yuan:
            continue
        before, after = folded[max(0, m.start() - 4):m.start()], folded[m.end():m.end() + 2]
        if any(w in before for w in spec.per_unit_before) or after.startswith(spec.per_unit_after):
            continue
        number = Decimal(m.group("n").replace(",", "") + (m.group("f") or ""))
        out.append(Amount(number * _SCALE[m.group("u")], m.group(0)))
    return out
