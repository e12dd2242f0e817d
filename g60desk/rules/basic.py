"""The form's own rules: completeness, funding arithmetic, dates, indicator structure.

Each function takes one project (or the declaration) and yields findings; none
raises for anything a user can type. Codes are stable: F funding, D dates,
I indicators, T text, C declaration.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from g60desk.domain.form import FormShape, split_code_name
from g60desk.domain.model import Declaration, Funding, Indicator, Project
from g60desk.domain.money import CENT
from g60desk.domain.targets import NEGATIVE_OPERATORS, TargetKind, money_amount, parse_target
from g60desk.formspec.spec import Template
from g60desk.rules.findings import Finding
from g60desk.rules.registry import ERROR as E
from g60desk.rules.registry import INFO, rule
from g60desk.rules.registry import WARNING as W

# ---------------------------------------------------------------- catalogue

F001 = rule("F001", E, "必填金额未填写")
F002 = rule("F002", W, "明细金额未填写(按 0 计)")
F003 = rule("F003", E, "金额为负数")
F004 = rule("F004", E, "金额超过两位小数")
F010 = rule("F010", E, "资金总额 ≠ 其明细之和(项目/中期列)")
F011 = rule("F011", E, "资金总额 ≠ 其明细之和(年度列)")
F012 = rule("F012", E, "年度资金大于项目(中期)资金总额")
F013 = rule("F013", W, "年度资金为 0")

D001 = rule("D001", E, "计划日期未填写")
D002 = rule("D002", E, "计划开始日期晚于计划完成日期")
D003 = rule("D003", W, "项目周期与申报年度不重叠")
D004 = rule("D004", W, "项目周期过长")

I001 = rule("I001", E, "项目没有绩效指标")
I002 = rule("I002", E, "一级或二级指标未填写")
I003 = rule("I003", W, "一级指标不在模板中")
I004 = rule("I004", W, "二级指标不属于该一级指标")
I005 = rule("I005", E, "缺少模板要求的一级指标")
I006 = rule("I006", W, "一级指标下缺少常规二级指标")
I007 = rule("I007", E, "三级指标名称为空")
I008 = rule("I008", E, "三级指标重复")
I009 = rule("I009", E, "指标值为空")
I010 = rule("I010", E, "指标值无法识别")
I011 = rule("I011", E, "百分比超过 100%")
I012 = rule("I012", W, "满意度指标值不是百分比")
I013 = rule("I013", W, "成本指标使用了下限(≥/>)")
I014 = rule("I014", W, "反向指标(≤/<)用于满意度")
I015 = rule("I015", W, "成本指标的金额超过项目资金")

T001 = rule("T001", E, "必填项目信息未填写")
T002 = rule("T002", W, "取值不在模板的可选范围内")
T003 = rule("T003", E, "项目经费情况说明的必填部分为空")
T004 = rule("T004", E, "绩效目标(项目总目标、年度总目标等)为空")
T005 = rule("T005", W, "文字超过模板的长度限制")
T006 = rule("T006", W, "主管部门代码未填写")

C001 = rule("C001", E, "申报中没有项目")
C002 = rule("C002", E, "主管部门未填写")
C003 = rule("C003", E, "模板不存在")
C004 = rule("C004", W, "项目所属单位不在申报单位名单中")
C005 = rule("C005", W, "项目名称重复")
C006 = rule("C006", INFO, "申报单位名单为空")

MAX_PERIOD_YEARS = 10


def _p(index: int, tail: str) -> str:
    return f"projects[{index}].{tail}"


def _amt(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


# ---------------------------------------------------------------- funding

def _blame(f: Funding, shape: FormShape, keys: tuple[str, ...]) -> str:
    """The one field of a broken sum most likely mistyped, else the sum itself.

    Counterparts (the same money on the other side) are equal in the usual one-year
    project, which tells which side of a broken sum was mistyped.
    """
    suspects = []
    for key in keys:
        row = shape.funding_row(key)
        other = row.counterpart if row else ""
        if not other:  # e.g. 上年结转资金: suspect only when non-zero
            if _amt(f.get(key)) != 0:
                suspects.append(key)
        elif _amt(f.get(key)) != _amt(f.get(other)):
            suspects.append(key)
    return suspects[0] if len(suspects) == 1 else keys[0]


def check_funding(p: Project, i: int, tpl: Template) -> Iterator[Finding]:
    f = p.funding
    shape = tpl.shape
    money = shape.money
    for row in shape.funding_rows:
        value = f.get(row.key)
        path = _p(i, f"funding.{row.key}")
        if value is None:
            if row.required:
                yield F001.at(path, f"“{row.name}”未填写。")
            else:
                zero = "0.00" if shape.amount_unit == "元" else "0"
                yield F002.at(path, f"“{row.name}”未填写,将按 {zero} 计算;没有请填 0。")
            continue
        if value < 0:
            yield F003.at(path, f"“{row.name}”不能为负数。")
        if value != value.quantize(CENT):
            yield F004.at(path, f"“{row.name}”最多保留两位小数(到分)。")

    for n, row in enumerate(r for r in shape.funding_rows if r.sum_of):
        total = f.get(row.key)
        first = shape.funding_row(row.sum_of[0])
        if total is None or first is None or f.get(first.key) is None:
            continue
        parts = sum((_amt(f.get(k)) for k in row.sum_of), Decimal(0))
        if total == parts:
            continue
        named = [shape.funding_row(k) for k in row.sum_of]
        terms = [f"{x.name} {money(_amt(f.get(x.key)))}" for x in named if x is not None]
        joined = "、".join(terms[:-1]) + f"与{terms[-1]}" if len(terms) > 1 else terms[0]
        rule = F010 if n == 0 else F011
        yield rule.at(_p(i, f"funding.{_blame(f, shape, (row.key, *row.sum_of))}"),
                      f"{row.name} {money(total)}不等于{joined}之和 {money(parts)}。")
    for row in shape.funding_rows:
        cap = shape.funding_row(row.not_above) if row.not_above else None
        value, limit = f.get(row.key), f.get(row.not_above) if row.not_above else None
        if cap is not None and value is not None and limit is not None and value > limit:
            yield F012.at(_p(i, f"funding.{row.key}"),
                          f"{row.name} {money(value)}大于{cap.name} {money(limit)};"
                          f"{cap.name}应为整个项目周期的资金。")
    annual = shape.funding_row(shape.annual_key) if shape.annual_key else None
    if annual is not None and f.get(annual.key) is not None and f.get(annual.key) == 0:
        yield F013.at(_p(i, f"funding.{annual.key}"),
                      f"{annual.name}为 0,请确认本年度是否申请资金。")


# ---------------------------------------------------------------- dates

def check_dates(p: Project, i: int, year: int, tpl: Template) -> Iterator[Finding]:
    shape = tpl.shape
    cell = shape.field_by_role("period")
    start_key, end_key = shape.period_keys()
    if not start_key:
        return  # the form has no period
    start, end = shape.period(p)
    if cell is not None:
        if start is None:
            yield D001.at(_p(i, cell.key), f"“{cell.name}”未填写。")
            return
    else:
        for key, value in ((start_key, start), (end_key, end)):
            if value is None:
                yield D001.at(_p(i, key), f"“{tpl.label(key)}”未填写。")
    if start is None or end is None:
        return
    if start > end:
        yield D002.at(_p(i, end_key), f"{tpl.label(end_key)} {end.isoformat()} 早于"
                                      f"{tpl.label(start_key)} {start.isoformat()}。")
        return
    if end < date(year, 1, 1) or start > date(year, 12, 31):
        yield D003.at(_p(i, start_key),
                      f"项目周期 {start.isoformat()} 至 {end.isoformat()} 与申报年度 "
                      f"{year} 年不重叠,请检查日期或申报年度。")
    if end.year - start.year >= MAX_PERIOD_YEARS:
        yield D004.at(_p(i, end_key), f"项目周期超过 {MAX_PERIOD_YEARS} 年,请确认日期是否输错。")


# ---------------------------------------------------------------- indicators

def check_indicators(p: Project, i: int, tpl: Template) -> Iterator[Finding]:
    """Every row is checked on its own; coverage (required 一级, expected 二级) only on
    the side the template's rules read, and duplicates within one side."""
    shape = tpl.shape
    main = shape.rules_indicators(p)
    if not main:
        side = shape.side(shape.rules_side)
        what = f"{side.label}" if side is not None and len(shape.sides) > 1 else "绩效指标"
        yield I001.at(_p(i, "indicators"), f"项目还没有填写{what}。")
        if not p.indicators:
            return
    present_l1: set[str] = set()
    present_l2: dict[str, set[str]] = {}

    idents = [(shape.side_of(x), x.level1.strip(), x.level2.strip(), x.name.strip())
              for x in p.indicators]
    names = Counter(k for k in idents if k[3])
    reported_dupes: set[tuple[str, str, str, str]] = set()
    many = len(shape.sides) > 1
    for j, ind in enumerate(p.indicators):
        base = _p(i, f"indicators[{j}]")
        key = idents[j]
        side_key, l1, l2, name = key
        side = shape.side(side_key)
        row = f"第{j + 1}行{side.label if many and side else '指标'}"
        on_rules_side = side_key == shape.rules_side
        if not l1:
            yield I002.at(f"{base}.level1", f"{row}的一级指标未填写。")
        if not l2:
            yield I002.at(f"{base}.level2", f"{row}的二级指标未填写。")
        spec = tpl.level1_spec(l1) if l1 else None
        if l1 and spec is None:
            allowed = "、".join(x.name for x in tpl.level1)
            yield I003.at(f"{base}.level1", f"{row}的一级指标“{l1}”不在模板“{tpl.name}”中,"
                                            f"模板的一级指标为:{allowed}。")
        if spec is not None and l2 and l2 not in spec.level2:
            owner = next((x.name for x in tpl.level1 if l2 in x.level2), None)
            hint = f"它在模板中属于“{owner}”。" if owner else f"可选:{'、'.join(spec.level2)}。"
            yield I004.at(f"{base}.level2", f"{row}的二级指标“{l2}”不属于“{l1}”;{hint}")
        if l1 and on_rules_side:
            present_l1.add(l1)
            if l2:
                present_l2.setdefault(l1, set()).add(l2)
        if not name:
            yield I007.at(f"{base}.name", f"{row}的三级指标名称为空。")
        elif names[key] > 1 and key not in reported_dupes:
            reported_dupes.add(key)
            rows = [str(k + 1) for k, x in enumerate(idents) if x == key]
            yield I008.at(f"{base}.name", f"三级指标“{name}”在第{'、'.join(rows)}行重复出现;"
                                          "请合并为一行或改为不同的指标。")
        if tpl.indicator_name_max_length and len(name) > tpl.indicator_name_max_length:
            yield T005.at(f"{base}.name", f"{row}的三级指标名称有 {len(name)} 字,超过 "
                                          f"{tpl.indicator_name_max_length} 字的限制。")
        yield from _check_target(ind.target, f"{base}.target", row, spec.kind if spec else None,
                                 l2, tpl)

    if not main:
        return
    for spec in tpl.level1:
        if spec.required and spec.name not in present_l1:
            yield I005.at(_p(i, "indicators"), f"缺少一级指标“{spec.name}”。")
        elif spec.name in present_l1:
            for l2 in spec.expected_level2:
                if l2 not in present_l2.get(spec.name, set()):
                    yield I006.at(_p(i, "indicators"),
                                  f"“{spec.name}”下没有“{l2}”,一般应设置。")


