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
