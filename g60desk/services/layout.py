"""Window size decisions that need no Tk: column widths, pane dividers, dialog sizes.

The widgets measure text (``tkinter.font.Font.measure``) and hand the pixel figures
here; what to do with them is decided, and tested, without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# Padding Tk adds around a cell's text in a Treeview column (both sides, with the
# separator), and around a heading.
CELL_PAD = 16
# The findings panel and the editor above it never shrink below these (pixels).
MIN_FINDINGS = 110
MIN_EDITOR = 240
# A button is its text's line and this much padding and border, top and bottom.
BUTTON_PAD = 14


@dataclass(frozen=True)
class Column:
    """One table column as measured: the widest cell (or header) it wants to show whole.

    ``minimum`` is the width it may be squeezed to (its text then ends in a tooltip);
    ``cap`` the widest it is given for its content; ``stretch`` columns take what is left.
    """

    key: str
    natural: int
    minimum: int = 40
    cap: int = 10_000
    stretch: bool = False


Measure = Callable[[str], int]


def natural_width(texts: Iterable[str], measure: Measure, pad: int = CELL_PAD) -> int:
    """The width that shows the widest of ``texts`` whole (``measure``: text → pixels)."""
    return max((int(measure(t)) for t in texts if t), default=0) + pad


def fit_columns(available: int, columns: Sequence[Column]) -> dict[str, int]:
    """Widths (pixels) of ``columns`` in ``available`` pixels.

    Every column first gets its content width (within its cap). If that is too wide,
    stretching columns give way first, down to their minimum, then the others in
    proportion to what they have above their minimum. Left-over width goes to the
    stretching columns (or the last column when none stretches).
    """
    want = {c.key: max(c.minimum, min(c.natural, c.cap)) for c in columns}
    total = sum(want.values())
    if total > available:
        over = total - available
        for c in columns:
            if c.stretch and over > 0:
                give = min(over, want[c.key] - c.minimum)
                want[c.key] -= give
                over -= give
        slack = {c.key: want[c.key] - c.minimum for c in columns if not c.stretch}
        room = sum(slack.values())
        if over > 0 and room > 0:
            take = min(over, room)
            for key, s in slack.items():
                want[key] -= take * s // room
    elif columns:
        extra = available - total
        stretching = [c for c in columns if c.stretch] or [columns[-1]]
        share, rest = divmod(extra, len(stretching))
        for n, c in enumerate(stretching):
            want[c.key] += share + (1 if n < rest else 0)
    return want


def clipped(text: str, width: int, measure: Measure, pad: int = CELL_PAD) -> bool:
    """Whether ``text`` does not show whole in a cell ``width`` pixels wide."""
    return bool(text) and int(measure(text)) + pad > width


def findings_minimum(row_height: int, line_height: int) -> int:
    """The findings panel's least height in a font: its title, the list's heading and
    three rows, and the two lines of the selected message."""
    return max(MIN_FINDINGS, 2 * (line_height + 12) + 3 * row_height + 2 * line_height + 12)


def findings_least(row_height: int, line_height: int) -> int:
    """The findings panel's height on a short screen: its title, the list's heading and
    two rows (the selected message then shows in the status bar and the tooltip only)."""
    title = line_height + BUTTON_PAD      # the title line holds the scope's two buttons
    heading = line_height + 18
    return max(MIN_FINDINGS, title + heading + 2 * row_height + 10)  # with the paddings


def findings_detail_lines(panel_height: int, least: int, line_height: int,
                          most: int = 2) -> int:
    """How many lines of the selected message fit under the list in a panel
    ``panel_height`` high (``least``: :func:`findings_least`); the list keeps its rows."""
    if line_height <= 0:
        return most
    return max(0, min(most, (panel_height - least - 2) // line_height))


def findings_sash(pane_height: int, wanted: int, minimum: int = MIN_FINDINGS,
                  least: int | None = None, editor: int = MIN_EDITOR) -> int:
    """Where the divider above the findings panel goes, for a panel ``wanted`` pixels high.

    The remembered height (the one the user dragged to) is kept as far as the editor
    keeps its minimum; a tiny or a huge remembered value is brought back into range.
    None (0) gives the panel a quarter of the pane and at least ``minimum``, its height
    with three rows and the message in the current font (:func:`findings_minimum`);
    on a short screen, where the editor would then get less than the ``editor`` pixels
    it needs (:func:`editor_need`), the panel gives way down to ``least``
    (:func:`findings_least`, the default: ``minimum``).
    """
    least = minimum if least is None else min(least, minimum)
    if wanted <= 0:
        wanted = max(minimum, pane_height // 4)
        if pane_height - wanted < editor:
            wanted = max(least, pane_height - editor)
    if pane_height <= least + MIN_EDITOR:
        return max(0, pane_height - least)
    height = max(least, min(wanted, pane_height - MIN_EDITOR))
    return pane_height - height


def editor_need(line_height: int, row_height: int, rows: int = 5) -> int:
    """The height the editor needs to show the 绩效指标 tab's toolbar (one row of
    buttons) and ``rows`` rows of its table: the project's title line and the tabs
    (a line and padding each), the tab's padding, the toolbar's buttons (a line and
    their padding), the table's heading and rows."""
    title_and_tabs = 2 * line_height + 29
    button = line_height + BUTTON_PAD
    heading = line_height + 18
    return title_and_tabs + 12 + button + 4 + heading + rows * row_height


def findings_height(pane_height: int, sash: int) -> int:
    """The findings panel's height to remember, from the divider's position."""
    return max(MIN_FINDINGS, pane_height - sash)


