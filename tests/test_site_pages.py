"""What the site is generated from: citations, reading-aid data, glossary pages, the built search index and the
build report. (The browser tests drive the same site in chromium.)"""
from __future__ import annotations

import json
import re

import pytest

from tests.site_support import DOC_ID, READING


# ---- citations -----------------------------------------------------------------------------------------

def test_citations_name_the_anchor_url_and_leave_unknown_metadata_unknown(doc):
    from build_scripts.site.citation import anchor_url, citation_templates, fill

    url = anchor_url("https://duizhao.invalid/", DOC_ID, "s2-1-p3")
    assert url == "https://duizhao.invalid/documents/lvliang-2020-gwr-p2.html#s2-1-p3"
    cites = {k: fill(v, "s2-1-p3", url, "2026-11-28") for k, v in citation_templates(doc).items()}
    assert all(url in c for c in cites.values())
    assert cites["chicago"].startswith("Lüliang Municipal People's Government. “Report on the Work of the Government”")
    assert "April 21, 2020" in cites["chicago"] and "Newspaper of unknown title, page 2" in cites["chicago"]
    assert cites["gbt7714"].startswith("吕梁市人民政府. 政府工作报告: 2020年4月21日在吕梁市第三届人民代表大会第七次会议上")
    assert "[报纸名称不详]" in cites["gbt7714"] and "[2026-11-28]" in cites["gbt7714"]
    assert cites["bibtex"].startswith("@misc{lvliang-2020-gwr-p2:s2-1-p3,")
    assert "year = {2020}" in cites["bibtex"] and "urldate = {2026-11-28}" in cites["bibtex"]


def test_a_known_newspaper_and_printing_date_are_cited(doc):
    import copy
    import datetime as dt

    from build_scripts.site.citation import citation_templates

    known = copy.deepcopy(doc)
    known.metadata["publication"]["name"] = {"zh": "吕梁日报", "en": "Lüliang Daily"}
    known.metadata["publication"]["date"] = dt.date(2020, 4, 28)
    cites = citation_templates(known)
    assert "Lüliang Daily, April 28, 2020, page 2." in cites["chicago"]
    assert "吕梁日报, 2020-04-28: 第2版" in cites["gbt7714"]
    assert "unknown" not in cites["chicago"] and "不详" not in cites["gbt7714"]


# ---- reading-aid data ------------------------------------------------------------------------------------

def test_reading_words_rebuild_every_block_and_never_cross_a_term(doc):
    from build_scripts.site.reading_data import reading_data

    data = reading_data(doc)
    for block in doc.blocks:
        if not block.text:
            continue
        words = [w for w, _ in data[block.anchor]["t"]]
        assert "".join(words) == block.text
        bounds = {0}
        for w in words:
            bounds.add(max(bounds) + len(w))
        for occ in block.occurrences:
            assert occ.start in bounds and occ.end in bounds, (block.anchor, occ)


def test_traditional_words_agree_with_converting_the_whole_text(doc):
    from build_scripts.chinese_script import converter
    from build_scripts.site.reading_data import VARIANTS, reading_data

    data = reading_data(doc)
    for anchor, entry in data.items():
        words = [w for w, _ in entry["t"]]
        s2t = [entry["s2t"].get(i, w) for i, w in enumerate(words)]
        for config in VARIANTS:
            shown = s2t if config == "s2t" else [entry[config].get(i, s2t[i]) for i in range(len(words))]
            assert "".join(shown) == converter(config).convert(doc.block(anchor).text), (anchor, config)


def test_source_data_keeps_the_raw_lines_and_every_edit_of_a_paragraph(doc):
    from build_scripts.site.reading_data import source_data

    src = source_data(doc)["s2-4-p6"]
    first, last = doc.block("s2-4-p6").source_lines
    assert src["lines"] == [first, last] and src["raw"] == doc.raw_lines[first - 1:last]
    assert [e for e in src["edits"] if e["kind"] == "conjecture"] == [
        {"kind": "conjecture", "before": " ", "after": "槃", "line": 856, "column": 15, "certainty": 0.9,
         "note": "dropped glyph in 以凤凰涅_的决心将; the dictionary words 凤凰涅槃 fit", "offset": 56}]
    assert len(src["edits"]) == len(doc.edits_for(doc.block("s2-4-p6")))


# ---- generated pages ---------------------------------------------------------------------------------------

