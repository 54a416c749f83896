"""The search over the whole repository archive (the seed and the national reports, 1954–2025), in chromium: a query
loads the manifest and only the shards it needs, never the whole archive, and still gives the CLI's exact hits and
totals — over HTTP and from disk, at desktop and phone widths."""
from __future__ import annotations

from urllib.parse import quote

import pytest

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


@pytest.fixture(scope="module")
def cli():
    """`SearchIndex.search` over every block of the archive the site is built from (the scan backend: every
    backend gives its hits)."""
    from build_scripts.archive import load_archive
    from build_scripts.search.backends import ScanBackend
    from build_scripts.search.query import SearchIndex
    from build_scripts.search.records import build_records
    from build_scripts.terms.annotate import annotate, matcher_for
    from build_scripts.translation.translations import translations_for
    from tests.conftest import ROOT

    archive = load_archive()
    matcher = matcher_for(archive.glossary)
    for doc in archive.docs:
        annotate(doc, archive.glossary, matcher)
    infos, records = build_records(archive.docs, archive.glossary, translations_for())
    return SearchIndex(ROOT, glossary=archive.glossary, meta={"documents": [i.to_dict() for i in infos]},
                       backend=ScanBackend(infos, records))


def search_files(site) -> dict[str, int]:
    folder = site / "assets" / "duizhao" / "data" / "search"
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*.js")}


def engine_answer(page, query: str, limit: int = 20) -> dict:
    return page.evaluate("""async ([q, limit]) => { const r = await (await DZ.searchReady()).search(q, {limit});
        return {hits: r.hits.map(h => [h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as, h.match]),
                totals: r.totals, by_year: r.by_year, by_document: r.by_document}; }""", [query, limit])


def cli_answer(cli, query: str, limit: int = 20) -> dict:
    result = cli.search(query, limit=limit)
    return {"hits": [[h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as, h.match] for h in result.hits],
            "totals": result.totals, "by_year": result.by_year, "by_document": result.by_document}


def header_search(page, query: str) -> dict:
    page.fill("#dz-head-q", query)
    page.press("#dz-head-q", "End")  # fill, then a key: typed characters may not fire the box
    page.wait_for_function("q => { const f = document.getElementById('dz-head-search');"
                           " return (f.dataset.state === 'done' || f.dataset.state === 'error')"
                           " && document.getElementById('dz-head-q').value === q; }", arg=query)
    return page.evaluate("""() => { const f = document.getElementById('dz-head-search');
        return {hits: +(f.dataset.hits || 0), shown: [...f.querySelectorAll('.dz-head-hit')].map(n =>
            [n.dataset.doc, n.dataset.anchor, +n.dataset.start, +n.dataset.end])}; }""")


def test_a_query_loads_the_manifest_and_a_few_shards_not_the_archive(browser_page, site_server, built_site, cli):
    page = browser_page
    page.goto(site_server.url("documents/lvliang-2020-gwr.html"))
    page.wait_for_load_state("load")
    assert not [u for u in page.requests if "/data/search/" in u]  # nothing before the box is used
    found = header_search(page, "三大攻坚战")
    assert found["hits"] == cli.search("三大攻坚战", limit=0).totals["hits"] > 0
    loaded = [u.split("/data/search/")[1] for u in page.requests if "/data/search/" in u]
    sizes = search_files(built_site)
    assert "manifest.js" in loaded and all(name in sizes for name in loaded)
    kinds = {name.split("/")[0] for name in loaded if "/" in name}
    assert kinds <= {"c", "p", "t", "s", "r", "f"} and "c" in kinds
    # 三大攻坚战 is a glossary term: its first hits' blocks come in its f/ file, with the postings, not in r/ files
    assert [name for name in loaded if name.startswith("f/")] == [f"f/{term_number(built_site, '三大攻坚战')}.js"]
    assert not [name for name in loaded if name.startswith("r/")]
    assert sum(sizes[name] for name in loaded) < sum(sizes.values()) / 10, (loaded, sum(sizes.values()))


def term_number(site, term: str) -> int:
    """The glossary term's number in the site's search manifest."""
    import json

    source = (site / "assets" / "duizhao" / "data" / "search" / "manifest.js").read_text(encoding="utf-8")
    manifest = json.loads(source[source.index(",") + 1:source.rindex(")")])
    return next(t for t, entry in enumerate(manifest["terms"]) if entry["term"] == term)


