"""The bundle file: one whole declaration as UTF-8 JSON (see docs/bundle-format.md).

Version 2 keeps a project's values under its template's keys (``fields``,
``funding``, ``goals``, ``sections``; indicators with their side), and the year
around the declaration in optional keys (``approved``, ``monitoring``,
``evaluation``, ``adjustments``; an indicator's ``approved``, ``progress``,
``actual``, ``weight``, ``score``, ``deviation``), read in either version. Version 1
(release 0.1, the Shanghai attributes) is still read. Reading is defensive:
whatever the file holds, the caller gets a Declaration or one
:class:`BundleError` with a Chinese message naming the place of the fault.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from g60desk import fileio, safejson
from g60desk.domain.cycle import (
    Adjustment,
    Cause,
    Evaluation,
    Monitoring,
    Progress,
    Result,
    TargetChange,
)
from g60desk.domain.dates import parse_date
from g60desk.domain.errors import InputError, UserError
from g60desk.domain.model import (
    SIGNATURE_KEYS,
    Declaration,
    Funding,
    Indicator,
    Project,
    Signatures,
    new_id,
)
from g60desk.domain.money import format_plain, parse_money

FORMAT = "g60desk-bundle"
VERSION = 2
# Version 1 held these project attributes; version 2 keeps them under the same keys.
V1_FIELD_KEYS = ("name", "category", "nature", "department", "implementer")
V1_GOAL_KEYS = ("overall_goal", "annual_goal")
V1_SECTION_KEYS = ("overview", "basis", "implementer", "plan", "period", "budget", "targets")
# A real declaration of a few hundred projects is a few MB; refuse junk early.
MAX_BYTES = 50 * 1024 * 1024


class BundleError(UserError, ValueError):
    """A bundle that cannot be read; ``message`` is one Chinese sentence."""


# ---------------------------------------------------------------- writing

def declaration_to_dict(decl: Declaration) -> dict[str, Any]:
    return {
        "id": decl.id,
        "year": decl.year,
        "template": decl.template,
        "department": decl.department,
        "units": list(decl.units),
        "signatures": decl.signatures.as_dict(),
        "projects": [project_to_dict(p) for p in decl.projects],
        **({"approved": decl.approved} if decl.approved else {}),
        **({"versions": dict(decl.versions)} if decl.versions else {}),
    }


def _cause_dict(c: Cause) -> dict[str, str]:
    return {"category": c.category, "text": c.text}


def _indicator_dict(i: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {"level1": i.level1, "level2": i.level2, "name": i.name,
                           "target": i.target}
    if i.side:
        out["side"] = i.side
    if i.approved is not None:
        out["approved"] = i.approved
    if i.progress != Progress():
        pr = i.progress
        out["progress"] = {"current": pr.current, "likelihood": pr.likelihood,
                           "cause": _cause_dict(pr.cause), "measures": pr.measures}
    r = i.result
    if r.actual:
        out["actual"] = r.actual
    if r.weight is not None:
        out["weight"] = format_plain(r.weight)
    if r.score is not None:
        out["score"] = format_plain(r.score)
    if r.deviation:
        out["deviation"] = r.deviation
    return out


def _cycle_dict(p: Project) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if p.monitoring is not None:
        m = p.monitoring
        out["monitoring"] = {
            "month": m.month, "budget_adjusted": format_plain(m.budget_adjusted),
            "executed_to_date": format_plain(m.executed_to_date),
            "forecast": format_plain(m.forecast), "cause": _cause_dict(m.cause),
            "measures": m.measures}
    if p.evaluation is not None:
        e = p.evaluation
        out["evaluation"] = {
            "budget_initial": format_plain(e.budget_initial),
            "budget_full_year": format_plain(e.budget_full_year),
            "executed": format_plain(e.executed),
            "execution_weight": format_plain(e.execution_weight), "achieved": e.achieved}
    if p.adjustments:
        out["adjustments"] = [
            {"date": a.date, "reason": a.reason,
             "changes": [{"indicator": c.indicator, "before": c.before, "after": c.after}
                         for c in a.changes]} for a in p.adjustments]
    return out


def project_to_dict(p: Project) -> dict[str, Any]:
    return {
        "id": p.id, "unit": p.unit,
        "fields": dict(p.values),
        "funding": {k: format_plain(v) for k, v in p.funding.amounts.items()},
        "goals": dict(p.goals),
        "sections": dict(p.sections),
        "indicators": [_indicator_dict(i) for i in p.indicators],
        **_cycle_dict(p),
    }


def now_stamp() -> str:
    """The ``exported`` stamp: local date-time with its UTC offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def dumps(decl: Declaration, exported: str | None = None) -> str:
    """The bundle text: stable key order, UTF-8 Chinese kept readable; ``exported`` (when
    the bundle was written, :func:`now_stamp`) tells a unit's newer bundle from an older one."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if exported:
        doc["exported"] = exported
    doc["declaration"] = declaration_to_dict(decl)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_bundle(decl: Declaration, path: Path, exported: str | None = None) -> None:
    """Write a bundle atomically (:func:`g60desk.fileio.write_output`): a crash leaves the
    old file; a lone surrogate kept in the database becomes U+FFFD; ``FileWriteError``.
    Stamped ``exported`` now unless given."""
    fileio.write_output(path, fileio.utf8(dumps(decl, exported or now_stamp())))


# ---------------------------------------------------------------- reading

def _type_name(value: Any) -> str:
    return {str: "文字", int: "整数", float: "数字", Decimal: "数字", bool: "真假值", list: "列表",
            dict: "对象", type(None): "空值(null)"}.get(type(value), type(value).__name__)


def _expect(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise BundleError(f"{where}:{what}的类型不对(应为{what},实际为真假值)。")
    if not isinstance(value, kind):
        raise BundleError(f"{where}:类型不对,应为{what},实际为{_type_name(value)}。")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate ("\ud800") would make the next save fail.
            raise BundleError(f"{where}:文字中含有无效的字符编码。") from None
    return value


def _text(obj: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    if key not in obj or obj[key] is None:
        if required:
            raise BundleError(f"{where}.{key}:缺少必需的字段。")
        return ""
    return str(_expect(obj[key], str, f"{where}.{key}", "文字"))


def _numeric_text(obj: Mapping[str, Any], key: str, where: str, what: str) -> str | None:
    """The text of a number given as text or as a JSON number; None when empty."""
    raw = obj.get(key)
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise BundleError(f"{where}.{key}:{what}应为文字或数字,实际为{_type_name(raw)}。")
    # JSON fractions arrive as exact Decimals (0.1 stays 0.1); ints and NaN via repr.
    return raw if isinstance(raw, str) else str(raw) if isinstance(raw, Decimal) else repr(raw)


def _amount(obj: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    text = _numeric_text(obj, key, where, "金额")
    if text is None:
        return None
    try:
        return parse_money(text)
    except InputError as exc:
        raise BundleError(f"{where}.{key}:{exc.message}") from None


def _date(obj: Mapping[str, Any], key: str, where: str) -> date | None:
    raw = obj.get(key)
    if raw is None or raw == "":
        return None
    _expect(raw, str, f"{where}.{key}", "日期文字")
    try:
        return parse_date(raw)
    except InputError as exc:
        raise BundleError(f"{where}.{key}:{exc.message}") from None


def _str_map(obj: Mapping[str, Any], key: str, where: str,
             keys: tuple[str, ...] | None = None) -> dict[str, str]:
    """A ``{key: text}`` object (all its keys, or just ``keys``), texts checked."""
    table = obj.get(key, {})
    if table is None:
        return {}
    _expect(table, dict, f"{where}.{key}", "对象")
    wanted = keys if keys is not None else tuple(table)
    return {str(k): _text(table, k, f"{where}.{key}") for k in wanted}


def _number(obj: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    """A 分值 or 得分: a number or a numeric text, kept exactly."""
    raw = _numeric_text(obj, key, where, "分值")
    if raw is None:
        return None
    text = raw.strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BundleError(f"{where}.{key}:“{text}”不是数字。") from None
    if not value.is_finite() or abs(value) > 1000:
        raise BundleError(f"{where}.{key}:“{text}”不是有效的分值。")
    return value


def _table(obj: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any] | None:
    table = obj.get(key)
    if table is None:
        return None
    return dict(_expect(table, dict, f"{where}.{key}", "对象"))


def _cause(obj: Mapping[str, Any], where: str) -> Cause:
    raw = obj.get("cause")
    if isinstance(raw, str):  # just the text
        return Cause("", _text(obj, "cause", where))
    table = _table(obj, "cause", where)
    if table is None:
        return Cause()
    return Cause(_text(table, "category", f"{where}.cause"), _text(table, "text", f"{where}.cause"))


def _indicator(row: Any, iw: str) -> Indicator:
    _expect(row, dict, iw, "对象")
    ind = Indicator(
        level1=_text(row, "level1", iw), level2=_text(row, "level2", iw),
        name=_text(row, "name", iw), target=_text(row, "target", iw),
        side=_text(row, "side", iw),
        approved=_text(row, "approved", iw) if row.get("approved") is not None else None,
        result=Result(actual=_text(row, "actual", iw), weight=_number(row, "weight", iw),
                      score=_number(row, "score", iw), deviation=_text(row, "deviation", iw)))
    progress = _table(row, "progress", iw)
    if progress is not None:
        pw = f"{iw}.progress"
        ind.progress = Progress(_text(progress, "current", pw), _text(progress, "likelihood", pw),
                                _cause(progress, pw), _text(progress, "measures", pw))
    return ind


def _monitoring(obj: Mapping[str, Any], where: str) -> Monitoring | None:
    table = _table(obj, "monitoring", where)
    if table is None:
        return None
    mw = f"{where}.monitoring"
    month = table.get("month", 6)
    if isinstance(month, str) and month.strip().isdigit():
        month = int(month.strip())
    month = _expect(month, int, f"{mw}.month", "整数")
    return Monitoring(month=month, budget_adjusted=_amount(table, "budget_adjusted", mw),
                      executed_to_date=_amount(table, "executed_to_date", mw),
                      forecast=_amount(table, "forecast", mw), cause=_cause(table, mw),
                      measures=_text(table, "measures", mw))


def _evaluation(obj: Mapping[str, Any], where: str) -> Evaluation | None:
    table = _table(obj, "evaluation", where)
    if table is None:
        return None
    ew = f"{where}.evaluation"
    return Evaluation(budget_initial=_amount(table, "budget_initial", ew),
                      budget_full_year=_amount(table, "budget_full_year", ew),
                      executed=_amount(table, "executed", ew),
                      execution_weight=_number(table, "execution_weight", ew),
                      achieved=_text(table, "achieved", ew))


def _adjustments(obj: Mapping[str, Any], where: str) -> list[Adjustment]:
    rows = obj.get("adjustments") or []
    _expect(rows, list, f"{where}.adjustments", "列表")
    out = []
    for n, a in enumerate(rows):
        aw = f"{where}.adjustments[{n}]"
        _expect(a, dict, aw, "对象")
        changes = a.get("changes") or []
        _expect(changes, list, f"{aw}.changes", "列表")
        parsed = []
        for k, c in enumerate(changes):
            cw = f"{aw}.changes[{k}]"
            _expect(c, dict, cw, "对象")
            parsed.append(TargetChange(_text(c, "indicator", cw), _text(c, "before", cw),
                                       _text(c, "after", cw)))
        out.append(Adjustment(_text(a, "date", aw), _text(a, "reason", aw), parsed))
    return out


def _project(obj: Any, where: str, version: int) -> Project:
    _expect(obj, dict, where, "对象")
    funding_obj = obj.get("funding", {})
    _expect(funding_obj, dict, f"{where}.funding", "对象")
    indicators_obj = obj.get("indicators", [])
    _expect(indicators_obj, list, f"{where}.indicators", "列表")
    indicators = [_indicator(row, f"{where}.indicators[{i}]")
                  for i, row in enumerate(indicators_obj)]
    pid = _text(obj, "id", where) or new_id()
    funding = Funding({str(k): _amount(funding_obj, k, f"{where}.funding") for k in funding_obj})
    if version == 1:
        values = {k: _text(obj, k, where) for k in V1_FIELD_KEYS}
        for k in ("start", "end"):
            d = _date(obj, k, where)
            values[k] = d.isoformat() if d else ""
        goals = {k: _text(obj, k, where) for k in V1_GOAL_KEYS}
        sections = _str_map(obj, "sections", where, V1_SECTION_KEYS)
    else:
        values = _str_map(obj, "fields", where)
        goals = _str_map(obj, "goals", where)
        sections = _str_map(obj, "sections", where)
    return Project(id=pid, unit=_text(obj, "unit", where), values=values, funding=funding,
                   goals=goals, sections=sections, indicators=indicators,
                   monitoring=_monitoring(obj, where), evaluation=_evaluation(obj, where),
                   adjustments=_adjustments(obj, where))


def declaration_from_dict(obj: Any, where: str = "declaration",
                          version: int = VERSION) -> Declaration:
    _expect(obj, dict, where, "对象")
    if "year" not in obj:
        raise BundleError(f"{where}.year:缺少必需的字段(年度)。")
    year = _expect(obj["year"], int, f"{where}.year", "整数")
    if not 1900 <= year <= 2200:
        raise BundleError(f"{where}.year:年度 {year} 不合理。")
    template = _text(obj, "template", where, required=True)
    units_obj = obj.get("units", [])
    _expect(units_obj, list, f"{where}.units", "列表")
    units = [str(_expect(u, str, f"{where}.units[{i}]", "文字")) for i, u in enumerate(units_obj)]
    sig_obj = obj.get("signatures", {})
    _expect(sig_obj, dict, f"{where}.signatures", "对象")
    signatures = Signatures(**{k: _text(sig_obj, k, f"{where}.signatures")
                               for k in SIGNATURE_KEYS})
    projects_obj = obj.get("projects", [])
    _expect(projects_obj, list, f"{where}.projects", "列表")
    projects = [_project(p, f"{where}.projects[{i}]", version)
                for i, p in enumerate(projects_obj)]
    seen: set[str] = set()
    for i, p in enumerate(projects):
        if p.id in seen:
            raise BundleError(f"{where}.projects[{i}].id:项目编号“{p.id}”重复。")
        seen.add(p.id)
    versions = _str_map(obj, "versions", where) if "versions" in obj else {}
    return Declaration(
        year=year, template=template, department=_text(obj, "department", where),
        units=units, signatures=signatures, projects=projects,
        id=_text(obj, "id", where) or new_id(), approved=_text(obj, "approved", where),
        versions=dict(versions))


def loads(text: str) -> Declaration:
    """Parse bundle text; raise :class:`BundleError` for anything unusable."""
    try:
        doc = safejson.loads(text)
    except safejson.JsonProblem as exc:
        raise BundleError(_json_message(exc)) from None
    if not isinstance(doc, dict):
        raise BundleError("文件内容不是 G60Desk 数据包(顶层应为对象)。")
    if doc.get("format") != FORMAT:
        raise BundleError(f"文件不是 G60Desk 数据包(format 应为“{FORMAT}”)。")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BundleError("数据包缺少版本号(version)。")
    if version > VERSION:
        raise BundleError(
            f"数据包版本 {version} 比本程序支持的版本 {VERSION} 新,请升级 G60Desk 后再打开。")
    if version < 1:
        raise BundleError(f"数据包版本 {version} 无效。")
    if "declaration" not in doc:
        raise BundleError("数据包缺少申报内容(declaration)。")
    decl = declaration_from_dict(doc["declaration"], version=version)
    exported = doc.get("exported")
    decl.exported = exported if isinstance(exported, str) else ""
    return decl


def read_bundle(path: Path) -> Declaration:
    """Read a bundle file; raise :class:`BundleError` (Chinese) for any failure."""
    raw = fileio.read_input(path, MAX_BYTES, BundleError, what="数据包文件")
    try:
        text = safejson.decode_text(raw)
    except safejson.JsonProblem as exc:
        raise BundleError(_json_message(exc)) from None
    return loads(text)


def _json_message(exc: safejson.JsonProblem) -> str:
    if exc.kind == "encoding":
        return "文件不是 UTF-8 编码的 G60Desk 数据包(可能已损坏或是其他格式)。"
    return f"文件不是有效的 JSON({exc.message}),可能已损坏或不是 G60Desk 数据包。"
