"""Annotation: every glossary term in every block, longest match first, tolerant of quotes and spaces."""
from pathlib import Path

import pytest

from build_scripts.terms.annotate import annotate, glossary_report, occurrence_index
from build_scripts.terms.glossary import load_glossary, match_key
from build_scripts.model import Block, Document

GLOSSARY = Path(__file__).resolve().parent.parent / "source_texts" / "glossary"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(GLOSSARY)


@pytest.fixture(scope="module")
def annotated(seed_doc, glossary):
    annotate(seed_doc, glossary)
    return seed_doc


def one_block(text: str) -> Document:
    return Document("synthetic", "-", {}, [Block("paragraph", "p1", text, None)])


def found(doc: Document) -> list[tuple[str, str]]:
    return [(o.term_id, doc.block(o.anchor).text[o.start:o.end]) for b in doc.blocks for o in b.occurrences]


# Term → (the string counted, how often it is on the seed page). The count is a brute-force count: str.count of
# the string over every block's text with the quotation marks “” removed, headings included (see
# test_pinned_counts_are_brute_force_counts_of_the_page). None of these strings lies inside a longer term.
PINNED = {
    "sanda-gongjianzhan": ("三大攻坚战", 3),  # s2-p1, heading s2-1, s2-1-p5
    "lvliang-sanpian-guanghui-wenxian": ("三篇光辉文献", 3),
    "sige-yishi": ("四个意识", 2),
    "liuwen": ("六稳", 1),
    "liubao": ("六保", 1),
    "liangbuchou-sanbaozhang": ("两不愁三保障", 1),
    "tuopin-gongjian": ("脱贫攻坚", 7),  # one of them printed 脱贫攻坚战, a variant of the same term
    "quanmian-jiancheng-xiaokang-shehui": ("全面建成小康社会", 7),
    "lvliang-1-plus-n": ("1+N", 3),  # “1+N”工作举措, 杏花古村“1+N”项目, 雨污分流管网1+N
}


def brute_force_count(doc: Document, text: str) -> int:
    return sum(b.text.replace("“", "").replace("”", "").count(text) for b in doc.blocks if b.text)


def test_pinned_counts_are_brute_force_counts_of_the_page(seed_doc):
    assert {term_id: brute_force_count(seed_doc, text) for term_id, (text, _) in PINNED.items()} == {
        term_id: count for term_id, (_, count) in PINNED.items()}


def test_pinned_terms_are_found_as_often_as_they_are_printed(annotated, glossary):
    index = occurrence_index([annotated], glossary)
    assert {term_id: len(index[term_id]) for term_id in PINNED} == {term_id: n for term_id, (_, n) in PINNED.items()}


def test_headings_are_annotated_too(annotated):
    heading = annotated.block("s2-1")
    assert heading.text == "（一）全力打好三大攻坚战，加快补齐全面建成小康社会短板"
    assert found(Document("x", "-", {}, [heading])) == [
        ("sanda-gongjianzhan", "三大攻坚战"), ("quanmian-jiancheng-xiaokang-shehui", "全面建成小康社会")]


def test_every_span_is_one_of_its_terms_forms_with_its_quotes_paired(annotated, glossary):
    total = 0
    for block in annotated.blocks:
        for occ in block.occurrences:
            total += 1
            span = block.text[occ.start:occ.end]
            assert occ.anchor == block.anchor
            assert match_key(span) in {match_key(f) for f in glossary.by_id[occ.term_id].forms}, span
            assert span.count("“") == span.count("”"), span
            assert span == span.strip() and span[0] != "”" and span[-1] != "“", span
    assert total == 175  # 171 + terms added with the national archive: 低保, 实体经济 (2), 生态文明


def test_occurrences_are_sorted_and_never_overlap(annotated):
    for block in annotated.blocks:
        spans = [(o.start, o.end) for o in block.occurrences]
        assert spans == sorted(spans)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), block.anchor


def test_the_longest_match_wins_and_a_term_inside_it_is_not_tagged_again(glossary):
    doc = one_block("决战完胜脱贫攻坚战。抢抓黄河流域生态环境保护和高质量发展等国家战略，推动高质量发展。")
    annotate(doc, glossary)
    assert found(doc) == [
        ("tuopin-gongjian", "脱贫攻坚战"),
        ("huanghe-liuyu-shengtai-baohu-gaozhiliang-fazhan", "黄河流域生态环境保护和高质量发展"),
        ("gaozhiliang-fazhan", "高质量发展"),  # the second, on its own
    ]