def row_height(linespace: int, ascent: int) -> int:
    """A table row that shows the font's tallest characters: its line plus a little air."""
    return linespace + max(2, ascent // 3)


@dataclass(frozen=True)
class DialogSize:
    """A dialog's size, position and minimum size on the screen it opens on."""
    width: int
    height: int
    x: int
    y: int
    min_width: int
    min_height: int

    @property
    def geometry(self) -> str:
        return f"{self.width}x{self.height}+{self.x}+{self.y}"


def dialog_size(wanted: tuple[int, int] | None, required: tuple[int, int],
                bar: tuple[int, int], screen: tuple[int, int],
                over: tuple[int, int, int, int], margin: int = 8,
                taskbar: int = 48) -> DialogSize:
    """A dialog's size and place: at least what its content asks for (``required``) and
    the size it was designed with (``wanted``), never beyond the screen (less a taskbar),
    centred over ``over`` (x, y, width, height of the main window) and moved back on
    screen. The minimum keeps the button bar (``bar``) whole."""
    sw, sh = screen
    max_w, max_h = sw - 2 * margin, sh - taskbar - 2 * margin
    w = max(required[0], wanted[0] if wanted else 0)
    h = max(required[1], wanted[1] if wanted else 0)
    w, h = min(w, max_w), min(h, max_h)
    ox, oy, ow, oh = over
    x = ox + max(0, (ow - w) // 2)
    y = oy + max(0, (oh - h) // 3)
    x = max(margin, min(x, sw - margin - w))
    y = max(margin, min(y, sh - taskbar - margin - h))
    min_w = min(max_w, max(bar[0], 200))
    min_h = min(max_h, bar[1] + 120)
    return DialogSize(w, h, x, y, min_w, min_h)


# Entry boxes pad their text on both sides (theme padding and border).
ENTRY_PAD = 14
# The widest amount a funding box shows whole: 亿 with 分.
WIDEST_AMOUNT = "999,999,999.00"


def entry_width(text_px: int) -> int:
    """Pixels an entry box needs to show text ``text_px`` pixels wide."""
    return text_px + ENTRY_PAD


def stack_sides(available: int, side_widths: Sequence[int], gap: int = 30) -> bool:
    """Whether the funding table's sides go one above the other: when side by side
    (with ``gap`` between) they would not fit in ``available`` pixels."""
    if len(side_widths) < 2 or available <= 1:
        return False
    return sum(side_widths) + gap * (len(side_widths) - 1) > available


def flow(widths: Sequence[int], available: int, gap: int = 4) -> list[tuple[int, int]]:
    """(row, column) of each item of ``widths`` laid left to right, starting a new row
    when the next one would pass ``available`` pixels (an item wider than a row gets a
    row of its own)."""
    out: list[tuple[int, int]] = []
    row = col = used = 0
    for w in widths:
        if col and used + gap + w > available:
            row, col, used = row + 1, 0, 0
        used += (gap if col else 0) + w
        out.append((row, col))
        col += 1
    return out


def table_rows(page_height: int, content_height: int, rows_now: int, row_height: int,
               base: int = 3, least: int = 5) -> int:
    """The rows a table asks for on a scrolling page that holds it and more below it.

    ``base`` rows when the page shows the content whole at that (within a row: the
    rest then scrolls by less than a row); else ``least``, so that a page that scrolls
    anyway shows that many rows first and what is below follows on scrolling.
    ``content_height`` is the content's height now, with the table at ``rows_now``.
    """
    if page_height <= 1:
        return base
    at_base = content_height - (rows_now - base) * row_height
    return base if page_height >= at_base - row_height else least


def row_width(widths: Sequence[int], gap: int = 4) -> int:
    """Pixels ``widths`` take laid side by side with ``gap`` between them."""
    return sum(widths) + gap * max(0, len(widths) - 1)


# The indicator toolbar's layouts, widest first (see toolbar_layout).
TOOLBAR_FULL, TOOLBAR_MORE, TOOLBAR_SHORT = 0, 1, 2


def toolbar_layout(full: Sequence[int], more: Sequence[int], short: Sequence[int],
                   available: int, gap: int = 4) -> int:
    """Which layout of a toolbar to use in ``available`` pixels: the first of ``full``
    (every button in the row), ``more`` (the less-used ones in a 更多 menu) and ``short``
    (the same with shorter labels) whose widths fit on one row; ``short`` when none
    does (the row then wraps). A width not yet known (<= 1) keeps the full layout."""
    if available <= 1:
        return TOOLBAR_FULL
    for n, widths in enumerate((full, more)):
        if row_width(widths, gap) <= available:
            return n
    return TOOLBAR_SHORT


# The navigator's indent per level: Tk's own, and a narrow one for a narrow pane.
NAV_INDENT = 20
NAV_INDENT_NARROW = 10


def nav_narrow(tree_width: int, char_width: int, chars: int = 16) -> bool:
    """Whether the navigator is narrow for its font: less than ``chars`` characters
    (``char_width``: one Chinese character's width) across. A narrow navigator indents
    less and pads its 万元 column less, so the project names keep the room."""
    return tree_width > 1 and tree_width < chars * char_width


def nav_indent(narrow: bool) -> int:
    return NAV_INDENT_NARROW if narrow else NAV_INDENT


def nav_amount_pad(narrow: bool) -> int:
    """Padding of the 万元 column around its widest amount."""
    return 12 if narrow else CELL_PAD
