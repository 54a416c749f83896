"""The exact search page (search.html) in a real browser (Debian's chromium, driven by Playwright): it gives the
answers `duizhao search` gives, from a static host and from disk.

Expected values come from Python, never from the page: the search API the CLI calls (SearchIndex.search, over an
index built here from the same archive and translations the site is built from) and, for Chinese strings, a plain
substring scan of every paragraph and printed heading.
"""
from __future__ import annotations

import random
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from build_scripts.errors import UserError
from tests.site_support import DOC_ID, OUTPUT, SCREENSHOTS

SANDA = ["s2-p1", "s2-1", "s2-1-p5"]  # where 三大攻坚战 is printed (the brief's example)


# ---- Python's answers ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_source(tmp_path_factory):
    """The seed's report alone, with the glossary and its translation: the archive these tables of expected hits
    (SANDA, the sweep) are written for, whatever else the repository's archive holds."""
    import shutil

    from tests.conftest import ROOT

    root = tmp_path_factory.mktemp("seed-archive") / "source_texts"
    for name in ("lvliang-2020-gwr", "glossary", "translations"):
        shutil.copytree(ROOT / "source_texts" / name, root / name)
    return root


@pytest.fixture(scope="module")
def built_site(seed_source):
    from tests.site_support import build_site

    return build_site(OUTPUT / "search-site", source=seed_source)


@pytest.fixture(scope="module")
def site_server(built_site):  # the session's server serves the session's site: this module's needs its own
    from tests.site_support import served

    yield from served(built_site)


@pytest.fixture(scope="module")
def archive(seed_source):
    from build_scripts.archive import load_archive

    return load_archive(seed_source)


@pytest.fixture(scope="module")
def cli(archive, tmp_path_factory):
    """The CLI's search (build_scripts.search.query.SearchIndex, as `duizhao search` opens it) over an index of the
    archive and the English translations the site is built from."""
    from build_scripts.search.index import build_search_index
    from build_scripts.search.query import SearchIndex
    from build_scripts.translation.translations import translations_for
    from tests.conftest import ROOT

    folder = tmp_path_factory.mktemp("site-search") / "search_index"
    build_search_index(archive.docs, archive.glossary, translations_for(), target=folder)
    with SearchIndex(folder, config=ROOT / "mkdocs.yml") as index:
        yield index


def expected_hits(cli, query: str, mode: str = "auto") -> list[dict]:
    return [{"doc": h.doc_id, "anchor": h.anchor, "field": h.field, "start": h.start, "end": h.end,
             "as": h.matched_as, "left": h.left, "match": h.match, "right": h.right, "path": h.path,
             "citation": h.citation, "section": h.section}
            for h in cli.search(query, mode=mode).hits]


def searchable_blocks(archive):
    """Every paragraph and printed heading (an implied heading has no text on the page), in reading order."""
    return [(doc, b) for doc in archive.docs for b in doc.blocks if b.text and (b.kind == "paragraph" or not b.implied)]


def scan(archive, needle: str) -> list[str]:
    """A brute-force substring scan: the anchor of every occurrence of `needle` (overlapping ones count once)."""
    found = []
    for _, block in searchable_blocks(archive):
        end = -1
        for i in range(len(block.text)):
            if block.text.startswith(needle, i) and i >= end:
                found.append(block.anchor)
                end = i + len(needle)
    return found


# ---- the page --------------------------------------------------------------------------------------------

def search_url(base: str, query: str, mode: str | None = None) -> str:
    return f"{base}search.html?q={quote(query, safe='')}" + (f"&as={mode}" if mode else "")


