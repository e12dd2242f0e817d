"""Where a finding points in the editor: which tab, which field, which indicator row.

Finding paths look like ``projects[0].funding.total``, ``projects[0].sections.basis``,
``projects[0].indicators[3].target`` or ``department``. Paths the editor does not
know (new rules may add some) still land on the right project, or on the
declaration's settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from g60desk.domain.form import (
    INDICATOR_ATTRS,
    PART_FIELD,
    PART_FUNDING,
    PART_GOAL,
    PART_SECTION,
    PART_UNIT,
    FormShape,
)
from g60desk.formspec.spec import Template

TAB_BASIC = "basic"
TAB_SECTIONS = "sections"
TAB_FUNDING = "funding"
TAB_GOALS = "goals"
TAB_INDICATORS = "indicators"
# The year around the declaration (docs/cycle.md).
TAB_MONITORING = "monitoring"
TAB_EVALUATION = "evaluation"
# Declaration-level fields (主管部门, 单位名单, 签字栏, 模板) live in 设置.
TAB_DECLARATION = "declaration"
PROJECT_TABS = (TAB_BASIC, TAB_SECTIONS, TAB_FUNDING, TAB_GOALS, TAB_INDICATORS,
                TAB_MONITORING, TAB_EVALUATION)
_TAB_OF_PART = {PART_FIELD: TAB_BASIC, PART_UNIT: TAB_BASIC, PART_FUNDING: TAB_FUNDING,
                PART_GOAL: TAB_GOALS, PART_SECTION: TAB_SECTIONS}

_PROJECT = re.compile(r"^projects\[(\d+)\](?:\.(.*))?$")
_ROW = re.compile(r"^indicators\[(\d+)\](?:\.(\w+))?$")
# An indicator's monitoring entry and year-end values (M and S findings).
_CYCLE_ROW = re.compile(r"^indicators\[(\d+)\]\.(progress\.\w+|actual|weight|score|deviation)$")


@dataclass(frozen=True)
class Location:
    """Where a finding points in the window: the tab, the field, the project, the row."""
    tab: str
    field: str = ""
    project: int | None = None
    row: int | None = None

    @property
    def key(self) -> str:
        """A stable name of the widget: ``funding.total``, ``indicators[3].target``, ``name``."""
        if self.tab == TAB_INDICATORS and self.row is not None:
            return f"indicators[{self.row}].{self.field}" if self.field else f"indicators[{self.row}]"
        if self.tab == TAB_FUNDING:
            return f"funding.{self.field}"
        if self.tab == TAB_SECTIONS:
            return f"sections.{self.field}"
        if self.tab in (TAB_MONITORING, TAB_EVALUATION) and self.row is not None:
            return f"indicators[{self.row}].{self.field}"
        return self.field


def locate(path: str, shape: FormShape) -> Location:
    """The tab and field of a finding path, by the template's field registry."""
    m = _PROJECT.match(path)
    if not m:
        return Location(TAB_DECLARATION, field=path.split(".")[0].split("[")[0])
    index = int(m.group(1))
    tail = m.group(2) or ""
    head, _, rest = tail.partition(".")
    entry = shape.entry(tail)
    if entry is not None and entry.part in _TAB_OF_PART:
        tab = _TAB_OF_PART[entry.part]
        return Location(tab, rest if tab in (TAB_FUNDING, TAB_SECTIONS) else tail, index)
    if tail == "indicators":
        return Location(TAB_INDICATORS, "", index)
    cycle = _CYCLE_ROW.match(tail)
    if cycle:
        attr = cycle.group(2)
        tab = TAB_MONITORING if attr.startswith("progress.") else TAB_EVALUATION
        return Location(tab, attr, index, int(cycle.group(1)))
    if head in ("monitoring", "evaluation"):
        return Location(TAB_MONITORING if head == "monitoring" else TAB_EVALUATION, tail, index)
    row = _ROW.match(tail)
    if row:
        field = row.group(2) if row.group(2) in INDICATOR_ATTRS else ""
        return Location(TAB_INDICATORS, field or "", index, int(row.group(1)))
    if head in ("funding",):
        return Location(TAB_FUNDING, "", index)
    if head in ("sections",):
        return Location(TAB_SECTIONS, "", index)
    return Location(TAB_BASIC, "", index)


TAB_TITLES = {
    TAB_BASIC: "基本信息",
    TAB_SECTIONS: "项目经费情况说明",
    TAB_FUNDING: "项目资金",
    TAB_GOALS: "绩效目标",
    TAB_INDICATORS: "绩效指标",
    TAB_MONITORING: "监控",
    TAB_EVALUATION: "自评",
    TAB_DECLARATION: "申报设置",
}
_DECLARATION_FIELDS = {"department": "主管部门", "units": "申报单位", "signatures": "签字栏",
                       "template": "模板", "projects": "项目"}


def tab_title(tab: str, template: Template) -> str:
    """A tab's title in the template's words (``[labels] tab_goals = "总体目标"``)."""
    return template.labels.get(f"tab_{tab}", TAB_TITLES[tab])


def row_label(template: Template, project_side: str, attr: str) -> str:
    """The column header of an indicator cell on its side (一级指标, 年度指标值 …)."""
    if attr == "level1":
        return template.text["level1_header"]
    side = template.shape.side(project_side) or template.shape.side(template.shape.rules_side)
    assert side is not None
    return {"level2": side.level2_header, "name": side.name_header,
            "target": side.target_header}.get(attr, attr)


def describe(loc: Location, template: Template, side: str = "") -> str:
    """``项目资金 · 项目资金总额``, ``绩效指标 · 第4行 · 指标值`` — the findings panel's 位置."""
    parts = [tab_title(loc.tab, template)]
    if loc.tab == TAB_DECLARATION:
        if loc.field:
            parts.append(_DECLARATION_FIELDS.get(loc.field, loc.field))
    elif loc.tab == TAB_INDICATORS:
        if loc.row is not None:
            many = len(template.shape.sides) > 1
            sd = template.shape.side(side or template.shape.rules_side)
            if many and sd is not None:
                parts.append(sd.label)
            parts.append(f"第{loc.row + 1}行")
        if loc.field:
            parts.append(row_label(template, side, loc.field))
    elif loc.field:
        parts.append(template.label(loc.key))
    return " · ".join(parts)
