"""Database documents: exact round trip, strict decoding, damage classification."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from g60desk.domain.model import Declaration, Indicator, Project
from g60desk.storage.backups import backup_name, parse_name, retained
from g60desk.storage.codec import DecodeError, decode_declaration, encode_declaration
from g60desk.storage.errors import DamagedFile
from g60desk.storage.schema import parse_bytes
from tests.factories import legacy_project, money
from tests.store_samples import declaration

amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**12, places=2,
                                           allow_nan=False, allow_infinity=False))
texts = st.text(max_size=30)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    return legacy_project(
        id=draw(st.text(min_size=1, max_size=12)), name=draw(texts), unit=draw(texts),
        start=draw(st.one_of(st.none(), st.dates())), end=draw(st.one_of(st.none(), st.dates())),
        funding=money(total=draw(amounts), annual=draw(amounts), annual_other=draw(amounts)),
        sections={"overview": draw(texts), "extra-key": draw(texts)},
        indicators=[Indicator(*draw(st.tuples(texts, texts, texts, texts)))
                    for _ in range(draw(st.integers(0, 3)))])


@given(st.lists(projects(), max_size=4), st.integers(1900, 2200), texts)
def test_round_trip_through_json_is_exact(ps: list[Project], year: int, dept: str) -> None:
    decl = Declaration(year=year, template="t", department=dept, projects=ps)
    doc = json.loads(json.dumps(encode_declaration(decl), ensure_ascii=False))
    back = decode_declaration(doc)
    assert back == decl


def test_amounts_keep_their_exact_decimal_text() -> None:
    decl = declaration(1)
    decl.projects[0].funding.set("total", Decimal("5100000.00"))
    doc = encode_declaration(decl)
    assert doc["projects"][0]["funding"]["total"] == "5100000.00"
    assert decode_declaration(doc).projects[0].funding.get("total") == Decimal("5100000.00")


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d.pop("year"), "declaration.year"),
    (lambda d: d.update(year=True), "declaration.year"),
    (lambda d: d["projects"][0]["funding"].update(total=12.5), "funding.total"),
    (lambda d: d["projects"][0]["funding"].update(total="abc"), "funding.total"),
    (lambda d: d["projects"][0]["funding"].update(total="NaN"), "funding.total"),
    (lambda d: d["projects"][0]["values"].update(start=5), "projects[0].values"),
    (lambda d: d["projects"][0]["indicators"].append(["a", "b"]), "indicators[5]"),
    (lambda d: d["units"].append(3), "declaration.units"),
])
def test_decode_is_strict(mutate: object, where: str) -> None:
    doc = encode_declaration(declaration(1))
    mutate(doc)  # type: ignore[operator]
    with pytest.raises(DecodeError) as err:
        decode_declaration(doc)
    assert where in err.value.where


@pytest.mark.parametrize("raw, kind", [
    (b"", "empty"), (b"  \n\x00", "empty"), (b'{"meta": {"1"', "truncated"),
    (b'{"a": "unterminated', "truncated"), (b"[1, 2] trailing", "not-json"),
    ("{\"名\": 1}".encode("gbk"), "encoding"),
])
def test_damage_kinds(raw: bytes, kind: str) -> None:
    with pytest.raises(DamagedFile) as err:
        parse_bytes(raw)
    assert err.value.kind == kind and err.value.detail


def test_utf8_bom_is_accepted() -> None:
    assert parse_bytes(b"\xef\xbb\xbf{}") == {}


def test_backup_names_carry_time_reason_and_counts(tmp_path: Path) -> None:
    when = datetime(2026, 1, 28, 10, 15, 30, 123456)
    path = tmp_path / backup_name(when, "auto", 3, 42)
    path.write_bytes(b"{}")
    info = parse_name(path)
    assert info is not None
    assert (info.created, info.reason, info.declaration_count, info.project_count) == \
        (when, "auto", 3, 42)
    assert parse_name(tmp_path / "g60desk-notes.json") is None


def test_retention_rule() -> None:
    from g60desk.domain.records import BackupInfo
    now = datetime(2026, 3, 1, 12, 0)
    infos = [BackupInfo(f"b{n}", datetime(2026, 1, 1) + (now - datetime(2026, 1, 1)) * n / 99,
                        "auto", 1, 1, 1) for n in range(100)]
    keep = retained(infos, now, keep_last=5, keep_days=30)
    newest = sorted(infos, key=lambda b: b.created)[-5:]
    assert {b.name for b in newest} <= keep
    kept_days = [b.created.date() for b in infos if b.name in keep and b not in newest]
    assert len(kept_days) == len(set(kept_days))            # one per day
    assert all((now.date() - d).days < 30 for d in kept_days)


def test_export_stamp_and_unit_versions_are_kept_and_absent_when_empty() -> None:
    d = declaration(1)
    doc = encode_declaration(d)
    assert "exported" not in doc and "versions" not in doc   # no change for old documents
    d.exported = "2026-03-05T16:30:00+08:00"
    d.versions = {"甲中心": "2026-03-01T09:00:00+08:00"}
    back = decode_declaration(json.loads(json.dumps(encode_declaration(d))))
    assert back.exported == d.exported and back.versions == d.versions
    bad = encode_declaration(d)
    bad["versions"] = {"甲中心": 3}
    with pytest.raises(DecodeError):
        decode_declaration(bad)
