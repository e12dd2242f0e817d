"""The year around the declaration: approval, mid-year monitoring, year-end self-evaluation.

One record per indicator all year: an :class:`~g60desk.domain.model.Indicator` keeps its
declared target and carries its :class:`Progress` (绩效运行监控) and :class:`Result`
(绩效自评). A project carries its :class:`Monitoring` and :class:`Evaluation` money
blocks. A declaration marked 已批复 keeps each indicator's approved target; changing a
target afterwards needs an explicit 调整 (:func:`adjust_target`), which records the
difference in an :class:`Adjustment`. See ``/docs`` and CYCLE.md. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# 完成可能性 and 偏差原因 categories of the monitoring sheet (CYCLE.md §1).
LIKELIHOODS: tuple[str, ...] = ("确定能", "有可能", "完全不可能")
CERTAIN = LIKELIHOODS[0]
CAUSE_CATEGORIES: tuple[str, ...] = ("经费", "制度", "人员", "硬件", "其他")


@dataclass
class Cause:
    """偏差原因: a category (经费 / 制度 / 人员 / 硬件 / 其他) and free text."""

    category: str = ""
    text: str = ""

    def is_empty(self) -> bool:
        return not (self.category.strip() or self.text.strip())


@dataclass
class Progress:
    """One indicator's monitoring entry: 当前完成值 (1-X月), 完成可能性, 偏差原因, 改进措施."""

    current: str = ""
    likelihood: str = ""
    cause: Cause = field(default_factory=Cause)
    measures: str = ""

    def is_empty(self) -> bool:
        return not (self.current.strip() or self.likelihood.strip() or self.measures.strip()
                    ) and self.cause.is_empty()


@dataclass
class Result:
    """One indicator's year end: 实际完成值, 分值 (``None``: the template's default),
    得分 set by the clerk (``None``: computed; used for 定性), 偏差原因分析及改进措施."""

    actual: str = ""
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation: str = ""

    def is_empty(self) -> bool:
        return not (self.actual.strip() or self.deviation.strip()) and \
            self.weight is None and self.score is None


@dataclass
class Monitoring:
    """The project's monitoring block (cut-off month 1-X月); amounts in 元.

    年初预算数 is the declaration's 年度资金; ``cause``/``measures`` explain a yellow or red
    spending-pace light.
    """

    month: int = 6
    budget_adjusted: Decimal | None = None
    executed_to_date: Decimal | None = None
    forecast: Decimal | None = None
    cause: Cause = field(default_factory=Cause)
    measures: str = ""


@dataclass
class Evaluation:
    """The project's self-evaluation money block (元) and 年度总体目标 实际完成情况.

    ``execution_weight`` ``None`` means the template's default 分值 of 预算执行率.
    """

    budget_initial: Decimal | None = None
    budget_full_year: Decimal | None = None
    executed: Decimal | None = None
    execution_weight: Decimal | None = None
    achieved: str = ""


@dataclass(frozen=True)
class TargetChange:
    """One indicator's approved target before and after a 调整."""

    indicator: str          # 一级/二级/三级 as printed
    before: str
    after: str


@dataclass
class Adjustment:
    """An explicit 调整 of approved targets: when, why, and what changed."""

    date: str
    reason: str
    changes: list[TargetChange] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{c.indicator}:{c.before} → {c.after}" for c in self.changes]
        return f"{self.date} 调整({self.reason}):" + ";".join(parts)
