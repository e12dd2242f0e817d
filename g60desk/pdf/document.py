"""The whole printout: title, 绩效目标设置情况, per project the 项目经费情况说明 and
the 填报表, the signature block; A4 portrait, reproducible bytes.

The renderer knows nothing of checking: the caller passes the number of errors
the checker found, and a non-zero count turns the copy into a draft (watermark
on every page, the count in the footer).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from g60desk import fileio
from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration
from g60desk.domain.rollup import ProjectCheck
from g60desk.formspec import Template
from g60desk.pdf.fonts import (
    FontSet,
    LoadedFontSet,
    default_cache_dir,
    load_font_set,
)
from g60desk.pdf.furniture import Furniture, canvas_class
from g60desk.pdf.styles import WU_HAO, Styles, make_styles
from g60desk.pdf.table import TargetTable
from g60desk.pdf.text import GlyphWarning, TextWriter, unique_fonts

PAGE_SIZE = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 24 * mm
FOOTER_Y = 12 * mm
CREATOR = "G60Desk"


class RenderCancelled(Exception):
    """The caller's ``cancelled()`` turned true during layout; nothing was produced."""


class PdfError(UserError, ValueError):
    """The printout cannot be made; ``message`` is Chinese."""


@dataclass(frozen=True)
class PdfOptions:
    """What to print and how.

    ``projects``: 0-based indices to print (``None`` = all), printed in
    declaration order under their own numbers. ``summary``: print
    绩效目标设置情况 (``None`` = only when the whole declaration is printed).
    ``error_count``: errors the checker reported; > 0 prints a draft.
    ``creation_date``: ``None`` keeps the bytes reproducible (fixed date).
    ``font_cache``: folder for parsed fonts (faster start); ``None`` parses each time.
    ``progress(done, total)``: called as blocks are laid out (from reportlab's own
    progress events); ``cancelled()``: polled at the same moments, true stops the
    layout with :class:`RenderCancelled`.
    """

    projects: tuple[int, ...] | None = None
    summary: bool | None = None
    signatures: bool = True
    error_count: int = 0
    fonts: FontSet | None = None
    creation_date: datetime | None = None
    font_cache: Path | None = field(default_factory=default_cache_dir)
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)
    cancelled: Callable[[], bool] | None = field(default=None, compare=False)
    checks: tuple[ProjectCheck, ...] | None = None


@dataclass(frozen=True)
class RenderResult:
    data: bytes
    pages: int
    draft: bool
    warnings: tuple[GlyphWarning, ...] = field(default_factory=tuple)


def summary_sentence(decl: Declaration, template: Template) -> str:
    """The computed sentence of 绩效目标设置情况 (units, projects, 万元 total)."""
    return template.declaration_sentence(decl)


def selected_indices(decl: Declaration, projects: Sequence[int] | None) -> list[int]:
    """Validated, de-duplicated, in declaration order; raises :class:`PdfError`."""
    if projects is None:
        return list(range(len(decl.projects)))
    count = len(decl.projects)
    bad = sorted({i + 1 for i in projects if not 0 <= i < count})
    if bad:
        listed = "、".join(str(b) for b in bad)
        raise PdfError(f"没有第 {listed} 个项目(本申报共有 {count} 个项目)。")
    return sorted(set(projects))


