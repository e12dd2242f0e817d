"""Reviewer-grade rules (R): what a finance bureau's reviewer would send back.

Reviewers grade 完整性, 相关性, 适当性 and 可行性 and return the same faults again and
again: goals no indicator measures, counts written as "完成", vague values, 满意度 or
时效 rows in the wrong place, 质量 and 效益 confused, text that disagrees with the
table, guidance text and placeholders left in. These rules find them first.

Words, patterns and thresholds come from ``forms/review.toml`` (loaded once, see
:func:`default_review`); callers may pass another :class:`ReviewSpec`. Codes:
R00x goal coverage, R01x quantified values, R02x category fit, R03x consistency,
R04x leftover template text. Nothing here raises for what a user types.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from g60desk import paths
from g60desk.domain.model import Declaration, Indicator, Project
from g60desk.domain.money import format_wan
from g60desk.domain.targets import Target, TargetKind, parse_target
from g60desk.formspec.review import ReviewSpec, fold, load_review
from g60desk.formspec.spec import Template
from g60desk.rules.findings import Finding
from g60desk.rules.registry import INFO, rule
from g60desk.rules.registry import WARNING as W
from g60desk.rules.textscan import (
    Quantity,
    amounts,
    month_dates,
    period_tokens,
    quantities,
)

# ---------------------------------------------------------------- catalogue

R001 = rule("R001", W, "年度总目标中的数量没有对应的绩效指标")
R002 = rule("R002", W, "除满意度外没有可量化的指标")
R010 = rule("R010", W, "数量指标的指标值不是数量")
R011 = rule("R011", W, "指标值含糊或是占位符")
R012 = rule("R012", W, "数值型指标值没有单位")
R013 = rule("R013", INFO, "效益指标值只写了“完成”")
R020 = rule("R020", W, "满意度类指标不在满意度指标下")
R021 = rule("R021", W, "时效类指标不在时效指标下")
R022 = rule("R022", W, "效益指标只是重复产出")
R023 = rule("R023", W, "质量指标的指标值是时间要求")
R024 = rule("R024", W, "质量指标写的是效益")
R030 = rule("R030", W, "文字中的金额与填报表不一致")
R031 = rule("R031", W, "五、实施周期与计划日期不一致")
R032 = rule("R032", W, "一年期项目的项目资金总额与年度资金申请总额不等")
R033 = rule("R033", W, "目标中的日期超出项目周期")
R034 = rule("R034", W, "多年项目的项目总目标与年度总目标相同")
R040 = rule("R040", W, "残留模板的填写说明")
R041 = rule("R041", W, "残留占位符")

_PARENS = re.compile(r"\(([^()]{1,200})\)")


@functools.cache
def default_review() -> ReviewSpec:
    """The bundled ``forms/review.toml``, read and compiled once per process."""
    return load_review(paths.review_file())


def _p(index: int, tail: str) -> str:
    return f"projects[{index}].{tail}"


def _clip(text: str, limit: int = 24) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


Fold = Callable[[str], str]


def _folder() -> Fold:
    """:func:`fold` remembering its results for one check (goals are often read twice)."""
    memo: dict[str, str] = {}

    def folded(text: str) -> str:
        out = memo.get(text)
        if out is None:
            out = memo[text] = fold(text)
        return out
    return folded


@dataclass(frozen=True)
class _Row:
    """One indicator with what every rule asks of it, computed once."""

    j: int
    ind: Indicator
    kind: str | None      # output / benefit / satisfaction / cost, from the template
    level2: str           # folded
    name: str             # folded
    target: Target
    value: str            # folded raw value

    @property
    def label(self) -> str:
        return f"第{self.j + 1}行指标“{_clip(self.ind.name)}”"

    @property
    def base(self) -> str:
        return f"indicators[{self.j}]"


def _rows(p: Project, tpl: Template) -> list[_Row]:
    """The indicators on the side the template's rules read."""
    return [_Row(j, ind, tpl.kind_of(ind.level1.strip()), fold(ind.level2), fold(ind.name),
                 parse_target(ind.target), fold(ind.target))
            for j, ind in tpl.shape.rules_indicators(p)]


