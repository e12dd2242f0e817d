"""Well-formed declarations for tests: every rule passes on these until a test breaks one."""

from __future__ import annotations

import locale
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from g60desk.domain.model import Declaration, Funding, Indicator, Project, Signatures
from g60desk.formspec import Template, load_templates

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
SAMPLE = ROOT / "assets" / "samples" / "songjiang-g60-2022.json"
UNIT = "上海市松江区科技创新服务中心"
# How a child program's piped output is encoded: UTF-8 on Linux, the ANSI code page on
# Windows (cp936, i.e. GBK, on a Chinese Windows). Tests decode what the console really gets.
CONSOLE_ENCODING = locale.getencoding() if sys.platform == "win32" else "utf-8"

_TEMPLATES: dict[str, Template] | None = None
# The Shanghai forms' funding rows and narrative sections (their templates' keys).
FUNDING_KEYS = ("total", "total_fiscal", "total_other", "annual", "annual_appropriation",
                "annual_carryover", "annual_other")
SECTION_KEYS = ("overview", "basis", "implementer", "plan", "period", "budget", "targets")


def templates() -> dict[str, Template]:
    global _TEMPLATES
    if _TEMPLATES is None:
        _TEMPLATES = load_templates(FORMS)
    return _TEMPLATES


def template(template_id: str = "shanghai-2022") -> Template:
    return templates()[template_id]


def money(**amounts: Decimal | None) -> Funding:
    """Funding by the Shanghai forms' row keys: ``money(total=…, annual=…)``."""
    return Funding(dict(amounts))


def legacy_project(*, id: str | None = None, unit: str = "", name: str = "",
                   category: str = "", nature: str = "", department: str = "",
                   implementer: str = "", start: date | None = None, end: date | None = None,
                   funding: Funding | None = None, overall_goal: str = "",
                   annual_goal: str = "", sections: dict[str, str] | None = None,
                   indicators: list[Indicator] | None = None) -> Project:
    """A project on the Shanghai forms, given as release 0.1 spelled its attributes."""
    values = {"name": name, "category": category, "nature": nature, "department": department,
              "implementer": implementer, "start": start.isoformat() if start else "",
              "end": end.isoformat() if end else ""}
    p = Project(unit=unit, values=values, funding=funding or Funding(),
                goals={"overall_goal": overall_goal, "annual_goal": annual_goal},
                sections=dict(sections or {}), indicators=list(indicators or []))
    if id is not None:
        p.id = id
    return p


def day(p: Project, key: str) -> date | None:
    """A date field of a project as a ``date`` (None when empty)."""
    text = p.values.get(key, "")
    return date.fromisoformat(text) if text else None


def set_day(p: Project, key: str, value: date | None) -> None:
    p.values[key] = value.isoformat() if value else ""


def funding(amount: str = "141500.00") -> Funding:
    a = Decimal(amount)
    return money(total=a, total_fiscal=a, total_other=Decimal("0.00"), annual=a,
                 annual_appropriation=a, annual_carryover=Decimal("0.00"),
                 annual_other=Decimal("0.00"))


def indicators_2022() -> list[Indicator]:
    return [
        Indicator("产出指标", "数量指标", "完成弱电点位安装数", "=120个"),
        Indicator("产出指标", "质量指标", "质量验收通过率", "=100%"),
        Indicator("产出指标", "时效指标", "项目开展及时性", "及时"),
        Indicator("效益指标", "社会效益指标", "办公网络稳定运行率", ">=99%"),
        Indicator("满意度指标", "服务对象满意度指标", "相关方满意度", ">=85%"),
    ]


def indicators_2026() -> list[Indicator]:
    return [
        Indicator("成本指标", "经济成本指标", "项目总成本控制", "≤141500元"),
        Indicator("产出指标", "数量指标", "完成弱电点位安装数", "=120个"),
        Indicator("产出指标", "质量指标", "质量验收通过率", "=100%"),
        Indicator("产出指标", "时效指标", "项目开展及时性", "及时"),
        Indicator("效益指标", "社会效益指标", "办公网络稳定运行率", "≥99%"),
        Indicator("满意度指标", "服务对象满意度指标", "相关方满意度", "≥90%"),
    ]


def project(template_id: str = "shanghai-2022", year: int = 2022) -> Project:
    is_2026 = template_id == "shanghai-2026"
    return legacy_project(
        id="clean1", unit=UNIT, name="办公室弱电系统安装",
        category="特定目标类" if is_2026 else "一次性项目",
        nature="一次性项目" if is_2026 else "",
        department=UNIT, implementer=UNIT,
        start=date(year, 1, 1), end=date(year, 12, 31), funding=funding(),
        overall_goal="完成办公室弱电系统安装,包括综合布线、机柜架设、路由器和交换机调试,"
                     "提供稳定的网络环境。",
        annual_goal="完成办公室弱电系统安装,包括综合布线、机柜架设、路由器和交换机调试,"
                    "提供稳定的网络环境。",
        sections={
            "overview": "安装办公室弱电系统,包括综合布线以及机柜架设、路由器和交换机调试等。",
            "basis": "区政府常务会议纪要。",
            "implementer": UNIT,
            "plan": "通过政府采购确定供应商,年内安装完成并验收。",
            "period": f"{year}年1月1日—{year}年12月31日",
            "budget": "见财政项目支出绩效目标填报表。",
            "targets": "",
        },
        indicators=indicators_2026() if is_2026 else indicators_2022())


def declaration(template_id: str = "shanghai-2022", year: int = 2022) -> Declaration:
    return Declaration(year=year, template=template_id, department=UNIT, units=[UNIT],
                       signatures=Signatures(unit=UNIT), projects=[project(template_id, year)],
                       id="decl1")


def set_attr(p: Project, attr: str, value: object) -> None:
    """Set a project's field as release 0.1 named it (``start``, ``annual_goal``, ``unit``…)."""
    if attr in ("unit", "indicators", "id"):
        setattr(p, attr, value)
    elif attr in ("overall_goal", "annual_goal"):
        p.goals[attr] = str(value)
    elif isinstance(value, date) or value is None:
        set_day(p, attr, value if isinstance(value, date) else None)
    else:
        p.values[attr] = str(value)


def get_attr(p: Project, attr: str) -> str:
    if attr == "unit":
        return p.unit
    if attr in ("overall_goal", "annual_goal"):
        return p.goals.get(attr, "")
    return p.values.get(attr, "")
