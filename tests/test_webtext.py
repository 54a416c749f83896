"""The web-text reader: a scraped page's artifacts cleaned at parse time as Edits that replay exactly."""
from __future__ import annotations

from collections import Counter

import pytest

from build_scripts.ocr.audit import apply_edits, unaccounted_changes
from build_scripts.ocr.reader import decode_page
from build_scripts.ocr.webtext import boilerplate_start, parse_web_text
from build_scripts.pipeline import parse_file
from tests.conftest import ROOT

NATIONAL = ROOT / "source_texts" / "national-gwr"
WIKISOURCE_NOTICE = ("\n\n\n\n\n本作品是中华人民共和国的\n法律\n、\n法规\n，国家机关的决议、决定、命令和其他具有立法、行政、"
                     "司法性质的文件，及其官方正式译文。根据《\n中华人民共和国著作权法\n》第五条第一项，本作品不适用于该法，"
                     "属于\n公有领域\n。\n\n\n\n\nPublic domain\nPublic domain\nfalse\nfalse")


def parse(text: str):
    return parse_web_text(decode_page(text.encode("utf-8"), "page.txt"), "page", {})


def test_a_link_fragment_that_breaks_a_paragraph_is_joined_with_an_edit_of_its_own():
    doc = parse("各位代表：\n\n74个重点城市细颗粒物（PM\n2.5\n）浓度下降9.1%。\n")
    assert [b.text for b in doc.paragraphs()] == ["各位代表：", "74个重点城市细颗粒物（PM2.5）浓度下降9.1%。"]
    joins = [e for e in doc.edits if e.kind == "web-join"]
    assert [(e.before, e.after, e.line, e.column) for e in joins] == [("\n", "", 3, 15), ("\n", "", 4, 4)]
    assert all(e.anchor == "p2" for e in joins) and joins[0].offset == 14
    assert "link or formatting fragment" in joins[0].note


def test_a_line_of_zero_width_space_inside_a_word_is_joined_away():
    doc = parse("交出一份人\n\u200b\n民满意的答卷。\n")
    assert doc.paragraphs()[0].text == "交出一份人民满意的答卷。"
    assert [(e.kind, e.before) for e in doc.edits if e.kind == "web-join"] == [("web-join", "\n\u200b\n")]


def test_a_bold_lead_sentence_cut_from_its_paragraph_is_joined_and_read_as_a_run_in_heading():
    doc = parse("三、2022年政府工作任务\n\n（一）着力稳定宏观经济大盘。\n继续做好“六稳”、“六保”工作。\n")
    heading = doc.block("s3-1")
    assert heading.text == "（一）着力稳定宏观经济大盘" and heading.title == "着力稳定宏观经济大盘"
    assert doc.block("s3-1-p1").text == "继续做好“六稳”、“六保”工作。"
    assert "bold lead sentence" in next(e.note for e in doc.edits if e.kind == "web-join")


def test_the_wikisource_licence_notice_at_the_end_is_removed_as_boilerplate():
    text = "各位代表：\n\n让我们共同奋斗！" + WIKISOURCE_NOTICE
    doc = parse(text)
    assert [b.text for b in doc.blocks] == ["各位代表：", "让我们共同奋斗！"]
    (edit,) = [e for e in doc.edits if e.kind == "boilerplate"]
    assert edit.before == WIKISOURCE_NOTICE and edit.after == "" and (edit.line, edit.column) == (3, 9)
    assert "licence notice" in edit.note and edit.anchor == "p2"
    assert apply_edits(doc.raw_lines, doc.edits) == "各位代表：\n\n让我们共同奋斗！"


@pytest.mark.parametrize("notice", [
    "\n\n\n\n本作品来自中华人民共和国全国人民代表大会及其常务委员会的决定、决议。依据《\n中华人民共和国著作权法\n》第五条，"
    "本作品不适用于该法，所以属于\n公有领域\n。\n\n\n\n\nPublic domain\nfalse",
    "\n\n\n\nThis work is licensed under the Creative Commons Attribution-ShareAlike 4.0 License.\n\n\n\nCC BY-SA 4.0",
    "\n\n\n\n本文版权归原作者所有。\n\n\n\n版权所有 © 2020",
])
def test_boilerplate_is_recognised_by_its_shape_not_by_one_records_string(notice):
    text = "各位代表：\n\n会议决定批准这个报告。" + notice
    assert boilerplate_start(text) == len("各位代表：\n\n会议决定批准这个报告。")


def test_a_last_paragraph_that_mentions_copyright_is_text_not_boilerplate():
    text = "各位代表：\n\n要加强知识产权保护，修订著作权法。\n\n全年目标任务圆满完成。\n"
    assert boilerplate_start(text) is None  # no run of blank lines before it: part of the document
    text2 = "各位代表：\n\n\n\n\n要加强知识产权保护，修订著作权法，完善版权制度。\n"
    assert boilerplate_start(text2) is None  # after blank lines, but a sentence about copyright law, not a notice
    assert [b.text for b in parse(text).paragraphs()][-1] == "全年目标任务圆满完成。"


