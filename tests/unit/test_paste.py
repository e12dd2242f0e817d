"""Cleaning pasted text: stray breaks joined, headings and list items kept, junk removed."""

from __future__ import annotations

from g60desk.services.paste import clean_pasted_text


def test_pdf_line_breaks_inside_a_sentence_are_joined() -> None:
    raw = ("《长三角 G60 科创走廊建设方案》指出“营造良好氛围,加强宣传引导,彰显品牌效应\r\n"
           "和资源集聚能力。”\r\n根据科技部等六部委联合印发的《建设方案》。")
    assert clean_pasted_text(raw) == (
        "《长三角 G60 科创走廊建设方案》指出“营造良好氛围,加强宣传引导,彰显品牌效应和资源集聚能力。”\n"
        "根据科技部等六部委联合印发的《建设方案》。")


def test_page_break_blank_line_inside_a_word_is_joined() -> None:
    raw = "重大产业项目、产业协同创新中心建设。健全区域政\n\n策协同机制,加强区域政策制定。"
    assert clean_pasted_text(raw) == "重大产业项目、产业协同创新中心建设。健全区域政策协同机制,加强区域政策制定。"


def test_list_items_and_headings_keep_their_breaks() -> None:
    raw = ("实施方案\n(一)课程开发:通过政府采购确定承担机构并完成课程开发工作\n"
           "(二)研究应用:面向社会公开遴选承担机构\n1、办公家具\n2、投影仪")
    assert clean_pasted_text(raw).split("\n") == [
        "实施方案", "(一)课程开发:通过政府采购确定承担机构并完成课程开发工作",
        "(二)研究应用:面向社会公开遴选承担机构", "1、办公家具", "2、投影仪"]


def test_tabs_odd_spaces_and_invisible_characters_are_removed() -> None:
    raw = "\u3000\u3000项目\t名称\u00a0\u200b:G60\tproject\u00ad\x0b办公场所运行保障"
    # The first line is long and ends mid-sentence, so the manual line break goes too.
    assert clean_pasted_text(raw) == "项目名称 :G60 project办公场所运行保障"


def test_latin_words_broken_across_lines_keep_a_space() -> None:
    raw = "the annual report of the research centre is\nsubmitted in time"
    assert clean_pasted_text(raw) == "the annual report of the research centre is submitted in time"


def test_empty_and_blank_input() -> None:
    assert clean_pasted_text("") == ""
    assert clean_pasted_text("\n \t\r\n") == ""