def test_of_two_overlapping_matches_the_longer_wins_even_when_it_starts_later(glossary):
    # A constructed string: 十四五 (3 characters) and 五纵九横 (4) share the 五. Taking the leftmost match
    # would give 十四五; the longer match is taken first, and 十四五 no longer fits beside it.
    doc = one_block("十四五纵九横")
    annotate(doc, glossary)
    assert found(doc) == [("lvliang-wuzong-jiuheng", "五纵九横")]
    # Constructed too: 战略性新兴产业 (7) takes the 战 of 脱贫攻坚战 (5); the shorter form 脱贫攻坚 still fits.
    doc = one_block("脱贫攻坚战略性新兴产业")
    annotate(doc, glossary)
    assert found(doc) == [("tuopin-gongjian", "脱贫攻坚"), ("zhanluexing-xinxing-chanye", "战略性新兴产业")]


def test_a_series_of_quoted_parts_is_one_term_not_four(annotated):
    block = annotated.block("s2-6-p2")
    assert ("lvliang-sanxiao-siguan-wuzhongxin-liangzongbu", "“三校”“四馆”“五中心”“两总部”") in found(
        Document("x", "-", {}, [block]))


def test_a_nested_term_in_a_longer_tagged_one_is_not_double_tagged_on_the_page(annotated):
    texts = found(annotated)
    assert ("tuopin-gongjian", "脱贫攻坚") in texts
    assert ("lvliang-1916-niandu-xingdong-jihua", "“1916”年度行动计划") in texts  # after 脱贫攻坚, not swallowing it
    assert [t for t in texts if t[0] == "gaozhiliang-fazhan"] == [("gaozhiliang-fazhan", "高质量发展")] * 2


@pytest.mark.parametrize("text, span", [
    ("贯彻市委“1234”发展思路，", "“1234”发展思路"),
    ("贯彻市委1234发展思路，", "1234发展思路"),
    ("贯彻市委“1234发展思路”，", "1234发展思路"),
    ("贯彻市委“1234” 发展 思路，", "“1234” 发展 思路"),
])
def test_quotation_marks_and_leftover_spaces_do_not_hide_a_term(glossary, text, span):
    doc = one_block(text)
    annotate(doc, glossary)
    assert found(doc) == [("lvliang-1234-fazhan-silu", span)]


def test_spans_point_at_the_right_characters(annotated):
    block = annotated.block("s2-p1")
    spans = {o.term_id: (o.start, o.end) for o in block.occurrences}
    start = block.text.index("“1234”发展思路")
    assert spans["lvliang-1234-fazhan-silu"] == (start, start + len("“1234”发展思路"))
    start = block.text.index("六稳")
    assert spans["liuwen"] == (start, start + 2)


def test_a_number_formula_is_not_found_inside_a_longer_number(glossary):
    doc = one_block("实施21+N工程和1+3组合拳，19160人")
    annotate(doc, glossary)
    assert found(doc) == [("lvliang-1-plus-3", "1+3组合拳")]


def test_annotating_twice_gives_the_same_occurrences(glossary, seed_doc):
    annotate(seed_doc, glossary)
    first = [list(b.occurrences) for b in seed_doc.blocks]
    annotate(seed_doc, glossary)
    assert [list(b.occurrences) for b in seed_doc.blocks] == first


def test_the_glossary_report_gives_every_entry_with_its_count_and_anchors(seed_doc, glossary):
    import json

    report = glossary_report([seed_doc], glossary)
    assert len(report) == len(glossary)
    by_id = {entry["id"]: entry for entry in report}
    sige = by_id["sige-yishi"]
    assert sige["occurrences"] == 2
    assert sige["anchors"] == ["lvliang-2020-gwr#s1-8-p4", "lvliang-2020-gwr#s2-p1"]
    assert {"term", "pinyin", "pinyin_reviewed", "en", "en_alternates", "components", "explanation_en",
            "explanation_zh", "level", "category", "status", "note", "variants"} <= set(sige)
    assert sum(entry["occurrences"] for entry in report) == 175  # + 低保, 实体经济 (2), 生态文明 (national archive)
    json.dumps(report, ensure_ascii=False)  # JSON-ready: dates are strings


def test_a_numbered_plan_is_not_found_inside_a_printed_number(glossary):
    from build_scripts.terms.annotate import matcher_for

    matcher = matcher_for(glossary)

    def terms(text):
        return [(text[s:e], term_id) for s, e, term_id in matcher.find(text)]

    assert terms("一九九五年的计划") == []  # 九五, the Ninth Five-Year Plan, is not in the year 1995
    assert terms("三百八十六点六五斤") == []  # nor 六五 in a decimal
    assert terms("苏联帮助设计的“一五六项”建设工程") == []  # 156 projects, not 一五
    assert terms("“九五”计划") == [("九五", "jiuwu")]
    assert terms("“十三五”“十四五”规划")[0] == ("十三五", "shisanwu")  # a quotation mark ends a number
    assert [t for _, t in terms("“十三五”“十四五”规划")] == ["shisanwu", "shisiwu"]
