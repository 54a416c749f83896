"""Translations as validated data (source_texts/translations/SCHEMA.md): the schema, the terminology and
number checks against the Chinese, waivers, coverage, and the `check` and `translation` commands."""
from __future__ import annotations

import json
import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from build_scripts.cli import main
from build_scripts.errors import UserError
from build_scripts.terms.glossary import load_glossary
from build_scripts.model import Block, Document
from build_scripts.translation.quantities import chinese_numerals, chinese_quantities, compare, english_quantities
from build_scripts.translation.renderings import find_renderings
from build_scripts.translation.translations import (check_translation, coverage_report, coverage_summary, load_translation,
                                       missing_segments, read_translation, translations_for)
from tests.conftest import ROOT, SEED_PAGE

SEED_TRANSLATION = ROOT / "source_texts" / "translations" / "en" / "lvliang-2020-gwr.yml"

GLOSSARY = """\
- id: liuwen
  term: 六稳
  pinyin: liù wěn
  pinyin_reviewed: true
  en:
    text: stability on six fronts
    source: {publisher: Xinhua, title: T, url: "https://example.org/a", quote: stability on six fronts}
  en_alternates:
    - text: stability in six areas
      source: {publisher: Xinhua, title: T, url: "https://example.org/b", quote: stability in six areas}
  explanation_en: Six areas to keep stable.
  explanation_zh: 六个方面的稳定。
  level: national
  category: economy
  status: verified
- id: lvliang-1234-fazhan-silu
  term: “1234”发展思路
  pinyin: 1234 fāzhǎn sīlù
  pinyin_reviewed: true
  en:
    text: the "1234" development approach
    source: {publisher: Lüliang, title: T, url: "https://example.org/c", quote: the 1234 development approach}
  explanation_en: The city's development approach.
  explanation_zh: 吕梁市的发展思路。
  level: municipal
  category: economy
  status: verified
- id: changtaihua-yiqing-fangkong
  term: 常态化疫情防控
  pinyin: chángtàihuà yìqíng fángkòng
  pinyin_reviewed: true
  en:
    text: routine (COVID-19) prevention and control
    source: {publisher: Xinhua, title: T, url: "https://example.org/d", quote: routine prevention and control}
  explanation_en: Epidemic control as a routine.
  explanation_zh: 常态化的疫情防控。
  level: national
  category: epidemic
  status: verified
"""

# A small document: part 一 is implied (printed on an earlier page), then part 二 with two paragraphs.
BLOCKS = [
    ("heading", "s1", None),
    ("paragraph", "s1-c1", "全面做好“六稳”工作，贯彻市委“1234”发展思路。"),
    ("heading", "s2", "二、2020年工作安排"),
    ("paragraph", "s2-p1", "投资规模将达到650亿元以上，增长7%以上和8%以上。"),
    ("paragraph", "s2-p2", "争取临县京能2×35万千瓦发电机组并网，建成54万亩省级营造林。"),
]

GOOD = {
    "s1-c1": 'We will ensure stability on six fronts and follow the "1234" development approach.',
    "s2": "II. Work Plan for 2020",
    "s2-p1": "Investment will exceed 65 billion yuan, growing by over 7% and 8% respectively.",
    "s2-p2": "We will connect the Jingneng 2 × 350 MW generating units to the grid and plant 540,000 mu of forest.",
}


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    folder = tmp_path_factory.mktemp("glossary")
    (folder / "terms.yml").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(folder)


@pytest.fixture
def doc():
    blocks = []
    for i, (kind, anchor, text) in enumerate(BLOCKS):
        implied = text is None
        blocks.append(Block(kind, anchor, text, None if implied else (i, i), implied=implied))
    return Document("demo", "demo.txt", {}, blocks)


def yaml_file(tmp_path: Path, segments: dict[str, str] | str, name: str = "demo.yml", header: str | None = None,
              status: str = "draft") -> Path:
    """A translation file: the standard header and one segment per (anchor, text), or raw YAML text."""
    if header is None:
        header = ("schema: duizhao-translation/1\ndocument: demo\nlanguage: en\ntitle: Demo\n"
                  "translator: A. Translator\nlabel: Unofficial editorial translation.\n")
    if isinstance(segments, dict):
        body = "segments:\n" + "".join(f"  - anchor: {a}\n    status: {status}\n    text: {json.dumps(t)}\n"
                                       for a, t in segments.items())
    else:
        body = textwrap.dedent(segments)
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def problems_for(tmp_path, doc, glossary, segments) -> list[str]:
    return check_translation(load_translation(yaml_file(tmp_path, segments)), doc, glossary)