class _Builder:
    """Assembles the story and collects glyph warnings on the way."""

    def __init__(self, decl: Declaration, template: Template, fonts: LoadedFontSet,
                 frame_width: float) -> None:
        self.decl = decl
        self.tpl = template
        self.st: Styles = make_styles(fonts)
        self.w = TextWriter(unique_fonts([fonts.song, fonts.fangsong, fonts.hei]))
        self.table = TargetTable(decl, template, self.w, fonts.song.name, frame_width)
        self.frame_width = frame_width

    def title(self) -> str:
        return self.tpl.title(department=self.decl.department.strip(), year=self.decl.year)

    def story(self, indices: Sequence[int], *, summary: bool, signatures: bool,
              checks: Sequence[ProjectCheck] | None = None) -> list[Flowable]:
        st, w, tpl = self.st, self.w, self.tpl
        # Each part of the furniture is the template's choice ([print]).
        out: list[Flowable] = []
        if tpl.prints("title"):
            out.append(w.para(self.title(), st.title, "标题(主管部门)"))
        if summary and tpl.prints("cover_sentence"):
            out.append(w.para(tpl.text["summary_heading"], st.heading, "模板文字"))
            out.extend(w.paras(summary_sentence(self.decl, tpl), st.body, "绩效目标设置情况"))
            if len(self.decl.declaring_units()) > 1:  # a department's roll-up: its 汇总表
                out += [Spacer(1, 6), self.table.unit_table(self.frame_width, checks), Spacer(1, 10)]
        for k, i in enumerate(indices):
            if k > 0:  # each project starts on a new page
                out.append(PageBreak())
            out.extend(self.project(i))
        if signatures and tpl.prints("signature") and tpl.signature_labels:
            out.append(self.signature_block())
        return out

    def project(self, i: int) -> list[Flowable]:
        st, w, tpl = self.st, self.w, self.tpl
        p = self.decl.projects[i]
        n = i + 1
        where = f"项目{n}“{p.name.strip() or '未命名'}”的"
        out: list[Flowable] = []
        if tpl.prints("narrative") and tpl.sections:
            out.append(w.para(tpl.text["narrative_heading"].format(n=n), st.heading, "模板文字"))
            for spec in tpl.sections:
                out.append(w.para(spec.title, st.section, "模板文字"))
                out.extend(w.paras(p.section(spec.key), st.body, where + spec.title))
        grid = self.table.flowable(p, n)
        title = w.para(tpl.text["table_title"].format(n=n), st.table_title, "模板文字")
        subtitle = w.para(tpl.text["table_subtitle"].format(year=self.decl.year),
                          st.table_subtitle, "模板文字")
        if out and tpl.prints("table_new_page"):
            # [print] table_new_page (default): the 填报表 starts on a page of its own
            # after the project's 项目经费情况说明, never mid-page.
            out += [PageBreak(), title, subtitle, grid]
            return out
        # The table title never stays alone at the foot of a page: it needs room
        # for itself and the first unbreakable part of the table.
        titles_h = sum(f.wrap(self.frame_width, 1000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                       for f in (title, subtitle))
        out += [CondPageBreak(titles_h + grid.first_part_height() + 2), title, subtitle, grid]
        return out

    def signature_block(self) -> Flowable:
        st, w = self.st, self.w
        labels = self.tpl.signature_labels
        sig = self.decl.signatures.as_dict()

        def cell(key: str) -> list[Flowable]:
            return [w.para(f"{labels[key]}:", st.signature, "模板文字")]

        def value(key: str) -> list[Flowable]:
            return [w.para(sig.get(key, ""), st.signature, f"签章栏“{labels[key]}”")]

        rows = [
            [cell("unit"), value("unit"), [], []],
            [cell("leader"), value("leader"), cell("preparer"), value("preparer")],
            [cell("phone"), value("phone"), cell("date"), value("date")],
        ]
        fw = self.frame_width
        widths = [0.24 * fw, 0.30 * fw, 0.14 * fw, 0.32 * fw]
        table = Table(rows, colWidths=widths, rowHeights=None, style=TableStyle([
            ("SPAN", (1, 0), (3, 0)),
            ("FONT", (0, 0), (-1, -1), st.signature.fontName, st.signature.fontSize),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LINEBELOW", (1, 0), (3, 0), 0.6, "black"),
            ("LINEBELOW", (1, 1), (1, 2), 0.6, "black"),
            ("LINEBELOW", (3, 1), (3, 2), 0.6, "black"),
            ("TOPPADDING", (0, 0), (-1, -1), 14),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ]))
        return KeepTogether([Spacer(1, 18), table])


def render_declaration(decl: Declaration, template: Template,
                       options: PdfOptions | None = None) -> RenderResult:
    """Render ``decl`` on ``template``; raise :class:`PdfError` for what cannot print.

    Fonts raise :class:`g60desk.pdf.fonts.FontError` (Chinese message) when unusable.
    """
    opts = options or PdfOptions()
    indices = selected_indices(decl, opts.projects)
    whole = opts.projects is None
    summary = whole if opts.summary is None else opts.summary
    fonts = load_font_set(opts.fonts, opts.font_cache)

    frame_w = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
    builder = _Builder(decl, template, fonts, frame_w)
    story = builder.story(indices, summary=summary, signatures=opts.signatures,
                          checks=opts.checks)
    data, pages, draft = lay_out(story, fonts, opts, title=builder.title(),
                                 author=decl.department.strip(), subject=template.name)
    return RenderResult(data=data, pages=pages, draft=draft,
                        warnings=tuple(builder.w.warnings))


def lay_out(story: list[Flowable], fonts: LoadedFontSet, opts: PdfOptions, *, title: str,
            author: str, subject: str, page_size: tuple[float, float] = PAGE_SIZE,
            ) -> tuple[bytes, int, bool]:
    """Set ``story`` on A4 pages with the furniture (watermark, 第X页 共Y页):
    (bytes, pages, draft). Shared by the declaration and the year's sheets."""
    page_w, page_h = page_size
    frame_w = page_w - MARGIN_LEFT - MARGIN_RIGHT
    furniture = Furniture(song=fonts.song.name, hei=fonts.hei.name, page_width=page_w,
                          page_height=page_h, footer_y=FOOTER_Y,
                          error_count=max(0, opts.error_count),
                          creation_date=opts.creation_date)
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=page_size, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
        author=author, subject=subject, creator=CREATOR,
        keywords="", lang="zh-CN", invariant=1,
        # Without this every page names Helvetica, a font that is not embedded.
        initialFontName=fonts.song.name, initialFontSize=WU_HAO, initialLeading=14.5)
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, frame_w, page_h - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(
        id="page", frames=[frame],
        onPage=lambda canv, _doc: furniture.draw_background(canv))])
    canvasmaker = canvas_class(furniture)
    if opts.progress is not None or opts.cancelled is not None:
        doc.setProgressCallBack(_progress_callback(opts))
    try:
        with _binary_streams():
            doc.build(story, canvasmaker=canvasmaker)
    except LayoutError as exc:  # pragma: no cover - the tables split; kept as a safety net
        raise PdfError(f"排版失败:有内容无法放入页面({exc})。") from None
    return buf.getvalue(), doc.page, furniture.draft


