"""Where new indicator rows go, moving and sorting rows, cascading 二级 choices."""

from __future__ import annotations

from g60desk.domain.model import Indicator
from g60desk.services.indicators import insertion_index, level2_choices, move_row, sort_rows
from tests import factories


def test_new_rows_join_their_group() -> None:
    rows = factories.indicators_2022()  # 数量, 质量, 时效, 社会效益, 满意度
    tpl = factories.template()
    assert insertion_index(rows, Indicator("产出指标", "数量指标", "x", "=1个"), tpl) == 1
    # 经济效益 sorts before 社会效益 in the template.
    assert insertion_index(rows, Indicator("效益指标", "经济效益指标", "x", "完成"), tpl) == 3
    assert insertion_index(rows, Indicator("满意度指标", "服务对象满意度指标", "y", ">=90%"),
                           tpl) == 5
    assert insertion_index([], Indicator("产出指标", "数量指标", "x", ""), tpl) == 0
    assert insertion_index(rows, Indicator("", "", "", ""), tpl) == 5


def test_sort_keeps_group_order_and_move() -> None:
    tpl = factories.template()
    rows = list(reversed(factories.indicators_2022()))
    assert [r.level2 for r in sort_rows(rows, tpl)] == [
        "数量指标", "质量指标", "时效指标", "社会效益指标", "服务对象满意度指标"]
    assert move_row(rows, 0, -1) is None
    assert move_row(rows, 0, 1) == 1 and rows[1].level1 == "满意度指标"


def test_level2_choices_cascade() -> None:
    tpl = factories.template()
    assert level2_choices(tpl, "满意度指标") == ("服务对象满意度指标", "社会公众或服务对象满意度指标")
    assert "数量指标" in level2_choices(tpl, "自定义") and "社会效益指标" in level2_choices(tpl, "")
