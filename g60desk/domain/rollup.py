"""The department's roll-up (汇总): the bundles its units bring become one declaration.

Pure: declarations in, one declaration (and what was noticed) out. Bundles of
different years or forms are refused; a project id or a unit arriving from two
bundles is a conflict, listed and never resolved silently (nothing is overwritten).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration, Signatures


class RollUpError(UserError):
    """The bundles cannot be rolled up; ``conflicts`` lists each reason (Chinese)."""

    def __init__(self, message: str, conflicts: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.conflicts = list(conflicts)


@dataclass(frozen=True)
class UnitBundle:
    """One unit's declaration and where it came from (a file name, for messages)."""

    source: str
    declaration: Declaration


@dataclass(frozen=True)
class UnitTotal:
    """One line of the roll-up's per-unit table."""

    unit: str
    source: str
    projects: int
    indicators: int
    annual_total: Decimal


@dataclass
class RollUp:
    declaration: Declaration
    units: list[UnitTotal]
    warnings: list[str] = field(default_factory=list)


def bundle_units(decl: Declaration) -> list[str]:
    """The units a bundle declares for: its list, else those its projects name."""
    listed = [u.strip() for u in decl.units if u.strip()]
    return list(dict.fromkeys(listed)) or decl.declaring_units()


def project_unit(decl: Declaration, unit: str) -> str:
    """The unit a project counts under: its own, else the bundle's only unit, else the
    bundle's department."""
    units = bundle_units(decl)
    return unit.strip() or (units[0] if len(units) == 1 else decl.department.strip())


def _same(bundles: Sequence[UnitBundle], what: str, attr: str, word: str) -> None:
    values = {getattr(b.declaration, attr) for b in bundles}
    if len(values) > 1:
        listed = ",".join(f"{b.source}:{getattr(b.declaration, attr)}{word}" for b in bundles)
        raise RollUpError(f"各数据包的{what}不同({listed}),只能汇总同一{what}的申报。")


def _department(bundles: Sequence[UnitBundle], department: str | None) -> str:
    if department is not None and department.strip():
        return department.strip()
    names = list(dict.fromkeys(b.declaration.department.strip() for b in bundles
                               if b.declaration.department.strip()))
    if len(names) > 1:
        raise RollUpError(f"各数据包的主管部门不同({'、'.join(names)}),"
                          "请指定汇总后的主管部门名称(命令行 --department)。")
    return names[0] if names else ""


