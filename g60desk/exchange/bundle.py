"""The bundle file: one whole declaration as UTF-8 JSON (see docs/bundle-format.md).

Reading is defensive: whatever the file holds, the caller gets a Declaration or
one :class:`BundleError` with a Chinese message naming the place of the fault.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from g60desk.domain.dates import parse_date
from g60desk.domain.errors import InputError
from g60desk.domain.model import (
    FUNDING_KEYS,
    PROJECT_TEXT_KEYS,
    SECTION_KEYS,
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
VERSION = 1
# A real declaration of a few hundred projects is a few MB; refuse junk early.
MAX_BYTES = 50 * 1024 * 1024


class BundleError(ValueError):
    """A bundle that cannot be read; ``message`` is one Chinese sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- writing

def _date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


def declaration_to_dict(decl: Declaration) -> dict[str, Any]:
    return {
        "id": decl.id,
        "year": decl.year,
        "template": decl.template,
        "department": decl.department,
        "units": list(decl.units),
        "signatures": decl.signatures.as_dict(),
        "projects": [project_to_dict(p) for p in decl.projects],
    }


def project_to_dict(p: Project) -> dict[str, Any]:
    return {
        "id": p.id, "unit": p.unit, "name": p.name, "category": p.category,
        "nature": p.nature, "department": p.department, "implementer": p.implementer,
        "start": _date_text(p.start), "end": _date_text(p.end),
        "funding": {k: format_plain(p.funding.get(k)) for k in FUNDING_KEYS},
        "overall_goal": p.overall_goal, "annual_goal": p.annual_goal,
        "sections": {k: p.sections.get(k, "") for k in SECTION_KEYS},
        "indicators": [
            {"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target}
            for i in p.indicators
        ],
    }


def dumps(decl: Declaration) -> str:
    """The bundle text: stable key order, UTF-8 Chinese kept readable."""
    doc = {"format": FORMAT, "version": VERSION, "declaration": declaration_to_dict(decl)}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_bundle(decl: Declaration, path: Path) -> None:
    """Write a bundle via a temp file and rename, so a crash leaves the old file."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(dumps(decl))
    tmp.replace(path)


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


def _amount(obj: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    raw = obj.get(key)
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise BundleError(f"{where}.{key}:金额应为文字或数字,实际为{_type_name(raw)}。")
    # JSON fractions arrive as exact Decimals (0.1 stays 0.1); ints and NaN via repr.
    text = raw if isinstance(raw, str) else str(raw) if isinstance(raw, Decimal) else repr(raw)
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


def _project(obj: Any, where: str) -> Project:
    _expect(obj, dict, where, "对象")
    funding_obj = obj.get("funding", {})
    _expect(funding_obj, dict, f"{where}.funding", "对象")
    sections_obj = obj.get("sections", {})
    _expect(sections_obj, dict, f"{where}.sections", "对象")
    indicators_obj = obj.get("indicators", [])
    _expect(indicators_obj, list, f"{where}.indicators", "列表")
    indicators = []
    for i, row in enumerate(indicators_obj):
        iw = f"{where}.indicators[{i}]"
        _expect(row, dict, iw, "对象")
        indicators.append(Indicator(
            level1=_text(row, "level1", iw), level2=_text(row, "level2", iw),
            name=_text(row, "name", iw), target=_text(row, "target", iw)))
    pid = _text(obj, "id", where) or new_id()
    texts = {k: _text(obj, k, where) for k in PROJECT_TEXT_KEYS}
    return Project(
        id=pid, **texts,
        start=_date(obj, "start", where), end=_date(obj, "end", where),
        funding=Funding(**{k: _amount(funding_obj, k, f"{where}.funding")
                           for k in FUNDING_KEYS}),
        sections={k: _text(sections_obj, k, f"{where}.sections") for k in SECTION_KEYS},
        indicators=indicators)


def declaration_from_dict(obj: Any, where: str = "declaration") -> Declaration:
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
    projects = [_project(p, f"{where}.projects[{i}]") for i, p in enumerate(projects_obj)]
    seen: set[str] = set()
    for i, p in enumerate(projects):
        if p.id in seen:
            raise BundleError(f"{where}.projects[{i}].id:项目编号“{p.id}”重复。")
        seen.add(p.id)
    return Declaration(
        year=year, template=template, department=_text(obj, "department", where),
        units=units, signatures=signatures, projects=projects,
        id=_text(obj, "id", where) or new_id())


def loads(text: str) -> Declaration:
    """Parse bundle text; raise :class:`BundleError` for anything unusable."""
    try:
        doc = json.loads(text, parse_float=Decimal, parse_int=int)
    except json.JSONDecodeError as exc:
        raise BundleError(
            f"文件不是有效的 JSON(第{exc.lineno}行第{exc.colno}列附近有误),"
            "可能已损坏或不是 G60Desk 数据包。") from None
    except ValueError:
        # int() refuses numbers of more than 4300 digits.
        raise BundleError("文件中有过长的数字,不是 G60Desk 数据包。") from None
    except RecursionError:
        raise BundleError("文件嵌套层次过深,不是 G60Desk 数据包。") from None
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
    return declaration_from_dict(doc["declaration"])


def read_bundle(path: Path) -> Declaration:
    """Read a bundle file; raise :class:`BundleError` (Chinese) for any failure."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BundleError(
                f"文件过大({size // (1024 * 1024)} MB),不是 G60Desk 数据包。")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"找不到文件:{path}。") from None
    except OSError as exc:
        # Opening a folder is IsADirectoryError on Linux, PermissionError on Windows.
        if isinstance(exc, IsADirectoryError) or path.is_dir():
            raise BundleError(f"{path} 是文件夹,不是数据包文件。") from None
        raise BundleError(f"无法读取文件 {path}:{exc.strerror or exc}。") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError(
            "文件不是 UTF-8 编码的 G60Desk 数据包(可能已损坏或是其他格式)。") from None
    return loads(text)