def test_glossary_index_lists_every_term_by_category_and_in_pinyin_order(archive):
    from build_scripts.site.glossary_pages import index_markdown, pinyin_key

    page = index_markdown(archive, "en")
    by_pinyin = page[page.index('id="by-pinyin"') if 'id="by-pinyin"' in page else page.index("#by-pinyin"):]
    order = re.findall(r'<a href="([a-z0-9-]+)\.html">', by_pinyin)
    assert order == [t.id for t in sorted(archive.glossary, key=pinyin_key)]
    assert len(order) == len(archive.glossary) == 366  # 130 seed entries + 236 of the national archive
    by_category = page[:page.index("#by-pinyin")]
    assert len(re.findall(r'<a href="([a-z0-9-]+)\.html">', by_category)) == 366


def test_pinyin_order_ignores_tones_and_case_first(archive):
    from build_scripts.site.glossary_pages import pinyin_key

    ordered = [t.pinyin for t in sorted(archive.glossary, key=pinyin_key)]
    letters = [pinyin_key(t)[0] for t in sorted(archive.glossary, key=pinyin_key)]
    assert letters == sorted(letters)
    assert ordered.index("liù wěn") < ordered.index("sān dà gōngjiānzhàn")


def test_term_page_has_renderings_with_sources_components_and_a_concordance(archive):
    from build_scripts.site.glossary_pages import term_markdown

    term = archive.glossary.by_id["liuwen"]
    page = term_markdown(archive, term, "en")
    assert term.en["text"] in page and term.en["source"]["url"] in page
    for component in term.components:
        assert component["zh"] in page
    assert page.count('<tr><td class="dz-kwic-left"') == 1  # 六稳 is printed once on the seed page


def test_search_index_holds_the_printed_text_and_no_reading_aid(built_site, doc, archive):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    reading = [d for d in index["docs"] if d["location"].startswith(READING)]
    text = "".join(d["text"] + d["title"] for d in reading).replace("\u200b", "")
    assert "三大攻坚战" in text
    assert not re.search(r"[āáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜ]", text)  # no pinyin
    assert "攻堅" not in text  # no traditional characters
    assert archive.glossary.by_id["sanda-gongjianzhan"].explanation_en not in text  # no term popups
    assert "question; problem; issue" not in text  # no CC-CEDICT glosses (问题)
    from build_scripts.translation.translations import translations_for

    english = translations_for()[DOC_ID].segments["s2-1-p3"].text
    assert english[:80] in text  # the translation is a text of its own, and it is indexed


def test_interface_languages_are_declared_on_every_page(built_site):
    zh = (built_site / READING).read_text(encoding="utf-8")
    en = (built_site / "en" / READING).read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in zh and '<html lang="en"' in en
    assert '关于本页' in zh and 'About this page' in en


def test_the_built_site_references_no_third_party_host(built_site):
    """Links to sources are fine (a reader clicks them); nothing may be *loaded* from elsewhere."""
    from bs4 import BeautifulSoup

    for page in built_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        loads = [t.get("src") for t in soup.find_all(["script", "img", "iframe"]) if t.get("src")]
        loads += [t.get("href") for t in soup.find_all("link") if "stylesheet" in (t.get("rel") or [])]
        assert not [u for u in loads if re.match(r"(https?:)?//", u)], page


def test_build_report_measures_the_reading_page(built_site, doc):
    from build_scripts.site.report import report_lines, site_report

    report = site_report(built_site, [doc], 12.5)
    assert report["terms_marked"] == 175 and report["paragraphs"] == 45  # 171 + 4 of national-archive terms
    weight = report["reading_pages"][DOC_ID]
    assert weight["on_open_files"][0] == READING
    assert "assets/duizhao/reader.js" in weight["on_open_files"] and "search/search_index.json" in weight["on_open_files"]
    expected = sum((built_site / f).stat().st_size for f in weight["on_open_files"])
    assert weight["on_open"]["bytes"] == expected
    assert any(line.startswith("weight documents/") for line in report_lines(report))


def test_serve_without_a_built_site_says_so(tmp_path, capsys):
    from build_scripts.cli import main

    import os

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["serve", "--no-build", "--port", "0"]) == 2
    finally:
        os.chdir(here)
    assert capsys.readouterr().err.strip() == "duizhao: site: no site to serve: run `duizhao build` first"