def address(url: str) -> tuple[str, dict]:
    """The page and the parameters of an address (a space may be %20 or +)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query, keep_blank_values=True)


def wait_for_answer(page, query: str) -> None:
    page.wait_for_function("q => { const n = document.getElementById('dz-search');"
                           " return n.dataset.state === 'done' && n.dataset.query === q; }", arg=query)


def open_search(page, base: str, query: str, mode: str | None = None) -> None:
    page.goto(search_url(base, query, mode))
    wait_for_answer(page, query)


def every_page(page) -> None:
    """Click "more" until every hit is shown: the page shows them 20, then 100 at a time."""
    while page.locator("button.dz-more").count():
        shown = page.get_attribute("#dz-search", "data-shown")
        page.click("button.dz-more")
        page.wait_for_function("n => { const r = document.getElementById('dz-search');"
                               " return r.dataset.state === 'done' && r.dataset.shown !== n; }", arg=shown)


def shown_hits(page) -> list[dict]:
    every_page(page)
    return page.eval_on_selector_all(".dz-hit", """ns => ns.map(n => ({
        doc: n.dataset.doc, anchor: n.dataset.anchor, field: n.dataset.field, start: +n.dataset.start,
        end: +n.dataset.end, as: n.dataset.as, left: n.querySelector('.dz-left').textContent,
        match: n.querySelector('mark').textContent, right: n.querySelector('.dz-right').textContent,
        href: n.querySelector('a.dz-hit-link').href, citation: n.querySelector('a.dz-hit-link').textContent,
        section: (n.querySelector('.dz-section') || {textContent: ''}).textContent}))""")


def as_expected(hits: list[dict], base: str) -> list[dict]:
    """The page's form of the CLI's hits: the link resolved against the page's site root."""
    return [{**{k: v for k, v in h.items() if k != "path"}, "href": base + h["path"]} for h in hits]


def shown_message(page) -> str:
    """The CLI's words behind the message the page shows (kept on the element; the page shows the interface's)."""
    return page.get_attribute("#dz-search .dz-error-message", "data-message")


# ---- every query form gives the CLI's hits ------------------------------------------------------------------

QUERIES = [
    pytest.param("三大攻坚战", id="chinese-phrase"),
    pytest.param("三大攻堅戰", id="traditional"),
    pytest.param("sandagongjianzhan", id="pinyin-run-together"),
    pytest.param('"san da gong jian zhan"', id="pinyin-quoted-syllables"),
    pytest.param("san da gong jian zhan", id="pinyin-bare-syllables"),
    pytest.param("tuo1pin2", id="pinyin-tone-numbers"),
    pytest.param("tuōpín", id="pinyin-tone-marks"),
    pytest.param("three critical battles", id="english-glossary"),
    pytest.param("six priorities", id="english-glossary-2"),
    pytest.param("deputies", id="english-translation-only"),
    pytest.param("脱贫 OR 六保", id="or"),
    pytest.param("脱贫 AND 任务", id="and"),
    pytest.param("攻坚 NOT 脱贫", id="not"),
    pytest.param("(脱贫 OR 六保) 攻坚", id="grouping"),
    pytest.param("sanda NOT 攻坚战", id="pinyin-not-chinese"),
    pytest.param("三大", id="prefix-chinese"),
    pytest.param("攻坚", id="prefix-chinese-2"),
    pytest.param("sanda", id="prefix-pinyin"),
    pytest.param("LNG", id="latin"),
    pytest.param("1916", id="latin-digits"),
]


@pytest.mark.parametrize("query", QUERIES)
def test_page_shows_exactly_the_hits_the_cli_finds(browser_page, site_server, cli, query):
    page = browser_page
    open_search(page, site_server.url(), query)
    expected = expected_hits(cli, query)
    assert expected, f"{query}: the table should hold queries that find something"
    assert shown_hits(page) == as_expected(expected, site_server.url())
    result = cli.search(query)
    totals = page.eval_on_selector(".dz-totals", "n => Object.fromEntries(Object.entries(n.dataset).map(([k, v]) => [k, +v]))")
    assert totals == result.totals
    readings = page.eval_on_selector_all(".dz-reading", "ns => ns.map(n => [n.dataset.term, n.dataset.as, n.dataset.searched])")
    assert readings == [list(r) for r in dict.fromkeys((r["term"], r["as"], r["searched"]) for r in result.readings)]


@pytest.mark.parametrize("query", ["tuopin", "poverty alleviation", "three critical battles", "脫貧攻堅"])
def test_the_page_says_how_the_query_was_read_in_plain_words_never_stems_splits_or_ids(browser_page, site_server,
                                                                                     cli, query):
    page = browser_page
    open_search(page, site_server.url(), query)
    shown = page.inner_text(".dz-searched")
    assert query in shown
    for reading in cli.search(query).readings:  # the engine's own words for each reading
        if reading["as"] == "english":  # stems (poverti allevi), unless a stem is a word as typed
            for stem in set(reading["searched"].split()) - set(query.split()):
                assert stem not in re.findall(r"[a-z]+", shown.lower()), stem
        if reading["as"] == "english-glossary":  # a term id: (sanda-gongjianzhan)
            term_id = reading["searched"].rsplit("(", 1)[1].split(",")[0].rstrip(")")
            assert term_id not in shown
    visible = page.eval_on_selector_all(".dz-reading:not([hidden])", "ns => ns.map(n => [n.dataset.as, +n.dataset.found])")
    pinyin = [found for kind, found in visible if kind == "pinyin"]
    if query == "tuopin":  # "tuo pin" finds 脱贫; "tu o pin", a split that finds nothing, is not shown beside it
        assert pinyin and all(pinyin), visible
        assert "tuo pin" in shown and "tu o pin" not in shown


