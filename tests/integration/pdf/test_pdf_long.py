"""Long content never breaks the export: huge goals, many indicators, long names.

Each case renders a whole PDF and reads it back: nothing lost, nothing outside
the frame, the table split across pages with its header row repeated.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth

from g60desk.domain.model import Declaration, Indicator
from g60desk.formspec import Template
from g60desk.pdf import PdfOptions
from g60desk.pdf.document import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_SIZE
from g60desk.pdf.fonts import bundled_font, load_font
from g60desk.pdf.grid import PAD_X
from g60desk.pdf.styles import SI_HAO, WU_HAO
from g60desk.pdf.table import column_widths
from tests import factories
from tests.integration.pdf.pdf_text import Extracted, render

GOAL_X = MARGIN_LEFT + column_widths(0)[0] + PAD_X
NAME_X = MARGIN_LEFT + sum(column_widths(0)[:3]) + PAD_X


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _inside(pdf: Extracted) -> None:
    """Every body line lies inside the frame (footer and watermark aside)."""
    font = load_font(bundled_font()).name
    right = PAGE_SIZE[0] - MARGIN_RIGHT
    for r in pdf.lines:
        if r.text == "草稿" or r.text.startswith("草稿:") or re.fullmatch(r"第\d+页 ?共\d+页",
                                                                          r.text):
            continue
        assert r.x >= MARGIN_LEFT - 0.5, r
        assert r.x + stringWidth(r.text, font, r.size) <= right + 0.5, r
        assert MARGIN_BOTTOM - 0.5 <= r.y <= PAGE_SIZE[1] - MARGIN_TOP + 0.5, r


def _goal(chars: int) -> str:
    sentence = "围绕项目总目标，完成课程开发、研究发布和巡回活动（共4场），满意度达到90%。"
    text = (sentence * (chars // len(sentence) + 1))[:chars]
    return text


def test_a_5000_character_goal_splits_across_pages(seed: Declaration,
                                                    templates: dict[str, Template]) -> None:
    goal = _goal(5000)
    seed.projects[1].goals["overall_goal"] = goal
    seed.projects[1].goals["annual_goal"] = goal
    result, pdf = render(seed, templates, PdfOptions(projects=(1,)))
    assert result.pages >= 4
    assert _squash(pdf.column(GOAL_X, WU_HAO)) == _squash(goal)
    # The goals header row is printed again on every page the goals run over.
    heads = {r.page for r in pdf.lines if r.text.startswith("项目总目标(")}
    goal_pages = {r.page for r in pdf.lines if abs(r.x - GOAL_X) < 0.01 and r.size == WU_HAO}
    assert goal_pages <= heads
    _inside(pdf)


def test_80_indicators_repeat_the_header_row_on_every_page(
        seed: Declaration, templates: dict[str, Template]) -> None:
    p = seed.projects[3]
    levels = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"),
              ("满意度指标", "服务对象满意度指标")]
    p.indicators = [Indicator(*levels[i * len(levels) // 80], f"第{i + 1:02d}项三级指标", ">=90%")
                    for i in range(80)]
    _, pdf = render(seed, templates, PdfOptions(projects=(3,)))
    names = [r.text for r in pdf.lines if r.text.endswith("项三级指标")]
    assert names == [f"第{i + 1:02d}项三级指标" for i in range(80)]
    row_pages = {r.page for r in pdf.lines if r.text.endswith("项三级指标")}
    assert len(row_pages) >= 2
    for page in row_pages:
        lines = pdf.page_lines(page)
        assert "一级指标" in lines and "年度指标值" in lines
        assert "绩效指标" in _squash("".join(lines))
        # The 一级 label of the rows on this page is printed on this page too.
        first = next(r for r in pdf.lines if r.page == page and r.text.endswith("项三级指标"))
        number = int(first.text[1:3]) - 1
        assert levels[number * len(levels) // 80][0] in lines
    _inside(pdf)


def test_a_300_character_indicator_name_wraps_inside_its_cell(
        seed: Declaration, templates: dict[str, Template]) -> None:
    name = _goal(300)
    seed.projects[1].indicators[0].name = name
    _, pdf = render(seed, templates, PdfOptions(projects=(1,)))
    assert _squash(name) in _squash(pdf.column(NAME_X, WU_HAO))
    _inside(pdf)


def test_a_row_taller_than_a_page_still_prints(seed: Declaration,
                                               templates: dict[str, Template]) -> None:
    # Far beyond the template's limit (the checker complains), yet the export works.
    name = _goal(6000)
    seed.projects[1].indicators[0].name = name
    seed.projects[1].name = _goal(400)
    seed.projects[1].sections["plan"] = _goal(8000) + "\n" + _goal(3000)
    result, pdf = render(seed, templates, PdfOptions(projects=(1,)))
    assert result.pages >= 6
    assert _squash(name) in _squash(pdf.column(NAME_X, WU_HAO))
    narrative = "".join(r.text for r in pdf.lines if r.size == SI_HAO)
    assert _squash(_goal(8000)) + _squash(_goal(3000)) in _squash(narrative)
    _inside(pdf)


def test_a_project_without_indicators_or_amounts_prints_an_empty_form(
        seed: Declaration, templates: dict[str, Template]) -> None:
    p = seed.projects[2]
    p.indicators = []
    p.funding.set("total", None)
    factories.set_day(p, "start", None)
    result, pdf = render(seed, templates, PdfOptions(projects=(2,)))
    assert result.pages >= 1
    assert "一级指标" in [r.text for r in pdf.lines]
    _inside(pdf)
