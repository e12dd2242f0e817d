"""The declaration as data: Declaration → Project → Funding / Indicator.

Plain mutable dataclasses (the editor changes them in place); no I/O here.
What a project holds is keyed by its template: header fields in ``values``
(canonical text, see :mod:`g60desk.domain.form`), amounts in ``funding``
(``Decimal`` 元 or ``None`` when not filled in), goal slots in ``goals`` and
narrative sections in ``sections``. Checking lives in :mod:`g60desk.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal

from g60desk.domain.cycle import Adjustment, Evaluation, Monitoring, Progress, Result
from g60desk.domain.targets import Target, parse_target

SIGNATURE_KEYS: tuple[str, ...] = ("unit", "leader", "preparer", "phone", "date")
# Every form names its project; the key is fixed so lists and titles can show it.
NAME_KEY = "name"


def new_id() -> str:
    """A fresh project/declaration id (random, 12 hex characters)."""
    import uuid  # with platform, about 3 ms: not needed until a new id is made

    return uuid.uuid4().hex[:12]


@dataclass
class Funding:
    """项目资金: the template's funding rows by key, in 元 (``None`` = not filled in)."""

    amounts: dict[str, Decimal | None] = field(default_factory=dict)

    def get(self, key: str) -> Decimal | None:
        return self.amounts.get(key)

    def set(self, key: str, value: Decimal | None) -> None:
        self.amounts[key] = value


@dataclass
class Indicator:
    """One row of the indicator grid: 一级 / 二级 / 三级 / 指标值, on one side.

    ``side`` is the template's indicator side (中期 or 年度); empty means the
    template's main side, which is also what files written before sides existed hold.
    ``approved`` is the target as approved (已批复, see :mod:`g60desk.domain.cycle`),
    ``None`` before approval; ``progress`` and ``result`` are its monitoring and
    self-evaluation entries.
    """

    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""
    side: str = ""
    approved: str | None = None
    progress: Progress = field(default_factory=Progress)
    result: Result = field(default_factory=Result)

    @property
    def parsed(self) -> Target:
        return parse_target(self.target)

    @property
    def reference_target(self) -> str:
        """What monitoring and self-evaluation compare against: the approved target
        once there is one, else the current target."""
        return self.target if self.approved is None else self.approved

    @property
    def path_label(self) -> str:
        return "/".join(x for x in (self.level1, self.level2, self.name) if x)


@dataclass
class Project:
    """One project: its header fields, funding, goals, sections and indicators."""

    id: str = field(default_factory=new_id)
    unit: str = ""
    values: dict[str, str] = field(default_factory=dict)
    funding: Funding = field(default_factory=Funding)
    goals: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    monitoring: Monitoring | None = None
    evaluation: Evaluation | None = None
    adjustments: list[Adjustment] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.values.get(NAME_KEY, "")

    @name.setter
    def name(self, text: str) -> None:
        self.values[NAME_KEY] = text

    def value(self, key: str) -> str:
        return self.values.get(key, "")

    def goal(self, key: str) -> str:
        return self.goals.get(key, "")

    def section(self, key: str) -> str:
        return self.sections.get(key, "")

    def has_monitoring(self) -> bool:
        """Mid-year monitoring data: the sheet, or progress on any indicator."""
        return self.monitoring is not None or any(
            not ind.progress.is_empty() for ind in self.indicators)

    def has_evaluation(self) -> bool:
        """Year-end self-evaluation data: the sheet, or a result on any indicator."""
        return self.evaluation is not None or any(
            not ind.result.is_empty() for ind in self.indicators)


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
    # 已批复: the date (ISO) the declaration was approved; empty = not approved.
    approved: str = ""
    # When the bundle this declaration was read from was exported (ISO date-time, the
    # bundle's ``exported``); empty: made here, or from a bundle without the stamp. Where
    # a declaration came from, not what it says: not compared.
    exported: str = field(default="", compare=False)
    # A roll-up's record of which bundle each unit's projects came from: unit → that
    # bundle's ``exported``; a newer bundle of a unit replaces its projects.
    versions: dict[str, str] = field(default_factory=dict)

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

    def annual_total(self, key: str) -> Decimal:
        """Sum of the amount ``key`` (the template's 年度资金 row) over all projects;
        missing amounts count as 0."""
        return sum((p.funding.get(key) or Decimal(0) for p in self.projects), Decimal(0))
