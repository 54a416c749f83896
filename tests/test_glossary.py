"""The glossary data (source_texts/glossary/*.yml) and its loader: every problem reported as file:line: problem."""
import re
from pathlib import Path

import pytest

from build_scripts.terms.annotate import annotate
from build_scripts.errors import UserError
from build_scripts.terms.glossary import (GLOSSARY_DIR, VERIFIED, UNVERIFIED, count_syllables, load_glossary,
                                          match_key, read_glossary, source_date)
from build_scripts.terms.validate import validate_glossary

GLOSSARY = Path(__file__).resolve().parent.parent / GLOSSARY_DIR


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(GLOSSARY)


# ---- the real data ---------------------------------------------------------------------------------

def test_the_glossary_loads_with_no_problems():
    glossary = read_glossary(GLOSSARY)
    assert [str(p) for p in glossary.problems] == []
    assert len(glossary) >= 130


def test_every_term_occurs_in_some_page_and_report_quotes_are_in_the_report(national_archive):
    """The seed page and the 52 national reports: every term of the glossary is printed somewhere."""
    problems, warnings = validate_glossary(GLOSSARY, docs=national_archive.docs)
    assert problems == []
    assert [w for w in warnings if "occurs in no page" in w] == []
    # the only other warnings: alternates with a later source than the preferred rendering, left for an editor
    assert all("has a later source" in w for w in warnings if "occurs in no page" not in w)


def test_every_entry_has_pinyin_english_and_a_source_or_says_its_meaning_is_unverified(glossary):
    for term in glossary:
        assert term.pinyin.strip() and term.en["text"].strip(), term.id
        source = term.en["source"]
        if term.status == VERIFIED:
            assert source["quote"].strip(), term.id
            assert source["url"] is None or source["url"].startswith(("http://", "https://")), term.id
        else:
            assert term.status == UNVERIFIED and source is None and term.note.strip(), term.id


def test_every_pinyin_has_one_syllable_per_han_character(glossary):
    for term in glossary:
        syllables, bad = count_syllables(term.pinyin, term.term)
        assert bad == [], term.id
        assert syllables == len(re.findall(r"[\u4e00-\u9fff]", term.term)), term.id


def test_every_quoted_item_of_the_seed_page_is_covered_by_a_term_form(seed_doc, glossary):
    """Each “…” on the page is tagged, every character of it: by one term (“六稳”), by a longer one containing
    it (“原料” in 从“原料”到“材料”转变), or part by part (“个转企、小升规、规改股、股上市”)."""
    annotate(seed_doc, glossary)
    quoted, uncovered = 0, []
    for block in seed_doc.blocks:
        if not block.text:
            continue
        tagged = set()
        for occ in block.occurrences:
            tagged.update(range(occ.start, occ.end))
        for m in re.finditer(r"“([^“”]+)”", block.text):
            quoted += 1
            if any(i not in tagged for i in range(m.start(1), m.end(1)) if block.text[i] not in "、，"):
                uncovered.append(m.group(1))
    assert quoted == 96  # the raw page has 96 “ and 96 ” (str.count on the .ocr.txt file): no quote is lost
    assert uncovered == []


def test_forms_include_quoted_unquoted_joined_and_traditional_forms(glossary):
    sanda = glossary.by_id["sanda-gongjianzhan"]
    assert "三大攻堅戰" in sanda.forms  # OpenCC s2t
    assert "“三大攻坚战”" in sanda.forms
    silu = glossary.by_id["lvliang-1234-fazhan-silu"]
    assert {"“1234”发展思路", "1234发展思路", "“1234”發展思路"} <= set(silu.forms)
    assert "兩不愁三保障" in glossary.by_id["liangbuchou-sanbaozhang"].forms


def test_a_traditional_printing_is_annotated_with_the_same_term(glossary, seed_doc):
    from build_scripts.model import Block, Document

    doc = Document("t", "-", {}, [Block("paragraph", "p1", "堅決打好三大攻堅戰，全面做好“六穩”工作", None)])
    annotate(doc, glossary)
    assert [(o.term_id, o.start, o.end) for o in doc.blocks[0].occurrences] == [
        ("sanda-gongjianzhan", 4, 9), ("liuwen", 15, 17)]


