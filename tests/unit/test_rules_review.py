"""Reviewer-grade rules (R): each trips on one realistic mistake at the right path, and
stays quiet on well-formed text that merely looks similar."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from g60desk import paths
from g60desk.domain.model import Declaration, Indicator
from g60desk.formspec.review import parse_review
from g60desk.rules import review
from g60desk.rules.checker import check_declaration, check_project
from g60desk.rules.findings import Finding, Severity
from g60desk.rules.registry import RULES
from tests import clean_projects as cp
from tests import factories as fx

Mutation = Callable[[Declaration], None]
Factory = Callable[[], Declaration]


def simple() -> Declaration:
    """tests/factories: one 2022 弱电安装 project (indicators 数量/质量/时效/效益/满意度)."""
    return fx.declaration()


def simple_2026() -> Declaration:
    return fx.declaration("shanghai-2026", 2026)


def _codes(d: Declaration, code: str) -> list[Finding]:
    return [f for f in check_declaration(d, fx.template(d.template)) if f.code == code]


def _set(k: int, attr: str, value: object) -> Mutation:
    def mutate(d: Declaration) -> None:
        fx.set_attr(d.projects[k], attr, value)
    return mutate


def _append_text(k: int, attr: str, text: str) -> Mutation:
    def mutate(d: Declaration) -> None:
        fx.set_attr(d.projects[k], attr, fx.get_attr(d.projects[k], attr) + text)
    return mutate


def _section(k: int, key: str, text: str) -> Mutation:
    def mutate(d: Declaration) -> None:
        d.projects[k].sections[key] = text
    return mutate


def _ind(k: int, j: int, **changes: str) -> Mutation:
    def mutate(d: Declaration) -> None:
        for attr, v in changes.items():
            setattr(d.projects[k].indicators[j], attr, v)
    return mutate


def _add(k: int, ind: Indicator) -> Mutation:
    def mutate(d: Declaration) -> None:
        d.projects[k].indicators.append(ind)
    return mutate


def _targets(k: int, values: list[str]) -> Mutation:
    def mutate(d: Declaration) -> None:
        for ind, v in zip(d.projects[k].indicators, values, strict=True):
            ind.target = v
    return mutate


def _funding(k: int, **amounts: str) -> Mutation:
    def mutate(d: Declaration) -> None:
        for key, v in amounts.items():
            d.projects[k].funding.set(key, Decimal(v))
    return mutate


def _decl(attr: str, value: object) -> Mutation:
    def mutate(d: Declaration) -> None:
        setattr(d, attr, value)
    return mutate


def _preparer(value: str) -> Mutation:
    def mutate(d: Declaration) -> None:
        d.signatures.preparer = value
    return mutate


P0, P1 = "projects[0].", "projects[1]."
GUIDANCE = "（绩效目标管理工作情况，以及编报绩效目标的项目数量、单位数量、预算金额等）"
# (code, clean declaration, mutation, expected path)
CASES: list[tuple[str, Factory, Mutation, str]] = [
    # R001: a promised quantity with no indicator
    ("R001", cp.declaration_2022, _append_text(0, "annual_goal", "同时编印1本《G60 科创走廊实践案例汇编》。"),
     P0 + "annual_goal"),
    ("R001", cp.declaration_2022, _ind(0, 2, target="=3 场"), P0 + "annual_goal"),
    ("R001", cp.declaration_2026, _append_text(0, "annual_goal", "编写 2 份运行评估报告。"), P0 + "annual_goal"),
    # R002: nothing measurable besides satisfaction
    ("R002", simple, _targets(0, ["完成", "合格", "及时", "稳定", ">=85%"]), P0 + "indicators"),
    # R010: a count written as a word (the seed's projects 2 and 3)
    ("R010", simple, _ind(0, 0, name="参照弱电安装计划", target="完成"), P0 + "indicators[0].target"),
    ("R010", cp.declaration_2022, _ind(1, 1, target="按计划采购"), P1 + "indicators[1].target"),
    # R011: vague words and placeholders
    ("R011", simple, _ind(0, 3, target="明显改善"), P0 + "indicators[3].target"),
    ("R011", simple, _ind(0, 3, name="网络运行稳定性", target="进一步提高"), P0 + "indicators[3].target"),
    ("R011", simple, _ind(0, 1, target="**"), P0 + "indicators[1].target"),
    ("R011", simple_2026, _ind(0, 5, target="xx"), P0 + "indicators[5].target"),
    ("R011", simple, _ind(0, 2, target="较好"), P0 + "indicators[2].target"),
    # R012: a bare number
    ("R012", simple, _ind(0, 1, target="=100"), P0 + "indicators[1].target"),
    ("R012", simple, _ind(0, 0, target="=120"), P0 + "indicators[0].target"),
    ("R012", simple_2026, _ind(0, 0, target="≤141500"), P0 + "indicators[0].target"),
    # R013: a benefit that only says "done"
    ("R013", simple, _ind(0, 3, name="提供稳定的网络环境,满足日常办公需求", target="完成"),
     P0 + "indicators[3].target"),
    # R020: satisfaction in place of benefit
    ("R020", simple, _add(0, Indicator("效益指标", "社会效益指标", "群众满意率", ">=90%")),
     P0 + "indicators[5].level2"),
    ("R020", simple_2026, _ind(0, 2, name="使用部门满意度", target="≥90%"), P0 + "indicators[2].level2"),
    # R021: timeliness outside 时效指标
    ("R021", simple, _ind(0, 1, name="设备安装及时率"), P0 + "indicators[1].level2"),
    ("R021", simple, _add(0, Indicator("产出指标", "数量指标", "按时完成布线点位数", "=120个")),
     P0 + "indicators[5].level2"),
    # R022: a benefit that restates the output
    ("R022", simple, _ind(0, 3, name="完成调研成果的应用和转化", target="=100%"), P0 + "indicators[3].level2"),
    ("R022", simple, _ind(0, 3, name="弱电系统验收合格率", target="=100%"), P0 + "indicators[3].level2"),
    ("R022", simple, _ind(0, 3, name="完成弱电点位安装数", target="=120个"), P0 + "indicators[3].level2"),
    # R023: a time as a quality value
    ("R023", simple, _ind(0, 1, target="2022年6月底前"), P0 + "indicators[1].target"),
    ("R023", simple, _ind(0, 1, name="故障修复用时", target="≤2天"), P0 + "indicators[1].target"),
    # R024: an effect as quality (the seed's project 1)
    ("R024", simple, _ind(0, 1, name="推动院士工作站与企业实质性合作和项目对接", target=">=20%"),
     P0 + "indicators[1].level2"),
    ("R024", simple, _ind(0, 1, name="编入党校干部教育培训教材,提升“G60 故事”传播力"), P0 + "indicators[1].level2"),
    # R030: narrative amounts against the table
    ("R030", simple, _section(0, "budget", "2022年度预算安排15.00万元。"), P0 + "sections.budget"),
    ("R030", simple, _section(0, "budget", "本年度申请资金 150,000.00 元。"), P0 + "sections.budget"),
    ("R030", simple, _section(0, "overview", "安装办公室弱电系统,项目预算共计20万元。"), P0 + "sections.overview"),
    ("R030", cp.declaration_2026, _section(0, "budget", "2026年度预算安排200.00万元。"), P0 + "sections.budget"),
    # R031: 五、实施周期 against the plan dates
    ("R031", simple, _section(0, "period", "2022年1月1日—2022年6月30日"), P0 + "sections.period"),
    ("R031", simple, _section(0, "period", "2021年—2022年"), P0 + "sections.period"),
    ("R031", cp.declaration_2026, _section(0, "period", "2026年1月1日—2026年12月31日"), P0 + "sections.period"),
    # R032: a one-year project whose two totals differ
    ("R032", simple, _funding(0, total="200000.00", total_fiscal="200000.00"), P0 + "funding.total"),
    # R033: a date outside the period in a goal (the seed's "2021 年 11 月底")
    ("R033", simple, _append_text(0, "annual_goal", "拟定 2021 年 11 月底完成布线。"), P0 + "annual_goal"),
    ("R033", simple, _append_text(0, "overall_goal", "2023年3月前完成验收。"), P0 + "overall_goal"),
    ("R033", cp.declaration_2026, _append_text(0, "annual_goal", "2027年3月底前完成二期建设。"),
     P0 + "annual_goal"),
    # R034: a multi-year project whose annual goal copies the overall goal
    ("R034", cp.declaration_2026, lambda d: d.projects[0].goals.update(annual_goal=d.projects[0].goals["overall_goal"]),
     P0 + "annual_goal"),
    # R040: guidance text left in
    ("R040", simple, _section(0, "overview", "安装办公室弱电系统。" + GUIDANCE), P0 + "sections.overview"),
    ("R040", simple, _section(0, "plan", "(请填写项目的具体实施步骤、进度安排)通过政府采购确定供应商。"),
     P0 + "sections.plan"),
    ("R040", simple, _section(0, "period", "如:2022年1月1日—2022年12月31日"), P0 + "sections.period"),
    ("R040", simple, _section(0, "basis", "区政府常务会议纪要(500字以内)。"), P0 + "sections.basis"),
    # R041: placeholders
    ("R041", simple, _set(0, "name", "XX办公室弱电系统安装"), P0 + "name"),
    ("R041", simple, _append_text(0, "annual_goal", "采购交换机***台。"), P0 + "annual_goal"),
    ("R041", simple, _ind(0, 0, name="完成××点位安装数"), P0 + "indicators[0].name"),
    ("R041", simple, _preparer("XXX"), "signatures.preparer"),
    ("R041", simple, _decl("department", "上海市松江区某某中心"), "department"),
    ("R041", simple, _section(0, "basis", "填写说明:列出立项依据的文件。"), P0 + "sections.basis"),
]


@pytest.mark.parametrize(("code", "factory", "mutate", "path"), CASES,
                         ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_rule_trips_at_path(code: str, factory: Factory, mutate: Mutation, path: str) -> None:
    d = factory()
    assert not _codes(d, code)
    mutate(d)
    found = _codes(d, code)
    assert found, f"{code} not reported"
    assert path in {f.path for f in found}
    for f in found:
        assert f.severity is RULES[code].severity
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message)


def test_every_review_rule_has_a_case() -> None:
    review_codes = {c for c in RULES if c.startswith("R")}
    assert review_codes == {c[0] for c in CASES}


@pytest.mark.parametrize("factory", [simple, simple_2026, cp.declaration_2022, cp.declaration_2026])
def test_well_formed_declarations_have_no_findings(factory: Factory) -> None:
    d = factory()
    assert check_declaration(d, fx.template(d.template)) == []


# ---------------------------------------------------------------- no false alarms

QUIET: list[tuple[str, Factory, Mutation]] = [
    # idiom and codes are not deliverables
    ("R001", simple, _append_text(0, "annual_goal", "紧扣一体化和高质量两个关键,这是一次性项目,"
                                                    "其中一部分设备利旧。")),
    ("R001", simple, _append_text(0, "annual_goal", "服务G60科创走廊九城市,第3场起由各城市承办,"
                                                    "3个月内完成,故障率降低5个百分点。")),
    # a number already in the indicator's name counts
    ("R001", simple, lambda d: (_append_text(0, "annual_goal", "开展2次网络安全培训。")(d),
                                _add(0, Indicator("产出指标", "数量指标", "开展2次网络安全培训", "完成"))(d))),
    # parts that add up to the indicator's total
    ("R001", cp.declaration_2022, _append_text(0, "annual_goal", "其中松江1场、其余城市3场。")),
    # 满意度 without % belongs to I012
    ("R012", simple, _ind(0, 4, target=">=85")),
    ("R012", simple_2026, _ind(0, 2, target="=100.00(%)")),
    # a graded qualitative quality value is fine
    ("R011", simple, _ind(0, 1, name="布线工艺", target="符合国家标准")),
    ("R023", simple, _ind(0, 1, name="布线工艺", target="符合国家标准")),
    # unit prices, approximations and breakdowns
    ("R030", simple, _section(0, "overview", "安装弱电点位120个,每个点位约0.1万元,单价1,000元/个。")),
    ("R030", simple, _section(0, "budget", "其中综合布线10.15万元,设备调试4.00万元。")),
    ("R030", simple, _section(0, "budget", "2022年度预算安排141,500.00元。")),
    ("R030", simple, _section(0, "overview", "参照上年5万元/台的标准采购。")),
    # other spellings of the same period
    ("R031", simple, _section(0, "period", "2022年全年")),
    ("R031", simple, _section(0, "period", "2022.1.1-2022.12.31")),
    ("R031", simple, _section(0, "period", "2022年1月1日至12月31日")),
    ("R031", simple, _section(0, "period", "2022年1月—12月")),
    ("R031", simple, _section(0, "period", "自2022-01-01起至2022-12-31止")),
    ("R031", simple, _section(0, "period", "一年")),
    # year-only mentions are context, month dates inside the period fine
    ("R033", simple, _append_text(0, "annual_goal", "对2020年-2022年建设情况进行中期评估,"
                                                    "2022年6月底前完成。")),
    ("R033", cp.declaration_2026, _append_text(0, "overall_goal", "2027年6月底前全区推广。")),
    # identical goals are right for a one-year project
    ("R034", simple, lambda d: d.projects[0].goals.update(annual_goal=d.projects[0].goals["overall_goal"])),
    # ordinary parentheses
    ("R040", simple, _section(0, "plan", "(一)综合布线(含机柜架设、路由器和交换机调试等);"
                                         "(二)验收(历年已批复)。")),
    ("R040", simple, _set(0, "overall_goal", "聚焦九城市(松江、嘉兴、杭州、金华、苏州、湖州、宣城、芜湖、合肥)"
                                             "跨区域协同发展。")),
    # Latin words and codes are not placeholders
    ("R041", simple, _section(0, "plan", "采购 XXL 机柜 1 台,接入 G60 科创云廊 8 号楼。")),
    ("R041", simple, _section(0, "plan", "计算公式:通过率=通过数*100%。")),
    # a satisfaction row in its place; a 时效 row with "及时"; a survey count
    ("R020", simple, _ind(0, 4, name="相关方满意率")),
    ("R020", simple, _add(0, Indicator("产出指标", "数量指标", "开展满意度调查", "=2次"))),
    # environmental results are benefits even when they are rates
    ("R022", simple, _ind(0, 3, level2="生态效益指标", name="水质达标率", target="=100%")),
    ("R022", simple, _ind(0, 3, name="垃圾分类达标率", target=">=95%")),
    # a warranty in years is quality, not a deadline
    ("R023", simple, _ind(0, 1, name="设备质保期", target="≥3年")),
    ("R023", simple, _ind(0, 1, name="故障响应", target="≥99%")),
    ("R021", simple, _ind(0, 2, name="采购按时完成率", target="=100%")),
]


@pytest.mark.parametrize(("code", "factory", "mutate"), QUIET, ids=[f"{c[0]}-{k}" for k, c in enumerate(QUIET)])
def test_similar_but_well_formed_text_is_quiet(code: str, factory: Factory, mutate: Mutation) -> None:
    d = factory()
    mutate(d)
    assert not _codes(d, code), [f.message for f in _codes(d, code)]


# ---------------------------------------------------------------- details

def test_goal_coverage_names_each_uncovered_quantity_once() -> None:
    d = cp.declaration_2022()
    d.projects[0].goals["annual_goal"] += "编印2本案例汇编,再编印 2 本工作手册,并举办一场成果发布会。"
    found = _codes(d, "R001")
    texts = sorted(f.message.split("“")[1].split("”")[0] for f in found)
    # "2本" twice is reported once; "一场" is covered by "=1 场".
    assert texts == ["2本"]
    assert "=2本" in found[0].message


def test_chinese_numeral_quantities_need_their_indicator() -> None:
    d = simple()
    d.projects[0].goals["annual_goal"] = "在三省一市各举办一场巡回活动,共四场。"
    found = _codes(d, "R001")
    assert {f.message.split("“")[1].split("”")[0] for f in found} == {"一场", "四场"}


def test_annual_goal_dates_are_held_to_the_declaration_year() -> None:
    d = cp.declaration_2026()
    d.projects[0].goals["overall_goal"] += "2027年3月底前完成二期建设。"  # inside 2026–2027: fine
    assert not _codes(d, "R033")
    d.projects[0].goals["annual_goal"] += "2027年3月底前完成二期建设。"
    found = _codes(d, "R033")
    assert [f.path for f in found] == ["projects[0].annual_goal"]
    assert "2027年3月底" in found[0].message and "2026-12-31" in found[0].message


def test_same_date_twice_in_a_goal_is_reported_once() -> None:
    d = simple()
    d.projects[0].goals["annual_goal"] += "拟定2021年11月底召开启动会,2021年11月底前完成招标。"
    assert len(_codes(d, "R033")) == 1


def test_amount_tolerance_is_one_hundredth_of_a_wan() -> None:
    d = simple()  # 年度资金申请总额 141,500.00 元 = 14.15 万元
    d.projects[0].sections["budget"] = "2022年度预算安排14.16万元。"
    assert not _codes(d, "R030")
    d.projects[0].sections["budget"] = "2022年度预算安排14.17万元。"
    assert _codes(d, "R030")


def test_one_year_funding_message_names_one_off_projects() -> None:
    d = simple()
    _funding(0, total="200000.00", total_fiscal="200000.00")(d)
    [f] = _codes(d, "R032")
    assert "一次性项目" in f.message and "20.00万元" in f.message and "14.15万元" in f.message
    fx.set_day(d.projects[0], "end", date(2023, 12, 31))  # a two-year project may differ
    assert not _codes(d, "R032")


def test_satisfaction_under_benefit_says_it_is_not_a_benefit() -> None:
    d = simple()
    d.projects[0].indicators[3].name = "群众满意度"
    [f] = _codes(d, "R020")
    assert "满意度不能代替效益" in f.message and "服务对象满意度指标" in f.message


def test_misplaced_rows_name_the_right_place() -> None:
    d = simple()
    d.projects[0].indicators[1].name = "设备安装及时率"
    assert "“产出指标/时效指标”" in _codes(d, "R021")[0].message
    d = simple_2026()
    d.projects[0].indicators[2].target = "2026年6月底前"
    assert "“产出指标/时效指标”" in _codes(d, "R023")[0].message


def test_placeholder_value_is_not_also_reported_as_vague_or_qualitative_count() -> None:
    d = simple()
    d.projects[0].indicators[0].target = "xx"
    found = [f for f in check_declaration(d, fx.template()) if f.path.endswith("indicators[0].target")]
    assert [f.code for f in found] == ["R011"]


def test_malformed_values_are_left_to_i010() -> None:
    d = simple()
    d.projects[0].indicators[0].target = "=XX个"
    codes = {f.code for f in check_declaration(d, fx.template()) if f.path.endswith("indicators[0].target")}
    assert codes == {"I010"}


def test_guidance_in_the_summary_style_of_a_real_form_is_found_with_full_width_brackets() -> None:
    d = simple()
    d.projects[0].sections["overview"] = "项目概述。" + GUIDANCE
    [f] = _codes(d, "R040")
    assert "绩效目标管理工作情况" in f.message


def test_review_rules_run_in_the_per_project_check() -> None:
    d = cp.declaration_2022()
    d.projects[1].indicators[0].target = "完成"
    codes = {f.code for f in check_project(d, 1, fx.template())}
    assert "R010" in codes
    assert all(f.path.startswith("projects[1].") for f in check_project(d, 1, fx.template()))


def test_settings_are_data_a_district_can_change() -> None:
    with paths.review_file().open("rb") as fh:
        data = tomllib.load(fh)
    data["quantified"]["vague_words"] = ["符合"]
    spec = parse_review(data, source="test")
    d = simple()
    d.projects[0].indicators[1].target = "符合国家标准"
    p = d.projects[0]
    default = {f.code for f in review.check_project(p, 0, d, fx.template())}
    custom = {f.code for f in review.check_project(p, 0, d, fx.template(), spec)}
    assert "R011" not in default and "R011" in custom


def test_default_settings_are_loaded_once() -> None:
    assert review.default_review() is review.default_review()


def test_every_finding_is_warning_or_info_and_no_rule_raises_on_odd_input() -> None:
    d = simple()
    p = d.projects[0]
    p.values["start"] = p.values["end"] = ""
    p.funding.set("annual", None)
    p.goals["overall_goal"] = p.goals["annual_goal"] = "((((" + "一" * 300 + "))))2021年13月"
    p.sections = {"period": "9999年99月99日—0000年", "budget": "1" * 400 + "万元", "weird": "XX"}
    p.indicators = [Indicator("", "", "", ""), Indicator("未知", "数量指标", "满意度及时", ">=")]
    found = review.check_project(p, 0, d, fx.template())
    assert all(f.severity in (Severity.WARNING, Severity.INFO) for f in found)


@pytest.mark.parametrize("text", [
    "(包括建设内容以及配套设施)", "(应列入年度预算)", "(须经区政府批准)", "(由中心全额支付)",
    "(含办公家具、投影仪等)", "(2022年度)", "(一)", "(1)",
])
def test_ordinary_parenthesised_text_is_not_guidance(text: str) -> None:
    d = simple()
    d.projects[0].sections["plan"] = "通过政府采购确定供应商" + text + ",年内安装完成并验收。"
    assert not _codes(d, "R040")


@pytest.mark.parametrize("text", [
    "(请简述项目的主要内容)", "(主要说明项目立项的必要性)", "(填写项目实施的具体步骤)",
    "(例如:2022年度预算安排510.00万元)", "(选填)", "(不超过500字)",
    "(项目实施情况,以及资金使用计划等)",
])
def test_instructions_in_parentheses_are_guidance(text: str) -> None:
    d = simple()
    d.projects[0].sections["plan"] = "通过政府采购确定供应商" + text + ",年内安装完成并验收。"
    assert _codes(d, "R040")
