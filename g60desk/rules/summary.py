"""The 绩效目标设置情况 summary: computed from the data, never typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from g60desk.domain.model import Declaration
from g60desk.domain.money import format_wan
from g60desk.formspec.spec import Template


@dataclass(frozen=True)
class Summary:
    units: int
    projects: int
    annual_total: Decimal
    annual_total_wan: str
    sentence: str
    annual_label: str = "年度资金申请总额"

    def as_dict(self) -> dict[str, object]:
        return {"units": self.units, "projects": self.projects,
                "annual_total_wan": self.annual_total_wan, "sentence": self.sentence}


def summarize(decl: Declaration, template: Template) -> Summary:
    """Units that declare, number of projects, and Σ 年度资金申请总额 in 万元."""
    units = len(decl.declaring_units())
    total = decl.annual_total(template.shape.annual_key)
    wan = format_wan(total, grouping=False)
    # A form without a cover sentence ([print] cover_sentence = false) has none.
    sentence = template.declaration_sentence(decl) if template.text["summary_sentence"] else ""
    row = template.shape.funding_row(template.shape.annual_key)
    return Summary(units=units, projects=len(decl.projects), annual_total=total,
                   annual_total_wan=wan, sentence=sentence,
                   annual_label=row.name if row else "年度资金")