# ---- the schema ------------------------------------------------------------------------------------

def test_a_valid_file_loads_with_segments_in_file_order(tmp_path):
    translation = load_translation(yaml_file(tmp_path, """\
        segments:
          - anchor: s2
            status: reviewed
            text: II. Work Plan for 2020
          - anchor: s2-p1
            status: draft
            text: Investment will exceed 65 billion yuan.
            waivers:
              - term: 六稳
                reason: rendered by its components
        """))
    assert (translation.document, translation.language, translation.translator) == ("demo", "en", "A. Translator")
    assert list(translation.segments) == ["s2", "s2-p1"]
    segment = translation.segments["s2-p1"]
    assert (segment.status, segment.line) == ("draft", 11)
    assert segment.waivers[0].term == "六稳" and segment.waivers[0].line == 15


@pytest.mark.parametrize("segments, line, problem", [
    ("segments:\n  - anchor: s2\n    status: final\n    text: II.\n", 9, "'status' must be one of draft, reviewed"),
    ("segments:\n  - anchor: s2\n    status: draft\n    text: ''\n", 10, "'text' must not be empty"),
    ("segments:\n  - anchor: s2\n    status: draft\n", 8, "missing required key 'text'"),
    ("segments:\n  - anchor: s2\n    status: draft\n    text: II.\n    waivers:\n      - term: 六稳\n", 12,
     "missing required key 'reason'"),
    ("segments:\n  - anchor: s2\n    status: draft\n    text: II.\n    waivers:\n      - {term: 六稳, quantity: '7%', "
     "reason: r}\n", 12, "either a 'term' or a 'quantity'"),
    ("segments:\n  - anchor: s2\n    status: draft\n    text: II.\n  - anchor: s2\n    status: draft\n    text: II.\n",
     11, "duplicate anchor 's2' (first at line 8)"),
    ("segments:\n  - anchor: s2\n    status: draft\n    text: II.\n    note: x\n", 11, "unknown key 'note'"),
    ("segments:\n  - anchor: Part 2\n    status: draft\n    text: II.\n", 8, "is not an anchor"),
    ("segments: []\nextra: 1\n", 8, "unknown key 'extra'"),
])
def test_each_schema_error_is_one_file_line_problem(tmp_path, segments, line, problem):
    path = yaml_file(tmp_path, segments)
    _, problems = read_translation(path)
    assert len(problems) == 1, problems
    assert str(problems[0]).startswith(f"{path}:{line}: ") and problem in str(problems[0])
    with pytest.raises(UserError) as err:
        load_translation(path)
    assert str(err.value) == str(problems[0])


@pytest.mark.parametrize("header, line, problem", [
    ("document: demo\nlanguage: en\ntitle: T\nlabel: L\n", 1, "missing required key 'schema'"),
    ("schema: duizhao-translation/9\ndocument: demo\nlanguage: en\ntitle: T\ntranslator: me\nlabel: L\n", 1,
     "'schema' must be one of duizhao-translation/1"),
    ("schema: duizhao-translation/1\ndocument: demo\nlanguage: en\ntitle: T\ntranslator: ' '\nlabel: L\n", 5,
     "must not be empty"),
    ("schema: duizhao-translation/1\ndocument: other\nlanguage: en\ntitle: T\ntranslator: me\nlabel: L\n", 2,
     "the file must be named other.yml"),
])
def test_header_errors_point_at_their_line(tmp_path, header, line, problem):
    path = yaml_file(tmp_path, "segments: []\n", header=header)
    _, problems = read_translation(path)
    assert len(problems) >= 1 and str(problems[0]).startswith(f"{path}:{line}: ")
    assert problem in str(problems[0])


def test_translations_are_found_by_document_id(tmp_path):
    folder = tmp_path / "translations" / "en"
    folder.mkdir(parents=True)
    yaml_file(folder, {"s2": "II. Work Plan for 2020"})
    found = translations_for(tmp_path, "en")
    assert list(found) == ["demo"] and found["demo"].segments["s2"].text == "II. Work Plan for 2020"
    assert translations_for(tmp_path, "fr") == {}