def _place(tpl: Template, level2_names: frozenset[str]) -> str:
    """“一级/二级” of the first template 二级 in ``level2_names``."""
    for spec in tpl.level1:
        for l2 in spec.level2:
            if fold(l2) in level2_names:
                return f"“{spec.name}/{l2}”"
    return "合适的二级指标"


def _home(tpl: Template, kind: str) -> str:
    """Where rows of a kind belong: “满意度指标/服务对象满意度指标”, “效益指标”…"""
    spec = tpl.level1_of_kind(kind)
    if spec is None:
        return "合适的一级指标"
    if kind == "satisfaction" and spec.level2:
        return f"“{spec.name}/{spec.level2[0]}”"
    return f"“{spec.name}”"


# ---------------------------------------------------------------- R00x goal coverage

def _indicator_quantities(rows: list[_Row], spec: ReviewSpec) -> set[tuple[Decimal, str]]:
    have: set[tuple[Decimal, str]] = set()
    for r in rows:
        t = r.target
        if t.is_quantitative and t.number is not None and t.unit:
            have.add((t.number, spec.coverage.canon(fold(t.unit))))
        # "举办4场巡回活动 / 完成" carries its quantity in the name.
        have.update((q.number, q.unit) for q in quantities(r.name, spec.coverage))
    return have


def check_coverage(p: Project, i: int, rows: list[_Row], spec: ReviewSpec,
                   folded: Fold = fold, tpl: Template | None = None) -> Iterator[Finding]:
    slot = tpl.shape.goal_by_role("annual") if tpl is not None else None
    goal_key, goal_name = (slot.key, slot.name) if slot else ("annual_goal", "年度总目标")
    goal = folded(p.goal(goal_key))
    wanted = quantities(goal, spec.coverage) if goal else []
    if wanted:
        have = _indicator_quantities(rows, spec)
        uncovered = [q for q in wanted if (q.number, q.unit) not in have]
        # "开发3堂课程(一堂总课、两堂分课)" is covered by "=3堂": a quantity that is part
        # of a group of the goal's same-unit quantities adding up to an indicator's.
        parts: dict[str, set[Decimal]] = {}
        for unit in {q.unit for q in uncovered}:
            numbers = [q.number for q in wanted if q.unit == unit]
            parts[unit] = _parts_of_sums(numbers, {n for n, u in have if u == unit})
        reported: set[tuple[Decimal, str]] = set()
        for q in uncovered:
            key = (q.number, q.unit)
            if key in reported or q.number in parts[q.unit]:
                continue
            reported.add(key)
            yield R001.at(_p(i, goal_key), _coverage_message(q, goal_name))
    measurable = [r for r in rows if r.kind != "satisfaction" and r.ind.target.strip()]
    if measurable and not any(r.target.is_quantitative for r in measurable):
        yield R002.at(_p(i, "indicators"),
                      "除满意度外,所有指标值都是文字(如“完成”“及时”),目标无法衡量;"
                      "请至少为产出写出数量或比率,如“=4场”“=100%”。")


MAX_SUM_PARTS = 10


def _parts_of_sums(numbers: list[Decimal], targets: set[Decimal]) -> set[Decimal]:
    """Numbers that belong to some selection of ``numbers`` adding up to a target."""
    if len(numbers) < 2 or not targets:
        return set()
    nums = numbers if len(numbers) <= MAX_SUM_PARTS else sorted(set(numbers))[:MAX_SUM_PARTS]
    covered: set[Decimal] = set()
    for mask in range(3, 1 << len(nums)):
        chosen = [n for k, n in enumerate(nums) if mask >> k & 1]
        if len(chosen) > 1 and sum(chosen, Decimal(0)) in targets:
            covered.update(chosen)
    return covered