@pytest.mark.parametrize("query", ["三大攻坚战", "三大", "攻坚", "脱贫攻坚", "“六保”", "的"])
def test_a_chinese_string_hits_exactly_where_a_substring_scan_finds_it(browser_page, site_server, archive, query):
    open_search(browser_page, site_server.url(), query)
    hits = shown_hits(browser_page)
    assert [h["anchor"] for h in hits] == scan(archive, query)
    assert {h["match"] for h in hits} == {query}  # never a longer or different word
    if query == "三大攻坚战":
        assert [h["anchor"] for h in hits] == SANDA


def test_a_traditional_query_hits_where_its_simplified_form_is_printed(browser_page, site_server, archive):
    from build_scripts.chinese_script import converter

    query = "三大攻堅戰"
    open_search(browser_page, site_server.url(), query)
    assert [h["anchor"] for h in shown_hits(browser_page)] == scan(archive, converter("t2s").convert(query)) == SANDA


@pytest.mark.parametrize("query, syllables", [("sanda", [("san", None), ("da", None)]),
                                              ("tuo1pin2", [("tuo", 1), ("pin", 2)]),
                                              ("gongjian", [("gong", None), ("jian", None)])])
def test_a_pinyin_query_hits_only_characters_read_so(browser_page, site_server, archive, query, syllables):
    """A pinyin prefix is no wildcard: sanda finds 三大 (san da), never 三 alone, nor characters read otherwise."""
    from build_scripts.search.syllables import char_syllables

    open_search(browser_page, site_server.url(), query)
    hits = shown_hits(browser_page)
    texts = {b.anchor: b.text for _, b in searchable_blocks(archive)}
    assert hits
    for hit in hits:
        readings = char_syllables(texts[hit["anchor"]])[1][hit["start"]:hit["end"]]
        assert len(readings) == len(syllables), hit
        for (base, tone), (want, want_tone) in zip(readings, syllables):
            assert base == want and want_tone in (None, tone), hit


def test_free_english_finds_a_word_of_the_translation(browser_page, site_server, cli):
    open_search(browser_page, site_server.url(), "deputies")
    hits = shown_hits(browser_page)
    assert hits and {h["field"] for h in hits} == {"translation"}
    assert all(h["match"].lower() == "deputies" for h in hits)
    assert browser_page.eval_on_selector(".dz-hit .dz-kwic", "n => n.lang") == "en"


def test_the_engine_agrees_with_the_cli_on_a_sweep_of_queries(browser_page, site_server, cli, archive):
    """Every glossary form, English rendering and pinyin, and random pieces of the text and of the translation,
    run through the page's engine: the same hits (offsets, context, citation), readings and suggestions."""
    rng = random.Random(2020)
    texts = [b.text for _, b in searchable_blocks(archive)]
    queries: list[str] = []
    for term in archive.glossary:
        queries += [term.term, term.pinyin, term.pinyin.replace(" ", ""), term.en["text"]]
        queries += [f for f in term.forms if f not in queries][:3]
    for _ in range(120):
        text = rng.choice(texts)
        size = rng.randint(1, 5)
        start = rng.randrange(max(1, len(text) - size))
        queries.append(text[start:start + size])
    queries += ["xian", "xi'an", "lv3liang", "Lüliang", "ＬＮＧ", "5G", '"1+N"', "fight against poverty", "poverty",
                "the six priorities", "tuo AND pin", "Tuō Pín", "三大功坚战", "three critcal battles", "tuo3pin2",
                "povrety", "攻坚 NOT (脱贫 OR 六保)", "吕梁 转型 NOT 煤", "三大 three critical battles"]
    queries = list(dict.fromkeys(queries))
    page = browser_page
    open_search(page, site_server.url(), "三大攻坚战")
    answers = page.evaluate("""async queries => { const E = DZ.searchEngine, engine = await DZ.searchReady();
        const answers = [];
        for (const q of queries) answers.push(await engine.search(q).then(r => ({
            hits: r.hits.map(h => [h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as, h.left, h.match, h.right,
                                   h.citation, h.section]),
            readings: r.readings.map(x => [x.term, x.as, x.searched]),
            suggestions: r.suggestions.map(s => [s.query, s.hits, s.why]) }),
          e => { if (e instanceof E.UserError) return {error: e.message}; throw e; }));
        return answers; }""", queries)
    mismatches = []
    for query, answer in zip(queries, answers):
        try:
            result = cli.search(query)
        except UserError as err:
            expected = {"error": str(err)}
        else:
            expected = {"hits": [[h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as, h.left, h.match, h.right,
                                  h.citation, h.section] for h in result.hits],
                        "readings": [[r["term"], r["as"], r["searched"]] for r in result.readings],
                        "suggestions": [[s["query"], s["hits"], s["why"]] for s in result.suggestions]}
        if answer != expected:
            mismatches.append(query)
    assert len(queries) > 400
    assert not mismatches, mismatches


