"""The print preview's pages: the real PDF rendered with PDFium (pypdfium2), and the
page/zoom decisions of the preview window, with no Tk.

The PDF is read into memory, so the file is not held open (on Windows a held file could
not be rewritten by the next print). pypdfium2 is imported on first use, not at start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g60desk.domain.errors import UserError

if TYPE_CHECKING:
    from PIL.Image import Image

# Zoom steps of 放大/缩小, relative to 100% (one PDF point = one screen pixel at 96 dpi × 0.75).
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
# Pixels kept free around a page fitted to the window.
FIT_MARGIN = 16
# A PDF point is 1/72 inch; the screen is taken at 96 dpi.
POINTS_TO_PIXELS = 96 / 72


class PreviewError(UserError):
    """The PDF cannot be shown; ``message`` is Chinese."""


def fit_zoom(page_w: float, page_h: float, box_w: int, box_h: int,
             margin: int = FIT_MARGIN) -> float:
    """The zoom (1.0 = actual size at 96 dpi) that shows a whole page inside the box."""
    if page_w <= 0 or page_h <= 0:
        return 1.0
    w = max(1, box_w - 2 * margin) / (page_w * POINTS_TO_PIXELS)
    h = max(1, box_h - 2 * margin) / (page_h * POINTS_TO_PIXELS)
    return max(ZOOM_STEPS[0] / 2, min(w, h, ZOOM_STEPS[-1]))


def next_zoom(current: float, step: int) -> float:
    """放大 (step 1) or 缩小 (step -1): the next zoom step beyond ``current``."""
    if step > 0:
        return next((z for z in ZOOM_STEPS if z > current + 1e-6), ZOOM_STEPS[-1])
    return next((z for z in reversed(ZOOM_STEPS) if z < current - 1e-6), ZOOM_STEPS[0])


@dataclass
class PreviewState:
    """Which page is shown, how large, and what the buttons and labels say."""

    count: int
    page: int = 0
    zoom: float = 1.0
    # True while the page follows the window's size (适合窗口).
    fit: bool = True

    def go(self, delta: int) -> bool:
        """Move by ``delta`` pages; False when already at the first or last."""
        target = min(max(self.page + delta, 0), self.count - 1)
        moved = target != self.page
        self.page = target
        return moved

    def first(self) -> None:
        self.page = 0

    def last(self) -> None:
        self.page = max(0, self.count - 1)

    @property
    def can_back(self) -> bool:
        return self.page > 0

    @property
    def can_forward(self) -> bool:
        return self.page < self.count - 1

    def label(self) -> str:
        return f"第 {self.page + 1} / {self.count} 页"

    def zoom_label(self) -> str:
        """``43%``; whether the page follows the window shows on the 适合窗口 button."""
        return f"{round(self.zoom * 100)}%"


class PdfPages:
    """A PDF's pages for the preview: count, size in points, a rendered picture."""

    def __init__(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise PreviewError(f"无法读取 PDF 文件“{path.name}”,请重新生成。") from exc
        try:
            import pypdfium2
        except ImportError as exc:
            raise PreviewError("预览组件(pypdfium2)不可用,请检查安装是否完整;"
                               "仍可直接打印或打开 PDF 文件查看。") from exc
        try:
            self._doc: Any = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            raise PreviewError(f"“{path.name}”不是可以显示的 PDF 文件,请重新生成。") from exc
        self.count = len(self._doc)

    def size(self, index: int) -> tuple[float, float]:
        w, h = self._doc[index].get_size()
        return float(w), float(h)

    def render(self, index: int, zoom: float) -> Image:
        """Page ``index`` at ``zoom`` (1.0 = actual size on a 96 dpi screen)."""
        page = self._doc[index]
        image: Image = page.render(scale=zoom * POINTS_TO_PIXELS).to_pil()
        return image

    def close(self) -> None:
        self._doc.close()