def test_paragraph_breaks_with_indentation_and_extra_blank_lines_are_edits():
    doc = parse("会议听取了报告。 \n\n\u3000\u3000会议认为，报告是好的。\n\n\n\n会议号召，团结奋斗。")
    assert [b.text for b in doc.paragraphs()] == ["会议听取了报告。", "会议认为，报告是好的。", "会议号召，团结奋斗。"]
    assert [(e.kind, e.before) for e in doc.edits] == [("spacing", " \n\n\u3000\u3000"), ("unwrap", "\n\n\n\n")]
    assert unaccounted_changes(doc) is None


def test_headings_parts_sections_ordinal_sub_headings_and_bare_numerals():
    doc = parse("各位代表：\n\n一、过去一年的工作\n\n第一，全国动员，大办农业\n\n（一）抓好两头。要抓好商品粮基地。\n\n"
                "第二，发展基础工业\n\n工业是主导。\n\n二\n\n结束语。")
    outline = [(b.anchor, b.level, b.title) for b in doc.headings()]
    assert outline == [("s1", 1, "过去一年的工作"), ("s1-1", 2, "全国动员，大办农业"), ("s1-1-i1", 3, "抓好两头"),
                       ("s1-2", 2, "发展基础工业"), ("s2", 1, None)]
    assert doc.block("s1-1-i1-p1").text == "要抓好商品粮基地。"
    assert doc.block("s1-2-p1").text == "工业是主导。" and doc.block("s2-p1").text == "结束语。"
    assert not any(b.implied for b in doc.blocks)  # a whole document: nothing implied from elsewhere


def test_a_numbered_list_inside_a_part_does_not_restart_the_parts():
    doc = parse("一、回顾\n\n二、任务\n\n三、改革\n\n一、充分认识改革的必要性\n\n二、充分认识改革的艰巨性\n\n"
                "三、充分认识改革中兼顾当前利益和长远利益、局部利益和全局利益的必要性，这是一段正文。\n\n"
                "四、充分认识改革的新形势\n\n四、外交政策")
    assert [(b.anchor, b.text) for b in doc.headings()] == [("s1", "一、回顾"), ("s2", "二、任务"), ("s3", "三、改革"),
                                                            ("s4", "四、外交政策")]
    # the list's 四、 continues its 三、 (a paragraph): an item, though part 四 would come next (1986's report)
    assert [b.anchor for b in doc.paragraphs()] == ["s3-p1", "s3-p2", "s3-p3", "s3-p4"]


def test_sections_before_ordinal_sub_headings_nest_the_other_way_round():
    doc = parse("（一）关于经济建设\n\n第一、大力提高经济效益\n\n正文。\n\n第二、合理分配国民收入\n\n（二）关于改革")
    assert [(b.anchor, b.level) for b in doc.headings()] == [("sec1", 2), ("sec1-i1", 3), ("sec1-i2", 3), ("sec2", 2)]


def test_a_text_ending_in_a_licence_notice_is_read_as_web_text_without_a_sidecar(page_file):
    path = page_file("各位代表：\n\n细颗粒物（PM\n2.5\n）浓度下降。" + WIKISOURCE_NOTICE)
    doc = parse_file(path)
    assert doc.input_format == "web-text" and doc.paragraphs()[-1].text == "细颗粒物（PM2.5）浓度下降。"


def test_every_national_document_replays_exactly_from_its_raw_text_and_edits():
    for page in sorted(NATIONAL.glob("*.txt")):
        doc = parse_file(page)
        assert unaccounted_changes(doc) is None, page
        assert not any(word in (b.text or "") for b in doc.blocks for word in ("Public domain", "本作品", "\u200b")), page


def test_the_national_reports_have_sensible_headings():
    def outline(doc_id):
        return [(b.anchor, b.text) for b in parse_file(NATIONAL / f"{doc_id}.txt").headings()]

    o2025 = outline("gwr-2025")
    assert o2025[:3] == [("s1", "一、2024年工作回顾"), ("s2", "二、2025年经济社会发展总体要求和政策取向"),
                         ("s3", "三、2025年政府工作任务")]
    assert [a for a, _ in o2025[3:]] == [f"s3-{n}" for n in range(1, 11)]
    assert o2025[3][1].startswith("（一）") and o2025[-1][1].startswith("（十）")
    y1978 = dict(outline("gwr-1978"))
    assert y1978["s3-1"] == "第一，全国动员，大办农业" and y1978["s3-6"].startswith("第六，坚持各尽所能")
    assert y1978["s3-1-i1"].startswith("（一）在普遍增产粮食的基础上抓好两头")
    doc1954 = parse_file(NATIONAL / "gwr-1954.txt")
    assert doc1954.headings() == [] and [b.anchor for b in doc1954.blocks] == [f"p{n}" for n in range(1, 96)]
    assert "們第一届全國人民代表大會" in doc1954.blocks[1].text  # traditional, as printed


def test_edit_kinds_over_the_national_collection():
    kinds = Counter(e.kind for page in NATIONAL.glob("*.txt") for e in parse_file(page).edits)
    assert set(kinds) == {"boilerplate", "web-join", "spacing", "unwrap", "run-in-heading"}
    assert kinds["boilerplate"] == 65  # 72 records, 7 without a notice