@pytest.mark.parametrize("query", ["為", "裡", "头髮"])
def test_a_traditional_variant_the_archive_does_not_print_still_finds_its_simplified_form(browser_page, site_server,
                                                                                          cli, query):
    open_search(browser_page, site_server.url(), query)
    assert shown_hits(browser_page) == as_expected(expected_hits(cli, query), site_server.url())


# ---- no hits: near matches ------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["三大功坚战", "three critcal battles", "tuo3pin2"])
def test_a_query_without_hits_suggests_what_the_cli_suggests(browser_page, site_server, cli, query):
    page = browser_page
    open_search(page, site_server.url(), query)
    assert page.locator(".dz-hit").count() == 0
    expected = [(s["query"], s["hits"]) for s in cli.search(query).suggestions]
    shown = page.eval_on_selector_all(".dz-suggestion", "ns => ns.map(n => [n.dataset.query, +n.dataset.hits])")
    assert expected and [tuple(s) for s in shown] == expected
    first = expected[0][0]
    page.click(".dz-suggestion a >> nth=0")  # a suggestion is a search of its own, in the address too
    wait_for_answer(page, first)
    assert address(page.url) == address(search_url(site_server.url(), first))
    assert shown_hits(page) == as_expected(expected_hits(cli, first), site_server.url())


# ---- bad queries ----------------------------------------------------------------------------------------------------

BAD = [
    pytest.param('ab"c', id="unbalanced-quote"),
    pytest.param("AND", id="operator-alone"),
    pytest.param("脱贫 OR", id="operator-at-the-end"),
    pytest.param("NOT 攻坚", id="not-alone"),
    pytest.param("(脱贫", id="unclosed-parenthesis"),
    pytest.param("脱贫)", id="unopened-parenthesis"),
    pytest.param("()", id="empty-parentheses"),
    pytest.param('""', id="empty-phrase"),
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("，，", id="punctuation-only"),
    pytest.param("a\x01b", id="control-character"),
    pytest.param("脱贫\u200b攻坚", id="format-character"),
    pytest.param("x" * 10 * 1024, id="10-KB"),
    pytest.param(" ".join(["脱贫"] * 33), id="too-many-terms"),
    pytest.param("xian" * 9, id="too-many-pinyin-splits"),
]


def cli_message(cli, query: str) -> str:
    with pytest.raises(UserError) as raised:
        cli.search(query)
    return str(raised.value)


@pytest.mark.parametrize("query", BAD)
def test_a_bad_query_shows_the_cli_message_and_no_script_error(browser_page, site_server, cli, query):
    page = browser_page
    open_search(page, site_server.url(), query)
    message = cli_message(cli, query)
    assert shown_message(page) == message
    assert page.is_visible("#dz-search .dz-search-error")
    shown = page.inner_text("#dz-search .dz-search-error")
    assert page.get_attribute("#dz-search .dz-error-message", "lang") == "zh-Hans", shown  # told in Chinese
    assert message not in shown  # and not also in the CLI's English
    assert page.locator(".dz-hit").count() == 0
    # browser_page fails the test on any script error


