"""Paragraph styles of the printout, in Chinese type sizes (号).

五号 (10.5 pt) 宋体 for tables, 四号 (14 pt) 仿宋 for the narrative, 黑体 for
titles — the usual look of a printed 申报表.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from g60desk.pdf.fonts import LoadedFontSet

# Chinese type sizes in points.
ER_HAO = 22.0       # 二号
XIAO_ER = 18.0      # 小二
SAN_HAO = 16.0      # 三号
XIAO_SAN = 15.0     # 小三
SI_HAO = 14.0       # 四号
XIAO_SI = 12.0      # 小四
WU_HAO = 10.5       # 五号
XIAO_WU = 9.0       # 小五


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    section: ParagraphStyle
    body: ParagraphStyle
    table_title: ParagraphStyle
    table_subtitle: ParagraphStyle
    signature: ParagraphStyle


def make_styles(fonts: LoadedFontSet) -> Styles:
    song, fang, hei = fonts.song.name, fonts.fangsong.name, fonts.hei.name

    def style(name: str, font: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
        kw.setdefault("alignment", TA_LEFT)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading,
                              wordWrap="CJK", textColor=black, **kw)

    return Styles(
        title=style("title", hei, XIAO_ER, 28, alignment=TA_CENTER, spaceAfter=14),
        heading=style("heading", hei, SAN_HAO, 26, alignment=TA_CENTER,
                      spaceBefore=6, spaceAfter=10, keepWithNext=1),
        section=style("section", hei, SI_HAO, 24, spaceBefore=6, spaceAfter=2,
                      keepWithNext=1),
        body=style("body", fang, SI_HAO, 24, firstLineIndent=2 * SI_HAO),
        table_title=style("table_title", hei, XIAO_SAN, 22, alignment=TA_CENTER,
                          spaceBefore=10),
        table_subtitle=style("table_subtitle", song, XIAO_SI, 18, alignment=TA_CENTER,
                             spaceAfter=6),
        signature=style("signature", song, XIAO_SI, 20),
    )
