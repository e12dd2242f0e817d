"""Searching the indicator library and the standard 满意度 row."""

from __future__ import annotations

from g60desk.formspec import LibraryEntry
from g60desk.services.library import IndicatorLibrary, satisfaction_row
from tests import factories

ENTRIES = (
    LibraryEntry("产出指标", "数量指标", "开发相关课程", "=3堂", ("课程", "开发", "培训")),
    LibraryEntry("产出指标", "数量指标", "培训人次", ">=200人次", ("培训", "人次")),
    LibraryEntry("产出指标", "质量指标", "质量验收通过率", "=100%", ("验收", "质量")),
    LibraryEntry("效益指标", "环境效益指标", "环境改善", "改善", ("环境",)),
    LibraryEntry("成本指标", "经济成本指标", "项目成本控制", "<=100万元", ("成本",)),
    LibraryEntry("满意度指标", "服务对象满意度指标", "相关方满意度", ">=85%", ("满意",)),
)


def test_only_rows_of_the_template_are_offered() -> None:
    lib22 = IndicatorLibrary(ENTRIES, factories.template("shanghai-2022"))
    names = [s.entry.name for s in lib22.search("")]
    assert "项目成本控制" not in names and "环境改善" in names
    lib26 = IndicatorLibrary(ENTRIES, factories.template("shanghai-2026"))
    names26 = [s.entry.name for s in lib26.search("")]
    assert "项目成本控制" in names26 and "环境改善" not in names26


def test_search_ranks_names_before_keywords_and_needs_every_word() -> None:
    lib = IndicatorLibrary(ENTRIES, factories.template())
    assert [s.entry.name for s in lib.search("培训")] == ["培训人次", "开发相关课程"]
    assert [s.entry.name for s in lib.search("培训 课程")] == ["开发相关课程"]
    assert lib.search("不存在的词") == []
    assert [s.entry.name for s in lib.search("数量指标")] == ["开发相关课程", "培训人次"]


def test_targets_follow_the_template_style() -> None:
    lib26 = IndicatorLibrary(ENTRIES, factories.template("shanghai-2026"))
    sat = next(s for s in lib26.search("满意"))
    assert sat.target == "≥85.00(%)"
    row = sat.to_indicator()
    assert (row.level1, row.level2, row.name) == ("满意度指标", "服务对象满意度指标", "相关方满意度")


def test_satisfaction_row() -> None:
    row = satisfaction_row(factories.template())
    assert (row.level1, row.level2, row.target) == ("满意度指标", "服务对象满意度指标", ">=85%")
    assert satisfaction_row(factories.template("shanghai-2026")).target == "≥85.00(%)"


def test_money_totals_are_left_for_the_project_and_unit_prices_kept() -> None:
    entries = (
        *ENTRIES,
        LibraryEntry("成本指标", "经济成本指标", "设备购置成本", "<=150万元", ("设备",)),
        LibraryEntry("成本指标", "经济成本指标", "单位面积装修成本", "<=2000元/平方米", ("装修",)),
    )
    lib = IndicatorLibrary(entries, factories.template("shanghai-2026"))
    device = lib.search("设备")[0]
    assert device.sized and device.target == "" and device.to_indicator().target == ""
    assert device.example == "≤150.00(万元)" and "按本项目预算填写" in device.shown
    note = device.inserted_note(4)
    assert "第5行" in note and "≤150.00(万元)" in note and "请按本项目的预算填写" in note
    price = lib.search("装修")[0]
    assert not price.sized and price.target == "≤2000.00(元/平方米)" == price.shown
    assert "留空" not in price.inserted_note(0)
    # The shipped library: every money total is offered blank.
    from g60desk import paths
    from g60desk.formspec import load_library
    shipped = IndicatorLibrary(load_library(paths.library_file()), factories.template("shanghai-2026"))
    sized = [s.entry.name for s in shipped.search("") if s.sized]
    assert "设备购置成本" in sized and "项目总成本" in sized
    assert "单位面积装修成本" not in sized
