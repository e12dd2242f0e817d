"""A unit's newer bundle replacing what the store holds of that unit; the old version
goes to the 回收站.

Used by ``import --replace`` (:class:`~g60desk.services.store.StoreService`) and by the
window (文件 → 导入数据包, 申报 → 汇总各单位数据包) through the editing session. Which
version is newer comes from the bundles' ``exported`` stamps (:mod:`g60desk.domain.rollup`).
"""

from __future__ import annotations

from collections.abc import Sequence

from g60desk.domain.model import Declaration
from g60desk.domain.rollup import (
    Replacement,
    UnitBundle,
    bundle_units,
    plan_replacement,
    replaced,
)
from g60desk.services.ports import DeclarationRepository
from g60desk.services.trash import RecycleBin, declaration_label


def find_target(stored: Sequence[Declaration], incoming: Declaration) -> Declaration | None:
    """The stored declaration an incoming bundle is a newer (or older) version of: the
    one with its id; else the one declaration (a roll-up) of its year and form holding
    its projects' ids or recording its units. ``None`` when there is none or it is unclear."""
    same = [d for d in stored if d.id == incoming.id]
    if same:
        return same[0] if _fits(same[0], incoming) else None
    units = set(bundle_units(incoming))
    ids = {p.id for p in incoming.projects}
    holders = [d for d in stored if ids & {p.id for p in d.projects}]
    if not holders:
        holders = [d for d in stored if units & set(d.versions)]
    if len(holders) != 1 or not _fits(holders[0], incoming):
        return None
    target = holders[0]
    return target if units <= set(bundle_units(target)) | set(target.versions) else None


def _fits(target: Declaration, incoming: Declaration) -> bool:
    return target.year == incoming.year and target.template == incoming.template


def plan_for(stored: Sequence[Declaration], incoming: UnitBundle) -> Replacement | None:
    target = find_target(stored, incoming.declaration)
    return None if target is None else plan_replacement(target, incoming)


def apply(repo: DeclarationRepository, recycle_bin: RecycleBin, stored: Sequence[Declaration],
          incoming: UnitBundle, plan: Replacement) -> Declaration:
    """Put the replaced version in the 回收站, then store the new one (one save)."""
    target = next(d for d in stored if d.id == plan.target_id)
    taken = {p.id for d in stored if d.id != target.id for p in d.projects}
    new = replaced(target, incoming, plan, taken)
    if plan.whole:
        recycle_bin.put_declaration(target)
    else:
        for k in sorted(plan.old, reverse=True):
            recycle_bin.put_project(target, k)
    repo.save(new)
    return new


def merge_into(repo: DeclarationRepository, recycle_bin: RecycleBin,
               stored: Sequence[Declaration], target: Declaration,
               bundles: Sequence[UnitBundle]) -> Declaration:
    """Roll ``bundles`` up into the stored roll-up ``target``: a unit it holds has its
    projects replaced (the old ones to the 回收站), a new unit is added; one save."""
    taken = {p.id for d in stored if d.id != target.id for p in d.projects}
    current = target
    for b in bundles:
        plan = plan_replacement(current, b, whole=False)
        for k in sorted(plan.old, reverse=True):
            recycle_bin.put_project(current, k)
        current = replaced(current, b, plan, taken)
    repo.save(current)
    return current


def question(plan: Replacement, target: Declaration) -> str:
    """The confirmation the window asks (and the command line prints when refusing)."""
    what = "整份申报" if plan.whole else f"这些单位的 {len(plan.old)} 个项目"
    return (plan.describe(declaration_label(target))
            + f"替换后,原来的{what}放入回收站,可以恢复。")
