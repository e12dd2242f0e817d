"""PDF printout of a declaration (reportlab); imports only domain and formspec.

``render_declaration(decl, template, PdfOptions(...))`` gives the bytes of a
print-ready A4 PDF laid out like the paper form; see docs/pdf.md.
"""

from g60desk.pdf.document import (
    PdfError,
    PdfOptions,
    RenderCancelled,
    RenderResult,
    check_glyphs,
    render_declaration,
    summary_sentence,
    write_pdf,
)
from g60desk.pdf.fonts import FontError, FontSet, FontSpec, bundled_font, default_fonts
from g60desk.pdf.text import GlyphWarning

__all__ = [
    "FontError",
    "FontSet",
    "FontSpec",
    "GlyphWarning",
    "PdfError",
    "PdfOptions",
    "RenderCancelled",
    "RenderResult",
    "bundled_font",
    "check_glyphs",
    "default_fonts",
    "render_declaration",
    "summary_sentence",
    "write_pdf",
]
