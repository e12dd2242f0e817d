"""The declaration as data: Declaration → Project → Funding / Indicator.

Plain mutable dataclasses (the editor changes them in place); no I/O here.
Amounts are ``Decimal`` 元 or ``None`` when not filled in; dates are ``date`` or
``None``. Checking lives in :mod:`g60desk.rules`, not here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from g60desk.domain.targets import Target, parse_target

# The seven parts of 项目经费情况说明, in form order.
SECTION_KEYS: tuple[str, ...] = (
    "overview", "basis", "implementer", "plan", "period", "budget", "targets",
)
FUNDING_KEYS: tuple[str, ...] = (
    "total", "total_fiscal", "total_other",
    "annual", "annual_appropriation", "annual_carryover", "annual_other",
)
SIGNATURE_KEYS: tuple[str, ...] = ("unit", "leader", "preparer", "phone", "date")
# The plain-text fields of a Project, in the order files store them.
PROJECT_TEXT_KEYS: tuple[str, ...] = (
    "unit", "name", "category", "nature", "department", "implementer",
    "overall_goal", "annual_goal",
)


def new_id() -> str:
    """A fresh project/declaration id (random, 12 hex characters)."""
    return uuid.uuid4().hex[:12]


@dataclass
class Funding:
    """项目资金(元): whole project (left column) and this year (right column)."""

    total: Decimal | None = None                 # 项目资金总额
    total_fiscal: Decimal | None = None          # 其中:财政资金
    total_other: Decimal | None = None           # 其他资金
    annual: Decimal | None = None                # 年度资金申请总额
    annual_appropriation: Decimal | None = None  # 其中:当年财政拨款
    annual_carryover: Decimal | None = None      # 上年结转资金
    annual_other: Decimal | None = None          # 其他资金(年度)

    def get(self, key: str) -> Decimal | None:
        if key not in FUNDING_KEYS:
            raise KeyError(key)
        value: Decimal | None = getattr(self, key)
        return value

    def set(self, key: str, value: Decimal | None) -> None:
        if key not in FUNDING_KEYS:
            raise KeyError(key)
        setattr(self, key, value)


@dataclass
class Indicator:
    """One row of the indicator grid: 一级 / 二级 / 三级 / 指标值."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""

    @property
    def parsed(self) -> Target:
        return parse_target(self.target)


def _empty_sections() -> dict[str, str]:
    return dict.fromkeys(SECTION_KEYS, "")


@dataclass
class Project:
    """One project: its 填报表 fields and the seven narrative sections."""

    id: str = field(default_factory=new_id)
    unit: str = ""
    name: str = ""
    category: str = ""
    nature: str = ""
    department: str = ""
    implementer: str = ""
    start: date | None = None
    end: date | None = None
    funding: Funding = field(default_factory=Funding)
    overall_goal: str = ""
    annual_goal: str = ""
    sections: dict[str, str] = field(default_factory=_empty_sections)
    indicators: list[Indicator] = field(default_factory=list)

    def section(self, key: str) -> str:
        return self.sections.get(key, "")


@dataclass
class Signatures:
    """The signature block printed at the end.

    填报单位(盖章), 单位负责人, 填报人, 联系电话, 填报日期.
    """

    unit: str = ""
    leader: str = ""
    preparer: str = ""
    phone: str = ""
    date: str = ""

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Declaration:
    """One unit's declaration for one year, on one template."""

    year: int
    template: str
    department: str = ""
    units: list[str] = field(default_factory=list)
    signatures: Signatures = field(default_factory=Signatures)
    projects: list[Project] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def project_by_id(self, project_id: str) -> Project | None:
        return next((p for p in self.projects if p.id == project_id), None)

    def declaring_units(self) -> list[str]:
        """Distinct units that declare at least one project, in first-seen order.

        A project without a unit counts under the declaration's department.
        """
        seen: dict[str, None] = {}
        for p in self.projects:
            seen.setdefault(p.unit.strip() or self.department.strip(), None)
        return list(seen)

    def annual_total(self) -> Decimal:
        """Sum of 年度资金申请总额 over all projects (missing amounts count as 0)."""
        return sum((p.funding.annual or Decimal(0) for p in self.projects), Decimal(0))
