"""What the site is generated from: citations, reading-aid data, glossary pages, the built search index and the
build report. (The browser tests drive the same site in chromium.)"""
from __future__ import annotations

import json
import re

import pytest

from tests.site_support import DOC_ID, READING


# ---- citations -----------------------------------------------------------------------------------------

URL = "https://archive.example.org/documents/lvliang-2020-gwr.html#s2-1-p3"


def cites_of(doc, url=URL):
    from build_scripts.site.citation import citation_templates, fill

    return {k: fill(v, "s2-1-p3", url, "2026-11-28", DOC_ID) for k, v in citation_templates(doc).items()}


def with_newspaper(doc):
    import copy
    import datetime as dt

    known = copy.deepcopy(doc)
    known.metadata["publication"]["name"] = {"zh": "吕梁日报", "en": "Lüliang Daily"}
    known.metadata["publication"]["date"] = dt.date(2020, 4, 28)
    return known


def test_the_address_is_the_site_url_and_the_page_path_or_the_path_alone_without_one():
    from build_scripts.site.citation import anchor_url

    assert anchor_url("https://archive.example.org/", DOC_ID, "s2-1-p3") == URL
    assert anchor_url(None, DOC_ID, "s2-1-p3") == f"documents/{DOC_ID}.html#s2-1-p3"


def test_gbt7714_of_a_report_whose_newspaper_is_unknown(doc):
    """GB/T 7714-2015 §4.1 (monographs, reports, online): 主要责任者. 题名: 其他题名信息[R/OL]. 其他责任者[引用日期].
    获取和访问路径. The speaker is another responsible party (like the standard's "谢远涛, 译"), not part of the
    title; the unknown newspaper is left out; the delivery date stays in the subtitle as printed and is not
    given as a publication date."""
    import copy

    assert cites_of(doc)["gbt7714"] == ("吕梁市人民政府. 政府工作报告: 2020年4月21日在吕梁市第三届人民代表大会第七次会议上"
                                        f"[R/OL]. 王立伟, 报告. [2026-11-28]. {URL}.")
    assert "不详" not in cites_of(doc)["gbt7714"] and "(2020-04-21)" not in cites_of(doc)["gbt7714"]
    anonymous = copy.deepcopy(doc)
    anonymous.metadata["document"]["issuer"] = {"zh": None, "en": None}
    assert cites_of(anonymous)["gbt7714"].startswith("政府工作报告: 2020年4月21日")


def test_gbt7714_of_a_known_newspaper_gives_its_name_date_and_page(doc):
    """§4.4 (newspaper, example 谢希德. 创造学习的思路[N]. 人民日报, 1998-12-25(10).), online."""
    assert cites_of(with_newspaper(doc))["gbt7714"] == (
        "吕梁市人民政府. 政府工作报告: 2020年4月21日在吕梁市第三届人民代表大会第七次会议上[N/OL]. "
        f"吕梁日报, 2020-04-28(2)[2026-11-28]. {URL}.")


def test_chicago_names_the_delivery_and_leaves_the_unknown_newspaper_unknown(doc):
    chicago = cites_of(doc)["chicago"]
    assert chicago.startswith("Lüliang Municipal People's Government. “Report on the Work of the Government” [政府工作报告].")
    assert "April 21, 2020" in chicago and "Newspaper of unknown title, page 2" in chicago
    assert chicago.endswith(f"§ s2-1-p3. 对照 duizhao archive. {URL} (accessed 2026-11-28).")
    known = cites_of(with_newspaper(doc))["chicago"]
    assert "Lüliang Daily, April 28, 2020, page 2." in known and "unknown" not in known


def test_plain_bibtex_carries_the_address_and_access_date_in_fields_every_style_prints(doc):
    bib = cites_of(doc)["bibtex"]
    assert bib.startswith(f"@misc{{{DOC_ID}:s2-1-p3,\n")
    assert f"howpublished = {{\\url{{{URL}}}}}" in bib
    assert "Accessed 2026-11-28}" in bib and "urldate" not in bib and "  url =" not in bib
    assert "year = {2020}" in bib and "month = apr" in bib
    assert bib.count("{") == bib.count("}")


