"""Read the monitoring and self-evaluation sheets of ``forms/`` (``[sheet]`` files).

A sheet file describes the 绩效目标执行监控表 (``kind = "monitoring"``) or the 自评表
(``kind = "evaluation"``): its title, labels, indicator columns and, for the 自评表,
the scoring settings (default 分值 and the 反向 rule). Its top-level table is
``[sheet]``, not ``[template]``, so the declaration-template loader passes it by.
Every problem is a :class:`TemplateError` in Chinese naming the file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from g60desk import paths
from g60desk.domain.scoring import REVERSE_SETTINGS, ScoringSettings
from g60desk.formspec.spec import TemplateError, _read_toml

KINDS = ("monitoring", "evaluation")
KIND_NAMES = {"monitoring": "监控表", "evaluation": "自评表"}
# Columns each kind may print, with the labels every sheet must give.
COLUMN_KEYS: dict[str, frozenset[str]] = {
    "monitoring": frozenset({"level1", "level2", "name", "target", "current", "likelihood",
                             "cause", "measures"}),
    "evaluation": frozenset({"level1", "level2", "name", "target", "actual", "weight",
                             "score", "deviation"}),
}
REQUIRED_COLUMNS = ("level1", "level2", "name", "target")
REQUIRED_LABELS: dict[str, tuple[str, ...]] = {
    "monitoring": ("budget_initial", "budget_adjusted", "executed_to_date", "rate",
                   "forecast", "pace", "light", "cause", "measures"),
    "evaluation": ("budget_initial", "budget_full_year", "executed", "weight", "rate",
                   "score", "goal_expected", "goal_achieved", "total", "grade"),
}
_ID = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class SheetColumn:
    key: str
    label: str
    width: float


@dataclass(frozen=True)
class SheetSpec:
    id: str
    kind: str
    name: str
    title: str
    templates: tuple[str, ...]
    labels: Mapping[str, str]
    columns: tuple[SheetColumn, ...]
    default_month: int = 6
    scoring: ScoringSettings = field(default_factory=ScoringSettings)
    source: str = ""

    def label(self, key: str, month: int | None = None) -> str:
        text = self.labels.get(key, key)
        return text.replace("{month}", str(month if month is not None else self.default_month))

    def serves(self, template_id: str) -> bool:
        return not self.templates or template_id in self.templates


def _fail(source: str, message: str) -> TemplateError:
    return TemplateError(f"表样 {source}:{message}")


def _number(value: Any, what: str, source: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(source, f"{what}必须是数字。")
    number = Decimal(str(value))
    if not number.is_finite() or number < 0 or number > 100:
        raise _fail(source, f"{what}必须在 0 到 100 之间。")
    return number


def _scoring(data: Mapping[str, Any], source: str) -> ScoringSettings:
    table = data.get("scoring", {})
    if not isinstance(table, Mapping):
        raise _fail(source, "[scoring] 应为表格。")
    weight = _number(table.get("execution_weight", 10), "预算执行率的分值 execution_weight", source)
    reverse = table.get("reverse", "ratio")
    if reverse not in REVERSE_SETTINGS:
        raise _fail(source, f"reverse 只能是 {'/'.join(REVERSE_SETTINGS)}(比例扣分或线性扣分)。")
    levels_raw = table.get("level_weights", {})
    if not isinstance(levels_raw, Mapping) or not levels_raw:
        raise _fail(source, "[scoring.level_weights] 缺少一级指标的分值。")
    levels = {str(k): _number(v, f"一级指标“{k}”的分值", source) for k, v in levels_raw.items()}
    total = weight + sum(levels.values(), Decimal(0))
    if total != 100:
        raise _fail(source, f"预算执行率与各一级指标的分值合计应为 100,现为 {total}。")
    return ScoringSettings(execution_weight=weight, level_weights=levels, reverse=reverse)


def _columns(data: Mapping[str, Any], kind: str, source: str) -> tuple[SheetColumn, ...]:
    rows = data.get("columns")
    if not isinstance(rows, list) or not rows:
        raise _fail(source, "缺少 [[columns]] 指标栏的列。")
    out: list[SheetColumn] = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise _fail(source, f"第{n}列应为表格。")
        key, label, width = row.get("key"), row.get("label"), row.get("width", 1)
        if key not in COLUMN_KEYS[kind]:
            allowed = "、".join(sorted(COLUMN_KEYS[kind]))
            raise _fail(source, f"第{n}列的 key“{key}”不是{KIND_NAMES[kind]}的列(可用:{allowed})。")
        if any(c.key == key for c in out):
            raise _fail(source, f"列“{key}”重复。")
        if not isinstance(label, str) or not label.strip():
            raise _fail(source, f"列“{key}”缺少 label(表头文字)。")
        if isinstance(width, bool) or not isinstance(width, (int, float)) or width <= 0:
            raise _fail(source, f"列“{key}”的 width 必须是正数。")
        out.append(SheetColumn(str(key), label, float(width)))
    missing = [k for k in REQUIRED_COLUMNS if not any(c.key == k for c in out)]
    if missing:
        raise _fail(source, f"缺少列:{'、'.join(missing)}。")
    return tuple(out)


def parse_sheet(data: Mapping[str, Any], source: str = "") -> SheetSpec:
    """Build a :class:`SheetSpec` from parsed TOML; raise :class:`TemplateError`."""
    head = data.get("sheet")
    if not isinstance(head, Mapping):
        raise _fail(source, "缺少 [sheet] 表格。")
    sid, kind = head.get("id"), head.get("kind")
    if not isinstance(sid, str) or not _ID.match(sid):
        raise _fail(source, "[sheet] 的 id 只能用字母、数字、点、横线和下划线。")
    if kind not in KINDS:
        raise _fail(source, "[sheet] 的 kind 只能是 monitoring(监控表)或 evaluation(自评表)。")
    texts = {}
    for key in ("name", "title"):
        value = head.get(key)
        if not isinstance(value, str) or not value.strip():
            raise _fail(source, f"[sheet] 缺少“{key}”。")
        texts[key] = value
    templates = head.get("templates", [])
    if not isinstance(templates, list) or not all(isinstance(t, str) for t in templates):
        raise _fail(source, "[sheet] 的 templates 必须是模板编号的列表。")
    month = head.get("default_month", 6)
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise _fail(source, "default_month 必须是 1 到 12 的整数。")
    labels = data.get("labels", {})
    if not isinstance(labels, Mapping) or not all(isinstance(v, str) for v in labels.values()):
        raise _fail(source, "[labels] 必须是文字。")
    missing = [k for k in REQUIRED_LABELS[kind] if k not in labels]
    if missing:
        raise _fail(source, f"[labels] 缺少:{'、'.join(missing)}。")
    scoring = _scoring(data, source) if kind == "evaluation" else ScoringSettings()
    return SheetSpec(id=sid, kind=kind, name=texts["name"], title=texts["title"],
                     templates=tuple(templates), labels=dict(labels),
                     columns=_columns(data, kind, source), default_month=month,
                     scoring=scoring, source=source)


def load_sheet(path: Path) -> SheetSpec:
    data, _ = _read_toml(path)
    return parse_sheet(data, source=path.name)


def is_sheet_file(path: Path) -> bool:
    try:
        head = path.read_bytes()[:65536].decode("utf-8-sig", "replace")
    except OSError:
        return False
    return re.search(r"^\s*\[sheet\]", head, re.M) is not None


@dataclass
class SheetSet:
    sheets: dict[str, SheetSpec] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def for_template(self, kind: str, template_id: str) -> SheetSpec | None:
        """The sheet of ``kind`` serving ``template_id``; a named one before a general
        one, the data folder's (read last) before the program's."""
        found = [s for s in self.sheets.values() if s.kind == kind and s.serves(template_id)]
        named = [s for s in found if s.templates]
        chosen = named or found
        return chosen[-1] if chosen else None


def load_sheet_dirs(*folders: Path) -> SheetSet:
    """Sheets from each folder; a broken file is skipped and reported, never fatal."""
    out = SheetSet()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            if not is_sheet_file(path):
                continue
            try:
                sheet = load_sheet(path)
            except TemplateError as exc:
                out.problems.append(f"{exc}(已跳过 {path})")
                continue
            out.sheets[sheet.id] = sheet
    return out


@functools.cache
def default_sheets() -> SheetSet:
    """The sheets of the program's and the data folder's ``forms/``, read once per
    process (as ``forms/review.toml`` is): the checker asks on every keystroke."""
    return load_sheet_dirs(*paths.template_dirs())


def sheet_for(kind: str, template_id: str) -> SheetSpec | None:
    return default_sheets().for_template(kind, template_id)


@functools.lru_cache(maxsize=64)
def scoring_for(template_id: str) -> ScoringSettings:
    """The scoring settings for a declaration on ``template_id`` (CYCLE.md defaults when no
    self-evaluation sheet serves it)."""
    sheet = sheet_for("evaluation", template_id)
    return sheet.scoring if sheet is not None else ScoringSettings()
