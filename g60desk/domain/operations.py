"""Pure operations on declarations: copy a project, roll a declaration to the next year.

Used by the services (and through them the window); storage only stores the
results. Copies get fresh ids and share nothing with their source.
"""

from __future__ import annotations

import copy
import re
from datetime import date

from g60desk.domain.approval import next_year_indicator
from g60desk.domain.dates import Period, try_parse_date, try_parse_period
from g60desk.domain.form import FormShape
from g60desk.domain.model import Declaration, Project, new_id

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shift_date(value: date | None, years: int = 1) -> date | None:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def shift_date_text(text: str, years: int = 1) -> str:
    """Shift a typed date (``2022年3月1日``, ``2022/3/1``) keeping its spelling.

    Text that is not a date is returned unchanged.
    """
    parsed, _ = try_parse_date(text) if text.strip() else (None, None)
    if parsed is None:
        return text
    shifted = shift_date(parsed, years)
    assert shifted is not None
    candidate = text.replace(str(parsed.year), str(shifted.year), 1)
    again, _ = try_parse_date(candidate)
    return candidate if again == shifted else shifted.isoformat()


def copy_project(project: Project) -> Project:
    """A deep copy with a new id; amounts, dates, texts and indicators kept. The copy is
    a new project: its targets are not approved and it has none of the year's data."""
    duplicate = copy.deepcopy(project)
    duplicate.id = new_id()
    duplicate.indicators = [next_year_indicator(i) for i in duplicate.indicators]
    duplicate.monitoring = duplicate.evaluation = None
    duplicate.adjustments = []
    return duplicate


def copy_declaration(decl: Declaration) -> Declaration:
    """A deep copy with a new declaration id and new project ids, same year."""
    duplicate = copy.deepcopy(decl)
    duplicate.id = new_id()
    for p in duplicate.projects:
        p.id = new_id()
    return duplicate


def roll_forward(decl: Declaration, years: int = 1,
                 shape: FormShape | None = None) -> Declaration:
    """The declaration copied to a later year: new ids, year and dates moved.

    Amounts, indicators and their targets, goals and narrative sections are
    kept as they are: staff start next year's declaration from this year's and
    edit what changed. The signature date moves too if it reads as a date. The year's
    cycle stays behind: targets start from the approved ones (已批复), without
    monitoring entries, actuals, scores or adjustments, and the copy is not approved.
    """
    nxt = copy_declaration(decl)
    nxt.year = decl.year + years
    nxt.approved = ""
    nxt.exported, nxt.versions = "", {}
    for p in nxt.projects:
        p.indicators = [next_year_indicator(ind) for ind in p.indicators]
        p.monitoring = p.evaluation = None
        p.adjustments = []
        if shape is None:  # no template at hand: stored dates are ISO text
            for key, text in p.values.items():
                if _ISO.match(text):
                    moved = shift_date(try_parse_date(text)[0], years)
                    p.values[key] = moved.isoformat() if moved else text
        for spec in shape.fields if shape is not None else ():
            text = p.values.get(spec.key, "")
            if not text:
                continue
            if spec.type == "date":
                value, _ = try_parse_date(text)
                moved = shift_date(value, years)
                p.values[spec.key] = moved.isoformat() if moved else text
            elif spec.type == "period":
                period, _ = try_parse_period(text)
                if period is not None:
                    start = shift_date(period.start, years) or period.start
                    end = shift_date(period.end, years) or period.end
                    p.values[spec.key] = Period(start, end, period.precision).text(spec.style)
    nxt.signatures.date = shift_date_text(nxt.signatures.date, years)
    return nxt


def new_project(shape: FormShape, year: int, department: str, unit: str) -> Project:
    """An empty project on a form: 主管部门 and 实施单位 filled in, the period the whole year."""
    p = Project(unit=unit)
    first, last = date(year, 1, 1), date(year, 12, 31)
    for spec in shape.fields:
        role = spec.role
        if role == "department":
            p.values[spec.key] = department
        elif role == "implementer":
            p.values[spec.key] = unit
        elif role == "start":
            p.values[spec.key] = first.isoformat()
        elif role == "end":
            p.values[spec.key] = last.isoformat()
        elif role == "period":
            p.values[spec.key] = Period(first, last, "month").text(spec.style)
    return p


# One changed value of a rename: (project id, header field key or "" for 所属单位, old text).
RenamedValue = tuple[str, str, str]


def unit_renames(old: list[str], new: list[str]) -> dict[str, str]:
    """Which unit names of ``old`` became which of ``new`` in the 设置 unit list: names
    changed in place (same position, lists of one length), or the single name removed
    when exactly one was removed and one added. Names kept, added or removed are no rename."""
    old = [u.strip() for u in old if u.strip()]
    new = [u.strip() for u in new if u.strip()]
    if len(old) == len(new):
        return {a: b for a, b in zip(old, new, strict=True) if a != b and a not in new}
    gone = [u for u in old if u not in new]
    came = [u for u in new if u not in old]
    if len(gone) == 1 and len(came) == 1:
        return {gone[0]: came[0]}
    return {}


def rename_in_projects(decl: Declaration, shape: FormShape, units: dict[str, str],
                       department: tuple[str, str] | None = None) -> list[RenamedValue]:
    """Carry renames into every project: 所属单位 and the implementer-role field (实施单位)
    that held an old unit name, the department-role field (主管部门) that held the old
    department. Returns what was changed, with the old texts, for :func:`restore_values`."""
    implementer = shape.field_by_role("implementer")
    dept_field = shape.field_by_role("department")
    changed: list[RenamedValue] = []
    for p in decl.projects:
        if p.unit.strip() in units:
            changed.append((p.id, "", p.unit))
            p.unit = units[p.unit.strip()]
        if implementer is not None and implementer.role == "implementer":
            old = p.values.get(implementer.key, "")
            if old.strip() in units:
                changed.append((p.id, implementer.key, old))
                p.values[implementer.key] = units[old.strip()]
        if department is not None and dept_field is not None and dept_field.role == "department":
            old = p.values.get(dept_field.key, "")
            if old.strip() == department[0] and department[0] != department[1]:
                changed.append((p.id, dept_field.key, old))
                p.values[dept_field.key] = department[1]
    return changed


def restore_values(decl: Declaration, changed: list[RenamedValue]) -> None:
    """Put back the texts :func:`rename_in_projects` replaced (projects since deleted are skipped)."""
    projects = {p.id: p for p in decl.projects}
    for pid, key, old in changed:
        p = projects.get(pid)
        if p is None:
            continue
        if key:
            p.values[key] = old
        else:
            p.unit = old
