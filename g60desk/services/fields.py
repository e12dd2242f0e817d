"""What the editor shows beside a field: parsed values, Chinese messages, sums.

The widgets keep whatever the user typed; these functions say what it means
(an amount, a date, an indicator value) or why it cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from g60desk.domain.dates import format_date, try_parse_date
from g60desk.domain.form import FormShape
from g60desk.domain.model import Funding, Project
from g60desk.domain.money import amount_text, format_wan, format_yuan, try_parse_money
from g60desk.domain.targets import TargetKind, parse_target, render_target

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


def read_money(text: str, unit: str = "元") -> MoneyReading:
    if not text.strip():
        return MoneyReading(text, None, None)
    value, error = try_parse_money(text, unit)
    return MoneyReading(text, value, error)


@dataclass(frozen=True)
class DateReading:
    """A typed date, read: the value, or why it could not be read."""
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


def target_hint(text: str, value_style: str) -> str:
    """What the indicator editor shows beside a value: how it was understood and how
    the form will print it (``解析为:定量 ≥ 90 % · 打印为:≥90.00(%)``), or an example."""
    d = describe_target(text)
    if not d:
        return "例:>=85%  =3场  ≤100万元  及时"
    return f"解析为:{d} · 打印为:{render_target(text, value_style)}"


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
    """One sum of 项目资金: its stated total and the sum of its parts."""

    key: str
    total: Decimal | None
    parts: Decimal
    any_part: bool
    unit: str = "元"

    @property
    def matches(self) -> bool:
        return self.total is not None and self.total == self.parts

    def describe(self, total_label: str) -> str:
        if not self.any_part:
            return ""
        if self.unit == "万元":
            text = f"明细合计 {amount_text(self.parts, self.unit)} 万元"
        else:
            text = f"明细合计 {format_yuan(self.parts)} 元(= {format_wan(self.parts)} 万元)"
        if self.total is None:
            return text + f",{total_label}未填写"
        if self.matches:
            return text + f",与{total_label}一致"
        diff = abs(self.total - self.parts)
        return text + f",与{total_label}相差 {amount_text(diff, self.unit)} {self.unit}"


def funding_sums(funding: Funding, shape: FormShape) -> list[ColumnSum]:
    """Each row that is the sum of others, recomputed on each keystroke, in form order."""
    out = []
    for row in shape.funding_rows:
        if not row.sum_of:
            continue
        values = [funding.get(k) for k in row.sum_of]
        parts = sum((v for v in values if v is not None), Decimal(0))
        out.append(ColumnSum(row.key, funding.get(row.key), parts,
                             any(v is not None for v in values), shape.amount_unit))
    return out


# ---------------------------------------------------------------- field keys
#
# The editor names every field by a key relative to the project: ``name``,
# ``start``, ``funding.total``, ``sections.basis``, ``overall_goal``,
# ``indicators[3].target`` (the same tail a finding path has). The template's
# registry (:class:`FormShape`) says what each key is.

def field_text(shape: FormShape, project: Project, key: str) -> str:
    """The text a widget shows for a field of ``project``."""
    return shape.read(project, key)


def apply_text(shape: FormShape, project: Project, key: str, text: str) -> str | None:
    """Store what was typed into ``project``; returns a Chinese error if it cannot be read.

    Unreadable amounts and dates leave the field empty in the model (the rules then
    see it as missing); the caller keeps the text in the widget and reports the error.
    """
    return shape.write(project, key, text)
