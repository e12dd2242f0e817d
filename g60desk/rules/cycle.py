"""Monitoring (M), self-evaluation (S) and approval (A) findings; see docs/rules.md.

They run whenever a project holds that data: monitoring rules when it has a
``monitoring`` block or an indicator has a monitoring entry, self-evaluation rules
when it has an ``evaluation`` block or an indicator has a year-end entry. Scores
come from :mod:`g60desk.domain.scoring` with the settings of the self-evaluation
sheet serving the declaration's template (``forms/*.toml`` with ``[sheet]``).
"""

from __future__ import annotations

from decimal import Decimal

from g60desk.domain import scoring
from g60desk.domain.approval import unadjusted_changes
from g60desk.domain.cycle import CAUSE_CATEGORIES, CERTAIN, LIKELIHOODS, Monitoring
from g60desk.domain.form import FormShape
from g60desk.domain.model import Declaration, Project
from g60desk.formspec.sheets import scoring_for
from g60desk.formspec.spec import Template
from g60desk.rules.findings import Finding
from g60desk.rules.registry import ERROR, INFO, WARNING, rule

M001 = rule("M001", ERROR, "监控截止月份无效")
M002 = rule("M002", WARNING, "监控缺少预算执行数据,无法计算执行进度")
M003 = rule("M003", ERROR, "执行进度亮黄灯或红灯,缺少偏差原因")
M004 = rule("M004", ERROR, "执行进度亮黄灯或红灯,缺少改进措施")
M005 = rule("M005", WARNING, "指标未填写完成可能性")
M006 = rule("M006", ERROR, "完成可能性不是可选值")
M007 = rule("M007", ERROR, "指标可能无法完成,缺少偏差原因")
M008 = rule("M008", ERROR, "指标可能无法完成,缺少改进措施")
M009 = rule("M009", ERROR, "偏差原因类别不是可选值")
S001 = rule("S001", ERROR, "自评缺少实际完成值")
S002 = rule("S002", ERROR, "未得满分,缺少偏差原因分析及改进措施")
S003 = rule("S003", ERROR, "实际完成值与指标值单位不一致")
S004 = rule("S004", WARNING, "指标得分率明显高于预算执行率")
S005 = rule("S005", ERROR, "分值合计不等于 100")
S006 = rule("S006", ERROR, "需要填写得分")
S007 = rule("S007", ERROR, "得分超出分值范围")
S008 = rule("S008", ERROR, "自评缺少全年预算数或全年执行数")
S009 = rule("S009", INFO, "全年执行数超过全年预算数")
A001 = rule("A001", ERROR, "已批复的指标值被改动,但没有调整记录")

# Points by which the indicators' score rate may run ahead of the execution rate.
AHEAD_POINTS = Decimal(5)


def _p(i: int, tail: str) -> str:
    return f"projects[{i}].{tail}"


# ---------------------------------------------------------------- figures

def monitoring_pace(p: Project, tpl: Template) -> scoring.Pace:
    return scoring.project_pace(p, tpl.shape)


def project_score(p: Project, decl: Declaration, tpl: Template) -> scoring.ProjectScore:
    """The self-evaluation score with the settings of the sheet serving the template."""
    return scoring.project_score(p, tpl.shape, scoring_for(decl.template))


def year_mark(p: Project, decl: Declaration, shape: FormShape) -> str:
    """What the navigator shows of the year: the 自评 grade (``自评优``) once there is
    self-evaluation data, else the monitoring light (``红灯``), else nothing."""
    if p.has_evaluation():
        return "自评" + scoring.project_score(p, shape, scoring_for(decl.template)).grade
    if p.has_monitoring():
        light = scoring.project_pace(p, shape).light
        return scoring.LIGHT_LABELS[light] if light else ""
    return ""


# ---------------------------------------------------------------- checks

