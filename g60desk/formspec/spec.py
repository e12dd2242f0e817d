"""Read ``forms/*.toml`` into immutable template objects.

A template says what the form *is*: its header fields and their types, the
order in which they print, the funding rows with their sums and printed unit,
the goal slots, the indicator sides, the narrative sections, the print
furniture, the value and date style, the 一级→二级 taxonomy, and the words a
screen or a message shows. A new year's or another region's form is a new file
(``docs/templates.md``). Problems are :class:`TemplateError` with a Chinese
message naming the file and, where it can be found, the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from g60desk.domain.dates import DATE_STYLES, PERIOD_STYLES
from g60desk.domain.errors import UserError
from g60desk.domain.form import (
    FIELD_ROLES,
    FIELD_TYPES,
    GOAL_ROLES,
    FieldSpec,
    FormShape,
    FundingRow,
    FundingSide,
    GoalSlot,
    IndicatorSide,
    SectionSpec,
)
from g60desk.domain.model import NAME_KEY, SIGNATURE_KEYS, Declaration
from g60desk.domain.money import UNITS, format_wan
from g60desk.domain.targets import VALUE_STYLES

LEVEL1_KINDS = ("output", "benefit", "satisfaction", "cost")
# [text] entries: required ones, and optional ones with their defaults.
TEXT_REQUIRED = ("table_title", "funding_block", "goals_block", "indicators_block")
TEXT_DEFAULTS: dict[str, str] = {
    "title": "{department}{year}年财政支出项目绩效目标申报表",
    "summary_heading": "绩效目标设置情况",
    "summary_sentence": "",
    "narrative_heading": "项目经费情况说明{n}",
    "table_subtitle": "({year}年度)",
    "level1_header": "一级指标",
}
TEXT_KEYS = TEXT_REQUIRED + tuple(TEXT_DEFAULTS)
# Words the window shows; a template may change any of them.
LABEL_DEFAULTS: dict[str, str] = {
    "tab_basic": "基本信息",
    "tab_sections": "项目经费情况说明",
    "tab_funding": "项目资金",
    "tab_goals": "绩效目标",
    "tab_indicators": "绩效指标",
    "unit": "所属单位",
    "side": "指标类型",
    "same_goal": "与{annual}相同",
}
PRINT_PARTS = ("title", "cover_sentence", "narrative", "signature", "table_new_page")

# Every placeholder a [text] entry may use, with sample values for checking.
_PLACEHOLDERS: dict[str, object] = {
    "department": "", "year": 2022, "region": "", "units": 1, "projects": 1,
    "total_wan": "0.00", "n": 1, "start_year": 2022, "end_year": 2022,
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class TemplateError(UserError, ValueError):
    """A template or library file that cannot be used; the message is Chinese."""


@dataclass(frozen=True)
class Level1Spec:
    """An 一级指标 the form allows: its kind, the 二级 under it, and those a complete form covers."""
    name: str
    kind: str
    level2: tuple[str, ...]
    required: bool = True
    # 二级 that a complete form is expected to cover (e.g. 数量/质量/时效 under 产出).
    expected_level2: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """One region's and year's form, as its template file describes it."""
    id: str
    name: str
    region_word: str
    value_style: str
    date_style: str
    text: Mapping[str, str]
    shape: FormShape
    level1: tuple[Level1Spec, ...]
    signature_labels: Mapping[str, str]
    labels: Mapping[str, str] = field(default_factory=lambda: dict(LABEL_DEFAULTS))
    printing: Mapping[str, bool] = field(
        default_factory=lambda: dict.fromkeys(PRINT_PARTS, True))
    default: bool = False
    indicator_name_max_length: int | None = None
    target_max_length: int | None = None
    source: str = ""

    # ------------------------------------------------------------ shape shortcuts

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return self.shape.fields

    @property
    def sections(self) -> tuple[SectionSpec, ...]:
        return self.shape.sections

    @property
    def goals(self) -> tuple[GoalSlot, ...]:
        return self.shape.goals

    @property
    def amount_unit(self) -> str:
        return self.shape.amount_unit

    def field(self, key: str) -> FieldSpec | None:
        return self.shape.field(key)

    def has_field(self, key: str) -> bool:
        return self.shape.field(key) is not None

    def label(self, key: str) -> str:
        """How a message names a field key (``funding.total`` or ``total``, ``name`` …)."""
        e = self.shape.entry(key) or self.shape.entry(f"funding.{key}")
        return e.label if e is not None else key

    def section(self, key: str) -> SectionSpec | None:
        return self.shape.section(key)

    def prints(self, part: str) -> bool:
        return bool(self.printing.get(part, False))

    # ------------------------------------------------------------ taxonomy

    def level1_spec(self, name: str) -> Level1Spec | None:
        return next((lv for lv in self.level1 if lv.name == name), None)

    def level2_names(self, level1: str) -> tuple[str, ...]:
        spec = self.level1_spec(level1)
        return spec.level2 if spec else ()

    def level1_of_kind(self, kind: str) -> Level1Spec | None:
        return next((lv for lv in self.level1 if lv.kind == kind), None)

    def kind_of(self, level1: str) -> str | None:
        spec = self.level1_spec(level1)
        return spec.kind if spec else None

    # ------------------------------------------------------------ furniture

    def summary_sentence(self, *, year: int, units: int, projects: int, total_wan: str) -> str:
        return self.text["summary_sentence"].format(
            region=self.region_word, year=year, units=units, projects=projects,
            total_wan=total_wan)

    def declaration_sentence(self, decl: Declaration) -> str:
        """The computed 绩效目标设置情况 sentence (units, projects, 万元 total)."""
        return self.summary_sentence(
            year=decl.year, units=len(decl.declaring_units()), projects=len(decl.projects),
            total_wan=format_wan(decl.annual_total(self.shape.annual_key)))

    def title(self, *, department: str, year: int) -> str:
        return self.text["title"].format(department=department, year=year)

    def same_goal_label(self) -> str:
        annual = self.shape.goal_by_role("annual")
        return self.labels["same_goal"].format(annual=annual.name if annual else "年度目标")


@dataclass(frozen=True)
class LibraryEntry:
    """A suggested 三级 indicator from ``forms/indicator-library.toml``."""

    level1: str
    level2: str
    name: str
    target: str
    keywords: tuple[str, ...] = ()


# ---------------------------------------------------------------- reading helpers

class _Lines:
    """Line numbers of a TOML file's table headers, so a problem can name its line."""

    _HEAD = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-]+)\s*\]")

    def __init__(self, text: str) -> None:
        self.heads: dict[str, list[int]] = {}
        for n, line in enumerate(text.splitlines(), 1):
            m = self._HEAD.match(line)
            if m:
                self.heads.setdefault(m.group(2), []).append(n)

    def of(self, table: str, index: int = 0) -> int | None:
        lines = self.heads.get(table, [])
        return lines[index] if index < len(lines) else None


