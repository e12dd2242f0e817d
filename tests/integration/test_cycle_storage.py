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