def _check_target(raw: str, path: str, row: str, kind: str | None, level2: str,
                  tpl: Template) -> Iterator[Finding]:
    t = parse_target(raw)
    if t.kind is TargetKind.EMPTY:
        yield I009.at(path, f"{row}的指标值为空。")
        return
    if tpl.target_max_length and len(raw.strip()) > tpl.target_max_length:
        yield T005.at(path, f"{row}的指标值有 {len(raw.strip())} 字,超过 "
                            f"{tpl.target_max_length} 字的限制。")
    if t.kind is TargetKind.MALFORMED:
        yield I010.at(path, f"{row}的指标值“{raw.strip()}”有比较符号但没有数值,"
                            "请写成如 >=85% 或 =3场,定性指标不要加符号。")
        return
    if t.is_quantitative and t.is_percent and t.number is not None and t.number > 100:
        yield I011.at(path, f"{row}的指标值“{raw.strip()}”超过 100%,百分比不应大于 100%。")
    is_cost = kind == "cost" or level2 == "成本指标"
    if kind == "satisfaction":
        if not (t.is_quantitative and t.is_percent):
            yield I012.at(path, f"{row}是满意度指标,指标值“{raw.strip()}”应为百分比,"
                                "如 >=85%。")
        elif t.operator in NEGATIVE_OPERATORS:
            yield I014.at(path, f"{row}是满意度指标,应写下限(≥),而不是“{raw.strip()}”。")
    if is_cost and t.operator in (">", "≥"):
        yield I013.at(path, f"{row}是成本指标,一般应为上限(≤),而不是“{raw.strip()}”。")


