"""Declarations as database documents (schema 3) and back.

Its own codec, not the bundle's: the database schema and the exchange format
evolve separately. A project document keeps its values under the template's
keys (``values``, ``funding``, ``goals``, ``sections``), so a field a template
adds needs no change here. Decoding is strict — a document that does not decode
means the file was changed by something else, and the caller treats it as damage.

Schema 3 adds the year around the declaration: ``approved`` on the declaration;
``monitoring``, ``evaluation`` (objects or null) and ``adjustments`` on a project; and
an optional sixth element on an indicator row, an object with ``approved``,
``progress`` and ``result`` (absent while the indicator carries none of them).
Optional on a declaration (absent when empty, so no schema change): ``exported``, when
the bundle it came from was written, and ``versions``, a roll-up's unit → bundle stamp.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from g60desk.domain.cycle import (
    Adjustment,
    Cause,
    Evaluation,
    Monitoring,
    Progress,
    Result,
    TargetChange,
)
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


def _cause_out(c: Cause) -> list[str]:
    return [c.category, c.text]


def _indicator_out(i: Indicator) -> list[Any]:
    row: list[Any] = [i.level1, i.level2, i.name, i.target, i.side]
    # Exactly empty (not just blank): a value of spaces is kept as typed.
    if i.approved is not None or i.progress != Progress() or i.result != Result():
        pr, r = i.progress, i.result
        row.append({
            "approved": i.approved,
            "progress": [pr.current, pr.likelihood, _cause_out(pr.cause), pr.measures],
            "result": [r.actual, _amount_out(r.weight), _amount_out(r.score), r.deviation]})
    return row


def _monitoring_out(m: Monitoring | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {"month": m.month, "budget_adjusted": _amount_out(m.budget_adjusted),
            "executed_to_date": _amount_out(m.executed_to_date),
            "forecast": _amount_out(m.forecast), "cause": _cause_out(m.cause),
            "measures": m.measures}


def _evaluation_out(e: Evaluation | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"budget_initial": _amount_out(e.budget_initial),
            "budget_full_year": _amount_out(e.budget_full_year),
            "executed": _amount_out(e.executed),
            "execution_weight": _amount_out(e.execution_weight), "achieved": e.achieved}


def encode_project(p: Project) -> dict[str, Any]:
    return {
        "id": p.id, "unit": p.unit, "values": dict(p.values),
        "funding": {k: _amount_out(v) for k, v in p.funding.amounts.items()},
        "goals": dict(p.goals), "sections": dict(p.sections),
        "indicators": [_indicator_out(i) for i in p.indicators],
        "monitoring": _monitoring_out(p.monitoring),
        "evaluation": _evaluation_out(p.evaluation),
        "adjustments": [{"date": a.date, "reason": a.reason,
                         "changes": [[c.indicator, c.before, c.after] for c in a.changes]}
                        for a in p.adjustments],
    }


def encode_declaration(d: Declaration) -> dict[str, Any]:
    return {
        "id": d.id, "year": d.year, "template": d.template, "department": d.department,
        "units": list(d.units), "signatures": d.signatures.as_dict(),
        "projects": [encode_project(p) for p in d.projects], "approved": d.approved,
        **({"exported": d.exported} if d.exported else {}),
        **({"versions": dict(d.versions)} if d.versions else {}),
    }


# ---------------------------------------------------------------- decode

def _get(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise DecodeError(f"{where}.{key}", "缺少字段")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise DecodeError(f"{where}.{key}", f"类型应为 {getattr(kind, '__name__', kind)}")
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


def _texts(value: Any, n: int, where: str) -> list[Any]:
    if not isinstance(value, list) or len(value) != n:
        raise DecodeError(where, f"应为 {n} 项的列表")
    return value


def _s(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise DecodeError(where, "应为文字")
    return value


def _cause_in(value: Any, where: str) -> Cause:
    category, text = _texts(value, 2, where)
    return Cause(_s(category, where), _s(text, where))


def _indicator_in(row: Any, where: str) -> Indicator:
    if not (isinstance(row, list) and len(row) in (5, 6)
            and all(isinstance(c, str) for c in row[:5])):
        raise DecodeError(where, "应为五个文字(及年度数据)")
    ind = Indicator(row[0], row[1], row[2], row[3], row[4])
    if len(row) == 6:
        extra = row[5]
        if not isinstance(extra, dict):
            raise DecodeError(where, "年度数据应为对象")
        approved = extra.get("approved")
        ind.approved = None if approved is None else _s(approved, f"{where}.approved")
        current, likelihood, cause, measures = _texts(extra.get("progress"), 4,
                                                      f"{where}.progress")
        ind.progress = Progress(_s(current, where), _s(likelihood, where),
                                _cause_in(cause, f"{where}.progress"), _s(measures, where))
        actual, weight, score, deviation = _texts(extra.get("result"), 4, f"{where}.result")
        ind.result = Result(_s(actual, where), _amount_in(weight, f"{where}.weight"),
                            _amount_in(score, f"{where}.score"), _s(deviation, where))
    return ind


def _monitoring_in(doc: Any, where: str) -> Monitoring | None:
    if doc is None:
        return None
    if not isinstance(doc, dict):
        raise DecodeError(where, "应为对象")
    return Monitoring(
        month=_get(doc, "month", int, where),
        budget_adjusted=_amount_in(doc.get("budget_adjusted"), f"{where}.budget_adjusted"),
        executed_to_date=_amount_in(doc.get("executed_to_date"), f"{where}.executed_to_date"),
        forecast=_amount_in(doc.get("forecast"), f"{where}.forecast"),
        cause=_cause_in(doc.get("cause"), f"{where}.cause"),
        measures=_get(doc, "measures", str, where))


def _evaluation_in(doc: Any, where: str) -> Evaluation | None:
    if doc is None:
        return None
    if not isinstance(doc, dict):
        raise DecodeError(where, "应为对象")
    amounts = {k: _amount_in(doc.get(k), f"{where}.{k}")
               for k in ("budget_initial", "budget_full_year", "executed", "execution_weight")}
    return Evaluation(**amounts, achieved=_get(doc, "achieved", str, where))


def _adjustments_in(doc: Any, where: str) -> list[Adjustment]:
    out = []
    for n, a in enumerate(_get(doc, "adjustments", list, where)):
        w = f"{where}.adjustments[{n}]"
        if not isinstance(a, dict):
            raise DecodeError(w, "应为对象")
        changes = [TargetChange(*(_s(x, w) for x in _texts(c, 3, w)))
                   for c in _get(a, "changes", list, w)]
        out.append(Adjustment(_get(a, "date", str, w), _get(a, "reason", str, w), changes))
    return out


def decode_project(doc: Any, where: str) -> Project:
    if not isinstance(doc, dict):
        raise DecodeError(where, "应为对象")
    funding_doc = _get(doc, "funding", dict, where)
    funding = Funding({str(k): _amount_in(v, f"{where}.funding.{k}")
                       for k, v in funding_doc.items()})
    indicators = [_indicator_in(row, f"{where}.indicators[{n}]")
                  for n, row in enumerate(_get(doc, "indicators", list, where))]
    return Project(
        id=_get(doc, "id", str, where), unit=_get(doc, "unit", str, where),
        values=dict(_str_map(_get(doc, "values", dict, where), f"{where}.values")),
        funding=funding,
        goals=dict(_str_map(_get(doc, "goals", dict, where), f"{where}.goals")),
        sections=dict(_str_map(_get(doc, "sections", dict, where), f"{where}.sections")),
        indicators=indicators,
        monitoring=_monitoring_in(_get(doc, "monitoring", (dict, type(None)), where),
                                  f"{where}.monitoring"),
        evaluation=_evaluation_in(_get(doc, "evaluation", (dict, type(None)), where),
                                  f"{where}.evaluation"),
        adjustments=_adjustments_in(doc, where))


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
        signatures=signatures, projects=projects, id=_get(doc, "id", str, where),
        approved=_get(doc, "approved", str, where),
        exported=_get(doc, "exported", str, where) if "exported" in doc else "",
        versions=dict(_str_map(doc["versions"], f"{where}.versions")) if "versions" in doc else {})


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