class _Reader:
    """Reads one template file with messages that name the file and the line."""

    def __init__(self, source: str, lines: _Lines | None) -> None:
        self.source = source
        self.lines = lines

    def fail(self, message: str, table: str = "", index: int = 0) -> TemplateError:
        line = self.lines.of(table, index) if self.lines and table else None
        where = f"模板 {self.source}" if self.source else "模板"
        if line is not None:
            where += f" 第{line}行"
        return TemplateError(f"{where}:{message}")

    def req(self, t: Any, key: str, table: str, index: int = 0, kind: type = str) -> Any:
        if not isinstance(t, Mapping):
            raise self.fail(f"[{table}] 应为表格(键 = 值)。", table, index)
        if key not in t:
            raise self.fail(f"[{table}] 缺少“{key}”。", table, index)
        value = t[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(f"[{table}] 的“{key}”类型不对。", table, index)
        return value

    def opt(self, t: Mapping[str, Any], key: str, kind: type, default: Any,
            table: str, index: int = 0) -> Any:
        if key not in t:
            return default
        value = t[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(f"[{table}] 的“{key}”类型不对。", table, index)
        return value

    def pos_int(self, t: Mapping[str, Any], key: str, table: str, index: int = 0) -> int | None:
        value = t.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise self.fail(f"[{table}] 的“{key}”必须是正整数。", table, index)
        return value

    def strs(self, value: Any, what: str, table: str, index: int = 0) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{what} 必须是文字列表。", table, index)
        return tuple(value)

    def tables(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        rows = data.get(key, [])
        if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
            raise self.fail(f"“{key}”应写成 [[{key}]] 表格。", key)
        return rows

    def key(self, t: Mapping[str, Any], table: str, index: int) -> str:
        key = self.req(t, "key", table, index)
        if not _KEY.match(key):
            raise self.fail(f"key“{key}”只能用小写字母、数字和下划线,且以字母开头。",
                            table, index)
        return str(key)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"无法读取模板文件 {path.name}:{exc.strerror or exc}。") from None


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    return _parse_toml(_read_bytes(path), path.name)


# Parses a TOML document; raises ``ValueError`` (``tomllib.TOMLDecodeError``) on bad input.
TomlParser = Callable[[str], dict[str, Any]]


def toml_loads(text: str) -> dict[str, Any]:
    """``tomllib.loads``, imported when a file is parsed (the start may need none)."""
    import tomllib

    return tomllib.loads(text)


def _parse_toml(raw: bytes, name: str,
                parse: TomlParser | None = None) -> tuple[dict[str, Any], str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError(f"模板文件 {name} 不是 UTF-8 编码,请用 UTF-8 保存。") from None
    try:
        return (parse or toml_loads)(text), text
    except ValueError as exc:   # tomllib.TOMLDecodeError, or a date that does not exist
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f" 第{m.group(1)}行第{m.group(2)}列" if m else ""
        raise TemplateError(f"模板文件 {name}{where} 格式错误(TOML 语法):{exc}。") from None


# ---------------------------------------------------------------- parts

def _text(r: _Reader, data: Mapping[str, Any], printing: Mapping[str, bool]) -> dict[str, str]:
    table = r.req(data, "text", "text", kind=dict)
    text: dict[str, str] = {}
    for key in TEXT_REQUIRED:
        text[key] = r.req(table, key, "text")
    for key, default in TEXT_DEFAULTS.items():
        text[key] = r.opt(table, key, str, default, "text")
    if printing["cover_sentence"] and not text["summary_sentence"]:
        raise r.fail("打印“绩效目标设置情况”时 [text] 需要 summary_sentence。", "text")
    for key in table:
        if key not in text:
            raise r.fail(f"[text] 中的“{key}”未知,可用:{'、'.join(TEXT_KEYS)}。", "text")
    for key, value in text.items():
        try:
            value.format(**_PLACEHOLDERS)
        except (KeyError, IndexError, ValueError):
            # Caught here, not as a traceback when the form is printed.
            raise r.fail(
                f"[text] 的“{key}”含有未知的占位符或不成对的花括号;"
                f"可用的占位符:{'、'.join('{' + k + '}' for k in _PLACEHOLDERS)}。",
                "text") from None
    return text


def _fields(r: _Reader, data: Mapping[str, Any]) -> tuple[FieldSpec, ...]:
    out: list[FieldSpec] = []
    for i, f in enumerate(r.tables(data, "fields")):
        key = r.key(f, "fields", i)
        kind = r.opt(f, "type", str, "choice" if f.get("choices") else "text", "fields", i)
        if kind not in FIELD_TYPES:
            raise r.fail(f"字段“{key}”的 type 只能是 {'/'.join(FIELD_TYPES)}。", "fields", i)
        role = r.opt(f, "role", str, key if key in FIELD_ROLES else "", "fields", i)
        if role and role not in FIELD_ROLES:
            raise r.fail(f"字段“{key}”的 role 只能是 {'/'.join(FIELD_ROLES)}。", "fields", i)
        choices = r.strs(f.get("choices", []), f"字段“{key}”的 choices", "fields", i)
        if kind == "choice" and not choices:
            raise r.fail(f"选择字段“{key}”需要 choices 列表。", "fields", i)
        style = r.opt(f, "style", str, "month", "fields", i)
        if style not in PERIOD_STYLES:
            raise r.fail(f"字段“{key}”的 style 只能是 {'/'.join(PERIOD_STYLES)}。",
                         "fields", i)
        if role in ("start", "end") and kind != "date":
            raise r.fail(f"字段“{key}”({role})应为 date 类型。", "fields", i)
        if role == "period" and kind != "period":
            raise r.fail(f"字段“{key}”(项目期)应为 period 类型。", "fields", i)
        if any(x.key == key for x in out):
            raise r.fail(f"字段 key“{key}”重复。", "fields", i)
        if role and any((x.role or "") == role for x in out):
            raise r.fail(f"字段角色“{role}”重复。", "fields", i)
        out.append(FieldSpec(
            key=key, label=r.req(f, "label", "fields", i), type=kind,
            required=r.opt(f, "required", bool, True, "fields", i), choices=choices,
            free=r.opt(f, "free", bool, False, "fields", i),
            max_length=r.pos_int(f, "max_length", "fields", i), role=role, style=style,
            hint=r.opt(f, "hint", str, "", "fields", i)))
    if not any(f.key == NAME_KEY for f in out):
        raise r.fail(f"缺少项目名称字段(key = \"{NAME_KEY}\")。", "fields")
    roles = {f.role for f in out}
    if "period" in roles and roles & {"start", "end"}:
        raise r.fail("项目期(period)与开始/完成日期(start/end)只能二选一。", "fields")
    if ("start" in roles) != ("end" in roles):
        raise r.fail("开始日期(start)与完成日期(end)必须同时存在。", "fields")
    return tuple(out)


def _header_rows(r: _Reader, data: Mapping[str, Any],
                 fields: tuple[FieldSpec, ...]) -> tuple[tuple[str, ...], ...]:
    layout = r.opt(data, "layout", dict, {}, "layout")
    rows = layout.get("header")
    keys = [f.key for f in fields]
    if rows is None:  # two to a row, in field order
        return tuple(tuple(keys[i:i + 2]) for i in range(0, len(keys), 2))
    if not isinstance(rows, list) or not all(isinstance(x, list) for x in rows):
        raise r.fail("[layout] 的 header 应为字段列表的列表,如 [[\"name\", \"category\"]]。",
                     "layout")
    out: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for row in rows:
        if not 1 <= len(row) <= 2 or not all(isinstance(k, str) for k in row):
            raise r.fail("[layout] header 的每一行应有一个或两个字段。", "layout")
        for k in row:
            if k not in keys:
                raise r.fail(f"[layout] header 中的字段“{k}”不在 [[fields]] 中。", "layout")
            if k in seen:
                raise r.fail(f"[layout] header 中的字段“{k}”出现两次。", "layout")
            seen.add(k)
        out.append(tuple(row))
    missing = [k for k in keys if k not in seen]
    if missing:
        raise r.fail(f"[layout] header 没有安排字段:{'、'.join(missing)}。", "layout")
    return tuple(out)


def _funding(r: _Reader, data: Mapping[str, Any]) -> tuple[tuple[FundingSide, ...], str, str]:
    table = r.req(data, "funding", "funding", kind=dict)
    unit = r.opt(table, "unit", str, "元", "funding")
    if unit not in UNITS:
        raise r.fail(f"[funding] 的 unit 只能是 {'/'.join(UNITS)}。", "funding")
    side_keys = r.strs(r.req(table, "sides", "funding", kind=list), "[funding] sides",
                       "funding")
    if not 1 <= len(side_keys) <= 2:
        raise r.fail("[funding] sides 应有一列或两列(左:项目,右:年度)。", "funding")
    raw_rows = table.get("rows", [])
    if not isinstance(raw_rows, list) or not raw_rows:
        raise r.fail("[funding] 缺少 [[funding.rows]] 资金行。", "funding")
    rows: list[FundingRow] = []
    for i, row in enumerate(raw_rows):
        t = "funding.rows"
        key = r.key(row, t, i)
        side = r.req(row, "side", t, i)
        if side not in side_keys:
            raise r.fail(f"资金行“{key}”的 side“{side}”不在 sides 中。", t, i)
        if any(x.key == key for x in rows):
            raise r.fail(f"资金行 key“{key}”重复。", t, i)
        height = r.pos_int(row, "height", t, i) or 1
        rows.append(FundingRow(
            key=key, label=r.req(row, "label", t, i), side=side,
            required=r.opt(row, "required", bool, False, t, i),
            sum_of=r.strs(row.get("sum_of", []), f"资金行“{key}”的 sum_of", t, i),
            not_above=r.opt(row, "not_above", str, "", t, i),
            counterpart=r.opt(row, "counterpart", str, "", t, i), height=height))
    keys = {x.key for x in rows}
    for i, row_spec in enumerate(rows):
        for ref in (*row_spec.sum_of, row_spec.not_above, row_spec.counterpart):
            if ref and ref not in keys:
                raise r.fail(f"资金行“{row_spec.key}”引用了不存在的行“{ref}”。",
                             "funding.rows", i)
        if row_spec.key in row_spec.sum_of:
            raise r.fail(f"资金行“{row_spec.key}”不能是它自己的明细。", "funding.rows", i)
    annual = r.opt(table, "annual_total", str, "", "funding")
    if annual and annual not in keys:
        raise r.fail(f"[funding] annual_total“{annual}”不是资金行。", "funding")
    sides = tuple(FundingSide(k, tuple(x for x in rows if x.side == k)) for k in side_keys)
    for s in sides:
        if not s.rows:
            raise r.fail(f"资金列“{s.key}”没有资金行。", "funding")
    return sides, unit, annual


def _goals(r: _Reader, data: Mapping[str, Any], limit: int | None) -> tuple[GoalSlot, ...]:
    out: list[GoalSlot] = []
    for i, g in enumerate(r.tables(data, "goals")):
        key = r.key(g, "goals", i)
        label = r.req(g, "label", "goals", i)
        try:
            label.format(start_year=2022, end_year=2022)
        except (KeyError, IndexError, ValueError):
            raise r.fail(f"目标“{key}”的 label 只能用占位符 {{start_year}} 和 {{end_year}}。",
                         "goals", i) from None
        # "项目总目标({start_year}年-{end_year}年)" is named 项目总目标 in messages.
        default_name = re.sub(r"[((][^()()]*\{[^()()]*[))]", "", label).strip()
        role = r.opt(g, "role", str, "", "goals", i)
        if role and role not in GOAL_ROLES:
            raise r.fail(f"目标“{key}”的 role 只能是 {'/'.join(GOAL_ROLES)}。", "goals", i)
        if role and any(x.role == role for x in out):
            raise r.fail(f"目标角色“{role}”重复。", "goals", i)
        out.append(GoalSlot(key=key, label=label,
                            name=r.opt(g, "name", str, default_name, "goals", i), role=role,
                            required=r.opt(g, "required", bool, True, "goals", i),
                            max_length=r.pos_int(g, "max_length", "goals", i) or limit))
    if not out:
        raise r.fail("缺少 [[goals]] 绩效目标栏。", "goals")
    if len(out) > 2:
        raise r.fail("绩效目标栏最多两个(左、右)。", "goals")
    return tuple(out)


def _sections(r: _Reader, data: Mapping[str, Any]) -> tuple[SectionSpec, ...]:
    out: list[SectionSpec] = []
    for i, s in enumerate(r.tables(data, "sections")):
        key = r.key(s, "sections", i)
        if any(x.key == key for x in out):
            raise r.fail(f"说明部分 key“{key}”重复。", "sections", i)
        out.append(SectionSpec(
            key=key, title=r.req(s, "title", "sections", i),
            required=r.opt(s, "required", bool, True, "sections", i),
            max_length=r.pos_int(s, "max_length", "sections", i),
            hint=r.opt(s, "hint", str, "", "sections", i)))
    return tuple(out)


def _sides(r: _Reader, data: Mapping[str, Any]) -> tuple[tuple[IndicatorSide, ...], str]:
    table = r.req(data, "indicators", "indicators", kind=dict)
    raw = table.get("sides", [])
    if not isinstance(raw, list) or not raw:
        raise r.fail("[indicators] 缺少 [[indicators.sides]] 指标栏。", "indicators")
    if len(raw) > 2:
        raise r.fail("指标栏最多两组(中期/长期与年度)。", "indicators")
    out: list[IndicatorSide] = []
    for i, s in enumerate(raw):
        t = "indicators.sides"
        key = r.key(s, t, i)
        if any(x.key == key for x in out):
            raise r.fail(f"指标栏 key“{key}”重复。", t, i)
        out.append(IndicatorSide(
            key=key, label=r.req(s, "label", t, i),
            level2_header=r.opt(s, "level2_header", str, "二级指标", t, i),
            name_header=r.opt(s, "name_header", str, "三级指标", t, i),
            target_header=r.opt(s, "target_header", str, "指标值", t, i)))
    rules = r.opt(table, "rules_side", str, out[-1].key, "indicators")
    if not any(x.key == rules for x in out):
        raise r.fail(f"[indicators] rules_side“{rules}”不是指标栏。", "indicators")
    return tuple(out), rules


def _level1(r: _Reader, data: Mapping[str, Any]) -> tuple[Level1Spec, ...]:
    out: list[Level1Spec] = []
    for i, lv in enumerate(r.tables(data, "level1")):
        kind = r.req(lv, "kind", "level1", i)
        if kind not in LEVEL1_KINDS:
            raise r.fail(f"一级指标的 kind 只能是 {'/'.join(LEVEL1_KINDS)}。", "level1", i)
        level2 = r.strs(r.req(lv, "level2", "level1", i, list), "level2", "level1", i)
        expected = r.strs(lv.get("expected_level2", []), "expected_level2", "level1", i)
        if not set(expected) <= set(level2):
            raise r.fail("expected_level2 必须出自 level2。", "level1", i)
        out.append(Level1Spec(name=r.req(lv, "name", "level1", i), kind=kind, level2=level2,
                              required=r.opt(lv, "required", bool, True, "level1", i),
                              expected_level2=expected))
    if not out:
        raise r.fail("没有一级指标([[level1]])。", "level1")
    return tuple(out)


def parse_template(data: Mapping[str, Any], source: str = "", text: str = "") -> Template:
    """Build a :class:`Template` from parsed TOML; raise :class:`TemplateError`."""
    r = _Reader(source, _Lines(text) if text else None)
    head = r.req(data, "template", "template", kind=dict)
    tid = r.req(head, "id", "template")
    if not _ID.match(tid):
        raise r.fail(f"模板编号“{tid}”只能用字母、数字、点、横线和下划线。", "template")
    value_style = r.opt(head, "value_style", str, "plain", "template")
    if value_style not in VALUE_STYLES:
        raise r.fail(f"value_style 只能是 {'/'.join(VALUE_STYLES)}。", "template")
    date_style = r.opt(head, "date_style", str, "iso", "template")
    if date_style not in DATE_STYLES:
        raise r.fail(f"date_style 只能是 {'/'.join(DATE_STYLES)}。", "template")

    print_table = r.opt(data, "print", dict, {}, "print")
    printing: dict[str, bool] = {}
    for part in PRINT_PARTS:
        printing[part] = r.opt(print_table, part, bool, True, "print")
    for key in print_table:
        if key not in PRINT_PARTS:
            raise r.fail(f"[print] 中的“{key}”未知,可用:{'、'.join(PRINT_PARTS)}。", "print")

    sections = _sections(r, data)
    texts = _text(r, data, printing)
    fields = _fields(r, data)
    header_rows = _header_rows(r, data, fields)
    sides_f, unit, annual_key = _funding(r, data)
    limits = r.opt(data, "limits", dict, {}, "limits")
    goals = _goals(r, data, r.pos_int(limits, "goal", "limits"))
    ind_sides, rules_side = _sides(r, data)
    labels = dict(LABEL_DEFAULTS)
    for key, value in r.opt(data, "labels", dict, {}, "labels").items():
        if key not in LABEL_DEFAULTS or not isinstance(value, str):
            raise r.fail(f"[labels] 中的“{key}”未知或不是文字,可用:"
                         f"{'、'.join(LABEL_DEFAULTS)}。", "labels")
        labels[key] = value

    keys = [f.key for f in fields] + [g.key for g in goals] + ["unit"]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise r.fail(f"字段与目标的 key 重复:{'、'.join(sorted(dupes))}。", "goals")

    sig_table = data.get("signatures")
    signatures: dict[str, str] = {}
    if sig_table is not None:
        signatures = {k: r.req(sig_table, k, "signatures") for k in SIGNATURE_KEYS}
    elif printing["signature"]:
        raise r.fail("打印签章栏时需要 [signatures];不要签章栏请写 [print] signature = false。",
                     "print")

    shape = FormShape(
        fields=fields, header_rows=header_rows, funding_sides=sides_f, amount_unit=unit,
        annual_key=annual_key, goals=goals, sections=sections, sides=ind_sides,
        rules_side=rules_side, unit_label=labels["unit"])
    return Template(
        id=tid, name=r.req(head, "name", "template"),
        region_word=r.opt(head, "region_word", str, "本市", "template"),
        value_style=value_style, date_style=date_style, text=texts, shape=shape,
        level1=_level1(r, data), signature_labels=signatures, labels=labels,
        printing=printing, default=r.opt(head, "default", bool, False, "template"),
        indicator_name_max_length=r.pos_int(limits, "indicator_name", "limits"),
        target_max_length=r.pos_int(limits, "target", "limits"),
        source=source)


def load_template(path: Path) -> Template:
    return _template_from(_read_bytes(path), path.name)


def _template_from(raw: bytes, name: str, parse: TomlParser | None = None) -> Template:
    data, text = _parse_toml(raw, name, parse)
    return parse_template(data, source=name, text=text)


# ---------------------------------------------------------------- template sets

@dataclass
class TemplateSet:
    """The templates found in the program's and the data folder's ``forms/``."""

    templates: dict[str, Template] = field(default_factory=dict)
    # Files skipped, each with one Chinese sentence naming the file and the line.
    problems: list[str] = field(default_factory=list)
    origins: dict[str, Path] = field(default_factory=dict)

    @property
    def default(self) -> Template | None:
        """The template a new declaration starts on: the one marked ``default = true``."""
        marked = [t for t in self.templates.values() if t.default]
        if marked:
            return marked[-1]  # the data folder's, read last, wins
        return next(iter(self.templates.values()), None)


_TEMPLATE_TABLE = re.compile(r"^\s*\[template\]", re.M)


def load_template_dirs(*folders: Path, parse: TomlParser | None = None) -> TemplateSet:
    """Templates from each folder in turn; a later folder's template of the same id
    replaces the earlier one. A broken file is skipped and reported, never fatal.
    ``parse`` reads the TOML (the window's start passes one that keeps what it parsed)."""
    out = TemplateSet()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                # Each file is read once: looked at for a [template] table, then parsed.
                raw = _read_bytes(path)
                if not _TEMPLATE_TABLE.search(raw.decode("utf-8-sig", "replace")):
                    continue  # the indicator library, review words, sheets live beside
                tpl = _template_from(raw, path.name, parse)
            except TemplateError as exc:
                out.problems.append(f"{exc}(已跳过 {path})")
                continue
            if tpl.id in out.templates and out.origins[tpl.id].parent == path.parent:
                out.problems.append(f"模板编号“{tpl.id}”重复:{path.name} 与 "
                                    f"{out.origins[tpl.id].name}(已跳过 {path})")
                continue
            out.templates[tpl.id] = tpl
            out.origins[tpl.id] = path
    return out


def load_templates(folder: Path, *more: Path) -> dict[str, Template]:
    """All usable templates by id; raise :class:`TemplateError` only when there is none."""
    found = load_template_dirs(folder, *more)
    if not found.templates:
        detail = ";".join(found.problems)
        raise TemplateError(f"文件夹 {folder} 中没有可用的模板。{detail}")
    return found.templates


def load_library(path: Path) -> tuple[LibraryEntry, ...]:
    """The indicator library: ``[[indicator]]`` rows with level1/level2/name/target."""
    data, _ = _read_toml(path)
    rows = data.get("indicator")
    if not isinstance(rows, list):
        raise TemplateError(f"指标库 {path.name} 缺少 [[indicator]] 条目。")
    out: list[LibraryEntry] = []
    r = _Reader(path.name, None)
    for i, row in enumerate(rows):
        w = f"指标库 {path.name} 第{i + 1}条"
        if not isinstance(row, Mapping):
            raise TemplateError(f"{w} 应为表格。")
        try:
            out.append(LibraryEntry(
                level1=r.req(row, "level1", "indicator", i), level2=r.req(row, "level2",
                                                                          "indicator", i),
                name=r.req(row, "name", "indicator", i),
                target=r.req(row, "target", "indicator", i),
                keywords=r.strs(row.get("keywords", []), "keywords", "indicator", i)))
        except TemplateError as exc:
            raise TemplateError(f"{w}:{exc}") from None
    return tuple(out)