def test_a_file_in_the_wrong_language_folder_is_refused(tmp_path):
    folder = tmp_path / "translations" / "fr"
    folder.mkdir(parents=True)
    yaml_file(folder, {"s2": "II."})
    with pytest.raises(UserError, match=r"demo.yml:3: language 'en' is in the folder fr/"):
        translations_for(tmp_path, "fr")


# ---- anchors and coverage --------------------------------------------------------------------------

def test_a_good_translation_has_no_problems(tmp_path, doc, glossary):
    assert problems_for(tmp_path, doc, glossary, GOOD) == []


def test_an_unknown_anchor_is_an_error_never_dropped(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, {**GOOD, "s2-p9": "A paragraph the page does not have."})
    problems = check_translation(load_translation(path), doc, glossary)
    assert problems == [f"{path}:20: s2-p9: no heading or paragraph of demo has this anchor"]


def test_an_implied_heading_cannot_be_translated(tmp_path, doc, glossary):
    problems = problems_for(tmp_path, doc, glossary, {"s1": "Part One", **GOOD})
    assert len(problems) == 1 and "s1: an implied heading (printed on another page)" in problems[0]


def test_segments_out_of_document_order_are_reported(tmp_path, doc, glossary):
    swapped = {"s2-p1": GOOD["s2-p1"], "s2": GOOD["s2"]}
    assert [p.split(": ", 1)[1] for p in problems_for(tmp_path, doc, glossary, swapped)] == [
        "s2: out of document order (the page has it before s2-p1)"]


def test_untranslated_blocks_are_missing_not_violations(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, {"s2": GOOD["s2"]})
    translation = load_translation(path)
    assert check_translation(translation, doc, glossary) == []
    assert missing_segments(translation, doc) == [f"{path}:8: s1-c1: not translated (demo.txt:1)",
                                                  f"{path}:8: s2-p1: not translated (demo.txt:3)",
                                                  f"{path}:8: s2-p2: not translated (demo.txt:4)"]


def test_coverage_counts_blocks_translated_missing_and_status(tmp_path, doc, glossary):
    good = load_translation(yaml_file(tmp_path, {k: v for k, v in GOOD.items() if k != "s2-p2"}))
    good.segments["s2"].status = "reviewed"
    report = coverage_report([doc], glossary, {"demo": good})
    row = report["documents"][0]
    assert {k: row[k] for k in ("blocks", "translated", "missing", "draft", "reviewed", "violations")} == {
        "blocks": 4, "translated": 3, "missing": 1, "draft": 2, "reviewed": 1, "violations": 0}
    assert row["missing_anchors"] == ["s2-p2"]
    assert coverage_summary(report) == ("translation en: 3/4 blocks translated (2 draft, 1 reviewed), "
                                        "0 consistency violations")


def test_a_document_without_translation_counts_every_block_as_missing(doc, glossary):
    report = coverage_report([doc], glossary, {})
    assert report["total"]["missing"] == 4 and report["documents"][0]["translation"] is None
    assert coverage_summary(report).startswith("translation en: 0/4 blocks translated")


# ---- terminology -----------------------------------------------------------------------------------

def test_a_missing_glossary_rendering_is_reported_at_the_segment(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, {**GOOD, "s1-c1": 'We will keep six things stable and follow the "1234" '
                                                  'development approach.'})
    assert check_translation(load_translation(path), doc, glossary) == [
        f"{path}:8: s1-c1: 六稳: the English has no glossary rendering of it (stability on six fronts | "
        "stability in six areas)"]


def test_a_term_waiver_accepts_another_rendering(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, """\
        segments:
          - anchor: s1-c1
            status: draft
            text: We will keep six things stable and follow the "1234" development approach.
            waivers:
              - term: 六稳
                reason: the six are named just before
        """)
    assert check_translation(load_translation(path), doc, glossary) == []


def test_a_stale_term_waiver_is_reported(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, """\
        segments:
          - anchor: s2
            status: draft
            text: II. Work Plan for 2020
            waivers:
              - term: 六稳
                reason: left over from an earlier draft
              - term: 七稳
                reason: not a term at all
        """)
    assert check_translation(load_translation(path), doc, glossary) == [
        f"{path}:12: s2: 六稳: stale waiver: the term does not occur in this block",
        f"{path}:14: s2: 七稳: the waiver names no glossary term (give the entry's `term` exactly)"]