def _coverage_message(q: Quantity, goal_name: str = "年度总目标") -> str:
    return (f"{goal_name}写了“{q.text}”,但没有指标值为“{_num(q.number)}{q.unit}”的绩效指标;"
            f"请在数量指标中增加一行(如“={_num(q.number)}{q.unit}”),或修改目标文字。")


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


# ---------------------------------------------------------------- R01x quantified, R02x fit

def check_values(i: int, rows: list[_Row], spec: ReviewSpec, tpl: Template) -> Iterator[Finding]:
    qs = spec.quantified
    for r in rows:
        path = _p(i, f"{r.base}.target")
        t, raw = r.target, r.ind.target.strip()
        if t.kind in (TargetKind.EMPTY, TargetKind.MALFORMED):
            continue  # I009 / I010 already say what to do
        if r.value.lower() in qs.placeholder_values:
            yield R011.at(path, f"{r.label}的指标值“{raw}”是占位符,请填写实际目标值,"
                                "如“=3场”“>=90%”“及时”。")
            continue
        if t.kind is TargetKind.QUALITATIVE:
            vague = qs.vague.search(r.value)
            if vague:
                yield R011.at(path, f"{r.label}的指标值“{raw}”中“{vague.group(0)}”无法衡量;"
                                    "请写成具体数值(如“>=95%”“=4场”),或分级描述的明确标准。")
            if r.level2 in qs.quantity_level2:
                yield R010.at(path, f"{r.label}是数量指标,指标值却是“{raw}”;"
                                    "请写明数量(如“=4场”“=1套”)或完成比例(如“=100%”)。")
            elif r.kind == "benefit" and r.value in qs.weak_benefit_values:
                yield R013.at(path, f"{r.label}是效益指标,“{raw}”只说明做了,没有说明产生的效果;"
                                    "请写出可衡量的效果,如使用率、覆盖人数、问题解决率。")
        elif t.number is not None and not t.unit and r.kind != "satisfaction":
            if r.kind == "cost" or "成本" in r.level2:
                example = f"“{raw}元”“{raw}万元”"
            elif r.name.endswith(qs.percent_name_suffixes):
                example = f"“{raw}%”"
            else:
                example = f"“{raw}个”“{raw}场”"
            yield R012.at(path, f"{r.label}的指标值“{raw}”只有数字没有单位;请补上单位,如{example}。")
    yield from _check_fit(i, rows, spec, tpl)


def _check_fit(i: int, rows: list[_Row], spec: ReviewSpec, tpl: Template) -> Iterator[Finding]:
    fit = spec.fit
    output_names = {r.name for r in rows if r.kind == "output"}
    for r in rows:
        where = _p(i, f"{r.base}.level2")
        is_satisfaction_name = bool(fit.satisfaction.search(r.name))
        if is_satisfaction_name and r.kind not in ("satisfaction", None):
            instead = ("满意度不能代替效益,效益应写项目产生的效果;" if r.kind == "benefit" else "")
            yield R020.at(where, f"{r.label}是满意度指标,却放在“{r.ind.level1.strip()}/"
                                 f"{r.ind.level2.strip()}”下;{instead}请移到"
                                 f"{_home(tpl, 'satisfaction')}。")
        if (not is_satisfaction_name and r.kind not in ("satisfaction", None)
                and r.level2 not in fit.timeliness_level2 and fit.timeliness.search(r.name)):
            yield R021.at(where, f"{r.label}说的是时间要求,却放在“{r.ind.level1.strip()}/"
                                 f"{r.ind.level2.strip()}”下;请移到"
                                 f"{_place(tpl, fit.timeliness_level2)}。")
        if r.level2 in fit.quality_level2:
            t = r.target
            timed = ((t.kind is TargetKind.QUALITATIVE and fit.time_value.search(r.value))
                     or (t.is_quantitative and fold(t.unit) in fit.time_units
                         and t.operator not in ("≥", ">")))
            if timed:
                yield R023.at(_p(i, f"{r.base}.target"),
                              f"{r.label}是质量指标,指标值“{r.ind.target.strip()}”却是时间要求;"
                              f"时间要求请放到{_place(tpl, fit.timeliness_level2)},"
                              "质量指标写合格率、达标率等。")
            effect = fit.effect.search(r.name)
            if effect:
                yield R024.at(where, f"{r.label}写的是“{effect.group(0)}”带来的效果,属于效益而不是质量;"
                                     f"请移到{_home(tpl, 'benefit')},质量指标写验收合格率等。")
        if r.kind == "benefit":
            measure = fit.output_measure.search(r.name)
            if r.name.startswith(fit.output_verbs) or measure or (r.name and r.name in output_names):
                yield R022.at(where, f"{r.label}描述的是做了什么(产出),不是产生的效果;"
                                     "效益指标请写项目带来的变化,如“成果被采纳数”“服务覆盖人数”,"
                                     f"产出内容请放在{_home(tpl, 'output')}下。")


