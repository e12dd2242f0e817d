"""Page furniture: the 草稿 watermark and the 第X页 共Y页 footer.

The total page count is known only at the end, so the canvas keeps each
finished page, and on save draws every footer with the final count before
writing the pages out (one layout pass instead of two).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.colors import Color, black
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas

WATERMARK_TEXT = "草稿"
_WATERMARK_COLOR = Color(0.55, 0.55, 0.55, alpha=0.22)
_DRAFT_COLOR = Color(0.75, 0.0, 0.0)


@dataclass(frozen=True)
class Furniture:
    """What to draw on every page; ``error_count > 0`` makes the copy a draft."""

    song: str            # reportlab font names
    hei: str
    page_width: float
    page_height: float
    footer_y: float      # baseline of the page number, from the bottom edge
    error_count: int = 0
    creation_date: datetime | None = None  # None: reportlab's fixed invariant date

    @property
    def draft(self) -> bool:
        return self.error_count > 0

    def draft_notice(self) -> str:
        return (f"草稿:本申报表经检查尚有{self.error_count}处错误,"
                "修改后方可打印正式稿,本稿不得报送。")

    def page_label(self, page: int, total: int) -> str:
        return f"第{page}页 共{total}页"

    def draw_background(self, canv: Canvas) -> None:
        """Drawn first on each page, beneath the content."""
        if not self.draft:
            return
        canv.saveState()
        canv.setFillColor(_WATERMARK_COLOR)
        canv.setFont(self.hei, 150)
        canv.translate(self.page_width / 2, self.page_height / 2)
        canv.rotate(45)
        canv.drawCentredString(0, -50, WATERMARK_TEXT)
        canv.restoreState()

    def draw_footer(self, canv: Canvas, page: int, total: int) -> None:
        canv.saveState()
        canv.setFillColor(black)
        canv.setFont(self.song, 10.5)
        canv.drawCentredString(self.page_width / 2, self.footer_y, self.page_label(page, total))
        if self.draft:
            canv.setFillColor(_DRAFT_COLOR)
            canv.setFont(self.song, 9)
            canv.drawCentredString(self.page_width / 2, self.footer_y + 14, self.draft_notice())
        canv.restoreState()


def canvas_class(furniture: Furniture) -> type[Canvas]:
    """A Canvas that holds its pages until save, then adds the footers."""

    class FurnitureCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []
            if furniture.creation_date is not None:
                self._doc._timeStamp = _timestamp(furniture.creation_date)

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for state in self._held_pages:
                self.__dict__.update(state)
                furniture.draw_footer(self, self._pageNumber, total)
                Canvas.showPage(self)
            self._held_pages = []
            Canvas.save(self)

    return FurnitureCanvas


def _timestamp(when: datetime) -> TimeStamp:
    """A reportlab TimeStamp showing ``when`` (naive times count as local time)."""
    aware = when if when.tzinfo else when.astimezone()
    offset = aware.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    ts = TimeStamp(invariant=True)
    ts.t = aware.timestamp()
    ts.lt = aware.timetuple()
    ts.YMDhms = tuple(aware.timetuple())[:6]
    ts.dhh, ts.dmm = divmod(minutes, 60) if minutes >= 0 else (-((-minutes) // 60), (-minutes) % 60)
    ts.tzname = aware.tzname() or ""
    return ts