def test_biblatex_is_a_report_or_a_newspaper_article_with_url_and_urldate(doc):
    bib = cites_of(doc)["biblatex"]
    assert bib.startswith(f"@report{{{DOC_ID}:s2-1-p3,\n")
    assert f"url = {{{URL}}}" in bib and "urldate = {2026-11-28}" in bib and "date = {2020-04-21}" in bib
    assert "institution = {Lüliang Municipal People's Government}" in bib
    known = cites_of(with_newspaper(doc))["biblatex"]
    assert known.startswith("@article{") and "entrysubtype = {newspaper}" in known
    assert "journaltitle = {Lüliang Daily}" in known and "date = {2020-04-28}" in known and "pages = {2}" in known


def test_ris_is_a_report_or_a_newspaper_record(doc):
    ris = cites_of(doc)["ris"].split("\r\n")
    assert ris[0] == "TY  - RPRT" and ris[-2] == "ER  - " and ris[-1] == ""
    assert {"AU  - 吕梁市人民政府", "PY  - 2020", "DA  - 2020/04/21", f"UR  - {URL}", "Y2  - 2026-11-28", "LA  - zh"} <= set(ris)
    known = cites_of(with_newspaper(doc))["ris"].split("\r\n")
    assert known[0] == "TY  - NEWS" and {"T2  - 吕梁日报", "SP  - 2", "DA  - 2020/04/28"} <= set(known)


def test_csl_json_is_one_item_with_the_paragraphs_address_and_the_access_date(doc):
    from build_scripts.site.citation import csl_json

    (item,) = csl_json(doc, "s2-1-p3", URL, "2026-11-28")
    assert item["id"] == f"{DOC_ID}:s2-1-p3" and item["type"] == "report" and item["title"] == "政府工作报告"
    assert item["author"] == [{"literal": "吕梁市人民政府"}] and item["issued"] == {"date-parts": [[2020, 4, 21]]}
    assert item["URL"] == URL and item["accessed"] == {"date-parts": [[2026, 11, 28]]}
    assert "container-title" not in item
    (paper,) = csl_json(with_newspaper(doc), "s2-1-p3", URL, "2026-11-28")
    assert paper["type"] == "article-newspaper" and paper["container-title"] == "吕梁日报" and paper["page"] == "2"
    assert paper["issued"] == {"date-parts": [[2020, 4, 28]]}


def test_meta_tags_name_the_report_and_give_the_public_address_only_when_there_is_one(doc):
    from build_scripts.site.citation import meta_tags

    tags = dict(meta_tags(doc, None))
    assert tags == {"citation_title": "政府工作报告", "citation_author": "吕梁市人民政府", "citation_date": "2020/04/21",
                    "citation_technical_report_institution": "吕梁市人民政府", "citation_firstpage": "2",
                    "citation_language": "zh"}
    public = dict(meta_tags(doc, "https://archive.example.org/"))
    assert public["citation_public_url"] == public["citation_abstract_html_url"] == \
        f"https://archive.example.org/documents/{DOC_ID}.html"
    paper = dict(meta_tags(with_newspaper(doc), None))
    assert paper["citation_journal_title"] == "吕梁日报" and paper["citation_publication_date"] == "2020/04/28"
    assert "citation_technical_report_institution" not in paper


def test_the_built_reading_pages_carry_the_meta_tags_in_both_interfaces(built_site, archive):
    from build_scripts.site.citation import meta_tags

    for doc in archive.docs:
        for folder in (built_site, built_site / "en"):
            html = (folder / "documents" / f"{doc.id}.html").read_text(encoding="utf-8")
            head = html.split("</head>")[0]
            found = re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', head)
            assert found == meta_tags(doc, None)


def test_nothing_a_reader_can_copy_names_the_reserved_address(built_site):
    """duizhao.invalid was the placeholder site_url: no page, script or data file of the site may carry it."""
    offenders = [str(p.relative_to(built_site)) for p in built_site.rglob("*")
                 if p.is_file() and p.suffix in {".html", ".js", ".json", ".txt", ".xml"}
                 and "duizhao.invalid" in p.read_text(encoding="utf-8", errors="replace")]
    assert offenders == []


