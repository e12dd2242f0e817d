"""Pure declaration operations: copying projects and rolling a declaration to the next year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from g60desk.domain.operations import (
    copy_declaration,
    copy_project,
    roll_forward,
    shift_date,
    shift_date_text,
)
from tests import factories
from tests.store_samples import declaration, project


def test_copy_project_gets_new_id_and_shares_nothing() -> None:
    original = project(1)
    dup = copy_project(original)
    assert dup.id != original.id
    assert dup.funding == original.funding and dup.indicators == original.indicators
    assert dup.name == original.name and factories.day(dup, "start") == factories.day(original, "start")
    dup.indicators[0].target = "=99个"
    dup.sections["basis"] = "改了"
    assert original.indicators[0].target == "=3个"
    assert original.sections["basis"] == "区政府常务会议纪要。"


def test_copy_declaration_renews_every_id() -> None:
    decl = declaration(3)
    dup = copy_declaration(decl)
    assert dup.id != decl.id and dup.year == decl.year
    assert not {p.id for p in dup.projects} & {p.id for p in decl.projects}
    assert [p.name for p in dup.projects] == [p.name for p in decl.projects]


def test_roll_forward_shifts_year_and_dates_and_keeps_amounts_and_targets() -> None:
    decl = declaration(2, year=2022)
    factories.set_day(decl.projects[1], "end", date(2024, 2, 29))
    nxt = roll_forward(decl, 1, factories.template().shape)
    assert nxt.year == 2023 and nxt.id != decl.id
    assert [factories.day(p, "start") for p in nxt.projects] == [date(2023, 1, 1)] * 2
    assert factories.day(nxt.projects[0], "end") == date(2023, 12, 31)
    assert factories.day(nxt.projects[1], "end") == date(2025, 2, 28)
    for old, new in zip(decl.projects, nxt.projects, strict=True):
        assert new.id != old.id
        assert new.funding == old.funding
        assert new.funding.get("annual") == old.funding.get("annual") and isinstance(new.funding.get("annual"), Decimal)
        assert [i.target for i in new.indicators] == [i.target for i in old.indicators]
        assert new.sections == old.sections and new.goals["overall_goal"] == old.goals["overall_goal"]
    assert nxt.signatures.date == "2023年3月1日"
    assert decl.year == 2022 and factories.day(decl.projects[0], "start") == date(2022, 1, 1)


def test_shift_date_and_text() -> None:
    assert shift_date(None) is None
    assert shift_date(date(2020, 2, 29)) == date(2021, 2, 28)
    assert shift_date_text("2022/3/1") == "2023/3/1"
    assert shift_date_text("2024-02-29") == "2025-02-28"
    assert shift_date_text("") == ""
    assert shift_date_text("待定") == "待定"
