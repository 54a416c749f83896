"""`duizhao search`: every query form gives exactly the expected anchors on the seed page, with context, section
path, link and citation; --json, --csv, --limit, --context, --doc; bad queries; the atomic rebuild.

The seed index is built once per session into a temporary folder (never search_index/), with a stand-in
English translation of two blocks, so the answers do not move when the real translation files change.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest

from build_scripts.cli import main
from build_scripts.errors import UserError

DOC = "lvliang-2020-gwr"
SANDA = ["s2-p1", "s2-1", "s2-1-p5"]  # where 三大攻坚战 is printed
TUOPIN = ["s1-8-p4", "s2-p1", "s2-p3", "s2-1-p2"]  # where 脱贫 is printed
SITE = "https://example.org/duizhao/"


@dataclass
class _Segment:
    text: str


@dataclass
class _Translation:
    segments: dict = field(default_factory=dict)


TRANSLATIONS = {DOC: _Translation({
    "s2-1-p5": _Segment("Fellow deputies! The three critical battles are a major hurdle we must clear."),
    "s2-3-p2": _Segment("We will build a 250,000-tonne LNG project in Xiaoyi."),
})}


@lru_cache(maxsize=None)
def seed_archive():
    """The seed page parsed and annotated with the glossary, as `duizhao build` sees it (other pages added to
    source_texts/ later do not change these tests)."""
    from build_scripts.terms.annotate import annotate
    from build_scripts.terms.glossary import load_glossary
    from build_scripts.pipeline import parse_file
    from tests.conftest import ROOT, SEED_PAGE

    glossary = load_glossary(ROOT / "source_texts" / "glossary")
    doc = parse_file(SEED_PAGE)
    annotate(doc, glossary)
    return [doc], glossary


_SEED_INDEX: list[str] = []


def built_seed_index(tmp_path_factory) -> str:
    """The seed index (with a mkdocs.yml beside it), built once per session: tests/test_search*.py share it."""
    from build_scripts.search.index import build_search_index

    if not _SEED_INDEX:
        folder = tmp_path_factory.mktemp("seed-index")
        docs, glossary = seed_archive()
        build_search_index(docs, glossary, TRANSLATIONS, target=folder / "search_index")
        (folder / "mkdocs.yml").write_text(f"site_name: test\nsite_url: {SITE}\n", encoding="utf-8")
        _SEED_INDEX.append(str(folder / "search_index"))
    return _SEED_INDEX[0]


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> str:
    return built_seed_index(tmp_path_factory)


@pytest.fixture(scope="session")
def index(index_dir):
    from build_scripts.search.query import SearchIndex

    with SearchIndex(index_dir, config=Path(index_dir).parent / "mkdocs.yml") as opened:
        yield opened


def anchors(result, field_=None) -> list[str]:
    """The anchors hit, in reading order, once each."""
    return list(dict.fromkeys(h.anchor for h in result.hits if field_ is None or h.field == field_))


def text_of(anchor: str) -> str:
    docs, _ = seed_archive()
    return docs[0].block(anchor).text


def blocks_containing(needle: str) -> list[str]:
    docs, _ = seed_archive()
    return [b.anchor for b in docs[0].blocks if b.text and needle in b.text]


# ---- query forms ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["三大攻坚战", '"三大攻坚战"', '"三大 攻坚战"'])
def test_a_chinese_term_finds_every_block_it_is_printed_in(index, query):
    result = index.search(query)
    assert anchors(result) == SANDA
    assert [h.match for h in result.hits] == ["三大攻坚战"] * 3
    assert {h.matched_as for h in result.hits} == {"chinese"}


@pytest.mark.parametrize("query", ["三大攻堅戰", "三大攻堅战", '"三大攻堅戰"'])
def test_traditional_characters_find_the_simplified_text(index, query):
    result = index.search(query)
    assert anchors(result) == SANDA
    assert [h.match for h in result.hits] == ["三大攻坚战"] * 3


@pytest.mark.parametrize("query", ["sandagongjianzhan", "san da gong jian zhan", '"san da gong jian zhan"',
                                   "SanDaGongJianZhan", "sān dà gōngjiānzhàn", "san1da4gong1jian1zhan4"])
def test_pinyin_with_or_without_spaces_and_tones_finds_the_characters(index, query):
    result = index.search(query)
    assert anchors(result, "text") == SANDA
    assert {h.match for h in result.hits if h.field == "text"} == {"三大攻坚战"}


@pytest.mark.parametrize("query", ["tuopin", "tuo pin", "tuo1pin2", "tuōpín", "Tuōpín", "tuo1 pin"])
def test_pinyin_of_a_word_finds_it(index, query):
    result = index.search(query)
    assert anchors(result) == TUOPIN
    assert {h.match for h in result.hits} == {"脱贫"}
    assert {h.matched_as for h in result.hits} == {"pinyin"}


def test_tones_given_are_honoured(index):
    assert index.search("tuo3pin2").hits == []  # 脱 is tuō
    assert anchors(index.search("tuo1pin")) == TUOPIN


def test_ambiguous_pinyin_is_read_every_valid_way():
    from build_scripts.search.syllables import query_readings

    assert sorted(query_readings("xian")) == [[("xi", None), ("an", None)], [("xian", None)]]
    assert query_readings("xi'an") == [[("xi", None), ("an", None)]]
    assert query_readings("xi3an1") == [[("xi", 3), ("an", 1)]]
    assert query_readings("lv3liang2") == query_readings("lü3liang2") == query_readings("lu:3liang2")
    assert query_readings("three") == []  # not pinyin


def test_pinyin_follows_the_archives_word_level_readings(index):
    # 吕梁 is Lǚliáng (overrides table): lv3, lü and lu:3 all find it; lu (a different syllable) does not
    expected = blocks_containing("吕梁")
    for query in ("lvliang", "lü3liáng", "lu:3liang2"):
        assert anchors(index.search(query, mode="pinyin")) == expected
    assert "吕梁" not in {h.match for h in index.search("luliang", mode="pinyin").hits}


@pytest.mark.parametrize("query", ["three critical battles", "Three Critical Battles", "the three critical battle",
                                   "three tough battles"])
def test_english_through_the_glossary_finds_the_terms_chinese(index, query):
    result = index.search(query)
    assert anchors(result, "text") == SANDA
    assert {h.match for h in result.hits if h.field == "text"} == {"三大攻坚战"}
    assert {h.term_id for h in result.hits if h.field == "text"} == {"sanda-gongjianzhan"}


def test_an_alternate_rendering_finds_its_term(index):
    result = index.search("six priorities")
    assert anchors(result, "text") == ["s2-p4"]
    assert [h.match for h in result.hits if h.field == "text"] == ["“六保”"]


def test_free_english_finds_the_translation(index):
    result = index.search("hurdle")
    assert [(h.anchor, h.field, h.match) for h in result.hits] == [("s2-1-p5", "translation", "hurdle")]
    hit = index.search('"three critical battles"').hits
    assert ("s2-1-p5", "translation", "three critical battles") in {(h.anchor, h.field, h.match) for h in hit}


def test_latin_text_is_found_whole_and_without_case(index):
    for query in ("LNG", "lng", "ＬＮＧ"):
        assert anchors(index.search(query), "text") == ["s2-3-p2"]
    assert anchors(index.search("5G")) == blocks_containing("5G")
    assert anchors(index.search('"1+N"')) == blocks_containing("1+N")
    assert index.search("NG", mode="chinese").hits == []  # inside LNG: a different word
    assert index.search("191", mode="chinese").hits == []  # inside 1916


def test_a_prefix_of_a_word_finds_only_that_prefix(index):
    result = index.search("攻坚")
    assert anchors(result) == blocks_containing("攻坚")
    assert {h.match for h in result.hits} == {"攻坚"}
    assert len(result.hits) == sum(text_of(a).count("攻坚") for a in blocks_containing("攻坚"))
    assert anchors(index.search("攻坚克难")) == ["s1-8-p3", "s2-1-p1"]


def test_headings_are_searchable(index):
    result = index.search("全力打好")
    assert [(h.anchor, h.kind) for h in result.hits] == [("s2-1", "heading"), ("s2-1-p4", "paragraph")]
    assert result.totals == {"hits": 2, "blocks": 2, "paragraphs": 1, "headings": 1, "documents": 1}


def test_every_occurrence_is_a_hit_not_every_paragraph(index):
    result = index.search("脱贫")
    assert len(result.hits) == sum(text_of(a).count("脱贫") for a in TUOPIN) > len(TUOPIN)
    hits_in = [h for h in result.hits if h.anchor == "s2-1-p2"]
    assert [h.start for h in hits_in] == [m.start() for m in re.finditer("脱贫", text_of("s2-1-p2"))]


# ---- AND / OR / NOT ------------------------------------------------------------------------------------

def test_space_and_AND_both_mean_both(index):
    both = [a for a in blocks_containing("脱贫") if a in blocks_containing("三大攻坚战")]
    assert anchors(index.search("脱贫 三大攻坚战")) == both == anchors(index.search("脱贫 AND 三大攻坚战"))
    assert both == ["s2-p1"]


def test_OR_means_either(index):
    expected = [a for a in blocks_containing("") if a in blocks_containing("六保") + blocks_containing("三大攻坚战")]
    assert anchors(index.search("三大攻坚战 OR 六保")) == expected


def test_NOT_excludes(index):
    expected = [a for a in blocks_containing("攻坚") if a not in blocks_containing("脱贫")]
    result = index.search("攻坚 NOT 脱贫")
    assert anchors(result) == expected == anchors(index.search("攻坚 AND NOT 脱贫"))
    assert {h.match for h in result.hits} == {"攻坚"}  # the excluded term is never a hit


def test_parentheses_group(index):
    expected = [a for a in blocks_containing("攻坚") if a in blocks_containing("脱贫") + blocks_containing("六保")]
    assert anchors(index.search("(脱贫 OR 六保) 攻坚")) == expected


def test_operators_combine_pinyin_and_english(index):
    assert anchors(index.search("tuopin AND three critical battles")) == ["s2-p1"]


def test_explicit_AND_keeps_latin_words_apart(index):
    from build_scripts.search.parse import Leaf, Node, parse

    assert parse("tuo pin") == Leaf("tuo pin", False, 1)
    tree = parse("tuo AND pin")
    assert isinstance(tree, Node) and [c.text for c in tree.children] == ["tuo", "pin"]


# ---- hits: context, section path, link, citation ---------------------------------------------------------

def test_a_hit_has_context_section_link_and_citation(index):
    hit = index.search("三大攻坚战", context=6).hits[2]
    text = text_of("s2-1-p5")
    start = text.index("三大攻坚战")
    assert (hit.doc_id, hit.anchor, hit.kind, hit.field) == (DOC, "s2-1-p5", "paragraph", "text")
    assert (hit.start, hit.end) == (start, start + 5)
    assert hit.left == text[max(0, start - 6):start] == "各位代表！"
    assert hit.right == text[start + 5:start + 11]
    assert hit.section_path == ["二、2020年工作安排", "（一）全力打好三大攻坚战，加快补齐全面建成小康社会短板"]
    assert hit.section == "二、2020年工作安排 › （一）全力打好三大攻坚战，加快补齐全面建成小康社会短板"
    assert hit.path == f"documents/{DOC}.html#s2-1-p5"
    assert hit.url == f"{SITE}documents/{DOC}.html#s2-1-p5"
    assert hit.citation == "吕梁市人民政府《政府工作报告》 2020, p. 2, §s2-1-p5"
    assert (hit.date, hit.page) == ("2020-04-21", 2)


def test_a_section_whose_heading_is_on_another_page_stays_untitled(index):
    hit = index.search("建档立卡").hits[0]
    assert hit.anchor == "s1-7-c1"
    assert hit.section_path == ["一、…", "（七）…"]


def test_unknown_metadata_is_left_out_of_the_citation_not_invented():
    from build_scripts.search.records import DocInfo

    info = DocInfo(id="x-p1", order=0, title_zh=None, title_en=None, issuer_zh=None, issuer_en=None,
                   delivered=None, publication_name_zh=None, publication_date=None, page=None)
    assert info.citation("p3") == "x-p1, §p3"
    info.title_zh, info.page = "政府工作报告", 4
    assert info.citation("p3") == "《政府工作报告》, p. 4, §p3"


def test_without_site_url_the_link_is_the_page_path(index_dir, tmp_path):
    from build_scripts.search.query import SearchIndex

    with SearchIndex(index_dir, config=tmp_path / "absent.yml") as plain:
        assert plain.search("六保").hits[0].url == f"documents/{DOC}.html#s2-p4"


def test_site_url_is_read_from_mkdocs_yml_with_python_tags(tmp_path):
    from build_scripts.search.kwic import site_url

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://a.example/\nmarkdown_extensions:\n"
                      "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
                      encoding="utf-8")
    assert site_url(config) == "https://a.example/"


# ---- the command: text, --json, --csv, options ------------------------------------------------------------

def run(capsys, monkeypatch, index_dir, *args):
    monkeypatch.chdir(Path(index_dir).parent)  # its mkdocs.yml gives the site_url
    code = main(["search", "--index", index_dir, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_brackets_the_hit_when_not_a_terminal(capsys, monkeypatch, index_dir):
    code, out, err = run(capsys, monkeypatch, index_dir, "三大攻坚战", "--context", "5")
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert lines[0] == "searched: 三大攻坚战 (chinese)"
    assert lines[5] == f"{DOC}#s2-1-p5  各位代表！【三大攻坚战】是决胜全面…"
    assert lines[6] == ("    二、2020年工作安排 › （一）全力打好三大攻坚战，加快补齐全面建成小康社会短板 · "
                        "吕梁市人民政府《政府工作报告》 2020, p. 2, §s2-1-p5 · "
                        f"{SITE}documents/{DOC}.html#s2-1-p5")
    assert lines[-1] == "3 hits in 2 paragraphs and 1 heading of 1 document"
    assert "\x1b[" not in out


def test_a_terminal_gets_bold_instead_of_brackets():
    from build_scripts.search.output import kwic_line
    from build_scripts.search.kwic import Hit

    hit = Hit(DOC, "s2-p4", "paragraph", "text", "chinese", 3, 5, "abc", "六保", "def")
    assert kwic_line(hit, color=True) == f"{DOC}#s2-p4  abc\x1b[1m六保\x1b[0mdef…"
    assert kwic_line(hit, color=False) == f"{DOC}#s2-p4  abc【六保】def…"


HIT_FIELDS = ["doc_id", "anchor", "kind", "field", "matched_as", "start", "end", "left", "match", "right",
              "section_path", "section", "url", "path", "citation", "date", "page", "term_id", "reading"]


def test_json_output_has_stable_fields(capsys, monkeypatch, index_dir):
    code, out, _ = run(capsys, monkeypatch, index_dir, "三大攻坚战", "--json")
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["query", "readings", "totals", "hits", "suggestions"]
    assert data["query"] == "三大攻坚战"
    assert data["readings"] == [{"term": "三大攻坚战", "as": "chinese", "searched": "三大攻坚战"}]
    assert data["totals"] == {"hits": 3, "blocks": 3, "paragraphs": 2, "headings": 1, "documents": 1, "shown": 3,
                              "offset": 0, "by_year": {"2020": 3}, "by_document": {DOC: 3}}
    assert [list(h) for h in data["hits"]] == [HIT_FIELDS] * 3
    assert [h["anchor"] for h in data["hits"]] == SANDA
    assert data["hits"][1]["url"] == f"{SITE}documents/{DOC}.html#s2-1"
    assert data["suggestions"] == []


def test_csv_output_has_a_header_and_one_row_per_hit(capsys, monkeypatch, index_dir, index):
    code, out, err = run(capsys, monkeypatch, index_dir, "脱贫", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert out.splitlines()[0] == ("doc_id,anchor,kind,field,matched_as,start,end,left,match,right,section,url,"
                                   "citation,date,page,term_id")
    assert len(rows) == len(index.search("脱贫").hits)
    assert {r["match"] for r in rows} == {"脱贫"}
    assert rows[0]["citation"] == "吕梁市人民政府《政府工作报告》 2020, p. 2, §s1-8-p4"
    assert err.strip() == f"{len(rows)} hits in 4 paragraphs of 1 document"


def test_limit_shows_the_first_hits_and_totals_count_all(capsys, monkeypatch, index_dir):
    _, out, _ = run(capsys, monkeypatch, index_dir, "攻坚", "--json", "--limit", "2")
    data = json.loads(out)
    assert len(data["hits"]) == 2 and data["totals"]["shown"] == 2
    assert data["totals"]["hits"] == sum(text_of(a).count("攻坚") for a in blocks_containing("攻坚"))
    _, out, _ = run(capsys, monkeypatch, index_dir, "攻坚", "--limit", "2")
    assert out.splitlines()[-1].endswith("(showing the first 2: --limit)")


def test_context_sets_the_characters_each_side(capsys, monkeypatch, index_dir):
    _, out, _ = run(capsys, monkeypatch, index_dir, "六保", "--json", "--context", "3")
    hit = json.loads(out)["hits"][0]
    assert (len(hit["left"]), len(hit["right"])) == (3, 3)
    _, out, _ = run(capsys, monkeypatch, index_dir, "六保", "--json", "--context", "0")
    hit = json.loads(out)["hits"][0]
    assert (hit["left"], hit["match"], hit["right"]) == ("", "六保", "")


def test_doc_restricts_the_search_to_one_document(capsys, monkeypatch, index_dir):
    _, out, _ = run(capsys, monkeypatch, index_dir, "三大攻坚战", "--json", "--doc", DOC)
    assert [h["anchor"] for h in json.loads(out)["hits"]] == SANDA
    code, out, err = run(capsys, monkeypatch, index_dir, "三大攻坚战", "--doc", "nowhere")
    assert (code, out) == (2, "")
    assert err == f"duizhao: no document 'nowhere' in the search index (documents: {DOC})\n"


def test_as_reads_the_query_one_way_only(index):
    assert {h.matched_as for h in index.search("xian", mode="pinyin").hits} == {"pinyin"}
    assert anchors(index.search("three critical battles", mode="english"), "text") == SANDA
    assert anchors(index.search("LNG", mode="chinese")) == ["s2-3-p2"]
    with pytest.raises(UserError, match=r"^'lng' is not pinyin: it does not split into syllables$"):
        index.search("lng", mode="pinyin")
    with pytest.raises(UserError, match=r"^'三大' has no English words to search for$"):
        index.search("三大", mode="english")


def test_relevance_order_keeps_every_hit(index):
    reading = index.search("脱贫 OR 攻坚")
    ranked = index.search("脱贫 OR 攻坚", order="relevance")
    assert sorted((h.anchor, h.start) for h in ranked.hits) == sorted((h.anchor, h.start) for h in reading.hits)


# ---- no hits: suggestions ----------------------------------------------------------------------------

def test_a_misspelt_term_suggests_the_glossary_term(index):
    result = index.search("三大功坚战")
    assert result.hits == []
    assert result.suggestions[0] == {"query": "三大攻坚战", "hits": 3,
                                     "why": "glossary term, 1 character different"}


def test_no_hits_suggests_the_longest_parts_that_occur(index):
    suggested = [s["query"] for s in index.search("攻坚克难战役").suggestions]
    assert "攻坚克难" in suggested


def test_misspelt_english_and_wrong_tones_get_suggestions(index):
    assert index.search("three critcal battles").suggestions[0]["query"] == "three critical battles"
    assert index.search("tuo3pin2").suggestions[0] == {"query": "tuo pin", "hits": 8,
                                                       "why": "the same syllables, any tone"}
    assert "三大攻坚战" in [s["query"] for s in index.search("sandagongjianzan").suggestions]


def test_suggestions_are_printed(capsys, monkeypatch, index_dir):
    _, out, _ = run(capsys, monkeypatch, index_dir, "三大功坚战")
    assert "did you mean: 三大攻坚战  (3 hits; glossary term, 1 character different)" in out.splitlines()


# ---- bad queries: one line on stderr, exit 2 -------------------------------------------------------------

BAD_QUERIES = [
    (["三大\"攻坚战"], "unbalanced quotation mark: the phrase opened at position 3 is never closed"),
    (["AND"], "'AND' at position 1 needs a search term on each side"),
    (["OR"], "'OR' at position 1 needs a search term on each side"),
    (["NOT"], "'NOT' at position 1 needs a search term after it"),
    (["脱贫 AND"], "'AND' at position 4 needs a search term on each side"),
    (["脱贫 NOT"], "'NOT' at position 4 needs a search term after it"),
    (["NOT 脱贫"], "NOT only narrows a search: say what to find as well, e.g. '脱贫 NOT 攻坚'"),
    (["脱贫 OR NOT 攻坚"], "NOT only narrows a search: say what to find as well, e.g. '脱贫 NOT 攻坚'"),
    ([""], "empty query: give a word, a phrase, pinyin or English (e.g. 三大攻坚战, \"san da gong jian zhan\", "
           "three critical battles)"),
    ([], "empty query: give a word, a phrase, pinyin or English (e.g. 三大攻坚战, \"san da gong jian zhan\", "
         "three critical battles)"),
    (["   "], "empty query: give a word, a phrase, pinyin or English (e.g. 三大攻坚战, \"san da gong jian zhan\", "
            "three critical battles)"),
    (['""'], "empty phrase \"\" at position 1"),
    (["三" * 10240], "query too long: 10240 characters (at most 1000)"),
    (["脱贫\x00攻坚"], "query has a control character (U+0000) at position 3"),
    (["\x1b[31m脱贫"], "query has a control character (U+001B) at position 1"),
    (["脱贫\u202e"], "query has a control character (U+202E) at position 3"),
    (["(脱贫 OR 攻坚"], "unbalanced parenthesis: '(' at position 1 is never closed"),
    (["脱贫)"], "unbalanced parenthesis: ')' at position 3 has no matching '('"),
    (["()"], "empty parentheses at position 1"),
    (["，。"], "nothing to search for in '，。': punctuation alone is not indexed"),
    ([" OR ".join(["脱贫"] * 33)], "too many search terms: 33 (at most 32)"),
    (["三大攻坚战", "--limit", "0"], "--limit must be 1 or more, not 0"),
    (["三大攻坚战", "--context", "-1"], "--context must be between 0 and 500 characters, not -1"),
]


@pytest.mark.parametrize("args, message", BAD_QUERIES, ids=[repr(a)[:40] for a, _ in BAD_QUERIES])
def test_a_bad_query_is_one_line_and_exit_code_2(capsys, monkeypatch, index_dir, args, message):
    code, out, err = run(capsys, monkeypatch, index_dir, *args)
    assert (code, out) == (2, "")
    assert err == f"duizhao: {message}\n"


def test_a_search_before_any_build_says_to_build(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["search", "三大攻坚战"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == "duizhao: no search index at search_index/: run 'duizhao build' first\n"


def test_a_bad_query_is_reported_as_such_even_without_an_index(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["search", "\"三大"]) == 2
    assert capsys.readouterr().err == ("duizhao: unbalanced quotation mark: the phrase opened at position 1 "
                                       "is never closed\n")


def test_a_damaged_or_outdated_index_says_to_rebuild(tmp_path):
    from build_scripts.search.index import INDEX_FORMAT, META_FILE
    from build_scripts.search.query import SearchIndex

    folder = tmp_path / "search_index"
    folder.mkdir()
    with pytest.raises(UserError, match=r"^the search index at .*search_index/ is incomplete: run 'duizhao "
                                        r"build' again$"):
        SearchIndex(folder)
    (folder / META_FILE).write_text('{"format": 0}', encoding="utf-8")
    with pytest.raises(UserError, match=rf"has format 0, this duizhao reads format {INDEX_FORMAT}: run 'duizhao "
                                        r"build' again$"):
        SearchIndex(folder)
    (folder / META_FILE).write_text(f'{{"format": {INDEX_FORMAT}}}', encoding="utf-8")
    with pytest.raises(UserError, match=r"cannot be read \(.*\): run 'duizhao build' again$"):
        SearchIndex(folder)


# ---- building ------------------------------------------------------------------------------------------

def test_one_index_document_per_paragraph_and_printed_heading(index):
    docs, _ = seed_archive()
    printed = [b for b in docs[0].blocks if b.kind == "paragraph" or not b.implied]
    assert index.backend.size == len(printed) == 45 + 8
    assert index.meta["blocks"] == 53


def test_a_failed_rebuild_leaves_the_old_index_answering(tmp_path, monkeypatch):
    from build_scripts.search import index as index_module
    from build_scripts.search.query import SearchIndex

    docs, glossary = seed_archive()
    target = tmp_path / "search_index"
    index_module.build_search_index(docs, glossary, {}, target=target)
    from build_scripts.search import backends

    calls = []
    real_add = backends.Postings.add_parts

    def failing_add(postings, n, parts):
        calls.append(n)
        if len(calls) == 20:
            raise RuntimeError("disk full (simulated)")
        real_add(postings, n, parts)

    monkeypatch.setattr(backends.Postings, "add_parts", failing_add)
    with pytest.raises(RuntimeError, match="simulated"):
        index_module.build_search_index(docs, glossary, {}, target=target)
    assert len(calls) == 20
    assert sorted(p.name for p in tmp_path.iterdir()) == ["search_index"]  # no half-built folder left
    with SearchIndex(target) as old:
        assert anchors(old.search("三大攻坚战")) == SANDA
        assert old.meta["blocks"] == 53


def test_a_rebuild_replaces_the_index(tmp_path):
    from build_scripts.search.index import build_search_index
    from build_scripts.search.query import SearchIndex
    from build_scripts.pipeline import parse_file
    from tests.conftest import SEED_PAGE

    _, glossary = seed_archive()
    target = tmp_path / "search_index"
    build_search_index([parse_file(SEED_PAGE)], glossary, {}, target=target)
    doc = parse_file(SEED_PAGE)
    doc.blocks = [b for b in doc.blocks if b.anchor != "s2-1-p5"]
    build_search_index([doc], glossary, {}, target=target)
    with SearchIndex(target) as rebuilt:
        assert anchors(rebuilt.search("三大攻坚战")) == ["s2-p1", "s2-1"]


def test_build_all_writes_the_index_before_the_site():
    import inspect

    from build_scripts import build

    source = inspect.getsource(build._build)  # (build_all's body, after the archive is loaded)
    # the index is written by start_index (in a process of its own), and waited for before the site is swapped in
    assert "build_search_index(" in inspect.getsource(build._write_index)
    assert source.index("start_index(") < source.index("index.finish()") < source.index("mkdocs.finish(")


def test_per_character_pinyin_agrees_with_the_archives_word_pinyin():
    from build_scripts.terms.pinyin import word_pinyin
    from build_scripts.search.syllables import char_syllables

    docs, _ = seed_archive()
    for block in docs[0].blocks:
        if not block.text:
            continue
        _, readings = char_syllables(block.text)
        offset = 0
        for token, reading in word_pinyin(block.text):
            if reading:
                mine = "".join(r[0] for r in readings[offset:offset + len(token)] if r)
                expected = re.sub(r"[^a-zü]", "", _toneless(reading.lower()))
                assert mine == expected, (block.anchor, token, reading)
            offset += len(token)


def _toneless(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                 if c not in "\u0300\u0301\u0304\u030c"))


def test_either_script_folds_to_one_form_but_simplified_print_keeps_its_own_characters():
    from build_scripts.search.variants import fold_script

    assert fold_script("社會主義") == fold_script("社会主义") == "社会主义"
    assert fold_script("三大攻堅戰") == fold_script("三大攻坚战")
    assert fold_script("幹部") == fold_script("干部") and fold_script("頭髮") == fold_script("头发")
    for printed in ("乾坤", "著作", "于是", "只有"):  # characters of simplified print stay themselves
        assert fold_script(printed) == printed, printed
    assert fold_script("乾坤") != fold_script("干坤")


def test_a_documents_copy_in_a_worker_process_has_its_cache_keys():
    """A worker receives each document pickled: the records it makes must be found under the main process's key,
    or they are all made again there (the key once hashed which values were one object, which a copy does not
    keep)."""
    import pickle

    from build_scripts.search.records import records_key

    from build_scripts.model import Block, Document
    from build_scripts.terms.annotate import annotate

    _, glossary = seed_archive()
    doc = Document("bench-0001", "bench-0001.txt", {"id": "bench-0001", "title": {"zh": "政府工作报告", "en": None}},
                   [Block("paragraph", "p1", "脱贫攻坚战取得全面胜利，“三大攻坚战”成效明显。", None)])
    annotate(doc, glossary)  # as a build does, before the pool: made in this process, not read from the cache
    copy = pickle.loads(pickle.dumps(doc))
    assert pickle.dumps(copy) != pickle.dumps(doc)  # the copy's objects are shared otherwise: the case at issue
    assert records_key(copy, glossary, {}) == records_key(doc, glossary, {})
