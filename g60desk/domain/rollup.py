"""The department's roll-up (汇总): the bundles its units bring become one declaration.

Pure: declarations in, one declaration (and what was noticed) out. Bundles of
different years or forms are refused; a project id or a unit arriving from two
bundles is a conflict, listed and never resolved silently (nothing is overwritten).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration, Signatures, new_id


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
    # With ``newest``: each older version of a unit left out, as a sentence.
    replaced: list[str] = field(default_factory=list)


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


def _without_units(b: UnitBundle, units: set[str]) -> UnitBundle:
    decl = b.declaration
    out = copy.copy(decl)
    out.projects = [p for p in decl.projects if project_unit(decl, p.unit) not in units]
    out.units = [u for u in decl.units if u.strip() not in units]
    out.versions = {u: v for u, v in decl.versions.items() if u not in units}
    return UnitBundle(b.source, out)


def newest_per_unit(bundles: Sequence[UnitBundle]) -> tuple[list[UnitBundle], list[str]]:
    """A unit in several bundles (a unit's bundle beside an earlier roll-up, or two of its
    bundles) keeps only the newest version's projects, by the ``exported`` stamps; the
    sentences say what was left out. A unit whose versions cannot be ordered stays in
    all of them (and :func:`roll_up` reports the conflict)."""
    owners: dict[str, list[int]] = {}
    for i, b in enumerate(bundles):
        for unit in bundle_units(b.declaration):
            owners.setdefault(unit, []).append(i)
    drop: dict[int, set[str]] = {}
    notes: list[str] = []
    for unit, idx in owners.items():
        if len(idx) < 2:
            continue
        stamps = {i: unit_version(bundles[i].declaration, unit) for i in idx}
        best = next((i for i in idx if all(compare_stamps(stamps[i], stamps[j]) == NEWER
                                           for j in idx if j != i)), None)
        if best is None:
            continue
        for i in idx:
            if i != best:
                drop.setdefault(i, set()).add(unit)
                notes.append(f"“{unit}”:采用 {bundles[best].source}(导出于 "
                             f"{stamp_text(stamps[best])}),替换 {bundles[i].source} 中较旧的版本"
                             f"(导出于 {stamp_text(stamps[i])})。")
    kept = [_without_units(b, drop[i]) if i in drop else b for i, b in enumerate(bundles)]
    return kept, notes


def roll_up(bundles: Sequence[UnitBundle], *, annual_key: str,
            department: str | None = None, newest: bool = False) -> RollUp:
    """One declaration holding every unit's projects; :class:`RollUpError` when the
    bundles do not belong together or conflict. ``annual_key`` is the form's 年度资金 row.
    ``newest``: a unit given more than once keeps its newest version (:func:`newest_per_unit`)."""
    if not bundles:
        raise RollUpError("没有给出要汇总的数据包。")
    _same(bundles, "年度", "year", "年")
    _same(bundles, "模板", "template", "")
    dept = _department(bundles, department)
    replaced_notes: list[str] = []
    if newest:
        bundles, replaced_notes = newest_per_unit(bundles)

    conflicts: list[str] = []
    seen_ids: dict[str, tuple[str, str]] = {}
    seen_units: dict[str, str] = {}
    for b in bundles:
        for unit in bundle_units(b.declaration):
            if unit in seen_units:
                how = ("无法判断哪个较新:有的数据包没有记录导出时间,或导出时间相同" if newest
                       else "同一单位只能给出一个数据包;要用较新的数据包替换旧的,"
                            "请选择替换(命令行加 --replace)")
                conflicts.append(f"单位“{unit}”同时出现在 {seen_units[unit]} 和 {b.source} 中"
                                 f"({how})")
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
            stamp = unit_version(b.declaration, unit)
            if stamp:
                result.versions[unit] = stamp
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
    return RollUp(declaration=result, units=totals, warnings=warnings, replaced=replaced_notes)


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


# ---------------------------------------------------------------- a unit's newer bundle

NEWER, SAME, OLDER, UNKNOWN = "newer", "same", "older", "unknown"


def _stamp_time(stamp: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return None
    return t if t.tzinfo is not None else t.astimezone()


def compare_stamps(new: str, old: str) -> str:
    """Is a bundle stamped ``new`` newer than one stamped ``old`` (``exported``)?
    :data:`UNKNOWN` when either is missing or unreadable."""
    a, b = _stamp_time(new), _stamp_time(old)
    if a is None or b is None:
        return UNKNOWN
    return NEWER if a > b else SAME if a == b else OLDER


def stamp_text(stamp: str) -> str:
    """A stamp for messages: ``2026-03-01 10:20``, or 未记录."""
    t = _stamp_time(stamp)
    return t.strftime("%Y-%m-%d %H:%M:%S") if t is not None else "未记录"


def unit_version(decl: Declaration, unit: str) -> str:
    """The stamp of the bundle ``unit``'s projects in ``decl`` came from ("" unknown)."""
    return decl.versions.get(unit) or decl.exported


