"""Where a finding points in the editor: which tab, which field, which indicator row.

Finding paths look like ``projects[0].funding.total``, ``projects[0].sections.basis``,
``projects[0].indicators[3].target`` or ``department``. Paths the editor does not
know (new rules may add some) still land on the right project, or on the
declaration's settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from g60desk.domain.model import FUNDING_KEYS, SECTION_KEYS
from g60desk.formspec.spec import Template

TAB_BASIC = "basic"
TAB_SECTIONS = "sections"
TAB_FUNDING = "funding"
TAB_GOALS = "goals"
TAB_INDICATORS = "indicators"
# Declaration-level fields (主管部门, 单位名单, 签字栏, 模板) live in 设置.
TAB_DECLARATION = "declaration"
PROJECT_TABS = (TAB_BASIC, TAB_SECTIONS, TAB_FUNDING, TAB_GOALS, TAB_INDICATORS)

BASIC_FIELDS = ("name", "category", "nature", "department", "implementer", "start", "end", "unit")
GOAL_FIELDS = ("overall_goal", "annual_goal")
INDICATOR_FIELDS = ("level1", "level2", "name", "target")

_PROJECT = re.compile(r"^projects\[(\d+)\](?:\.(.*))?$")
_ROW = re.compile(r"^indicators\[(\d+)\](?:\.(\w+))?$")


@dataclass(frozen=True)
class Location:
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
        return self.field


def locate(path: str) -> Location:
    m = _PROJECT.match(path)
    if not m:
        return Location(TAB_DECLARATION, field=path.split(".")[0].split("[")[0])
    index = int(m.group(1))
    tail = m.group(2) or ""
    head, _, rest = tail.partition(".")
    if head == "funding" and rest in FUNDING_KEYS:
        return Location(TAB_FUNDING, rest, index)
    if head == "sections" and rest in SECTION_KEYS:
        return Location(TAB_SECTIONS, rest, index)
    if tail in GOAL_FIELDS:
        return Location(TAB_GOALS, tail, index)
    if tail in BASIC_FIELDS:
        return Location(TAB_BASIC, tail, index)
    if tail == "indicators":
        return Location(TAB_INDICATORS, "", index)
    row = _ROW.match(tail)
    if row:
        field = row.group(2) if row.group(2) in INDICATOR_FIELDS else ""
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
    TAB_DECLARATION: "申报设置",
}
_DECLARATION_FIELDS = {"department": "主管部门", "units": "申报单位", "signatures": "签字栏",
                       "template": "模板", "projects": "项目"}
_ROW_FIELDS = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "指标值"}


def describe(loc: Location, template: Template) -> str:
    """``项目资金 · 项目资金总额``, ``绩效指标 · 第4行 · 指标值`` — the findings panel's 位置."""
    parts = [TAB_TITLES[loc.tab]]
    if loc.tab == TAB_DECLARATION:
        if loc.field:
            parts.append(_DECLARATION_FIELDS.get(loc.field, loc.field))
    elif loc.tab == TAB_SECTIONS and loc.field:
        spec = template.section(loc.field)
        parts.append(spec.title if spec else loc.field)
    elif loc.tab == TAB_GOALS and loc.field:
        parts.append("项目总目标" if loc.field == "overall_goal" else "年度总目标")
    elif loc.tab == TAB_INDICATORS:
        if loc.row is not None:
            parts.append(f"第{loc.row + 1}行")
        if loc.field:
            parts.append(_ROW_FIELDS[loc.field])
    elif loc.field == "unit":
        parts.append("所属单位")
    elif loc.field:
        parts.append(template.label(loc.field).replace("其中:", ""))
    return " · ".join(parts)
