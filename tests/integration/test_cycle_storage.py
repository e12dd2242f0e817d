"""The year's data survives the database (schema 3) and a schema-2 file migrates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from g60desk.storage import DB_NAME, open_database
from g60desk.storage.codec import decode_declaration, encode_declaration
from g60desk.storage.schema import SCHEMA_VERSION
from tests.cycle_samples import full_year

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "storage"
V2_DB = FIXTURES / "v2-release-0.2.json"


def test_codec_round_trip_keeps_the_year() -> None:
    d = full_year()
    doc = json.loads(json.dumps(encode_declaration(d)))
    assert decode_declaration(doc) == d


def test_database_round_trip_keeps_the_year(tmp_path: Path) -> None:
    d = full_year()
    db, _ = open_database(tmp_path)
    db.save(d)
    db.close()
    db, _ = open_database(tmp_path)
    back = db.get(d.id)
    db.close()
    assert back == d
    assert back.approved == "2022-03-15"
    assert back.projects[0].adjustments[0].changes[0].before == "=4 场"
    assert back.projects[0].indicators[9].result.score is not None


def test_schema_2_file_migrates_keeping_every_value(tmp_path: Path) -> None:
    shutil.copy(V2_DB, tmp_path / DB_NAME)
    old = json.loads(V2_DB.read_text(encoding="utf-8"))["declarations"]
    db, report = open_database(tmp_path)
    assert report.migrated_from == 2
    for decl_id, doc in old.items():
        decl = db.get(decl_id)
        again = encode_declaration(decl)
        assert again["approved"] == ""
        for p_new, p_old in zip(again["projects"], doc["projects"], strict=True):
            assert p_new["monitoring"] is None and p_new["evaluation"] is None
            assert p_new["adjustments"] == []
            for key in ("id", "unit", "values", "funding", "goals", "sections", "indicators"):
                assert p_new[key] == p_old[key], key
        assert {k: v for k, v in again.items() if k not in ("projects", "approved")} == \
            {k: v for k, v in doc.items() if k != "projects"}
    db.close()
    stored = json.loads((tmp_path / DB_NAME).read_text(encoding="utf-8"))
    assert stored["meta"]["1"]["schema"] == SCHEMA_VERSION == 3
    assert list((tmp_path / "backups").glob("*migrate*"))


# ---------------------------------------------------------------- any year data round-trips

from decimal import Decimal  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from g60desk.domain.cycle import (  # noqa: E402
    Adjustment,
    Cause,
    Evaluation,
    Monitoring,
    Progress,
    Result,
    TargetChange,
)
from g60desk.domain.model import Declaration, Indicator, Project  # noqa: E402
from g60desk.exchange.bundle import dumps, loads  # noqa: E402

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
_money = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2))
_points = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2))
_cause = st.builds(Cause, _text, _text)


@st.composite
def _projects(draw: st.DrawFn) -> Project:
    inds = [Indicator(draw(_text), draw(_text), draw(_text), draw(_text),
                      approved=draw(st.one_of(st.none(), _text)),
                      progress=Progress(draw(_text), draw(_text), draw(_cause), draw(_text)),
                      result=Result(draw(_text), draw(_points), draw(_points), draw(_text)))
            for _ in range(draw(st.integers(0, 3)))]
    monitoring = draw(st.one_of(st.none(), st.builds(
        Monitoring, st.integers(1, 12), _money, _money, _money, _cause, _text)))
    evaluation = draw(st.one_of(st.none(), st.builds(
        Evaluation, _money, _money, _money, _points, _text)))
    adjustments = draw(st.lists(st.builds(Adjustment, _text, _text, st.lists(
        st.builds(TargetChange, _text, _text, _text), max_size=2)), max_size=2))
    return Project(id=draw(st.text("abcdef0123", min_size=1, max_size=6)), indicators=inds,
                   monitoring=monitoring, evaluation=evaluation, adjustments=adjustments)


@settings(max_examples=200, deadline=None)
@given(st.lists(_projects(), max_size=3, unique_by=lambda p: p.id), _text)
def test_any_year_data_round_trips_database_and_bundle(ps: list[Project], approved: str) -> None:
    d = Declaration(year=2022, template="shanghai-2022", projects=ps, approved=approved)
    assert decode_declaration(json.loads(json.dumps(encode_declaration(d)))) == d
    back = loads(dumps(d))
    # The bundle writes amounts with two decimals: equal as numbers.
    assert back == d
    blank = Declaration(year=2022, template="t", projects=[Project(id="b", indicators=[
        Indicator(progress=Progress(current=" "), result=Result(deviation=" "))])])
    assert loads(dumps(blank)) == blank
    assert decode_declaration(json.loads(json.dumps(encode_declaration(blank)))) == blank
    assert all(isinstance(i.result.weight, (Decimal, type(None)))
               for p in back.projects for i in p.indicators)
