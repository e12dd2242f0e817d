"""The indicator library (``forms/indicator-library.toml``): search by keyword, insert rows.

Only rows whose 一级/二级 exist in the declaration's template are offered, and
the suggested value is printed in the template's style (``≥85.00(%)`` on 2026 forms).

A library value written as a sum of money (``<=150万元``, ``>=1000万元``; not a unit price
such as ``<=800元/人次``) comes from one example project and says nothing about another's
size: it is offered as 按本项目预算填写 and inserted blank, so the user types the project's
own figure (and I015 flags a 成本指标 above the project's funding).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from g60desk.domain.model import Indicator
from g60desk.domain.targets import money_amount, render_target
from g60desk.formspec.spec import LibraryEntry, Template

SATISFACTION_NAME = "服务对象满意度"
SATISFACTION_TARGET = ">=85%"


SIZED_HINT = "按本项目预算填写"


@dataclass(frozen=True)
class Suggestion:
    entry: LibraryEntry
    target: str
    score: int
    # The library's value depends on the project's size: ``target`` is blank, this is
    # the library's example (as the template prints it).
    example: str = ""

    @property
    def sized(self) -> bool:
        return bool(self.example)

    @property
    def shown(self) -> str:
        """The picker's 建议指标值 column."""
        return f"{SIZED_HINT}(示例 {self.example})" if self.sized else self.target

    def to_indicator(self) -> Indicator:
        return Indicator(self.entry.level1, self.entry.level2, self.entry.name, self.target)

    def inserted_note(self, row: int) -> str:
        """The status line after inserting this row as row ``row`` (from 0)."""
        note = f"已从指标库插入“{self.entry.name}”(第{row + 1}行)。"
        if self.sized:
            note += (f"指标库的值“{self.example}”是其他项目的金额,已留空,"
                     "请按本项目的预算填写指标值。")
        return note


def depends_on_size(target: str) -> bool:
    """A value in money (元/万元 …) depends on the project's size; unit prices do not."""
    return money_amount(target) is not None


def fits(entry: LibraryEntry, template: Template) -> bool:
    return entry.level2 in template.level2_names(entry.level1)


def _score(entry: LibraryEntry, term: str) -> int:
    name = entry.name.lower()
    if name == term:
        return 100
    if name.startswith(term):
        return 80
    if term in name:
        return 60
    keywords = [k.lower() for k in entry.keywords]
    if term in keywords:
        return 50
    if any(term in k for k in keywords):
        return 40
    if term in entry.level2.lower() or term in entry.level1.lower():
        return 20
    return 0


class IndicatorLibrary:
    """Search over the library rows that fit one template."""

    def __init__(self, entries: Iterable[LibraryEntry], template: Template) -> None:
        self.template = template
        self.entries = tuple(e for e in entries if fits(e, template))

    def suggested_target(self, entry: LibraryEntry) -> str:
        if self.template.value_style == "plain":
            return entry.target
        return render_target(entry.target, self.template.value_style)

    def search(self, query: str, limit: int = 200) -> list[Suggestion]:
        """Rows matching every word of ``query`` (name, keywords, 一级/二级), best first.

        An empty query lists the whole library in form order.
        """
        terms = [t for t in query.lower().split() if t]
        out: list[Suggestion] = []
        for order, entry in enumerate(self.entries):
            scores = [_score(entry, t) for t in terms]
            if terms and not all(scores):
                continue
            # Stable: equal scores keep the library's form order.
            score = sum(scores) * 10000 - order
            if depends_on_size(entry.target):
                out.append(Suggestion(entry, "", score, example=self.suggested_target(entry)))
            else:
                out.append(Suggestion(entry, self.suggested_target(entry), score))
        out.sort(key=lambda s: -s.score)
        return out[:limit]


def satisfaction_row(template: Template) -> Indicator:
    """The standard 满意度 row of the template: 服务对象满意度 ≥85%."""
    spec = template.level1_of_kind("satisfaction") or template.level1[-1]
    level2 = spec.level2[0] if spec.level2 else ""
    target = (SATISFACTION_TARGET if template.value_style == "plain"
              else render_target(SATISFACTION_TARGET, template.value_style))
    return Indicator(spec.name, level2, SATISFACTION_NAME, target)
