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


# Pixel figures of the UI font as measured under Xvfb at 96 dpi: (line, table row).
DEFAULT_FONT = (20, 25)
FONT_16 = (32, 40)


def test_findings_give_way_on_a_short_screen_so_the_indicator_table_shows_five_rows() -> None:
    line, row = FONT_16
    minimum, least = layout.findings_minimum(row, line), layout.findings_least(row, line)
    need = layout.editor_need(line, row)
    # Title (with the radio buttons), the list's heading and two rows, as measured.
    assert least == (line + layout.BUTTON_PAD) + (line + 18) + 2 * row + 10 == 186 < minimum
    assert need == 2 * line + 29 + 12 + line + layout.BUTTON_PAD + 4 + line + 18 + 5 * row
    # 1024×768 at font 16: the pane between the toolbar and the status bar is ~600 high.
    sash = findings_sash(599, 0, minimum, least, need)
    assert sash == need and 599 - sash >= least               # the editor gets its rows
    # Shorter still: the panel keeps its two rows, the editor has less.
    assert findings_sash(500, 0, minimum, least, need) == 500 - least
    # A taller pane: the panel keeps three rows and the message, as before.
    assert findings_sash(900, 0, minimum, least, need) == 900 - max(minimum, 900 // 4)
    # 1366×768 in the default font: nothing changes.
    line, row = DEFAULT_FONT
    minimum, least = layout.findings_minimum(row, line), layout.findings_least(row, line)
    assert findings_sash(629, 0, minimum, least, layout.editor_need(line, row)) == \
        findings_sash(629, 0, minimum) == 629 - minimum


def test_a_dragged_findings_height_wins_down_to_two_rows() -> None:
    line, row = FONT_16
    minimum, least = layout.findings_minimum(row, line), layout.findings_least(row, line)
    need = layout.editor_need(line, row)
    assert findings_sash(599, 300, minimum, least, need) == 299   # taller than the default
    assert findings_sash(599, least + 5, minimum, least, need) == 599 - least - 5
    assert findings_sash(599, 20, minimum, least, need) == 599 - least   # never below two rows
    assert findings_sash(599, 590, minimum, least, need) == layout.MIN_EDITOR


def test_the_message_under_the_findings_shows_as_many_lines_as_fit() -> None:
    line, row = FONT_16
    least = layout.findings_least(row, line)
    assert layout.findings_detail_lines(least, least, line) == 0
    assert layout.findings_detail_lines(least + line, least, line) == 0   # its padding
    assert layout.findings_detail_lines(least + line + 2, least, line) == 1
    assert layout.findings_detail_lines(least + 5 * line, least, line) == 2
    assert layout.findings_detail_lines(least - 50, least, line) == 0


def test_the_table_asks_for_five_rows_when_its_tab_scrolls_anyway() -> None:
    row = 40
    # The tab needs 564 px with three rows; a page of 310 px scrolls: five rows.
    assert layout.table_rows(310, 564, 3, row) == 5
    # Asked again with five rows (the content is two rows taller): still five.
    assert layout.table_rows(310, 564 + 2 * row, 5, row) == 5
    # The page holds the content whole, or within a row: three (the editor fits below).
    assert layout.table_rows(600, 564, 3, row) == 3
    assert layout.table_rows(367, 373, 3, 25) == 3            # 1366×768, default font
    assert layout.table_rows(600, 564 + 2 * row, 5, row) == 3
    assert layout.table_rows(1, 564, 3, row) == 3             # not laid out yet


def test_toolbar_folds_the_less_used_actions_then_shortens_labels() -> None:
    # Widths of the indicator toolbar's buttons at font 16 (添加行 … 按一级/二级排序).
    full = [89, 173, 257, 89, 68, 68, 181]
    more = [89, 173, 257, 89, 77, 70]          # the first four, 更多, 共 9 行
    short = [89, 110, 89, 89, 77, 70]
    assert layout.row_width(full) == sum(full) + 6 * 4
    assert layout.toolbar_layout(full, more, short, 1100) == layout.TOOLBAR_FULL
    assert layout.toolbar_layout(full, more, short, 800) == layout.TOOLBAR_MORE
    assert layout.toolbar_layout(full, more, short, 700) == layout.TOOLBAR_SHORT
    assert layout.toolbar_layout(full, more, short, 300) == layout.TOOLBAR_SHORT  # it wraps
    assert layout.toolbar_layout(full, more, short, 1) == layout.TOOLBAR_FULL     # not laid out
    # The default font at 1024×768: every button still in the row.
    assert layout.toolbar_layout([65, 117, 171, 65, 52, 52, 122], more, short,
                                 744) == layout.TOOLBAR_FULL


def test_a_narrow_navigator_indents_and_pads_less() -> None:
    # 1024×768 at font 16 (a character 21 px): the tree is 284 px, narrow for the font.
    assert layout.nav_narrow(284, 21)
    assert layout.nav_indent(True) < layout.nav_indent(False) == layout.NAV_INDENT
    assert layout.nav_amount_pad(True) < layout.nav_amount_pad(False) == layout.CELL_PAD
    # 1366×768 and 1024×768 in the default font (13 px): as before.
    assert not layout.nav_narrow(284, 13) and not layout.nav_narrow(234, 13)
    assert not layout.nav_narrow(1, 21)                        # not laid out yet