@pytest.mark.parametrize("query", ["社会主义", "社會主義", "的", "脱贫 OR 扶贫", "改革 NOT 开放", "tuopin", "poverty", "GDP"])
def test_the_engine_over_shards_gives_the_clis_hits_and_totals_on_the_whole_archive(browser_page, site_server, cli,
                                                                                    query):
    page = browser_page
    page.goto(site_server.url("search.html"))
    assert engine_answer(page, query) == cli_answer(cli, query)


def test_socialism_counts_the_1954_reports_traditional_print(browser_page, site_server, cli):
    page = browser_page
    page.goto(site_server.url("search.html"))
    answer = engine_answer(page, "社会主义", limit=0)
    assert answer["by_document"]["gwr-1954"] == cli.search("社会主义", limit=0).by_document["gwr-1954"] > 0
    assert answer["by_year"]["1954"] > 0


@pytest.mark.parametrize("where", ["http", "disk"])
@pytest.mark.parametrize("size", ["desktop", "phone"], ids=["desktop", "phone"])
def test_search_page_and_header_box_on_the_whole_archive(chromium, site_server, built_site, cli, where, size):
    context = chromium.new_context(**(PHONE if size == "phone" else DESKTOP))
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = site_server.url() if where == "http" else built_site.as_uri() + "/"
    try:
        page.goto(base + "search.html?q=" + quote("社会主义"))
        page.wait_for_function("() => document.getElementById('dz-search').dataset.state === 'done'")
        result = cli.search("社会主义", limit=20)
        shown = page.eval_on_selector_all(".dz-hit", "ns => ns.map(n => [n.dataset.doc, n.dataset.anchor, "
                                          "+n.dataset.start, +n.dataset.end, n.dataset.as])")
        assert shown == [[h.doc_id, h.anchor, h.start, h.end, h.matched_as] for h in result.hits]
        assert int(page.get_attribute(".dz-totals", "data-hits")) == result.totals["hits"]
        assert page.locator("button.dz-more").count() == 1  # the rest on request, not loaded
        page.goto(base + "index.html")
        for query in ("社会主义", "脫貧攻堅", "的"):
            found = header_search(page, query)
            expected = cli.search(query, limit=5)
            assert found["hits"] == expected.totals["hits"]
            assert found["shown"] == [[h.doc_id, h.anchor, h.start, h.end] for h in expected.hits]
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("query", ["的", "社会主义", "经济 OR 經濟", "xian"])
def test_a_page_deep_in_the_hits_is_the_clis_page(browser_page, site_server, cli, query):
    """The "more" button asks for hits from an offset on: the blocks before it are counted, not made into hits."""
    page = browser_page
    page.goto(site_server.url("search.html"))
    total = cli.search(query, limit=0).totals["hits"]
    for offset in (0, 37, total // 2, max(0, total - 5)):
        got = page.evaluate("""async ([q, offset]) => { const r = await (await DZ.searchReady()).search(q,
            {offset, limit: 30, suggest: false});
            return [r.totals.hits, r.hits.map(h => [h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as,
                                                    h.left, h.match, h.right])]; }""", [query, offset])
        want = cli.search(query, offset=offset, limit=30, suggest=False)
        assert got == [total, [[h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as, h.left, h.match, h.right]
                               for h in want.hits]], offset


def test_a_frequent_characters_reading_counts_every_hit_and_names_its_printed_forms(browser_page, site_server, cli):
    """的 (every paragraph has it): its hits are counted without a span each; the count and the printed forms the
    page lists under "searched" are still every hit's."""
    page = browser_page
    page.goto(site_server.url("search.html"))
    readings = page.evaluate("""async () => (await (await DZ.searchReady()).search('的', {limit: 1})).readings""")
    assert [(r["term"], r["as"], r["found"], r["matched"]) for r in readings] == [
        ("的", "chinese", cli.search("的", limit=0).totals["hits"], ["的"])]
    both = page.evaluate("""async () => (await (await DZ.searchReady()).search('社會主義', {limit: 1})).readings""")
    assert both[0]["found"] == cli.search("社會主義", limit=0).totals["hits"]
    assert set(both[0]["matched"]) == {"社会主义", "社會主義"}  # the 1954 report prints it traditional
