"""What the editor shows beside a field: parsed values, Chinese messages, sums.

The widgets keep whatever the user typed; these functions say what it means
(an amount, a date, an indicator value) or why it cannot be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from g60desk.domain.dates import format_date, try_parse_date
from g60desk.domain.model import Funding, Project
from g60desk.domain.money import format_wan, format_yuan, try_parse_money
from g60desk.domain.targets import TargetKind, parse_target

TOTAL_PARTS = ("total_fiscal", "total_other")
ANNUAL_PARTS = ("annual_appropriation", "annual_carryover", "annual_other")


@dataclass(frozen=True)
class MoneyReading:
    """An amount field as typed: its value (元) or a Chinese error; empty is neither."""

    text: str
    value: Decimal | None
    error: str | None

    @property
    def wan(self) -> str:
        """``= 510.00 万元`` beside the field, empty when there is no value."""
        return f"= {format_wan(self.value)} 万元" if self.value is not None else ""


def read_money(text: str) -> MoneyReading:
    if not text.strip():
        return MoneyReading(text, None, None)
    value, error = try_parse_money(text)
    return MoneyReading(text, value, error)


@dataclass(frozen=True)
class DateReading:
    text: str
    value: date | None
    error: str | None


def read_date(text: str) -> DateReading:
    if not text.strip():
        return DateReading(text, None, None)
    value, error = try_parse_date(text)
    return DateReading(text, value, error)


def show_date(value: date | None) -> str:
    """Dates always show as ``2022-01-01`` in the editor, whatever the template prints."""
    return format_date(value, "iso")


def show_money(value: Decimal | None) -> str:
    return format_yuan(value)


def describe_target(text: str) -> str:
    """How an indicator value was understood: ``定量 ≥ 85 %``, ``定性``, or what is wrong."""
    t = parse_target(text)
    if t.kind is TargetKind.EMPTY:
        return ""
    if t.kind is TargetKind.QUALITATIVE:
        return "定性"
    if t.kind is TargetKind.MALFORMED:
        return "有比较符号但缺少数值"
    parts = [t.operator or "(无符号)", t.number_text]
    if t.unit:
        parts.append(t.unit)
    if t.qualifier:
        parts.append(t.qualifier)
    return "定量 " + " ".join(parts)


@dataclass(frozen=True)
class ColumnSum:
    """One column of 项目资金: its stated total and the sum of its parts."""

    total: Decimal | None
    parts: Decimal
    any_part: bool

    @property
    def matches(self) -> bool:
        return self.total is not None and self.total == self.parts

    def describe(self, total_label: str) -> str:
        if not self.any_part:
            return ""
        text = f"明细合计 {format_yuan(self.parts)} 元(= {format_wan(self.parts)} 万元)"
        if self.total is None:
            return text + f",{total_label}未填写"
        if self.matches:
            return text + f",与{total_label}一致"
        diff = self.total - self.parts
        return text + f",与{total_label}相差 {format_yuan(abs(diff))} 元"


def _sum(funding: Funding, keys: tuple[str, ...]) -> tuple[Decimal, bool]:
    values = [funding.get(k) for k in keys]
    return sum((v for v in values if v is not None), Decimal(0)), any(v is not None for v in values)


def funding_sums(funding: Funding) -> tuple[ColumnSum, ColumnSum]:
    """(项目资金总额 column, 年度资金申请总额 column), recomputed on each keystroke."""
    total_parts, any_total = _sum(funding, TOTAL_PARTS)
    annual_parts, any_annual = _sum(funding, ANNUAL_PARTS)
    return (ColumnSum(funding.total, total_parts, any_total),
            ColumnSum(funding.annual, annual_parts, any_annual))


# ---------------------------------------------------------------- field keys
#
# The editor names every field by a key relative to the project: ``name``,
# ``start``, ``funding.total``, ``sections.basis``, ``overall_goal``,
# ``indicators[3].target`` (the same tail a finding path has).

TEXT_FIELDS = ("name", "category", "nature", "department", "implementer", "unit",
               "overall_goal", "annual_goal")
DATE_FIELDS = ("start", "end")


def field_text(project: Project, key: str) -> str:
    """The text a widget shows for a field of ``project``."""
    if key in TEXT_FIELDS:
        return str(getattr(project, key))
    if key in DATE_FIELDS:
        return show_date(getattr(project, key))
    head, _, rest = key.partition(".")
    if head == "funding":
        return show_money(project.funding.get(rest))
    if head == "sections":
        return project.section(rest)
    row = _row(key)
    if row is not None:
        index, attr = row
        return str(getattr(project.indicators[index], attr))
    raise KeyError(key)


def apply_text(project: Project, key: str, text: str) -> str | None:
    """Store what was typed into ``project``; returns a Chinese error if it cannot be read.

    Unreadable amounts and dates leave the field empty in the model (the rules then
    see it as missing); the caller keeps the text in the widget and reports the error.
    """
    if key in TEXT_FIELDS:
        setattr(project, key, text)
        return None
    if key in DATE_FIELDS:
        d = read_date(text)
        setattr(project, key, d.value)
        return d.error
    head, _, rest = key.partition(".")
    if head == "funding":
        m = read_money(text)
        project.funding.set(rest, m.value)
        return m.error
    if head == "sections":
        project.sections[rest] = text
        return None
    row = _row(key)
    if row is not None:
        index, attr = row
        setattr(project.indicators[index], attr, text)
        return None
    raise KeyError(key)


_ROW_KEY = re.compile(r"^indicators\[(\d+)\]\.(level1|level2|name|target)$")


def _row(key: str) -> tuple[int, str] | None:
    m = _ROW_KEY.match(key)
    return (int(m.group(1)), m.group(2)) if m else None
