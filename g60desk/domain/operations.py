"""Pure operations on declarations: copy a project, roll a declaration to the next year.

Used by the services (and through them the window); storage only stores the
results. Copies get fresh ids and share nothing with their source.
"""

from __future__ import annotations

import copy
from datetime import date

from g60desk.domain.dates import try_parse_date
from g60desk.domain.model import Declaration, Project, new_id


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
    """A deep copy with a new id; amounts, dates, texts and indicators kept."""
    duplicate = copy.deepcopy(project)
    duplicate.id = new_id()
    return duplicate


def copy_declaration(decl: Declaration) -> Declaration:
    """A deep copy with a new declaration id and new project ids, same year."""
    duplicate = copy.deepcopy(decl)
    duplicate.id = new_id()
    for p in duplicate.projects:
        p.id = new_id()
    return duplicate


def roll_forward(decl: Declaration, years: int = 1) -> Declaration:
    """The declaration copied to a later year: new ids, year and dates moved.

    Amounts, indicators and their targets, goals and narrative sections are
    kept as they are: staff start next year's declaration from this year's and
    edit what changed. The signature date moves too if it reads as a date.
    """
    nxt = copy_declaration(decl)
    nxt.year = decl.year + years
    for p in nxt.projects:
        p.start = shift_date(p.start, years)
        p.end = shift_date(p.end, years)
    nxt.signatures.date = shift_date_text(nxt.signatures.date, years)
    return nxt