def _is_cost(tpl: Template, ind: Indicator) -> bool:
    return tpl.kind_of(ind.level1.strip()) == "cost" or ind.level2.strip() == "成本指标"


def check_cost_amounts(p: Project, i: int, tpl: Template) -> Iterator[Finding]:
    """A 成本指标 written in money (元/万元) cannot exceed the project's own funding: a
    library value such as ``≤150万元`` left in a 35万 project says nothing about it."""
    shape = tpl.shape
    amounts = [(row, p.funding.get(row.key)) for row in shape.funding_rows]
    known = [(row, v) for row, v in amounts if v is not None and v > 0]
    if not known:
        return
    row_max, ceiling = max(known, key=lambda rv: rv[1])
    many = len(shape.sides) > 1
    for j, ind in enumerate(p.indicators):
        if not _is_cost(tpl, ind):
            continue
        amount = money_amount(ind.target)
        if amount is None or amount <= ceiling:
            continue
        side = shape.side(shape.side_of(ind))
        row = f"第{j + 1}行{side.label if many and side else '指标'}"
        name = ind.name.strip() or "成本指标"
        yield I015.at(_p(i, f"indicators[{j}].target"),
                      f"{row}“{name}”的指标值“{ind.target.strip()}”超过本项目的"
                      f"{row_max.name} {shape.money(ceiling)};成本指标应按本项目的预算填写"
                      "(从指标库插入的数值只是示例)。")


