"""Declarations for storage tests: every field filled, Chinese text, exact amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from g60desk.domain.model import Declaration, Indicator, Project, Signatures
from tests.factories import legacy_project, money

UNIT = "上海市松江区某某服务中心"


def project(n: int = 1, *, unit: str = UNIT, indicators: int = 5, year: int = 2022) -> Project:
    amount = Decimal(141500 + n * 1000) + Decimal("0.25")
    rows = [Indicator("产出指标", "数量指标", f"完成弱电点位安装数{k}", f"={k + 3}个")
            for k in range(indicators)]
    if rows:
        rows[-1] = Indicator("满意度指标", "服务对象满意度指标", "相关方满意度", ">=85%")
    return legacy_project(
        id=f"p{n:04d}{year}", unit=unit, name=f"办公室弱电系统安装{n}", category="一次性项目",
        nature="", department=UNIT, implementer=UNIT,
        start=date(year, 1, 1), end=date(year, 12, 31),
        funding=money(total=amount, total_fiscal=amount, total_other=Decimal("0.00"),
                        annual=amount, annual_appropriation=amount,
                        annual_carryover=Decimal("0.00"), annual_other=None),
        overall_goal="完成办公室弱电系统安装,提供稳定的网络环境。" * 2,
        annual_goal="年内完成安装并验收。",
        sections={"overview": "安装综合布线、机柜、路由器和交换机。",
                  "basis": "区政府常务会议纪要。",
                  "implementer": UNIT, "plan": "政府采购,年内完成。",
                  "period": f"{year}年1月1日—{year}年12月31日",
                  "budget": f"{year}年度预算安排{amount / 10000:.2f}万元。", "targets": ""},
        indicators=rows)


def declaration(projects: int = 3, *, year: int = 2022, decl_id: str | None = None,
                department: str = "上海市松江区科学技术委员会", indicators: int = 5,
                unit: str = UNIT) -> Declaration:
    decl = Declaration(
        year=year, template="shanghai-2022", department=department, units=[unit],
        signatures=Signatures(unit=unit, leader="张三", preparer="李四", phone="021-12345678",
                              date=f"{year}年3月1日"),
        projects=[project(n, unit=unit, indicators=indicators, year=year)
                  for n in range(1, projects + 1)])
    if decl_id:
        decl.id = decl_id
    return decl
