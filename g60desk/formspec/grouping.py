"""Indicator rows grouped as the printed forms show them: 一级 → 二级 → rows."""

from __future__ import annotations

from collections.abc import Sequence

from g60desk.domain.model import Indicator
from g60desk.formspec.spec import Template

Groups = list[tuple[str, list[tuple[str, list[Indicator]]]]]


def group_indicators(indicators: Sequence[Indicator], template: Template) -> Groups:
    """一级 → 二级 → rows, in the template's order; unknown names follow in the order
    first seen; rows keep their order inside a group (stable)."""
    l1_rank = {lv.name: i for i, lv in enumerate(template.level1)}
    first_seen: dict[str, int] = {}
    groups: dict[str, dict[str, list[Indicator]]] = {}
    for ind in indicators:
        l1, l2 = ind.level1.strip(), ind.level2.strip()
        first_seen.setdefault(l1, len(first_seen))
        groups.setdefault(l1, {}).setdefault(l2, []).append(ind)

    def l1_key(name: str) -> tuple[int, int]:
        return (l1_rank[name], 0) if name in l1_rank else (len(l1_rank), first_seen[name])

    out: Groups = []
    for l1 in sorted(groups, key=l1_key):
        l2_rank = {n: i for i, n in enumerate(template.level2_names(l1))}
        order = list(groups[l1])
        l2_sorted = sorted(order, key=lambda n: (l2_rank.get(n, len(l2_rank)), order.index(n)))
        out.append((l1, [(l2, groups[l1][l2]) for l2 in l2_sorted]))
    return out
