"""Declarations as database documents (schema 2) and back.

Its own codec, not the bundle's: the database schema and the exchange format
evolve separately. A project document keeps its values under the template's
keys (``values``, ``funding``, ``goals``, ``sections``), so a field a template
adds needs no change here. Decoding is strict — a document that does not decode
means the file was changed by something else, and the caller treats it as damage.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from g60desk.domain.model import (
    SIGNATURE_KEYS,
    Declaration,
    Funding,
    Indicator,
    Project,
    Signatures,
)


class DecodeError(ValueError):
    """A document that is not a schema-1 declaration; ``where`` names the field."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


# ---------------------------------------------------------------- encode

def _amount_out(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def encode_project(p: Project) -> dict[str, Any]:
    return {
        "id": p.id, "unit": p.unit, "values": dict(p.values),
        "funding": {k: _amount_out(v) for k, v in p.funding.amounts.items()},
        "goals": dict(p.goals), "sections": dict(p.sections),
        "indicators": [[i.level1, i.level2, i.name, i.target, i.side] for i in p.indicators],
    }


def encode_declaration(d: Declaration) -> dict[str, Any]:
    return {
        "id": d.id, "year": d.year, "template": d.template, "department": d.department,
        "units": list(d.units), "signatures": d.signatures.as_dict(),
        "projects": [encode_project(p) for p in d.projects],
    }


# ---------------------------------------------------------------- decode

def _get(obj: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in obj:
        raise DecodeError(f"{where}.{key}", "缺少字段")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise DecodeError(f"{where}.{key}", f"类型应为 {kind.__name__}")
    return value


def _amount_in(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DecodeError(where, "金额应为文字")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise DecodeError(where, f"金额“{value}”无效") from None
    if not amount.is_finite():
        raise DecodeError(where, f"金额“{value}”无效")
    return amount


def _str_map(obj: Any, where: str) -> dict[str, str]:
    if not isinstance(obj, dict) or not all(isinstance(v, str) for v in obj.values()):
        raise DecodeError(where, "应为文字对象")
    return obj


def decode_project(doc: Any, where: str) -> Project:
    if not isinstance(doc, dict):
        raise DecodeError(where, "应为对象")
    funding_doc = _get(doc, "funding", dict, where)
    funding = Funding({str(k): _amount_in(v, f"{where}.funding.{k}")
                       for k, v in funding_doc.items()})
    indicators = []
    for n, row in enumerate(_get(doc, "indicators", list, where)):
        if not (isinstance(row, list) and len(row) == 5 and all(isinstance(c, str) for c in row)):
            raise DecodeError(f"{where}.indicators[{n}]", "应为五个文字")
        indicators.append(Indicator(row[0], row[1], row[2], row[3], row[4]))
    return Project(
        id=_get(doc, "id", str, where), unit=_get(doc, "unit", str, where),
        values=dict(_str_map(_get(doc, "values", dict, where), f"{where}.values")),
        funding=funding,
        goals=dict(_str_map(_get(doc, "goals", dict, where), f"{where}.goals")),
        sections=dict(_str_map(_get(doc, "sections", dict, where), f"{where}.sections")),
        indicators=indicators)


def decode_declaration(doc: Any, where: str = "declaration") -> Declaration:
    if not isinstance(doc, dict):
        raise DecodeError(where, "应为对象")
    units = _get(doc, "units", list, where)
    if not all(isinstance(u, str) for u in units):
        raise DecodeError(f"{where}.units", "应为文字列表")
    sig_doc = _str_map(_get(doc, "signatures", dict, where), f"{where}.signatures")
    signatures = Signatures(**{k: sig_doc.get(k, "") for k in SIGNATURE_KEYS})
    projects = [decode_project(p, f"{where}.projects[{n}]")
                for n, p in enumerate(_get(doc, "projects", list, where))]
    return Declaration(
        year=_get(doc, "year", int, where), template=_get(doc, "template", str, where),
        department=_get(doc, "department", str, where), units=list(units),
        signatures=signatures, projects=projects, id=_get(doc, "id", str, where))


def summary(doc: Mapping[str, Any]) -> tuple[int, str, str, tuple[str, ...], tuple[str, ...], int]:
    """(year, department, template, units, declaring units, project count) of a document.

    Cheap: the declaration list is shown without decoding every project.
    """
    department = doc["department"]
    declaring: dict[str, None] = {}
    for p in doc["projects"]:
        declaring.setdefault(p["unit"].strip() or department.strip(), None)
    return (doc["year"], department, doc["template"], tuple(doc["units"]),
            tuple(declaring), len(doc["projects"]))