# ---------------------------------------------------------------- R03x consistency

def _within(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    return abs(a - b) <= tolerance


def check_consistency(p: Project, i: int, decl: Declaration, tpl: Template,
                      spec: ReviewSpec, folded: Fold = fold) -> Iterator[Finding]:
    yield from _check_amounts(p, i, tpl, spec, folded)
    yield from _check_period_text(p, i, tpl, folded)
    shape = tpl.shape
    start, end = shape.period(p)
    f = p.funding
    annual_row = shape.funding_row(shape.annual_key) if shape.annual_key else None
    whole_row = shape.funding_row(annual_row.not_above) if annual_row and annual_row.not_above \
        else None
    whole = f.get(whole_row.key) if whole_row else None
    annual = f.get(annual_row.key) if annual_row else None
    if (start and end and start.year == end.year and whole is not None
            and annual is not None and annual < whole and whole_row and annual_row):
        kinds = [p.value(x.key) for x in (shape.field_by_role("category"),
                                          shape.field_by_role("nature")) if x is not None]
        who = "一次性项目" if any(v.strip() == "一次性项目" for v in kinds) else "项目"
        yield R032.at(_p(i, f"funding.{whole_row.key}"),
                      f"{who}周期在 {start.year} 年内,{whole_row.name}({format_wan(whole)}万元)"
                      f"应等于{annual_row.name}({format_wan(annual)}万元);"
                      "请核对两栏,或把计划日期改为实际的多年周期。")
    overall_slot, annual_slot = shape.goal_by_role("overall"), shape.goal_by_role("annual")
    if start and end and start <= end:
        year_start, year_end = date(decl.year, 1, 1), date(decl.year, 12, 31)
        windows = []
        if overall_slot is not None:
            windows.append((overall_slot, start, end, "项目周期"))
        if annual_slot is not None:
            windows.append((annual_slot, max(start, year_start), min(end, year_end),
                            f"{decl.year} 年度内的项目周期"))
        for slot, lo, hi, span in windows:
            if lo > hi:
                continue  # D003: the period misses the year altogether
            seen: set[str] = set()
            for d in month_dates(folded(p.goal(slot.key))):
                if (lo.year, lo.month) <= (d.year, d.month) <= (hi.year, hi.month) or d.text in seen:
                    continue
                seen.add(d.text)
                yield R033.at(_p(i, slot.key), f"{slot.name}中的“{d.text}”在{span}({lo.isoformat()} 至 "
                                               f"{hi.isoformat()})之外;请改为周期内的安排,"
                                               "或删去已过期的内容。")
        if start.year != end.year and overall_slot is not None and annual_slot is not None:
            overall, annual_text = folded(p.goal(overall_slot.key)), folded(p.goal(annual_slot.key))
            if overall and overall == annual_text:
                yield R034.at(_p(i, annual_slot.key),
                              f"项目周期为 {start.year}—{end.year} 年,{annual_slot.name}却与"
                              f"{overall_slot.name}完全相同;"
                              f"{annual_slot.name}应只写 {decl.year} 年要完成的部分。")


def _check_amounts(p: Project, i: int, tpl: Template, spec: ReviewSpec,
                   folded: Fold) -> Iterator[Finding]:
    cs = spec.consistency
    f = p.funding
    shape = tpl.shape
    annual_row = shape.funding_row(shape.annual_key) if shape.annual_key else None
    annual = f.get(annual_row.key) if annual_row else None
    if annual_row is None or annual is None:
        return
    whole_row = shape.funding_row(annual_row.not_above) if annual_row.not_above else None
    whole = f.get(whole_row.key) if whole_row else None
    # Any amount of the table may be quoted in a narrative.
    table = [v for v in (f.get(k) for k in shape.funding_keys) if v is not None and v != 0]
    for key in cs.amount_sections:
        text = p.section(key)
        if not text.strip():
            continue
        found = amounts(folded(text), cs, plain_yuan=key in cs.yuan_sections)
        if not found:
            continue
        total = sum((a.yuan for a in found), Decimal(0))
        agrees = (any(_within(a.yuan, v, cs.tolerance_yuan) for a in found for v in table)
                  or any(_within(total, v, cs.tolerance_yuan) for v in (annual, whole) if v))
        if agrees:
            continue
        section = tpl.section(key)
        title = section.title if section else key
        both = (f"和{whole_row.name}({format_wan(whole)}万元)都"
                if whole is not None and whole_row else "")
        yield R030.at(_p(i, f"sections.{key}"),
                      f"“{title}”写的是{'、'.join(a.text for a in found[:3])},与填报表的{annual_row.name}"
                      f"({format_wan(annual)}万元)"
                      f"{both}不一致;"
                      "如写的是本项目预算,请改成与表格相同的金额(允许相差 0.01 万元)。")


def _check_period_text(p: Project, i: int, tpl: Template, folded: Fold) -> Iterator[Finding]:
    text = p.section("period").strip()
    start, end = tpl.shape.period(p)
    if not text or start is None or end is None:
        return
    tokens = period_tokens(folded(text))
    if not tokens:
        return
    if len(tokens) == 1:
        only = tokens[0]
        if only.month is not None:
            return  # one date alone ("2022年6月底前") is not a period to compare
        ok = start.year == only.year == end.year
    else:
        ok = tokens[0].matches(start) and tokens[-1].matches(end)
    if not ok:
        section = tpl.section("period")
        title = section.title if section else "五、实施周期"
        yield R031.at(_p(i, "sections.period"),
                      f"“{title}”写的是“{_clip(text, 40)}”,但{_period_name(tpl)}是 "
                      f"{start.isoformat()} 至 {end.isoformat()};请使两处一致。")


def _period_name(tpl: Template) -> str:
    cell = tpl.shape.field_by_role("period")
    if cell is not None:
        return cell.name
    return "、".join(tpl.label(k) for k in tpl.shape.period_keys())


# ---------------------------------------------------------------- R04x leftover text

def _texts(p: Project, tpl: Template) -> Iterator[tuple[str, str, str]]:
    """(path tail, Chinese label, text) of every free text of a project except values."""
    for f in tpl.fields:
        if f.type in ("text", "code-name", "choice"):
            yield f.key, f.name, p.value(f.key)
    yield "unit", tpl.label("unit"), p.unit
    for g in tpl.goals:
        yield g.key, g.name, p.goal(g.key)
    for key, text in p.sections.items():
        section = tpl.section(key)
        yield f"sections.{key}", section.title if section else key, text
    for j, ind in enumerate(p.indicators):
        yield f"indicators[{j}].name", f"第{j + 1}行{tpl.shape.sides[0].name_header}", ind.name


def _leftovers(folded: str, hint: str, phrases: list[str], spec: ReviewSpec) -> list[str]:
    hits = [phrase for phrase in phrases if phrase in folded]
    if len(hint) >= 8 and hint in folded:
        hits.append(hint)
    if "(" in folded:
        for m in _PARENS.finditer(folded):
            inner = m.group(1)
            if any(c.search(inner) for c in spec.leftover.guidance_cues):
                hits.append(m.group(0))
    if len(hits) < 2:
        return hits
    unique = list(dict.fromkeys(hits))
    # A known phrase inside flagged parentheses is one leftover, not two.
    return [h for h in unique if not any(h != o and h in o for o in unique)]


def _placeholder_hits(folded: str, spec: ReviewSpec) -> list[str]:
    return [ph.label for ph in spec.leftover.placeholders if ph.pattern.search(folded)]


def check_leftovers(p: Project, i: int, tpl: Template, spec: ReviewSpec,
                    folded: Fold = fold) -> Iterator[Finding]:
    texts = [(tail, label, folded(text)) for tail, label, text in _texts(p, tpl) if text.strip()]
    # Search all of the project's text at once first: a clean project (the usual case)
    # costs one search per pattern instead of one per pattern and field. Folded text has
    # no line breaks, so no match can span two fields.
    blob = "\n".join(f for _, _, f in texts)
    placeholders = [ph for ph in spec.leftover.placeholders if ph.pattern.search(blob)]
    phrases = [x for x in spec.leftover.guidance_phrases if x in blob]
    hints = {f"sections.{s.key}": folded(s.hint) for s in tpl.sections if len(s.hint) >= 8}
    hint_any = any(h in blob for h in hints.values())
    cues = "(" in blob
    for tail, label, text in texts:
        if phrases or cues or hint_any:
            for hit in _leftovers(text, hints.get(tail, ""), phrases, spec):
                yield R040.at(_p(i, tail), f"“{label}”中的“{_clip(hit, 40)}”像是模板的填写说明,"
                                           "打印前请删除,换成实际内容。")
        for ph in placeholders:
            if ph.pattern.search(text):
                yield R041.at(_p(i, tail), f"“{label}”中还有占位符{ph.label},请替换为实际内容。")


def check_declaration_text(decl: Declaration, spec: ReviewSpec | None = None) -> Iterator[Finding]:
    """Placeholders in the declaration's own fields: 主管部门, units, signatures."""
    s = spec or default_review()
    fields: list[tuple[str, str, str]] = [("department", "主管部门", decl.department)]
    fields += [(f"units[{k}]", "申报单位", u) for k, u in enumerate(decl.units)]
    labels = {"unit": "填报单位", "leader": "单位负责人", "preparer": "填报人",
              "phone": "联系电话", "date": "填报日期"}
    fields += [(f"signatures.{k}", labels[k], v) for k, v in decl.signatures.as_dict().items()]
    for path, label, text in fields:
        if text.strip():
            for what in _placeholder_hits(fold(text), s):
                yield R041.at(path, f"“{label}”中还有占位符{what},请替换为实际内容。")


# ---------------------------------------------------------------- entry point

def check_project(p: Project, i: int, decl: Declaration, tpl: Template,
                  spec: ReviewSpec | None = None) -> list[Finding]:
    """Every R finding for one project (the checker's per-keystroke path)."""
    s = spec or default_review()
    folded = _folder()
    rows = _rows(p, tpl)
    out: list[Finding] = []
    out.extend(check_coverage(p, i, rows, s, folded, tpl))
    out.extend(check_values(i, rows, s, tpl))
    out.extend(check_consistency(p, i, decl, tpl, s, folded))
    out.extend(check_leftovers(p, i, tpl, s, folded))
    return out
