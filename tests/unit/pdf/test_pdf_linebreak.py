"""Chinese line breaking (g60desk.pdf.linebreak): kinsoku, Latin words, widths.

Covers the breaking algorithm on its own and inside CJKParagraph; what a whole
printout looks like is tested in tests/integration/pdf.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import wordSplit

from g60desk.pdf.fonts import bundled_font, load_font
from g60desk.pdf.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    CJKParagraph,
    WidthCache,
    break_positions,
    split_lines,
)

REQUIRED_NO_START = "，。、；：！？）》”"
HAN = "项目资金绩效目标申报填表财政支出年度指标值完成及时满意度"
CLOSING = "，。、；：！？）》”"
OPENING = "（《“"


def _lines(text: str, width_chars: int) -> list[str]:
    widths = [1.0] * len(text)
    ends = break_positions(text, widths, [float(width_chars)])
    starts = [0, *ends[:-1]]
    return [text[s:e] for s, e in zip(starts, ends, strict=True)]


def test_the_issue_set_is_forbidden_at_line_start() -> None:
    assert set(REQUIRED_NO_START) <= NO_LINE_START
    assert set("（《“") <= NO_LINE_END


def test_reportlab_alone_starts_a_line_with_a_comma_we_do_not() -> None:
    font = load_font(bundled_font()).name
    # Ten characters fit on a line; the eleventh is a full-width comma.
    text = "项目资金绩效目标申报表，" + "财政支出" * 5
    width = WidthCache.widths("项", font, 10)[0] * 11
    theirs = [line for _, line in wordSplit(text, [width], font, 10)]
    ours = [line for _, line in split_lines(text, [width], font, 10)]
    assert any(line.startswith("，") for line in theirs[1:])   # the bug being fixed
    assert not any(line[:1] in NO_LINE_START for line in ours[1:])
    assert "".join(ours) == text


def test_a_closing_pair_moves_down_with_the_character_before_it() -> None:
    # Line width 5: "“完成。”" must not leave "。”" or "”" at a line start.
    text = "项目目标“完成。”然后"
    lines = _lines(text, 5)
    assert "".join(lines) == text
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert all(line[-1] not in NO_LINE_END for line in lines[:-1])


def test_numbers_and_latin_words_stay_whole() -> None:
    # A word is carried to the next line when that gives back at most half a line.
    text = "项目资金总额为5,100,000.00元,长三角G60科创走廊,满意度>=85%。" * 3
    for width in range(24, 40):
        lines = _lines(text, width)
        assert "".join(lines) == text
        for word in ("5,100,000.00", "G60", ">=85%"):
            assert sum(line.count(word) for line in lines) == 3, (width, lines)


def test_a_latin_word_longer_than_the_line_is_still_cut() -> None:
    text = "A" * 50
    lines = _lines(text, 10)
    assert "".join(lines) == text
    assert max(len(line) for line in lines) <= 10


@settings(max_examples=300, deadline=None)
@given(
    # Realistic text: at most two closing marks in a row, openings before a character.
    st.lists(
        st.tuples(
            st.sampled_from(["", *OPENING]),
            st.one_of(st.text(alphabet=HAN, min_size=1, max_size=6),
                      st.sampled_from(["G60", "5,100,000.00", ">=85%", "2022"])),
            st.sampled_from(["", *CLOSING, "。”", "）。", "”，", "》，"]),
        ).map("".join),
        min_size=1, max_size=60,
    ).map("".join),
    st.integers(min_value=6, max_value=30),
)
def test_kinsoku_holds_and_nothing_is_lost_or_too_wide(text: str, width: int) -> None:
    lines = _lines(text, width)
    assert "".join(lines) == text
    assert all(len(line) <= width for line in lines)
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert all(line[-1] not in NO_LINE_END for line in lines[:-1])


def test_cjk_paragraph_wraps_and_splits_by_the_same_rules() -> None:
    font = load_font(bundled_font()).name
    style = ParagraphStyle("t", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    text = ("按照本市预算绩效管理工作的总体要求，本部门1个预算单位开展了"
            "2022年项目预算绩效目标编报工作，"
            "编报绩效目标的项目4个，涉及项目预算资金796.00万元。") * 6
    para = CJKParagraph(text, style)
    _, height = para.wrap(100, 10_000)
    lines = [line[1][0] for line in para.blPara.lines]
    assert "".join(lines) == text
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert all(sum(WidthCache.widths(line, font, 10)) <= 100 + 1e-6 for line in lines)
    first, rest = para.split(100, height / 2)
    rest.wrap(100, 10_000)
    again = [line[1][0] for line in first.blPara.lines] + [line[1][0]
                                                          for line in rest.blPara.lines]
    assert "".join(again) == text
    assert all(line[0] not in NO_LINE_START for line in again[1:])
