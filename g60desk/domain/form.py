"""The form's shape as data, and the one field registry every layer reads.

A template (read by :mod:`g60desk.formspec`) says which header fields a form has
and of which type, its funding rows and their sums, its goal slots, its
narrative sections and its indicator sides. :class:`FormShape` holds that and
answers, for any field key, what the field is, how its text is read and shown,
and where a finding about it points. The key of a field is the tail of its
finding path (``name``, ``period``, ``funding.total``, ``overall_goal``,
``sections.basis``, ``indicators[3].target``), so storage, bundles, rules, the
editor and the PDF all name a field the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from g60desk.domain.dates import (
    format_date,
    parse_date,
    try_parse_date,
    try_parse_period,
)
from g60desk.domain.model import Indicator, Project
from g60desk.domain.money import amount_text, format_amount, try_parse_money

FIELD_TYPES = ("text", "choice", "date", "period", "code-name")
# What a rule may need to know a field is, whatever the template calls it.
FIELD_ROLES = ("name", "category", "nature", "department", "implementer", "start", "end",
               "period")
GOAL_ROLES = ("overall", "annual")
INDICATOR_ATTRS = ("level1", "level2", "name", "target")

PART_FIELD = "field"
PART_FUNDING = "funding"
PART_GOAL = "goal"
PART_SECTION = "section"
PART_INDICATOR = "indicator"
PART_UNIT = "unit"

_CODE_NAME = re.compile(r"^\s*[\[【(（]\s*([0-9A-Za-z]+)\s*[\]】)）]\s*(.*?)\s*$")
_ROW_KEY = re.compile(r"^indicators\[(\d+)\]\.(level1|level2|name|target)$")


@dataclass(frozen=True)
class FieldSpec:
    """One header field of the form (项目名称, 项目类别, 项目期, 主管部门及代码 …)."""

    key: str
    label: str
    type: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    # A choice field whose list only suggests: other values are fine.
    free: bool = False
    max_length: int | None = None
    role: str = ""
    # period: how it is stored and printed, "month" (202001-202012) or "year" (2024年-2026年).
    style: str = "month"
    hint: str = ""

    @property
    def name(self) -> str:
        """The label as a message says it (no trailing colon)."""
        return self.label.rstrip(":").rstrip(":").strip()


@dataclass(frozen=True)
class FundingRow:
    """One amount of 项目资金; ``sum_of`` names the rows it is the total of."""

    key: str
    label: str
    side: str
    required: bool = False
    sum_of: tuple[str, ...] = ()
    # The amount may not exceed this row (年度资金 ≤ 项目资金总额).
    not_above: str = ""
    # The same money on the other side, equal in a one-year project.
    counterpart: str = ""
    # Grid rows the row takes when printed (to line up two sides of unequal length).
    height: int = 1

    @property
    def name(self) -> str:
        """The label as a message says it: ``财政资金`` for ``其中:财政资金``."""
        return re.sub(r"^其中[::]", "", self.label).strip()


@dataclass(frozen=True)
class FundingSide:
    """One column of 项目资金: the whole project, or this year."""

    key: str
    rows: tuple[FundingRow, ...]


@dataclass(frozen=True)
class GoalSlot:
    """One goal text (项目总目标, 中期目标(…), 年度总目标 …)."""

    key: str
    label: str          # as printed; may hold {start_year} and {end_year}
    name: str           # as a message, the findings panel and the editor say it
    role: str = ""
    required: bool = True
    max_length: int | None = None

    def heading(self, start_year: int | str, end_year: int | str) -> str:
        return self.label.format(start_year=start_year, end_year=end_year)


@dataclass(frozen=True)
class SectionSpec:
    """A text section of the form (项目经费情况说明 and the like): its title, whether it
    must be filled, its length limit and hint."""
    key: str
    title: str
    required: bool = True
    max_length: int | None = None
    hint: str = ""


@dataclass(frozen=True)
class IndicatorSide:
    """One set of 二级/三级/指标值 columns: the 年度 side, or a 中期/长期 side."""

    key: str
    label: str
    level2_header: str = "二级指标"
    name_header: str = "三级指标"
    target_header: str = "指标值"


@dataclass(frozen=True)
class Entry:
    """What the registry knows of one field key."""

    key: str
    part: str
    label: str                       # as a message says it
    spec: FieldSpec | FundingRow | GoalSlot | SectionSpec | None = None


@dataclass(frozen=True)
class FormShape:
    """The shape part of a template: everything a layer needs to store, check, edit
    and print a project's fields."""

    fields: tuple[FieldSpec, ...]
    header_rows: tuple[tuple[str, ...], ...]
    funding_sides: tuple[FundingSide, ...]
    amount_unit: str
    annual_key: str
    goals: tuple[GoalSlot, ...]
    sections: tuple[SectionSpec, ...]
    sides: tuple[IndicatorSide, ...]
    rules_side: str
    unit_label: str = "所属单位"
    # Lookups built once: the checker asks them for every project on every keystroke.
    _by_key: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    _rows: dict[str, FundingRow] = field(default_factory=dict, compare=False, repr=False)
    _sides: dict[str, IndicatorSide] = field(default_factory=dict, compare=False, repr=False)
    _roles: dict[str, FieldSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for side in self.funding_sides:
            for row in side.rows:
                self._rows[row.key] = row
        for ind_side in self.sides:
            self._sides[ind_side.key] = ind_side
        for f in self.fields:
            self._roles.setdefault(f.role or f.key, f)
        table = self._by_key
        for f in self.fields:
            table[f.key] = Entry(f.key, PART_FIELD, f.name, f)
        table["unit"] = Entry("unit", PART_UNIT, self.unit_label)
        for row in self.funding_rows:
            table[f"funding.{row.key}"] = Entry(f"funding.{row.key}", PART_FUNDING, row.name, row)
        for g in self.goals:
            table[g.key] = Entry(g.key, PART_GOAL, g.name, g)
        for s in self.sections:
            table[f"sections.{s.key}"] = Entry(f"sections.{s.key}", PART_SECTION, s.title, s)

    # ------------------------------------------------------------ lookup

    @property
    def funding_rows(self) -> tuple[FundingRow, ...]:
        return tuple(self._rows.values())

    @property
    def funding_keys(self) -> tuple[str, ...]:
        return tuple(self._rows)

    def entry(self, key: str) -> Entry | None:
        """The registry entry of a field key; indicator cells are entries too."""
        found = self._by_key.get(key)
        if found is not None:
            return found
        m = _ROW_KEY.match(key)
        if m:
            return Entry(key, PART_INDICATOR, m.group(2))
        return None

    def keys(self) -> Iterator[str]:
        """Every fixed field key (indicator cells excluded), in form order."""
        return iter(self._by_key)

    def field(self, key: str) -> FieldSpec | None:
        e = self._by_key.get(key)
        return e.spec if e is not None and isinstance(e.spec, FieldSpec) else None

    def field_by_role(self, role: str) -> FieldSpec | None:
        return self._roles.get(role)

    def funding_row(self, key: str) -> FundingRow | None:
        return self._rows.get(key)

    def goal(self, key: str) -> GoalSlot | None:
        return next((g for g in self.goals if g.key == key), None)

    def goal_by_role(self, role: str) -> GoalSlot | None:
        return next((g for g in self.goals if g.role == role), None)

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    def side(self, key: str) -> IndicatorSide | None:
        return self._sides.get(key)

    def side_of(self, ind: Indicator) -> str:
        """The side an indicator is on (empty means the main, rules side)."""
        return ind.side if ind.side in self._sides else self.rules_side

    def rules_indicators(self, project: Project) -> list[tuple[int, Indicator]]:
        """(row index, indicator) on the side the rules read."""
        return [(j, ind) for j, ind in enumerate(project.indicators)
                if self.side_of(ind) == self.rules_side]

    # ------------------------------------------------------------ values

    def date_value(self, project: Project, key: str) -> date | None:
        text = project.value(key)
        if not text:
            return None
        value, _ = try_parse_date(text)
        return value

    def period(self, project: Project) -> tuple[date | None, date | None]:
        """The project's (start, end): from a 项目期 cell, or from two date fields."""
        cell = self.field_by_role("period")
        if cell is not None:
            p, _ = try_parse_period(project.value(cell.key))
            return (p.start, p.end) if p else (None, None)
        start, end = self.field_by_role("start"), self.field_by_role("end")
        return (self.date_value(project, start.key) if start else None,
                self.date_value(project, end.key) if end else None)

    def period_keys(self) -> tuple[str, str]:
        """The field keys a finding about the start and the end of the period points at."""
        cell = self.field_by_role("period")
        if cell is not None:
            return cell.key, cell.key
        start, end = self.field_by_role("start"), self.field_by_role("end")
        return (start.key if start else "", end.key if end else "")

    @property
    def annual_side(self) -> FundingSide:
        """The funding side holding the 年度资金 row (the last side when none does)."""
        return next((s for s in self.funding_sides if self.annual_key in (r.key for r in s.rows)),
                    self.funding_sides[-1])

    def annual_amount(self, project: Project) -> Decimal | None:
        return project.funding.get(self.annual_key) if self.annual_key else None

    def money(self, yuan: Decimal | None) -> str:
        """``5,100,000.00 元`` or ``510.00 万元``, in the form's unit."""
        return f"{format_amount(yuan, self.amount_unit)} {self.amount_unit}"

    # ------------------------------------------------------------ text in and out

    def read(self, project: Project, key: str) -> str:
        """The text of a field as the editor shows it (dates ``2022-01-01``, amounts
        in the form's unit)."""
        e = self.entry(key)
        if e is None:
            raise KeyError(key)
        if e.part == PART_FIELD:
            return project.value(key)
        if e.part == PART_UNIT:
            return project.unit
        if e.part == PART_FUNDING:
            return amount_text(project.funding.get(key.partition(".")[2]), self.amount_unit)
        if e.part == PART_GOAL:
            return project.goal(key)
        if e.part == PART_SECTION:
            return project.section(key.partition(".")[2])
        index, attr = _row(key)
        return str(getattr(project.indicators[index], attr))

    def write(self, project: Project, key: str, text: str) -> str | None:
        """Store what was typed; returns a Chinese error when it cannot be read.

        An unreadable amount, date or period leaves the value empty in the model
        (the rules then see it as missing); the caller keeps the text on screen.
        """
        e = self.entry(key)
        if e is None:
            raise KeyError(key)
        if e.part == PART_FIELD:
            assert isinstance(e.spec, FieldSpec)
            value, error = normalise(e.spec, text)
            project.values[key] = value
            return error
        if e.part == PART_UNIT:
            project.unit = text
        elif e.part == PART_FUNDING:
            if not text.strip():
                project.funding.set(key.partition(".")[2], None)
                return None
            amount, error = try_parse_money(text, self.amount_unit)
            project.funding.set(key.partition(".")[2], amount)
            return error
        elif e.part == PART_GOAL:
            project.goals[key] = text
        elif e.part == PART_SECTION:
            project.sections[key.partition(".")[2]] = text
        else:
            index, attr = _row(key)
            setattr(project.indicators[index], attr, text)
        return None

    def printed(self, project: Project, key: str, date_style: str) -> str:
        """A header field as the PDF prints it."""
        spec = self.field(key)
        text = project.value(key).strip()
        if spec is not None and spec.type == "date":
            value, _ = try_parse_date(text) if text else (None, None)
            return format_date(value, date_style) if value else text
        return text


def _row(key: str) -> tuple[int, str]:
    m = _ROW_KEY.match(key)
    if not m:
        raise KeyError(key)
    return int(m.group(1)), m.group(2)


def split_code_name(text: str) -> tuple[str, str]:
    """``[015001]某某局`` → (``015001``, ``某某局``); no code gives ("", text)."""
    m = _CODE_NAME.match(text)
    return (m.group(1), m.group(2)) if m else ("", text.strip())


def normalise(spec: FieldSpec, text: str) -> tuple[str, str | None]:
    """(stored text, Chinese error): dates as ``2022-01-01``, periods in the field's
    style, a code and name as ``[015001]某某局``; unreadable dates and periods store ""."""
    if spec.type == "date":
        if not text.strip():
            return "", None
        try:
            return parse_date(text).isoformat(), None
        except ValueError as exc:
            return "", str(exc)
    if spec.type == "period":
        if not text.strip():
            return "", None
        p, error = try_parse_period(text)
        return (p.text(spec.style), None) if p else ("", error)
    if spec.type == "code-name":
        code, name = split_code_name(text)
        return (f"[{code}]{name}" if code else text.strip()), None
    return text, None
