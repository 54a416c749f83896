"""The seed page, parsed: counts established by reading the page (see README "How boundaries were verified")."""
import re

from build_scripts.ocr.audit import unaccounted_changes
from build_scripts.chars import HAN_CLASS

PRINTED_HEADINGS = [
    ("s1-8", 2, "（八）", "（八）全面加强自身建设，政府治理能力不断提高"),
    ("s2", 1, "二", "二、2020年工作安排"),
    ("s2-1", 2, "（一）", "（一）全力打好三大攻坚战，加快补齐全面建成小康社会短板"),
    ("s2-2", 2, "（二）", "（二）全面贯彻新发展理念，实施千亿产业培育工程"),
    ("s2-3", 2, "（三）", "（三）持续推进项目建设大会战，保持经济平稳健康发展"),
    ("s2-4", 2, "（四）", "（四）持续深化重点领域改革，不断激发高质量转型发展动力活力"),
    ("s2-5", 2, "（五）", "（五）实施创新驱动开放发展战略，培育壮大新动能"),
    ("s2-6", 2, "（六）", "（六）加快提升城市能级和核心竞争力，全力打造区域性中心城市"),
]

# The first characters of every paragraph, in reading order, as read off the page by a person.
PARAGRAPH_STARTS = {
    "s1-7": ["农村建档立卡"],
    "s1-8": ["深入开展“不忘", "各位代表！今年以来", "各位代表！过去的一年", "在肯定成绩的同时"],
    "s2": ["2020年是全面建成", "今年经济社会发展的主要预期目标", "2020年指标设定", "各位代表，受疫情影响",
           "在统筹做好各项工作的基础上"],
    "s2-1": ["坚持问题导向", "决战完胜脱贫攻坚战", "坚决打赢污染防治攻坚战", "全力打好防范化解重大风险攻坚战",
             "各位代表！三大攻坚战"],
    "s2-2": ["坚持转型为纲", "加快发展现代绿色煤化工产业", "大力发展铝镁新材料产业", "大力推动酒与文化旅游",
             "培育壮大战略性新兴产业", "加快发展文化旅游产业为重点", "改造提升钢铁、机械制造业", "各位代表！吕梁转型"],
    "s2-3": ["项目是第一要务", "实施一批重大产业转型项目", "实施一批重大基础设施建设项目", "实施一批社会民生事业项目",
             "各位代表！转型出雏形"],
    "s2-4": ["坚持改革为要", "扎实开展能源革命综合改革试点", "推动开发区提质升级", "有效激发市场主体活力",
             "深化农业农村改革", "各位代表！改革始终是"],
    "s2-5": ["创新为上既是", "全面提升企业技术创新能力", "大力推动产学研深度合作", "加大高层次人才引进力度",
             "大力提升开放型经济水平", "着力提高招商引资精准度", "各位代表！创新是发展的第一动力"],
    "s2-6": ["统筹平川与山区开发", "开展中心城市建设行动", "开展县城品质提升行动", "各位代表！城市发展是"],
}


def test_the_eight_printed_headings_are_found_with_their_text(seed_doc):
    found = [(b.anchor, b.level, b.label, b.text) for b in seed_doc.headings(printed_only=True)]
    assert found == PRINTED_HEADINGS


def test_the_page_starts_inside_section_seven_of_part_one_whose_titles_are_unknown(seed_doc):
    implied = [b for b in seed_doc.headings() if b.implied]
    assert [(b.anchor, b.label, b.title, b.text) for b in implied] == [("s1", "一", None, None), ("s1-7", "（七）", None, None)]
    first = seed_doc.paragraphs()[0]
    assert first.anchor == "s1-7-c1" and first.parent == "s1-7"
    assert first.continued_from_previous_page


def test_every_paragraph_boundary_matches_a_reading_of_the_page(seed_doc):
    by_parent: dict[str, list[str]] = {}
    for p in seed_doc.paragraphs():
        by_parent.setdefault(p.parent, []).append(p.text)
    assert list(by_parent) == list(PARAGRAPH_STARTS)
    for parent, starts in PARAGRAPH_STARTS.items():
        texts = by_parent[parent]
        assert len(texts) == len(starts), parent
        for text, start in zip(texts, starts):
            assert text.startswith(start), (parent, text[:20], start)
    assert len(seed_doc.paragraphs()) == 45


def test_paragraph_anchors_follow_the_documents_numbering(seed_doc):
    anchors = [p.anchor for p in seed_doc.paragraphs()]
    assert anchors[:6] == ["s1-7-c1", "s1-8-p1", "s1-8-p2", "s1-8-p3", "s1-8-p4", "s2-p1"]
    assert "s2-1-p2" in anchors and "s2-6-p4" == anchors[-1]
    assert len(set(anchors)) == len(anchors)