def test_a_term_waiver_is_unneeded_when_the_rendering_is_there(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, """\
        segments:
          - anchor: s1-c1
            status: draft
            text: We will ensure stability on six fronts and follow the "1234" development approach.
            waivers:
              - term: 六稳
                reason: no longer true
        """)
    assert check_translation(load_translation(path), doc, glossary) == [
        f"{path}:12: s1-c1: 六稳: unneeded waiver: the English has a glossary rendering of it (remove the waiver)"]


@pytest.mark.parametrize("english", [
    "We ensure Stability on Six Fronts.",  # case
    "We ensure “stability   on six\nfronts”.",  # curly quotes, whitespace
    "the ‘1234’ development approach",  # quotes of another kind
    "the \"1234\" development approach",
    "follow The “1234” Development Approach",
    "“1234” development approaches",  # no "the", a plural
    "routine prevention and control",  # the parenthesis left out
    "routine COVID-19 prevention and control",  # the parenthesis taken in
    "routine (COVID-19) prevention and control",
])
def test_renderings_are_recognised_as_a_reader_would(english):
    renderings = ["stability on six fronts", 'the "1234" development approach',
                  "routine (COVID-19) prevention and control"]
    assert find_renderings(renderings, english)


@pytest.mark.parametrize("english", ["stability on six frontiers", "instability on six fronts",
                                     "routine control"])
def test_a_rendering_inside_another_word_is_not_found(english):
    assert find_renderings(["stability on six fronts", "routine (COVID-19) prevention and control"], english) == []


# ---- numbers ---------------------------------------------------------------------------------------

def values(quantities, soft=False):
    return [(q.value.normalize(), q.dimension) for q in quantities if q.soft == soft]


def v(number, dimension=None):
    return (Decimal(number).normalize(), dimension)


@pytest.mark.parametrize("chinese, expected", [
    ("投资规模将达到650亿元以上", [v("65000000000")]),
    ("35万千瓦", [v("350000000", "W")]),  # in watts: 350,000 kW = 350 MW
    ("2×35万千瓦", [v(2), v("350000000", "W")]),  # each factor
    ("2×10万吨有机肥", [v(2), v(100000)]),
    ("增长12.5%", [v("12.5")]),
    ("百分之五十", [v(50)]),
    ("1.2万户", [v(12000)]),
    ("3,000人", [v(3000)]),
    ("7.65米顶装", [v("7.65")]),
    ("60亿千瓦时", [v("6000000000000", "Wh")]),  # 6 billion kWh
    ("18亿立方", [v("1800000000")]),
    ("剩余2560户5482人", [v(2560), v(5482)]),
    ("截至4月20日", [v(4), v(20)]),
    ("1200个5G基站、国家5A级景区", [v(1200)]),  # 5G and 5A are names
    ("三大攻坚战，两不愁三保障，一是", []),  # numbers in characters are not quantities
])
def test_chinese_quantities(chinese, expected):
    assert values(chinese_quantities(chinese)) == expected


def test_numbers_in_characters_are_soft_sources():
    assert values(chinese_numerals("两条经路、全国百强、百亿级、十九大、吕梁一中"), soft=True) == [
        v(2), v(100), v("10000000000"), v(19), v(1)]


@pytest.mark.parametrize("english, hard, soft", [
    ("65 billion yuan", [v("65000000000")], []),
    ("350 MW", [v("350000000", "W")], []),
    ("350,000 kW", [v("350000000", "W")], []),
    ("0.35 GW", [v("350000000", "W")], []),
    ("2 × 350 MW", [v(2), v("350000000", "W")], []),
    ("2x350MW", [v(2), v("350000000", "W")], []),
    ("two 350-megawatt units", [v("350000000", "W")], [v(2)]),
    ("6 billion kWh, or 6 TWh", [v("6000000000000", "Wh")] * 2, []),
    ("12.5%, 12.5 percent, 12.5 per cent", [v("12.5")] * 3, []),
    ("12,000 households", [v(12000)], []),
    ("1.25 million", [v(1250000)], []),
    ("7.65-metre and 7.65m", [v("7.65")] * 2, []),
    ("5G base stations, 5A-level sites, COVID-19, PM2.5", [], []),
    ("by the end of June; April 20th; twenty-eight", [], [v(6), v(4), v(20), v(28)]),
    ("May we grow", [], []),  # the verb, not the month
])
def test_english_quantities(english, hard, soft):
    found = english_quantities(english)
    assert values(found) == hard and values(found, soft=True) == soft