def _progress_callback(opts: PdfOptions) -> Callable[[str, int], None]:
    """reportlab's progress events → ``opts.progress`` and the cancel check."""
    # Split tables put their remainders back in the queue, so reportlab's count can
    # step back and pass its estimate: report a count that only rises.
    size, done = [1], [0]

    def on_event(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            size[0] = max(1, int(value))
        elif kind == "PROGRESS" and opts.progress is not None and int(value) > done[0]:
            done[0] = int(value)
            size[0] = max(size[0], done[0])
            opts.progress(done[0], size[0])
        if opts.cancelled is not None and opts.cancelled():
            raise RenderCancelled()

    return on_event


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed streams without the ASCII85 layer reportlab adds by default:
    about a quarter smaller and faster to write (PDF readers do not care)."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def check_glyphs(decl: Declaration, template: Template,
                 options: PdfOptions | None = None) -> list[GlyphWarning]:
    """The glyph warnings a render would give, without laying out pages."""
    opts = options or PdfOptions()
    indices = selected_indices(decl, opts.projects)
    summary = (opts.projects is None) if opts.summary is None else opts.summary
    fonts = load_font_set(opts.fonts, opts.font_cache)
    builder = _Builder(decl, template, fonts, PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT)
    builder.story(indices, summary=summary, signatures=opts.signatures)
    return builder.w.warnings


def write_pdf(decl: Declaration, template: Template, path: Path,
              options: PdfOptions | None = None) -> RenderResult:
    """Render and write ``path`` atomically (:func:`g60desk.fileio.write_output`), so a
    failure leaves no half PDF and never touches another file."""
    try:
        target = fileio.output_target(path)   # refuse a bad name before the rendering work
        result = render_declaration(decl, template, options)
        fileio.write_atomic(target, result.data)
    except fileio.FileWriteError as exc:
        raise PdfError(exc.message) from None
    return result
