"""Read ``forms/review.toml``: the words, patterns and thresholds of the reviewer-grade rules.

The file is data so that a district that reviews differently edits a list, not
code. Everything is validated and every pattern compiled here, once, so the
rules that run on each keystroke only match.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from g60desk.formspec.spec import TemplateError

GRADE_LEVELS = ("ready", "revise", "must_fix")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text as the review rules compare it: NFKC (half-width), no whitespace."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


@dataclass(frozen=True)
class CoverageSpec:
    measure_words: tuple[str, ...]
    chinese_measure_words: tuple[str, ...]
    # unit → canonical unit of its group
    unit_canon: Mapping[str, str]
    # One pattern finding Arabic or Chinese quantities; groups ``num`` and ``unit``.
    quantity: re.Pattern[str]
    not_quantity_words: tuple[str, ...]
    not_preceded_by: tuple[str, ...]

    def canon(self, unit: str) -> str:
        return self.unit_canon.get(unit, unit)


@dataclass(frozen=True)
class QuantifiedSpec:
    quantity_level2: frozenset[str]
    vague_words: tuple[str, ...]
    vague: re.Pattern[str]
    placeholder_values: frozenset[str]
    weak_benefit_values: frozenset[str]
    percent_name_suffixes: tuple[str, ...]


@dataclass(frozen=True)
class FitSpec:
    satisfaction: re.Pattern[str]
    timeliness: re.Pattern[str]
    timeliness_level2: frozenset[str]
    quality_level2: frozenset[str]
    time_value: re.Pattern[str]
    time_units: frozenset[str]
    effect: re.Pattern[str]
    output_verbs: tuple[str, ...]
    output_measure: re.Pattern[str]


@dataclass(frozen=True)
class ConsistencySpec:
    amount_sections: tuple[str, ...]
    yuan_sections: frozenset[str]
    tolerance_yuan: Decimal
    per_unit_before: tuple[str, ...]
    per_unit_after: tuple[str, ...]


@dataclass(frozen=True)
class Placeholder:
    pattern: re.Pattern[str]
    label: str


@dataclass(frozen=True)
class LeftoverSpec:
    # Folded phrases (see :func:`fold`).
    guidance_phrases: tuple[str, ...]
    guidance_cues: tuple[re.Pattern[str], ...]
    placeholders: tuple[Placeholder, ...]


@dataclass(frozen=True)
class GradeSpec:
    must_fix_warnings: int
    revise_warnings: int
    labels: Mapping[str, str]

    def label(self, level: str) -> str:
        return self.labels[level]


@dataclass(frozen=True)
class ReviewSpec:
    coverage: CoverageSpec
    quantified: QuantifiedSpec
    fit: FitSpec
    consistency: ConsistencySpec
    leftover: LeftoverSpec
    grade: GradeSpec
    source: str = ""


# ---------------------------------------------------------------- helpers

def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise TemplateError(f"{where} 缺少 [{key}] 部分。")
    return value


def _words(table: Mapping[str, Any], key: str, where: str, *, fold_words: bool = True) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TemplateError(f"{where} 的“{key}”必须是文字的列表(每项不能为空)。")
    return tuple(fold(v) if fold_words else v for v in value)


def _int(table: Mapping[str, Any], key: str, where: str) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TemplateError(f"{where} 的“{key}”必须是不小于 0 的整数。")
    return value


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise TemplateError(f"{where} 的正则表达式“{pattern}”有误:{exc}。") from None


def _alternation(words: tuple[str, ...]) -> str:
    """A regex matching any of ``words``, longest first so "人次" wins over "人".

    An empty list matches nothing (an empty alternation would match everywhere).
    """
    if not words:
        return "(?!)"
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def _any_of(words: tuple[str, ...], where: str) -> re.Pattern[str]:
    return _compile(_alternation(words), where)


# ---------------------------------------------------------------- sections

_CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"


def _coverage(data: Mapping[str, Any], where: str) -> CoverageSpec:
    w = f"{where} [coverage]"
    t = _table(data, "coverage", where)
    measure = _words(t, "measure_words", w)
    chinese = _words(t, "chinese_measure_words", w)
    groups = t.get("unit_groups", [])
    if not isinstance(groups, list):
        raise TemplateError(f"{w} 的“unit_groups”必须是列表的列表。")
    canon: dict[str, str] = {}
    for i, group in enumerate(groups):
        words = _words({"g": group}, "g", f"{w} unit_groups[{i}]")
        for unit in words:
            canon[unit] = words[0]
    # Arabic numbers must not continue a code like "G60" or a decimal; Chinese numerals
    # take only the measure words that are not idiom after them. Each branch starts
    # with its character class (the look-behind comes second) so the search is fast.
    cn = _CHINESE_DIGITS
    pattern = (rf"(?P<num>\d(?<![A-Za-z0-9.]\d)\d*(?:\.\d+)?)(?P<unit>{_alternation(measure)})"
               rf"|(?P<cnum>[{cn}](?<![{cn}][{cn}])[{cn}]*)(?P<cunit>{_alternation(chinese)})")
    return CoverageSpec(
        measure_words=measure, chinese_measure_words=chinese, unit_canon=canon,
        quantity=_compile(pattern, w),
        not_quantity_words=_words(t, "not_quantity_words", w),
        not_preceded_by=_words(t, "not_preceded_by", w))


def _quantified(data: Mapping[str, Any], where: str) -> QuantifiedSpec:
    w = f"{where} [quantified]"
    t = _table(data, "quantified", where)
    vague = _words(t, "vague_words", w)
    return QuantifiedSpec(
        quantity_level2=frozenset(_words(t, "quantity_level2", w)),
        vague_words=vague, vague=_any_of(vague, w),
        placeholder_values=frozenset(v.lower() for v in _words(t, "placeholder_values", w)),
        weak_benefit_values=frozenset(_words(t, "weak_benefit_values", w)),
        percent_name_suffixes=_words(t, "percent_name_suffixes", w))


def _fit(data: Mapping[str, Any], where: str) -> FitSpec:
    w = f"{where} [fit]"
    t = _table(data, "fit", where)
    return FitSpec(
        # "满意度调查次数" counts surveys (an output), it does not measure satisfaction.
        satisfaction=_compile(f"{_alternation(_words(t, 'satisfaction_words', w))}"
                              f"(?!{_alternation(_words(t, 'satisfaction_not_before', w))})", w),
        timeliness=_any_of(_words(t, "timeliness_words", w), w),
        timeliness_level2=frozenset(_words(t, "timeliness_level2", w)),
        quality_level2=frozenset(_words(t, "quality_level2", w)),
        time_value=_any_of(_words(t, "time_value_words", w), w),
        time_units=frozenset(_words(t, "time_units", w)),
        effect=_any_of(_words(t, "effect_words", w), w),
        output_verbs=_words(t, "output_verbs", w),
        output_measure=_any_of(_words(t, "output_measures", w), w))


def _consistency(data: Mapping[str, Any], where: str) -> ConsistencySpec:
    w = f"{where} [consistency]"
    t = _table(data, "consistency", where)
    sections = _words(t, "amount_sections", w)
    yuan = _words(t, "yuan_sections", w)
    for key in (*sections, *yuan):
        if not re.match(r"^[a-z][a-z0-9_]*$", key):
            # Section keys of the templates; a form without that section just has none.
            raise TemplateError(f"{w} 的部分“{key}”未知(不是有效的说明部分 key)。")
    raw = t.get("tolerance_wan")
    try:
        tolerance = Decimal(str(raw))
    except InvalidOperation:
        raise TemplateError(f"{w} 的“tolerance_wan”必须是数字(万元)。") from None
    if raw is None or isinstance(raw, bool) or not tolerance.is_finite() or tolerance < 0:
        raise TemplateError(f"{w} 的“tolerance_wan”必须是不小于 0 的数字(万元)。")
    return ConsistencySpec(
        amount_sections=sections, yuan_sections=frozenset(yuan),
        tolerance_yuan=tolerance * 10000,
        per_unit_before=_words(t, "per_unit_before", w),
        per_unit_after=_words(t, "per_unit_after", w))


def _leftover(data: Mapping[str, Any], where: str) -> LeftoverSpec:
    w = f"{where} [leftover]"
    t = _table(data, "leftover", where)
    cues = tuple(_compile(c, w) for c in _words(t, "guidance_cues", w, fold_words=False))
    rows = t.get("placeholder_patterns")
    if not isinstance(rows, list):
        raise TemplateError(f"{w} 缺少“placeholder_patterns”。")
    placeholders: list[Placeholder] = []
    for i, row in enumerate(rows):
        if (not isinstance(row, list) or len(row) != 2
                or not all(isinstance(x, str) and x for x in row)):
            raise TemplateError(f"{w} placeholder_patterns[{i}] 应为 [正则, 说明]。")
        placeholders.append(Placeholder(_compile(row[0], w), row[1]))
    return LeftoverSpec(guidance_phrases=_words(t, "guidance_phrases", w),
                        guidance_cues=cues, placeholders=tuple(placeholders))


def _grade(data: Mapping[str, Any], where: str) -> GradeSpec:
    w = f"{where} [grade]"
    t = _table(data, "grade", where)
    labels_table = _table(t, "labels", w)
    labels: dict[str, str] = {}
    for level in GRADE_LEVELS:
        label = labels_table.get(level)
        if not isinstance(label, str) or not label.strip():
            raise TemplateError(f"{w} [grade.labels] 缺少“{level}”。")
        labels[level] = label.strip()
    must_fix, revise = _int(t, "must_fix_warnings", w), _int(t, "revise_warnings", w)
    if revise < 1 or must_fix < revise:
        raise TemplateError(f"{w} 要求 1 ≤ revise_warnings ≤ must_fix_warnings。")
    return GradeSpec(must_fix_warnings=must_fix, revise_warnings=revise, labels=labels)


# ---------------------------------------------------------------- entry points

def parse_review(data: Mapping[str, Any], source: str = "") -> ReviewSpec:
    """Build a :class:`ReviewSpec` from parsed TOML; raise :class:`TemplateError` (Chinese)."""
    where = f"审核规则 {source}" if source else "审核规则"
    return ReviewSpec(
        coverage=_coverage(data, where), quantified=_quantified(data, where),
        fit=_fit(data, where), consistency=_consistency(data, where),
        leftover=_leftover(data, where), grade=_grade(data, where), source=source)


def load_review(path: Path) -> ReviewSpec:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise TemplateError(f"无法读取审核规则文件 {path.name}:{exc.strerror or exc}。") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"审核规则文件 {path.name} 格式错误:{exc}。") from None
    except UnicodeDecodeError:
        raise TemplateError(f"审核规则文件 {path.name} 不是 UTF-8 编码,请用 UTF-8 保存。") from None
    return parse_review(data, source=path.name)
