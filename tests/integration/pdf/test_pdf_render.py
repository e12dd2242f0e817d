"""The printout of the reference declaration, read back from the PDF.

Covers every section's text, both templates, merged cells, fonts, page
furniture (footer, draft watermark, signatures), selections and reproducible
bytes. Long content is in test_pdf_long.py, the command line in test_pdf_cli.py.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from g60desk.domain.dates import format_date
from g60desk.domain.model import Declaration
from g60desk.domain.money import format_yuan
from g60desk.domain.targets import render_target
from g60desk.formspec import Template
from g60desk.pdf import PdfError, PdfOptions, check_glyphs, render_declaration, summary_sentence
from g60desk.pdf.document import MARGIN_LEFT, MARGIN_RIGHT, PAGE_SIZE
from g60desk.pdf.fonts import bundled_font, load_font
from g60desk.pdf.grid import PAD_X
from g60desk.pdf.linebreak import NO_LINE_START
from g60desk.pdf.styles import WU_HAO
from g60desk.pdf.table import column_widths
from g60desk.pdf.text import lines_of
from tests import factories
from tests.factories import FUNDING_KEYS
from tests.integration.pdf.pdf_text import Extracted, extract, render

ROOT = Path(__file__).resolve().parents[3]
# Where the lines of 项目总目标 start: the frame edge, the block column, the padding.
GOAL_X = MARGIN_LEFT + column_widths(0)[0] + PAD_X


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _footer_or_watermark(text: str) -> bool:
    if text == "草稿" or text.startswith("草稿:"):
        return True
    return bool(re.fullmatch(r"第\d+页 ?共\d+页", text))


# ---------------------------------------------------------------- sections


def test_title_and_summary(seed: Declaration, templates: dict[str, Template]) -> None:
    tpl = templates[seed.template]
    _, pdf = render(seed, templates)
    assert _squash(tpl.title(department=seed.department, year=seed.year)) in pdf.flat
    assert tpl.text["summary_heading"] in pdf.page_lines(1)
    assert _squash(summary_sentence(seed, tpl)) in pdf.flat
    assert "涉及项目预算资金796.00万元。" in pdf.flat   # the reference's figure


def test_each_project_has_its_narrative_with_seven_sections(
        seed: Declaration, templates: dict[str, Template]) -> None:
    tpl = templates[seed.template]
    _, pdf = render(seed, templates)
    lines = [r.text for r in pdf.lines]
    for n, project in enumerate(seed.projects, start=1):
        heading = tpl.text["narrative_heading"].format(n=n)
        assert heading in lines
        # The seven titles in order, after this project's heading.
        start = lines.index(heading)
        positions = [lines.index(s.title, start) for s in tpl.sections]
        assert positions == sorted(positions) and len(tpl.sections) == 7
        for spec in tpl.sections:
            for line in lines_of(project.section(spec.key)):
                assert _squash(line) in pdf.flat


def test_each_target_table_prints_every_field_amount_and_goal(
        seed: Declaration, templates: dict[str, Template]) -> None:
    tpl = templates[seed.template]
    _, pdf = render(seed, templates)
    lines = [r.text for r in pdf.lines]
    for n, p in enumerate(seed.projects, start=1):
        assert tpl.text["table_title"].format(n=n) in lines
        assert _squash(p.name) in pdf.flat
        assert p.values["category"] in lines
        assert format_date(factories.day(p, "start"), tpl.date_style) in lines
        assert format_date(factories.day(p, "end"), tpl.date_style) in lines
        assert _squash(p.goals["overall_goal"]) in _squash(pdf.column(GOAL_X, WU_HAO))
        for key in FUNDING_KEYS:
            assert format_yuan(p.funding.get(key)) in lines
    assert lines.count(tpl.text["table_subtitle"].format(year=seed.year)) == 4
    for label in [*(r.label for r in tpl.shape.funding_rows), tpl.label("department"), tpl.label("implementer"),
                  tpl.text["funding_block"], tpl.goals[1].label]:
        assert _squash(label) in pdf.flat
    # The amounts exactly as the reference prints them.
    for amount in ("5,100,000.00", "141,500.00", "1,518,500.00", "1,200,000.00", "0.00"):
        assert amount in lines


def test_every_indicator_row_is_printed(seed: Declaration,
                                        templates: dict[str, Template]) -> None:
    tpl = templates[seed.template]
    _, pdf = render(seed, templates)
    printed = Counter(r.text for r in pdf.lines)
    expected = Counter(render_target(i.target, tpl.value_style)
                       for p in seed.projects for i in p.indicators)
    for value, count in expected.items():
        assert printed[value] == count, value
    for p in seed.projects:
        for ind in p.indicators:
            assert _squash(ind.name) in pdf.flat
    assert printed["=3堂"] == 1 and printed[">=85%"] >= 3


def test_level1_and_level2_cells_are_merged_over_their_rows(
        seed: Declaration, templates: dict[str, Template]) -> None:
    # Project 2's table fits one page: 产出指标 covers three rows, printed once,
    # centred between its first and last row.
    _, pdf = render(seed, templates, PdfOptions(projects=(1,)))
    table = [r for r in pdf.lines if r.size == pytest.approx(10.5)]
    assert [r.text for r in table].count("产出指标") == 1
    assert [r.text for r in table].count("数量指标") == 1
    label = next(r for r in table if r.text == "产出指标")
    rows = [r for r in table if r.text in ("完成", "=100%", "及时") and r.page == label.page]
    ys = sorted(r.y for r in rows[:3])
    assert ys[0] < label.y < ys[-1]
    header = [r.text for r in table if r.page == label.page]
    assert header.index("一级指标") < header.index("二级指标") < header.index("三级指标") \
        < header.index("年度指标值")


def test_2026_template_prints_its_own_fields_and_value_style(
        seed_2026: Declaration, templates: dict[str, Template]) -> None:
    tpl = templates[seed_2026.template]
    _, pdf = render(seed_2026, templates)
    lines = [r.text for r in pdf.lines]
    assert "项目性质" in lines and "特定目标类" in lines
    assert "成本指标" in lines and "经济成本指标" in lines
    assert "≥90.00(%)" in lines
    assert _squash(tpl.shape.sides[0].target_header) in pdf.flat   # 年度(/项目)指标值
    assert "财政项目支出绩效目标申报表1" in lines
    assert "≤510.00(万元)" in lines
    # 成本指标 comes first in the grid, as in the template.
    assert lines.index("成本指标") < lines.index("产出指标")


# ---------------------------------------------------------------- fonts


def _fonts(data: bytes) -> list[dict[str, object]]:
    reader = PdfReader(io.BytesIO(data))
    out = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            out.append(font.get_object())
    return out


def test_every_font_is_embedded_truetype(seed: Declaration,
                                         templates: dict[str, Template]) -> None:
    result, _ = render(seed, templates)
    fonts = _fonts(result.data)
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType"
        descriptor = font["/FontDescriptor"].get_object()  # type: ignore[attr-defined]
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        assert "UMingCN" in str(font["/BaseFont"])


# ---------------------------------------------------------------- furniture


def test_footer_counts_pages(seed: Declaration, templates: dict[str, Template]) -> None:
    result, pdf = render(seed, templates)
    assert result.pages == len(pdf.pages) > 4
    for page in range(1, result.pages + 1):
        # (the space between the two halves is not a glyph, so it is not extracted)
        footer = [_squash(line) for line in pdf.page_lines(page)]
        assert f"第{page}页共{result.pages}页" in footer


def test_errors_make_a_draft_on_every_page(seed: Declaration,
                                           templates: dict[str, Template]) -> None:
    result, pdf = render(seed, templates, PdfOptions(error_count=3))
    assert result.draft
    for page in range(1, result.pages + 1):
        lines = pdf.page_lines(page)
        assert lines.count("草稿") == 1                      # the watermark
        assert any(line.startswith("草稿:") and "3处错误" in line for line in lines)


def test_an_error_free_declaration_prints_a_final_copy(seed: Declaration,
                                                       templates: dict[str, Template]) -> None:
    result, pdf = render(seed, templates, PdfOptions(error_count=0))
    assert not result.draft
    assert "草稿" not in pdf.text and "错误" not in pdf.text


def test_signature_block_prints_labels_values_and_blank_lines(
        seed: Declaration, templates: dict[str, Template]) -> None:
    tpl = templates[seed.template]
    seed.signatures.leader = "张三"
    seed.signatures.phone = "021-12345678"
    _, pdf = render(seed, templates)
    last = pdf.page_lines(len(pdf.pages))
    for label in tpl.signature_labels.values():
        assert f"{label}:" in _squash("".join(last)) or _squash(label) in _squash("".join(last))
    assert "张三" in last and "021-12345678" in last
    assert _squash(seed.signatures.unit) in _squash("".join(last))
    _, without = render(seed, templates, PdfOptions(signatures=False))
    assert "单位负责人" not in without.text


# ---------------------------------------------------------------- choices


def test_one_project_keeps_its_number_and_drops_the_summary(
        seed: Declaration, templates: dict[str, Template]) -> None:
    _, pdf = render(seed, templates, PdfOptions(projects=(3,)))
    lines = [r.text for r in pdf.lines]
    assert "项目经费情况说明4" in lines and "财政项目支出绩效目标填报表4" in lines
    assert "绩效目标设置情况" not in lines
    assert "课题与规划" in lines
    for n in (1, 2, 3):
        assert f"项目经费情况说明{n}" not in lines
        assert f"财政项目支出绩效目标填报表{n}" not in lines
    assert "G60科创走廊建设" not in lines
    for other in seed.projects[1:3]:
        assert _squash(other.name) not in pdf.flat


def test_a_selection_prints_in_declaration_order(seed: Declaration,
                                                 templates: dict[str, Template]) -> None:
    _, pdf = render(seed, templates, PdfOptions(projects=(3, 0, 3), summary=True))
    lines = [r.text for r in pdf.lines]
    assert lines.index("项目经费情况说明1") < lines.index("项目经费情况说明4")
    assert "项目经费情况说明2" not in lines
    assert "绩效目标设置情况" in lines


def test_a_project_that_does_not_exist_is_refused(seed: Declaration,
                                                  templates: dict[str, Template]) -> None:
    with pytest.raises(PdfError) as info:
        render_declaration(seed, templates[seed.template], PdfOptions(projects=(4,)))
    assert "没有第 5 个项目" in info.value.message


# ---------------------------------------------------------------- glyphs, kinsoku, bounds


def test_missing_glyphs_are_reported_by_field_and_character(
        seed: Declaration, templates: dict[str, Template]) -> None:
    seed.projects[1].goals["annual_goal"] += "𠀀"
    seed.projects[3].indicators[0].name = "评估😀报告"
    result, _ = render(seed, templates)
    found = {(w.char, w.field) for w in result.warnings}
    assert ("𠀀", "项目2“网络信息系统开发、升级、建设(历年已批复)”的年度总目标") in found
    assert ("😀", "项目4“课题与规划”的三级指标(第1行)") in found
    assert len(result.warnings) == 2
    message = result.warnings[0].message
    assert "𠀀" in message and "U+20000" in message and "AR PL UMing CN" in message
    assert check_glyphs(seed, templates[seed.template]) == list(result.warnings)


def test_no_printed_line_starts_with_closing_punctuation(
        seed: Declaration, templates: dict[str, Template]) -> None:
    seed.projects[0].sections["plan"] = "（一）项目说明：完成。”“（二）”，" * 200
    _, pdf = render(seed, templates)
    starts = [r.text[0] for r in pdf.lines if r.text]
    assert not [c for c in starts if c in NO_LINE_START]


def _assert_inside_frame(pdf: Extracted) -> None:
    font = load_font(bundled_font()).name
    left, right = MARGIN_LEFT, PAGE_SIZE[0] - MARGIN_RIGHT
    for r in pdf.lines:
        if _footer_or_watermark(r.text):
            continue
        width = stringWidth(r.text, font, r.size)
        assert r.x >= left - 0.5, r
        assert r.x + width <= right + 0.5, r
        assert 0 < r.y < PAGE_SIZE[1], r


def test_all_text_stays_inside_the_frame(seed: Declaration,
                                         templates: dict[str, Template]) -> None:
    _, pdf = render(seed, templates)
    _assert_inside_frame(pdf)


# ---------------------------------------------------------------- reproducible


def test_same_input_gives_byte_identical_pdf(seed: Declaration,
                                             templates: dict[str, Template]) -> None:
    tpl = templates[seed.template]
    first = render_declaration(seed, tpl).data
    second = render_declaration(seed, tpl).data
    assert first == second
    assert b"D:20000101000000" in first  # fixed date, not the clock
    # A fresh interpreter (different font registration history) gives the same bytes.
    script = (
        "import sys;"
        "from tests.integration.pdf.seed_2022 import seed_declaration;"
        "from g60desk.formspec import load_templates; from g60desk.paths import forms_dir;"
        "from g60desk.pdf import render_declaration;"
        "d = seed_declaration(); t = load_templates(forms_dir())[d.template];"
        "sys.stdout.buffer.write(render_declaration(d, t).data)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                         env=env, cwd=ROOT)
    assert out.stdout == first


def test_a_time_stamp_is_written_only_when_asked(seed: Declaration,
                                                 templates: dict[str, Template]) -> None:
    from datetime import datetime, timedelta, timezone

    when = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    data = render_declaration(seed, templates[seed.template],
                              PdfOptions(creation_date=when)).data
    assert b"D:20260301093000+08'00'" in data
    assert extract(data).pages  # still a readable PDF


def test_cached_and_parsed_fonts_give_the_same_bytes(seed: Declaration,
                                                     templates: dict[str, Template],
                                                     tmp_path: Path) -> None:
    from tests.unit.pdf.test_pdf_fonts import _forget_fonts

    tpl = templates[seed.template]
    _forget_fonts()
    parsed = render_declaration(seed, tpl, PdfOptions(font_cache=None)).data
    _forget_fonts()
    render_declaration(seed, tpl, PdfOptions(font_cache=tmp_path))   # writes the cache
    _forget_fonts()
    cached = render_declaration(seed, tpl, PdfOptions(font_cache=tmp_path)).data
    _forget_fonts()
    assert list(tmp_path.glob("*.face")) and cached == parsed


def test_pasted_control_and_invisible_characters_are_dropped(
        seed: Declaration, templates: dict[str, Template]) -> None:
    p = seed.projects[1]
    p.goals["annual_goal"] = "\ufeff第一段\u200b目标\r\n第二段\t目标\x07"
    p.sections["overview"] = "概述\u200e内容\r\n第二行"
    result, pdf = render(seed, templates, PdfOptions(projects=(1,)))
    lines = [r.text for r in pdf.lines]
    assert "第一段目标" in lines and "第二段 目标" in lines
    assert "概述内容" in lines and "第二行" in lines
    assert not result.warnings
    assert not any(ch in pdf.text for ch in "\ufeff\u200b\u200e\x07\r\t")