def test_a_bad_query_typed_into_the_form_is_reported_too(browser_page, site_server, cli):
    page = browser_page
    page.goto(site_server.url("search.html"))
    page.wait_for_selector("#dz-search[data-state=ready]")
    for query in ("x" * 10 * 1024, 'ab"c', ""):
        page.fill("#dz-q", query)
        page.click("button.dz-search-submit")
        wait_for_answer(page, query)
        assert shown_message(page) == cli_message(cli, query)
    page.fill("#dz-q", "三大攻坚战")  # and a good one clears the message
    page.click("button.dz-search-submit")
    wait_for_answer(page, "三大攻坚战")
    assert not page.is_visible("#dz-search .dz-search-error")
    assert [h["anchor"] for h in shown_hits(page)] == SANDA


# ---- links, the address, the keyboard -----------------------------------------------------------------------------

def test_every_result_link_navigates_to_its_anchor_and_back_returns_to_the_list(browser_page, site_server, cli):
    page = browser_page
    query = "three critical battles"
    open_search(page, site_server.url(), query)
    hits = shown_hits(page)
    assert len(hits) == len(expected_hits(cli, query)) == 6
    for k, hit in enumerate(hits):
        page.click(f".dz-hit >> nth={k} >> a.dz-hit-link")
        page.wait_for_selector("body.dz-ready")
        assert page.url == site_server.url(f"documents/{DOC_ID}.html#{hit['anchor']}")
        assert page.evaluate("document.querySelector(':target').id") == hit["anchor"]
        page.go_back()
        wait_for_answer(page, query)
        assert page.input_value("#dz-q") == query
        assert shown_hits(page) == hits


def test_the_query_is_in_the_address_and_the_back_button_walks_the_searches(browser_page, site_server):
    page = browser_page
    page.goto(site_server.url("search.html"))
    page.wait_for_selector("#dz-search[data-state=ready]")
    for query in ("三大攻坚战", "tuo1pin2", "six priorities"):
        page.fill("#dz-q", query)
        page.press("#dz-q", "Enter")
        wait_for_answer(page, query)
        assert address(page.url) == address(search_url(site_server.url(), query))
    page.go_back()
    wait_for_answer(page, "tuo1pin2")
    assert page.input_value("#dz-q") == "tuo1pin2"
    page.go_back()
    wait_for_answer(page, "三大攻坚战")
    assert [h["anchor"] for h in shown_hits(page)] == SANDA
    page.go_forward()
    wait_for_answer(page, "tuo1pin2")
    page.select_option("#dz-as", "chinese")  # the reading mode is in the address as well
    page.click("button.dz-search-submit")
    page.wait_for_url("**&as=chinese")
    wait_for_answer(page, "tuo1pin2")
    assert address(page.url) == address(search_url(site_server.url(), "tuo1pin2", "chinese"))
    assert page.locator(".dz-hit").count() == 0  # tuo1pin2 is not printed as such
    page.go_back()
    wait_for_answer(page, "tuo1pin2")
    assert page.input_value("#dz-as") == "auto" and page.locator(".dz-hit").count() == 8


def test_mode_in_the_address_reads_the_query_one_way_only(browser_page, site_server, cli):
    page = browser_page
    for mode in ("chinese", "pinyin", "english"):
        open_search(page, site_server.url(), "xian", mode)
        assert page.input_value("#dz-as") == mode
        try:
            expected = expected_hits(cli, "xian", mode)
        except UserError as err:
            assert shown_message(page) == str(err)
        else:
            assert shown_hits(page) == as_expected(expected, site_server.url())


def test_the_keyboard_alone_searches_and_opens_a_result(browser_page, site_server):
    page = browser_page
    page.goto(site_server.url("search.html"))
    page.wait_for_selector("#dz-search[data-state=ready]")
    assert page.evaluate("document.activeElement.id") == "dz-q"  # the field has the focus on arrival
    assert page.eval_on_selector("label[for=dz-q]", "n => n.textContent") == "检索词"
    page.keyboard.type("sandagongjianzhan")  # s and f are Material's shortcuts elsewhere: not in the field
    assert page.input_value("#dz-q") == "sandagongjianzhan"
    page.keyboard.press("Enter")
    wait_for_answer(page, "sandagongjianzhan")
    assert not page.is_checked("#__search")  # Material's own search box never takes over the page's query
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.dz-hit-link')"):
            break
    assert page.evaluate("document.activeElement.matches('a.dz-hit-link')")
    page.keyboard.press("Enter")
    page.wait_for_selector("body.dz-ready")
    assert page.evaluate("document.querySelector(':target').id") == SANDA[0]