# ---------------------------------------------------------------- text

def check_text(p: Project, i: int, tpl: Template) -> Iterator[Finding]:
    for spec in tpl.fields:
        if spec.type in ("date", "period"):
            continue  # the date rules (D) speak for these
        value = p.value(spec.key).strip()
        path = _p(i, spec.key)
        if not value:
            if spec.required:
                yield T001.at(path, f"“{spec.name}”未填写。")
            continue
        if spec.choices and not spec.free and value not in spec.choices:
            yield T002.at(path, f"“{spec.name}”填写为“{value}”,模板的可选值为:"
                                f"{'、'.join(spec.choices)}。")
        if spec.type == "code-name" and not split_code_name(value)[0]:
            yield T006.at(path, f"“{spec.name}”应写成“[代码]名称”,如 [015001]{value}。")
        if spec.max_length and len(value) > spec.max_length:
            yield T005.at(path, f"“{spec.name}”有 {len(value)} 字,超过 {spec.max_length} 字。")
    for section in tpl.sections:
        text = p.section(section.key).strip()
        path = _p(i, f"sections.{section.key}")
        if not text:
            if section.required:
                yield T003.at(path, f"“{section.title}”为空。")
            continue
        if section.max_length and len(text) > section.max_length:
            yield T005.at(path, f"“{section.title}”有 {len(text)} 字,超过 "
                                f"{section.max_length} 字。")
    for goal in tpl.goals:
        text = p.goal(goal.key).strip()
        if not text:
            if goal.required:
                yield T004.at(_p(i, goal.key), f"“{goal.name}”为空。")
        elif goal.max_length and len(text) > goal.max_length:
            yield T005.at(_p(i, goal.key), f"“{goal.name}”有 {len(text)} 字,超过 "
                                           f"{goal.max_length} 字。")


# ---------------------------------------------------------------- declaration

def check_declaration_fields(decl: Declaration) -> Iterator[Finding]:
    if not decl.department.strip():
        yield C002.at("department", "申报的主管部门(单位名称)未填写,标题和汇总句需要它。")
    if not decl.projects:
        yield C001.at("projects", "申报中还没有项目。")
    if not decl.units:
        yield C006.at("units", "申报单位名单为空,单位数按项目的所属单位统计。")
    units = {u.strip() for u in decl.units}
    names = Counter(p.name.strip() for p in decl.projects if p.name.strip())
    seen: set[str] = set()
    for i, p in enumerate(decl.projects):
        if units and p.unit.strip() and p.unit.strip() not in units:
            yield C004.at(_p(i, "unit"), f"项目所属单位“{p.unit.strip()}”不在申报单位名单中。")
        name = p.name.strip()
        if name and names[name] > 1 and name not in seen:
            seen.add(name)
            yield C005.at(_p(i, "name"), f"项目名称“{name}”在申报中出现 {names[name]} 次。")


def check_project(p: Project, i: int, decl: Declaration, tpl: Template) -> list[Finding]:
    out: list[Finding] = []
    out.extend(check_text(p, i, tpl))
    out.extend(check_dates(p, i, decl.year, tpl))
    out.extend(check_funding(p, i, tpl))
    out.extend(check_indicators(p, i, tpl))
    out.extend(check_cost_amounts(p, i, tpl))
    return out

