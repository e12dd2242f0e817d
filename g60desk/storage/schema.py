"""The database file's layout, its version, migrations, and recognising damage.

Layout (schema 3), one UTF-8 JSON object as TinyDB sees it::

    {"meta": {"1": {"format": "g60desk-db", "schema": 2}},
     "declarations": {"<declaration id>": {...declaration document...}}}

Schema 1 (release 0.1) kept a project's fields as fixed attributes (``name``,
``category``, ``start`` …, ``overall_goal``, ``annual_goal``) and indicators as
four texts; schema 2 keeps them under the template's keys (``values``,
``goals``) and gives each indicator its side. Schema 3 adds the year around the
declaration (已批复, monitoring, self-evaluation, adjustments; see
:mod:`g60desk.storage.codec`); schema 2 files gain empty values. Schema 0 is the
prototype's layout (no ``meta``; declarations in TinyDB's
``_default`` table under numeric ids, amounts as JSON numbers, dates typed as
``2022/1/1``, indicators as objects). Opening an older file migrates it;
opening a newer one is refused (see :class:`NewerSchemaError`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from g60desk import fileio, safejson
from g60desk.domain.dates import try_parse_date
from g60desk.domain.errors import RepositoryError
from g60desk.domain.model import new_id
from g60desk.domain.money import MAX_YUAN
from g60desk.storage.atomic import REPLACE_DELAYS, is_file_busy
from g60desk.storage.codec import DecodeError, decode_declaration
from g60desk.storage.errors import DamagedFile, NewerSchemaError

FORMAT = "g60desk-db"
SCHEMA_VERSION = 3
META_TABLE = "meta"
META_ID = "1"
DECLARATIONS = "declarations"
# Far above any real data folder (a thousand projects is a few MB).
MAX_FILE_BYTES = 512 * 1024 * 1024

Data = dict[str, dict[str, Any]]


def empty_data() -> Data:
    return {META_TABLE: {META_ID: {"format": FORMAT, "schema": SCHEMA_VERSION}},
            DECLARATIONS: {}}


# ---------------------------------------------------------------- bytes → JSON

def parse_bytes(raw: bytes) -> Any:
    """JSON from the file's bytes (via :mod:`g60desk.safejson`); :class:`DamagedFile` with
    the damage kind otherwise."""
    try:
        return safejson.loads(raw)
    except safejson.JsonProblem as exc:
        raise DamagedFile(exc.kind, exc.message) from None


def read_file(path: Path) -> Any | None:
    """The parsed file, or ``None`` if there is none; :class:`DamagedFile` if unreadable.

    Other OSErrors (permissions) propagate: they are not damage and must not
    lead to moving the file aside.
    """
    for delay in (*REPLACE_DELAYS, None):
        try:
            raw = fileio.read_limited(path, MAX_FILE_BYTES, what="数据文件")
            break
        except FileNotFoundError:
            return None
        except fileio.FileReadError as exc:
            cause = exc.__cause__
            # Antivirus scanning the file right after it was written (Windows).
            if delay is None or not isinstance(cause, OSError) or not is_file_busy(cause):
                if isinstance(cause, OSError):
                    raise cause from None
                raise RepositoryError(exc.message) from None
            time.sleep(delay)
    return parse_bytes(raw)


# ---------------------------------------------------------------- versions

def _looks_like_v0(obj: dict[str, Any]) -> bool:
    if set(obj) - {"_default"}:
        return False
    table = obj.get("_default", {})
    if not isinstance(table, dict):
        return False
    return all(isinstance(d, dict) and isinstance(d.get("year"), int)
               and isinstance(d.get("projects", []), list) for d in table.values())


def detect_version(obj: Any, path: Path) -> int:
    """The schema version of parsed file content; damage or newer-schema errors otherwise."""
    if not isinstance(obj, dict):
        raise DamagedFile("unknown-schema", "顶层不是对象")
    meta_table = obj.get(META_TABLE)
    if meta_table is None:
        if _looks_like_v0(obj):
            return 0
        raise DamagedFile("unknown-schema", "缺少版本信息(meta)")
    meta = meta_table.get(META_ID) if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise DamagedFile("unknown-schema", "版本信息(meta)不是 G60Desk 的")
    version = meta.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise DamagedFile("unknown-schema", "版本号无效")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(str(path), version, SCHEMA_VERSION)
    return version


# ---------------------------------------------------------------- migrations

def _v0_amount(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DecodeError("funding", "金额不是数字")
    try:
        # repr keeps 0.1 as 0.1; the prototype stored 元 as floats (read as Decimal).
        amount = Decimal(value if isinstance(value, (str, Decimal)) else repr(value))
        if not amount.is_finite() or abs(amount) > MAX_YUAN:  # 1e30, 1e400, "sNaN"
            raise InvalidOperation
        return str(amount.quantize(Decimal("0.01")))
    except InvalidOperation:
        raise DecodeError("funding", f"金额“{value}”无效") from None


def _v0_date(value: Any) -> str | None:
    if not value:
        return None
    parsed, _ = try_parse_date(str(value))
    if parsed is None:
        raise DecodeError("date", f"日期“{value}”无效")
    return parsed.isoformat()


def _v0_to_v1(obj: dict[str, Any]) -> Data:
    declarations: dict[str, Any] = {}
    # Numeric TinyDB ids in insertion order keep the prototype's order.
    for _, old in sorted(obj.get("_default", {}).items(), key=lambda kv: int(kv[0])):
        projects = []
        for p in old.get("projects", []):
            funding = p.get("funding", {})
            projects.append({
                "id": str(p.get("id") or new_id()),
                **{k: str(p.get(k) or "") for k in (
                    "unit", "name", "category", "nature", "department", "implementer",
                    "overall_goal", "annual_goal")},
                "start": _v0_date(p.get("start")), "end": _v0_date(p.get("end")),
                "funding": {k: _v0_amount(v) for k, v in funding.items()},
                "sections": {**dict.fromkeys(_V1_SECTION_KEYS, ""),
                             **{k: str(v) for k, v in p.get("sections", {}).items()}},
                "indicators": [[str(i.get(k) or "") for k in ("level1", "level2", "name",
                                                               "target")]
                               for i in p.get("indicators", [])],
            })
        decl_id = str(old.get("id") or new_id())
        declarations[decl_id] = {
            "id": decl_id, "year": old["year"], "template": str(old.get("template") or
                                                                "shanghai-2022"),
            "department": str(old.get("department") or ""),
            "units": [str(u) for u in old.get("units", [])],
            "signatures": {k: str(v) for k, v in old.get("signatures", {}).items()},
            "projects": projects,
        }
    data = empty_data()
    data[DECLARATIONS] = declarations
    return data


# The seven parts of 项目经费情况说明 of the Shanghai forms, as schema 1 always held them.
_V1_SECTION_KEYS = ("overview", "basis", "implementer", "plan", "period", "budget", "targets")
# Schema 1's fixed project attributes, which schema 2 keeps under the template's keys.
V1_VALUE_KEYS = ("name", "category", "nature", "department", "implementer")
V1_GOAL_KEYS = ("overall_goal", "annual_goal")


def v1_project_to_v2(p: dict[str, Any]) -> dict[str, Any]:
    """One schema-1 project document in schema 2; every value is kept.

    The shipped Shanghai templates use the old attribute names as their keys, so
    nothing moves for them; a value a template does not show is kept all the same.
    """
    values = {k: p[k] for k in V1_VALUE_KEYS}
    for k in ("start", "end"):
        values[k] = p[k] or ""
    return {
        "id": p["id"], "unit": p["unit"], "values": values,
        "funding": dict(p["funding"]),
        "goals": {k: p[k] for k in V1_GOAL_KEYS},
        "sections": dict(p["sections"]),
        "indicators": [[*row, ""] for row in p["indicators"]],
    }


def _v1_to_v2(obj: dict[str, Any]) -> Data:
    decls = obj.get(DECLARATIONS, {})
    if not isinstance(decls, dict):
        raise DecodeError(DECLARATIONS, "应为对象")
    for doc in decls.values():
        doc["projects"] = [v1_project_to_v2(p) for p in doc["projects"]]
    obj[META_TABLE] = {META_ID: {"format": FORMAT, "schema": 2}}
    return obj


def _v2_to_v3(obj: dict[str, Any]) -> Data:
    """No cycle data yet: not approved, no monitoring, evaluation or adjustments."""
    decls = obj.get(DECLARATIONS, {})
    if not isinstance(decls, dict):
        raise DecodeError(DECLARATIONS, "应为对象")
    for doc in decls.values():
        doc["approved"] = ""
        for p in doc["projects"]:
            p.update(monitoring=None, evaluation=None, adjustments=[])
    obj[META_TABLE] = {META_ID: {"format": FORMAT, "schema": 3}}
    return obj


# from-version → function producing the next version's content.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], Data]] = {0: _v0_to_v1, 1: _v1_to_v2,
                                                          2: _v2_to_v3}


def migrate(obj: dict[str, Any], version: int) -> Data:
    """Bring parsed content from ``version`` up to :data:`SCHEMA_VERSION`."""
    try:
        while version < SCHEMA_VERSION:
            obj = MIGRATIONS[version](obj)
            version += 1
    except (DecodeError, KeyError, TypeError, AttributeError, ValueError, ArithmeticError) as exc:
        raise DamagedFile("unknown-schema", f"旧版数据无法升级:{exc}") from None
    return obj


def validate(obj: dict[str, Any]) -> Data:
    """Check every declaration decodes; raise :class:`DamagedFile` naming the first fault."""
    decls = obj.get(DECLARATIONS, {})
    if not isinstance(decls, dict):
        raise DamagedFile("unknown-schema", "申报表格不是对象")
    for key, doc in decls.items():
        try:
            decl = decode_declaration(doc, f"declarations.{key}")
        except DecodeError as exc:
            raise DamagedFile("unknown-schema", f"{exc.where}:{exc.problem}") from None
        if decl.id != key:
            raise DamagedFile("unknown-schema", f"declarations.{key}:编号不一致")
    extra = set(obj) - {META_TABLE, DECLARATIONS}
    if extra:
        raise DamagedFile("unknown-schema", f"多余的表格:{', '.join(sorted(extra))}")
    obj.setdefault(DECLARATIONS, {})
    return obj


def load_content(obj: Any, path: Path) -> tuple[Data, int]:
    """Parsed file content → (current-schema data, version found)."""
    version = detect_version(obj, path)
    data = migrate(obj, version) if version < SCHEMA_VERSION else obj
    return validate(data), version


def counts(data: Data) -> tuple[int, int]:
    """(declarations, projects) in current-schema data."""
    decls = data.get(DECLARATIONS, {})
    return len(decls), sum(len(d.get("projects", [])) for d in decls.values())