def roll_up(bundles: Sequence[UnitBundle], *, annual_key: str,
            department: str | None = None) -> RollUp:
    """One declaration holding every unit's projects; :class:`RollUpError` when the
    bundles do not belong together or conflict. ``annual_key`` is the form's 年度资金 row."""
    if not bundles:
        raise RollUpError("没有给出要汇总的数据包。")
    _same(bundles, "年度", "year", "年")
    _same(bundles, "模板", "template", "")
    dept = _department(bundles, department)

    conflicts: list[str] = []
    seen_ids: dict[str, tuple[str, str]] = {}
    seen_units: dict[str, str] = {}
    for b in bundles:
        for unit in bundle_units(b.declaration):
            if unit in seen_units:
                conflicts.append(f"单位“{unit}”同时出现在 {seen_units[unit]} 和 {b.source} 中"
                                 "(同一单位只能给出一个数据包;较新的数据包请替换旧的)")
            else:
                seen_units[unit] = b.source
        for p in b.declaration.projects:
            unit = project_unit(b.declaration, p.unit)
            if p.id in seen_ids:
                src, other = seen_ids[p.id]
                conflicts.append(f"项目编号“{p.id}”同时出现在 {src}(“{other}”)和 "
                                 f"{b.source}(“{unit}”)中")
            else:
                seen_ids[p.id] = (b.source, unit)
    if conflicts:
        raise RollUpError(f"数据包之间有 {len(conflicts)} 处冲突,没有汇总:"
                          + ";".join(conflicts) + "。", conflicts)

    first = bundles[0].declaration
    result = Declaration(year=first.year, template=first.template, department=dept,
                         signatures=Signatures(unit=dept))
    totals: list[UnitTotal] = []
    warnings: list[str] = []
    names: dict[str, str] = {}
    for b in bundles:
        units = bundle_units(b.declaration)
        for unit in units:
            if unit not in result.units:
                result.units.append(unit)
        for p in b.declaration.projects:
            q = copy.deepcopy(p)
            q.unit = project_unit(b.declaration, p.unit)
            result.projects.append(q)
            if q.unit and q.unit not in result.units:
                result.units.append(q.unit)
            name = q.name.strip()
            if name and name in names and names[name] != q.unit:
                warnings.append(f"项目名称“{name}”同时出现在“{names[name]}”和“{q.unit}”,"
                                "请确认不是重复申报。")
            names.setdefault(name, q.unit)
        for unit in units:
            own = [p for p in b.declaration.projects
                   if project_unit(b.declaration, p.unit) == unit]
            if not own:
                warnings.append(f"单位“{unit}”({b.source})没有任何项目。")
            totals.append(UnitTotal(
                unit=unit, source=b.source, projects=len(own),
                indicators=sum(len(p.indicators) for p in own),
                annual_total=sum((p.funding.get(annual_key) or Decimal(0) for p in own),
                                 Decimal(0))))
    unit_sum = sum((t.annual_total for t in totals), Decimal(0))
    bundle_sum = sum((b.declaration.annual_total(annual_key) for b in bundles), Decimal(0))
    if unit_sum != result.annual_total(annual_key) or bundle_sum != unit_sum:
        warnings.append("各单位的年度资金合计与汇总后的合计不一致(有项目所属单位不在其数据包的单位名单中),"
                        "请检查各数据包的单位名单。")
    return RollUp(declaration=result, units=totals, warnings=warnings)


@dataclass(frozen=True)
class ProjectCheck:
    """What the checker says of one project: its 预审 label, how bad (0 best) and its errors."""

    label: str
    rank: int
    errors: int


@dataclass(frozen=True)
class UnitRow:
    """One line of a declaration's 汇总表: a unit (or 合计) and its projects' sums."""

    unit: str
    indices: tuple[int, ...]         # the unit's projects, 0-based
    amounts: tuple[Decimal, ...]     # per funding key asked for, 元
    indicators: int
    is_total: bool = False

    def grade(self, checks: Sequence[ProjectCheck] | None) -> tuple[str, int | None]:
        """(预审: the worst label of the unit's projects, 未解决的错误: their errors);
        ("", None) without ``checks``."""
        if not checks:
            return "", None
        mine = [checks[k] for k in self.indices if k < len(checks)]
        worst = max(mine, key=lambda x: x.rank, default=None)
        return (worst.label if worst else ""), sum(x.errors for x in mine)


def unit_rows(decl: Declaration, keys: Sequence[str]) -> list[UnitRow]:
    """Per declaring unit (in first-seen order), then 合计: project count, the sums of
    the funding rows ``keys`` (missing amounts count 0) and the indicator count."""
    groups: dict[str, list[int]] = {}
    for k, p in enumerate(decl.projects):
        groups.setdefault(p.unit.strip() or decl.department.strip(), []).append(k)

    def row(name: str, ks: Sequence[int], total: bool = False) -> UnitRow:
        amounts = tuple(sum((decl.projects[k].funding.get(key) or Decimal(0) for k in ks),
                            Decimal(0)) for key in keys)
        return UnitRow(name, tuple(ks), amounts,
                       sum(len(decl.projects[k].indicators) for k in ks), total)

    rows = [row(name, ks) for name, ks in groups.items()]
    rows.append(row("合计", range(len(decl.projects)), True))
    return rows
