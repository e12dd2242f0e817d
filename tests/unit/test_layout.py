"""Window size decisions without Tk: column widths, the findings divider, dialog sizes."""

from __future__ import annotations

from g60desk.services import layout
from g60desk.services.layout import Column, dialog_size, findings_sash, fit_columns


def _measure(text: str) -> int:
    return 10 * len(text)  # a fixed-width "font": 10 px a character


def test_columns_get_their_content_and_the_stretching_one_the_rest() -> None:
    cols = [Column("level2", layout.natural_width(["二级指标", "产出数量指标"], _measure)),
            Column("name", 200, 120, stretch=True),
            Column("target", layout.natural_width(["年度指标值", "≥90.00(%)"], _measure))]
    widths = fit_columns(1000, cols)
    assert widths["level2"] == 6 * 10 + layout.CELL_PAD
    assert widths["target"] == 9 * 10 + layout.CELL_PAD  # the value, not the header, is widest
    assert sum(widths.values()) == 1000 and widths["name"] == 1000 - 76 - 106


def test_the_stretching_column_gives_way_first_then_the_others_in_proportion() -> None:
    cols = [Column("a", 200, 50), Column("name", 400, 100, stretch=True), Column("b", 100, 50)]
    squeezed = fit_columns(400, cols)
    assert squeezed == {"a": 200, "name": 100, "b": 100}  # values keep their width
    tight = fit_columns(250, cols)
    assert tight["name"] == 100 and tight["a"] < 200 and tight["b"] < 100
    assert tight["a"] >= 50 and tight["b"] >= 50 and sum(tight.values()) <= 250 + 1


def test_caps_minimums_and_no_stretching_column() -> None:
    widths = fit_columns(500, [Column("a", 900, 40, cap=150), Column("b", 10, 60)])
    assert widths == {"a": 150, "b": 350}  # the cap holds; the last column takes the rest
    assert fit_columns(100, []) == {}


def test_clipped_says_when_a_tooltip_is_needed() -> None:
    assert layout.clipped("上海市松江区", 60 + layout.CELL_PAD - 1, _measure)
    assert not layout.clipped("上海市松江区", 60 + layout.CELL_PAD, _measure)
    assert not layout.clipped("", 1, _measure)


def test_findings_divider_keeps_the_remembered_height_within_range() -> None:
    assert findings_sash(700, 300) == 400                     # remembered: kept
    assert findings_sash(700, 20) == 700 - layout.MIN_FINDINGS  # too small: the minimum
    assert findings_sash(700, 690) == layout.MIN_EDITOR       # too big: the editor keeps its own
    assert findings_sash(700, 0) == 700 - 175                 # never set: a quarter
    assert findings_sash(300, 200) == 300 - layout.MIN_FINDINGS
    # In a large font the panel keeps room for three rows and the message under them.
    least = layout.findings_minimum(33, 27)
    assert least == 2 * 39 + 99 + 54 + 12
    assert findings_sash(560, 0, least) == 560 - least      # a quarter would show no row
    assert findings_sash(400, 0, least) == 400 - least      # the editor gives way first
    assert layout.findings_minimum(10, 8) == layout.MIN_FINDINGS
    assert layout.findings_height(700, 400) == 300
    assert layout.findings_height(700, 690) == layout.MIN_FINDINGS


def test_row_height_follows_the_font() -> None:
    small, large = layout.row_height(17, 13), layout.row_height(27, 21)
    assert small > 17 and large > 27 and large - small >= 10


def test_dialog_grows_to_its_content_but_stays_on_the_screen() -> None:
    main = (0, 0, 1024, 728)
    size = dialog_size((640, 470), (679, 589), (600, 46), (1024, 768), main)
    assert (size.width, size.height) == (679, 589)            # content wins over the design
    assert size.x >= 0 and size.x + size.width <= 1024
    assert size.y + size.height <= 768 - 48                    # above a taskbar
    big = dialog_size(None, (1400, 900), (500, 46), (1024, 768), main)
    assert big.width == 1024 - 16 and big.height == 768 - 48 - 16
    assert (big.x, big.y) == (8, 8)
    assert big.min_width >= 500 and big.min_height >= 46
    assert big.geometry == "1008x704+8+8"
    small = dialog_size((300, 200), (100, 100), (0, 0), (1024, 768), (100, 100, 800, 600))
    assert (small.width, small.height, small.x, small.y) == (300, 200, 350, 233)


def test_funding_sides_stack_when_they_do_not_fit() -> None:
    assert not layout.stack_sides(700, [320, 320])
    assert layout.stack_sides(600, [320, 320])
    assert not layout.stack_sides(100, [320])       # one side: nothing to stack
    assert layout.entry_width(89) == 89 + layout.ENTRY_PAD


def test_buttons_flow_onto_more_rows_when_narrow() -> None:
    widths = [80, 120, 200, 70, 50, 50, 130]
    assert layout.flow(widths, 10_000) == [(0, n) for n in range(7)]
    assert layout.flow(widths, 500) == [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 2)]
    assert layout.flow([300, 300], 200) == [(0, 0), (1, 0)]   # too wide: a row each
    assert layout.flow([], 100) == []
