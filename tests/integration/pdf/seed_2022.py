"""The reference declaration for the PDF tests: the bundled sample, on either form.

``seed_declaration`` is the sample as entered (all four projects, every section and
indicator row); ``seed_declaration_2026`` moves it onto the 2026 form.
"""

from __future__ import annotations

from decimal import Decimal

from g60desk.domain.model import Declaration, Indicator
from g60desk.exchange.bundle import read_bundle
from tests.factories import SAMPLE


def seed_declaration(template: str = "shanghai-2022") -> Declaration:
    """A fresh copy of the reference declaration (the bundled sample; mutate it freely)."""
    decl = read_bundle(SAMPLE)
    decl.template = template
    decl.signatures.unit = decl.department
    return decl


def seed_declaration_2026() -> Declaration:
    """The same projects on the 2026 form: 项目性质 + 项目类别, a 成本指标 row each."""
    decl = seed_declaration("shanghai-2026")
    for p in decl.projects:
        p.values["nature"], p.values["category"] = p.values["category"], "特定目标类"
        budget = p.funding.get("annual") or Decimal(0)
        p.indicators.insert(0, Indicator(level1="成本指标", level2="经济成本指标",
                                         name="项目预算控制数",
                                         target=f"<={budget / 10000:.2f}万元"))
        for ind in p.indicators:
            if ind.level1 == "满意度指标":
                ind.target = ">=90%"
    return decl