# ---- the header's search box, on every page ---------------------------------------------------------------------

def header_search(page, query: str) -> dict:
    """Type a query into the header box (fill, then a key: Playwright's typing may not fire input) and read its
    dropdown once it has answered."""
    page.fill("#dz-head-q", query)
    page.press("#dz-head-q", "End")
    page.wait_for_function("() => { const f = document.getElementById('dz-head-search');"
                           " return f.dataset.state === 'done' || f.dataset.state === 'error'; }")
    return page.evaluate("""() => {
        const f = document.getElementById('dz-head-search');
        return {state: f.dataset.state, hits: +(f.dataset.hits || 0),
                shown: [...f.querySelectorAll('.dz-head-hit')].map(n => ({doc: n.dataset.doc, anchor: n.dataset.anchor,
                    field: n.dataset.field, start: +n.dataset.start, end: +n.dataset.end, as: n.dataset.as,
                    href: n.querySelector('a').href, match: n.querySelector('mark').textContent})),
                all: (f.querySelector('.dz-head-all a') || {}).href || null,
                error: (f.querySelector('.dz-head-error') || {}).innerText || null,
                message: (f.querySelector('.dz-head-error .dz-error-message') || {dataset: {}}).dataset.message || null,
                open: !document.getElementById('dz-head-results').hidden};
    }""")


def first_hits(cli, query: str, base: str, n: int = 5) -> list[dict]:
    return [{"doc": h["doc"], "anchor": h["anchor"], "field": h["field"], "start": h["start"], "end": h["end"],
             "as": h["as"], "href": base + h["path"], "match": h["match"]} for h in expected_hits(cli, query)[:n]]


HEADER_QUERIES = ["三大攻坚战", "脫貧攻堅", "tuopin", "poverty", "共同富裕", "吕梁"]


@pytest.mark.parametrize("query", HEADER_QUERIES)
def test_the_header_box_on_a_reading_page_finds_what_the_cli_finds(browser_page, site_server, cli, query):
    page = browser_page
    page.goto(site_server.url(f"documents/{DOC_ID}.html"))
    found = header_search(page, query)
    result = cli.search(query)
    assert found["state"] == "done" and found["open"]
    assert found["hits"] == result.totals["hits"]
    assert found["shown"] == first_hits(cli, query, site_server.url())
    if result.totals["hits"]:
        assert address(found["all"]) == address(search_url(site_server.url(), query))


def test_the_header_box_finds_the_poverty_terms_in_both_interfaces(browser_page, site_server, cli):
    """`poverty` found nothing in the Chinese interface's Material box: the exact search reads it as English."""
    page = browser_page
    for base in (site_server.url(), site_server.url("en/")):
        page.goto(base + "index.html")
        found = header_search(page, "poverty")
        assert found["hits"] == cli.search("poverty").totals["hits"] > 0
        assert found["shown"] == first_hits(cli, "poverty", base)


def test_no_page_loads_materials_search_and_the_data_only_when_the_box_is_used(browser_page, site_server):
    page = browser_page
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    for path in ("index.html", f"documents/{DOC_ID}.html", "glossary/index.html", "en/index.html"):
        page.goto(site_server.url(path))
        page.wait_for_load_state("load")
        assert page.locator("#dz-head-q").count() == 1
        assert page.locator("[data-md-component='search-query']").count() == 0
    assert not [u for u in requested if "search_index.json" in u or "/workers/search" in u or "lunr" in u]
    assert not [u for u in requested if "data/search/" in u]  # nothing loaded before the box is used
    header_search(page, "三大攻坚战")
    assert [u for u in requested if u.endswith("data/search/manifest.js")]


def test_a_bad_query_in_the_header_box_is_told_in_the_interfaces_language(browser_page, site_server, cli):
    page = browser_page
    page.goto(site_server.url("index.html"))
    found = header_search(page, "(脱贫 OR 攻坚")
    assert found["state"] == "error"
    assert found["error"] == "检索式有误：括号不成对：第 1 个字符处的“(”没有闭合"  # Chinese only: no English inside
    assert found["message"] == cli_message(cli, "(脱贫 OR 攻坚")
    page.goto(site_server.url("en/index.html"))
    found = header_search(page, "(脱贫 OR 攻坚")
    assert found["error"] == "Cannot search: " + cli_message(cli, "(脱贫 OR 攻坚")