def test_glosses_put_common_senses_before_variants_surnames_and_archaic_senses():
    from build_scripts.terms.cedict import build_subset

    subset = build_subset({"和", "为"})
    he = subset["和"]
    assert he[0]["definitions"][0].startswith("(joining two nouns) and")
    assert [e["definitions"][0] for e in he[-2:]] == ["old variant of 和[he2]", "surname He"]
    assert all(e.get("aside") for e in he[-2:]) and not any(e.get("aside") for e in he[:-2])
    mixed = next(e for e in he if "harmonious" in e["definitions"])
    assert mixed["definitions"] == ["harmonious", "old variant of 和[he2]"]  # within an entry too
    assert [e["definitions"][0] for e in subset["为"][:2]] == ["as (in the capacity of)", "because of"]


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

    data = source_data(doc, "zh")
    src = data["blocks"]["s2-4-p6"]
    first, last = doc.block("s2-4-p6").source_lines
    assert src["lines"] == [first, last] and data["raw"] == {"lvliang-2020-gwr-p2": doc.raw_lines}  # the whole page, once
    assert [e for e in src["edits"] if e["kind"] == "conjecture"] == [
        {"kind": "conjecture", "before": " ", "after": "槃", "line": 856, "column": 15, "certainty": 0.9,
         "note": "dropped glyph in 以凤凰涅_的决心将; the dictionary words 凤凰涅槃 fit", "offset": 56,
         "label": "推测补字", "note_shown": "以凤凰涅_的决心将 中脱落一字；词典中的 凤凰涅槃 与之吻合",
         "page": "lvliang-2020-gwr-p2"}]
    assert len(src["edits"]) == len(doc.edits_for(doc.block("s2-4-p6")))


def test_every_edit_kind_and_note_of_the_archive_has_both_interface_languages(archive):
    from build_scripts.site.edit_labels import EDIT_KINDS, note_text

    for doc in archive.docs:
        for edit in doc.edits:
            assert edit.kind in EDIT_KINDS, edit.kind
            zh, translated = note_text(edit.note, "zh")
            assert translated and not re.search(r"[A-Za-z]{4,}", zh), (edit.note, zh)


def test_character_level_variants_keep_every_words_length(doc):
    from build_scripts.site.reading_data import VARIANTS, reading_data

    assert VARIANTS == ("s2t", "s2tw", "s2hk")  # s2twp rewords (运行→執行): not offered
    for anchor, entry in reading_data(doc).items():
        for config in VARIANTS:
            for i, word in entry[config].items():
                assert len(word) == len(entry["t"][int(i)][0]), (anchor, config, word)


def test_long_words_pinyin_is_written_apart_by_the_words_it_is_made_of():
    from build_scripts.site.reading_data import split_long_pinyin

    assert split_long_pinyin("从严治党", "cóngyánzhìdǎng") == "cóngyán zhìdǎng"
    assert split_long_pinyin("科研机构", "kēyánjīgòu") == "kēyán jīgòu"
    assert split_long_pinyin("发展", "fāzhǎn") == "fāzhǎn"  # short words stay whole
    assert split_long_pinyin("中华人民共和国", "Zhōnghuá Rénmín Gònghéguó") == "Zhōnghuá Rénmín Gònghéguó"
    assert split_long_pinyin("千企百展", "qiānqǐbǎizhǎn") == "qiānqǐbǎizhǎn"  # no dictionary word inside: whole


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
    # one row per occurrence in the archive: 六稳 is printed once on the seed page, and in national reports too
    occurrences = sum(1 for d in archive.docs for b in d.blocks for o in b.occurrences if o.term_id == "liuwen")
    seed = sum(1 for b in archive.doc("lvliang-2020-gwr").blocks for o in b.occurrences if o.term_id == "liuwen")
    assert seed == 1 and page.count('<tr><td class="dz-kwic-left"') == occurrences


def test_no_lunr_index_is_built_and_every_page_has_the_exact_search_box(built_site):
    """Material's search (lunr) found nothing in Chinese and loaded its index on every page: it is not built;
    the header's box is the exact search's script (search.js), whose data loads only when the box is used."""
    assert not (built_site / "search" / "search_index.json").exists()
    assert not (built_site / "en" / "search" / "search_index.json").exists()
    for page in (READING, "index.html", "en/" + READING):
        html = (built_site / page).read_text(encoding="utf-8")
        assert 'data-md-component="search"' not in html
        assert "assets/duizhao/search.js" in html and "data/search.js" not in html


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
    assert "assets/duizhao/reader.js" in weight["on_open_files"] and "assets/duizhao/search.js" in weight["on_open_files"]
    assert not [f for f in weight["on_open_files"] if "search_index" in f or "workers/search" in f]
    expected = sum((built_site / f).stat().st_size for f in weight["on_open_files"])
    assert weight["on_open"]["bytes"] == expected
    assert any(line.startswith("weight 1 reading page(s) on open: median ") and f"heaviest {READING} " in line
               for line in report_lines(report))


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
