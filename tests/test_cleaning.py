"""Each OCR repair, on real lines of the kind the pages hold. Every repair is an Edit."""
import pytest

from build_scripts.ocr.audit import unaccounted_changes
from build_scripts.ocr.clean import PrintLine, clean_line, is_letter_spaced
from build_scripts.ocr.reader import decode_page
from build_scripts.ocr.split import parse_page
from build_scripts.ocr.tape import Tape, tokens_for_line


def cleaned(line: str) -> tuple[str, list]:
    tape = Tape()
    pl = PrintLine(1, tokens_for_line(1, line))
    clean_line(tape, pl)
    return pl.text, tape.edits


def test_justified_line_spacing_is_removed():
    text, edits = cleaned("“13710”督 办 制 度 深 化 拓 展 ，政 府 效 能 不 断 提")
    assert text == "“13710”督办制度深化拓展，政府效能不断提"
    assert [e.kind for e in edits] == ["despace"]


def test_a_single_space_between_numbers_and_chinese_is_not_letter_spacing():
    assert not is_letter_spaced("600 元，特困供养标准和 65 周岁以上人员基础养")


@pytest.mark.parametrize("raw, clean", [
    ("600 元，特困供养标准和 65 周岁以上人员基础养", "600元，特困供养标准和65周岁以上人员基础养"),
    ("数字政府建设全面启动，“吕梁通”APP 上线运行。", "数字政府建设全面启动，“吕梁通”APP上线运行。"),
    ("加快孝义鹏飞集团与美国 GCES公司合作的氢能综", "加快孝义鹏飞集团与美国GCES公司合作的氢能综"),
    ("25万吨 LNG、80万吨合成氨", "25万吨LNG、80万吨合成氨"),
    ("Windows  10 系统", "Windows 10系统"),
])
def test_spacing_policy_no_space_between_chinese_and_numbers_or_latin(raw, clean):
    assert cleaned(raw)[0] == clean


@pytest.mark.parametrize("raw, clean", [
    ("消费市场开始活跃,一", "消费市场开始活跃，一"),
    ("架梁立柱、添砖加瓦!", "架梁立柱、添砖加瓦！"),
    ("城镇污水处理厂保(提)温措施", "城镇污水处理厂保（提）温措施"),
    ("争取临县、中阳农信社不良贷款出表.", "争取临县、中阳农信社不良贷款出表。"),
])
def test_ascii_punctuation_in_chinese_context_becomes_full_width(raw, clean):
    text, edits = cleaned(raw)
    assert text == clean
    assert edits and all(e.kind == "punct-width" for e in edits)


@pytest.mark.parametrize("kept", ["2×35万千瓦", "7.65 米", "1+N", "10:30开会", "1,000元", "劣V类", "5G网络", "太原-吕梁"])
def test_ascii_inside_number_and_latin_runs_is_kept(kept):
    assert cleaned(kept)[0] == kept.replace(" ", "")


def test_a_restorable_dropped_glyph_becomes_a_flagged_conjecture():
    text, edits = cleaned("发展的痛点堵点难点，以凤凰涅 的决心将改革")
    assert text == "发展的痛点堵点难点，以凤凰涅槃的决心将改革"
    (edit,) = edits
    assert edit.kind == "conjecture" and edit.after == "槃" and 0 < edit.certainty < 1
    assert "凤凰涅槃" in edit.note


def test_an_unrestorable_dropped_glyph_is_marked_as_a_gap_never_guessed():
    text, edits = cleaned("确保与全国全省同步全面建 小康社会。")
    assert text == "确保与全国全省同步全面建□小康社会。"
    assert [(e.kind, e.after, e.certainty) for e in edits] == [("gap", "□", None)]


def test_an_ambiguous_dropped_glyph_is_a_gap_that_names_the_candidates():
    text, edits = cleaned("坚决将改革进 到底！")
    assert "□" in text
    assert edits[0].kind == "gap" and "ambiguous" in edits[0].note


@pytest.mark.parametrize("marker, attr, page", [
    (" (上接1版) ", "continues_from_page", 1), ("（接第2版）", "continues_from_page", 2),
    (" （下转3版）", "continues_to_page", 3), ("(转4版)", "continues_to_page", 4),
])
def test_continuation_markers_become_metadata(marker, attr, page):
    body = "深入开展主题教育，严格落实主体责任，坚持不懈推进党风廉政建设。"
    text = marker + body if attr == "continues_from_page" else body + marker
    doc = parse_page(decode_page(text.encode(), "t.txt"), "t", {})
    assert getattr(doc, attr) == page
    assert doc.paragraphs()[0].text == body
    assert unaccounted_changes(doc) is None
