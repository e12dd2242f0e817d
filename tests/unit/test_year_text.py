"""Year mentions after 复制到下一年度: found, moved on request, other years left alone."""

from __future__ import annotations

from g60desk.domain.model import Indicator
from g60desk.domain.operations import roll_forward
from g60desk.domain.year_text import count_mentions, find_mentions, move_mentions, replace_mentions
from tests import factories as fx


def test_only_the_year_followed_by_nian_is_a_mention() -> None:
    text = "2026年度预算安排35万元;2026 年底前完成;2020年-2022年建设情况;编号120266;2026-01"
    assert count_mentions(text, 2026) == 2
    moved, n = replace_mentions(text, 2026, 2027)
    assert n == 2
    assert moved == "2027年度预算安排35万元;2027 年底前完成;2020年-2022年建设情况;编号120266;2026-01"
    assert count_mentions("12026年", 2026) == 0 and count_mentions("1.2026年", 2026) == 0


def test_mentions_in_goals_sections_names_and_indicators_are_listed_and_moved() -> None:
    d = fx.declaration("shanghai-2026", 2026)
    shape = fx.template("shanghai-2026").shape
    p = d.projects[0]
    p.goals["annual_goal"] = "2026年完成弱电安装。2026年12月底前验收。"
    p.sections["budget"] = "2026年度预算安排14.15万元。"
    p.indicators.append(Indicator("产出指标", "时效指标", "2026年验收完成时间", "2026年12月底前"))
    nxt = roll_forward(d, 1, shape)
    found = find_mentions(nxt, shape, 2026)
    places = {m.place: m.count for m in found}
    assert places["年度总体目标"] == 2 and places["六、年度预算安排"] == 1
    row = f"第{len(p.indicators)}行指标"
    assert places[row] == 2
    # The period section was written by the factory with the year and 年 too.
    assert all(m.project_name == p.name for m in found)
    assert found[0].describe().startswith(p.name + ":")
    total = sum(m.count for m in found)
    assert move_mentions(nxt, shape, 2026, 2027) == total
    assert find_mentions(nxt, shape, 2026) == []
    q = nxt.projects[0]
    assert q.goals["annual_goal"] == "2027年完成弱电安装。2027年12月底前验收。"
    assert q.indicators[-1].name == "2027年验收完成时间" and q.indicators[-1].target == "2027年12月底前"
    # The original declaration is untouched.
    assert p.goals["annual_goal"].startswith("2026年")