def test_lead_sentences_become_paragraph_topics(seed_doc):
    assert seed_doc.block("s2-1-p2").topic == "决战完胜脱贫攻坚战"
    assert seed_doc.block("s2-5-p3").topic == "大力推动产学研深度合作和科技成果转化"
    assert seed_doc.block("s2-1-p5").topic is None  # 各位代表！ addresses the delegates; it is no topic
    # 23 paragraphs open with a lead sentence: 3 in （一）, 6 in （二）, 3 in （三）, 4 in （四）, 5 in （五）, 2 in （六）
    topical = [p.anchor for p in seed_doc.paragraphs() if p.topic]
    assert len(topical) == 23
    assert [a.rsplit("-", 1)[0] for a in topical].count("s2-2") == 6


def test_the_dropped_glyph_is_restored_as_a_flagged_conjecture(seed_doc):
    conjectures = [e for e in seed_doc.edits if e.kind == "conjecture"]
    assert len(conjectures) == 1
    edit = conjectures[0]
    assert (edit.before, edit.after, edit.line, edit.anchor) == (" ", "槃", 856, "s2-4-p6")
    assert 0 < edit.certainty < 1
    block = seed_doc.block(edit.anchor)
    assert block.text[edit.offset - 3:edit.offset + 1] == "凤凰涅槃"
    assert not [e for e in seed_doc.edits if e.kind == "gap"]


def test_continuation_markers_leave_the_text_and_become_metadata(seed_doc):
    assert (seed_doc.continues_from_page, seed_doc.continues_to_page) == (1, 3)
    markers = [e for e in seed_doc.edits if e.kind == "marker"]
    assert [(m.line, m.before.strip()) for m in markers] == [(1, "(上接1版)"), (1072, "（下转3版）")]
    assert not any(re.search("上接|下转", b.text or "") for b in seed_doc.blocks)


def test_no_letter_spaced_or_ascii_punctuated_chinese_is_left(seed_doc):
    for block in seed_doc.blocks:
        text = block.text or ""
        assert " " not in text, block.anchor
        assert not re.search(f"[{HAN_CLASS}][,!?;:()]|[,!?;:()][{HAN_CLASS}]", text), block.anchor
    despaced = [e.after for e in seed_doc.edits if e.kind == "despace"]
    assert despaced == ["督办制度深化拓展，政府效能不断提", "大力推动产学研深度合作和科技成果转"]
    widened = [(e.line, e.before, e.after) for e in seed_doc.edits if e.kind == "punct-width"]
    assert widened == [(81, ",", "，"), (87, ",", "，"), (721, "!", "！")]


def test_ascii_inside_numbers_and_latin_is_kept(seed_doc):
    text = "".join(p.text for p in seed_doc.paragraphs())
    for kept in ["2×35万千瓦", "7.65米", "GCES公司", "5G基础网络", "劣V类", "“1+N”", "80.9%", "2.9万元", "APP上线"]:
        assert kept in text, kept


def test_the_ambiguous_one_line_paragraph_is_joined_and_flagged(seed_doc):
    flagged = [e for e in seed_doc.edits if e.kind == "unwrap" and e.certainty is not None]
    assert [(e.line, e.anchor, e.certainty) for e in flagged] == [(220, "s2-p2", 0.5)]
    assert seed_doc.block("s2-p2").text.endswith("以内。各项约束性指标不折不扣完成省下达任务。")


def test_edits_account_for_every_change_to_the_raw_page(seed_doc):
    assert unaccounted_changes(seed_doc) is None


def test_every_han_character_of_the_source_is_kept_or_in_an_edit(seed_doc):
    from collections import Counter

    raw = Counter(c for c in "\n".join(seed_doc.raw_lines) if re.match(f"[{HAN_CLASS}]", c))
    kept = Counter(c for b in seed_doc.blocks for c in (b.text or "") if re.match(f"[{HAN_CLASS}]", c))
    removed = Counter(c for e in seed_doc.edits for c in e.before if re.match(f"[{HAN_CLASS}]", c))
    added = Counter(c for e in seed_doc.edits for c in e.after if re.match(f"[{HAN_CLASS}]", c))
    assert raw == kept - added + removed
    assert sum(raw.values()) > 9000  # the page has about 9,900 Han characters


def test_source_lines_point_back_at_the_raw_page(seed_doc):
    block = seed_doc.block("s2-1-p2")
    first, last = block.source_lines
    assert seed_doc.raw_lines[first - 1].startswith("决战完胜脱贫攻坚战")
    assert seed_doc.raw_lines[last - 1].startswith("故事，交好吕梁答卷！")
