"""Reading printed text back from a PDF, for the PDF tests.

Text is read with pypdf, run by run: every ``drawString`` of the renderer is one
printed line, so a run is exactly one line of the paper.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

from g60desk.domain.model import Declaration
from g60desk.formspec import Template
from g60desk.pdf import PdfOptions, RenderResult, render_declaration


@dataclass(frozen=True)
class Run:
    """One text run (one printed line) and where it starts on its page."""

    page: int
    text: str
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Extracted:
    pages: list[str]
    runs: list[Run]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def lines(self) -> list[Run]:
        """Printed lines: consecutive runs that start at the same point joined.

        (A line whose characters sit in several font subsets comes out of the
        PDF as several runs with the same start.)
        """
        out: list[Run] = []
        for run in self.runs:
            last = out[-1] if out else None
            if last is not None and (last.page, last.x, last.y) == (run.page, run.x, run.y):
                out[-1] = Run(run.page, last.text + run.text, run.x, run.y, run.size)
            else:
                out.append(run)
        return [Run(r.page, r.text.strip(), r.x, r.y, r.size) for r in out]

    def column(self, x: float, size: float) -> str:
        """The lines starting at ``x`` in type ``size``, joined across pages: the
        text of one left-aligned table column, wherever the pages break it."""
        return "".join(r.text for r in self.lines
                       if abs(r.x - x) < 0.01 and abs(r.size - size) < 0.01)

    def page_lines(self, page: int) -> list[str]:
        return [r.text for r in self.lines if r.page == page]

    @property
    def flat(self) -> str:
        """All text with line breaks and spaces removed (cells wrap anywhere)."""
        return re.sub(r"\s+", "", self.text)


def extract(data: bytes) -> Extracted:
    reader = PdfReader(io.BytesIO(data))
    pages: list[str] = []
    runs: list[Run] = []
    for number, page in enumerate(reader.pages, start=1):
        def visit(text: str, cm: list[float], tm: list[float], _font: object,
                  size: float, number: int = number) -> None:
            if text.strip():
                # Text space → user space: x' = a*x + c*y + e, y' = b*x + d*y + f.
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(Run(number, text.strip("\n"), x, y, size * abs(tm[3] or tm[0])))
        pages.append(page.extract_text(visitor_text=visit))
    return Extracted(pages, runs)


def render(decl: Declaration, templates: dict[str, Template],
           options: PdfOptions | None = None) -> tuple[RenderResult, Extracted]:
    result = render_declaration(decl, templates[decl.template], options)
    return result, extract(result.data)
