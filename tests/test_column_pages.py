"""Pages the parser has never seen: national reports typeset by tests/columngen.py, an independent
generator, with every layout feature mixed at random. The per-feature scores are in
benchmarks/OCR_RESULTS.md; here: no crash, nothing lost, every change an Edit, and the heading rules."""
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.ocr.audit import unaccounted_changes
from build_scripts.ocr.reader import decode_page
from build_scripts.ocr.split import parse_page
from tests.columngen import CORPUS, Typesetter, content_key, load_reports, make_page

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="the national reports corpus is not mounted")


@pytest.fixture(scope="module")
def reports():
    return load_reports()


def parse_text(text: str):
    return parse_page(decode_page(text.encode("utf-8"), "column.txt"), "column", {})


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6))
def test_a_generated_column_with_mixed_features_parses_and_keeps_every_character(reports, seed):
    page = make_page(reports, seed)
    doc = parse_text(page.text)
    assert unaccounted_changes(doc) is None
    got = sum(content_key(b.text) for b in doc.blocks if b.text)
    assert got == sum(content_key(b.text) for b in page.blocks)


# The failure class seen on real pages: a section heading on its own short line, no closing 。, and a
# paragraph that opens with a lead sentence. The line is exactly as wide as an indented first line, so the
# layout alone cannot tell it from a run-in heading whose title wraps; the page's other section heading,
# which plainly stands alone, decides. Column: 21 em; first lines are indented two em.
def column(*blocks: tuple[str, int]) -> str:
    """Set (text, indent) blocks in a 21 em column, as print lines."""
    setter = Typesetter(21, random.Random(0), letter_spacing=0)
    return "".join(line + "\n" for text, indent in blocks for line, _ in setter.set(text, indent))


HEADING = "（一）纵深推进融入和服务全国统一大市场"  # 19 em: exactly an indented first line
BODY = "制定实施全国统一大市场建设指引，清理妨碍统一市场和公平竞争的政策措施，市场准入壁垒进一步破除。"
OPENING = ("一、2024年工作回顾", 0), ("过去一年，我们坚持稳中求进工作总基调，经济运行总体平稳、稳中有进，高质量发展扎实推进。", 2)
CLOSING = ("（二）着力扩大国内需求", 0), ("推动消费加快恢复，最终消费支出对经济增长的贡献率明显提高，内需拉动作用增强。", 2)
OWN_LINE = column(*OPENING, (HEADING, 0), ("突出重点事项攻坚。" + BODY, 2), *CLOSING)


def test_a_heading_on_its_own_short_line_ends_at_the_line_end():
    doc = parse_text(OWN_LINE)
    assert [h.text for h in doc.headings() if h.level == 2] == ["（一）纵深推进融入和服务全国统一大市场", "（二）着力扩大国内需求"]
    paragraph = doc.block("s1-1-p1")
    assert paragraph.text.startswith("突出重点事项攻坚。制定")
    assert paragraph.topic == "突出重点事项攻坚"
    assert not [e for e in doc.edits if e.certainty is not None]  # the next line is no full line: plain evidence


def test_a_heading_followed_by_an_unindented_paragraph_follows_the_page_and_is_flagged():
    # some newspapers do not indent the paragraph after a heading: then only the page's other heading (which
    # plainly stands alone) and the lead sentence speak for a heading on its own line, so it is flagged
    doc = parse_text(column(*OPENING, (HEADING, 0), ("突出重点事项攻坚。" + BODY, 0), *CLOSING))
    assert doc.block("s1-1").text == HEADING
    assert doc.block("s1-1-p1").topic == "突出重点事项攻坚"
    flagged = [e for e in doc.edits if e.certainty is not None]
    assert [(e.kind, e.line, e.certainty) for e in flagged] == [("break", 5, 0.8)]


def test_a_run_in_heading_ends_at_its_first_stop_where_text_runs_on_in_the_same_line():
    doc = parse_text(column(*OPENING, (HEADING + "。" + BODY, 2), *CLOSING))
    heading = doc.headings()[1]
    assert heading.title == "纵深推进融入和服务全国统一大市场"
    assert doc.block(f"{heading.anchor}-p1").text == BODY


@pytest.mark.parametrize("label, level", [("1.", 3), ("（1）", 3), ("第一，", 3), ("（一）", 2), ("一、", 1)])
@pytest.mark.parametrize("stop", ["", "。"])
def test_headings_on_their_own_line_are_found_under_every_scheme(label, level, stop):
    text = ("过去一年，我们坚持稳中求进工作总基调，经济\n运行总体平稳、稳中有进，高质量发展扎实推进。\n"
            f"{label}稳定和扩大就业{stop}\n"
            "就业是最基本的民生。我们强化就业优先政策，\n城镇新增就业1256万人。\n")
    doc = parse_text(text)
    (heading,) = [h for h in doc.headings(printed_only=True)]
    assert (heading.level, heading.text) == (level, f"{label}稳定和扩大就业")
    assert [p.text[:5] for p in doc.paragraphs()] == ["过去一年，", "就业是最基"]