def test_load_glossary_raises_the_first_problem(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yml").write_text("- id: Bad_Id\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_glossary(folder)
    assert str(err.value) == f"{folder / 'a.yml'}:1: id 'Bad_Id' must be lowercase ASCII letters, digits and hyphens"


# ---- bad input: each gives exactly one `file:line: problem` -----------------------------------------

ENTRY = """\
- id: sanda-gongjianzhan
  term: 三大攻坚战
  variants: [三大攻坚]
  pinyin: sān dà gōngjiānzhàn
  pinyin_reviewed: true
  en:
    text: three critical battles
    source:
      publisher: State Council of the PRC (english.gov.cn)
      title: Report on the Work of the Government 2018
      url: https://example.org/report-2018
      quote: the three critical battles
  explanation_en: The three battles against potential risk, poverty and pollution.
  explanation_zh: 防范化解重大风险、精准脱贫、污染防治三大攻坚战。
  level: national
  category: governance
  status: verified
"""

UNVERIFIED_ENTRY = """\
- id: tuopin-gongjian
  term: 脱贫攻坚
  pinyin: tuōpín gōngjiān
  pinyin_reviewed: false
  en:
    text: poverty alleviation
    source: null
  explanation_en: Eliminating absolute poverty by 2020.
  explanation_zh: 到2020年消除绝对贫困。
  level: national
  category: poverty-alleviation
  status: meaning unverified
  note: Searched nothing; this is a test.
"""

ALTERNATE = """\
  en_alternates:
    - text: three tough battles
      source: {publisher: Xinhua, title: A report, url: "https://example.org/a", quote: three tough battles}
"""

KNOWN = ("category, components, en, en_alternates, explanation_en, explanation_zh, id, level, note, pinyin, "
         "pinyin_reviewed, status, term, variants")

BAD_INPUTS = {
    "malformed YAML": (ENTRY.replace("term: 三大攻坚战", "term: [三大攻坚战"),
                       "3: invalid YAML: expected ',' or ']', but got ':'"),
    "duplicate key": (ENTRY + "  level: provincial\n", "18: duplicate key 'level'"),
    "a mapping instead of a list": ("id: sanda-gongjianzhan\n",
                                    "1: expected a list of glossary entries (see SCHEMA.md)"),
    "unknown key": (ENTRY + "  colour: red\n", f"18: unknown key 'colour' (known: {KNOWN})"),
    "missing required key": (ENTRY.replace("  explanation_zh: 防范化解重大风险、精准脱贫、污染防治三大攻坚战。\n", ""),
                             "1: missing required key 'explanation_zh'"),
    "unknown level": (ENTRY.replace("level: national", "level: county"),
                      "15: 'level' must be one of national, provincial, municipal, not 'county'"),
    "unknown status": (ENTRY.replace("status: verified", "status: checked"),
                       "17: 'status' must be one of verified, meaning unverified, not 'checked'"),
    "source without a quote": (ENTRY.replace("      quote: the three critical battles\n", ""),
                               "9: missing required key 'quote'"),
    "url that is not an address": (ENTRY.replace("https://example.org/report-2018", "english.gov.cn"),
                                   "11: 'url' must be an http(s) address, or null for the report itself, "
                                   "not 'english.gov.cn'"),
    "date guessed as a month": (ENTRY.replace("      quote:", "      date: 2018-03\n      quote:"),
                                "12: 'date' must be a date written YYYY-MM-DD, not '2018-03' (omit it if unknown)"),
    "term in quotation marks": (ENTRY.replace("term: 三大攻坚战", "term: “三大攻坚战”"),
                                "2: term '“三大攻坚战”' must be written without its surrounding quotation marks"),
    "term in traditional characters": (ENTRY.replace("term: 三大攻坚战", "term: 三大攻堅戰"),
                                       "2: term '三大攻堅戰' is not in simplified characters (OpenCC t2s gives "
                                       "'三大攻坚战')"),
    "variant in traditional characters": (ENTRY.replace("variants: [三大攻坚]", "variants: [三大攻堅]"),
                                          "3: variant '三大攻堅' is not in simplified characters (OpenCC t2s gives "
                                          "'三大攻坚'); traditional forms are generated, not listed"),
    "duplicate id": (ENTRY + UNVERIFIED_ENTRY.replace("id: tuopin-gongjian", "id: sanda-gongjianzhan"),
                     "18: duplicate id 'sanda-gongjianzhan' (first used at {path}:1)"),
    "duplicate term": (ENTRY + UNVERIFIED_ENTRY.replace("term: 脱贫攻坚", "term: 三大攻坚战")
                       .replace("tuōpín gōngjiān", "sān dà gōngjiānzhàn"),
                       "19: duplicate term '三大攻坚战' (already the term of 'sanda-gongjianzhan' at {path}:2)"),
    "variant claimed by two terms": (ENTRY + UNVERIFIED_ENTRY.replace("  pinyin:", "  variants: [三大攻坚]\n  pinyin:"),
                                     "20: variant '三大攻坚' is also a form of 'sanda-gongjianzhan' ({path}:3)"),
    "variant differing only in quotation marks": (
        ENTRY + UNVERIFIED_ENTRY.replace("  pinyin:", "  variants: [“三大攻坚”]\n  pinyin:"),
        "20: variant '“三大攻坚”' is also a form of 'sanda-gongjianzhan' ({path}:3)"),
    "pinyin syllable mismatch": (ENTRY.replace("sān dà gōngjiānzhàn", "sān dà gōngjiān"),
                                 "4: pinyin 'sān dà gōngjiān' has 4 syllables but the term '三大攻坚战' has 5 Han "
                                 "characters"),
    "pinyin that is not pinyin": (ENTRY.replace("sān dà gōngjiānzhàn", "san da gongjianzhanx"),
                                  "4: pinyin 'san da gongjianzhanx' is not Hanyu Pinyin: 'gongjianzhanx'"),
    "verified without source": (ENTRY.replace(ENTRY[ENTRY.index("    source:"):ENTRY.index("  explanation_en")],
                                              "    source: null\n"),
                                "8: status 'verified' requires en.source (a url, or url null with a quote when "
                                "the source is the report itself)"),
    "meaning unverified with a source": (ENTRY.replace("status: verified", "status: meaning unverified")
                                         + "  note: searched\n",
                                         "9: status 'meaning unverified' requires en.source to be null"),
    "meaning unverified without a note": (UNVERIFIED_ENTRY.replace("  note: Searched nothing; this is a test.\n", ""),
                                          "12: status 'meaning unverified' requires a note saying what was searched"),
    "alternate of an unknown kind": (ENTRY + ALTERNATE + "      kind: name\n",
                                     "21: 'kind' must be one of rendering, gloss, variant, unofficial, not 'name'"),
    "kind on the preferred rendering": (ENTRY.replace("    text: three critical battles\n",
                                                      "    text: three critical battles\n    kind: gloss\n"),
                                        "8: unknown key 'kind' (known: source, text)"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_glossary_input_gives_the_exact_file_line_and_problem(tmp_path, case):
    text, expected = BAD_INPUTS[case]
    folder = tmp_path / "glossary"
    folder.mkdir()
    path = folder / "terms.yml"
    path.write_text(text, encoding="utf-8")
    problems = [str(p) for p in read_glossary(folder).problems]
    line, problem = expected.split(": ", 1)
    assert problems == [f"{path}:{line}: {problem.format(path=path)}"]


def test_the_good_entries_used_above_are_themselves_valid(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "terms.yml").write_text(ENTRY + UNVERIFIED_ENTRY, encoding="utf-8")
    glossary = read_glossary(folder)
    assert glossary.problems == []
    assert [(t.id, t.line) for t in glossary] == [("sanda-gongjianzhan", 1), ("tuopin-gongjian", 18)]


def test_duplicates_across_files_name_the_other_file(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yml").write_text(ENTRY, encoding="utf-8")
    (folder / "b.yml").write_text(ENTRY.replace("variants: [三大攻坚]", "variants: [三大攻坚战役]"), encoding="utf-8")
    problems = [str(p) for p in read_glossary(folder).problems]
    assert problems == [
        f"{folder / 'b.yml'}:1: duplicate id 'sanda-gongjianzhan' (first used at {folder / 'a.yml'}:1)",
        f"{folder / 'b.yml'}:2: duplicate term '三大攻坚战' (already the term of 'sanda-gongjianzhan' at "
        f"{folder / 'a.yml'}:2)",
    ]


def test_all_problems_are_collected_not_just_the_first(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yml").write_text("- id: x\n  term: [\n", encoding="utf-8")
    (folder / "b.yml").write_text(ENTRY.replace("level: national", "level: county") + "  colour: red\n",
                                  encoding="utf-8")
    lines = [f"{p.path.rsplit('/', 1)[-1]}:{p.line}" for p in read_glossary(folder).problems]
    assert lines == ["a.yml:3", "b.yml:15", "b.yml:18"]


def test_a_source_said_to_be_the_report_must_quote_the_report(tmp_path, seed_doc):
    folder = tmp_path / "glossary"
    folder.mkdir()
    report_source = ENTRY.replace("https://example.org/report-2018", "null")
    (folder / "a.yml").write_text(report_source, encoding="utf-8")
    problems, warnings = validate_glossary(folder, docs=[seed_doc])
    assert problems == [f"{folder / 'a.yml'}:12: the source's url is null (the report itself) but its quote is "
                        "in no page"]
    assert warnings == []  # 三大攻坚战 is on the page
    (folder / "a.yml").write_text(report_source.replace("quote: the three critical battles",
                                                        "quote: 坚决打好三大攻坚战，全面做好“六稳”工作"), encoding="utf-8")
    assert validate_glossary(folder, docs=[seed_doc]) == ([], [])


def test_a_term_in_no_page_is_a_warning_not_a_problem(tmp_path, seed_doc):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yml").write_text(UNVERIFIED_ENTRY.replace("term: 脱贫攻坚", "term: 乡村振兴")
                                  .replace("tuōpín gōngjiān", "xiāngcūn zhènxīng"), encoding="utf-8")
    problems, warnings = validate_glossary(folder, docs=[seed_doc])
    assert problems == []
    assert warnings == [f"{folder / 'a.yml'}:1: term '乡村振兴' (tuopin-gongjian) occurs in no page"]


def test_syllables_are_counted_by_pinyin_rules():
    assert count_syllables("sān gè 100 wàn mǔ shēngtài gōngchéng") == (8, [])  # digits are not syllables
    assert count_syllables("yī hù yī fāng'àn") == (5, [])  # the apostrophe separates syllables
    assert count_syllables("Jīng-Jīn-Jì") == (3, [])
    assert count_syllables("Lǚliángtōng") == (3, [])
    assert count_syllables("shuǐliàng fēng qilai") == (5, [])  # neutral-tone syllables carry no mark
    assert count_syllables("1+N", "1+N") == (0, [])  # a Latin letter of the term is not a syllable
    assert count_syllables("xīān") == (0, ["xīān"])  # xī'ān needs its apostrophe


def test_match_keys_ignore_quotation_marks_and_spaces():
    assert match_key("“1234” 发展思路") == "1234发展思路"


# ---- renderings dated by their source ------------------------------------------------------------------

DATED_ENTRY = ENTRY.replace("      quote: the three critical battles\n",
                            "      date: 2018-03-05\n      quote: the three critical battles\n") + """\
  en_alternates:
    - text: three tough battles
      source: {publisher: Xinhua, title: A report, url: "https://example.org/a", date: 2019-03-05, quote: three tough battles}
    - text: three major battles
      source: {publisher: China Daily, title: Another, url: "https://example.org/b", quote: three major battles}
    - text: three hard battles
      source: {publisher: Xinhua, title: Older, url: "https://example.org/c", date: 2017-10-18, quote: three hard battles}
"""


def test_an_alternate_with_a_later_source_than_the_preferred_rendering_is_a_warning(tmp_path, seed_doc):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yml").write_text(DATED_ENTRY, encoding="utf-8")
    problems, warnings = validate_glossary(folder, docs=[seed_doc])
    assert problems == []
    assert warnings == [f"{folder / 'a.yml'}:1: term '三大攻坚战' (sanda-gongjianzhan): the alternate 'three tough "
                        "battles' has a later source (2019-03-05) than the preferred rendering (2018-03-05)"]


@pytest.mark.parametrize("kind", ["gloss", "variant", "unofficial"])
def test_a_later_alternate_that_is_not_a_rendering_of_the_name_is_not_a_warning(tmp_path, seed_doc, kind):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yml").write_text(DATED_ENTRY.replace("quote: three tough battles}\n",
                                                      f"quote: three tough battles}}\n      kind: {kind}\n"),
                                  encoding="utf-8")
    problems, warnings = validate_glossary(folder, docs=[seed_doc])
    assert problems == []
    assert warnings == []


def test_an_alternate_marked_as_a_rendering_competes_like_an_unmarked_one(tmp_path, seed_doc):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yml").write_text(DATED_ENTRY.replace("quote: three tough battles}\n",
                                                      "quote: three tough battles}\n      kind: rendering\n"),
                                  encoding="utf-8")
    _, warnings = validate_glossary(folder, docs=[seed_doc])
    assert len(warnings) == 1 and "the alternate 'three tough battles' has a later source (2019-03-05)" in warnings[0]