def test_the_header_box_works_from_disk_and_opens_the_hit(chromium, built_site, cli):
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = built_site.as_uri() + "/"
    try:
        page.goto(base + f"documents/{DOC_ID}.html")
        for query in ("三大攻坚战", "脫貧攻堅", "tuopin", "poverty"):
            found = header_search(page, query)
            assert found["shown"] == first_hits(cli, query, base), query
        found = header_search(page, "三大攻坚战")
        page.click(".dz-head-hit a >> nth=0")
        page.wait_for_selector("body.dz-ready")
        assert page.url == f"{base}documents/{DOC_ID}.html#{SANDA[0]}"
        page.fill("#dz-head-q", "三大攻坚战")
        page.press("#dz-head-q", "Enter")  # Enter: the full results page
        page.wait_for_url(lambda url: "search.html" in url)
        wait_for_answer(page, "三大攻坚战")
        assert [h["anchor"] for h in shown_hits(page)] == SANDA
        assert not errors, errors
    finally:
        context.close()


def test_the_header_box_on_a_phone(chromium, site_server, cli):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                   has_touch=True)
    page = context.new_page()
    try:
        page.goto(site_server.url(f"documents/{DOC_ID}.html"))
        assert page.is_visible("#dz-head-q")
        found = header_search(page, "三大攻坚战")
        assert found["shown"] == first_hits(cli, "三大攻坚战", site_server.url())
        box = page.eval_on_selector("#dz-head-results", "n => { const r = n.getBoundingClientRect();"
                                    " return [r.left, r.right, innerWidth]; }")
        assert 0 <= box[0] and box[1] <= box[2]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "header-search-phone.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()


def test_phone_viewport_has_no_horizontal_scroll(chromium, site_server):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                   has_touch=True)
    page = context.new_page()
    try:
        open_search(page, site_server.url(), "three critical battles")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "search-phone.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()


# ---- from disk, other interface, privacy --------------------------------------------------------------------------------

def test_the_page_works_opened_from_disk(chromium, built_site, cli):
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = built_site.as_uri() + "/"
    try:
        for query in ("三大攻坚战", "tuo1pin2", "three critical battles"):
            open_search(page, base, query)
            assert shown_hits(page) == as_expected(expected_hits(cli, query), base)
        page.fill("#dz-q", "六保")  # a new search from the form changes the file:// address too
        page.press("#dz-q", "Enter")
        wait_for_answer(page, "六保")
        assert address(page.url) == address(search_url(base, "六保"))
        page.go_back()
        wait_for_answer(page, "three critical battles")
        page.click("a.dz-hit-link >> nth=0")
        page.wait_for_selector("body.dz-ready")
        assert page.url == f"{base}documents/{DOC_ID}.html#{SANDA[0]}"
        assert not errors, errors
    finally:
        context.close()


def test_the_english_interface_page_gives_the_same_hits_in_english(browser_page, site_server, cli):
    from build_scripts.search.output import totals_line

    page = browser_page
    base = site_server.url("en/")
    for query in ("三大攻坚战", "three critical battles", "sanda"):
        open_search(page, base, query)
        assert page.eval_on_selector("html", "n => n.lang") == "en"
        assert shown_hits(page) == as_expected(expected_hits(cli, query), base)
        result = cli.search(query)
        assert page.inner_text(".dz-totals strong") == totals_line(result, len(result.hits))
    assert page.inner_text("button.dz-search-submit") == "Search"
    open_search(page, base, "AND")
    assert page.inner_text("#dz-search .dz-search-error").startswith("Cannot search: ")
    assert shown_message(page) == cli_message(cli, "AND")


def test_no_request_leaves_the_site_and_the_data_comes_as_a_script(browser_page, site_server):
    page = browser_page
    for query in ("三大攻坚战", "sandagongjianzhan", "three critical battles", "三大功坚战", 'ab"c'):
        open_search(page, site_server.url(), query)
    open_search(page, site_server.url("en/"), "deputies")
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(site_server.origin).netloc}, hosts
    assert any(u.endswith("assets/duizhao/data/search/manifest.js") for u in page.requests)


# ---- the screenshot (speed is measured in benchmarks/, not in tests) ------------------------------------------------------------------------------------------

def test_screenshot_of_the_search_page(browser_page, site_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    open_search(page, site_server.url(), "三大攻坚战")
    page.screenshot(path=str(SCREENSHOTS / "search.png"))
    assert (SCREENSHOTS / "search.png").stat().st_size > 10_000