def test_lead_phrases_are_topics_not_headings():
    text = ("过去一年，我们坚持稳中求进工作总基调\n，经济运行总体平稳、稳中有进，高质量发展扎实推\n进。\n"
            "一是着力扩大国内需求。推动消费加快恢\n复，社会消费品零售总额增长百分之七点二，最终消\n费支出贡献率较高。\n"
            "——持续改善民生。城镇新增就业一千二\n百五十六万人，居民收入增长与经济增长基本同步，\n稳就业。\n")
    doc = parse_text(text)
    assert not doc.headings(printed_only=True)
    assert [p.topic for p in doc.paragraphs()] == [None, "一是着力扩大国内需求", "——持续改善民生"]


# Print lines of a 23 em column, written out by hand: full lines are 23 em, first lines 21 em.
FULL_LINES = ("过去一年，我们坚持稳中求进工作总基调，经济\n"
              "运行总体平稳、稳中有进，高质量发展扎实推进，各\n"
              "项目标任务较好完成，社会大局保持稳定和谐，人民\n"
              "生活水平不断提高。\n")


def test_a_heading_title_never_ends_at_a_comma_so_a_short_line_ending_in_one_opens_the_paragraph():
    text = (FULL_LINES +
            "（二）推进社会主义和谐社会建设和民主法治\n"  # 20 em: a heading alone, or a title that wraps
            "社会和谐稳定，百姓安居乐业，\n"  # short, but ends at a comma: no title's last line
            "是广大人民的共同愿望，也是政府工作的重要任务，\n"
            "今年要认真贯彻落实。\n")
    doc = parse_text(text)
    assert [h.text for h in doc.headings(printed_only=True)] == ["（二）推进社会主义和谐社会建设和民主法治"]
    assert [p.text[:6] for p in doc.paragraphs()] == ["过去一年，我", "社会和谐稳定"]


def test_a_title_that_seems_to_wrap_onto_an_indented_first_line_before_a_full_line_stands_alone_flagged():
    # a 19 em column (first lines 17 em), as a generated page had it
    text = ("过去一年，我们坚持稳中求进工作总基\n"
            "调，经济运行总体平稳、稳中有进，高质量\n"
            "发展扎实推进，各项目标任务全面完成，社\n"
            "会大局保持稳定和谐。\n"
            "（三）加快推进产业结构升级和自主创新\n"  # 18 em, no stop: alone, or a title that wraps
            "坚持走新型工业化道路，着力优化产业\n"  # 17 em: an indented first line...
            "结构。重点是大力发展服务业，提升工业层\n"  # ...since the line after it is full
            "次和水平，继续推进国民经济和社会信息化。\n")
    doc = parse_text(text)
    assert [h.text for h in doc.headings(printed_only=True)] == ["（三）加快推进产业结构升级和自主创新"]
    assert doc.paragraphs()[-1].text.startswith("坚持走新型工业化道路")
    assert [(e.kind, e.line, e.certainty) for e in doc.edits if e.certainty is not None] == [("break", 5, 0.8)]


def test_a_label_line_flush_to_the_edge_at_the_page_end_is_a_heading_marked_for_review():
    doc = parse_text(FULL_LINES + "1.分批进行企业的全面整顿和必要改组工作的事项\n")  # 22 em: no indented line
    (heading,) = doc.headings(printed_only=True)
    assert (heading.level, heading.text) == (3, "1.分批进行企业的全面整顿和必要改组工作的事项")
    assert [(e.kind, e.certainty) for e in doc.edits if e.certainty is not None] == [("break", 0.7)]


def test_a_label_glued_to_a_year_is_still_a_label():
    doc = parse_text(FULL_LINES + "4.2009年主要任务\n今年的政府工作，要以应对国际金融危机、促进\n经济平稳较快发展为主线。\n")
    assert [h.text for h in doc.headings(printed_only=True)] == ["4.2009年主要任务"]


def test_a_numeral_after_a_line_ending_in_di_is_an_ordinal_not_a_label():
    doc = parse_text(FULL_LINES + "今年物价改革要办好几件事：一是提高运价，第\n"
                                  "二、统一制定信贷计划和金融政策，加强中国人民银\n行对专业银行的领导。\n")
    assert not doc.headings(printed_only=True)
    assert doc.paragraphs()[-1].text.startswith("今年物价改革要办好几件事：一是提高运价，第二、统一")


def test_a_run_in_heading_on_a_letter_spaced_line_ends_at_its_stop_and_every_edit_replays():
    text = (FULL_LINES +
            "（ 一 ） 2024 年 政 府 工 作 任 务 。 党 中 央 对\n"
            "今年工作作出了全面部署，我们要深入贯彻落实，\n"
            "扎实做好各项工作。\n")
    doc = parse_text(text)
    (heading,) = doc.headings(printed_only=True)
    assert heading.text == "（一）2024年政府工作任务"
    assert doc.block(f"{heading.anchor}-p1").text.startswith("党中央对今年工作")
    assert unaccounted_changes(doc) is None
    # the closed-up run is cut around the 。: each side keeps its own Edit, at its own column
    assert [(e.kind, e.before, e.after, e.column) for e in doc.edits if e.line == 5 and e.column >= 12][:3] == [
        ("despace", "年 政 府 工 作 任 务 ", "年政府工作任务", 12), ("run-in-heading", "。", "", 26),
        ("despace", " 党 中 央 对", "党中央对", 27)]