@pytest.mark.parametrize("chinese, english", [
    ("650亿元", "65 billion yuan"),
    ("2×35万千瓦", "2 × 350 MW"),
    ("2×35万千瓦", "two 350,000 kW units"),
    ("60亿千瓦时", "6 TWh"),
    ("1.2万户", "12,000 households"),
    ("7%以上和8%以上", "more than 7 and 8 percent"),
    ("6月底前", "by the end of June"),
    ("建设两条经路", "build 2 roads"),
    ("2020年是", "In 2020, and in 2019, (1) we"),  # an unsourced year and a list number are excused
])
def test_equal_values_match(chinese, english):
    result = compare(chinese_quantities(chinese) + chinese_numerals(chinese), english_quantities(english))
    assert (result.missing, result.unsourced) == ([], [])


@pytest.mark.parametrize("chinese, english, missing, unsourced", [
    ("650亿元", "65 million yuan", ["650亿"], ["65 million"]),
    ("35万千瓦", "35 MW", ["35万千瓦"], ["35 MW"]),
    ("35万千瓦", "350,000", ["35万千瓦"], ["350,000"]),  # a power is not a plain number
    ("7%和7%", "7% each", ["7%"], []),  # a multiset: printed twice, needed twice
    ("增长7%", "up 7% on 12 counts", [], ["12"]),
])
def test_different_values_are_reported_on_both_sides(chinese, english, missing, unsourced):
    result = compare(chinese_quantities(chinese), english_quantities(english))
    assert [q.text for q in result.missing] == missing and [q.text for q in result.unsourced] == unsourced


def test_a_number_mismatch_is_reported_at_the_segment(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, {**GOOD, "s2-p1": "Investment will exceed 65 million yuan, growing by over 7% and 8%."})
    problems = check_translation(load_translation(path), doc, glossary)
    assert problems == [
        f"{path}:14: s2-p1: 650亿: the English has no 65,000,000,000 = 65 billion",
        f"{path}:14: s2-p1: 65 million: the English has 65,000,000 = 65 million, which is not in the Chinese"]


def test_each_factor_of_a_product_is_checked(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, {**GOOD, "s2-p2": "We will connect the 350 MW units and plant 540,000 mu of forest."})
    assert check_translation(load_translation(path), doc, glossary) == [
        f"{path}:17: s2-p2: 2×35万千瓦: the English has no 2 (the factor 2)"]


def test_digits_of_a_rendered_glossary_term_need_no_source(tmp_path, doc, glossary):
    assert problems_for(tmp_path, doc, glossary, {"s1-c1": GOOD["s1-c1"]}) == []  # "1234" is in the rendering


def test_a_quantity_waiver_covers_the_quantity_and_its_rendering(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, """\
        segments:
          - anchor: s2-p2
            status: draft
            text: We will connect the 2 × 350 MW units and plant 36,000 hectares of forest.
            waivers:
              - quantity: 54万亩
                reason: converted to hectares (1 mu = 1/15 ha)
        """)
    assert check_translation(load_translation(path), doc, glossary) == []


def test_a_quantity_waiver_may_name_an_english_number_without_a_source(tmp_path, doc, glossary):
    english = "II. Work Plan for 2020, in 10 points"
    assert [p.split(": ", 1)[1] for p in problems_for(tmp_path, doc, glossary, {"s2": english})] == [
        "s2: 10: the English has 10, which is not in the Chinese"]
    path = yaml_file(tmp_path, f"""\
        segments:
          - anchor: s2
            status: draft
            text: {english}
            waivers:
              - quantity: 10 points
                reason: the ten points of the section are counted for the reader
        """)
    assert check_translation(load_translation(path), doc, glossary) == []


def test_a_stale_quantity_waiver_is_reported(tmp_path, doc, glossary):
    path = yaml_file(tmp_path, """\
        segments:
          - anchor: s2-p2
            status: draft
            text: We will connect the 2 × 350 MW units and plant 540,000 mu of forest.
            waivers:
              - quantity: 2×35万千瓦
                reason: no longer needed
              - quantity: 650亿
                reason: wrong paragraph
        """)
    assert check_translation(load_translation(path), doc, glossary) == [
        f"{path}:12: s2-p2: 2×35万千瓦: unneeded waiver: the values match without it (remove the waiver)",
        f"{path}:14: s2-p2: 650亿: stale waiver: printed neither in the Chinese block nor in the English"]


# ---- the seed page ---------------------------------------------------------------------------------

