"""Indicator values (年度指标值): parse ``=3堂``, ``>=85%``, ``≥90.00(%)``, ``完成`` …

The raw text is always kept; parsing only adds structure (operator, number, unit)
so that rules can reason about it and templates can re-print it in their style.
Parsing never raises.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum


class TargetKind(Enum):
    EMPTY = "empty"
    QUANTITATIVE = "quantitative"
    QUALITATIVE = "qualitative"
    # An operator with no number after it (">=高"), or similar half-typed values.
    MALFORMED = "malformed"


# Longest spellings first so ">=" wins over ">".
_OPERATORS: tuple[tuple[str, str], ...] = (
    (">=", "≥"), ("=>", "≥"), ("≥", "≥"), ("⩾", "≥"), ("大于等于", "≥"), ("大于或等于", "≥"),
    ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"),
    ("<=", "≤"), ("=<", "≤"), ("≤", "≤"), ("⩽", "≤"), ("小于等于", "≤"), ("小于或等于", "≤"),
    ("不高于", "≤"), ("不超过", "≤"), ("不大于", "≤"), ("不多于", "≤"),
    ("±", "±"), ("+/-", "±"),
    ("==", "="), ("=", "="), ("等于", "="),
    (">", ">"), ("大于", ">"), ("高于", ">"), ("超过", ">"),
    ("<", "<"), ("小于", "<"), ("低于", "<"),
)
ASCII_OPERATOR = {"≥": ">=", "≤": "<=", "=": "=", ">": ">", "<": "<", "±": "±"}
# Operators that state a lower bound or an exact value (正向) vs. an upper bound (反向).
POSITIVE_OPERATORS = frozenset({"=", "≥", ">"})
NEGATIVE_OPERATORS = frozenset({"≤", "<"})

_NUMBER = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?|^\.\d+")
_QUALIFIERS = ("及以上", "以上", "以内", "以下", "左右")
VALUE_STYLES = ("plain", "decimal-paren", "as-written")


@dataclass(frozen=True)
class Target:
    """A parsed indicator value; ``raw`` is exactly what the user wrote."""

    raw: str
    kind: TargetKind
    operator: str | None = None
    number: Decimal | None = None
    number_text: str = ""
    unit: str = ""
    qualifier: str = ""
    text: str = ""

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "％")

    @property
    def is_quantitative(self) -> bool:
        return self.kind is TargetKind.QUANTITATIVE


def _normalise(raw: str) -> str:
    s = unicodedata.normalize("NFKC", raw)
    return re.sub(r"\s+", " ", s).strip()


# Values repeat across rows, projects and keystrokes ("完成", "及时", ">=85%"), every rule
# set parses them, and Target is immutable: parse each text once.
@functools.lru_cache(maxsize=8192)
def parse_target(raw: str) -> Target:
    """Parse an indicator value. Never raises; see :class:`TargetKind`."""
    s = _normalise(raw)
    if not s:
        return Target(raw=raw, kind=TargetKind.EMPTY)
    operator: str | None = None
    rest = s
    for spelling, canonical in _OPERATORS:
        if rest.startswith(spelling):
            operator = canonical
            rest = rest[len(spelling):].lstrip()
            break
    m = _NUMBER.match(rest)
    if not m:
        if operator is not None:
            return Target(raw=raw, kind=TargetKind.MALFORMED, operator=operator, text=rest)
        return Target(raw=raw, kind=TargetKind.QUALITATIVE, text=s)
    number_text = m.group(0).replace(",", "")
    try:
        number = Decimal(number_text)
    except InvalidOperation:  # pragma: no cover - regex admits only decimals
        return Target(raw=raw, kind=TargetKind.QUALITATIVE, text=s)
    tail = rest[m.end():].strip()
    qualifier = ""
    for q in _QUALIFIERS:
        if tail.endswith(q):
            qualifier = q
            tail = tail[: -len(q)].strip()
            break
    unit = tail
    if unit.startswith("(") and unit.endswith(")"):
        unit = unit[1:-1].strip()
    # "2022年12月31日前", "12月底前完成": numbers inside prose, not a measured value.
    if re.search(r"\d", unit) or (operator is None and len(unit) > 4):
        return Target(raw=raw, kind=TargetKind.QUALITATIVE, text=s)
    return Target(raw=raw, kind=TargetKind.QUANTITATIVE, operator=operator, number=number,
                  number_text=number_text, unit=unit, qualifier=qualifier)


def render_target(target: Target | str, style: str = "plain") -> str:
    """Print a value in a template's style.

    ``plain`` (2022 forms): ``>=85%``, ``=3堂``. ``decimal-paren`` (2026 forms):
    ``≥90.00(%)``, ``=3.00(堂)``. ``as-written``: exactly as typed. Values without an operator, qualitative and
    malformed values are printed as written.
    """
    t = parse_target(target) if isinstance(target, str) else target
    if style == "as-written":
        return t.raw.strip()
    if t.kind is not TargetKind.QUANTITATIVE or t.operator is None or t.number is None:
        return _normalise(t.raw)
    if style == "decimal-paren":
        unit = f"({t.unit})" if t.unit else ""
        return f"{t.operator}{t.number:.2f}{unit}{t.qualifier}"
    return f"{ASCII_OPERATOR[t.operator]}{t.number_text}{t.unit}{t.qualifier}"


# Money units an indicator value may carry, in 元. A unit price (``元/人次``) is not money
# of the project's size and is left out on purpose.
MONEY_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
               "百万元": Decimal(1000000), "亿元": Decimal(100000000)}


def money_amount(target: Target | str) -> Decimal | None:
    """The amount in 元 of a value written in money (``≤150万元`` → 1500000), else None."""
    t = parse_target(target) if isinstance(target, str) else target
    scale = MONEY_UNITS.get(t.unit.strip())
    if not t.is_quantitative or t.number is None or scale is None:
        return None
    return t.number * scale
