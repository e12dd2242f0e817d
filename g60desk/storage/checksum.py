"""The database file's checksum: a flipped byte is damage, not silently other data.

Saving writes ``"checksum": "sha256:<hex>"`` into the meta record. It covers
every other table, as the canonical JSON text of each (``name``, NUL, text,
NUL, in file order), so the reader can recompute it from what it parsed. A
flipped bit inside a Chinese character still decodes as UTF-8 and parses, but
gives another checksum: :func:`verify` reports it as damage of kind
``checksum``, handled like any other (the file is kept aside, a backup offered).

Files without a checksum (written before it existed) are accepted; the next
save adds one. Older G60Desk versions ignore the extra meta field.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from g60desk.safejson import number_default
from g60desk.storage.errors import DamagedFile
from g60desk.storage.schema import META_ID, META_TABLE

KEY = "checksum"
PREFIX = "sha256:"


def _table_text(table: Any, *, ascii_only: bool = False) -> str:
    return json.dumps(table, ensure_ascii=ascii_only, separators=(",", ":"),
                      default=number_default)


def _bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:   # a lone surrogate: hashed as is, written escaped
        return text.encode("utf-8", "surrogatepass")


def _digest(tables: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, raw in tables:
        h.update(name.encode("utf-8", "surrogatepass") + b"\0")
        h.update(raw)
        h.update(b"\0")
    return PREFIX + h.hexdigest()


def serialize(data: dict[str, Any]) -> bytes:
    """The file bytes of ``data``: compact UTF-8 JSON with the checksum in the meta record.

    The same bytes as ``json.dumps(data, ensure_ascii=False, separators=(",", ":"))``
    plus the checksum; a lone surrogate (pasted from a broken clipboard) cannot be
    UTF-8, so then every character is escaped instead of refusing to save. Data
    without a meta record (not a G60Desk database) is written without a checksum.
    """
    if not isinstance(data.get(META_TABLE), dict):
        return _encode(data)
    texts = [(name, _table_text(table)) for name, table in data.items() if name != META_TABLE]
    try:
        encoded = [(name, text.encode("utf-8")) for name, text in texts]
    except UnicodeEncodeError:
        encoded = []
    stamped = dict(data)
    meta_table = dict(data.get(META_TABLE) or {})
    meta_table[META_ID] = {**(meta_table.get(META_ID) or {}),
                           KEY: _digest(encoded or [(n, _bytes(t)) for n, t in texts])}
    stamped[META_TABLE] = meta_table
    if not encoded:
        return _encode(stamped)
    by_name = dict(encoded)
    parts = [json.dumps(name).encode("utf-8") + b":"
             + (by_name[name] if name in by_name else _table_text(table).encode("utf-8"))
             for name, table in stamped.items()]
    return b"{" + b",".join(parts) + b"}"


def _encode(data: dict[str, Any]) -> bytes:
    try:
        return _table_text(data).encode("utf-8")
    except UnicodeEncodeError:
        return _table_text(data, ascii_only=True).encode("ascii")


def verify(obj: Any) -> None:
    """Raise :class:`DamagedFile` (kind ``checksum``) when parsed content's checksum is wrong."""
    if not isinstance(obj, dict):
        return
    meta_table = obj.get(META_TABLE)
    meta = meta_table.get(META_ID) if isinstance(meta_table, dict) else None
    stored = meta.get(KEY) if isinstance(meta, dict) else None
    if stored is None:
        return
    tables = [(name, _bytes(_table_text(table))) for name, table in obj.items()
              if name != META_TABLE]
    if stored != _digest(tables):
        raise DamagedFile("checksum", "文件内容与保存时记录的校验值不符,有字节被改动")