def test_seed_page_numbers_are_all_extracted(seed_doc):
    """Every 万/亿/% amount of the seed page is a quantity, with the value a reader would give it."""
    text = "".join(b.text or "" for b in seed_doc.blocks)
    printed = [q.printed_as for q in chinese_quantities(text)]
    for amount in ("650亿", "2×35万千瓦", "30万千瓦", "60亿千瓦时", "1.25万", "3.8万", "6.1%", "80.9%", "158亿"):
        assert amount in printed
    by_text = {q.text: q for q in chinese_quantities(text)}
    assert by_text["35万千瓦"].describe() == "35万千瓦 (350,000 kW = 350 MW)"
    assert by_text["60亿千瓦时"].describe() == "60亿千瓦时 (6,000,000,000 kWh = 6 TWh)"
    assert by_text["610亿"].describe() == "610亿 (61,000,000,000 = 61 billion)"


@pytest.mark.skipif(not SEED_TRANSLATION.exists(), reason=f"no seed translation yet ({SEED_TRANSLATION})")
def test_the_seed_translation_covers_every_block_without_violations(seed_doc):
    """The acceptance test of the seed translation: every printed heading and paragraph, no violation."""
    from build_scripts.terms.annotate import annotate
    from build_scripts.terms.glossary import read_glossary

    glossary = read_glossary(ROOT / "source_texts" / "glossary")
    annotate(seed_doc, glossary)
    translation = load_translation(SEED_TRANSLATION)
    assert missing_segments(translation, seed_doc) == []
    assert check_translation(translation, seed_doc, glossary) == []


# ---- the commands ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A copy of the archive's sources: the seed page and sidecar, and the glossary."""
    root = tmp_path_factory.mktemp("archive") / "source_texts"
    shutil.copytree(SEED_PAGE.parent, root / SEED_PAGE.parent.name)
    shutil.copytree(ROOT / "source_texts" / "glossary", root / "glossary")
    (root / "translations" / "en").mkdir(parents=True)
    return root


def write_seed_translation(root: Path, segments: str) -> Path:
    header = ("schema: duizhao-translation/1\ndocument: lvliang-2020-gwr\nlanguage: en\ntitle: Page 2\n"
              "translator: A. Translator\nlabel: Unofficial editorial translation.\n")
    return yaml_file(root / "translations" / "en", segments, name="lvliang-2020-gwr.yml", header=header)


def test_check_warns_about_missing_segments_and_fails_on_violations(archive, capsys):
    path = write_seed_translation(archive, {"s1-8": "(8) We strengthened the government in every respect"})
    assert main(["check", "--root", str(archive)]) == 0
    err = capsys.readouterr().err
    assert f"duizhao: warning: {path}:8: s1-7-c1: not translated" in err
    assert f"duizhao: warning: {path}:8: s1-8: not translated" not in err

    path = write_seed_translation(archive, {"s1-8": "(8) We strengthened the government", "s9-p1": "No such."})
    assert main(["check", "--root", str(archive)]) == 2
    assert f"duizhao: {path}:11: s9-p1: no heading or paragraph of lvliang-2020-gwr has this anchor" in (
        capsys.readouterr().err)


def test_check_lists_a_schema_error_as_file_line(archive, capsys):
    path = write_seed_translation(archive, "segments:\n  - anchor: s1-8\n    status: final\n    text: (8)\n")
    assert main(["check", "--root", str(archive)]) == 2
    assert f"duizhao: {path}:9: 'status' must be one of draft, reviewed, not 'final'" in capsys.readouterr().err


def test_translation_command_prints_the_coverage_report(archive, capsys):
    write_seed_translation(archive, {"s1-8": "(8) We strengthened the government in every respect",
                                     "s2": "II. Work Plan for 2020"})
    assert main(["translation", "--root", str(archive), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] | {} == {**report["total"], "blocks": 53, "translated": 2, "missing": 51, "draft": 2,
                                    "reviewed": 0, "violations": 0}
    assert main(["translation", "--root", str(archive)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == ("translation en: 2/53 blocks translated (2 draft, 0 reviewed), "
                                    "0 consistency violations")


def test_translation_command_refuses_an_invalid_file(archive, capsys):
    path = write_seed_translation(archive, "segments:\n  - anchor: s1-8\n    status: draft\n    text: ''\n")
    assert main(["translation", "--root", str(archive)]) == 2
    assert capsys.readouterr().err.strip() == f"duizhao: {path}:10: 'text' must not be empty"
