"""已批复 and 调整: freeze a declaration's targets, change them only explicitly.

Marking a declaration approved copies every indicator's target into its
``approved`` slot. From then on the window shows targets read-only; a change needs
:func:`adjust_target`, which moves the approved target and records the difference in
the project's ``adjustments`` (the originally approved value stays readable there).
Monitoring and self-evaluation compare against :attr:`Indicator.reference_target`.
"""

from __future__ import annotations

from g60desk.domain.cycle import Adjustment, TargetChange
from g60desk.domain.errors import InputError
from g60desk.domain.model import Declaration, Indicator, Project


def approve(decl: Declaration, on: str) -> None:
    """Mark ``decl`` 已批复 on the ISO date ``on``; every current target becomes approved."""
    if not on.strip():
        raise InputError("请填写批复日期。")
    decl.approved = on
    for p in decl.projects:
        for ind in p.indicators:
            ind.approved = ind.target


def withdraw_approval(decl: Declaration) -> None:
    """Undo 已批复 (a mistaken mark); the targets stay as they are, adjustments are kept."""
    decl.approved = ""
    for p in decl.projects:
        for ind in p.indicators:
            ind.approved = None


def is_locked(decl: Declaration, ind: Indicator) -> bool:
    """Whether the window must refuse a plain edit of ``ind``'s target."""
    return bool(decl.approved) and ind.approved is not None


def adjust_target(decl: Declaration, project: Project, index: int, new_target: str,
                  reason: str, on: str) -> Adjustment:
    """调整: change an approved target, keeping the approved version and the difference."""
    if not decl.approved:
        raise InputError("申报尚未批复,可以直接修改指标值,不需要调整。")
    if not reason.strip():
        raise InputError("调整指标值必须说明调整原因。")
    if not 0 <= index < len(project.indicators):
        raise InputError("要调整的指标不存在。")
    ind = project.indicators[index]
    before = ind.reference_target
    if before == new_target:
        raise InputError("调整后的指标值与批复值相同,无需调整。")
    adjustment = Adjustment(date=on, reason=reason.strip(),
                            changes=[TargetChange(ind.path_label, before, new_target)])
    ind.target = new_target
    ind.approved = new_target
    project.adjustments.append(adjustment)
    return adjustment


def unadjusted_changes(project: Project) -> list[int]:
    """Indexes of indicators whose target differs from the approved one without a 调整
    (edited outside the window, or imported)."""
    return [j for j, ind in enumerate(project.indicators)
            if ind.approved is not None and ind.target != ind.approved]


def next_year_indicator(ind: Indicator) -> Indicator:
    """An indicator as next year's declaration starts it: the approved target, no actuals."""
    return Indicator(ind.level1, ind.level2, ind.name, ind.reference_target, ind.side)
