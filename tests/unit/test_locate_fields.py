"""Finding paths map to editor tabs and fields; field readings give Chinese messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from g60desk.domain.model import Funding
from g60desk.services import locate as L
from g60desk.services.fields import (
    describe_target,
    funding_sums,
    read_date,
    read_money,
    show_date,
)
from tests import factories

SHAPE = factories.template().shape


@pytest.mark.parametrize(("path", "tab", "field", "project", "row"), [
    ("projects[0].funding.total", L.TAB_FUNDING, "total", 0, None),
    ("projects[2].sections.basis", L.TAB_SECTIONS, "basis", 2, None),
    ("projects[1].indicators[3].target", L.TAB_INDICATORS, "target", 1, 3),
    ("projects[1].indicators[3]", L.TAB_INDICATORS, "", 1, 3),
    ("projects[0].indicators", L.TAB_INDICATORS, "", 0, None),
    ("projects[0].name", L.TAB_BASIC, "name", 0, None),
    ("projects[0].end", L.TAB_BASIC, "end", 0, None),
    ("projects[0].overall_goal", L.TAB_GOALS, "overall_goal", 0, None),
    ("projects[4].something_new", L.TAB_BASIC, "", 4, None),
    ("department", L.TAB_DECLARATION, "department", None, None),
    ("signatures.phone", L.TAB_DECLARATION, "signatures", None, None),
])
def test_locate(path: str, tab: str, field: str, project: int | None, row: int | None) -> None:
    loc = L.locate(path, SHAPE)
    assert (loc.tab, loc.field, loc.project, loc.row) == (tab, field, project, row)


def test_location_keys_name_the_widget() -> None:
    assert L.locate("projects[0].funding.annual", SHAPE).key == "funding.annual"
    assert L.locate("projects[0].indicators[2].level2", SHAPE).key == "indicators[2].level2"
    assert L.locate("projects[0].sections.plan", SHAPE).key == "sections.plan"
    assert L.locate("projects[0].start", SHAPE).key == "start"


def test_money_reading_keeps_text_and_explains() -> None:
    ok = read_money("510万")
    assert ok.value == Decimal("5100000.00") and ok.error is None and ok.wan == "= 510.00 万元"
    bad = read_money("五百万")
    assert bad.value is None and bad.text == "五百万" and "金额" in (bad.error or "")
    empty = read_money("  ")
    assert empty.value is None and empty.error is None and empty.wan == ""


def test_date_reading() -> None:
    assert read_date("2022/1/1").value == date(2022, 1, 1)
    assert "不存在" in (read_date("2022-02-30").error or "")
    assert read_date("").error is None
    assert show_date(date(2022, 1, 1)) == "2022-01-01"


def test_describe_target() -> None:
    assert describe_target(">=85%") == "定量 ≥ 85 %"
    assert describe_target("=3 堂") == "定量 = 3 堂"
    assert describe_target("及时") == "定性"
    assert describe_target(">=高") == "有比较符号但缺少数值"
    assert describe_target("") == ""


def test_funding_sums_as_typed() -> None:
    f = factories.money(total=Decimal("100"), total_fiscal=Decimal("60"), annual=Decimal("50"),
                        annual_appropriation=Decimal("50"))
    total, annual = funding_sums(f, SHAPE)
    assert total.parts == Decimal("60") and not total.matches
    assert "相差 40.00 元" in total.describe("项目资金总额")
    assert annual.matches and "一致" in annual.describe("年度资金申请总额")
    assert funding_sums(Funding(), SHAPE)[0].describe("项目资金总额") == ""


def test_field_text_and_apply_text_round_trip() -> None:
    from g60desk.services.fields import apply_text, field_text
    from tests import factories

    p = factories.project()
    assert field_text(SHAPE, p, "funding.total") == "141,500.00"
    assert field_text(SHAPE, p, "start") == "2022-01-01"
    assert field_text(SHAPE, p, "indicators[1].target") == "=100%"
    assert apply_text(SHAPE, p, "funding.total", "14.15万") is None
    assert p.funding.get("total") == Decimal("141500.00")
    assert apply_text(SHAPE, p, "end", "2022年12月31日") is None and factories.day(p, "end") == date(2022, 12, 31)
    err = apply_text(SHAPE, p, "start", "2022-13-01")
    assert err and factories.day(p, "start") is None
    assert apply_text(SHAPE, p, "sections.basis", "依据") is None and p.sections["basis"] == "依据"
    assert apply_text(SHAPE, p, "indicators[0].level2", "质量指标") is None
    assert p.indicators[0].level2 == "质量指标"
    assert apply_text(SHAPE, p, "name", " 新名称 ") is None and field_text(SHAPE, p, "name") == " 新名称 "
    with pytest.raises(KeyError):
        apply_text(SHAPE, p, "nonsense", "")


def test_describe_locations_in_chinese() -> None:
    from tests import factories

    tpl = factories.template()
    assert L.describe(L.locate("projects[0].funding.total_fiscal", SHAPE), tpl) == "项目资金 · 财政资金"
    assert L.describe(L.locate("projects[0].indicators[3].target", SHAPE), tpl) == "绩效指标 · 第4行 · 年度指标值"
    assert L.describe(L.locate("projects[0].sections.basis", SHAPE), tpl) == "项目经费情况说明 · 二、立项依据"
    assert L.describe(L.locate("projects[0].start", SHAPE), tpl) == "基本信息 · 计划开始日期"
    assert L.describe(L.locate("department", SHAPE), tpl) == "申报设置 · 主管部门"
    assert L.describe(L.locate("projects[0].annual_goal", SHAPE), tpl) == "绩效目标 · 年度总目标"


def test_cycle_paths_land_on_the_monitoring_and_evaluation_tabs() -> None:
    from g60desk.services import locate as loc
    from tests.factories import template
    shape = template().shape
    w = loc.locate("projects[2].monitoring.executed_to_date", shape)
    assert (w.tab, w.project, w.key) == (loc.TAB_MONITORING, 2, "monitoring.executed_to_date")
    w = loc.locate("projects[0].indicators[3].progress.cause", shape)
    assert (w.tab, w.row, w.key) == (loc.TAB_MONITORING, 3, "indicators[3].progress.cause")
    w = loc.locate("projects[0].indicators[4].actual", shape)
    assert (w.tab, w.row, w.key) == (loc.TAB_EVALUATION, 4, "indicators[4].actual")
    w = loc.locate("projects[0].evaluation.execution_weight", shape)
    assert w.tab == loc.TAB_EVALUATION and w.key == "evaluation.execution_weight"
    assert loc.locate("projects[0].indicators[4].target", shape).tab == loc.TAB_INDICATORS