@dataclass(frozen=True)
class Replacement:
    """A unit's bundle taking the place of what a stored declaration holds of that unit.

    ``whole``: the stored declaration is the unit's own (the same id), replaced as a whole;
    otherwise (a roll-up) only the projects of ``units`` (``old``, 0-based) are.
    """

    target_id: str
    source: str
    units: tuple[str, ...]
    old: tuple[int, ...]
    whole: bool
    age: str
    old_stamp: str
    new_stamp: str

    @property
    def is_newer(self) -> bool:
        return self.age == NEWER

    def describe(self, label: str) -> str:
        """One Chinese paragraph: what is replaced by what, and which is newer."""
        who = "、".join(self.units) or "该单位"
        when = {NEWER: "比已有的版本新",
                SAME: "与已有的版本导出时间相同(可能已经导入过)",
                OLDER: "比已有的版本旧",
                UNKNOWN: "无法判断新旧(有一方没有记录导出时间)"}[self.age]
        where = "整份申报" if self.whole else f"汇总申报中的 {len(self.old)} 个项目"
        return (f"{self.source} 是“{who}”的数据包,导出于 {stamp_text(self.new_stamp)};"
                f"“{label}”中的{where}来自导出于 {stamp_text(self.old_stamp)} 的版本。"
                f"这个数据包{when}。")


def plan_replacement(target: Declaration, incoming: UnitBundle, *,
                     whole: bool | None = None) -> Replacement:
    """What replacing ``target``'s share of the incoming bundle's units would change
    (``whole``: the whole of ``target``; by default when the ids are the same)."""
    decl = incoming.declaration
    units = tuple(bundle_units(decl))
    if whole is None:
        whole = target.id == decl.id
    if whole:
        old = tuple(range(len(target.projects)))
        old_stamp = target.exported
    else:
        old = tuple(k for k, p in enumerate(target.projects)
                    if project_unit(target, p.unit) in units)
        stamps = [unit_version(target, u) for u in units if u in target.versions] or [
            target.exported]
        old_stamp = "" if any(not s for s in stamps) else max(
            stamps, key=lambda s: _stamp_time(s) or datetime.min.astimezone())
    return Replacement(target.id, incoming.source, units, old, whole,
                       compare_stamps(decl.exported, old_stamp), old_stamp, decl.exported)


def replaced(target: Declaration, incoming: UnitBundle, plan: Replacement,
             taken_ids: set[str] | None = None) -> Declaration:
    """``target`` after the replacement (a new object; ``target`` is unchanged).

    Whole: the incoming declaration under the stored id. A roll-up: the unit's old
    projects out, the new ones in at the place of the first (else at the end), the units
    listed, and ``versions`` recording the new bundle. A new project whose id is already
    used elsewhere (``taken_ids``) or by a remaining project gets a new id.
    """
    decl = incoming.declaration
    if plan.whole:
        out = copy.deepcopy(decl)
        out.id = target.id
        for q in out.projects:
            if q.id in (taken_ids or set()):
                q.id = new_id()
        return out
    out = copy.deepcopy(target)
    at = plan.old[0] if plan.old else len(out.projects)
    keep = [p for k, p in enumerate(out.projects) if k not in set(plan.old)]
    used = {p.id for p in keep} | (taken_ids or set())
    new = []
    for p in decl.projects:
        q = copy.deepcopy(p)
        q.unit = project_unit(decl, p.unit)
        if q.id in used:
            q.id = new_id()
        used.add(q.id)
        new.append(q)
    at = min(at, len(keep))
    out.projects = keep[:at] + new + keep[at:]
    for unit in (*plan.units, *(q.unit for q in new)):
        if unit and unit not in out.units:
            out.units.append(unit)
    for unit in plan.units:
        if decl.exported:
            out.versions[unit] = decl.exported
        else:
            out.versions.pop(unit, None)
    return out