def _monitoring(p: Project, i: int, tpl: Template) -> list[Finding]:
    out: list[Finding] = []
    m = p.monitoring or Monitoring()
    if not 1 <= m.month <= 12:
        out.append(M001.at(_p(i, "monitoring.month"),
                           f"监控截止月份应为 1 到 12,现为 {m.month}。"))
    pace = monitoring_pace(p, tpl)
    if pace.pace is None and 1 <= m.month <= 12:
        field = "executed_to_date" if m.executed_to_date is None else "budget_adjusted"
        out.append(M002.at(_p(i, f"monitoring.{field}"),
                           f"请填写1-{m.month}月执行数和调整后预算数,以计算执行进度。"))
    if pace.light in ("yellow", "red"):
        shown = scoring.percent(pace.pace / 100 if pace.pace is not None else None)
        what = f"执行进度 {shown}%,亮{scoring.LIGHT_LABELS[pace.light or 'red']}"
        if m.cause.is_empty():
            out.append(M003.at(_p(i, "monitoring.cause"), f"{what},请说明偏差原因。"))
        if not m.measures.strip():
            out.append(M004.at(_p(i, "monitoring.measures"), f"{what},请填写改进措施。"))
    for j, ind in tpl.shape.rules_indicators(p):
        pr, where = ind.progress, f"indicators[{j}].progress"
        label = ind.name or ind.path_label or f"第{j + 1}个指标"
        likelihood = pr.likelihood.strip()
        if pr.cause.category.strip() and pr.cause.category.strip() not in CAUSE_CATEGORIES:
            out.append(M009.at(_p(i, f"{where}.cause"),
                               f"“{label}”的偏差原因类别应为{'/'.join(CAUSE_CATEGORIES)}。"))
        if not likelihood:
            out.append(M005.at(_p(i, f"{where}.likelihood"),
                               f"请填写“{label}”的全年完成可能性。"))
            continue
        if likelihood not in LIKELIHOODS:
            out.append(M006.at(_p(i, f"{where}.likelihood"),
                               f"“{label}”的完成可能性应为{'/'.join(LIKELIHOODS)}。"))
            continue
        if likelihood != CERTAIN:
            if pr.cause.is_empty():
                out.append(M007.at(_p(i, f"{where}.cause"),
                                   f"“{label}”{likelihood}完成,请说明偏差原因。"))
            if not pr.measures.strip():
                out.append(M008.at(_p(i, f"{where}.measures"),
                                   f"“{label}”{likelihood}完成,请填写改进措施。"))
    return out


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _evaluation(p: Project, i: int, decl: Declaration, tpl: Template) -> list[Finding]:
    out: list[Finding] = []
    ev = p.evaluation
    result = project_score(p, decl, tpl)
    if ev is None or ev.budget_full_year is None or ev.executed is None:
        field = "budget_full_year" if ev is None or ev.budget_full_year is None else "executed"
        out.append(S008.at(_p(i, f"evaluation.{field}"),
                           "请填写全年预算数和全年执行数,以计算预算执行率得分。"))
    elif result.execution_rate is not None and result.execution_rate > 1:
        out.append(S009.at(_p(i, "evaluation.executed"),
                           "全年执行数超过全年预算数,执行率按 100% 计分。"))
    if result.weight_total != 100:
        out.append(S005.at(_p(i, "evaluation.execution_weight"),
                           f"预算执行率与各指标的分值合计为 {_money(result.weight_total)},"
                           "应为 100。"))
    for s in result.indicators:
        ind = p.indicators[s.index]
        label = ind.name or ind.path_label or f"第{s.index + 1}个指标"
        base = f"indicators[{s.index}]"
        if s.problem == scoring.MISSING_ACTUAL:
            out.append(S001.at(_p(i, f"{base}.actual"), f"请填写“{label}”的实际完成值。"))
            continue
        if s.problem == scoring.UNIT_MISMATCH:
            out.append(S003.at(_p(i, f"{base}.actual"),
                               f"“{label}”的实际完成值“{ind.result.actual}”与指标值"
                               f"“{ind.reference_target}”单位不一致,请按指标值的单位填写。"))
        elif s.problem == scoring.NEEDS_SCORE:
            low, _ = scoring.band_range(scoring.BANDS[0][0], s.weight)
            out.append(S006.at(_p(i, f"{base}.score"),
                               f"“{label}”不能自动计分,请按达成情况填写得分(达成 {_money(low)}"
                               f"–{_money(s.weight)} 分,部分达成 60%–80%,未达成 60% 以下)。"))
        elif s.problem == scoring.SCORE_OUT_OF_RANGE:
            out.append(S007.at(_p(i, f"{base}.score"),
                               f"“{label}”的得分应在 0 到 {_money(s.weight)} 之间。"))
        if not s.full and s.weight > 0 and not ind.result.deviation.strip() \
                and s.problem != scoring.UNIT_MISMATCH:
            out.append(S002.at(_p(i, f"{base}.deviation"),
                               f"“{label}”未得满分,请填写偏差原因分析及改进措施。"))
    rate, ind_rate = result.execution_rate, result.indicator_rate
    if rate is not None and ind_rate is not None and \
            ind_rate * 100 > min(rate, Decimal(1)) * 100 + AHEAD_POINTS:
        out.append(S004.at(_p(i, "evaluation.executed"),
                           f"指标得分率 {scoring.percent(ind_rate)}% 比预算执行率 "
                           f"{scoring.percent(rate)}% 高出 5 个百分点以上,请核实资金未用完"
                           "而目标已完成的原因。"))
    return out


def check_project(p: Project, i: int, decl: Declaration, tpl: Template) -> list[Finding]:
    out: list[Finding] = []
    if decl.approved:
        for j in unadjusted_changes(p):
            ind = p.indicators[j]
            out.append(A001.at(_p(i, f"indicators[{j}].target"),
                               f"“{ind.name or ind.path_label}”的指标值已批复为“{ind.approved}”,"
                               f"现为“{ind.target}”;修改已批复的指标值请使用“调整”。"))
    if p.has_monitoring():
        out.extend(_monitoring(p, i, tpl))
    if p.has_evaluation():
        out.extend(_evaluation(p, i, decl, tpl))
    return out