def test_in_the_real_glossary_no_alternate_rendering_is_dated_later_than_the_preferred_one(glossary):
    """The issue's rule, over the data itself: the preferred rendering is the latest official one. Glosses,
    variants and unofficial renderings do not compete."""
    later = []
    for term in glossary:
        preferred = source_date(term.en)
        for alt in term.en_alternates:
            if alt.get("kind", "rendering") == "rendering" and preferred and source_date(alt) \
                    and source_date(alt) > preferred:
                later.append((term.id, alt["text"], source_date(alt), preferred))
    assert later == []
    # The rule is not met by marking everything: most alternates are still renderings that compete.
    alternates = [alt for term in glossary for alt in term.en_alternates]
    marked = [alt for alt in alternates if "kind" in alt]
    assert marked and len(marked) < len(alternates) / 2


def test_the_term_page_says_which_alternates_are_glosses_variants_or_unofficial(archive):
    from build_scripts.site.glossary_pages import term_markdown

    page = term_markdown(archive, archive.glossary.by_id["sige-zixin"], "en")
    assert re.search(r'<span lang="en">Four Confidence</span> \(alternate\) <span class="dz-rendering-kind">'
                     r'\(not an official source\)</span>', page)
    assert "<span lang=\"en\">Four Matters of Confidence</span> (preferred) —" in page
    zh = term_markdown(archive, archive.glossary.by_id["sige-zixin"], "zh")
    assert "（释义，非名称译法）" not in zh and "(释义，非名称译法)" in zh


def test_renderings_are_listed_by_the_date_of_their_source_undated_last(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yml").write_text(DATED_ENTRY, encoding="utf-8")
    term = load_glossary(folder).by_id["sanda-gongjianzhan"]
    assert [(date, r["text"], preferred) for date, r, preferred in term.dated_renderings()] == [
        ("2017-10-18", "three hard battles", False), ("2018-03-05", "three critical battles", True),
        ("2019-03-05", "three tough battles", False), (None, "three major battles", False)]


def test_the_term_page_shows_which_rendering_was_used_when(archive):
    from build_scripts.site.glossary_pages import term_markdown

    term = archive.glossary.by_id["xin-fazhan-linian"]
    page = term_markdown(archive, term, "en")
    listed = re.findall(r"<li><time>([^<]+)</time> <span lang=\"en\">([^<]+)</span>", page)
    assert listed == [(date or "date unknown", r["text"]) for date, r, _ in term.dated_renderings()]
    assert len(listed) == 1 + len(term.en_alternates) >= 2
