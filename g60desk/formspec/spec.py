"""Read ``forms/*.toml`` into immutable template objects.

Everything that differs between years and districts — labels, section titles,
allowed values, the 一级→二级 taxonomy, the summary sentence, the value and date
style, length limits — comes from the file, so a new form is a new file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from g60desk.domain.dates import DATE_STYLES
from g60desk.domain.errors import UserError
from g60desk.domain.model import FUNDING_KEYS, SECTION_KEYS, SIGNATURE_KEYS
from g60desk.domain.targets import VALUE_STYLES

PROJECT_FIELD_KEYS = ("name", "category", "nature", "department", "implementer", "start", "end")
LEVEL1_KINDS = ("output", "benefit", "satisfaction", "cost")
TEXT_KEYS = (
    "title", "summary_heading", "summary_sentence", "narrative_heading", "table_title",
    "table_subtitle", "funding_block", "goals_block", "indicators_block", "overall_goal",
    "annual_goal", "level1_header", "level2_header", "name_header", "target_header",
)


# Every placeholder a [text] entry may use, with sample values for checking.
_PLACEHOLDERS: dict[str, object] = {
    "department": "", "year": 2022, "region": "", "units": 1, "projects": 1,
    "total_wan": "0.00", "n": 1, "start_year": 2022, "end_year": 2022,
}


class TemplateError(UserError, ValueError):
    """A template or library file that cannot be used; the message is Chinese."""


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int | None = None


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    required: bool = True
    max_length: int | None = None
    hint: str = ""


@dataclass(frozen=True)
class Level1Spec:
    name: str
    kind: str
    level2: tuple[str, ...]
    required: bool = True
    # 二级 that a complete form is expected to cover (e.g. 数量/质量/时效 under 产出).
    expected_level2: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    region_word: str
    value_style: str
    date_style: str
    text: Mapping[str, str]
    fields: tuple[FieldSpec, ...]
    funding_labels: Mapping[str, str]
    sections: tuple[SectionSpec, ...]
    level1: tuple[Level1Spec, ...]
    signature_labels: Mapping[str, str]
    goal_max_length: int | None = None
    indicator_name_max_length: int | None = None
    target_max_length: int | None = None
    source: str = ""

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)

    def has_field(self, key: str) -> bool:
        return self.field(key) is not None

    def label(self, key: str) -> str:
        """The printed label of a project field or funding amount."""
        f = self.field(key)
        if f is not None:
            return f.label
        return self.funding_labels.get(key, key)

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

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

    def summary_sentence(self, *, year: int, units: int, projects: int, total_wan: str) -> str:
        return self.text["summary_sentence"].format(
            region=self.region_word, year=year, units=units, projects=projects,
            total_wan=total_wan)

    def title(self, *, department: str, year: int) -> str:
        return self.text["title"].format(department=department, year=year)


@dataclass(frozen=True)
class LibraryEntry:
    """A suggested 三级 indicator from ``forms/indicator-library.toml``."""

    level1: str
    level2: str
    name: str
    target: str
    keywords: tuple[str, ...] = ()


def _req(table: Mapping[str, Any], key: str, where: str, kind: type = str) -> Any:
    if not isinstance(table, Mapping):
        # e.g. ``fields = ["name"]`` instead of ``[[fields]]`` tables.
        raise TemplateError(f"{where} 应为表格(键 = 值),实际不是。")
    if key not in table:
        raise TemplateError(f"{where} 缺少“{key}”。")
    value = table[key]
    if not isinstance(value, kind):
        raise TemplateError(f"{where} 的“{key}”类型不对。")
    return value


def _opt_int(table: Mapping[str, Any], key: str, where: str) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise TemplateError(f"{where} 的“{key}”必须是正整数。")
    return value


def _str_tuple(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(f"{where} 必须是文字列表。")
    return tuple(value)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise TemplateError(f"无法读取模板文件 {path.name}:{exc.strerror or exc}。") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"模板文件 {path.name} 格式错误:{exc}。") from None
    except UnicodeDecodeError:
        raise TemplateError(f"模板文件 {path.name} 不是 UTF-8 编码,请用 UTF-8 保存。") from None


def parse_template(data: Mapping[str, Any], source: str = "") -> Template:
    """Build a :class:`Template` from parsed TOML; raise :class:`TemplateError`."""
    where = f"模板 {source}" if source else "模板"
    head = _req(data, "template", where, dict)
    text_table = _req(data, "text", where, dict)
    text: dict[str, str] = {}
    for key in TEXT_KEYS:
        text[key] = _req(text_table, key, f"{where} [text]")
        try:
            text[key].format(**_PLACEHOLDERS)
        except (KeyError, IndexError, ValueError):
            # Caught here, not as a traceback when the form is printed.
            raise TemplateError(
                f"{where} [text] 的“{key}”含有未知的占位符或不成对的花括号;"
                f"可用的占位符:{'、'.join('{' + k + '}' for k in _PLACEHOLDERS)}。") from None
    value_style = head.get("value_style", "plain")
    if value_style not in VALUE_STYLES:
        raise TemplateError(f"{where} 的 value_style 只能是 {'/'.join(VALUE_STYLES)}。")
    date_style = head.get("date_style", "iso")
    if date_style not in DATE_STYLES:
        raise TemplateError(f"{where} 的 date_style 只能是 {'/'.join(DATE_STYLES)}。")

    fields_out: list[FieldSpec] = []
    for i, f in enumerate(_req(data, "fields", where, list)):
        fw = f"{where} fields[{i}]"
        key = _req(f, "key", fw)
        if key not in PROJECT_FIELD_KEYS:
            raise TemplateError(f"{fw} 的 key“{key}”未知。")
        fields_out.append(FieldSpec(
            key=key, label=_req(f, "label", fw), required=bool(f.get("required", True)),
            choices=_str_tuple(f.get("choices", []), f"{fw}.choices"),
            max_length=_opt_int(f, "max_length", fw)))
    for must in ("name", "category", "department", "implementer", "start", "end"):
        if not any(f.key == must for f in fields_out):
            raise TemplateError(f"{where} 缺少项目字段“{must}”。")

    funding_table = _req(data, "funding", where, dict)
    funding = {k: _req(funding_table, k, f"{where} [funding]") for k in FUNDING_KEYS}

    sections: list[SectionSpec] = []
    for i, s in enumerate(_req(data, "sections", where, list)):
        sw = f"{where} sections[{i}]"
        key = _req(s, "key", sw)
        if key not in SECTION_KEYS:
            raise TemplateError(f"{sw} 的 key“{key}”未知。")
        sections.append(SectionSpec(
            key=key, title=_req(s, "title", sw), required=bool(s.get("required", True)),
            max_length=_opt_int(s, "max_length", sw), hint=str(s.get("hint", ""))))

    level1: list[Level1Spec] = []
    for i, lv in enumerate(_req(data, "level1", where, list)):
        lw = f"{where} level1[{i}]"
        kind = _req(lv, "kind", lw)
        if kind not in LEVEL1_KINDS:
            raise TemplateError(f"{lw} 的 kind 只能是 {'/'.join(LEVEL1_KINDS)}。")
        level2 = _str_tuple(_req(lv, "level2", lw, list), f"{lw}.level2")
        expected = _str_tuple(lv.get("expected_level2", []), f"{lw}.expected_level2")
        if not set(expected) <= set(level2):
            raise TemplateError(f"{lw} 的 expected_level2 必须出自 level2。")
        level1.append(Level1Spec(name=_req(lv, "name", lw), kind=kind, level2=level2,
                                 required=bool(lv.get("required", True)),
                                 expected_level2=expected))
    if not level1:
        raise TemplateError(f"{where} 没有一级指标。")

    sig_table = _req(data, "signatures", where, dict)
    signatures = {k: _req(sig_table, k, f"{where} [signatures]") for k in SIGNATURE_KEYS}
    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        raise TemplateError(f"{where} 的 [limits] 类型不对。")
    return Template(
        id=_req(head, "id", f"{where} [template]"),
        name=_req(head, "name", f"{where} [template]"),
        region_word=str(head.get("region_word", "本市")),
        value_style=value_style, date_style=date_style, text=text,
        fields=tuple(fields_out), funding_labels=funding, sections=tuple(sections),
        level1=tuple(level1), signature_labels=signatures,
        goal_max_length=_opt_int(limits, "goal", where),
        indicator_name_max_length=_opt_int(limits, "indicator_name", where),
        target_max_length=_opt_int(limits, "target", where),
        source=source)


def load_template(path: Path) -> Template:
    return parse_template(_read_toml(path), source=path.name)


def load_templates(folder: Path) -> dict[str, Template]:
    """All templates in ``folder`` by id (files other than templates are skipped)."""
    out: dict[str, Template] = {}
    for path in sorted(folder.glob("*.toml")):
        data = _read_toml(path)
        if "template" not in data:
            continue
        tpl = parse_template(data, source=path.name)
        if tpl.id in out:
            raise TemplateError(f"模板编号“{tpl.id}”重复:{path.name}。")
        out[tpl.id] = tpl
    if not out:
        raise TemplateError(f"文件夹 {folder} 中没有模板。")
    return out


def load_library(path: Path) -> tuple[LibraryEntry, ...]:
    """The indicator library: ``[[indicator]]`` rows with level1/level2/name/target."""
    data = _read_toml(path)
    rows = data.get("indicator")
    if not isinstance(rows, list):
        raise TemplateError(f"指标库 {path.name} 缺少 [[indicator]] 条目。")
    out: list[LibraryEntry] = []
    for i, row in enumerate(rows):
        w = f"指标库 {path.name} 第{i + 1}条"
        out.append(LibraryEntry(
            level1=_req(row, "level1", w), level2=_req(row, "level2", w),
            name=_req(row, "name", w), target=_req(row, "target", w),
            keywords=_str_tuple(row.get("keywords", []), f"{w}.keywords")))
    return tuple(out)
