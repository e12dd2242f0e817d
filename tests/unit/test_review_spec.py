"""forms/review.toml and its loader; the text scanners the review rules build on."""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from g60desk import paths
from g60desk.formspec import TemplateError, load_templates
from g60desk.formspec.review import fold, load_review, parse_review
from g60desk.rules.textscan import amounts, chinese_number, month_dates, period_tokens, quantities


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    with paths.review_file().open("rb") as fh:
        return tomllib.load(fh)


def test_bundled_settings_load_and_are_not_taken_for_a_template() -> None:
    spec = load_review(paths.review_file())
    assert spec.source == "review.toml"
    assert spec.grade.label("ready") == "可提交" and spec.grade.label("must_fix") == "必须修改"
    assert spec.consistency.tolerance_yuan == Decimal("100.00")
    assert "review" not in {t.id for t in load_templates(paths.forms_dir()).values()}


@pytest.mark.parametrize(("section", "key", "value", "words"), [
    ("fit", "effect_words", "推动", "必须是文字的列表"),
    ("fit", "effect_words", ["推动", " "], "每项不能为空"),
    ("leftover", "guidance_cues", ["(未闭合"], "正则表达式"),
    ("leftover", "placeholder_patterns", [["XX"]], "[正则, 说明]"),
    ("consistency", "amount_sections", ["预算"], "未知"),
    ("consistency", "tolerance_wan", "很少", "万元"),
    ("consistency", "tolerance_wan", "-1", "不小于 0"),
    ("grade", "revise_warnings", 0, "revise_warnings"),
    ("grade", "must_fix_warnings", 0, "revise_warnings"),
    ("grade", "labels", {"ready": "可提交"}, "revise"),
])
def test_bad_settings_are_a_chinese_error(data: dict[str, Any], section: str, key: str, value: object,
                                          words: str) -> None:
    bad = copy.deepcopy(data)
    bad[section][key] = value
    with pytest.raises(TemplateError) as exc:
        parse_review(bad, source="x.toml")
    assert words in str(exc.value)
    assert "x.toml" in str(exc.value)


def test_an_empty_word_list_matches_nothing(data: dict[str, Any]) -> None:
    emptied = copy.deepcopy(data)
    emptied["fit"]["effect_words"] = []
    emptied["coverage"]["measure_words"] = []
    spec = parse_review(emptied)
    assert spec.fit.effect.search("推动合作") is None
    assert quantities(fold("举办4场"), spec.coverage) == []


def test_missing_section_and_unreadable_file(data: dict[str, Any], tmp_path: Path) -> None:
    bad = copy.deepcopy(data)
    del bad["fit"]
    with pytest.raises(TemplateError, match=r"\[fit\]"):
        parse_review(bad)
    with pytest.raises(TemplateError, match="无法读取"):
        load_review(tmp_path / "none.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[grade\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="格式错误"):
        load_review(broken)


def test_fold_makes_widths_and_spaces_alike() -> None:
    assert fold("＝３ 堂") == "=3堂"
    assert fold("（绩效目标，以及） ") == "(绩效目标,以及)"


# ---------------------------------------------------------------- scanners

@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("两", 2), ("九", 9), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105),
    ("三千", 3000), ("三四", None), ("", None), ("十a", None),
])
def test_chinese_numbers(text: str, value: int | None) -> None:
    assert chinese_number(text) == value


def _q(text: str) -> list[tuple[str, str]]:
    spec = load_review(paths.review_file()).coverage
    return [(f"{q.number.normalize():f}", q.unit) for q in quantities(fold(text), spec)]


@pytest.mark.parametrize(("text", "found"), [
    ("举办 4 场院士专家企业家走进 G60 巡回活动", [("4", "场")]),
    ("开发=3 堂课程,发布10个研究方向", [("3", "堂"), ("10", "个")]),
    ("各举办一场研讨大会,共四场", [("1", "场"), ("4", "场")]),
    ("培训200人次,参训300名", [("200", "人"), ("300", "人")]),
    ("课时 12 节", [("12", "堂")]),
    ("覆盖率达到95%", [("95", "%")]),
    ("紧扣一体化和高质量两个关键", []),
    ("一次性项目,其中一部分利旧", []),
    ("第3场起由各城市承办,每1场2万元", []),
    ("G60 科创走廊,8 号楼 8 楼", []),
    ("3个月内完成,降低5个百分点,走进千家万户", []),
    ("发布一批研究方向,一项重要工作", []),
    ("形成一本账,打赢一场硬仗,贡献一份力量", []),
    ("维修道路3条共1.2公里,约3000平方米", [("3", "条"), ("1.2", "公里"), ("3000", "平方米")]),
    ("全年开展培训12期,培训基层干部600人次,7×24小时服务", [("12", "期"), ("600", "人")]),
])
def test_quantities(text: str, found: list[tuple[str, str]]) -> None:
    assert _q(text) == found


def test_month_dates_need_a_month() -> None:
    found = month_dates(fold("拟定 2021 年 11 月底召开,2022-03-05 验收,对2020年-2022年评估,6月底前完成"))
    assert [(d.year, d.month, d.text) for d in found] == [(2021, 11, "2021年11月底"), (2022, 3, "2022-03-05")]
    assert month_dates(fold("2021年13月")) == []


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2022年1月1日—2022年12月31日", (2022, 1, 1), (2022, 12, 31)),
    ("2022年1月1日至12月31日", (2022, 1, 1), (2022, 12, 31)),
    ("2022.1.1-2022.12.31", (2022, 1, 1), (2022, 12, 31)),
    ("2022-01-01~2022-12-31", (2022, 1, 1), (2022, 12, 31)),
    ("2022年—2024年", (2022, None, None), (2024, None, None)),
    ("2022-2024年", (2022, None, None), (2024, None, None)),
    ("2022年1月—12月", (2022, 1, None), (2022, 12, None)),
])
def test_period_tokens(text: str, start: tuple[int, int | None, int | None],
                       end: tuple[int, int | None, int | None]) -> None:
    tokens = period_tokens(fold(text))
    assert (tokens[0].year, tokens[0].month, tokens[0].day) == start
    assert (tokens[-1].year, tokens[-1].month, tokens[-1].day) == end


def test_period_token_precision() -> None:
    [year] = period_tokens(fold("2022年全年"))
    assert year.matches(date(2022, 12, 31)) and not year.matches(date(2023, 1, 1))


def test_amounts_skip_unit_prices_and_plain_yuan_outside_the_budget() -> None:
    spec = load_review(paths.review_file()).consistency
    text = fold("预算安排 510.00 万元,其中每场活动5万元,设备单价2万元,机柜3万元/台,约20万元,合计 5,100,000.00 元")
    assert [a.yuan for a in amounts(text, spec, plain_yuan=False)] == [Decimal("5100000.00")]
    assert [a.yuan for a in amounts(text, spec, plain_yuan=True)] == [Decimal("5100000.00")] * 2
    assert [a.yuan for a in amounts(fold("共计1.2亿元"), spec, plain_yuan=False)] == [Decimal("120000000.0")]
